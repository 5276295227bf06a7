// DNS-over-TLS (RFC 7858) with kdig: the server key pinned with +tls-pin, and client keys
// (+tls-certfile/+tls-keyfile) as credentials identified by their SPKI pin, for transfers
// and (with our own TLS client, as kdig sends no UPDATE) for UPDATE.
#include "lib/dns/tsig.hpp"
#include "lib/server/tls_identity.hpp"
#include "tests/integration/serve_clients.hpp"
#include "tests/support/tls_client.hpp"

#include <catch2/catch.hpp>
#include <ctime>

using namespace dnsclay::test;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct ClientKey {
    std::string key;
    std::string cert;
};

ClientKey make_client_key(const TempDir& dir, const std::string& name) {
    ClientKey k{dir / (name + ".key"), dir / (name + ".crt")};
    auto r =
        run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", k.key, "-out", k.cert, "-subj", "/CN=" + name, "-days", "2"});
    REQUIRE(r.exit_code == 0);
    return k;
}

} // namespace

TEST_CASE("serve answers over TLS with the pinned server key", "[serve][tls]") {
    ServeFixture f;
    f.add_zone("example.test.");
    f.start();
    auto pin = f.pin();
    CHECK(pin.size() == 44); // base64 of 32 bytes
    CHECK(has(f.log(), pin));
    auto ok = f.kdig({"+tls-pin=" + pin, "example.test.", "SOA"}, true);
    CHECK(ok.exit_code == 0);
    CHECK(has(ok.out, "status: NOERROR"));
    CHECK(has(ok.out, ";; TLS session (TLS1.3)"));
    auto wrong = f.kdig({"+tls-pin=" + std::string(43, 'A') + "=", "example.test.", "SOA"}, true);
    CHECK_FALSE(has(wrong.out, "status: NOERROR"));
    CHECK(has(wrong.out + wrong.err, "handshake failed"));
    // The key stays the same across restarts.
    f.stop();
    f.start();
    CHECK(f.pin() == pin);
}

TEST_CASE("TLS client keys are credentials, checked with TSIG when both are present",
          "[serve][tls]") {
    TempDir keys;
    ServeFixture f;
    f.add_zone("example.test.");
    f.add_records("example.test.", {"www.example.test. 300 A 192.0.2.1"});
    f.add_zone("other.test.");
    auto client = make_client_key(keys, "client");
    auto stranger = make_client_key(keys, "stranger");
    f.add_tls_key("client-tls", dnsclay::server::pin_of_pem_file(client.cert), {"example.test."});
    TsigCred other{"other-key", "hmac-sha256", random_secret(), {"other.test."}, false, {}, {}};
    f.add_tsig(other);
    f.start();
    auto pin = f.pin();
    auto with = [&](const ClientKey& k) {
        return std::vector<std::string>{"+tls-pin=" + pin, "+tls-certfile=" + k.cert,
                                        "+tls-keyfile=" + k.key};
    };

    auto args = with(client);
    args.insert(args.end(), {"example.test.", "AXFR"});
    auto axfr = f.kdig(args, true);
    CHECK(axfr.exit_code == 0);
    CHECK(has(axfr.out, "192.0.2.1"));

    // kdig prints only the rcode of a refused transfer; the EDE texts are checked in
    // tests/unit/engine_dispatcher_test.cpp.
    auto unknown = with(stranger);
    unknown.insert(unknown.end(), {"example.test.", "AXFR"});
    auto refused = f.kdig(unknown, true);
    CHECK(has(refused.out + refused.err, "REFUSED"));
    CHECK_FALSE(has(refused.out, "192.0.2.1"));

    // The TLS key is granted on example.test, the TSIG key is not: both must be.
    auto both = with(client);
    both.insert(both.end(), {"-y", other.spec(), "example.test.", "AXFR"});
    auto mixed = f.kdig(both, true);
    CHECK(has(mixed.out + mixed.err, "REFUSED"));
    CHECK_FALSE(has(mixed.out, "192.0.2.1"));

    // Without a client key the TLS connection is anonymous.
    auto anonymous = f.kdig({"+tls-pin=" + pin, "example.test.", "AXFR"}, true);
    CHECK(has(anonymous.out + anonymous.err, "REFUSED"));
}

TEST_CASE("over TLS a client key and a TSIG key granted on the zone transfer it, AXFR and "
          "IXFR",
          "[serve][tls][ixfr]") {
    TempDir keys;
    ServeFixture f;
    f.add_zone("example.test.");
    f.add_records("example.test.", {"www.example.test. 300 A 192.0.2.1"}); // serial 2
    auto client = make_client_key(keys, "client");
    f.add_tls_key("client-tls", dnsclay::server::pin_of_pem_file(client.cert), {"example.test."});
    TsigCred tsig{"xfr-key", "hmac-sha256", random_secret(), {"example.test."}, false, {}, {}};
    f.add_tsig(tsig);
    f.start();
    f.add_records("example.test.", {"new.example.test. 300 A 192.0.2.7"}); // serial 3
    std::vector<std::string> tls = {"+tls-pin=" + f.pin(), "+tls-certfile=" + client.cert,
                                    "+tls-keyfile=" + client.key};
    auto query = [&](std::vector<std::string> extra) {
        auto args = tls;
        args.insert(args.end(), extra.begin(), extra.end());
        return f.kdig(args, true);
    };

    for (const auto& signing : std::vector<std::vector<std::string>>{{}, {"-y", tsig.spec()}}) {
        INFO((signing.empty() ? "client key only" : "client key and TSIG"));
        auto with = [&](std::vector<std::string> q) {
            q.insert(q.begin(), signing.begin(), signing.end());
            return query(q);
        };
        auto axfr = with({"example.test.", "AXFR"});
        CHECK(axfr.exit_code == 0);
        CHECK(has(axfr.out, "192.0.2.1"));
        CHECK(has(axfr.out, "192.0.2.7"));
        CHECK_FALSE(has(axfr.out, "WARNING"));
        // From serial 2: only the addition, between the SOAs of RFC 1995 §4.
        auto ixfr = with({"example.test.", "IXFR=2"});
        CHECK(ixfr.exit_code == 0);
        CHECK(has(ixfr.out, "new.example.test."));
        CHECK_FALSE(has(ixfr.out, "www.example.test."));
        CHECK(has(ixfr.out, "hostmaster.example.test. 2 "));
        CHECK(has(ixfr.out, "hostmaster.example.test. 3 "));
        CHECK_FALSE(has(ixfr.out, "WARNING"));
    }
}

TEST_CASE("UPDATE over TLS: a granted client key alone may change the zone",
          "[serve][tls][update]") {
    TempDir keys;
    ServeFixture f;
    f.add_zone("example.test.");
    f.add_zone("other.test.");
    auto client = make_client_key(keys, "client");
    auto stranger = make_client_key(keys, "stranger");
    f.add_tls_key("client-tls", dnsclay::server::pin_of_pem_file(client.cert), {"example.test."});
    TsigCred other{"other-key", "hmac-sha256", random_secret(), {"other.test."}, false, {}, {}};
    f.add_tsig(other);
    f.start();
    auto serial = f.serial("example.test.");

    auto send = [&](const std::string& record, const ClientKey* key,
                    const TsigCred* tsig = nullptr) {
        auto wire = update_adding("example.test.", record).to_wire();
        if (tsig)
            dnsclay::dns::tsig_sign_request(wire, dnsclay::dns::TsigKey::parse(tsig->spec()),
                                            static_cast<std::uint64_t>(std::time(nullptr)));
        TlsClientKey presented;
        if (key) presented = {key->cert, key->key};
        return dnsclay::dns::Message::parse(
            tls_exchange("127.0.0.1", f.tls_port(), wire, presented));
    };
    auto ede = [](const dnsclay::dns::Message& m) {
        return m.edns && !m.edns->extended_errors().empty() ? m.edns->extended_errors()[0].text
                                                            : std::string();
    };

    auto ok = send("tls.example.test. 300 A 192.0.2.44", &client);
    CHECK(ok.rcode == dnsclay::dns::Rcode::NOERROR);
    CHECK(listed_records(f, "example.test.").count("tls.example.test. 300 A 192.0.2.44") == 1);
    CHECK(f.serial("example.test.") == serial + 1);

    auto anonymous = send("anon.example.test. 300 A 192.0.2.45", nullptr);
    CHECK(anonymous.rcode == dnsclay::dns::Rcode::REFUSED);
    CHECK_THAT(ede(anonymous), Catch::Contains("authentication required"));

    auto unknown = send("stranger.example.test. 300 A 192.0.2.46", &stranger);
    CHECK(unknown.rcode == dnsclay::dns::Rcode::REFUSED);
    CHECK_THAT(ede(unknown), Catch::Contains("is not a known credential"));

    // Both credentials must be granted when both are presented.
    auto mixed = send("mixed.example.test. 300 A 192.0.2.47", &client, &other);
    CHECK(mixed.rcode == dnsclay::dns::Rcode::REFUSED);
    CHECK_THAT(ede(mixed), Catch::Contains("TSIG key 'other-key' is not granted on zone"));

    CHECK(f.serial("example.test.") == serial + 1);
}
