#include "lib/server/address.hpp"

#include <charconv>
#include <fmt/core.h>
#include <stdexcept>

namespace dnsclay::server {

ListenAddress parse_listen_address(const std::string& text) {
    auto bad = [&] {
        return std::invalid_argument("'" + text +
                                     "' is not ADDR:PORT (IPv6 in brackets: [::1]:8053)");
    };
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) throw bad();
    std::string host = text.substr(0, colon);
    std::string port_text = text.substr(colon + 1);
    if (host.front() == '[') {
        if (host.back() != ']') throw bad();
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string::npos) {
        throw bad(); // an IPv6 address without brackets: the port would be ambiguous
    }
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
        port_text.empty())
        throw bad();
    asio::error_code aec;
    auto address = asio::ip::make_address(host, aec);
    if (aec) throw bad();
    return {address, static_cast<unsigned short>(port)};
}

std::string format_endpoint(const asio::ip::address& address, unsigned short port) {
    if (address.is_v6()) return fmt::format("[{}]:{}", address.to_string(), port);
    // IPv4 by hand: the UDP listener formats every client's address, and asio's
    // to_string (inet_ntop, sprintf) showed in profiles.
    auto b = address.to_v4().to_bytes();
    return fmt::format("{}.{}.{}.{}:{}", b[0], b[1], b[2], b[3], port);
}

} // namespace dnsclay::server
