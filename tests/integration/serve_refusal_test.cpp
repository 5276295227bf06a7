// UPDATEs that dnsclay serve must refuse, sent by our own client (lib/dns signing, so the
// clock and the secret can be wrong on purpose) over UDP and TCP: each answer's rcode,
// TSIG error, whether the answer is signed, and its Extended DNS Error; then by nsupdate
// and knsupdate, which must see the same rcode; the zone unchanged afterwards; and the
// refusals of verified keys in the audit log. RFC 8945 §5.2 for the TSIG failures; the
// credential's grants and limits for the rest.
#include "lib/dns/message.hpp"
#include "lib/dns/tsig.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/store.hpp"
#include "tests/integration/serve_clients.hpp"
#include "tests/support/dns_client.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>

using namespace dnsclay;
using namespace dnsclay::test;

namespace {

const std::string kZone = "example.test.";

TsigCred cred(const std::string& name, std::vector<std::string> zones) {
    TsigCred c;
    c.name = name;
    c.secret = random_secret();
    c.zones = std::move(zones);
    return c;
}

dns::TsigKey tsig_key(const TsigCred& c) {
    return dns::TsigKey::parse(c.spec());
}

struct Refusal {
    std::string what;
    std::optional<TsigCred> signer; // as the client holds it (the secret may be wrong)
    std::int64_t clock_offset;      // seconds added to our clock when signing
    std::string zone;
    std::string record;
    dns::Rcode rcode;
    // The answer's TSIG: absent for an unsigned request; else its error and whether it
    // carries a MAC that verifies (RFC 8945 §5.3.2: not for BADKEY and BADSIG).
    dns::Rcode tsig_error;
    bool answer_signed;
    dns::EdeCode ede;
    std::string ede_says;
};

} // namespace

TEST_CASE("refused UPDATEs: rcode, TSIG error and Extended DNS Error for each reason",
          "[serve][update][tsig]") {
    ServeFixture f;
    f.add_zone(kZone);
    f.add_records(kZone, {"www.example.test. 300 A 192.0.2.1"});
    f.add_zone("other.test.");

    auto writer = cred("writer", {kZone});
    auto reader = cred("reader", {kZone});
    reader.read_only = true;
    auto acme = cred("acme", {kZone});
    acme.allow_names = {"_acme-challenge"};
    acme.allow_types = {static_cast<std::uint16_t>(dns::RRType::TXT)};
    auto elsewhere = cred("elsewhere", {"other.test."});
    for (const auto* c : {&writer, &reader, &acme, &elsewhere})
        f.add_tsig(*c);
    auto wrong_secret = writer;
    wrong_secret.secret = random_secret();
    auto unknown = cred("nobody", {kZone});
    f.start();

    const std::string add_www = "www.example.test. 300 A 192.0.2.99";
    const std::string add_acme_txt = "_acme-challenge.example.test. 60 TXT \"token\"";
    using dns::EdeCode;
    using dns::Rcode;
    const std::vector<Refusal> refusals = {
        {"unsigned", std::nullopt, 0, kZone, add_www, Rcode::REFUSED, Rcode::NOERROR, false,
         EdeCode::PROHIBITED, "authentication required"},
        {"wrong secret", wrong_secret, 0, kZone, add_www, Rcode::NOTAUTH, Rcode::BADSIG, false,
         EdeCode::OTHER, "TSIG key writer.: "},
        {"clock 20 minutes behind", writer, -1200, kZone, add_www, Rcode::NOTAUTH, Rcode::BADTIME,
         true, EdeCode::OTHER, "(BADTIME)"},
        {"clock 20 minutes ahead", writer, 1200, kZone, add_www, Rcode::NOTAUTH, Rcode::BADTIME,
         true, EdeCode::OTHER, "(BADTIME)"},
        {"unknown key", unknown, 0, kZone, add_www, Rcode::NOTAUTH, Rcode::BADKEY, false,
         EdeCode::OTHER, "TSIG key nobody.: "},
        {"read-only key", reader, 0, kZone, add_www, Rcode::REFUSED, Rcode::NOERROR, true,
         EdeCode::PROHIBITED, "TSIG key 'reader' is read-only"},
        {"name outside --allow-name", acme, 0, kZone, add_www, Rcode::REFUSED, Rcode::NOERROR, true,
         EdeCode::PROHIBITED,
         "may not change www.example.test. A: the name is outside --allow-name _acme-challenge"},
        {"type outside --allow-type", acme, 0, kZone,
         "_acme-challenge.example.test. 60 A 192.0.2.7", Rcode::REFUSED, Rcode::NOERROR, true,
         EdeCode::PROHIBITED,
         "may not change _acme-challenge.example.test. A: the type is outside --allow-type TXT"},
        {"key granted on another zone", elsewhere, 0, kZone, add_acme_txt, Rcode::REFUSED,
         Rcode::NOERROR, true, EdeCode::PROHIBITED,
         "TSIG key 'elsewhere' is not granted on zone example.test."},
        {"zone not served here", writer, 0, "nowhere.test.", "x.nowhere.test. 60 A 192.0.2.7",
         Rcode::NOTAUTH, Rcode::NOERROR, true, EdeCode::NOT_AUTHORITATIVE,
         "nowhere.test. is not a zone served here"},
    };

    auto records_before = listed_records(f, kZone);
    auto serial_before = f.serial(kZone);
    for (const auto& r : refusals) {
        for (bool tcp : {false, true}) {
            INFO(r.what << (tcp ? " over TCP" : " over UDP"));
            auto wire = update_adding(r.zone, r.record).to_wire();
            auto clock = static_cast<std::uint64_t>(std::time(nullptr) + r.clock_offset);
            std::optional<dns::TsigResponseVerifier> verifier;
            if (r.signer) {
                auto key = tsig_key(*r.signer);
                verifier.emplace(key, dns::tsig_sign_request(wire, key, clock));
            }
            auto answer_wire = tcp ? tcp_exchange("127.0.0.1", f.port(), wire).at(0)
                                   : udp_exchange("127.0.0.1", f.port(), wire);
            auto answer = dns::Message::parse(answer_wire);
            CHECK(answer.id == 4242);
            CHECK(answer.rcode == r.rcode);

            REQUIRE(answer.edns);
            auto edes = answer.edns->extended_errors();
            REQUIRE(edes.size() == 1);
            CHECK(edes[0].info_code == static_cast<std::uint16_t>(r.ede));
            CHECK_THAT(edes[0].text, Catch::Contains(r.ede_says));

            if (!verifier) {
                CHECK_FALSE(answer.tsig);
                continue;
            }
            REQUIRE(answer.tsig);
            auto tsig = dns::TsigRdata::decode(answer.tsig->rdata);
            CHECK(tsig.error == r.tsig_error);
            CHECK(tsig.mac.empty() == !r.answer_signed);
            // Verified at the client's clock, so a BADTIME answer (which echoes the
            // request's time) is judged on its MAC and reports its error.
            auto verdict = verifier->verify(answer_wire, answer, clock);
            CHECK(verdict.error == r.tsig_error);
            if (r.tsig_error == Rcode::BADTIME) {
                // RFC 8945 §5.2.3: our time in Other Data, so the client can see its skew.
                REQUIRE(tsig.other.size() == 6);
                std::uint64_t server_time = 0;
                for (auto b : tsig.other)
                    server_time = server_time << 8 | b;
                auto now = static_cast<std::uint64_t>(std::time(nullptr));
                CHECK(server_time + 60 > now);
                CHECK(server_time <= now);
            }
        }
    }
    // What real clients make of the same refusals (they cannot skew their clocks).
    for (auto tool : {Tool::Nsupdate, Tool::Knsupdate}) {
        for (const auto& r : refusals) {
            if (r.clock_offset != 0) continue;
            Updater updater{tool, Transport::Tcp};
            INFO(r.what << " with " << updater.name());
            auto out = send_update(f, r.signer, updater, r.zone, "update add " + r.record);
            INFO(out.out << out.err);
            CHECK(out.exit_code != 0);
            auto expected = dns::to_string(r.rcode);
            if (r.tsig_error != dns::Rcode::NOERROR)
                expected += "(" + dns::to_string(r.tsig_error, true) + ")";
            CHECK(update_rcode(out) == expected);
        }
    }
    CHECK(listed_records(f, kZone) == records_before);
    CHECK(f.serial(kZone) == serial_before);

    // Refusals of a verified key are in the audit log with the reason; unverified requests
    // (anyone who can reach the port) leave no row.
    store::Store st(f.state_dir(), store::Config{});
    auto audit = store::list_audit(st.db(), "", 1000);
    for (const auto& entry : audit)
        CHECK(entry.actor.starts_with("cred:"));
    for (const auto& r : refusals) {
        if (!r.signer || r.tsig_error != dns::Rcode::NOERROR) continue;
        INFO(r.what << " in the audit log");
        auto said = "error: " + dns::to_string(r.rcode) + ": ";
        CHECK(std::any_of(audit.begin(), audit.end(), [&](const store::AuditEntry& e) {
            return e.actor == "cred:" + r.signer->name && e.action == "update" &&
                   e.result.starts_with(said) && e.result.find(r.ede_says) != std::string::npos;
        }));
    }
}
