#include "lib/server/runtime.hpp"

#include "lib/dns/error.hpp"
#include "lib/dns/wire.hpp"

namespace dnsclay::server {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr unsigned kOpcodeQuery = 0;
constexpr unsigned kOpcodeUpdate = 5;
constexpr std::uint16_t kTypeIxfr = 251;
constexpr std::uint16_t kTypeAxfr = 252;

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

bool is_transfer(std::span<const std::uint8_t> request) {
    if (request.size() < kHeaderSize) return false;
    bool is_response = (request[2] & 0x80) != 0;
    unsigned opcode = (request[2] >> 3) & 0x0f;
    bool has_question = request[4] != 0 || request[5] != 0;
    if (is_response || opcode != kOpcodeQuery || !has_question) return false;
    try {
        dns::WireReader reader(request, kHeaderSize);
        reader.name();
        auto type = reader.u16();
        return type == kTypeAxfr || type == kTypeIxfr;
    } catch (const dns::WireError&) {
        return false;
    }
}

Route route_of(std::span<const std::uint8_t> request) {
    return {update_lane(request), is_transfer(request)};
}

} // namespace dnsclay::server
