#include "tests/support/web_provider_table.hpp"

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

#include <sstream>

namespace dnsclay::test {

std::vector<WebProviderRow> web_provider_rows() {
    return {
        {"cloudflare",
         [](const std::string& secret) {
             return make_fake<FakeCloudflare>("example.test", secret);
         },
         {"api_token={secret}"},
         "www.example.test 3600 A 192.0.2.21",
         "www.example.test 3600 TXT \"hello world\"",
         {},
         true},
        {"desec",
         [](const std::string& secret) { return make_fake<FakeDesec>("example.test", secret); },
         {"api_token={secret}"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT \"hello world\""},
        {"hetzner",
         [](const std::string& secret) { return make_fake<FakeHetzner>("example.test", secret); },
         {"api_token={secret}"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT \"hello world\""},
        {"digitalocean",
         [](const std::string& secret) {
             return make_fake<FakeDigitalOcean>("example.test", secret);
         },
         {"api_token={secret}"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT hello world"},
        {"linode",
         [](const std::string& secret) { return make_fake<FakeLinode>("example.test", secret); },
         {"api_token={secret}"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT hello world"},
        {"vultr",
         [](const std::string& secret) { return make_fake<FakeVultr>("example.test", secret); },
         {"api_key={secret}"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT \"hello world\""},
        {"dnsimple",
         [](const std::string& secret) { return make_fake<FakeDnsimple>("example.test", secret); },
         {"api_token={secret}"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT hello world",
         {},
         true},
        {"gandi",
         [](const std::string& secret) { return make_fake<FakeGandi>("example.test", secret); },
         {"api_token={secret}"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT \"hello world\""},
        {"porkbun",
         [](const std::string& secret) {
             return make_fake<FakePorkbun>("example.test", "pk1_e2e_key", secret);
         },
         {"api_key=pk1_e2e_key", "secret_api_key={secret}"},
         "www.example.test 3600 A 192.0.2.21",
         "www.example.test 3600 TXT hello world"},
        {"route53",
         [](const std::string& secret) {
             return make_fake<FakeRoute53>("example.test.", "AKIDFAKE", secret);
         },
         {"access_key_id=AKIDFAKE", "secret_access_key={secret}"},
         "www.example.test. 3600 A 192.0.2.21",
         "www.example.test. 3600 TXT \"hello world\""},
        {"ovh",
         [](const std::string& secret) {
             return make_fake<FakeOvh>("example.test", "ovh-ak", secret, "ovh-consumer-key");
         },
         {"application_key=ovh-ak", "application_secret={secret}", "consumer_key=ovh-consumer-key"},
         "www 3600 A 192.0.2.21",
         "www 3600 TXT \"hello world\""},
        {"googleclouddns",
         [](const std::string&) { return make_fake<FakeGoogleCloudDns>("example.test."); },
         {"service_account_key={secret}"},
         "www.example.test. 3600 A 192.0.2.21",
         "www.example.test. 3600 TXT \"hello world\"",
         [](WebFake& fake) {
             const auto& google = dynamic_cast<WrappedFake<FakeGoogleCloudDns>&>(fake).fake;
             return SecretFile{google.service_account_key(), google.private_key()};
         }},
    };
}

namespace {

// A PEM's base64 body (not its BEGIN/END lines) cut into pieces of 16 characters within
// each line: any 31 characters of a line in a row hold one whole piece, and 16 random
// base64 characters cannot appear by chance.
std::vector<std::string> pem_body_pieces(const std::string& pem) {
    constexpr std::size_t kPiece = 16;
    std::vector<std::string> pieces;
    std::istringstream in(pem);
    for (std::string line; std::getline(in, line);)
        if (line.find("-----") == std::string::npos)
            for (std::size_t at = 0; at + kPiece <= line.size(); at += kPiece)
                pieces.push_back(line.substr(at, kPiece));
    return pieces;
}

} // namespace

RowAccount row_account(const WebProviderRow& row, const std::string& secret,
                       const std::string& dir) {
    RowAccount account{row.fake(secret), {}, {secret}};
    std::string value = secret;
    if (row.secret_file) {
        auto file = row.secret_file(*account.fake);
        auto path = dir + "/" + row.provider + "-key.json";
        write_file(path, file.content);
        value = "file:" + path;
        account.never_shown = pem_body_pieces(file.secret);
        if (account.never_shown.empty())
            throw std::logic_error(row.provider + ": the key file's secret is not a PEM");
    }
    for (auto field : row.fields) {
        for (auto at = field.find("{secret}"); at != std::string::npos;
             at = field.find("{secret}", at + value.size()))
            field.replace(at, 8, value);
        account.fields.push_back(field);
    }
    return account;
}

std::vector<std::string> zone_add_argv(const std::string& state_dir, const WebProviderRow& row,
                                       const RowAccount& account) {
    std::vector<std::string> argv = {
        DNSCLAY_BIN, "--state-dir", state_dir,    "zone",  "add",
        kRowZone,    "--provider",  row.provider, "--set", "endpoint=" + account.fake->endpoint()};
    for (const auto& field : account.fields)
        argv.insert(argv.end(), {"--set", field});
    return argv;
}

std::string unpaced_config(const WebProviderRow& row) {
    return "[http]\nretries = 0\nrate_limits = { " + row.provider + " = \"0/s\" }\n";
}

} // namespace dnsclay::test
