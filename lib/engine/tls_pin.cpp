#include "lib/engine/tls_pin.hpp"

#include "lib/dns/encoding.hpp"

namespace dnsclay::engine {

std::string pin_to_base64(const std::vector<std::uint8_t>& pin) {
    std::string out;
    dns::base64_encode(pin, out);
    return out;
}

} // namespace dnsclay::engine
