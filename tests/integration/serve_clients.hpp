#pragma once
// What the UPDATE tests need around a ServeFixture: nsupdate and knsupdate run against it,
// the rcode they report, and the zone's records as `dnsclay records list --json` and a TSIG-signed
// `kdig AXFR` show them, in one comparable form.
#include "lib/dns/message.hpp"
#include "tests/integration/serve_fixture.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace dnsclay::test {

enum class Transport { Udp, Tcp };
enum class Tool { Nsupdate, Knsupdate }; // BIND's and Knot's

struct Updater {
    Tool tool;
    Transport transport;
    std::string name() const; // "nsupdate over UDP"
};

// `dnsclay --json cred add NAME --zone ZONE --tsig --algorithm ALGORITHM` on the fixture's
// state directory: the key as the administrator would hand it to a client.
TsigCred cli_tsig_key(const ServeFixture& f, const std::string& name, const std::string& algorithm,
                      const std::string& zone);

// Runs the updater ([-y KEY] [-v]) with "server", "zone" and a final "send" around
// `commands` (one command per line, in the syntax both tools share); unsigned without a key.
RunResult send_update(const ServeFixture& f, const std::optional<TsigCred>& key,
                      const Updater& updater, const std::string& zone, const std::string& commands);

// The rcode the tool reports for a failed update (nsupdate's "update failed: NXDOMAIN",
// knsupdate's "update failed with error 'NXDOMAIN'") with the TSIG error if there was one
// ("NOTAUTH(BADSIG)"), "NOERROR" when it succeeded, or its whole output when it says
// neither.
std::string update_rcode(const RunResult& r);

// An UPDATE (id 4242) of `zone` adding one record given as "owner TTL TYPE rdata", with
// EDNS so the answer can carry an Extended DNS Error.
dns::Message update_adding(const std::string& zone, const std::string& line);

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
