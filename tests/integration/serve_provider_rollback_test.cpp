// An UPDATE through `dnsclay serve` to a zone on a provider without atomic change sets
// (hetzner, against its fake), whose operator fails the second write of the change set:
// the client gets SERVFAIL with an Extended DNS Error saying the change was rolled back,
// and the operator holds exactly what it held before.
#include "lib/dns/tsig.hpp"
#include "tests/integration/serve_clients.hpp"
#include "tests/support/dns_client.hpp"
#include "tests/support/fake_hetzner.hpp"

#include <catch2/catch.hpp>
#include <ctime>

using namespace dnsclay;
using namespace dnsclay::test;

namespace {

const std::string kZone = "example.test.";

// An UPDATE adding one record to each of two rrsets, signed with `key`.
dns::Bytes two_rrset_update(const TsigCred& key) {
    auto m = update_adding(kZone, "a.example.test. 300 A 192.0.2.21");
    auto second = update_adding(kZone, "b.example.test. 300 TXT \"second\"");
    m.authorities.push_back(second.authorities.front());
    auto wire = m.to_wire();
    dns::tsig_sign_request(wire, dns::TsigKey::parse(key.spec()),
                           static_cast<std::uint64_t>(std::time(nullptr)));
    return wire;
}

} // namespace

TEST_CASE("serve: an UPDATE a non-atomic provider fails midway is rolled back and says so",
          "[serve][provider]") {
    FakeHetzner fake;
    fake.seed("@", "NS", 3600, {"hydrogen.ns.hetzner.com."});
    fake.seed("www", "A", 300, {"192.0.2.1"});
    ServeFixture f;
    // No retries and no pacing: the injected failure is final, and nothing waits.
    write_file(f.state_dir() + "/config.toml",
               "[http]\nretries = 0\nrate_limits = { hetzner = \"0/s\" }\n");
    auto added =
        run({DNSCLAY_BIN, "--state-dir", f.state_dir(), "zone", "add", kZone, "--provider",
             "hetzner", "--set", "api_token=hz-token", "--set", "endpoint=" + fake.endpoint()});
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    auto key = cli_tsig_key(f, "writer", "hmac-sha256", kZone);
    f.start();
    const auto before = fake.state();
    const auto records_before = listed_records(f, kZone);
    REQUIRE(records_before.count("www.example.test. 300 A 192.0.2.1") == 1);

    // nsupdate: the first rrset is created, the second create fails, the first is undone
    fake.api.fail_call(2, Fault{FaultKind::Status500}, {"POST"});
    auto r = send_update(f, key, {Tool::Nsupdate, Transport::Udp}, kZone,
                         "update add a.example.test. 300 A 192.0.2.21\n"
                         "update add b.example.test. 300 TXT \"second\"");
    CHECK(update_rcode(r) == "SERVFAIL");
    CHECK(fake.state() == before);

    // the same over the wire, to read the Extended DNS Error
    fake.api.fail_call(2, Fault{FaultKind::Status500}, {"POST"});
    auto answer = dns::Message::parse(udp_exchange("127.0.0.1", f.port(), two_rrset_update(key)));
    CHECK(dns::to_string(answer.rcode) == "SERVFAIL"); // (httplib.h defines SERVFAIL)
    REQUIRE(answer.edns);
    auto edes = answer.edns->extended_errors();
    REQUIRE(edes.size() == 1);
    CHECK(edes[0].info_code == static_cast<std::uint16_t>(dns::EdeCode::NETWORK_ERROR));
    CHECK_THAT(edes[0].text, Catch::Contains("was rolled back"));
    CHECK_THAT(edes[0].text, Catch::Contains("Hetzner API"));
    CHECK_THAT(edes[0].text, !Catch::Contains("hz-token"));
    CHECK(fake.state() == before);
    CHECK(listed_records(f, kZone) == records_before);

    // and without a failure the same UPDATE goes through
    auto ok = send_update(f, key, {Tool::Nsupdate, Transport::Udp}, kZone,
                          "update add a.example.test. 300 A 192.0.2.21\n"
                          "update add b.example.test. 300 TXT \"second\"");
    CHECK(update_rcode(ok) == "NOERROR");
    CHECK(fake.state().count("a 300 A 192.0.2.21") == 1);
    CHECK(fake.state().count("b 300 TXT \"second\"") == 1);
}
