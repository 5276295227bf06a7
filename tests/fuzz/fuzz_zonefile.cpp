// Reading arbitrary text as a zone file: must never crash or hang, and whatever it accepts
// must survive our writer: write, read again, same records (the SOA moved first).
#include "lib/dns/error.hpp"
#include "lib/dns/zonefile.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dnsclay::dns;
    const Name origin = Name::parse("example.test.");
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<Record> records;
    try {
        records = read_zone_file(text, origin);
    } catch (const TextError&) {
        return 0;
    }
    std::stable_partition(records.begin(), records.end(),
                          [](const Record& r) { return r.type == RRType::SOA; });
    std::string written = write_zone_file(records, origin);
    try {
        if (read_zone_file(written, origin) != records) std::abort();
    } catch (const TextError&) {
        std::abort(); // our own output must always read back
    }
    return 0;
}
