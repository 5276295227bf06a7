// Parsing arbitrary bytes as a message must never crash; whatever parses must rebuild into
// wire form that parses back to the same message.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "lib/dns/rdata.hpp"

#include <cstdlib>
#include <limits>

namespace {

using namespace dnsclay::dns;

// Compression on write may point a name inside rdata at an earlier name spelled in another
// case, so rdata is compared in canonical (lower-case) form; owner names already compare
// case-insensitively. tsig_offset says where the TSIG sat in the input, so it is left out.
Message comparable(Message m) {
    for (auto* section : {&m.answers, &m.authorities, &m.additionals})
        for (auto& r : *section)
            if (!r.rdata.empty()) r.rdata = rdata_canonical(r.type, r.rdata);
    m.tsig_offset = 0;
    return m;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Message m;
    try {
        m = Message::parse({data, size});
    } catch (const WireError&) {
        return 0;
    }
    try {
        // No size limit: input compressed harder than we compress may grow past 64 KiB, and
        // truncation is not what this target checks.
        Bytes wire = m.to_wire(std::numeric_limits<std::size_t>::max());
        if (!(comparable(Message::parse(wire)) == comparable(m))) std::abort();
    } catch (const WireError&) {
        std::abort();
    }
    return 0;
}
