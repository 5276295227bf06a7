#include "cmd/change_output.hpp"

#include "lib/dns/rdata.hpp"

#include <fmt/core.h>

namespace dnsclay::cli {
namespace {

void records_json(Json& j, std::string_view key, const std::vector<dns::Record>& records) {
    j.key(key).begin_array();
    for (const auto& r : records)
        j.begin_object()
            .field("ttl", r.ttl)
            .field("data", dns::rdata_to_text(r.type, r.rdata))
            .end_object();
    j.end_array();
}

bool contains(const std::vector<dns::Record>& list, const dns::Record& r) {
    for (const auto& x : list)
        if (x.ttl == r.ttl && x.rdata == r.rdata) return true;
    return false;
}

} // namespace

std::string diff_text(const zone::ChangeSet& changes, bool color) {
    const char* red = color ? "\033[31m" : "";
    const char* green = color ? "\033[32m" : "";
    const char* bold = color ? "\033[1m" : "";
    const char* reset = color ? "\033[0m" : "";
    std::string out;
    for (const auto& c : changes) {
        const char* what = c.before.empty() ? "new" : c.after.empty() ? "deleted" : "changed";
        out += fmt::format("{}{} {} ({}){}\n", bold, c.key.owner.to_string(),
                           dns::to_string(c.key.type), what, reset);
        for (const auto& r : c.before)
            if (!contains(c.after, r))
                out += fmt::format("{}- {}{}\n", red, r.to_string(), reset);
            else
                out += fmt::format("  {}\n", r.to_string());
        for (const auto& r : c.after)
            if (!contains(c.before, r))
                out += fmt::format("{}+ {}{}\n", green, r.to_string(), reset);
    }
    return out;
}

void record_json(Json& j, const dns::Record& r) {
    j.begin_object()
        .field("name", r.owner.to_string())
        .field("type", dns::to_string(r.type))
        .field("class", dns::to_string(r.klass))
        .field("ttl", r.ttl)
        .field("data", dns::rdata_to_text(r.type, r.rdata))
        .end_object();
}

void print_change_json(const std::string& zone, const zone::ChangeResult& result, bool applied) {
    Json j;
    j.begin_object()
        .field("zone", zone)
        .field("serial_before", result.serial_before)
        .field("serial_after", result.serial_after)
        .field("applied", applied);
    changes_json(j, result.changes);
    j.end_object().print();
}

void changes_json(Json& j, const zone::ChangeSet& changes) {
    j.key("changes").begin_array();
    for (const auto& c : changes) {
        j.begin_object()
            .field("name", c.key.owner.to_string())
            .field("type", dns::to_string(c.key.type))
            .field("class", dns::to_string(c.key.klass));
        records_json(j, "before", c.before);
        records_json(j, "after", c.after);
        j.end_object();
    }
    j.end_array();
}

} // namespace dnsclay::cli
