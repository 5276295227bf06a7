#pragma once
// A plain HTTP GET for tests (the metrics endpoint), through cpp-httplib's client.
#include <optional>
#include <string>

namespace dnsclay::test {

struct HttpResponse {
    int status = 0;
    std::string content_type;
    std::string body;
};

// GET http://host:port/path with a short timeout; nothing if no connection or no answer.
std::optional<HttpResponse> http_get(const std::string& host, int port, const std::string& path);

} // namespace dnsclay::test
