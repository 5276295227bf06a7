// init, provider list, zone add|list|show|remove and zone notify, through the real binary.
#include "tests/support/cli.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>
#include <sys/stat.h>
#include <unistd.h>

using namespace dnsclay::test;

namespace {

mode_t mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// The whole state a command could have changed, to show that a refused one changed none.
std::string snapshot(const Cli& cli) {
    auto z = cli({"--json", "zone", "list"});
    auto c = cli({"--json", "cred", "list"});
    return z.out + c.out;
}

} // namespace

TEST_CASE("init creates a private state directory and says so", "[cli]") {
    TempDir tmp;
    std::string dir = tmp / "state";
    auto r = run({DNSCLAY_BIN, "--state-dir", dir, "init"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Created state directory " + dir));
    CHECK(mode_of(dir) == 0700);
    CHECK(mode_of(dir + "/state.db") == 0600);
    // Global flags after the subcommand work too; a second init finds what the first made.
    auto j = run({DNSCLAY_BIN, "init", "--json", "--state-dir", dir});
    REQUIRE(j.exit_code == 0);
    auto d = parse_json(j.out);
    CHECK(d["state_dir"].GetString() == dir);
    CHECK(d["created"].GetBool() == false);
    CHECK(d["schema_version"].GetInt() >= 2);
    // DNSCLAY_STATE_DIR is the default for --state-dir.
    auto e = run({DNSCLAY_BIN, "--json", "init"}, "", std::chrono::seconds(10),
                 {{"DNSCLAY_STATE_DIR", tmp / "env-state"}});
    REQUIRE(e.exit_code == 0);
    CHECK(mode_of(tmp / "env-state") == 0700);
}

TEST_CASE("a bad config.toml is reported with its line and stops the command", "[cli]") {
    Cli cli;
    REQUIRE(cli({"init"}).exit_code == 0);
    write_file(cli.path("config.toml"), "[sync]\ninterval = \"soon\"\n");
    auto r = cli({"zone", "list"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("config.toml:2: sync.interval: expected a duration"));
    write_file(cli.path("other.toml"), "[sync]\ninterval = \"2h\"\n");
    CHECK(cli({"--config", cli.path("other.toml"), "zone", "list"}).exit_code == 0);
    CHECK(cli({"--config", cli.path("missing.toml"), "zone", "list"}).exit_code == 1);
}

TEST_CASE("provider list describes providers and their fields", "[cli]") {
    Cli cli;
    auto text = cli({"provider", "list"});
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("local: "));
    CHECK_THAT(text.out, Catch::Contains("--set api_key=VALUE  (required) (secret)"));
    auto d = cli.json({"provider", "list"});
    bool found_local = false;
    for (const auto& p : d["providers"].GetArray()) {
        CHECK(p["description"].IsString());
        CHECK(p["capabilities"]["atomic_changes"].IsBool());
        CHECK(p["capabilities"]["types"].IsArray());
        CHECK(p["capabilities"]["min_ttl"].IsInt());
        CHECK(p["capabilities"]["meaningful_serial"].IsBool());
        for (const auto& f : p["fields"].GetArray()) {
            CHECK(f["name"].IsString());
            CHECK(f["required"].IsBool());
            CHECK(f["secret"].IsBool());
            CHECK(f["help"].IsString());
        }
        found_local |= std::string(p["name"].GetString()) == "local";
    }
    CHECK(found_local);
}

TEST_CASE("zone add, list, show and remove", "[cli]") {
    Cli cli;
    auto add = cli({"zone", "add", "Example.TEST", "--provider", "local", "--sync-interval", "2h",
                    "--negative-ttl", "1m"});
    INFO(add.err);
    REQUIRE(add.exit_code == 0);
    CHECK_THAT(add.out, Catch::StartsWith("Added zone example.test. (provider local, serial "));

    auto list = cli.json({"zone", "list"});
    REQUIRE(list["zones"].Size() == 1);
    const auto& z = list["zones"][0];
    CHECK(std::string(z["name"].GetString()) == "example.test.");
    CHECK(std::string(z["provider"].GetString()) == "local");
    CHECK(z["serial"].GetInt64() > 0);
    CHECK(z["records"].GetInt() == 0);
    CHECK(cli({"zone", "list"}).out.find("example.test.") != std::string::npos);

    auto show = cli.json({"zone", "show", "example.test."});
    CHECK(std::string(show["zone"]["sync_interval"].GetString()) == "2h");
    CHECK(std::string(show["zone"]["refresh_interval"].GetString()) == "1h");
    CHECK(show["zone"]["soa"]["minimum"].GetInt() == 60);
    CHECK(show["zone"]["notify"].IsArray());
    CHECK(show["zone"]["sync"]["last_error"].IsNull());
    auto text = cli({"zone", "show", "example.test"});
    CHECK_THAT(text.out, Catch::Contains("provider:         local"));

    // Removing needs --yes when nobody can be asked.
    auto refused = cli({"zone", "remove", "example.test"});
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.err, Catch::Contains("--yes"));
    CHECK(cli({"zone", "remove", "example.test", "--yes"}).exit_code == 0);
    CHECK(cli.json({"zone", "list"})["zones"].Size() == 0);
    CHECK(cli({"zone", "remove", "example.test", "--yes"}).exit_code == 3);
}

TEST_CASE("zone add refuses bad input with a clear message and changes nothing", "[cli]") {
    Cli cli;
    REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    auto before = snapshot(cli);
    struct Case {
        std::vector<std::string> args;
        int code;
        std::string message;
    };
    std::vector<Case> cases = {
        {{"zone", "add", "example.test", "--provider", "local"}, 4, "already exists"},
        {{"zone", "add", "b.test", "--provider", "nope"}, 2, "unknown provider \"nope\""},
        {{"zone", "add", "b.test", "--provider", "local", "--set", "color=blue"},
         2,
         "provider local has no field \"color\""},
        {{"zone", "add", "b.test", "--provider", "powerdns", "--set", "api_url=http://127.0.0.1:1"},
         2,
         "needs field api_key"},
        {{"zone", "add", "b.test", "--provider", "powerdns", "--set", "api_url=http://127.0.0.1:1",
          "--set", "api_key=file:/nonexistent/key"},
         1,
         "field api_key: cannot read /nonexistent/key"},
        // The first sync fails (nothing listens there): the zone is not added.
        {{"zone", "add", "b.test", "--provider", "powerdns", "--set", "api_url=http://127.0.0.1:1",
          "--set", "api_key=k"},
         5,
         "use --no-initial-sync"},
        {{"zone", "add", "b.test", "--provider", "local", "--sync-interval", "often"},
         2,
         "--sync-interval \"often\" is not a duration"},
        {{"zone", "add", "bad..name", "--provider", "local"}, 2, ""},
        {{"zone", "add", "b.test"}, 2, "--provider is required"},
        {{"zone", "show", "nope.test"}, 3, "zone nope.test. does not exist"},
    };
    for (const auto& c : cases) {
        auto r = cli(c.args);
        INFO(c.args[2] << " " << r.err);
        CHECK(r.exit_code == c.code);
        CHECK_THAT(r.err, Catch::Contains(c.message));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') >= 1);
    }
    CHECK(snapshot(cli) == before);
}

TEST_CASE("provider secrets are masked, and references are shown and resolved at use", "[cli]") {
    Cli cli;
    write_file(cli.path("key"), "s3cret-key\n");
    auto add =
        cli({"zone", "add", "r.test", "--provider", "powerdns", "--set",
             "api_url=http://127.0.0.1:1", "--set", "api_key=s3cret-key", "--no-initial-sync"});
    INFO(add.err);
    REQUIRE(add.exit_code == 0);
    auto show = cli.json({"zone", "show", "r.test"});
    CHECK(std::string(show["zone"]["fields"]["api_key"].GetString()) == "********");
    CHECK(std::string(show["zone"]["fields"]["api_url"].GetString()) == "http://127.0.0.1:1");
    CHECK(cli({"zone", "show", "r.test"}).out.find("s3cret") == std::string::npos);

    REQUIRE(cli({"zone", "add", "f.test", "--provider", "powerdns", "--set",
                 "api_url=http://127.0.0.1:1", "--set", "api_key=file:" + cli.path("key"),
                 "--no-initial-sync"})
                .exit_code == 0);
    auto f = cli.json({"zone", "show", "f.test"});
    CHECK(std::string(f["zone"]["fields"]["api_key"].GetString()) == "file:" + cli.path("key"));
    // The provider's error (nothing listens there) reaches the user with exit code 5.
    auto r = cli({"records", "add", "f.test", "www", "300", "A", "192.0.2.1"});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("s3cret") == std::string::npos);
    // A reference that no longer resolves is reported at use.
    ::unlink(cli.path("key").c_str());
    auto gone = cli({"records", "add", "f.test", "www", "300", "A", "192.0.2.1"});
    CHECK(gone.exit_code == 1);
    CHECK_THAT(gone.err, Catch::Contains("cannot read " + cli.path("key")));
}

TEST_CASE("zone notify add, list and remove", "[cli]") {
    Cli cli;
    REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    CHECK(cli({"zone", "notify", "add", "example.test", "127.0.0.1:5300"}).exit_code == 0);
    CHECK(cli({"zone", "notify", "add", "example.test", "::1", "--tcp"}).exit_code == 0);
    CHECK(cli({"zone", "notify", "add", "example.test", "127.0.0.1:5300"}).exit_code == 4);
    CHECK(cli({"zone", "notify", "add", "example.test", "localhost:53"}).exit_code == 2);
    CHECK(cli({"zone", "notify", "add", "nope.test", "127.0.0.1:53"}).exit_code == 3);
    CHECK(
        cli({"zone", "notify", "add", "example.test", "127.0.0.1:1", "--tcp", "--udp"}).exit_code ==
        2);
    auto list = cli.json({"zone", "notify", "list", "example.test"});
    REQUIRE(list["targets"].Size() == 2);
    CHECK(std::string(list["targets"][0]["address"].GetString()) == "127.0.0.1:5300");
    CHECK(std::string(list["targets"][0]["protocol"].GetString()) == "udp");
    CHECK(std::string(list["targets"][1]["address"].GetString()) == "[::1]:53");
    CHECK(std::string(list["targets"][1]["protocol"].GetString()) == "tcp");
    CHECK(cli({"zone", "notify", "remove", "example.test", "[::1]:53"}).exit_code == 3);
    CHECK(cli({"zone", "notify", "remove", "example.test", "[::1]:53", "--tcp"}).exit_code == 0);
    CHECK(cli({"zone", "notify", "list", "example.test"}).out == "127.0.0.1:5300 udp\n");
}

TEST_CASE("zone notify add --key signs a target's NOTIFYs with a TSIG credential",
          "[cli][notify]") {
    Cli cli;
    REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    REQUIRE(cli({"cred", "add", "secondary", "--zone", "example.test", "--tsig"}).exit_code == 0);
    REQUIRE(cli({"cred", "add", "tls-client", "--zone", "example.test", "--tls-pubkey",
                 std::string(64, 'a')})
                .exit_code == 0);
    auto missing =
        cli({"zone", "notify", "add", "example.test", "127.0.0.1:5300", "--key", "nope"});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Catch::Contains("credential nope does not exist"));
    auto tls =
        cli({"zone", "notify", "add", "example.test", "127.0.0.1:5300", "--key", "tls-client"});
    CHECK(tls.exit_code == 2);
    CHECK_THAT(tls.err, Catch::Contains("TSIG"));
    CHECK(cli({"zone", "notify", "list", "example.test"}).out.empty());

    // The absolute form of the key name is the same credential.
    CHECK(cli({"zone", "notify", "add", "example.test", "127.0.0.1:5300", "--key", "Secondary."})
              .exit_code == 0);
    CHECK(cli({"zone", "notify", "add", "example.test", "127.0.0.1:5301"}).exit_code == 0);
    CHECK(cli({"zone", "notify", "list", "example.test"}).out ==
          "127.0.0.1:5300 udp key secondary\n127.0.0.1:5301 udp\n");
    auto list = cli.json({"zone", "notify", "list", "example.test"});
    REQUIRE(list["targets"].Size() == 2);
    CHECK(std::string(list["targets"][0]["key"].GetString()) == "secondary");
    CHECK(list["targets"][1]["key"].IsNull());
    auto show = cli.json({"zone", "show", "example.test"});
    CHECK(std::string(show["zone"]["notify"][0]["key"].GetString()) == "secondary");
    CHECK_THAT(cli({"zone", "show", "example.test"}).out,
               Catch::Contains("127.0.0.1:5300 udp key secondary"));
    // remove takes no key: the target is the address and protocol.
    CHECK(cli({"zone", "notify", "remove", "example.test", "127.0.0.1:5300", "--key", "secondary"})
              .exit_code == 2);
    CHECK(cli({"zone", "notify", "remove", "example.test", "127.0.0.1:5300"}).exit_code == 0);
}

TEST_CASE("zone set changes the intervals and the servers the serial is checked at",
          "[cli][soa-check]") {
    Cli cli;
    auto added = cli({"zone", "add", "example.test", "--provider", "rfc2136", "--no-initial-sync",
                      "--set", "server=127.0.0.1:1", "--authoritative", "127.0.0.2"});
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    auto show = cli.json({"zone", "show", "example.test"});
    REQUIRE(show["zone"]["authoritative"]["servers"].Size() == 1);
    CHECK(std::string(show["zone"]["authoritative"]["servers"][0].GetString()) == "127.0.0.2:53");
    CHECK(show["zone"]["authoritative"]["key"].IsNull());
    CHECK(show["zone"]["sync"]["authoritative_serial"].IsNull());
    REQUIRE(cli({"cred", "add", "check-key", "--tsig", "--zone", "example.test"}).exit_code == 0);

    auto set = cli.json({"zone", "set", "example.test", "--refresh-interval", "15m",
                         "--authoritative", "192.0.2.1:5300", "--authoritative", "[2001:db8::1]:53",
                         "--authoritative-key", "check-key"});
    CHECK(std::string(set["refresh_interval"].GetString()) == "15m");
    CHECK(std::string(set["sync_interval"].GetString()) == "1d");
    REQUIRE(set["authoritative"]["servers"].Size() == 2);
    CHECK(std::string(set["authoritative"]["servers"][1].GetString()) == "[2001:db8::1]:53");
    CHECK(std::string(set["authoritative"]["key"].GetString()) == "check-key");
    show = cli.json({"zone", "show", "example.test"});
    CHECK(std::string(show["zone"]["refresh_interval"].GetString()) == "15m");
    // New servers are asked at the scheduler's next round.
    CHECK(unix_time(show["zone"]["sync"]["next_refresh"].GetString()) <= std::time(nullptr));
    CHECK_THAT(cli({"zone", "show", "example.test"}).out,
               Catch::Contains("serial checked:   at 192.0.2.1:5300, [2001:db8::1]:53 (key "
                               "check-key)\n"));
    auto text = cli({"zone", "set", "example.test", "--sync-interval", "12h"});
    CHECK(text.out == "Updated zone example.test.: sync interval 12h\n");
    CHECK(cli.json({"zone", "show", "example.test"})["zone"]["authoritative"]["servers"].Size() ==
          2);

    // Refused, and nothing changes.
    auto before = cli({"--json", "zone", "show", "example.test"}).out;
    struct Case {
        std::vector<std::string> args;
        int code;
        std::string message;
    };
    std::vector<Case> cases = {
        {{"zone", "set", "example.test"}, 2, "nothing to change"},
        {{"zone", "set", "nope.test", "--sync-interval", "1h"},
         3,
         "zone nope.test. does not exist"},
        {{"zone", "set", "example.test", "--sync-interval", "10s"},
         2,
         "--sync-interval must be at least 1m"},
        {{"zone", "set", "example.test", "--refresh-interval", "often"}, 2, "is not a duration"},
        {{"zone", "set", "example.test", "--authoritative", "ns1.example.test"},
         2,
         "is not ADDR:PORT"},
        {{"zone", "set", "example.test", "--authoritative", "192.0.2.1", "--authoritative",
          "192.0.2.1:53"},
         2,
         "--authoritative 192.0.2.1:53 is given twice"},
        {{"zone", "set", "example.test", "--authoritative", "192.0.2.1", "--authoritative-key",
          "nokey"},
         3,
         "credential nokey does not exist"},
        {{"zone", "set", "example.test", "--no-authoritative", "--authoritative", "192.0.2.1"},
         2,
         "excludes"},
    };
    for (const auto& c : cases) {
        auto r = cli(c.args);
        INFO(c.args[2] << " " << (c.args.size() > 3 ? c.args[3] : ""));
        CHECK(r.exit_code == c.code);
        CHECK_THAT(r.err, Catch::Contains(c.message));
    }
    CHECK(cli({"--json", "zone", "show", "example.test"}).out == before);

    // Back to the provider's serial.
    set = cli.json({"zone", "set", "example.test", "--no-authoritative"});
    CHECK(set["authoritative"]["servers"].Size() == 0);
    CHECK(set["authoritative"]["key"].IsNull());
    CHECK_THAT(cli({"zone", "show", "example.test"}).out,
               Catch::Contains("serial checked:   at the provider\n"));
    auto no_servers = cli({"zone", "set", "example.test", "--authoritative-key", "check-key"});
    CHECK(no_servers.exit_code == 2);
    CHECK_THAT(no_servers.err, Catch::Contains("needs authoritative servers"));

    // A zone of the local provider has no other server to check.
    auto local =
        cli({"zone", "add", "local.test", "--provider", "local", "--authoritative", "192.0.2.1"});
    CHECK(local.exit_code == 2);
    CHECK_THAT(local.err, Catch::Contains("keeps the records in state.db"));
    CHECK(cli({"zone", "show", "local.test"}).exit_code == 3);
}
