// The account's secret of every web-API provider (one table row each,
// tests/support/web_provider_table; for a service account's key file, any part of its
// private key) never reaches the user: not in what `zone add`, `zone show`, `zone list`,
// `provider list` and `sync` print (text and --json), not in --trace-http or a log at
// level trace, not in the error of a sync the operator refuses or fails with a body that
// quotes the whole request back (Authorization header, query string and body), not in
// serve's log nor in the Extended DNS Error of an UPDATE the operator fails that way.
#include "lib/dns/tsig.hpp"
#include "lib/http/redact.hpp"
#include "tests/integration/serve_clients.hpp"
#include "tests/support/dns_client.hpp"
#include "tests/support/web_provider_table.hpp"

#include <catch2/catch.hpp>
#include <ctime>

using namespace dnsclay;
using namespace dnsclay::test;

namespace {

// What one command printed, under a name for the failure message.
struct Output {
    std::string what;
    std::string text;
};

Fault echo(int status) {
    Fault f{FaultKind::EchoRequest};
    f.status = status;
    return f;
}

} // namespace

TEST_CASE("web providers: the account's secret is in no output, trace, log or error",
          "[provider][web][secrets]") {
    for (const auto& row : web_provider_rows()) {
        DYNAMIC_SECTION(row.provider) {
            ServeFixture f;
            auto account = row_account(row, "Qx7" + row.provider + "S3cr3tV4lu3", f.state_dir());
            auto& fake = account.fake;
            write_file(f.state_dir() + "/config.toml", unpaced_config(row));
            std::vector<Output> outputs;
            auto keep = [&](const std::string& what, const RunResult& r) {
                outputs.push_back({what, r.out + r.err});
                return r;
            };
            auto cli = [&](const std::vector<std::string>& args) {
                std::string what = "dnsclay";
                for (const auto& a : args)
                    what += " " + a;
                return keep(what, f.cli(args));
            };

            auto argv = zone_add_argv(f.state_dir(), row, account);
            argv.insert(argv.begin() + 3, {"--log-level", "trace"});
            REQUIRE(keep("zone add --log-level trace", run(argv)).exit_code == 0);
            for (std::string json : {"", "--json"}) {
                auto with = [&](std::vector<std::string> args) {
                    if (!json.empty()) args.insert(args.begin(), json);
                    return args;
                };
                CHECK(cli(with({"zone", "show", kRowZone})).exit_code == 0);
                CHECK(cli(with({"zone", "list"})).exit_code == 0);
                CHECK(cli(with({"provider", "list"})).exit_code == 0);
                CHECK(cli(with({"--trace-http", "sync", kRowZone})).exit_code == 0);
                // The operator refuses the credentials, then fails, quoting the request.
                fake->api().fail_next(echo(401));
                CHECK(cli(with({"--trace-http", "sync", kRowZone})).exit_code != 0);
                fake->api().fail_next(echo(500));
                CHECK(cli(with({"--log-level", "trace", "sync", kRowZone})).exit_code != 0);
                CHECK(cli(with({"zone", "show", kRowZone})).exit_code == 0);
            }
            // The trace shows the exchanges, with the Authorization header (or whatever
            // carries the secret) redacted: the output the checks below search is real.
            CHECK_THAT(outputs[4].text, Catch::Contains(std::string(http::kRedacted)));
            CHECK_THAT(outputs[5].text, Catch::Contains("HTTP 401"));

            // serve at level trace; its operator refuses an UPDATE (a read-only token), quoting the
            // request back
            auto key = cli_tsig_key(f, "writer", "hmac-sha256", kRowZone);
            f.start({"--log-level", "trace"});
            const std::vector<std::string> writes = {"POST", "PUT", "PATCH"};
            fake->api().fail_next(echo(403), 1, writes);
            auto r = keep("nsupdate", send_update(f, key, {Tool::Nsupdate, Transport::Udp},
                                                  kRowZone, "update add " + kRowRecordA));
            CHECK(update_rcode(r) == "SERVFAIL");
            fake->api().fail_next(echo(403), 1, writes);
            auto wire = update_adding(kRowZone, kRowRecordA).to_wire();
            dns::tsig_sign_request(wire, dns::TsigKey::parse(key.spec()),
                                   static_cast<std::uint64_t>(std::time(nullptr)));
            auto answer = dns::Message::parse(udp_exchange("127.0.0.1", f.port(), wire));
            REQUIRE(answer.edns);
            auto edes = answer.edns->extended_errors();
            REQUIRE(edes.size() == 1);
            outputs.push_back({"the UPDATE's Extended DNS Error", edes[0].text});
            f.stop();
            outputs.push_back({"serve's log", f.log()});
            CHECK_THAT(f.log(), Catch::Contains(std::string(http::kRedacted)));

            for (const auto& o : outputs) {
                std::string shown;
                for (const auto& secret : account.never_shown)
                    if (shown.empty() && o.text.find(secret) != std::string::npos) shown = secret;
                INFO(o.what << " shows " << shown << ":\n" << o.text);
                CHECK(shown.empty());
            }
        }
    }
}
