#include "providers/record_api.hpp"

#include "lib/dns/rdata.hpp"
#include "providers/provider.hpp"
#include "providers/web_api.hpp"

#include <exception>
#include <fmt/core.h>
#include <functional>
#include <optional>

namespace dnsclay::providers {
namespace {

// One call made, and how to take it back.
struct Done {
    std::string what;
    std::function<void()> undo;
};

std::string describe(const dns::Record& r) {
    return fmt::format("{} {} {}", r.owner.to_string(), dns::to_string(r.type),
                       dns::rdata_to_text(r.type, r.rdata));
}

} // namespace

void apply_by_record(RecordCalls& calls, const std::vector<IdRecord>& held,
                     const std::vector<dns::Record>& after) {
    std::uint32_t ttl = rrset_ttl(after);
    // Pair each wanted value with a held record: the same value first, then any left over.
    std::vector<bool> used(held.size(), false);
    std::vector<std::optional<std::size_t>> match(after.size());
    for (std::size_t w = 0; w < after.size(); ++w)
        for (std::size_t h = 0; h < held.size() && !match[w]; ++h)
            if (!used[h] && dns::rdata_equal(after[w].type, after[w].rdata, held[h].record.rdata)) {
                used[h] = true;
                match[w] = h;
            }
    std::size_t spare = 0;
    for (std::size_t w = 0; w < after.size(); ++w) {
        while (!match[w] && spare < held.size() && used[spare])
            ++spare;
        if (!match[w] && spare < held.size()) {
            used[spare] = true;
            match[w] = spare;
        }
    }

    std::vector<Done> done;
    try {
        for (std::size_t w = 0; w < after.size(); ++w) {
            dns::Record want = after[w];
            want.ttl = ttl;
            if (!match[w]) {
                auto id = calls.create(want);
                done.push_back({"create " + describe(want), [&calls, id] { calls.remove(id); }});
                continue;
            }
            const auto& had = held[*match[w]];
            if (had.record.ttl == ttl && dns::rdata_equal(want.type, want.rdata, had.record.rdata))
                continue;
            calls.update(had.id, want);
            done.push_back({"update " + describe(had.record),
                            [&calls, &had] { calls.update(had.id, had.record); }});
        }
        for (std::size_t h = 0; h < held.size(); ++h) {
            if (used[h]) continue;
            calls.remove(held[h].id);
            const auto& had = held[h];
            done.push_back(
                {"delete " + describe(had.record), [&calls, &had] { calls.create(had.record); }});
        }
    } catch (const std::exception& failure) {
        for (auto it = done.rbegin(); it != done.rend(); ++it) {
            try {
                it->undo();
            } catch (const std::exception& e) {
                throw ProviderError(fmt::format("{}; undoing the {} failed too: {}; the rrset is "
                                                "partly changed until the next sync",
                                                failure.what(), it->what, e.what()));
            }
        }
        throw;
    }
}

std::vector<dns::Record> RecordApiProvider::list_records() {
    skipped_.clear();
    std::vector<dns::Record> out;
    for (auto& r : fetch_all())
        out.push_back(std::move(r.record));
    return out;
}

void RecordApiProvider::apply_remote(const zone::ChangeSet& changes) {
    for (const auto& c : changes)
        apply_by_record(*this, fetch_rrset(c.key), c.after);
}

std::vector<IdRecord> RecordApiProvider::fetch_rrset(const zone::RRsetKey& key) {
    std::vector<IdRecord> held;
    for (auto& r : fetch_all())
        if (r.record.owner == key.owner && r.record.type == key.type) held.push_back(std::move(r));
    return held;
}

std::optional<IdRecord> read_id_record(const std::string& id, const std::string& name,
                                       std::uint32_t ttl, const std::string& type,
                                       const std::string& rdata, const dns::Name& zone,
                                       std::vector<SkippedRecord>& skipped) {
    dns::Name owner;
    try {
        owner = name.empty() ? zone : dns::Name::parse(name, zone); // parse() reads "@"
    } catch (const std::exception& e) {
        skipped.push_back({fmt::format("{} {} {}", name, type, rdata), e.what()});
        return std::nullopt;
    }
    auto rec = read_record(owner, ttl, type, rdata, zone, skipped);
    if (!rec) return std::nullopt;
    return IdRecord{id, std::move(*rec)};
}

} // namespace dnsclay::providers
