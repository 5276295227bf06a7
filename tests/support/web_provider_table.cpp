#include "tests/support/web_provider_table.hpp"

#include "tests/support/fake_cloudflare.hpp"
#include "tests/support/fake_desec.hpp"
#include "tests/support/fake_digitalocean.hpp"
#include "tests/support/fake_dnsimple.hpp"
#include "tests/support/fake_gandi.hpp"
#include "tests/support/fake_hetzner.hpp"
#include "tests/support/fake_linode.hpp"
#include "tests/support/fake_ovh.hpp"
#include "tests/support/fake_porkbun.hpp"
#include "tests/support/fake_route53.hpp"
#include "tests/support/fake_vultr.hpp"

namespace dnsclay::test {

std::vector<WebProviderRow> web_provider_rows() {
    return {
        {"cloudflare",
         [](const std::string& secret) {
             return make_fake<FakeCloudflare>("example.test", secret);
         },
         {"api_token={secret}"},
         "www.example.test 3600 A 192.0.2.21",
         "www.example.test 3600 TXT \"hello world\""},
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
         "www 3600 TXT hello world"},
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
    };
}

std::vector<std::string> zone_add_argv(const std::string& state_dir, const WebProviderRow& row,
                                       const WebFake& fake, const std::string& secret) {
    std::vector<std::string> argv = {
        DNSCLAY_BIN, "--state-dir", state_dir,    "zone",  "add",
        kRowZone,    "--provider",  row.provider, "--set", "endpoint=" + fake.endpoint()};
    for (auto field : row.fields) {
        for (auto at = field.find("{secret}"); at != std::string::npos;
             at = field.find("{secret}", at + secret.size()))
            field.replace(at, 8, secret);
        argv.insert(argv.end(), {"--set", field});
    }
    return argv;
}

std::string unpaced_config(const WebProviderRow& row) {
    return "[http]\nretries = 0\nrate_limits = { " + row.provider + " = \"0/s\" }\n";
}

} // namespace dnsclay::test
