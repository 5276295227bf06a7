// Rdata round trip: the first two bytes of the input pick the type, the rest is rdata read
// as if from a message. Whatever is accepted must print as text that parses back to the
// same bytes, and must survive the other conversions. Malformed input may only throw
// WireError.
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dnsclay::dns;
    if (size < 2 || size - 2 > 0xffff) return 0;
    auto type = static_cast<RRType>(data[0] << 8 | data[1]);
    std::span<const std::uint8_t> rdata(data + 2, size - 2);
    Bytes wire;
    try {
        WireReader reader(rdata);
        wire = rdata_from_wire(type, reader, static_cast<std::uint16_t>(rdata.size()));
    } catch (const WireError&) {
        return 0;
    }
    std::string text = rdata_to_text(type, wire);
    try {
        if (rdata_from_text(type, text, Name()) != wire) std::abort();
    } catch (const TextError&) {
        std::abort();
    }
    rdata_check(type, wire);
    if (!rdata_equal(type, wire, rdata_canonical(type, wire))) std::abort();
    WireWriter writer;
    rdata_to_wire(type, wire, writer);
    return 0;
}
