#include "lib/dns/tsig.hpp"
#include "lib/engine/notify.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/change.hpp"
#include "lib/zone/soa.hpp"
#include "tests/support/dns_listener.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

using namespace dnsclay;
using namespace std::chrono_literals;

namespace {

const char* kZone = "example.test.";
const char* kKey = "hmac-sha256:gw-tsig.:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";

store::Zone zone_row(std::uint32_t serial = 7) {
    store::Zone z;
    z.name = kZone;
    z.serial = serial;
    z.soa.mname = "ns1.example.test.";
    z.soa.rname = "hostmaster.example.test.";
    return z;
}

std::uint32_t serial_of(const dns::Message& m) {
    dns::WireReader r(m.answers.at(0).rdata);
    r.name();
    r.name();
    return r.u32();
}

// What a fake secondary saw: the NOTIFYs, in order (the handler runs on the server thread).
struct Seen {
    std::mutex mu;
    std::vector<dns::Message> messages;
    std::vector<bool> tcp;
    void add(const dns::Message& m, bool over_tcp) {
        std::lock_guard lock(mu);
        messages.push_back(m);
        tcp.push_back(over_tcp);
    }
    std::size_t size() {
        std::lock_guard lock(mu);
        return messages.size();
    }
    dns::Message at(std::size_t i) {
        std::lock_guard lock(mu);
        return messages.at(i);
    }
};

dns::Bytes answer(const dns::Message& request, dns::Rcode rcode, const std::string& ede = "") {
    auto resp = request.make_response(rcode);
    resp.aa = true;
    if (!ede.empty() && resp.edns)
        resp.edns->add_extended_error(static_cast<std::uint16_t>(dns::EdeCode::PROHIBITED), ede);
    return resp.to_wire();
}

// The answer of a secondary that knows `key`: NOERROR signed with it, or the TSIG error.
dns::Bytes signed_answer(std::span<const std::uint8_t> request, const dns::Message& m,
                         const dns::TsigKey& key) {
    auto check = dns::tsig_verify_request(
        request, m,
        [&](const dns::Name& n) -> std::optional<dns::TsigKey> {
            return n == key.name ? std::optional(key) : std::nullopt;
        },
        static_cast<std::uint64_t>(store::now_unix()));
    auto wire = answer(m, check.ok() ? dns::Rcode::NOERROR : check.rcode);
    dns::TsigResponseSigner signer(check);
    signer.sign(wire, static_cast<std::uint64_t>(store::now_unix()));
    return wire;
}

} // namespace

TEST_CASE("a NOTIFY carries our SOA and serial", "[notify]") {
    auto m = engine::make_notify(zone_row(42), 99);
    CHECK(m.opcode == dns::Opcode::NOTIFY);
    CHECK(m.aa);
    CHECK_FALSE(m.qr);
    REQUIRE(m.questions.size() == 1);
    CHECK(m.questions[0].name == dns::Name::parse(kZone));
    CHECK(m.questions[0].type == dns::RRType::SOA);
    REQUIRE(m.answers.size() == 1);
    CHECK(m.answers[0] == zone::soa_record(zone_row(42)));
    CHECK(serial_of(m) == 42);
    // and it survives the wire
    auto parsed = dns::Message::parse(m.to_wire());
    CHECK(serial_of(parsed) == 42);
}

TEST_CASE("send_notify reports rcode, EDE, TSIG and round-trip time", "[notify]") {
    Seen seen;
    auto key = dns::TsigKey::parse(kKey);
    int port = test::free_port();
    test::DnsListener server(port, [&](std::span<const std::uint8_t> req, bool tcp) -> dns::Bytes {
        auto m = dns::Message::parse(req);
        seen.add(m, tcp);
        if (m.tsig) return signed_answer(req, m, key);
        if (serial_of(m) == 13) return answer(m, dns::Rcode::REFUSED, "not from you");
        if (serial_of(m) == 14) return {}; // lost
        return answer(m, dns::Rcode::NOERROR);
    });
    auto address = "127.0.0.1:" + std::to_string(port);

    SECTION("unsigned, UDP and TCP") {
        for (const char* proto : {"udp", "tcp"}) {
            auto a =
                engine::send_notify(zone_row(), {0, address, proto, 0, ""}, std::nullopt, 2000ms);
            CHECK(a.ok());
            CHECK(a.error == "");
            CHECK(a.tsig == "unsigned");
            CHECK(a.rtt.count() > 0);
        }
        REQUIRE(seen.size() == 2);
        CHECK(seen.tcp == std::vector<bool>{false, true});
        CHECK(serial_of(seen.at(0)) == 7);
    }
    SECTION("signed with a key, the answer's TSIG verified") {
        auto a =
            engine::send_notify(zone_row(), {0, address, "udp", 0, ""}, std::string(kKey), 2000ms);
        CHECK(a.ok());
        CHECK(a.tsig == "verified");
        REQUIRE(seen.size() == 1);
        CHECK(seen.at(0).tsig.has_value());
    }
    SECTION("signed with a key the peer does not know") {
        std::string other = "hmac-sha256:other.:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
        auto a = engine::send_notify(zone_row(), {0, address, "udp", 0, ""}, other, 2000ms);
        CHECK_FALSE(a.ok());
        CHECK(a.answered);
        CHECK(a.rcode == dns::Rcode::NOTAUTH);
        CHECK_THAT(a.tsig, Catch::Contains("BADKEY"));
    }
    SECTION("a refusal with its EDE text") {
        auto a =
            engine::send_notify(zone_row(13), {0, address, "udp", 0, ""}, std::nullopt, 2000ms);
        CHECK_FALSE(a.ok());
        CHECK(a.rcode == dns::Rcode::REFUSED);
        CHECK(a.ede_text == std::vector<std::string>{"not from you"});
    }
    SECTION("no answer") {
        auto a = engine::send_notify(zone_row(14), {0, address, "udp", 0, ""}, std::nullopt, 300ms);
        CHECK_FALSE(a.answered);
        CHECK_THAT(a.error, Catch::Contains("timeout"));
    }
}

namespace {

// A state directory with a `local` zone whose NOTIFY target is `address`.
struct NotifyZone {
    test::TempDir tmp;
    store::Config config;
    store::Store st{tmp.path(), config};
    store::Zone zone = zone_row(100);
    // `key`: the name of the TSIG credential that signs the target's NOTIFYs, if any.
    explicit NotifyZone(const std::string& address, const std::string& key = "") {
        config.notify.retry_interval = std::chrono::seconds(1);
        config.notify.timeout = std::chrono::seconds(1);
        config.notify.retries = 3;
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        zone.account_id = store::insert_account(st.db(), {0, kZone, "local", {}, 0});
        zone.id = store::insert_zone(st.db(), zone);
        store::add_notify_target(st.db(), zone.id, {0, address, "udp", 0, key});
        txn.commit();
    }
    void add_record(std::uint8_t last) {
        zone::ChangeRequest req;
        req.zone = kZone;
        req.actor = "cli:test";
        req.action = "test";
        req.edit = [last](const zone::ZoneSnapshot&) {
            dns::Record r{dns::Name::parse("www.example.test."),
                          dns::RRType::A,
                          dns::RRClass::IN,
                          300,
                          {192, 0, 2, last}};
            return std::vector<zone::RRsetReplacement>{{zone::RRsetKey::of(r), {r}}};
        };
        zone::change_records(st, req);
    }
};

} // namespace

TEST_CASE("the notifier notifies at start and after changes by any writer", "[notify]") {
    Seen seen;
    int port = test::free_port();
    test::DnsListener server(port, [&](std::span<const std::uint8_t> req, bool tcp) -> dns::Bytes {
        auto m = dns::Message::parse(req);
        seen.add(m, tcp);
        return answer(m, dns::Rcode::NOERROR);
    });
    NotifyZone z("127.0.0.1:" + std::to_string(port));
    engine::Notifier notifier(z.tmp.path(), z.config, {100ms, 200ms});
    notifier.start();
    REQUIRE(test::wait_until([&] { return seen.size() == 1; }, 5s));
    CHECK(serial_of(seen.at(0)) == 100);

    // A burst of changes (as `records edit` in another process makes them) is one NOTIFY
    // with the last serial.
    z.add_record(1);
    z.add_record(2);
    z.add_record(3);
    REQUIRE(test::wait_until([&] { return seen.size() == 2; }, 5s));
    CHECK(serial_of(seen.at(1)) == 103);
    std::this_thread::sleep_for(500ms);
    CHECK(seen.size() == 2);
    CHECK(notifier.acknowledged() == 2);
}

TEST_CASE("the notifier retransmits until the target answers", "[notify]") {
    Seen seen;
    int port = test::free_port();
    test::DnsListener server(port, [&](std::span<const std::uint8_t> req, bool tcp) -> dns::Bytes {
        auto m = dns::Message::parse(req);
        seen.add(m, tcp);
        if (seen.size() < 3) return {}; // the first two get lost
        return answer(m, dns::Rcode::NOERROR);
    });
    NotifyZone z("127.0.0.1:" + std::to_string(port));
    engine::Notifier notifier(z.tmp.path(), z.config, {100ms, 100ms});
    notifier.start();
    REQUIRE(test::wait_until([&] { return notifier.acknowledged() == 1; }, 15s));
    CHECK(seen.size() == 3);
    CHECK(notifier.failed_tries() == 2);
    CHECK(seen.at(0).id != seen.at(2).id); // each try is a new message
}

TEST_CASE("incoming NOTIFY: who may send it and what it starts", "[notify]") {
    NotifyZone z("192.0.2.53:53");
    {
        store::Transaction txn(z.st.db(), store::Transaction::Kind::Write);
        store::Credential cred;
        cred.name = "gw-tsig";
        cred.kind = "tsig";
        cred.algorithm = "hmac-sha256";
        cred.secret = "c2VjcmV0";
        store::insert_credential(z.st.db(), cred, {z.zone.id});
        txn.commit();
    }
    std::mutex mu;
    std::vector<engine::SyncEvent> events; // the syncs it reports, as serve logs them
    engine::SyncReport report;
    report.on_event = [&](const engine::SyncEvent& e) {
        std::lock_guard lock(mu);
        events.push_back(e);
    };
    engine::NotifyReceiver receiver(z.tmp.path(), z.config, report);
    auto notify = engine::make_notify(zone_row(555), 1);

    auto r = receiver.handle(notify, {"192.0.2.53", std::nullopt}); // a target's address
    CHECK(r.rcode == dns::Rcode::NOERROR);
    CHECK(r.refresh_started);
    REQUIRE(test::wait_until([&] {
        std::lock_guard lock(mu);
        return !events.empty();
    }));
    {
        std::lock_guard lock(mu);
        CHECK(events[0].zone == kZone);
        CHECK(events[0].kind == engine::SyncEvent::Kind::Notify);
        CHECK(events[0].synced);
        CHECK(events[0].error.empty());
    }
    r = receiver.handle(notify, {"203.0.113.9", std::string("gw-tsig")}); // a granted key
    CHECK(r.rcode == dns::Rcode::NOERROR);
    r = receiver.handle(notify, {"203.0.113.9", std::nullopt});
    CHECK(r.rcode == dns::Rcode::REFUSED);
    REQUIRE(r.ede);
    CHECK_THAT(r.ede->text, Catch::Contains("203.0.113.9"));
    r = receiver.handle(notify, {"203.0.113.9", std::string("unknown-key")});
    CHECK(r.rcode == dns::Rcode::REFUSED);
    // our own serial: nothing to refresh
    r = receiver.handle(engine::make_notify(zone_row(100), 2), {"192.0.2.53", std::nullopt});
    CHECK(r.rcode == dns::Rcode::NOERROR);
    CHECK_FALSE(r.refresh_started);
    auto other = notify;
    other.questions[0].name = dns::Name::parse("other.test.");
    CHECK(receiver.handle(other, {"192.0.2.53", std::nullopt}).rcode == dns::Rcode::NOTAUTH);
    other.questions[0].type = dns::RRType::A;
    CHECK(receiver.handle(other, {"192.0.2.53", std::nullopt}).rcode == dns::Rcode::FORMERR);
}

TEST_CASE("the notifier signs with the target's TSIG credential, and skips a target whose key "
          "is gone",
          "[notify][tsig]") {
    Seen seen;
    auto key = dns::TsigKey::parse(kKey);
    int port = test::free_port();
    test::DnsListener server(port, [&](std::span<const std::uint8_t> req, bool tcp) -> dns::Bytes {
        auto m = dns::Message::parse(req);
        seen.add(m, tcp);
        return signed_answer(req, m, key);
    });
    NotifyZone z("127.0.0.1:" + std::to_string(port), "gw-tsig");
    {
        store::Credential c;
        c.name = "gw-tsig";
        c.kind = "tsig";
        c.algorithm = "hmac-sha256";
        c.secret = std::string(kKey).substr(std::string(kKey).rfind(':') + 1);
        store::Transaction txn(z.st.db(), store::Transaction::Kind::Write);
        store::insert_credential(z.st.db(), c, {});
        txn.commit();
    }
    {
        engine::Notifier notifier(z.tmp.path(), z.config, {100ms, 200ms});
        notifier.start();
        REQUIRE(test::wait_until([&] { return notifier.acknowledged() == 1; }, 5s));
        REQUIRE(seen.size() == 1);
        REQUIRE(seen.at(0).tsig);
        CHECK(seen.at(0).tsig->owner == key.name);
        CHECK(notifier.failed_tries() == 0);
    }
    {
        store::Transaction txn(z.st.db(), store::Transaction::Kind::Write);
        store::delete_credential(z.st.db(), "gw-tsig");
        txn.commit();
    }
    engine::Notifier notifier(z.tmp.path(), z.config, {100ms, 200ms});
    notifier.start();
    // The attempt fails where the key is looked up, before anything is sent.
    REQUIRE(test::wait_until([&] { return notifier.failed_tries() == 1; }, 5s));
    CHECK(seen.size() == 1);
    CHECK(notifier.acknowledged() == 0);
}

TEST_CASE("an answer whose TSIG does not verify is no acknowledgement", "[notify][tsig]") {
    int port = test::free_port();
    // Answers a signed NOTIFY without signing: anyone on the path could have sent that.
    test::DnsListener server(port, [&](std::span<const std::uint8_t> req, bool) -> dns::Bytes {
        return answer(dns::Message::parse(req), dns::Rcode::NOERROR);
    });
    auto a = engine::send_notify(zone_row(), {0, "127.0.0.1:" + std::to_string(port), "udp", 0, ""},
                                 std::string(kKey), 2000ms);
    CHECK(a.answered);
    CHECK(a.rcode == dns::Rcode::NOERROR);
    CHECK_THAT(a.tsig, Catch::StartsWith("failed"));
    CHECK_FALSE(a.ok());
}
