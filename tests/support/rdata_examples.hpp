#pragma once
// Rdata of every supported type in text, with the wire bytes it must give (built
// independently from the RFCs' examples: RFC 1876, 3123, 3403, 4034, 5155, 6698, 6742,
// 7043, 7477, 7553, 8659, 8976, 9460 Appendix D) and the canonical text we print for it.
// Shared by the unit tests and the cross-checks against BIND, Knot and ldns.
#include "lib/dns/types.hpp"

#include <string>
#include <vector>

namespace dnsclay::test {

struct RdataExample {
    dns::RRType type;
    std::string text;      // as a zone file may write it
    std::string wire;      // lower-case hex
    std::string canonical; // what rdata_to_text prints
};

const std::vector<RdataExample>& rdata_examples();

} // namespace dnsclay::test
