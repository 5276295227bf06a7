#include "lib/http/client.hpp"

#include "dnsclay/version.hpp"
#include "lib/http/redact.hpp"
#include "lib/text/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <curl/curl.h>
#include <fmt/core.h>
#include <mutex>

namespace dnsclay::http {
namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    std::string line(data, size * n);
    auto* headers = static_cast<std::map<std::string, std::string>*>(user);
    // A new status line (after a redirect or "100 Continue"): the headers start again.
    if (line.rfind("HTTP/", 0) == 0) headers->clear();
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        auto name = text::ascii_lower(line.substr(0, colon));
        auto value = line.substr(colon + 1);
        auto first = value.find_first_not_of(" \t");
        auto last = value.find_last_not_of(" \t\r\n");
        (*headers)[name] = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    }
    return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel && cancel->load() ? 1 : 0;
}

struct SList {
    curl_slist* list = nullptr;
    ~SList() { curl_slist_free_all(list); }
    void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

// What one curl_easy_perform came to.
struct Attempt {
    CURLcode code = CURLE_OK;
    std::string error;
    bool sent = false; // some of the request left this host
    Response response;
};

// Errors no retry can mend: the answer would be the same.
bool permanent(CURLcode code) {
    switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_TOO_MANY_REDIRECTS:
        return true;
    default:
        return false;
    }
}

std::string trace_request(const Request& req, const std::vector<std::string>& secrets,
                          int attempt) {
    std::string out = fmt::format("> {} {}{}\n", req.method, redact_query(req.url),
                                  attempt > 1 ? fmt::format(" (try {})", attempt) : "");
    for (const auto& [name, value] : req.headers)
        out += fmt::format("> {}: {}\n", name, secret_name(name) ? kRedacted : value);
    if (!req.body.empty()) out += redact_body(req.body) + "\n";
    return redact_values(std::move(out), secrets);
}

std::string trace_response(const Request& req, const Attempt& a,
                           const std::vector<std::string>& secrets) {
    if (a.code != CURLE_OK)
        return redact_values(
            fmt::format("< {} {}: no answer: {}\n", req.method, redact_url(req.url), a.error),
            secrets);
    std::string out =
        fmt::format("< {} for {} {}\n", a.response.status, req.method, redact_url(req.url));
    for (const auto& [name, value] : a.response.headers)
        out += fmt::format("< {}: {}\n", name, secret_name(name) ? kRedacted : value);
    if (!a.response.body.empty()) out += redact_body(a.response.body) + "\n";
    return redact_values(std::move(out), secrets);
}

} // namespace

bool Request::is_idempotent() const {
    if (idempotent) return *idempotent;
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
           method == "OPTIONS";
}

struct Client::Impl {
    ClientOptions options;
    CURL* curl = nullptr;

    const Timing& timing() const { return options.timing ? *options.timing : real_timing(); }
    bool cancelled() const { return options.cancel && options.cancel->load(); }
    Attempt perform(const Request& req);
    void wait(std::chrono::milliseconds d, const Request& req);
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>()) {
    global_init();
    impl_->options = std::move(options);
    if (impl_->options.user_agent.empty())
        impl_->options.user_agent = std::string("dnsclay/") + kVersion;
    impl_->curl = curl_easy_init();
    if (!impl_->curl) throw HttpError("cannot initialize libcurl");
}

Client::~Client() {
    curl_easy_cleanup(impl_->curl);
}

// curl_easy_reset keeps the handle's connection cache, so the next request to the same
// host reuses the open connection.
Attempt Client::Impl::perform(const Request& req) {
    const auto& o = options;
    if (o.transport) {
        Attempt a;
        a.sent = true;
        a.response = o.transport(req);
        return a;
    }
    CURL* c = curl;
    curl_easy_reset(c);
    Attempt a;
    char errbuf[CURL_ERROR_SIZE] = {0};
    SList headers;
    for (const auto& [name, value] : req.headers)
        headers.add(name + ": " + value);
    // An empty Expect keeps libcurl from waiting for "100 Continue" before a body.
    headers.add("Expect:");

    curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    }
    if (req.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(c, CURLOPT_USERAGENT, o.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout.count() * 1000));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(o.connect_timeout.count() * 1000));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (!o.proxy.empty()) curl_easy_setopt(c, CURLOPT_PROXY, o.proxy.c_str());
    if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.response.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &a.response.headers);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, o.cancel);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);

    a.code = curl_easy_perform(c);
    long request_size = 0;
    curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
    a.sent = request_size > 0;
    if (a.code != CURLE_OK)
        a.error = redact_values(errbuf[0] ? errbuf : curl_easy_strerror(a.code), o.secrets);
    else
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.response.status);
    return a;
}

void Client::Impl::wait(std::chrono::milliseconds d, const Request& req) {
    if (d.count() > 0) timing().sleep(d, options.cancel);
    if (cancelled())
        throw HttpError(
            fmt::format("{} {}: cancelled (shutting down)", req.method, redact_url(req.url)));
}

Response Client::send(const Request& req) {
    auto& impl = *impl_;
    const auto& policy = impl.options.retry;
    const auto& secrets = impl.options.secrets;
    std::string where = fmt::format("{} {}", req.method, redact_url(req.url));
    for (int attempt = 1;; ++attempt) {
        if (impl.options.limiter)
            impl.wait(impl.options.limiter->reserve(impl.timing().now()), req);
        if (tracing()) trace(trace_request(req, secrets, attempt));
        Attempt a = impl.perform(req);
        if (tracing()) trace(trace_response(req, a, secrets));
        a.response.attempts = attempt;
        bool more = attempt <= policy.retries;
        auto backoff = [&] { return backoff_delay(policy, attempt, impl.timing().random()); };

        if (a.code != CURLE_OK) {
            if (a.code == CURLE_ABORTED_BY_CALLBACK || impl.cancelled())
                throw HttpError(fmt::format("{}: cancelled (shutting down)", where));
            bool safe = !a.sent || req.is_idempotent();
            if (!safe)
                throw OutcomeUnknown(fmt::format(
                    "{}: {} after the request was sent; it may or may not have been carried out",
                    where, a.error));
            if (permanent(a.code) || !more)
                throw HttpError(
                    fmt::format("{}: {}{}", where, a.error,
                                attempt > 1 ? fmt::format(" ({} tries)", attempt) : ""));
            impl.wait(backoff(), req);
            continue;
        }

        long status = a.response.status;
        if (status == 429 || status == 503 ||
            (impl.options.try_again_later && impl.options.try_again_later(a.response))) {
            // The server says it did not act on the request, so any method may be re-sent.
            auto it = a.response.headers.find("retry-after");
            std::optional<std::chrono::seconds> asked;
            if (it != a.response.headers.end())
                asked = parse_retry_after(it->second, impl.timing().wall());
            if (!more || (asked && *asked > policy.max_retry_after)) return a.response;
            impl.wait(asked ? std::chrono::duration_cast<std::chrono::milliseconds>(*asked)
                            : backoff(),
                      req);
            continue;
        }
        if (status >= 500) {
            if (!req.is_idempotent())
                throw OutcomeUnknown(fmt::format(
                    "{}: the server failed (HTTP {}); the request may or may not have been "
                    "carried out",
                    where, status));
            if (!more) return a.response;
            impl.wait(backoff(), req);
            continue;
        }
        return a.response;
    }
}

std::string redact_url(const std::string& url) {
    auto end = url.find_first_of("?#");
    std::string out = url.substr(0, end);
    // user:password@ in the authority
    auto scheme = out.find("://");
    auto start = scheme == std::string::npos ? 0 : scheme + 3;
    auto slash = out.find('/', start);
    auto at = out.rfind('@', slash == std::string::npos ? std::string::npos : slash);
    if (at != std::string::npos && at >= start) out.erase(start, at + 1 - start);
    return out;
}

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      std::chrono::system_clock::time_point now) {
    if (value.empty()) return std::nullopt;
    if (value.find_first_not_of("0123456789") == std::string::npos) {
        if (value.size() > 9) return std::chrono::seconds(999'999'999);
        return std::chrono::seconds(std::stol(value));
    }
    time_t when = curl_getdate(value.c_str(), nullptr);
    if (when < 0) return std::nullopt;
    auto diff = std::chrono::system_clock::from_time_t(when) - now;
    if (diff < std::chrono::seconds(0)) return std::chrono::seconds(0);
    return std::chrono::ceil<std::chrono::seconds>(diff);
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double random) {
    double full =
        static_cast<double>(policy.base_delay.count()) * std::pow(2.0, std::min(attempt - 1, 30));
    full = std::min(full, static_cast<double>(policy.max_delay.count()));
    return std::chrono::milliseconds(static_cast<long>(full / 2 + full / 2 * random));
}

} // namespace dnsclay::http
