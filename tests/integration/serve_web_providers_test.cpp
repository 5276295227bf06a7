// Every web-API provider end to end through `dnsclay serve`, one table row each
// (tests/support/web_provider_table): the zone added against the provider's fake, an
// UPDATE from nsupdate adding two rrsets and then deleting one, the fake holding exactly
// that each time, and a TSIG-signed `kdig AXFR` showing the same; where the batch names
// records by id, the delete is the sync's listing and the batch alone. (The records are written
// in lib/dns's presentation form, as transferred_records() gives them.)
#include "tests/integration/serve_clients.hpp"
#include "tests/support/web_provider_table.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using namespace dnsclay::test;

TEST_CASE("serve: nsupdate through each web provider reaches its fake and comes back in AXFR",
          "[serve][provider][web]") {
    for (const auto& row : web_provider_rows()) {
        DYNAMIC_SECTION(row.provider) {
            ServeFixture f;
            auto account = row_account(row, row.provider + "-e2e-token", f.state_dir());
            auto& fake = account.fake;
            write_file(f.state_dir() + "/config.toml", unpaced_config(row));
            auto added = run(zone_add_argv(f.state_dir(), row, account));
            INFO(added.out << added.err);
            REQUIRE(added.exit_code == 0);
            auto key = cli_tsig_key(f, "writer", "hmac-sha256", kRowZone);
            f.start();
            const auto fake_before = fake->state();
            const auto axfr_before = transferred_records(f, key, kRowZone);

            auto r = send_update(f, key, {Tool::Nsupdate, Transport::Udp}, kRowZone,
                                 "update add " + kRowRecordA + "\nupdate add " + kRowRecordTxt);
            REQUIRE(update_rcode(r) == "NOERROR");
            auto fake_added = fake_before;
            fake_added.insert({row.state_a, row.state_txt});
            CHECK(fake->state() == fake_added);
            auto axfr_added = axfr_before;
            axfr_added.insert({kRowRecordA, kRowRecordTxt});
            CHECK(transferred_records(f, key, kRowZone) == axfr_added);

            fake->api().clear_log();
            auto d = send_update(f, key, {Tool::Nsupdate, Transport::Udp}, kRowZone,
                                 "update delete www.example.test. A");
            REQUIRE(update_rcode(d) == "NOERROR");
            if (row.ids_from_listing) {
                // the sync's listing (GETs of the whole zone), then the one batch
                auto requests = fake->api().requests();
                REQUIRE(requests.size() >= 2);
                for (std::size_t i = 0; i + 1 < requests.size(); ++i) {
                    INFO(requests[i]);
                    CHECK(requests[i].rfind("GET ", 0) == 0);
                    CHECK(requests[i].find("name=") == std::string::npos);
                }
                CHECK(requests.back().rfind("POST ", 0) == 0);
            }
            auto fake_deleted = fake_added;
            fake_deleted.erase(row.state_a);
            CHECK(fake->state() == fake_deleted);
            auto axfr_deleted = axfr_added;
            axfr_deleted.erase(kRowRecordA);
            CHECK(transferred_records(f, key, kRowZone) == axfr_deleted);
        }
    }
}
