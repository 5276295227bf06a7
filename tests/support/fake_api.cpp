#include "tests/support/fake_api.hpp"

#include <algorithm>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <stdexcept>

namespace dnsclay::test {
namespace {

// Everything the client sent, on one line.
std::string request_text(const httplib::Request& req) {
    std::string out = req.method + " " + req.path;
    std::string query;
    for (const auto& [name, value] : req.params)
        query += (query.empty() ? "?" : "&") + name + "=" + value;
    out += query;
    for (const auto& [name, value] : req.headers)
        out += "; " + name + ": " + value;
    if (!req.body.empty()) out += "; body: " + req.body;
    return out;
}

// Appends " " + echo to every string in `v`; false if it holds none.
bool append_to_strings(rapidjson::Value& v, const std::string& echo,
                       rapidjson::Document::AllocatorType& alloc) {
    if (v.IsString()) {
        std::string text = std::string(v.GetString(), v.GetStringLength()) + " " + echo;
        v.SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
        return true;
    }
    bool any = false;
    if (v.IsObject())
        for (rapidjson::SizeType i = 0; i < v.MemberCount(); ++i) // (no iterator ==: clang)
            any = append_to_strings((v.MemberBegin() + i)->value, echo, alloc) || any;
    if (v.IsArray())
        for (auto& e : v.GetArray())
            any = append_to_strings(e, echo, alloc) || any;
    return any;
}

std::string xml_escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else
            out += c;
    }
    return out;
}

// `body` with `echo` after each of its texts: the string values of a JSON document, else
// the text nodes of an XML one; a body with neither gets `echo` as its whole.
std::string echoed(const std::string& body, const std::string& echo) {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (!doc.HasParseError()) {
        if (!append_to_strings(doc, echo, doc.GetAllocator())) return echo;
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        doc.Accept(w);
        return buf.GetString();
    }
    std::string out;
    bool any = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        out += body[i];
        if (body[i] != '>') continue;
        auto next = body.find('<', i + 1);
        if (next == std::string::npos || next == i + 1) continue;
        out += body.substr(i + 1, next - i - 1) + " " + xml_escaped(echo);
        i = next - 1;
        any = true;
    }
    return any ? out : echo;
}

} // namespace

FakeApi::FakeApi() {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
        dispatch(req, res);
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Patch(".*", handler);
    server_.Delete(".*", handler);
    // Answers are written in more than one send(): without TCP_NODELAY each waits for the
    // client's delayed ACK of the first (about 40 ms a request on loopback).
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("fake API: cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeApi::~FakeApi() {
    stop();
}

void FakeApi::stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
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

std::string FakeApi::joined(const std::vector<std::string>& items, std::size_t first,
                            std::size_t last) {
    std::string out;
    for (auto i = first; i < last; ++i)
        out += (out.empty() ? "" : ",") + items[i];
    return out;
}

void FakeApi::require_header(const std::string& name, std::string value, int status,
                             std::string body) {
    require_auth([name, value = std::move(value)](
                     const httplib::Request& req) { return req.get_header_value(name) == value; },
                 status, std::move(body));
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
        case FaultKind::Status:
            res.status = fault.status;
            res.set_content(fault.body,
                            fault.body.rfind('<', 0) == 0 ? "application/xml" : "application/json");
            return true;
        case FaultKind::EchoRequest: {
            bool auth = fault.status == 401 || fault.status == 403;
            const auto& body = auth ? auth_body_ : error_body_;
            res.status = fault.status;
            res.set_content(echoed(body, request_text(req)),
                            body.rfind('<', 0) == 0 ? "application/xml" : "application/json");
            return true;
        }
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
