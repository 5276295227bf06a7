#include "tests/support/knot.hpp"

#include "providers/registry.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/core.h>

namespace dnsclay::test {

std::string Knot::default_zone() {
    return "$ORIGIN example.test.\n$TTL 300\n"
           "@ 3600 SOA ns1 hostmaster 2026010101 3600 600 604800 300\n"
           "@ 3600 NS ns1\n"
           "ns1 A 192.0.2.53\n"
           "www A 192.0.2.1\nwww A 192.0.2.2\n"
           "@ MX 10 mail\n";
}

Knot::Knot(const std::string& zone_text) : server(fmt::format("127.0.0.1:{}", port)) {
    std::filesystem::create_directories(dir / "zones");
    std::filesystem::create_directories(dir / "db");
    write_file(dir / "zones/example.test.zone", zone_text);
    write_file(dir / "knot.conf", fmt::format("server:\n  rundir: {0}\n  listen: 127.0.0.1@{1}\n"
                                              "log:\n  - target: {0}/knot.log\n    any: info\n"
                                              "database:\n  storage: {0}/db\n"
                                              "key:\n  - id: gw-tsig.\n    algorithm: hmac-sha256\n"
                                              "    secret: {2}\n"
                                              "acl:\n  - id: gw\n    key: gw-tsig.\n"
                                              "    action: [update, transfer]\n"
                                              "template:\n  - id: default\n    storage: {0}/zones\n"
                                              "    file: \"%s.zone\"\n    zonefile-sync: -1\n"
                                              "    journal-content: changes\n"
                                              "    serial-policy: increment\n"
                                              "zone:\n  - domain: example.test.\n    acl: gw\n",
                                              dir.path(), port, kKnotSecret));
    daemon_ = std::make_unique<Daemon>(std::vector<std::string>{"knotd", "-c", dir / "knot.conf"},
                                       dir / "knotd.out");
    bool up = wait_until([&] { return serial().has_value(); }, std::chrono::seconds(20));
    if (!up) FAIL("knotd did not start: " << read_file(dir / "knot.log"));
}

std::unique_ptr<providers::Provider> Knot::provider(const std::string& key,
                                                    const std::string& address) const {
    providers::ProviderContext ctx;
    ctx.zone = dns::Name::parse("example.test.");
    ctx.fields = {{"server", address.empty() ? server : address}, {"tsig_key", key}};
    ctx.timeout = std::chrono::seconds(5);
    return providers::find_provider("rfc2136")->create(ctx);
}

void Knot::knsupdate(const std::string& lines) const {
    auto r = run({"knsupdate", "-y", kKnotKey},
                 fmt::format("server 127.0.0.1 {}\nzone example.test.\n{}\nsend\n", port, lines));
    INFO("knsupdate: " << r.err);
    REQUIRE(r.exit_code == 0);
}

std::optional<std::uint32_t> Knot::serial() const {
    auto r = run({"kdig", "@127.0.0.1", "-p", std::to_string(port), "+tcp", "+short", "SOA",
                  "example.test."},
                 "", std::chrono::seconds(5));
    // "ns1.example.test. hostmaster.example.test. SERIAL REFRESH ..."
    unsigned long serial = 0;
    char mname[256], rname[256];
    if (r.exit_code != 0 ||
        std::sscanf(r.out.c_str(), "%255s %255s %lu", mname, rname, &serial) != 3)
        return std::nullopt;
    return static_cast<std::uint32_t>(serial);
}

std::vector<std::string> rfc2136_zone_add(const std::string& server, const std::string& key,
                                          const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"zone",           "add",   "example.test",     "--provider",
                                     "rfc2136",        "--set", "server=" + server, "--set",
                                     "tsig_key=" + key};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

void add_knot_zone(const Cli& cli, const Knot& knot, const std::vector<std::string>& extra) {
    auto r = cli(rfc2136_zone_add(knot.server, kKnotKey, extra));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

} // namespace dnsclay::test
