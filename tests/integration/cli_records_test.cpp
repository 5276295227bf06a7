// records list|add|delete|export and history through the real binary.
#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::test;

namespace {

struct Zoned : Cli {
    Zoned() {
        REQUIRE((*this)({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    }
    std::int64_t serial() const {
        return json({"zone", "show", "example.test"})["zone"]["serial"].GetInt64();
    }
};

} // namespace

TEST_CASE("records add, list and delete", "[cli]") {
    Zoned cli;
    auto s0 = cli.serial();
    auto add = cli({"records", "add", "example.test", "www", "300", "A", "192.0.2.1"});
    INFO(add.err);
    REQUIRE(add.exit_code == 0);
    CHECK_THAT(add.out, Catch::Contains("+ www.example.test. 300 IN A 192.0.2.1"));
    CHECK(cli.serial() == s0 + 1);

    // RDATA as several arguments, relative names completed with the zone; TTL with units.
    REQUIRE(cli({"records", "add", "example.test", "@", "1h", "MX", "10", "mail"}).exit_code == 0);
    REQUIRE(
        cli({"records", "add", "example.test", "txt.example.test.", "60", "TXT", "\"hello world\""})
            .exit_code == 0);
    // The rrset takes the TTL of the record added last.
    auto j = cli.json({"records", "add", "example.test", "www", "600", "A", "192.0.2.2"});
    CHECK(j["serial_after"].GetInt64() == j["serial_before"].GetInt64() + 1);
    CHECK(j["applied"].GetBool());
    REQUIRE(j["changes"].Size() == 1);
    CHECK(std::string(j["changes"][0]["name"].GetString()) == "www.example.test.");
    CHECK(j["changes"][0]["before"].Size() == 1);
    CHECK(j["changes"][0]["after"].Size() == 2);
    CHECK(j["changes"][0]["after"][0]["ttl"].GetInt() == 600);

    auto list = cli.json({"records", "list", "example.test"});
    CHECK(list["serial"].GetInt64() == cli.serial());
    auto recs = list["records"].GetArray();
    REQUIRE(recs.Size() == 5); // SOA, MX, TXT, two A
    CHECK(std::string(recs[0]["type"].GetString()) == "SOA");
    CHECK(std::string(recs[1]["type"].GetString()) == "MX");
    CHECK(std::string(recs[1]["data"].GetString()) == "10 mail.example.test.");
    CHECK(std::string(recs[2]["name"].GetString()) == "txt.example.test.");
    CHECK(std::string(recs[2]["data"].GetString()) == "\"hello world\"");
    CHECK(std::string(recs[3]["class"].GetString()) == "IN");

    auto www = cli({"records", "list", "example.test", "--name", "www", "--type", "a"});
    CHECK(www.out ==
          "www.example.test. 600 IN A 192.0.2.1\nwww.example.test. 600 IN A 192.0.2.2\n");

    // Adding what is there changes nothing.
    auto same = cli({"records", "add", "example.test", "www", "600", "A", "192.0.2.2"});
    CHECK(same.exit_code == 0);
    CHECK_THAT(same.out, Catch::Contains("No change"));

    REQUIRE(cli({"records", "delete", "example.test", "www", "A", "192.0.2.1"}).exit_code == 0);
    CHECK(cli({"records", "list", "example.test", "--name", "www"}).out ==
          "www.example.test. 600 IN A 192.0.2.2\n");
    REQUIRE(cli({"records", "delete", "example.test", "www"}).exit_code == 0);
    CHECK(cli({"records", "list", "example.test", "--name", "www"}).out.empty());
    auto none = cli({"records", "delete", "example.test", "www"});
    CHECK(none.exit_code == 3);
    CHECK_THAT(none.err, Catch::Contains("no such records in example.test.: www.example.test."));
}

TEST_CASE("records add and delete refuse bad input and change nothing", "[cli]") {
    Zoned cli;
    REQUIRE(cli({"records", "add", "example.test", "www", "300", "A", "192.0.2.1"}).exit_code == 0);
    auto before = cli({"records", "export", "example.test"}).out;
    struct Case {
        std::vector<std::string> args;
        int code;
        std::string message;
    };
    std::vector<Case> cases = {
        {{"records", "add", "nope.test", "www", "300", "A", "192.0.2.1"},
         3,
         "zone nope.test. does not exist"},
        {{"records", "add", "example.test", "www", "soon", "A", "192.0.2.1"}, 2, "TTL \"soon\""},
        {{"records", "add", "example.test", "www", "4294967296", "A", "192.0.2.1"}, 2, "TTL"},
        {{"records", "add", "example.test", "www", "300", "A", "192.0.2.300"},
         2,
         "bad A data \"192.0.2.300\""},
        {{"records", "add", "example.test", "www", "300", "MX", "mail"}, 2, "bad MX data"},
        {{"records", "add", "example.test", "www", "300", "BOGUS", "x"},
         2,
         "\"BOGUS\" is not a record type"},
        {{"records", "add", "example.test", "www.other.test.", "300", "A", "192.0.2.1"},
         2,
         "is not in zone example.test."},
        {{"records", "add", "example.test", "@", "300", "SOA", "a. b. 1 2 3 4 5"},
         2,
         "managed by dnsclay"},
        {{"records", "add", "example.test", "www", "300", "CNAME", "x.test."},
         2,
         "CNAME cannot share"},
        {{"records", "add", "example.test", "www", "300", "A"}, 2, "value is required"},
        {{"records", "delete", "example.test", "www", "A", "192.0.2.9"}, 3, "no such records"},
        {{"records", "list", "nope.test"}, 3, "does not exist"},
    };
    for (const auto& c : cases) {
        auto r = cli(c.args);
        INFO(r.err);
        CHECK(r.exit_code == c.code);
        CHECK_THAT(r.err, Catch::Contains(c.message));
        CHECK_THAT(r.err, Catch::StartsWith("dnsclay: ") || Catch::Contains("Run with --help"));
    }
    CHECK(cli({"records", "export", "example.test"}).out == before);
}

TEST_CASE("records export round-trips through records edit --file", "[cli]") {
    Zoned cli;
    REQUIRE(cli({"records", "add", "example.test", "www", "300", "A", "192.0.2.1"}).exit_code == 0);
    REQUIRE(
        cli({"records", "add", "example.test", "@", "300", "TXT", "\"v=spf1 -all\""}).exit_code ==
        0);
    REQUIRE(
        cli({"records", "add", "example.test", "@", "3600", "NS", "ns.example.net."}).exit_code ==
        0);
    auto exported = cli({"records", "export", "example.test"});
    REQUIRE(exported.exit_code == 0);
    CHECK_THAT(exported.out, Catch::Contains("$ORIGIN example.test."));
    CHECK_THAT(exported.out, Catch::Contains("SOA"));
    if (have_program("named-checkzone")) {
        write_file(cli.path("z.zone"), exported.out);
        auto check = run({"named-checkzone", "-i", "none", "example.test", cli.path("z.zone")});
        INFO(check.out);
        CHECK(check.exit_code == 0);
    }
    auto s = cli.serial();
    // Unchanged: a no-op.
    auto same = cli({"records", "edit", "example.test", "--file", "-", "--yes"}, exported.out);
    INFO(same.err);
    CHECK(same.exit_code == 0);
    CHECK_THAT(same.out, Catch::Contains("No change"));
    CHECK(cli.serial() == s);
    // One line more and one less: exactly that change.
    std::string edited = exported.out + "new 120 IN AAAA 2001:db8::1\n";
    auto at = edited.find("www");
    edited.erase(at, edited.find('\n', at) - at + 1);
    auto r = cli({"--json", "records", "edit", "example.test", "--file", "-", "--yes"}, edited);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto j = parse_json(r.out);
    REQUIRE(j["changes"].Size() == 2);
    CHECK(std::string(j["changes"][0]["name"].GetString()) == "new.example.test.");
    CHECK(j["changes"][0]["before"].Size() == 0);
    CHECK(std::string(j["changes"][0]["after"][0]["data"].GetString()) == "2001:db8::1");
    CHECK(std::string(j["changes"][1]["name"].GetString()) == "www.example.test.");
    CHECK(j["changes"][1]["after"].Size() == 0);
    CHECK(cli.serial() == s + 1);
}

TEST_CASE("history shows versions and what may still be cached", "[cli]") {
    Zoned cli;
    REQUIRE(cli({"records", "add", "example.test", "www", "300", "A", "192.0.2.1"}).exit_code == 0);
    REQUIRE(cli({"records", "add", "example.test", "www", "300", "A", "192.0.2.2"}).exit_code == 0);
    REQUIRE(cli({"records", "delete", "example.test", "www"}).exit_code == 0);
    REQUIRE(cli({"records", "add", "example.test", "mail", "60", "A", "192.0.2.9"}).exit_code == 0);
    auto j = cli.json({"history", "example.test", "--name", "www"});
    auto h = j["history"].GetArray();
    REQUIRE(h.Size() == 2);
    CHECK(h[0]["records"].Size() == 1);
    CHECK(h[0]["negative_cached_until"].IsString());
    CHECK(h[0]["cached_until"].IsString());
    CHECK(h[1]["records"].Size() == 2);
    CHECK(h[1]["negative_cached_until"].IsNull());
    CHECK(h[1]["until"].IsString());
    CHECK(h[1]["until_serial"].GetInt64() == h[1]["since_serial"].GetInt64() + 1);
    CHECK(std::string(h[1]["records"][1]["data"].GetString()) == "192.0.2.2");

    auto text = cli({"history", "example.test"});
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("www.example.test. A"));
    CHECK_THAT(text.out, Catch::Contains("may still be cached until"));
    CHECK_THAT(text.out, Catch::Contains("mail.example.test. A"));
    CHECK_THAT(text.out, Catch::Contains("negative answer may be cached until"));

    CHECK(cli.json({"history", "example.test", "--type", "MX"})["history"].Size() == 0);
    CHECK(cli.json({"history", "example.test", "--since", "1h"})["history"].Size() == 3);
    CHECK(cli.json({"history", "example.test", "--since", "2099-01-01"})["history"].Size() == 0);
    CHECK(cli({"history", "example.test", "--since", "yesterday"}).exit_code == 2);
    CHECK(cli({"history", "nope.test"}).exit_code == 3);
}
