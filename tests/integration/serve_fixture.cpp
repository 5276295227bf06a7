#include "tests/integration/serve_fixture.hpp"

#include "lib/dns/encoding.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/records.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"
#include "tests/support/suite_record.hpp"

#include <openssl/rand.h>
#include <sstream>
#include <stdexcept>

namespace dnsclay::test {
namespace {

store::Store open(const std::string& dir) {
    return store::Store(dir, store::Config{});
}

std::vector<std::int64_t> zone_ids(store::Db& db, const std::vector<std::string>& zones) {
    std::vector<std::int64_t> ids;
    for (const auto& z : zones) {
        auto zone = store::find_zone(db, z);
        if (!zone) throw std::runtime_error("no zone " + z);
        ids.push_back(zone->id);
    }
    return ids;
}

} // namespace

std::string random_secret(std::size_t bytes) {
    std::vector<std::uint8_t> b(bytes);
    RAND_bytes(b.data(), static_cast<int>(b.size()));
    std::string out;
    dns::base64_encode(b, out);
    return out;
}

ServeFixture::ServeFixture() {
    port_ = free_port();
    do {
        tls_port_ = free_port();
    } while (tls_port_ == port_);
}

ServeFixture::~ServeFixture() = default;

std::int64_t ServeFixture::add_zone(const std::string& apex) {
    return add_zones({apex}).at(0);
}

std::vector<std::int64_t> ServeFixture::add_zones(const std::vector<std::string>& apexes) {
    auto s = open(dir_.path());
    store::Transaction tx(s.db(), store::Transaction::Kind::Write);
    std::vector<std::int64_t> ids;
    for (const auto& apex : apexes) {
        store::Account account;
        account.name = "local-" + apex;
        account.provider = "local";
        account.id = store::insert_account(s.db(), account);
        store::Zone z;
        z.name = apex;
        z.account_id = account.id;
        z.provider = "local";
        z.serial = 1;
        z.sync_interval = 86400;
        z.refresh_interval = 3600;
        z.soa.mname = "ns1." + apex;
        z.soa.rname = "hostmaster." + apex;
        ids.push_back(store::insert_zone(s.db(), z));
    }
    tx.commit();
    return ids;
}

void ServeFixture::add_records(const std::string& apex, const std::vector<std::string>& lines) {
    auto s = open(dir_.path());
    store::Transaction tx(s.db(), store::Transaction::Kind::Write);
    auto zone = store::find_zone(s.db(), apex);
    if (!zone) throw std::runtime_error("no zone " + apex);
    std::uint32_t serial = zone->serial + 1;
    for (const auto& line : lines) {
        std::istringstream in(line);
        std::string owner, ttl, type;
        in >> owner >> ttl >> type;
        std::string rdata;
        std::getline(in, rdata);
        dns::Record r;
        r.owner = dns::Name::parse(owner);
        r.ttl = static_cast<std::uint32_t>(std::stoul(ttl));
        r.type = *dns::rrtype_from_string(type);
        r.rdata = dns::rdata_from_text(r.type, rdata, dns::Name::parse(apex));
        store::insert_record(s.db(), zone->id, r, serial, store::now_unix());
    }
    store::set_zone_serial(s.db(), zone->id, serial);
    tx.commit();
}

void ServeFixture::add_tsig(const TsigCred& cred) {
    record_secret(cred.secret);
    auto s = open(dir_.path());
    store::Transaction tx(s.db(), store::Transaction::Kind::Write);
    store::Credential c;
    c.name = cred.name;
    c.kind = "tsig";
    c.algorithm = cred.algorithm;
    c.secret = cred.secret;
    c.read_only = cred.read_only;
    c.allow_names = cred.allow_names;
    c.allow_types = cred.allow_types;
    store::insert_credential(s.db(), c, zone_ids(s.db(), cred.zones));
    tx.commit();
}

void ServeFixture::add_tls_key(const std::string& name, const std::vector<std::uint8_t>& pin,
                               const std::vector<std::string>& zones) {
    auto s = open(dir_.path());
    store::Transaction tx(s.db(), store::Transaction::Kind::Write);
    store::Credential c;
    c.name = name;
    c.kind = "tls";
    c.spki_sha256 = pin;
    store::insert_credential(s.db(), c, zone_ids(s.db(), zones));
    tx.commit();
}

std::uint32_t ServeFixture::serial(const std::string& apex) {
    auto s = open(dir_.path());
    return store::find_zone(s.db(), apex).value().serial;
}

void ServeFixture::start(const std::vector<std::string>& extra_args) {
    std::vector<std::string> argv = {DNSCLAY_BIN, "--state-dir",
                                     dir_.path(), "serve",
                                     "--dns",     "127.0.0.1:" + std::to_string(port_),
                                     "--dns-tls", "127.0.0.1:" + std::to_string(tls_port_)};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    // The log is appended to across restarts: look for this start's line only.
    const auto earlier = log().size();
    daemon_ = std::make_unique<Daemon>(argv, dir_ / "serve.log");
    bool up = wait_until([&] {
        return log().find(" info serving ", earlier) != std::string::npos || !daemon_->running();
    });
    if (!up || !daemon_->running()) throw std::runtime_error("serve did not start: " + log());
}

void ServeFixture::stop() {
    if (daemon_) daemon_->stop();
}

bool ServeFixture::running() {
    return daemon_ && daemon_->running();
}

std::string ServeFixture::log() const {
    try {
        return read_file(dir_ / "serve.log");
    } catch (const std::exception&) {
        return "";
    }
}

std::string ServeFixture::pin() const {
    auto r = run({DNSCLAY_BIN, "--state-dir", dir_.path(), "tls-pin"});
    if (r.exit_code != 0) throw std::runtime_error("tls-pin failed: " + r.err);
    auto p = r.out;
    while (!p.empty() && (p.back() == '\n' || p.back() == '\r'))
        p.pop_back();
    return p;
}

RunResult ServeFixture::kdig(const std::vector<std::string>& args, bool tls) const {
    std::vector<std::string> argv = {
        "kdig", "@127.0.0.1", "-p", std::to_string(tls ? tls_port_ : port_), "+time=5", "+retry=0"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, "", std::chrono::seconds(30));
}

RunResult ServeFixture::cli(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {DNSCLAY_BIN, "--state-dir", dir_.path()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

RunResult ServeFixture::nsupdate(const TsigCred& key, const std::string& zone,
                                 const std::string& lines, bool tcp) const {
    std::vector<std::string> argv = {"nsupdate", "-y", key.spec()};
    if (tcp) argv.push_back("-v");
    return run(argv,
               "server 127.0.0.1 " + std::to_string(port_) + "\nzone " + zone + "\n" + lines +
                   "\nsend\n",
               std::chrono::seconds(60));
}

pid_t ServeFixture::pid() const {
    return daemon_ ? daemon_->pid() : -1;
}

} // namespace dnsclay::test
