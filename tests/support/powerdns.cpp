#include "tests/support/powerdns.hpp"

#include "lib/store/db.hpp"
#include "providers/registry.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

namespace dnsclay::test {

PowerDns::PowerDns() : api_url(fmt::format("http://127.0.0.1:{}", api_port)) {
    {
        store::Db db(dir / "pdns.sqlite3", std::chrono::seconds(5));
        db.exec(read_file("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"));
    }
    write_file(dir / "pdns.conf", fmt::format("launch=gsqlite3\n"
                                              "gsqlite3-database={}\n"
                                              "local-address=127.0.0.1:{}\n"
                                              "api=yes\napi-key={}\n"
                                              "webserver=yes\nwebserver-address=127.0.0.1\n"
                                              "webserver-port={}\n"
                                              "webserver-allow-from=127.0.0.1,::1\n"
                                              "security-poll-suffix=\n"
                                              "config-dir={}\nsocket-dir={}\n",
                                              dir / "pdns.sqlite3", free_port(), kPowerDnsKey,
                                              api_port, dir.path(), dir.path()));
    daemon_ = std::make_unique<Daemon>(
        std::vector<std::string>{"pdns_server", "--config-dir=" + dir.path(), "--daemon=no",
                                 "--guardian=no", "--disable-syslog", "--write-pid=no"},
        dir / "pdns.log");
    bool up = wait_until(
        [&] {
            try {
                return call("GET", "/api/v1/servers/localhost").status == 200;
            } catch (const http::HttpError&) {
                return false;
            }
        },
        std::chrono::seconds(20));
    if (!up) FAIL("pdns_server did not start: " << read_file(dir / "pdns.log"));
    auto created = call("POST", "/api/v1/servers/localhost/zones", R"({
        "name": "example.test.", "kind": "Native", "soa_edit_api": "DEFAULT",
        "nameservers": [],
        "rrsets": [
          {"name": "example.test.", "type": "SOA", "ttl": 3600, "records": [{"content":
            "ns1.example.test. hostmaster.example.test. 2026010101 3600 600 604800 300",
            "disabled": false}]},
          {"name": "example.test.", "type": "NS", "ttl": 3600, "records": [
            {"content": "ns1.example.test.", "disabled": false}]},
          {"name": "www.example.test.", "type": "A", "ttl": 300, "records": [
            {"content": "192.0.2.1", "disabled": false},
            {"content": "192.0.2.2", "disabled": false}]},
          {"name": "off.example.test.", "type": "A", "ttl": 300, "records": [
            {"content": "192.0.2.9", "disabled": true}]}
        ]})");
    REQUIRE(created.status == 201);
}

http::Response PowerDns::call(const std::string& method, const std::string& path,
                              const std::string& body) const {
    http::Client client;
    http::Request req;
    req.method = method;
    req.url = api_url + path;
    req.headers = {{"X-API-Key", kPowerDnsKey}, {"Content-Type", "application/json"}};
    req.body = body;
    return client.send(req);
}

std::unique_ptr<providers::Provider> PowerDns::provider(const std::string& key,
                                                        const std::string& url) const {
    providers::ProviderContext ctx;
    ctx.zone = dns::Name::parse("example.test.");
    ctx.fields = {{"api_url", url.empty() ? api_url : url}, {"api_key", key}};
    ctx.timeout = std::chrono::seconds(5);
    return providers::find_provider("powerdns")->create(ctx);
}

} // namespace dnsclay::test
