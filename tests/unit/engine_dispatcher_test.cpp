// The request dispatcher called directly, without a network: the validation order and
// the rcode, EDE and TSIG error of each failure, and the answers from the local copy.
#include "lib/dns/encoding.hpp"
#include "lib/dns/tsig.hpp"
#include "lib/engine/context.hpp"
#include "lib/engine/dispatcher.hpp"
#include "lib/engine/permissions.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/zones.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <ctime>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>

using namespace dnsclay;
using dns::Rcode;

namespace {

constexpr const char* kSecret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ="; // 32 bytes

struct Engine {
    test::TempDir dir;
    std::unique_ptr<engine::Context> ctx;
    std::unique_ptr<engine::Dispatcher> dispatcher;

    Engine() {
        store::Config config;
        {
            store::Store s(dir.path(), config);
            store::Transaction tx(s.db(), store::Transaction::Kind::Write);
            store::Account account;
            account.name = "local";
            account.provider = "local";
            account.id = store::insert_account(s.db(), account);
            store::Zone z;
            z.name = "example.test.";
            z.account_id = account.id;
            z.serial = 7;
            z.soa.mname = "ns1.example.test.";
            z.soa.rname = "hostmaster.example.test.";
            auto zone_id = store::insert_zone(s.db(), z);
            store::Credential c;
            c.name = "key1";
            c.kind = "tsig";
            c.algorithm = "hmac-sha256";
            c.secret = kSecret;
            store::insert_credential(s.db(), c, {zone_id});
            c.name = "key2"; // a key granted on no zone
            store::insert_credential(s.db(), c, {});
            store::Credential tls;
            tls.name = "tls1";
            tls.kind = "tls";
            tls.spki_sha256 = std::vector<std::uint8_t>(32, 0x11);
            store::insert_credential(s.db(), tls, {zone_id});
            tx.commit();
        }
        ctx = std::make_unique<engine::Context>(dir.path(), config);
        ctx->log().configure(engine::LogLevel::Error, false);
        dispatcher = std::make_unique<engine::Dispatcher>(*ctx);
    }

    std::vector<dns::Bytes> ask(const dns::Bytes& wire,
                                engine::Transport t = engine::Transport::Udp,
                                std::optional<std::vector<std::uint8_t>> pin = {}) {
        std::vector<dns::Bytes> answers;
        dispatcher->handle(wire, {t, "127.0.0.1:5353", pin},
                           [&](dns::Bytes&& m) { answers.push_back(std::move(m)); });
        return answers;
    }

    dns::Message ask_one(const dns::Message& q) {
        auto answers = ask(q.to_wire());
        REQUIRE(answers.size() == 1);
        auto a = dns::Message::parse(answers[0]);
        for (const auto& e : a.edns ? a.edns->extended_errors() : std::vector<dns::ExtendedError>{})
            UNSCOPED_INFO("EDE " << e.info_code << ": " << e.text);
        return a;
    }
};

dns::Message query(const std::string& name, dns::RRType type, bool edns = true) {
    dns::Message q;
    q.id = 4242;
    q.questions.push_back({dns::Name::parse(name), type, dns::RRClass::IN});
    if (edns) q.edns.emplace();
    return q;
}

std::string ede_text(const dns::Message& m) {
    REQUIRE(m.edns);
    auto e = m.edns->extended_errors();
    REQUIRE(e.size() == 1);
    return e[0].text;
}

dns::TsigKey key1() {
    dns::Bytes secret;
    REQUIRE(dns::base64_decode(kSecret, secret));
    return {dns::Name::parse("key1."), dns::TsigAlgorithm::HMAC_SHA256, secret};
}

// The serial of a SOA record: the first of the rdata's five 32-bit fields.
std::uint32_t serial_in(const dns::Record& soa) {
    REQUIRE(soa.type == dns::RRType::SOA);
    const auto& rd = soa.rdata;
    return std::uint32_t{rd[rd.size() - 20]} << 24 | rd[rd.size() - 19] << 16 |
           rd[rd.size() - 18] << 8 | rd[rd.size() - 17];
}

// The serial of the SOA record an answer holds.
std::uint32_t soa_serial(const dns::Message& a) {
    REQUIRE(a.answers.size() == 1);
    return serial_in(a.answers[0]);
}

// Commits `change` to the state directory from a child process: a change this process
// can learn of only through state.db, as one made by `dnsclay zone add` or `cred add`.
void in_other_process(const std::string& dir, const std::function<void(store::Db&)>& change) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int status = 0;
        try {
            store::Store s(dir, store::Config{});
            store::Transaction tx(s.db(), store::Transaction::Kind::Write);
            change(s.db());
            tx.commit();
        } catch (...) {
            status = 1;
        }
        ::_exit(status);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

} // namespace

TEST_CASE("dispatcher: SOA at the apex is authoritative with our serial", "[engine]") {
    Engine e;
    auto a = e.ask_one(query("Example.TEST.", dns::RRType::SOA));
    CHECK(a.rcode == Rcode::NOERROR);
    CHECK(a.aa);
    CHECK(soa_serial(a) == 7);
}

TEST_CASE("dispatcher: queries see other processes' changes, at once when they name new ones",
          "[engine]") {
    Engine e;
    // So long that only a query naming something unknown, or a commit of this process,
    // makes the catalog look at state.db again.
    e.ctx->catalog().set_max_age(std::chrono::hours(1));
    auto soa = [&](const char* zone) { return e.ask_one(query(zone, dns::RRType::SOA)); };
    CHECK(soa_serial(soa("example.test.")) == 7);

    SECTION("a zone another process adds is answered at the first query, with its other changes") {
        in_other_process(e.dir.path(), [](store::Db& db) {
            auto zone = *store::find_zone(db, "example.test.");
            store::set_zone_serial(db, zone.id, 8);
            zone.name = "other.test.";
            zone.serial = 5;
            store::insert_zone(db, zone);
        });
        // What the catalog has is answered from it, as of its last look at state.db...
        CHECK(soa_serial(soa("example.test.")) == 7);
        // ...but a zone it lacks makes it look now, which brings the other change too.
        auto other = soa("other.test.");
        CHECK(other.rcode == Rcode::NOERROR);
        CHECK(soa_serial(other) == 5);
        CHECK(soa_serial(soa("example.test.")) == 8);
    }
    SECTION("a TSIG key another process adds signs the next query") {
        in_other_process(e.dir.path(), [](store::Db& db) {
            store::Credential c;
            c.name = "key3";
            c.kind = "tsig";
            c.algorithm = "hmac-sha256";
            c.secret = kSecret;
            store::insert_credential(db, c, {store::find_zone(db, "example.test.")->id});
        });
        auto key = key1();
        key.name = dns::Name::parse("key3.");
        auto now = static_cast<std::uint64_t>(std::time(nullptr));
        dns::Bytes wire = query("example.test.", dns::RRType::SOA).to_wire();
        auto mac = dns::tsig_sign_request(wire, key, now);
        auto answers = e.ask(wire);
        REQUIRE(answers.size() == 1);
        auto a = dns::Message::parse(answers[0]);
        CHECK(a.rcode == Rcode::NOERROR);
        CHECK(dns::TsigResponseVerifier(key, mac).verify(answers[0], a, now).ok());
    }
    SECTION("a change this process commits is seen by the next query, negative answers too") {
        store::Store s(e.dir.path(), store::Config{});
        store::Transaction tx(s.db(), store::Transaction::Kind::Write);
        store::set_zone_serial(s.db(), store::find_zone(s.db(), "example.test.")->id, 9);
        tx.commit();
        CHECK(soa_serial(soa("example.test.")) == 9);
        auto any = e.ask_one(query("example.test.", dns::RRType::ANY));
        REQUIRE(!any.answers.empty());
        CHECK(serial_in(any.answers[0]) == 9);
        auto missing = e.ask_one(query("missing.example.test.", dns::RRType::A));
        CHECK(missing.rcode == Rcode::NXDOMAIN);
        REQUIRE(missing.authorities.size() == 1);
        CHECK(serial_in(missing.authorities[0]) == 9);
    }
    SECTION("a grant another process removes is seen after commits that moved only serials") {
        auto now = static_cast<std::uint64_t>(std::time(nullptr));
        auto axfr_rcode = [&] {
            dns::Bytes wire = query("example.test.", dns::RRType::AXFR).to_wire();
            dns::tsig_sign_request(wire, key1(), now);
            auto answers = e.ask(wire, engine::Transport::Tcp);
            REQUIRE(!answers.empty());
            return dns::Message::parse(answers[0]).rcode;
        };
        CHECK(axfr_rcode() == Rcode::NOERROR);
        const auto loaded = e.ctx->catalog().current();
        for (std::uint32_t serial : {10, 11}) {
            in_other_process(e.dir.path(), [serial](store::Db& db) {
                store::set_zone_serial(db, store::find_zone(db, "example.test.")->id, serial);
            });
            CHECK(axfr_rcode() == Rcode::NOERROR);
            CHECK(soa_serial(soa("example.test.")) == serial);
            // Only the serials were read, into the catalog already loaded.
            CHECK(e.ctx->catalog().current() == loaded);
        }
        in_other_process(e.dir.path(), [](store::Db& db) {
            db.prepare("DELETE FROM zone_grants WHERE credential_id = "
                       "(SELECT id FROM credentials WHERE name = 'key1')")
                .run();
        });
        CHECK(axfr_rcode() == Rcode::REFUSED);
        CHECK(e.ctx->catalog().current() != loaded);
    }
}

TEST_CASE("dispatcher: validation failures and their rcodes", "[engine]") {
    Engine e;
    SECTION("unparsable: FORMERR with the header only") {
        dns::Bytes junk = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xff};
        auto answers = e.ask(junk);
        REQUIRE(answers.size() == 1);
        auto a = dns::Message::parse(answers[0]);
        CHECK(a.id == 0x1234);
        CHECK(a.qr);
        CHECK(a.rcode == Rcode::FORMERR);
    }
    SECTION("a response is not answered") {
        auto q = query("example.test.", dns::RRType::SOA);
        q.qr = true;
        CHECK(e.ask(q.to_wire()).empty());
    }
    SECTION("EDNS version 1: BADVERS") {
        auto q = query("example.test.", dns::RRType::SOA);
        q.edns->version = 1;
        auto a = e.ask_one(q);
        CHECK(a.rcode == Rcode::BADVERS);
        CHECK(ede_text(a).find("EDNS version 1") != std::string::npos);
    }
    SECTION("opcode STATUS: NOTIMP with EDE 21") {
        auto q = query("example.test.", dns::RRType::SOA);
        q.opcode = dns::Opcode::STATUS;
        auto a = e.ask_one(q);
        CHECK(a.rcode == Rcode::NOTIMP);
        CHECK(a.edns->extended_errors().at(0).info_code == 21);
    }
    SECTION("two questions: FORMERR") {
        auto q = query("example.test.", dns::RRType::SOA);
        q.questions.push_back(q.questions[0]);
        auto a = e.ask_one(q);
        CHECK(a.rcode == Rcode::FORMERR);
        CHECK(ede_text(a) == "a request must have exactly 1 question, not 2");
    }
    SECTION("class HS: REFUSED") {
        auto q = query("example.test.", dns::RRType::SOA);
        q.questions[0].klass = dns::RRClass::HS;
        CHECK(e.ask_one(q).rcode == Rcode::REFUSED);
    }
    SECTION("TC set in a request: FORMERR") {
        auto q = query("example.test.", dns::RRType::SOA);
        q.tc = true;
        CHECK(e.ask_one(q).rcode == Rcode::FORMERR);
    }
    SECTION("AXFR over UDP is not served") {
        dns::Bytes wire = query("example.test.", dns::RRType::AXFR, false).to_wire();
        auto now = static_cast<std::uint64_t>(std::time(nullptr));
        dns::tsig_sign_request(wire, key1(), now);
        auto answers = e.ask(wire);
        REQUIRE(answers.size() == 1);
        CHECK(dns::Message::parse(answers[0]).rcode == Rcode::NOTIMP);
    }
}

TEST_CASE("dispatcher: TSIG errors are answered as RFC 8945 §5.2 says", "[engine][tsig]") {
    Engine e;
    auto now = static_cast<std::uint64_t>(std::time(nullptr));
    SECTION("a good signature gets a signed answer") {
        dns::Bytes wire = query("example.test.", dns::RRType::SOA).to_wire();
        auto mac = dns::tsig_sign_request(wire, key1(), now);
        auto answers = e.ask(wire);
        REQUIRE(answers.size() == 1);
        auto a = dns::Message::parse(answers[0]);
        CHECK(a.rcode == Rcode::NOERROR);
        dns::TsigResponseVerifier v(key1(), mac);
        CHECK(v.verify(answers[0], a, now).ok());
    }
    SECTION("a signature an hour old: NOTAUTH, BADTIME, signed, with our time") {
        dns::Bytes wire = query("example.test.", dns::RRType::SOA).to_wire();
        auto mac = dns::tsig_sign_request(wire, key1(), now - 3600);
        auto answers = e.ask(wire);
        REQUIRE(answers.size() == 1);
        auto a = dns::Message::parse(answers[0]);
        CHECK(a.rcode == Rcode::NOTAUTH);
        REQUIRE(a.tsig);
        auto t = dns::TsigRdata::decode(a.tsig->rdata);
        CHECK(t.error == Rcode::BADTIME);
        CHECK(t.other.size() == 6);
        CHECK_FALSE(t.mac.empty());
        CHECK(ede_text(a).find("BADTIME") != std::string::npos);
    }
    SECTION("an unknown key: NOTAUTH, BADKEY, unsigned TSIG") {
        auto other = key1();
        other.name = dns::Name::parse("nobody.");
        dns::Bytes wire = query("example.test.", dns::RRType::SOA).to_wire();
        dns::tsig_sign_request(wire, other, now);
        auto a = dns::Message::parse(e.ask(wire).at(0));
        CHECK(a.rcode == Rcode::NOTAUTH);
        REQUIRE(a.tsig);
        auto t = dns::TsigRdata::decode(a.tsig->rdata);
        CHECK(t.error == Rcode::BADKEY);
        CHECK(t.mac.empty());
    }
    SECTION("a wrong secret: NOTAUTH, BADSIG") {
        auto wrong = key1();
        wrong.secret[0] ^= 1;
        dns::Bytes wire = query("example.test.", dns::RRType::SOA).to_wire();
        dns::tsig_sign_request(wire, wrong, now);
        auto a = dns::Message::parse(e.ask(wire).at(0));
        CHECK(a.rcode == Rcode::NOTAUTH);
        REQUIRE(a.tsig);
        CHECK(dns::TsigRdata::decode(a.tsig->rdata).error == Rcode::BADSIG);
    }
}

TEST_CASE("permissions: --allow-name patterns", "[engine]") {
    auto zone = dns::Name::parse("example.test.");
    auto n = [](const char* s) { return dns::Name::parse(s); };
    CHECK(engine::name_matches("www", zone, n("WWW.example.test.")));
    CHECK_FALSE(engine::name_matches("www", zone, n("a.www.example.test.")));
    CHECK(engine::name_matches("@", zone, n("example.test.")));
    CHECK(engine::name_matches("*.dyn", zone, n("a.b.dyn.example.test.")));
    CHECK_FALSE(engine::name_matches("*.dyn", zone, n("dyn.example.test.")));
    CHECK(engine::name_matches("**.dyn", zone, n("dyn.example.test.")));
    CHECK(engine::name_matches("**.dyn", zone, n("x.dyn.example.test.")));
    CHECK(engine::name_matches("_acme-challenge.example.test.", zone,
                               n("_acme-challenge.example.test.")));
    CHECK_FALSE(engine::name_matches("**.dyn", zone, n("dyn2.example.test.")));
    CHECK(engine::name_matches("*", zone, n("anything.example.test.")));
}

TEST_CASE("dispatcher: transfers need credentials granted on the zone, all of them", "[engine]") {
    Engine e;
    auto now = static_cast<std::uint64_t>(std::time(nullptr));
    auto axfr = [&](std::optional<dns::TsigKey> key, std::optional<std::vector<std::uint8_t>> pin) {
        dns::Bytes wire = query("example.test.", dns::RRType::AXFR).to_wire();
        if (key) dns::tsig_sign_request(wire, *key, now);
        return e.ask(wire, engine::Transport::Tls, pin);
    };
    auto refused_text = [](const std::vector<dns::Bytes>& answers) {
        REQUIRE(answers.size() == 1);
        auto a = dns::Message::parse(answers[0]);
        CHECK(a.rcode == Rcode::REFUSED);
        CHECK(a.edns->extended_errors().at(0).info_code == 18);
        return ede_text(a);
    };
    CHECK(refused_text(axfr({}, {})).starts_with("authentication required"));
    CHECK(refused_text(axfr({}, std::vector<std::uint8_t>(32, 0x22)))
              .find("is not a known credential") != std::string::npos);
    auto key2 = key1();
    key2.name = dns::Name::parse("key2.");
    CHECK(refused_text(axfr(key2, std::vector<std::uint8_t>(32, 0x11))) ==
          "TSIG key 'key2' is not granted on zone example.test.");
    // The TLS key alone, and with the granted TSIG key: the whole zone, SOA first and last.
    for (auto key : {std::optional<dns::TsigKey>{}, std::optional<dns::TsigKey>{key1()}}) {
        auto answers = axfr(key, std::vector<std::uint8_t>(32, 0x11));
        REQUIRE(answers.size() == 1);
        auto a = dns::Message::parse(answers[0]);
        CHECK(a.rcode == Rcode::NOERROR);
        REQUIRE(a.answers.size() == 2);
        CHECK(a.answers.front().type == dns::RRType::SOA);
        CHECK(a.answers.back().type == dns::RRType::SOA);
    }
}
