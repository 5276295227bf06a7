#include "tests/integration/serve_clients.hpp"

#include "lib/dns/name.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/dns/types.hpp"
#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

namespace dnsclay::test {
namespace {

// One record in a form that does not depend on who printed it: the rdata read and written
// again by lib/dns, so kdig's and our presentation compare equal.
std::string canonical(const std::string& owner, const std::string& ttl, const std::string& type,
                      const std::string& rdata, const std::string& zone) {
    auto t = dns::rrtype_from_string(type);
    INFO("record type " << type);
    REQUIRE(t);
    auto wire = dns::rdata_from_text(*t, rdata, dns::Name::parse(zone));
    return dns::Name::parse(owner).canonical().to_string() + " " + ttl + " " + dns::to_string(*t) +
           " " + dns::rdata_to_text(*t, wire);
}

rapidjson::Document dnsclay_json(const ServeFixture& f, std::vector<std::string> args) {
    args.insert(args.begin(), {DNSCLAY_BIN, "--state-dir", f.state_dir(), "--json"});
    auto r = run(args);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    return parse_json(r.out);
}

struct TransferredRecord {
    bool soa;
    std::string text; // canonical()
};

// `kdig -y KEY ZONE QTYPE`: the records in the order received, TSIG left out. Fails the
// test unless kdig received and verified the whole transfer.
std::vector<TransferredRecord> transfer(const ServeFixture& f, const TsigCred& key,
                                        const std::string& zone, const std::string& qtype) {
    auto r = f.kdig({"-y", key.spec(), zone, qtype});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.find("WARNING") == std::string::npos);
    std::vector<TransferredRecord> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == ';') continue;
        std::istringstream fields(line);
        std::string owner, ttl, klass, type, rdata;
        fields >> owner >> ttl >> klass >> type;
        std::getline(fields >> std::ws, rdata);
        if (type == "TSIG") continue;
        out.push_back({type == "SOA", canonical(owner, ttl, type, rdata, zone)});
    }
    REQUIRE_FALSE(out.empty());
    return out;
}

} // namespace

TsigCred cli_tsig_key(const ServeFixture& f, const std::string& name, const std::string& algorithm,
                      const std::string& zone) {
    auto doc =
        dnsclay_json(f, {"cred", "add", name, "--zone", zone, "--tsig", "--algorithm", algorithm});
    const auto& c = doc["credential"];
    TsigCred key;
    key.name = c["name"].GetString();
    key.algorithm = c["algorithm"].GetString();
    key.secret = c["secret"].GetString();
    key.zones = {zone};
    CHECK(key.spec() == c["nsupdate"].GetString());
    return key;
}

std::string Updater::name() const {
    return std::string(tool == Tool::Nsupdate ? "nsupdate" : "knsupdate") +
           (transport == Transport::Tcp ? " over TCP" : " over UDP");
}

RunResult send_update(const ServeFixture& f, const std::optional<TsigCred>& key,
                      const Updater& updater, const std::string& zone,
                      const std::string& commands) {
    std::vector<std::string> argv = {updater.tool == Tool::Nsupdate ? "nsupdate" : "knsupdate",
                                     "-t", "10"};
    if (key) argv.insert(argv.end(), {"-y", key->spec()});
    if (updater.transport == Transport::Tcp) argv.push_back("-v");
    std::string script;
    // Whether "_acme-challenge A" may be added is the server's to judge, not nsupdate's.
    if (updater.tool == Tool::Nsupdate) script = "check-names off\n";
    script += "server 127.0.0.1 " + std::to_string(f.port()) + "\nzone " + zone + "\n" + commands +
              "\nsend\n";
    return run(argv, script, std::chrono::seconds(30));
}

std::string update_rcode(const RunResult& r) {
    static const std::regex nsupdate(R"(update failed: ([A-Z]+(\([A-Z]+\))?))");
    static const std::regex knsupdate(R"(update failed with error '([A-Z]+)')");
    // knsupdate shows a TSIG error in place of the rcode (always NOTAUTH, RFC 8945 §5.3.2).
    static const std::regex knsupdate_tsig(R"(status: ([A-Z]+);[^]*reply verification)");
    std::smatch m;
    auto all = r.out + r.err;
    if (std::regex_search(all, m, nsupdate) || std::regex_search(all, m, knsupdate)) return m[1];
    if (std::regex_search(all, m, knsupdate_tsig)) return "NOTAUTH(" + m[1].str() + ")";
    if (r.exit_code == 0) return "NOERROR";
    return all;
}

dns::Message update_adding(const std::string& zone, const std::string& line) {
    std::istringstream in(line);
    std::string owner, ttl, type, rdata;
    in >> owner >> ttl >> type;
    std::getline(in >> std::ws, rdata);
    dns::Record rr;
    rr.owner = dns::Name::parse(owner);
    rr.ttl = static_cast<std::uint32_t>(std::stoul(ttl));
    rr.type = dns::rrtype_from_string(type).value();
    rr.rdata = dns::rdata_from_text(rr.type, rdata, dns::Name::parse(zone));
    dns::Message m;
    m.id = 4242;
    m.opcode = dns::Opcode::UPDATE;
    m.questions.push_back({dns::Name::parse(zone), dns::RRType::SOA, dns::RRClass::IN});
    m.authorities.push_back(rr);
    m.edns.emplace();
    return m;
}

RecordSet listed_records(const ServeFixture& f, const std::string& zone) {
    auto doc = dnsclay_json(f, {"records", "list", zone});
    RecordSet out;
    for (const auto& rec : doc["records"].GetArray()) {
        std::string type = rec["type"].GetString();
        if (type == "SOA") continue;
        out.insert(canonical(rec["name"].GetString(), std::to_string(rec["ttl"].GetUint()), type,
                             rec["data"].GetString(), zone));
    }
    return out;
}

RecordSet transferred_records(const ServeFixture& f, const TsigCred& key, const std::string& zone) {
    auto rrs = transfer(f, key, zone, "AXFR");
    RecordSet out;
    std::size_t soas = 0;
    for (const auto& rr : rrs) {
        if (rr.soa)
            ++soas;
        else
            out.insert(rr.text);
    }
    CHECK(soas == 2);
    CHECK(rrs.front().soa);
    CHECK(rrs.back().soa);
    return out;
}

Difference transferred_difference(const ServeFixture& f, const TsigCred& key,
                                  const std::string& zone, std::uint32_t from_serial) {
    auto rrs = transfer(f, key, zone, "IXFR=" + std::to_string(from_serial));
    // RFC 1995 §4: the new SOA, then per version the old SOA, the deletions, the next SOA
    // and the additions, and the new SOA again. Only SOAs at the second place make it
    // incremental (an AXFR-style answer has data there).
    REQUIRE(rrs.size() >= 4);
    REQUIRE(rrs[1].soa);
    CHECK(rrs.back().text == rrs.front().text);
    Difference d;
    bool adding = true;
    for (std::size_t i = 1; i + 1 < rrs.size(); ++i) {
        if (rrs[i].soa)
            adding = !adding;
        else
            (adding ? d.added : d.removed).insert(rrs[i].text);
    }
    return d;
}

} // namespace dnsclay::test
