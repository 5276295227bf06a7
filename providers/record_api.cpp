#include "providers/record_api.hpp"

#include "lib/dns/rdata.hpp"
#include "providers/provider.hpp"
#include "providers/web_api.hpp"

#include <algorithm>
#include <exception>
#include <fmt/core.h>
#include <functional>
#include <optional>
#include <utility>

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
    auto at_ttl = [ttl](dns::Record r) {
        r.ttl = ttl;
        return r;
    };
    auto plan = plan_records(without_ids(held), after);
    // A value to create and a record to delete make one update in place.
    std::size_t in_place = std::min(plan.create.size(), plan.remove.size());
    std::vector<Done> done;
    auto update = [&](const IdRecord& had, const dns::Record& want) {
        calls.update(had.id, want);
        done.push_back({"update " + describe(had.record),
                        [&calls, &had] { calls.update(had.id, had.record); }});
    };
    try {
        for (auto i : plan.retime)
            update(held[i], at_ttl(held[i].record));
        for (std::size_t k = 0; k < in_place; ++k)
            update(held[plan.remove[k]], at_ttl(*plan.create[k]));
        for (std::size_t k = in_place; k < plan.create.size(); ++k) {
            auto want = at_ttl(*plan.create[k]);
            auto id = calls.create(want);
            done.push_back({"create " + describe(want), [&calls, id] { calls.remove(id); }});
        }
        for (std::size_t k = in_place; k < plan.remove.size(); ++k) {
            const auto& had = held[plan.remove[k]];
            calls.remove(had.id);
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
    return without_ids(fetch_all());
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

RestRecordApiProvider::RestRecordApiProvider(const ProviderContext& ctx, WebApiSpec api_spec,
                                             RestRecordSpec record_spec)
    : api_(ctx, std::move(api_spec)), spec_(std::move(record_spec)) {}

rapidjson::Document RestRecordApiProvider::checked(const http::Response& response,
                                                   const std::string& what, long ok) {
    auto doc = api_.json(response, what);
    if (response.status == ok && doc.IsObject()) return doc;
    auto why = spec_.explain(doc);
    if (response.status == 401 || response.status == 403)
        why +=
            fmt::format(fmt::runtime(spec_.credentials_hint), fmt::arg("zone", api_.zone_name()));
    else if (response.status == 404 && what == "list records" && spec_.listing_404_means_no_domain)
        why += fmt::format("; is {} a domain of this {} account?", api_.zone_name(), api_.label());
    api_.fail(what, response, why);
}

const rapidjson::Value& RestRecordApiProvider::array_member(const rapidjson::Document& doc,
                                                            const char* name,
                                                            const std::string& what) const {
    auto member = doc.FindMember(name);
    if (member == doc.MemberEnd() || !member->value.IsArray())
        throw ProviderError(fmt::format("{} API {} for zone {}: the answer has no {}", api_.label(),
                                        what, api_.zone_name(), name));
    return member->value;
}

std::string RestRecordApiProvider::create(const dns::Record& record) {
    const auto doc = checked(api_.send("POST", records_path(), record_body(record, false)),
                             "create record", spec_.created);
    const rapidjson::Value* created = &doc;
    if (!spec_.created_member.empty()) {
        auto member = doc.FindMember(spec_.created_member.c_str());
        created = member == doc.MemberEnd() ? nullptr : &member->value;
    }
    auto id = created ? member_text(*created, "id") : "";
    if (id.empty())
        throw ProviderError(fmt::format("{} API create record for zone {}: the answer has no "
                                        "record id",
                                        api_.label(), api_.zone_name()));
    return id;
}

void RestRecordApiProvider::update(const std::string& id, const dns::Record& record) {
    auto resp = api_.send(spec_.update_method, fmt::format("{}/{}", records_path(), id),
                          record_body(record, true), true);
    if (resp.status != 204) checked(resp, "update record", 200);
}

void RestRecordApiProvider::remove(const std::string& id) {
    auto resp = api_.send("DELETE", fmt::format("{}/{}", records_path(), id));
    if (resp.status == 204 || resp.status == 404) return; // 404: gone already
    checked(resp, "delete record", 200);
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
