#include "tests/support/fake_api.hpp"

#include <algorithm>
#include <stdexcept>

namespace dnsclay::test {

FakeApi::FakeApi() {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
        dispatch(req, res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Patch(".*", handler);
    server_.Delete(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("fake API: cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeApi::~FakeApi() {
    server_.stop();
    thread_.join();
}

std::string FakeApi::url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

void FakeApi::route(const std::string& method, const std::string& pattern, Handler handler) {
    std::lock_guard lock(mutex_);
    routes_.push_back({method, std::regex(pattern), std::move(handler)});
}

void FakeApi::require_auth(std::function<bool(const httplib::Request&)> ok, int status,
                           std::string body) {
    std::lock_guard lock(mutex_);
    auth_ok_ = std::move(ok);
    auth_status_ = status;
    auth_body_ = std::move(body);
}

void FakeApi::set_error_body(int status, std::string body) {
    std::lock_guard lock(mutex_);
    error_status_ = status;
    error_body_ = std::move(body);
}

void FakeApi::fail_call(int n, Fault fault, std::vector<std::string> methods) {
    std::lock_guard lock(mutex_);
    faults_.push_back({n, 1, fault, std::move(methods), 0});
}

void FakeApi::fail_next(Fault fault, int times, std::vector<std::string> methods) {
    std::lock_guard lock(mutex_);
    faults_.push_back({1, times, fault, std::move(methods), 0});
}

void FakeApi::clear_faults() {
    std::lock_guard lock(mutex_);
    faults_.clear();
}

std::vector<std::string> FakeApi::requests() const {
    std::lock_guard lock(mutex_);
    return log_;
}

std::size_t FakeApi::request_count() const {
    std::lock_guard lock(mutex_);
    return log_.size();
}

std::vector<int> FakeApi::client_ports() const {
    std::lock_guard lock(mutex_);
    return ports_;
}

void FakeApi::clear_log() {
    std::lock_guard lock(mutex_);
    log_.clear();
    ports_.clear();
}

std::pair<std::size_t, std::size_t> FakeApi::page_bounds(std::size_t n, std::size_t page,
                                                         std::size_t size) const {
    if (size == 0) size = page_size;
    std::size_t first = std::min(n, (page == 0 ? 0 : page - 1) * size);
    return {first, std::min(n, first + size)};
}

std::size_t FakeApi::asked_page_size(const httplib::Request& req, const std::string& param) const {
    if (!req.has_param(param)) return page_size;
    try {
        return std::clamp<std::size_t>(std::stoul(req.get_param_value(param)), 1, page_size);
    } catch (const std::exception&) {
        return page_size;
    }
}

void FakeApi::send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

// Called with the mutex held. True if a fault answered the request.
bool FakeApi::inject(const httplib::Request& req, httplib::Response& res, bool& reset_after) {
    auto counts = [&](const Pending& f) {
        return f.methods.empty() ||
               std::find(f.methods.begin(), f.methods.end(), req.method) != f.methods.end();
    };
    // Every pending fault counts the request, whichever of them fires.
    for (auto& f : faults_)
        if (counts(f)) ++f.seen;
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
        auto& f = *it;
        if (!counts(f) || f.seen < f.at) continue;
        Fault fault = f.fault;
        if (--f.times <= 0) faults_.erase(it);
        switch (fault.kind) {
        case FaultKind::Status500:
            send_json(res, 500, error_body_);
            return true;
        case FaultKind::RateLimited:
            res.set_header("Retry-After", fault.retry_after);
            send_json(res, 429, R"({"error":"rate limited"})");
            return true;
        case FaultKind::Slow:
            mutex_.unlock();
            std::this_thread::sleep_for(fault.delay);
            mutex_.lock();
            return false; // then answered as usual
        case FaultKind::Reset:
            reset(res);
            return true;
        case FaultKind::ResetAfter:
            reset_after = true;
            return false;
        case FaultKind::Malformed:
            send_json(res, 200, "{\"result\": [ this is not json");
            return true;
        }
    }
    return false;
}

void FakeApi::answer(const httplib::Request& req, httplib::Response& res) {
    if (auth_ok_ && !auth_ok_(req)) {
        send_json(res, auth_status_, auth_body_);
        return;
    }
    for (const auto& r : routes_) {
        std::smatch m;
        if (r.method == req.method && std::regex_match(req.path, m, r.pattern)) {
            r.handler(req, res, m);
            return;
        }
    }
    send_json(res, 404, R"({"error":"not found"})");
}

// Promises a body and sends none: the client sees the connection end mid-answer.
void FakeApi::reset(httplib::Response& res) {
    res = httplib::Response();
    res.status = 200;
    res.set_content_provider(100, "application/json",
                             [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
}

void FakeApi::dispatch(const httplib::Request& req, httplib::Response& res) {
    std::unique_lock lock(mutex_);
    std::string target = req.method + " " + req.path;
    std::string query;
    for (const auto& [k, v] : req.params)
        query += (query.empty() ? "?" : "&") + k + "=" + v;
    log_.push_back(target + query);
    ports_.push_back(req.remote_port);
    bool reset_after = false;
    if (inject(req, res, reset_after)) return;
    answer(req, res);
    if (reset_after) reset(res);
}

} // namespace dnsclay::test
