// Rdata text reader: the first two bytes of the input pick the type, the rest is the text.
// Text that is accepted must print as canonical text that reads back to the same bytes;
// anything else may only throw TextError.
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dnsclay::dns;
    if (size < 2) return 0;
    auto type = static_cast<RRType>(data[0] << 8 | data[1]);
    std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
    static const Name origin = Name::parse("origin.example.");
    Bytes wire;
    try {
        wire = rdata_from_text(type, text, origin);
    } catch (const TextError&) {
        return 0;
    }
    rdata_check(type, wire);
    try {
        if (rdata_from_text(type, rdata_to_text(type, wire), origin) != wire) std::abort();
    } catch (const TextError&) {
        std::abort();
    }
    return 0;
}
