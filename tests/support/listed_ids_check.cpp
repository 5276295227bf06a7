#include "tests/support/listed_ids_check.hpp"

#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

namespace dnsclay::test {
namespace {

const std::string kZone = "example.test.";

zone::ChangeSet txt(const std::string& before, const std::string& after) {
    auto r = [](const std::string& text) {
        return record(kZone, "_acme-challenge", dns::RRType::TXT, "\"" + text + "\"", 300);
    };
    return {{zone::RRsetKey::of(r(after)), {r(before)}, {r(after)}}};
}

std::string txt_line(const std::string& text) {
    return "_acme-challenge.example.test. 300 TXT \"" + text + "\"";
}

} // namespace

void run_listed_ids(const ListedIdsCase& c) {
    providers::WebApi::forget_all(); // nothing listed by earlier tests
    auto caps = providers::find_provider(c.provider)->capabilities;
    auto apply = [&](const zone::ChangeSet& changes) {
        c.api->clear_log();
        zone::apply_changes(*c.open(), caps, changes);
        return c.api->requests();
    };
    const std::string www = "www.example.test. 300 A 192.0.2.1";
    c.remake("_acme-challenge", "TXT", "old");
    c.remake("www", "A", "192.0.2.1");

    // serve's sync lists the zone, then the UPDATE's change goes through another provider
    // object: the ids come from that listing
    c.open()->list_records();
    CHECK(apply(txt("old", "new")) == std::vector<std::string>{c.batch});
    // the rrset we changed is no longer as listed: read
    CHECK(apply(txt("new", "newer")) == std::vector<std::string>{c.read_txt, c.batch});
    CHECK(listing(*c.open(), kZone) == std::set<std::string>{txt_line("newer"), www});

    // the record deleted and made again at the operator after the listing (another id):
    // the batch is refused, the rrset read, the batch sent again
    c.remake("_acme-challenge", "TXT", "newer");
    CHECK(apply(txt("newer", "newest")) == std::vector<std::string>{c.batch, c.read_txt, c.batch});
    CHECK(listing(*c.open(), kZone) == std::set<std::string>{txt_line("newest"), www});

    // so for a deletion
    c.remake("www", "A", "192.0.2.1");
    auto a = record(kZone, "www", dns::RRType::A, "192.0.2.1", 300);
    apply({{zone::RRsetKey::of(a), {a}, {}}});
    CHECK(listing(*c.open(), kZone) == std::set<std::string>{txt_line("newest")});

    // a local copy that differs from the listing (changed at the operator since): read
    CHECK(apply(txt("elsewhere", "last")) == std::vector<std::string>{c.read_txt, c.batch});
    CHECK(listing(*c.open(), kZone) == std::set<std::string>{txt_line("last")});
}

} // namespace dnsclay::test
