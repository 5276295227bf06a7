#include "lib/server/runtime.hpp"

#include "lib/dns/error.hpp"
#include "lib/dns/wire.hpp"

namespace dnsclay::server {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr unsigned kOpcodeUpdate = 5;

} // namespace

std::optional<std::string> update_lane(std::span<const std::uint8_t> request) {
    if (request.size() < kHeaderSize) return std::nullopt;
    bool is_response = (request[2] & 0x80) != 0;
    unsigned opcode = (request[2] >> 3) & 0x0f;
    if (is_response || opcode != kOpcodeUpdate) return std::nullopt;
    try {
        return dns::WireReader(request, kHeaderSize).name().canonical().to_string();
    } catch (const dns::WireError&) {
        return std::nullopt;
    }
}

} // namespace dnsclay::server
