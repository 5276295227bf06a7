#include "tests/support/http_get.hpp"

#include <httplib.h>

namespace dnsclay::test {

std::optional<HttpResponse> http_get(const std::string& host, int port, const std::string& path) {
    httplib::Client client(host, port);
    client.set_connection_timeout(2);
    client.set_read_timeout(5);
    auto res = client.Get(path);
    if (!res) return std::nullopt;
    return HttpResponse{res->status, res->get_header_value("Content-Type"), res->body};
}

} // namespace dnsclay::test
