// `dnsclay serve` in front of a provider that fails over the wire: an `rfc2136` upstream
// (a DnsListener) that lists the zone but answers UPDATE with SERVFAIL or REFUSED, and one
// that takes its time. A failed change leaves the zone as it was and the client gets
// SERVFAIL with an Extended DNS Error saying why; a slow provider holds up only its own
// zone.
#include "lib/dns/message.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/dns/tsig.hpp"
#include "tests/integration/serve_fixture.hpp"
#include "tests/support/dns_client.hpp"
#include "tests/support/dns_listener.hpp"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <fmt/core.h>
#include <future>
#include <mutex>
#include <sstream>

using namespace dnsclay;
using namespace dnsclay::test;
using namespace std::chrono_literals;

namespace {

dns::Record record(const std::string& zone, const std::string& owner, dns::RRType type,
                   const std::string& rdata) {
    auto origin = dns::Name::parse(zone);
    return {dns::Name::parse(owner, origin), type, dns::RRClass::IN, 300,
            dns::rdata_from_text(type, rdata, origin)};
}

// An upstream primary for `zone` with a fixed SOA and one A record: it answers SOA queries
// and AXFR (after `on_read`, which may take its time), and hands UPDATEs to `on_update`,
// which returns the rcode to answer with.
class Upstream {
  public:
    using OnUpdate = std::function<dns::Rcode()>;
    Upstream(
        std::string zone, OnUpdate on_update, std::function<void()> on_read = [] {})
        : zone_(std::move(zone)), on_update_(std::move(on_update)), on_read_(std::move(on_read)),
          listener_(port_, DnsListener::MultiHandler([this](auto wire, bool) {
                        return answer(dns::Message::parse(wire));
                    })) {}

    std::string address() const { return fmt::format("127.0.0.1:{}", port_); }
    std::size_t updates_received() const {
        std::size_t n = 0;
        for (const auto& r : listener_.requests())
            n += dns::Message::parse(r.wire).opcode == dns::Opcode::UPDATE;
        return n;
    }
    std::size_t requests_received() const { return listener_.requests().size(); }

  private:
    std::vector<dns::Bytes> answer(const dns::Message& request) {
        if (request.opcode == dns::Opcode::UPDATE) {
            auto rcode = on_update_();
            auto reply = request.make_response(rcode);
            reply.answers.clear();
            reply.authorities.clear();
            if (rcode != dns::Rcode::NOERROR) {
                reply.edns.emplace();
                reply.edns->add_extended_error(0, "upstream policy says no");
            }
            return {reply.to_wire()};
        }
        on_read_();
        auto reply = request.make_response();
        reply.aa = true;
        auto soa =
            record(zone_, "@", dns::RRType::SOA, "ns1 hostmaster 2026112601 3600 600 604800 300");
        if (!request.questions.empty() && request.questions[0].type == dns::RRType::AXFR) {
            reply.answers = {soa, record(zone_, "@", dns::RRType::NS, "ns1"),
                             record(zone_, "www", dns::RRType::A, "192.0.2.1"), soa};
        } else if (!request.questions.empty() && request.questions[0].type == dns::RRType::SOA) {
            reply.answers = {soa};
        }
        return {reply.to_wire()};
    }

    std::string zone_;
    OnUpdate on_update_;
    std::function<void()> on_read_;
    int port_ = free_port();
    DnsListener listener_;
};

TsigCred key_for(const std::vector<std::string>& zones) {
    TsigCred k;
    k.name = "writer";
    k.secret = random_secret();
    k.zones = zones;
    return k;
}

// The answer to a TSIG-signed UPDATE with EDNS for `zone` adding `owner` A `address`, over
// TCP, as our own client sends it (nsupdate does not show Extended DNS Errors).
dns::Message update(const ServeFixture& f, const TsigCred& cred, const std::string& zone,
                    const std::string& owner, const std::string& address,
                    std::chrono::milliseconds timeout = 10s) {
    dns::Message m;
    m.id = 4242;
    m.opcode = dns::Opcode::UPDATE;
    m.questions.push_back({dns::Name::parse(zone), dns::RRType::SOA, dns::RRClass::IN});
    m.authorities.push_back(record(zone, owner, dns::RRType::A, address));
    m.edns.emplace();
    auto key = dns::TsigKey::parse(cred.spec());
    auto wire = m.to_wire(65535, dns::tsig_record_size(key));
    dns::tsig_sign_request(wire, key, static_cast<std::uint64_t>(std::time(nullptr)));
    return dns::Message::parse(tcp_exchange("127.0.0.1", f.port(), wire, {}, timeout).at(0));
}

std::string ede_text(const dns::Message& m) {
    if (!m.edns || m.edns->extended_errors().empty()) return "";
    return m.edns->extended_errors()[0].text;
}

// What a client can see of a zone: its records as `records list` prints them, its AXFR and
// its serial.
struct ZoneView {
    std::string records;
    std::string axfr;
    std::uint32_t serial = 0;
};

ZoneView view(ServeFixture& f, const TsigCred& cred, const std::string& zone) {
    auto axfr = f.kdig({"-y", cred.spec(), "+nocomments", "+nostats", zone, "AXFR"});
    // The TSIG record differs in every answer (time, MAC, id).
    std::string records;
    std::istringstream in(axfr.out);
    for (std::string line; std::getline(in, line);)
        if (line.find("\tTSIG\t") == std::string::npos) records += line + "\n";
    return {f.cli({"records", "list", zone}).out, records, f.serial(zone)};
}

} // namespace

TEST_CASE("an upstream that refuses or fails an UPDATE: SERVFAIL with the reason, zone "
          "unchanged",
          "[serve][rfc2136][update]") {
    auto rcode = GENERATE(dns::Rcode::SERVFAIL, dns::Rcode::REFUSED);
    INFO("upstream answers " << dns::to_string(rcode));
    Upstream upstream("failing.test.", [rcode] { return rcode; });
    ServeFixture f;
    auto added = f.cli({"zone", "add", "failing.test.", "--provider", "rfc2136", "--set",
                        "server=" + upstream.address()});
    INFO(added.out << added.err);
    REQUIRE(added.exit_code == 0);
    auto cred = key_for({"failing.test."});
    f.add_tsig(cred);
    f.start();
    auto before = view(f, cred, "failing.test.");
    REQUIRE(before.serial > 0);
    CHECK_THAT(before.records, Catch::Contains("192.0.2.1"));
    CHECK_THAT(before.axfr, Catch::Contains("192.0.2.1"));

    auto ns = f.nsupdate(cred, "failing.test.", "update add new.failing.test. 300 A 192.0.2.9");
    CHECK(ns.exit_code != 0);
    CHECK_THAT(ns.err, Catch::Contains("SERVFAIL"));
    CHECK(upstream.updates_received() == 1);

    auto answer = update(f, cred, "failing.test.", "new", "192.0.2.9");
    CHECK(answer.rcode == dns::Rcode::SERVFAIL);
    auto why = ede_text(answer);
    CHECK_THAT(why, Catch::Contains("the provider failed") &&
                        Catch::Contains(std::string(dns::to_string(rcode))) &&
                        Catch::Contains("upstream policy says no"));
    CHECK(upstream.updates_received() == 2);

    auto after = view(f, cred, "failing.test.");
    CHECK(after.serial == before.serial);
    CHECK(after.records == before.records);
    CHECK(after.axfr == before.axfr);
    CHECK_THAT(f.cli({"history", "failing.test."}).out, !Catch::Contains("192.0.2.9"));
}

TEST_CASE("a slow provider holds up neither queries nor UPDATEs of another zone",
          "[serve][rfc2136][update]") {
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    // The upstream keeps the UPDATE until the test has checked the other zone (at most a
    // minute, so that a failing test cannot hang).
    Upstream upstream("slow.test.", [&] {
        std::unique_lock lock(mu);
        cv.wait_for(lock, 60s, [&] { return release; });
        return dns::Rcode::NOERROR;
    });
    auto let_go = [&] {
        {
            std::lock_guard lock(mu);
            release = true;
        }
        cv.notify_all();
    };
    ServeFixture f;
    REQUIRE(f.cli({"zone", "add", "slow.test.", "--provider", "rfc2136", "--set",
                   "server=" + upstream.address()})
                .exit_code == 0);
    f.add_zone("other.test.");
    f.add_records("other.test.", {"www.other.test. 300 A 192.0.2.1"});
    auto cred = key_for({"slow.test.", "other.test."});
    f.add_tsig(cred);
    f.start();

    auto slow = std::async(std::launch::async, [&] {
        return f.nsupdate(cred, "slow.test.", "update add new.slow.test. 300 A 192.0.2.9", true);
    });
    bool in_progress = wait_until([&] { return upstream.updates_received() == 1; }, 20s);
    if (!in_progress) let_go();
    REQUIRE(in_progress);
    // More UPDATEs of the slow zone than serve has threads for reads: they wait for their
    // zone's turn without taking a thread from anyone.
    std::vector<std::future<dns::Message>> queued;
    for (int i = 0; i < 12; ++i)
        queued.push_back(std::async(std::launch::async, [&, i] {
            return update(f, cred, "slow.test.", fmt::format("queued-{}", i),
                          fmt::format("192.0.2.{}", 100 + i), 120s);
        }));

    auto other_serial = f.serial("other.test.");
    auto soa = f.kdig({"+short", "SOA", "other.test."});
    CHECK(soa.exit_code == 0);
    CHECK_THAT(soa.out, Catch::Contains(std::to_string(other_serial)));
    // The slow zone's own SOA comes from the local copy and does not wait either.
    CHECK(f.kdig({"+short", "SOA", "slow.test."}).out.size() > 0);
    auto other = f.nsupdate(cred, "other.test.", "update add new.other.test. 300 A 192.0.2.8");
    CHECK(other.exit_code == 0);
    CHECK(f.serial("other.test.") > other_serial);
    CHECK_THAT(f.cli({"records", "list", "other.test."}).out, Catch::Contains("192.0.2.8"));
    CHECK(slow.wait_for(0s) == std::future_status::timeout);
    CHECK(upstream.updates_received() == 1);

    let_go();
    auto done = slow.get();
    INFO(done.out << done.err << f.log());
    CHECK(done.exit_code == 0);
    for (auto& q : queued)
        CHECK(q.get().rcode == dns::Rcode::NOERROR);
    CHECK(upstream.updates_received() == 13);
}

TEST_CASE("serve stops promptly while a sync waits on a provider that does not answer",
          "[serve][rfc2136][sync]") {
    std::mutex mu;
    std::condition_variable cv;
    bool hold = false;
    bool release = false;
    // Once `hold` is set, the upstream keeps every SOA query and AXFR (at most a minute, so
    // that a failing test cannot hang).
    Upstream upstream(
        "slow.test.", [] { return dns::Rcode::NOERROR; },
        [&] {
            std::unique_lock lock(mu);
            if (hold) cv.wait_for(lock, 60s, [&] { return release; });
        });
    auto let_go = [&] {
        {
            std::lock_guard lock(mu);
            release = true;
        }
        cv.notify_all();
    };
    ServeFixture f;
    // Far longer than the test waits: only cancellation can end the call in time.
    write_file(f.state_dir() + "/config.toml", "[sync]\nprovider_timeout = \"10m\"\n");
    REQUIRE(f.cli({"zone", "add", "slow.test.", "--provider", "rfc2136", "--set",
                   "server=" + upstream.address()})
                .exit_code == 0);
    f.start();
    {
        std::lock_guard lock(mu);
        hold = true;
    }
    auto before = upstream.requests_received();
    // The upstream's NOTIFY, as a primary sends it: serve starts a sync of the zone.
    dns::Message notify;
    notify.id = 77;
    notify.opcode = dns::Opcode::NOTIFY;
    notify.aa = true;
    notify.questions.push_back(
        {dns::Name::parse("slow.test."), dns::RRType::SOA, dns::RRClass::IN});
    auto answer = dns::Message::parse(udp_exchange("127.0.0.1", f.port(), notify.to_wire()));
    CHECK(answer.rcode == dns::Rcode::NOERROR);
    bool waiting = wait_until([&] { return upstream.requests_received() > before; }, 20s);
    if (!waiting) let_go();
    REQUIRE(waiting);

    REQUIRE(::kill(f.pid(), SIGTERM) == 0);
    bool stopped = wait_until([&] { return !f.running(); }, 30s);
    let_go();
    INFO(f.log());
    CHECK(stopped);
    CHECK_THAT(f.log(), Catch::Contains("cancelled (shutting down)"));
    CHECK_THAT(f.log(), Catch::Contains("stopped"));
}
