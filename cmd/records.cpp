// `dnsclay records list|add|delete|export` (and `records edit`, in records_edit.cpp).
#include "cmd/change_output.hpp"
#include "cmd/records_common.hpp"
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/dns/ttl.hpp"
#include "lib/dns/zonefile.hpp"
#include "lib/store/audit.hpp"
#include "lib/zone/errors.hpp"
#include "lib/zone/soa.hpp"

#include <fmt/core.h>

namespace dnsclay::cli {
namespace {

struct Options {
    std::string zone;
    std::string name;
    std::string type;
    std::string ttl;
    std::vector<std::string> value;
};

dns::RRType record_type(const std::string& text) {
    auto t = dns::rrtype_from_string(text);
    if (!t || dns::is_meta_type(*t) || *t == dns::RRType::OPT)
        throw CliError(kExitUsage, fmt::format("\"{}\" is not a record type", text));
    return *t;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : " ") + p;
    return out;
}

dns::Bytes rdata_arg(dns::RRType type, const std::vector<std::string>& value,
                     const dns::Name& origin) {
    try {
        return dns::rdata_from_text(type, joined(value), origin);
    } catch (const dns::TextError& e) {
        throw CliError(kExitUsage, fmt::format("bad {} data \"{}\": {}", dns::to_string(type),
                                               joined(value), e.what()));
    }
}

void records_list(const GlobalOptions& global, const Options& o) {
    auto st = open_store(global);
    auto zone = read_zone(*st, zone_name(o.zone));
    auto apex = dns::Name::parse(zone.zone.name);
    std::optional<dns::Name> name;
    if (!o.name.empty()) name = owner_name(o.name, apex);
    std::optional<dns::RRType> type;
    if (!o.type.empty()) type = record_type(o.type);
    std::vector<dns::Record> shown;
    for (const auto& r : zone_records(zone))
        if ((!name || r.owner == *name) && (!type || r.type == *type)) shown.push_back(r);
    if (global.json) {
        Json j;
        j.begin_object().field("zone", zone.zone.name).field("serial", zone.zone.serial);
        j.key("records").begin_array();
        for (const auto& r : shown)
            record_json(j, r);
        j.end_array().end_object().print();
        return;
    }
    std::string out;
    for (const auto& r : shown) {
        out += r.to_string();
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
}

void records_export(const GlobalOptions& global, const std::string& zone_arg) {
    auto st = open_store(global);
    auto zone = read_zone(*st, zone_name(zone_arg));
    auto text = dns::write_zone_file(zone_records(zone), dns::Name::parse(zone.zone.name));
    std::fwrite(text.data(), 1, text.size(), stdout);
}

void report(const GlobalOptions& global, const std::string& zone, const zone::ChangeResult& r) {
    if (global.json) return print_change_json(zone, r, !r.changes.empty());
    if (r.changes.empty()) return say(global, fmt::format("No change to {}", zone));
    if (global.quiet) return;
    fmt::print("{}", diff_text(r.changes, use_color()));
    fmt::print("{}: serial {} -> {}\n", zone, r.serial_before, r.serial_after);
}

void records_add(const GlobalOptions& global, const Options& o) {
    std::string zname = zone_name(o.zone);
    auto apex = dns::Name::parse(zname);
    dns::Record rec;
    rec.owner = owner_name(o.name, apex);
    try {
        rec.ttl = dns::parse_ttl(o.ttl);
    } catch (const dns::TextError&) {
        throw CliError(kExitUsage, fmt::format("TTL \"{}\" is not a number of seconds (or 1h, "
                                               "30m ...) up to {}",
                                               o.ttl, dns::kMaxTtl));
    }
    rec.type = record_type(o.type);
    rec.rdata = rdata_arg(rec.type, o.value, apex);
    auto st = open_store(global);
    zone::ChangeRequest req;
    req.zone = zname;
    req.actor = store::cli_actor();
    req.action = "records add";
    // The whole rrset takes the new TTL: an rrset has one TTL (RFC 2181 §5.2).
    req.edit = [&rec](const zone::ZoneSnapshot& snap) {
        auto key = zone::RRsetKey::of(rec);
        std::vector<dns::Record> records;
        if (auto it = snap.rrsets.find(key); it != snap.rrsets.end()) records = it->second;
        for (auto& r : records)
            r.ttl = rec.ttl;
        records.push_back(rec);
        return std::vector<zone::RRsetReplacement>{{key, records}};
    };
    report(global, zname, zone::change_records(*st, req));
}

void records_delete(const GlobalOptions& global, const Options& o) {
    std::string zname = zone_name(o.zone);
    auto apex = dns::Name::parse(zname);
    auto owner = owner_name(o.name, apex);
    std::optional<dns::RRType> type;
    if (!o.type.empty()) type = record_type(o.type);
    std::optional<dns::Bytes> rdata;
    if (!o.value.empty()) rdata = rdata_arg(*type, o.value, apex);
    auto st = open_store(global);
    zone::ChangeRequest req;
    req.zone = zname;
    req.actor = store::cli_actor();
    req.action = "records delete";
    req.edit = [&](const zone::ZoneSnapshot& snap) {
        std::vector<zone::RRsetReplacement> out;
        for (const auto& [key, records] : snap.rrsets) {
            if (!(key.owner == owner) || (type && key.type != *type)) continue;
            std::vector<dns::Record> kept;
            // Names inside rdata compare case-insensitively, as in DNS UPDATE (RFC 2136).
            if (rdata)
                for (const auto& r : records)
                    if (!dns::rdata_equal(r.type, r.rdata, *rdata)) kept.push_back(r);
            if (kept.size() != records.size()) out.push_back({key, kept});
        }
        if (out.empty())
            throw zone::NotFound(fmt::format(
                "no such records in {}: {}{}{}", zname, owner.to_string(),
                type ? " " + dns::to_string(*type) : "", rdata ? " " + joined(o.value) : ""));
        return out;
    };
    report(global, zname, zone::change_records(*st, req));
}

} // namespace

void register_records(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto* records = app.add_subcommand("records", "List, add, delete, export and edit records");
    records->require_subcommand(1);
    auto o = std::make_shared<Options>();

    auto* list = records->add_subcommand("list", "List a zone's records (with its SOA)");
    list->add_option("zone", o->zone, "The zone")->required();
    list->add_option("--name", o->name,
                     "Only records of this name (relative to the zone or "
                     "absolute; @ is the apex)");
    list->add_option("--type", o->type, "Only records of this type");
    list->callback([&global, &exit_code, o] { run(exit_code, [&] { records_list(global, *o); }); });

    auto* add = records->add_subcommand(
        "add", "Add a record; the rrset takes its TTL. Example: records add example.com www 300 A "
               "192.0.2.1");
    add->add_option("zone", o->zone, "The zone")->required();
    add->add_option("name", o->name, "Owner, relative to the zone or absolute; @ is the apex")
        ->required();
    add->add_option("ttl", o->ttl, "TTL in seconds or with units (1h, 30m)")->required();
    add->add_option("type", o->type, "Record type, e.g. A, TXT, MX")->required();
    add->add_option("value", o->value,
                    "Record data in presentation format, as one argument or several joined by "
                    "spaces (e.g. \"10 mx.example.com.\", '\"some text\"')")
        ->required();
    add->callback([&global, &exit_code, o] { run(exit_code, [&] { records_add(global, *o); }); });

    auto* del = records->add_subcommand(
        "delete", "Delete all records of a name, of a name and type, or one record");
    del->add_option("zone", o->zone, "The zone")->required();
    del->add_option("name", o->name, "Owner, relative to the zone or absolute; @ is the apex")
        ->required();
    auto* type = del->add_option("type", o->type, "Only this type");
    del->add_option("value", o->value, "Only the record with this data")->needs(type);
    del->callback(
        [&global, &exit_code, o] { run(exit_code, [&] { records_delete(global, *o); }); });

    auto* exp = records->add_subcommand(
        "export", "Print the zone as a zone file (records edit --file takes it back)");
    exp->add_option("zone", o->zone, "The zone")->required();
    exp->callback(
        [&global, &exit_code, o] { run(exit_code, [&] { records_export(global, o->zone); }); });

    register_records_edit(*records, global, exit_code);
}

} // namespace dnsclay::cli
