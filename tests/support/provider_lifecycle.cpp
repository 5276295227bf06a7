#include "tests/support/provider_lifecycle.hpp"

#include "lib/dns/rdata.hpp"
#include "lib/zone/apply.hpp"
#include "providers/record_fields.hpp"
#include "providers/registry.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

namespace dnsclay::test {
namespace {

std::string line(const dns::Record& r) {
    return fmt::format("{} {} {} {}", r.owner.to_string(), r.ttl, dns::to_string(r.type),
                       dns::rdata_to_text(r.type, r.rdata));
}

// `r` as the operator gives it back.
dns::Record stored(const Lifecycle& spec, dns::Record r) {
    if (spec.txt_as_text && r.type == dns::RRType::TXT)
        r.rdata = dns::rdata_from_text(r.type, providers::txt_presentation(providers::txt_text(r)),
                                       r.owner);
    return r;
}

void apply_set(const Lifecycle& spec, const zone::ChangeSet& changes) {
    auto p = spec.open();
    zone::apply_changes(*p, spec.capabilities, changes);
}

std::set<std::string> now(const Lifecycle& spec) {
    auto p = spec.open();
    return listing(*p, spec.zone);
}

} // namespace

zone::RRsetChange rrset_change(std::vector<dns::Record> before, std::vector<dns::Record> after) {
    const auto& any = after.empty() ? before.front() : after.front();
    return {zone::RRsetKey::of(any), std::move(before), std::move(after)};
}

std::set<std::string> listing_but_soa(providers::Provider& provider) {
    std::set<std::string> out;
    for (const auto& r : provider.list_records())
        if (r.type != dns::RRType::SOA) out.insert(line(r));
    return out;
}

std::set<std::string> listing(providers::Provider& provider, const std::string& zone) {
    auto apex = dns::Name::parse(zone);
    std::set<std::string> out;
    for (const auto& r : provider.list_records())
        if (r.type != dns::RRType::SOA && !(r.type == dns::RRType::NS && r.owner == apex))
            out.insert(line(r));
    return out;
}

dns::Record record(const std::string& zone, const std::string& owner, dns::RRType type,
                   const std::string& rdata, std::uint32_t ttl) {
    auto origin = dns::Name::parse(zone);
    return {dns::Name::parse(owner, origin), type, dns::RRClass::IN, ttl,
            dns::rdata_from_text(type, rdata, origin)};
}

void run_lifecycle(const Lifecycle& spec) {
    using T = dns::RRType;
    const auto ttl = spec.ttl;
    auto rr = [&](const std::string& owner, T type, const std::string& rdata, std::uint32_t t = 0) {
        return record(spec.zone, owner, type, rdata, t ? t : ttl);
    };
    auto start = now(spec);
    std::set<std::string> expected = start;
    auto expect = [&](const std::vector<dns::Record>& add, const std::vector<dns::Record>& gone) {
        for (const auto& r : gone)
            expected.erase(line(stored(spec, r)));
        for (const auto& r : add)
            expected.insert(line(stored(spec, r)));
    };

    // 1. add rrsets of every kind in one change set
    const std::string long_text(300, 'x');
    std::vector<dns::Record> www = {rr("www", T::A, "192.0.2.1"), rr("www", T::A, "192.0.2.2")};
    std::vector<dns::Record> v6 = {rr("v6", T::AAAA, "2001:db8::1")};
    std::vector<dns::Record> mx = {rr("@", T::MX, "10 mx.example.test.")};
    std::vector<dns::Record> srv = {rr("_sip._tcp", T::SRV, "10 20 5060 sip.example.test.")};
    std::vector<dns::Record> caa = {rr("@", T::CAA, "0 issue \"letsencrypt.org\"")};
    std::vector<dns::Record> tlsa = {
        rr("_25._tcp.mx", T::TLSA,
           "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6")};
    std::vector<dns::Record> alias = {rr("alias", T::CNAME, "www.example.test.")};
    std::vector<dns::Record> txt = {rr("txt", T::TXT, "\"" + long_text + "\""),
                                    rr("txt", T::TXT, R"("say \"hi\"; then go" "second")")};
    zone::ChangeSet adds;
    for (const auto* set : {&www, &v6, &mx, &srv, &caa, &tlsa, &alias, &txt}) {
        bool supported = spec.capabilities.types.empty() ||
                         std::find(spec.capabilities.types.begin(), spec.capabilities.types.end(),
                                   set->front().type) != spec.capabilities.types.end();
        if (!supported) continue;
        adds.push_back(rrset_change({}, *set));
        expect(*set, {});
    }
    apply_set(spec, adds);
    CHECK(now(spec) == expected);
    // the long TXT came back as 255-byte strings
    CHECK(expected.count(fmt::format("txt.{} {} TXT \"{}\" \"{}\"", spec.zone, ttl,
                                     long_text.substr(0, 255), long_text.substr(255))) == 1);

    // 2. replace: other addresses and TTL; a second MX
    std::vector<dns::Record> www2 = {rr("www", T::A, "192.0.2.3", ttl * 2)};
    std::vector<dns::Record> mx2 = {rr("@", T::MX, "10 mx.example.test."),
                                    rr("@", T::MX, "20 mx2.example.test.")};
    apply_set(spec, {rrset_change(www, www2), rrset_change(mx, mx2)});
    expect(www2, www);
    expect(mx2, mx);
    CHECK(now(spec) == expected);

    // 3. delete
    apply_set(spec, {rrset_change(v6, {}), rrset_change(alias, {})});
    expect({}, v6);
    expect({}, alias);
    CHECK(now(spec) == expected);

    // 4. a change set whose write fails midway leaves the operator as it was
    auto fake_before = spec.fake_state();
    std::vector<dns::Record> fresh = {rr("new", T::A, "192.0.2.50")};
    std::vector<dns::Record> www3 = {rr("www", T::A, "192.0.2.4")};
    spec.fail_write(spec.failing_write);
    try {
        apply_set(spec, {rrset_change({}, fresh), rrset_change(www2, www3), rrset_change(srv, {})});
        FAIL("the change set went through although its write failed");
    } catch (const zone::ApplyError& e) {
        CHECK(e.rolled_back());
    }
    CHECK(spec.fake_state() == fake_before);
    CHECK(now(spec) == expected);

    // 5. an rrset whose second value's write fails: the first value is taken back
    if (spec.write_per_value) {
        spec.fail_write(2);
        CHECK_THROWS_AS(apply_set(spec, {rrset_change({}, {rr("pair", T::A, "192.0.2.61"),
                                                           rr("pair", T::A, "192.0.2.62")})}),
                        zone::ApplyError);
        CHECK(spec.fake_state() == fake_before);
    }
}

void run_faults(const Lifecycle& spec, FakeApi& api) {
    auto expected = now(spec);
    api.fail_next(Fault{FaultKind::RateLimited, "1"});
    CHECK(now(spec) == expected);
    api.fail_next(Fault{FaultKind::Status500}, 5);
    CHECK_THROWS_WITH(now(spec), Catch::Contains("HTTP 500"));
    api.clear_faults();
    api.fail_next(Fault{FaultKind::Malformed});
    CHECK_THROWS_WITH(now(spec), Catch::Contains("not JSON"));
    api.clear_faults();
}

Lifecycle fake_lifecycle(const std::string& name, FakeApi& api,
                         std::function<std::set<std::string>()> fake_state,
                         std::function<std::unique_ptr<providers::Provider>()> open,
                         FailingWrite failing) {
    Lifecycle spec;
    spec.capabilities = providers::find_provider(name)->capabilities;
    spec.open = std::move(open);
    spec.fail_write = [&api, failing](int n) {
        api.fail_call(n, Fault{FaultKind::Status500}, failing.methods);
        if (failing.retried) api.fail_call(n + 1, Fault{FaultKind::Status500}, failing.methods);
    };
    spec.failing_write = failing.which;
    spec.fake_state = std::move(fake_state);
    return spec;
}

std::unique_ptr<providers::Provider> open_fake_provider(const std::string& name,
                                                        const std::string& endpoint,
                                                        const std::string& token,
                                                        const std::string& token_field) {
    return open_fake_provider(name, {{token_field, token}, {"endpoint", endpoint}});
}

std::unique_ptr<providers::Provider> open_fake_provider(const std::string& name,
                                                        std::map<std::string, std::string> fields,
                                                        std::chrono::seconds timeout) {
    providers::ProviderContext ctx;
    ctx.zone = dns::Name::parse("example.test.");
    ctx.fields = std::move(fields);
    ctx.timeout = timeout;
    ctx.http.retry.retries = 1;
    ctx.http.retry.base_delay = std::chrono::milliseconds(1);
    ctx.rate_limits[name] = {0, std::chrono::seconds(1)};
    return providers::find_provider(name)->create(ctx);
}

} // namespace dnsclay::test
