// TSIG against real peers: our signatures verify in knotd (UPDATE and AXFR), and the
// signatures nsupdate and kdig make verify in ours, which they accept in return.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/dns/tsig.hpp"
#include "tests/support/dns_client.hpp"
#include "tests/support/dns_listener.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>

using namespace dnsclay;
using namespace dnsclay::dns;
using dnsclay::test::DnsListener;

namespace {

const std::vector<TsigAlgorithm> kAllAlgorithms = {
    TsigAlgorithm::HMAC_MD5,    TsigAlgorithm::HMAC_SHA1,   TsigAlgorithm::HMAC_SHA224,
    TsigAlgorithm::HMAC_SHA256, TsigAlgorithm::HMAC_SHA384, TsigAlgorithm::HMAC_SHA512};

std::uint64_t now() {
    return static_cast<std::uint64_t>(std::time(nullptr));
}

// A key per algorithm, with a secret as long as the hash.
TsigKey make_key(TsigAlgorithm alg, std::uint8_t salt = 0) {
    TsigKey k;
    k.algorithm = alg;
    k.name = Name::parse("key-" + std::string(to_string(alg)) + ".");
    for (std::size_t i = 0; i < tsig_mac_length(alg); ++i)
        k.secret.push_back(static_cast<std::uint8_t>(i * 31 + 7 + salt));
    return k;
}

Bytes query_message(std::uint16_t id, const std::string& name, RRType type) {
    Message m;
    m.id = id;
    m.questions.push_back({Name::parse(name), type, RRClass::IN});
    return m.to_wire();
}

// An UPDATE (RFC 2136) of `zone` adding one A record.
Bytes update_add_a(std::uint16_t id, const std::string& zone, const std::string& owner,
                   std::uint32_t address) {
    Message m;
    m.id = id;
    m.opcode = Opcode::UPDATE;
    m.questions.push_back({Name::parse(zone), RRType::SOA, RRClass::IN});
    Bytes rdata = {static_cast<std::uint8_t>(address >> 24),
                   static_cast<std::uint8_t>(address >> 16),
                   static_cast<std::uint8_t>(address >> 8), static_cast<std::uint8_t>(address)};
    m.authorities.push_back({Name::parse(owner), RRType::A, RRClass::IN, 300, rdata});
    return m.to_wire();
}

std::string knot_conf(const test::TempDir& dir, int port, const std::vector<TsigKey>& keys) {
    std::string conf = "server:\n  rundir: " + dir / "run" + "\n  listen: 127.0.0.1@" +
                       std::to_string(port) + "\nlog:\n  - target: " + dir / "knot.log" +
                       "\n    any: info\ndatabase:\n  storage: " + dir / "db" + "\n";
    std::string key_ids;
    for (const auto& k : keys) {
        conf += k.to_knot_config();
        key_ids += (key_ids.empty() ? "" : ", ") + k.name.to_string();
    }
    conf += "acl:\n  - id: gw\n    key: [" + key_ids + "]\n    action: [update, transfer]\n";
    conf += "template:\n  - id: default\n    storage: " + dir / "zones" +
            "\n    zonefile-sync: -1\n    journal-content: changes\n    serial-policy: "
            "increment\nzone:\n  - domain: example.test.\n    acl: gw\n";
    return conf;
}

std::string zone_file(std::size_t records) {
    std::string z = "$ORIGIN example.test.\n$TTL 3600\n"
                    "@ SOA ns.example.test. admin.example.test. 1 3600 600 86400 300\n"
                    "@ NS ns.example.test.\nns A 192.0.2.1\n";
    for (std::size_t i = 0; i < records; ++i)
        z += "host" + std::to_string(i) + " TXT \"record number " + std::to_string(i) +
             " with some padding to fill messages\"\n";
    return z;
}

// A running knotd serving example.test. with one key per algorithm.
struct Knot {
    test::TempDir dir;
    int port = test::free_port();
    std::vector<TsigKey> keys;
    std::unique_ptr<test::Daemon> daemon;

    explicit Knot(std::size_t records) {
        for (auto alg : kAllAlgorithms)
            keys.push_back(make_key(alg));
        std::filesystem::create_directories(dir / "zones");
        std::filesystem::create_directories(dir / "run");
        std::filesystem::create_directories(dir / "db");
        test::write_file(dir / "zones/example.test.zone", zone_file(records));
        test::write_file(dir / "knot.conf", knot_conf(dir, port, keys));
        daemon = std::make_unique<test::Daemon>(
            std::vector<std::string>{"knotd", "-c", dir / "knot.conf"}, dir / "knotd.out");
        bool up = test::wait_until(
            [&] {
                return test::run({"kdig", "@127.0.0.1", "-p", std::to_string(port), "+tcp",
                                  "+short", "SOA", "example.test."})
                           .out.find("ns.example.test.") != std::string::npos;
            },
            std::chrono::seconds(20));
        if (!up)
            FAIL("knotd did not start: " << test::read_file(dir / "knot.log")
                                         << test::read_file(dir / "knotd.out"));
    }
};

// True for the AXFR message that ends the transfer: one holding the closing SOA (or any
// error answer).
struct AxfrEnd {
    int soas = 0;
    bool operator()(const Bytes& wire) {
        Message m = Message::parse(wire);
        if (m.rcode != Rcode::NOERROR) return true;
        for (const auto& r : m.answers)
            if (r.type == RRType::SOA) ++soas;
        return soas >= 2;
    }
};

} // namespace

TEST_CASE("knotd accepts our signed UPDATE and AXFR, and we verify its answers", "[tsig][knot]") {
    REQUIRE(test::have_program("knotd"));
    Knot knot(3000);

    for (const auto& key : knot.keys) {
        CAPTURE(to_string(key.algorithm));
        // A signed UPDATE over TCP; Knot's signed answer verifies with our code.
        std::string owner = "added-" + std::string(to_string(key.algorithm)) + ".example.test.";
        Bytes update = update_add_a(0x1000, "example.test.", owner, 0xc0000237); // 192.0.2.55
        Bytes mac = tsig_sign_request(update, key, now());
        auto answers = test::tcp_exchange("127.0.0.1", knot.port, update);
        REQUIRE(answers.size() == 1);
        Message answer = Message::parse(answers[0]);
        INFO("knot.log: " << test::read_file(knot.dir / "knot.log"));
        CHECK(answer.rcode == Rcode::NOERROR);
        CHECK(answer.id == 0x1000);
        TsigResponseVerifier verifier(key, mac);
        TsigResult r = verifier.verify(answers[0], answer, now());
        CHECK(r.reason == "");
        CHECK(r.ok());
        CHECK(verifier.finish().ok());
        // The record is there.
        auto dig = test::run(
            {"kdig", "@127.0.0.1", "-p", std::to_string(knot.port), "+tcp", "+short", "A", owner});
        CHECK(dig.out == "192.0.2.55\n");
    }

    for (const auto& key : knot.keys) {
        CAPTURE(to_string(key.algorithm));
        // A signed AXFR: every message's TSIG verifies as a sequence.
        Bytes axfr = query_message(0x2000, "example.test.", RRType::AXFR);
        Bytes mac = tsig_sign_request(axfr, key, now());
        auto messages = test::tcp_exchange("127.0.0.1", knot.port, axfr, AxfrEnd{});
        CHECK(messages.size() >= 3);
        TsigResponseVerifier verifier(key, mac);
        std::size_t records = 0, signed_messages = 0;
        for (const auto& wire : messages) {
            Message m = Message::parse(wire);
            CHECK(m.rcode == Rcode::NOERROR);
            records += m.answers.size();
            signed_messages += m.tsig ? 1 : 0;
            TsigResult r = verifier.verify(wire, m, now());
            CHECK(r.reason == "");
        }
        CHECK(verifier.finish().ok());
        CHECK(records == 3000 + 3 + 1 + 6); // zone, closing SOA, the six added records
        INFO("messages: " << messages.size() << ", signed: " << signed_messages);
        CHECK(signed_messages >= 2);

        // One altered letter inside a TXT record of the second message is caught there.
        Bytes altered = messages[1];
        std::string_view text(reinterpret_cast<const char*>(altered.data()), altered.size());
        auto at = text.find("padding");
        REQUIRE(at != std::string_view::npos);
        altered[at] = 'P';
        TsigResponseVerifier tampered(key, mac);
        CHECK(tampered.verify(messages[0], Message::parse(messages[0]), now()).ok());
        CHECK(tampered.verify(altered, Message::parse(altered), now()).error == Rcode::BADSIG);
        CHECK_FALSE(tampered.finish().ok());
    }

    // A wrong secret: Knot answers NOTAUTH with an unsigned BADSIG.
    TsigKey wrong = knot.keys[3];
    wrong.secret[0] ^= 0xff;
    Bytes update = update_add_a(0x3000, "example.test.", "bad.example.test.", 0xc0000238);
    Bytes mac = tsig_sign_request(update, wrong, now());
    auto answers = test::tcp_exchange("127.0.0.1", knot.port, update);
    REQUIRE(answers.size() == 1);
    Message answer = Message::parse(answers[0]);
    CHECK(answer.rcode == Rcode::NOTAUTH);
    TsigResponseVerifier verifier(wrong, mac);
    TsigResult r = verifier.verify(answers[0], answer, now());
    CHECK(r.rcode == Rcode::NOTAUTH);
    CHECK(r.error == Rcode::BADSIG);
    auto dig = test::run({"kdig", "@127.0.0.1", "-p", std::to_string(knot.port), "+tcp", "+short",
                          "A", "bad.example.test."});
    CHECK(dig.out == "");

    // An unknown key name: BADKEY.
    TsigKey unknown = knot.keys[0];
    unknown.name = Name::parse("nobody.");
    update = update_add_a(0x3001, "example.test.", "bad.example.test.", 0xc0000238);
    mac = tsig_sign_request(update, unknown, now());
    answers = test::tcp_exchange("127.0.0.1", knot.port, update);
    answer = Message::parse(answers.at(0));
    CHECK(answer.rcode == Rcode::NOTAUTH);
    TsigResponseVerifier verifier2(unknown, mac);
    CHECK(verifier2.verify(answers[0], answer, now()).error == Rcode::BADKEY);

    // A client whose clock is an hour late: Knot's BADTIME answer is signed, carries the
    // request's time (so the client's time check passes) and Knot's time, and verifies.
    std::uint64_t client_now = now() - 3600;
    update = update_add_a(0x3002, "example.test.", "late.example.test.", 0xc0000239);
    mac = tsig_sign_request(update, knot.keys[5], client_now);
    answers = test::tcp_exchange("127.0.0.1", knot.port, update);
    answer = Message::parse(answers.at(0));
    CHECK(answer.rcode == Rcode::NOTAUTH);
    REQUIRE(answer.tsig);
    TsigRdata late = TsigRdata::decode(answer.tsig->rdata);
    CHECK(late.error == Rcode::BADTIME);
    CHECK_FALSE(late.mac.empty());
    CHECK(late.time_signed == client_now);
    REQUIRE(late.other.size() == 6);
    std::uint64_t knot_time = 0;
    for (auto b : late.other)
        knot_time = knot_time << 8 | b;
    CHECK(knot_time + 5 >= now());
    TsigResponseVerifier verifier3(knot.keys[5], mac);
    TsigResult badtime = verifier3.verify(answers[0], answer, client_now);
    CHECK(badtime.rcode == Rcode::NOTAUTH);
    CHECK(badtime.error == Rcode::BADTIME);
    CHECK(badtime.reason.find("server answered") != std::string::npos);
}

namespace {

// What our listener saw: the check of each request.
struct Seen {
    std::mutex mutex;
    std::vector<TsigRequestCheck> checks;
    void add(const TsigRequestCheck& c) {
        std::lock_guard lock(mutex);
        checks.push_back(c);
    }
    std::vector<TsigRequestCheck> take() {
        std::lock_guard lock(mutex);
        return std::exchange(checks, {});
    }
};

// Answers every request as the server will: the question echoed, NOERROR (or the check's
// rcode when the TSIG check failed), signed by our code. `server_key` is the key we hold:
// with another secret than the client's the check gives BADSIG. `tamper` changes the key
// after the check, so that the answer's MAC is wrong.
DnsListener::Handler tsig_responder(const TsigKey& server_key, Seen& seen, bool tamper = false) {
    return [server_key, &seen, tamper](std::span<const std::uint8_t> request, bool) {
        Message m = Message::parse(request);
        TsigRequestCheck check = tsig_verify_request(
            request, m,
            [&](const Name& n) -> std::optional<TsigKey> {
                if (n == server_key.name) return server_key;
                return std::nullopt;
            },
            now());
        seen.add(check);
        if (tamper && check.key) check.key->secret[0] ^= 0xff;
        Message answer = m.make_response(check.rcode);
        answer.aa = true;
        Bytes response = answer.to_wire();
        TsigResponseSigner(check).sign(response, now());
        return response;
    };
}

std::string nsupdate_script(int port, const std::string& owner) {
    return "server 127.0.0.1 " + std::to_string(port) + "\nzone example.test.\nupdate add " +
           owner + " 300 A 192.0.2.9\nsend\n";
}

} // namespace

TEST_CASE("nsupdate's signatures verify in ours and it accepts our answers", "[tsig][nsupdate]") {
    REQUIRE(test::have_program("nsupdate"));
    for (auto alg : kAllAlgorithms) {
        for (bool tcp : {false, true}) {
            CAPTURE(to_string(alg), tcp);
            TsigKey key = make_key(alg);
            Seen seen;
            int server_port = test::free_port();
            DnsListener server(server_port, tsig_responder(key, seen));
            std::vector<std::string> argv = {"nsupdate", "-y", key.to_nsupdate()};
            if (tcp) argv.push_back("-v");
            auto run = test::run(argv, nsupdate_script(server_port, "n.example.test."),
                                 std::chrono::seconds(20));
            INFO("nsupdate: " << run.err << run.out);
            CHECK(run.exit_code == 0);
            auto checks = seen.take();
            REQUIRE(checks.size() == 1);
            CHECK(checks[0].signed_request);
            CHECK(checks[0].reason == "");
            CHECK(checks[0].ok());

            // The same key name with another secret: BADSIG, which nsupdate reports.
            TsigKey other = make_key(alg, 1);
            Seen seen_bad;
            int bad_server_port = test::free_port();
            DnsListener bad_server(bad_server_port, tsig_responder(other, seen_bad));
            auto bad = test::run(argv, nsupdate_script(bad_server_port, "n.example.test."),
                                 std::chrono::seconds(20));
            CHECK(bad.exit_code != 0);
            CHECK(bad.err.find("BADSIG") != std::string::npos);
            auto bad_checks = seen_bad.take();
            REQUIRE(bad_checks.size() == 1);
            CHECK(bad_checks[0].error == Rcode::BADSIG);

            // A request we accept but an answer with a wrong MAC: nsupdate refuses it, so
            // its success above means it checked our MAC.
            Seen seen_tampered;
            int tampering_port = test::free_port();
            DnsListener tampering(tampering_port, tsig_responder(key, seen_tampered, true));
            auto refused = test::run(argv, nsupdate_script(tampering_port, "n.example.test."),
                                     std::chrono::seconds(20));
            INFO("nsupdate (tampered answer): " << refused.err << refused.out);
            CHECK(refused.exit_code != 0);
            CHECK(refused.err.find("tsig verify failure") != std::string::npos);
            CHECK(seen_tampered.take().size() >= 1);
        }
    }
    // The two-part form defaults to hmac-md5, as in nsupdate.
    TsigKey md5 = make_key(TsigAlgorithm::HMAC_MD5);
    Seen seen;
    int server_port = test::free_port();
    DnsListener server(server_port, tsig_responder(md5, seen));
    std::string two_part = md5.to_nsupdate().substr(std::string_view("hmac-md5:").size());
    CHECK(TsigKey::parse(two_part) == md5);
    auto run = test::run({"nsupdate", "-y", two_part},
                         nsupdate_script(server_port, "m.example.test."), std::chrono::seconds(20));
    CHECK(run.exit_code == 0);
    auto checks = seen.take();
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].ok());
}

TEST_CASE("kdig's signatures verify in ours and it accepts our answers", "[tsig][kdig]") {
    REQUIRE(test::have_program("kdig"));
    for (auto alg : kAllAlgorithms) {
        for (bool tcp : {false, true}) {
            CAPTURE(to_string(alg), tcp);
            TsigKey key = make_key(alg);
            Seen seen;
            int server_port = test::free_port();
            DnsListener server(server_port, tsig_responder(key, seen));
            std::vector<std::string> argv = {
                "kdig", "@127.0.0.1",      "-p",  std::to_string(server_port),
                "-y",   key.to_nsupdate(), "SOA", "example.test."};
            if (tcp) argv.push_back("+tcp");
            auto run = test::run(argv, "", std::chrono::seconds(20));
            INFO("kdig: " << run.out << run.err);
            CHECK(run.exit_code == 0);
            CHECK(run.out.find("status: NOERROR") != std::string::npos);
            CHECK(run.out.find("TSIG") != std::string::npos);
            CHECK((run.out + run.err).find("WARNING") == std::string::npos);
            auto checks = seen.take();
            REQUIRE(checks.size() == 1);
            CHECK(checks[0].reason == "");
            CHECK(checks[0].ok());

            // Our answer signed with another secret: kdig refuses it.
            TsigKey other = make_key(alg, 1);
            Seen seen_bad;
            int bad_server_port = test::free_port();
            DnsListener bad_server(bad_server_port, tsig_responder(other, seen_bad));
            argv[3] = std::to_string(bad_server_port);
            auto bad = test::run(argv, "", std::chrono::seconds(20));
            INFO("kdig (wrong key): " << bad.out << bad.err);
            CHECK((bad.out + bad.err).find("BADSIG") != std::string::npos);
            auto bad_checks = seen_bad.take();
            REQUIRE(bad_checks.size() == 1);
            CHECK(bad_checks[0].error == Rcode::BADSIG);

            // An answer with a wrong MAC: kdig reports the failure.
            Seen seen_tampered;
            int tampering_port = test::free_port();
            DnsListener tampering(tampering_port, tsig_responder(key, seen_tampered, true));
            argv[3] = std::to_string(tampering_port);
            auto refused = test::run(argv, "", std::chrono::seconds(20));
            INFO("kdig (tampered answer): " << refused.out << refused.err);
            CHECK((refused.out + refused.err).find("failed to verify TSIG") != std::string::npos);
            CHECK(seen_tampered.take().size() == 1);
        }
    }
}

namespace {

// Answers an AXFR of example.test. with `messages` messages (SOA first and last, TXT
// records between), each signed by our multi-message signer; `tamper_at` alters one byte
// of that message after signing.
DnsListener::MultiHandler axfr_responder(const TsigKey& key, std::size_t messages,
                                         std::optional<std::size_t> tamper_at, Seen& seen) {
    return [=, &seen](std::span<const std::uint8_t> request, bool) {
        Message m = Message::parse(request);
        TsigRequestCheck check = tsig_verify_request(
            request, m,
            [&](const Name& n) -> std::optional<TsigKey> {
                if (n == key.name) return key;
                return std::nullopt;
            },
            now());
        seen.add(check);
        Name origin = Name::parse("example.test.");
        Record soa{origin, RRType::SOA, RRClass::IN, 3600,
                   rdata_from_text(RRType::SOA,
                                   "ns.example.test. admin.example.test. 7 3600 600 86400 300",
                                   origin)};
        TsigResponseSigner signer(check);
        std::vector<Bytes> out;
        for (std::size_t i = 0; i < messages; ++i) {
            Message answer = m.make_response();
            answer.aa = true;
            if (i == 0) answer.answers.push_back(soa);
            for (int r = 0; r < 20; ++r) {
                std::string name = "m" + std::to_string(i) + "-r" + std::to_string(r);
                answer.answers.push_back(
                    {Name::parse(name, origin), RRType::TXT, RRClass::IN, 3600,
                     rdata_from_text(RRType::TXT, "\"message " + std::to_string(i) + "\"",
                                     origin)});
            }
            if (i + 1 == messages) answer.answers.push_back(soa);
            out.push_back(answer.to_wire());
            signer.sign(out.back(), now());
            if (tamper_at == i) {
                // "message" becomes "Message" in the first TXT record.
                std::string_view text(reinterpret_cast<const char*>(out.back().data()),
                                      out.back().size());
                out.back()[text.find("message")] = 'M';
            }
        }
        return out;
    };
}

} // namespace

// kdig checks only the first message of a transfer; dig (BIND) checks every one.
TEST_CASE("dig verifies every message of our signed multi-message AXFR", "[tsig][dig]") {
    REQUIRE(test::have_program("dig"));
    for (auto alg : kAllAlgorithms) {
        CAPTURE(to_string(alg));
        TsigKey key = make_key(alg);
        auto dig = [&](int port) {
            return test::run({"dig", "@127.0.0.1", "-p", std::to_string(port), "-y",
                              key.to_nsupdate(), "AXFR", "example.test."},
                             "", std::chrono::seconds(20));
        };
        Seen seen;
        int port = test::free_port();
        DnsListener server(port, axfr_responder(key, 5, std::nullopt, seen));
        auto run = dig(port);
        INFO("dig: " << run.out << run.err);
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("XFR size: 102 records (messages 5,") != std::string::npos);
        CHECK(run.out.find("WARNING") == std::string::npos);
        CHECK(run.out.find("verify") == std::string::npos);
        auto checks = seen.take();
        REQUIRE(checks.size() == 1);
        CHECK(checks[0].ok());

        // A letter changed in a later message after signing: dig notices.
        for (std::size_t tamper_at : {2, 4}) {
            CAPTURE(tamper_at);
            Seen seen_tampered;
            int tampered_port = test::free_port();
            DnsListener tampered(tampered_port, axfr_responder(key, 5, tamper_at, seen_tampered));
            auto refused = dig(tampered_port);
            INFO("dig (tampered): " << refused.out << refused.err);
            CHECK(refused.out.find("Couldn't verify signature: tsig verify failure") !=
                  std::string::npos);
            CHECK(refused.out.find("WARNING -- Some TSIG could not be validated") !=
                  std::string::npos);
        }
    }
}
