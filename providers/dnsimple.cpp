// `dnsimple`: DNSimple's API v2 (https://api.dnsimple.com/v2, Authorization: Bearer <access
// token>). Paths name the account (the account_id field, or GET /whoami once per process)
// and the zone by name; records are listed page by page (pagination.total_pages). A change
// set is one POST .../batch of creates, updates and deletes, which DNSimple validates as a
// whole before applying; the ids of what the operator holds of each rrset come from the zone's
// last listing where it is current (providers/listed_records), else from one filtered GET. Names
// are relative ("" the apex); MX and SRV keep their priority apart; TXT is the raw text; host names
// have no trailing dot. SOA and the apex NS are DNSimple's own.
#include "lib/dns/rdata.hpp"
#include "providers/listed_records.hpp"
#include "providers/priority_content.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kMinTtl = 60;
constexpr int kPageSize = 100; // DNSimple's largest per_page

// DNSimple's explanation: {"message": ..., "errors": {"field": ["..."]}}; a batch reports
// {"errors": {"creates": [{"index": i, "errors": {...}}]}}, named here by `items`.
std::string dnsimple_error(const rapidjson::Document& doc,
                           const std::map<std::string, std::vector<std::string>>& items) {
    if (!doc.IsObject()) return "";
    std::string out = member_text(doc, "message");
    auto field_errors = [](const rapidjson::Value& errors) {
        std::string text;
        if (!errors.IsObject()) return text;
        for (auto it = errors.MemberBegin(); it != errors.MemberEnd(); ++it) {
            if (!it->value.IsArray()) continue;
            for (const auto& m : it->value.GetArray())
                if (m.IsString())
                    text += fmt::format("{}{}: {}", text.empty() ? "" : ", ", it->name.GetString(),
                                        m.GetString());
        }
        return text;
    };
    if (!doc.HasMember("errors") || !doc["errors"].IsObject()) return out;
    const auto& errors = doc["errors"];
    std::string detail = field_errors(errors);
    for (const auto& [part, names] : items) {
        auto list = errors.FindMember(part.c_str());
        if (list == errors.MemberEnd() || !list->value.IsArray()) continue;
        for (const auto& e : list->value.GetArray()) {
            auto index = member_text(e, "index");
            std::size_t i = index.empty() ? names.size() : read_number(index, "item index");
            auto what = e.IsObject() && e.HasMember("errors") ? field_errors(e["errors"])
                                                              : member_text(e, "message");
            detail += fmt::format("{}{}: {}", detail.empty() ? "" : "; ",
                                  i < names.size() ? names[i] : part, what);
        }
    }
    return detail.empty() ? out : fmt::format("{}: {}", out, detail);
}

class DnsimpleProvider : public WebProvider {
  public:
    DnsimpleProvider(const ProviderContext& ctx, const std::string& token)
        : api_(ctx, {"DNSimple",
                     "dnsimple",
                     "https://api.dnsimple.com/v2",
                     {2400, std::chrono::seconds(3600)},
                     {{"Authorization", "Bearer " + token}},
                     token,
                     {token}}) {
        auto id = ctx.fields.find("account_id");
        if (id != ctx.fields.end()) account_ = id->second;
    }

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        auto started = listed_.listing_started();
        std::vector<IdRecord> system;
        auto held = fetch("", &system);
        listed_.remember(started, held); // DNSimple's own records are never changed by id
        std::move(system.begin(), system.end(), std::back_inserter(held));
        return without_ids(std::move(held));
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    // One batch, with the record ids of the zone's last listing where they are current
    // (providers/listed_records), else of one filtered read per rrset.
    void apply_remote(const zone::ChangeSet& changes) override {
        std::map<std::string, std::vector<std::string>> items; // what each entry is, by part
        auto resp = send_by_id(
            listed_, changes, [&](const zone::RRsetKey& key) { return held_records(key); },
            [&](const HeldRecords& held_of) { return send_batch(changes, held_of, items); });
        if (resp && resp->status != 200 && resp->status != 201)
            fail("batch change", *resp, api_.json(*resp, "batch change"), items);
    }

  private:
    // `items` gets what each entry of the batch is, by part, for error messages.
    std::optional<http::Response>
    send_batch(const zone::ChangeSet& changes, const HeldRecords& held_of,
               std::map<std::string, std::vector<std::string>>& items) {
        std::string creates, updates, deletes;
        items.clear();
        auto add = [&](std::string& list, const char* part, const std::string& item,
                       const std::string& what) {
            list += (list.empty() ? "" : ",") + item;
            items[part].push_back(what);
        };
        for (const auto& c : changes) {
            auto held = held_of(c);
            std::uint32_t ttl = rrset_ttl(c.after);
            auto plan = plan_records(without_ids(held), c.after);
            for (auto i : plan.retime)
                add(updates, "updates", fmt::format(R"({{"id":{},"ttl":{}}})", held[i].id, ttl),
                    describe(held[i].record));
            for (const auto* want : plan.create)
                add(creates, "creates", record_json(*want, ttl), describe(*want));
            for (auto i : plan.remove)
                add(deletes, "deletes", fmt::format(R"({{"id":{}}})", held[i].id),
                    describe(held[i].record));
        }
        if (creates.empty() && updates.empty() && deletes.empty()) return std::nullopt;
        auto body = fmt::format(R"({{"creates":[{}],"updates":[{}],"deletes":[{}]}})", creates,
                                updates, deletes);
        return api_.send("POST", zone_path() + "/batch", body);
    }

    static std::string describe(const dns::Record& r) {
        return fmt::format("{} {} {}", r.owner.to_string(), dns::to_string(r.type),
                           dns::rdata_to_text(r.type, r.rdata));
    }

    const std::string& account() {
        if (account_.empty()) account_ = api_.remembered("account id", [&] { return who_am_i(); });
        return account_;
    }

    std::string who_am_i() {
        auto resp = api_.send("GET", "/whoami");
        auto doc = api_.json(resp, "whoami");
        if (resp.status != 200) fail("whoami", resp, doc, {});
        std::string id;
        if (doc.IsObject() && doc.HasMember("data") && doc["data"].IsObject() &&
            doc["data"].HasMember("account"))
            id = member_text(doc["data"]["account"], "id");
        if (id.empty())
            throw ProviderError(fmt::format(
                "DNSimple API whoami for zone {}: the token is not an account token; set the "
                "account_id field to the account that holds the zone",
                api_.zone_name()));
        return id;
    }

    std::string zone_path() { return fmt::format("/{}/zones/{}", account(), api_.zone_name()); }

    [[noreturn]] void fail(const std::string& what, const http::Response& resp,
                           const rapidjson::Document& doc,
                           const std::map<std::string, std::vector<std::string>>& items) {
        auto why = dnsimple_error(doc, items);
        if (resp.status == 401 || resp.status == 403)
            why += fmt::format("; the access token needs access to the account that holds {}",
                               api_.zone_name());
        else if (resp.status == 404)
            why = fmt::format("zone {} is not in DNSimple account {}", api_.zone_name(),
                              account_.empty() ? "(unknown)" : account_);
        else if (why.find("ttl") != std::string::npos)
            why += fmt::format(" (DNSimple's minimum TTL is {})", kMinTtl);
        api_.fail(what, resp, why);
    }

    // The records DNSimple holds for one rrset, its own (SOA, apex NS) left out. The
    // filter's answer is checked too: nothing outside the rrset may be deleted.
    std::vector<IdRecord> held_records(const zone::RRsetKey& key) {
        std::vector<IdRecord> system;
        auto all = fetch(fmt::format("&name={}&type={}", relative_owner(key.owner, api_.zone(), ""),
                                     dns::to_string(key.type)),
                         &system);
        std::erase_if(all, [&](const IdRecord& h) {
            return h.record.owner != key.owner || h.record.type != key.type;
        });
        return all;
    }

    // Every record of the zone, or those `filter` ("&name=...&type=...") selects; DNSimple's
    // own (system records: SOA, apex NS) go to `system`.
    std::vector<IdRecord> fetch(const std::string& filter, std::vector<IdRecord>* system) {
        std::vector<IdRecord> out;
        Pages listing(api_, "list records");
        for (long page = 1, pages = 1; page <= pages; ++page) {
            auto resp = api_.send("GET", fmt::format("{}/records?page={}&per_page={}{}",
                                                     zone_path(), page, kPageSize, filter));
            listing.next(resp);
            auto doc = api_.json(resp, "list records");
            if (resp.status != 200) fail("list records", resp, doc, {});
            if (!doc.IsObject() || !doc.HasMember("data") || !doc["data"].IsArray())
                throw ProviderError(fmt::format(
                    "DNSimple API list records for zone {}: the answer has no data list",
                    api_.zone_name()));
            for (const auto& r : doc["data"].GetArray()) {
                const auto* system_record = find_member(r, "system_record");
                bool own = system_record && system_record->IsBool() && system_record->GetBool();
                if (auto h = read(r)) (own ? *system : out).push_back(std::move(*h));
            }
            if (doc.HasMember("pagination")) {
                auto total = member_text(doc["pagination"], "total_pages");
                if (!total.empty()) pages = read_number(total, "page count");
            }
            if (doc["data"].Empty()) break;
        }
        return out;
    }

    std::optional<IdRecord> read(const rapidjson::Value& r) {
        auto name = member_text(r, "name"), type = member_text(r, "type");
        auto content = member_text(r, "content"), priority = member_text(r, "priority");
        auto ttl_text = member_text(r, "ttl");
        std::uint32_t ttl = ttl_text.empty() ? 3600 : read_number(ttl_text, "TTL");
        auto rdata = presentation_form(type, content, priority);
        dns::Name owner;
        try {
            owner = name.empty() ? api_.zone() : dns::Name::parse(name, api_.zone());
        } catch (const std::exception& e) {
            skipped_.push_back({fmt::format("{} {} {}", name, type, content), e.what()});
            return std::nullopt;
        }
        auto rec = read_record(owner, ttl, type, rdata, api_.zone(), skipped_);
        if (!rec) return std::nullopt;
        return IdRecord{member_text(r, "id"), std::move(*rec)};
    }

    std::string record_json(const dns::Record& r, std::uint32_t ttl) const {
        auto pc = priority_content(r);
        return fmt::format(R"({{"name":{},"type":{},"content":{},"ttl":{}{}}})",
                           json_quote(relative_owner(r.owner, api_.zone(), "")),
                           json_quote(dns::to_string(r.type)), json_quote(pc.content), ttl,
                           pc.priority.empty() ? "" : R"(,"priority":)" + pc.priority);
    }

    WebApi api_;
    ListedRecords listed_{api_.remembered_key("records " + api_.zone_name())};
    std::string account_;
};

} // namespace

ProviderInfo dnsimple_provider() {
    ProviderInfo info;
    info.name = "dnsimple";
    info.description = "DNSimple, through its API v2 (atomic batch changes)";
    info.fields = {
        {"api_token", true, true,
         "An account access token (dnsimple.com, Account, Access tokens), or a user token "
         "with account_id set"},
        {"account_id", false, false,
         "The numeric id of the account that holds the zone; asked of /whoami if not set"},
        {"endpoint", false, false,
         "API base URL (default https://api.dnsimple.com/v2; the sandbox is "
         "https://api.sandbox.dnsimple.com/v2), for tests and proxies"},
    };
    info.capabilities.atomic_changes = true;
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A,   T::AAAA,  T::CAA, T::CNAME, T::DNSKEY,
                               T::DS,  T::HINFO, T::MX,  T::NAPTR, T::NS,
                               T::PTR, T::SPF,   T::SRV, T::SSHFP, T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto token = ctx.fields.find("api_token");
        if (token == ctx.fields.end() || token->second.empty())
            throw ProviderError("provider dnsimple needs the field api_token");
        return std::make_unique<DnsimpleProvider>(ctx, token->second);
    };
    return info;
}

} // namespace dnsclay::providers
