#include "lib/http/client.hpp"

#include "dnsclay/version.hpp"

#include <algorithm>
#include <cctype>
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
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto value = line.substr(colon + 1);
        auto first = value.find_first_not_of(" \t");
        auto last = value.find_last_not_of(" \t\r\n");
        (*static_cast<std::map<std::string, std::string>*>(user))[name] =
            first == std::string::npos ? "" : value.substr(first, last - first + 1);
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

} // namespace

struct Client::Impl {
    ClientOptions options;
    CURL* curl = nullptr;
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

Response Client::send(const Request& req) {
    CURL* c = impl_->curl;
    const auto& o = impl_->options;
    curl_easy_reset(c);
    Response resp;
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
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &resp.headers);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, o.cancel);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);

    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_ABORTED_BY_CALLBACK)
        throw HttpError(
            fmt::format("{} {}: cancelled (shutting down)", req.method, redact_url(req.url)));
    if (rc != CURLE_OK)
        throw HttpError(fmt::format("{} {}: {}", req.method, redact_url(req.url),
                                    errbuf[0] ? errbuf : curl_easy_strerror(rc)));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
    return resp;
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

} // namespace dnsclay::http
