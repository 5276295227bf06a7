// What each web-API provider costs against the tests' fake of its operator (in-process,
// loopback HTTP; one row each of tests/support/web_provider_table): listing a 10,000-record
// zone, pagination included, with the fake serving pages of the operator's documented
// size (wall time, CPU time of the listing thread, requests); and the HTTP requests of
// typical changes, each through a provider opened for it as the engine opens one per
// operation: replacing a one-value TXT rrset (an ACME challenge rotation) the first time
// in the process (ids and tokens not yet remembered) and again, as `records` commands make
// them; then, as an UPDATE through serve makes them (right after a listing of the zone, the
// sync that gives serve its fresh view, whose requests are not counted), replacing it once
// more, adding an A record, deleting an rrset. Pacing is off: the figures are the client's and the
// fake's cost, not the operator's rate limit. Prints markdown tables for bench/README.md; nothing
// fails.
#include "lib/dns/rdata.hpp"
#include "lib/store/accounts.hpp"
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_cloudflare.hpp"
#include "tests/support/fake_desec.hpp"
#include "tests/support/fake_digitalocean.hpp"
#include "tests/support/fake_dnsimple.hpp"
#include "tests/support/fake_gandi.hpp"
#include "tests/support/fake_google_cloud_dns.hpp"
#include "tests/support/fake_hetzner.hpp"
#include "tests/support/fake_linode.hpp"
#include "tests/support/fake_ovh.hpp"
#include "tests/support/fake_porkbun.hpp"
#include "tests/support/fake_route53.hpp"
#include "tests/support/fake_vultr.hpp"
#include "tests/support/process.hpp"
#include "tests/support/web_provider_table.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/core.h>
#include <functional>
#include <map>
#include <sys/resource.h>

using namespace dnsclay;
using test::WebFake;

namespace {

constexpr int kRecords = 10'000;
constexpr int kRuns = 3;

template <class Fake> Fake& as(WebFake& fake) {
    return dynamic_cast<test::WrappedFake<Fake>&>(fake).fake;
}

// Adds one record to a fake as if made at the operator: owner relative to example.test,
// the value as the operator spells it.
using Seed = std::function<void(WebFake&, const std::string& owner, const std::string& type,
                                unsigned ttl, const std::string& value)>;

// How the bench drives one operator's fake.
struct Operator {
    // The page size the operator serves to the provider's listing (its documented maximum,
    // or the per_page the provider asks for when that is less); 0: no pages.
    std::size_t page_size;
    Seed seed;
    bool quoted_txt; // TXT values are held in presentation form ("..."), else raw
};

std::map<std::string, Operator> operators() {
    using namespace test;
    auto fqdn = [](const std::string& owner) { return owner + ".example.test"; };
    return {
        {"cloudflare",
         {100,
          [=](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeCloudflare>(f).seed(t, fqdn(o), v, ttl);
          },
          true}},
        {"desec",
         {500,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeDesec>(f).seed(o, t, ttl, {v});
          },
          true}},
        {"hetzner",
         {50,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeHetzner>(f).seed(o, t, ttl, {v});
          },
          true}},
        {"digitalocean",
         {200,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeDigitalOcean>(f).seed(t, o, v, ttl);
          },
          false}},
        {"linode",
         {500,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeLinode>(f).seed(t, o, v, ttl);
          },
          false}},
        {"vultr",
         {500,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeVultr>(f).seed(t, o, v, ttl);
          },
          true}},
        {"dnsimple",
         {100,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeDnsimple>(f).seed(o, t, v, ttl);
          },
          false}},
        {"gandi",
         {500,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeGandi>(f).seed(o, t, ttl, {v});
          },
          true}},
        {"porkbun",
         {0,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakePorkbun>(f).seed(o, t, v, ttl);
          },
          false}},
        {"route53",
         {300,
          [=](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeRoute53>(f).seed(fqdn(o) + ".", t, ttl, {v});
          },
          true}},
        {"ovh",
         {0,
          [](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeOvh>(f).seed(o, t, ttl, v);
          },
          false}},
        {"googleclouddns",
         {1000,
          [=](WebFake& f, auto& o, auto& t, unsigned ttl, auto& v) {
              as<FakeGoogleCloudDns>(f).seed(fqdn(o) + ".", t, ttl, {v});
          },
          true}},
    };
}

std::string address(int i) {
    return fmt::format("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255);
}

std::unique_ptr<providers::Provider> open(const test::WebProviderRow& row,
                                          const test::RowAccount& account) {
    providers::ProviderContext ctx;
    ctx.zone = dns::Name::parse(test::kRowZone);
    ctx.fields["endpoint"] = account.fake->endpoint();
    for (const auto& field : account.fields) {
        auto eq = field.find('=');
        ctx.fields[field.substr(0, eq)] = store::resolve_field_value(field.substr(eq + 1));
    }
    ctx.rate_limits[row.provider] = {}; // no pacing: the fake's cost, not the operator's limit
    return providers::find_provider(row.provider)->create(ctx);
}

zone::RRsetChange change(const std::string& owner, dns::RRType type, std::uint32_t ttl,
                         const std::vector<std::string>& before,
                         const std::vector<std::string>& after) {
    auto origin = dns::Name::parse(test::kRowZone);
    auto name = dns::Name::parse(owner, origin);
    auto records = [&](const std::vector<std::string>& values) {
        std::vector<dns::Record> out;
        for (const auto& v : values)
            out.push_back(
                {name, type, dns::RRClass::IN, ttl, dns::rdata_from_text(type, v, origin)});
        return out;
    };
    return {zone::RRsetKey{name, type}, records(before), records(after)};
}

double cpu_seconds(int who) {
    rusage u{};
    getrusage(who, &u);
    auto sec = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return sec(u.ru_utime) + sec(u.ru_stime);
}

struct Listing {
    std::size_t records = 0, requests = 0;
    double wall = 1e9, cpu_thread = 1e9, cpu_process = 1e9; // best of kRuns
};

struct Changes {
    std::size_t first_replace = 0, replace = 0;          // no listing before
    std::size_t synced_replace = 0, add = 0, remove = 0; // right after a listing
};

} // namespace

int main() {
    test::TempDir dir;
    auto ops = operators();
    std::vector<std::pair<std::string, Listing>> listings;
    std::vector<std::pair<std::string, Changes>> changes;
    std::map<std::string, std::size_t> page_sizes;
    for (const auto& row : test::web_provider_rows()) {
        const auto& op = ops.at(row.provider);
        auto account = test::row_account(row, "bench-" + row.provider + "-secret", dir.path());
        auto& fake = *account.fake;
        auto& api = fake.api();
        if (op.page_size) api.page_size = op.page_size;
        page_sizes[row.provider] = op.page_size;
        const auto& info = *providers::find_provider(row.provider);
        const std::uint32_t ttl = std::max<std::uint32_t>(300, info.capabilities.min_ttl);
        auto txt = [&](const std::string& v) { return op.quoted_txt ? "\"" + v + "\"" : v; };
        for (int i = 0; i < kRecords - 1; ++i)
            op.seed(fake, fmt::format("h{}", i), "A", ttl, address(i));
        op.seed(fake, "_acme-challenge", "TXT", ttl, txt("old"));

        // Requests of one change set through a provider opened for it; with `synced`, right
        // after a listing through another (serve's sync before an UPDATE), not counted.
        auto requests_for = [&](const zone::ChangeSet& set, bool synced) {
            if (synced) open(row, account)->list_records();
            api.clear_log();
            zone::apply_changes(*open(row, account), info.capabilities, set);
            return api.request_count();
        };
        auto txt_change = [&](const std::string& before, const std::string& after) {
            return zone::ChangeSet{change("_acme-challenge", dns::RRType::TXT, ttl,
                                          {"\"" + before + "\""}, {"\"" + after + "\""})};
        };
        Changes c;
        c.first_replace = requests_for(txt_change("old", "new"), false);
        c.replace = requests_for(txt_change("new", "newer"), false);
        c.synced_replace = requests_for(txt_change("newer", "newest"), true);
        c.add = requests_for({change("added", dns::RRType::A, ttl, {}, {"192.0.2.1"})}, true);
        c.remove = requests_for({change("added", dns::RRType::A, ttl, {"192.0.2.1"}, {})}, true);
        changes.emplace_back(row.provider, c);

        Listing l;
        for (int run = 0; run < kRuns; ++run) {
            api.clear_log();
            auto provider = open(row, account);
            auto wall = std::chrono::steady_clock::now();
            double thread = cpu_seconds(RUSAGE_THREAD), process = cpu_seconds(RUSAGE_SELF);
            l.records = provider->list_records().size();
            l.cpu_thread = std::min(l.cpu_thread, cpu_seconds(RUSAGE_THREAD) - thread);
            l.cpu_process = std::min(l.cpu_process, cpu_seconds(RUSAGE_SELF) - process);
            l.wall = std::min(
                l.wall,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count());
            l.requests = api.request_count();
        }
        listings.emplace_back(row.provider, l);
        fmt::print(stderr, "{}: listed {} records in {:.3f} s\n", row.provider, l.records, l.wall);
    }

    fmt::print("Listing a {}-record zone (best of {}; CPU: the listing thread, and the whole "
               "process with the fake)\n\n",
               kRecords, kRuns);
    fmt::print("| provider | page size | requests | records | wall | CPU client | CPU with fake "
               "| records/s (wall) |\n|---|---|---|---|---|---|---|---|\n");
    for (const auto& [name, l] : listings)
        fmt::print("| {} | {} | {} | {} | {:.3f} s | {:.3f} s | {:.3f} s | {:.0f} |\n", name,
                   page_sizes[name] ? std::to_string(page_sizes[name]) : "none", l.requests,
                   l.records, l.wall, l.cpu_thread, l.cpu_process,
                   static_cast<double>(l.records) / l.wall);
    fmt::print("\nHTTP requests per change set (the provider's apply alone)\n\n");
    fmt::print("| provider | replace a TXT rrset, first in the process | replace it again | "
               "after a listing: replace it | add an A record | delete an rrset "
               "|\n|---|---|---|---|---|---|\n");
    for (const auto& [name, c] : changes)
        fmt::print("| {} | {} | {} | {} | {} | {} |\n", name, c.first_replace, c.replace,
                   c.synced_replace, c.add, c.remove);
    return 0;
}
