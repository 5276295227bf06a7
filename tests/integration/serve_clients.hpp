#pragma once
// What the UPDATE tests need around a ServeFixture: nsupdate run against it, the rcode it
// reports, and the zone's records as `dnsclay records list --json` and a TSIG-signed
// `kdig AXFR` show them, in one comparable form.
#include "tests/integration/serve_fixture.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace dnsclay::test {

enum class Transport { Udp, Tcp };

// `dnsclay --json cred add NAME --zone ZONE --tsig --algorithm ALGORITHM` on the fixture's
// state directory: the key as the administrator would hand it to a client.
TsigCred cli_tsig_key(const ServeFixture& f, const std::string& name, const std::string& algorithm,
                      const std::string& zone);

// nsupdate [-y KEY] [-v] with "server", "zone" and a final "send" around `commands` (one
// nsupdate command per line); unsigned without a key.
RunResult nsupdate(const ServeFixture& f, const std::optional<TsigCred>& key, Transport transport,
                   const std::string& zone, const std::string& commands);

// The rcode nsupdate reports for a failed update ("update failed: NXDOMAIN" gives
// "NXDOMAIN"), "NOERROR" when it succeeded, or its whole output when it says neither.
std::string nsupdate_rcode(const RunResult& r);

// Records as "owner TTL TYPE rdata" with absolute owners, SOA left out.
using RecordSet = std::set<std::string>;

// `dnsclay --json records list ZONE` on the fixture's state directory.
RecordSet listed_records(const ServeFixture& f, const std::string& zone);

// `kdig -y KEY ZONE AXFR`; fails the test unless the transfer is complete and verified.
RecordSet transferred_records(const ServeFixture& f, const TsigCred& key, const std::string& zone);

// What `kdig -y KEY ZONE IXFR=SERIAL` says changed since SERIAL; fails the test unless the
// answer is an incremental transfer (RFC 1995), complete and verified.
struct Difference {
    RecordSet removed;
    RecordSet added;
};
Difference transferred_difference(const ServeFixture& f, const TsigCred& key,
                                  const std::string& zone, std::uint32_t from_serial);

} // namespace dnsclay::test
