// Decompressing names from arbitrary bytes: every offset of the input is tried as the
// start of a name. Must never crash; a name read must re-parse from its text form.
#include "lib/dns/error.hpp"
#include "lib/dns/wire.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dnsclay::dns;
    std::span<const std::uint8_t> input(data, size);
    for (std::size_t start = 0; start < size && start < 64; ++start) {
        try {
            WireReader reader(input, start);
            Name n = reader.name();
            if (Name::parse(n.to_string()) != n) std::abort();
        } catch (const WireError&) {
        }
    }
    return 0;
}
