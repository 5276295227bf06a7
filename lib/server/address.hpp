#pragma once
// Listen addresses as written in config.toml and on the command line: "ADDR:PORT", with
// IPv6 addresses in brackets ("[::1]:8053").
#include <asio.hpp>

#include <string>

namespace dnsclay::server {

// Throws std::invalid_argument naming the text if it is not an address and port.
struct ListenAddress {
    asio::ip::address address;
    unsigned short port = 0;
};
ListenAddress parse_listen_address(const std::string& text);

// "ADDR:PORT" or "[ADDR]:PORT".
std::string format_endpoint(const asio::ip::address& address, unsigned short port);
template <typename Endpoint> std::string format_endpoint(const Endpoint& ep) {
    return format_endpoint(ep.address(), ep.port());
}

} // namespace dnsclay::server
