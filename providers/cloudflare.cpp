// `cloudflare`: Cloudflare's API v4 (Authorization: Bearer <API token>). The zone id comes
// from GET /zones?name=, once per process (or from the zone_id field); records are listed
// page by page; a change set is one POST /dns_records/batch, which Cloudflare applies in one
// transaction (all or nothing), with the record ids of the zone's last listing where they
// are current (providers/listed_records). Cloudflare keeps structured fields for MX
// (priority), SRV, CAA and TLSA (data), names without the trailing dot, TTL 1 for
// "automatic" (300 s).
#include "lib/dns/rdata.hpp"
#include "providers/listed_records.hpp"
#include "providers/record_fields.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>
#include <map>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kAutomaticTtl = 300; // what Cloudflare serves for TTL 1
constexpr std::uint32_t kMinTtl = 60;

// Why Cloudflare refused: its messages and their error_chain, e.g. "DNS Validation Error:
// TTL must be between 60 and 86400 seconds".
std::string envelope_errors(const rapidjson::Document& doc) {
    std::string out;
    if (!doc.IsObject() || !doc.HasMember("errors") || !doc["errors"].IsArray()) return out;
    for (const auto& e : doc["errors"].GetArray()) {
        auto message = member_text(e, "message");
        auto code = member_text(e, "code");
        std::string item = code.empty() ? message : fmt::format("{} ({})", message, code);
        if (e.IsObject() && e.HasMember("error_chain") && e["error_chain"].IsArray())
            for (const auto& c : e["error_chain"].GetArray())
                item += ": " + member_text(c, "message");
        out += (out.empty() ? "" : "; ") + item;
    }
    return out;
}

bool succeeded(const rapidjson::Document& doc) {
    return doc.IsObject() && doc.HasMember("success") && doc["success"].IsBool() &&
           doc["success"].GetBool();
}

class CloudflareProvider : public WebProvider {
  public:
    CloudflareProvider(const ProviderContext& ctx, const std::string& token)
        : api_(ctx, {"Cloudflare",
                     "cloudflare",
                     "https://api.cloudflare.com/client/v4",
                     {1200, std::chrono::seconds(300)},
                     {{"Authorization", "Bearer " + token}},
                     token,
                     {token}}) {
        auto id = ctx.fields.find("zone_id");
        if (id != ctx.fields.end()) zone_id_ = id->second;
    }

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        auto started = listed_.listing_started();
        auto held = fetch("");
        listed_.remember(started, held);
        return without_ids(std::move(held));
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    // One batch, with the record ids of the zone's last listing where they are current
    // (providers/listed_records), else of one filtered read per rrset.
    void apply_remote(const zone::ChangeSet& changes) override {
        auto read = [&](const zone::RRsetKey& key) {
            return fetch(
                fmt::format("&name={}&type={}", fqdn(key.owner), dns::to_string(key.type)));
        };
        auto resp = send_by_id(listed_, changes, read, [&](const HeldRecords& held_of) {
            return send_batch(changes, held_of);
        });
        if (!resp) return;
        auto doc = api_.json(*resp, "batch change");
        if (resp->status >= 300 || !succeeded(doc))
            api_.fail("batch change", *resp, explain(doc, *resp));
    }

  private:
    std::optional<http::Response> send_batch(const zone::ChangeSet& changes,
                                             const HeldRecords& held_of) {
        std::string deletes, patches, posts;
        auto add = [](std::string& list, const std::string& item) {
            list += (list.empty() ? "" : ",") + item;
        };
        for (const auto& c : changes) {
            auto held = held_of(c);
            std::uint32_t ttl = rrset_ttl(c.after);
            auto plan = plan_records(without_ids(held), c.after);
            for (auto i : plan.retime)
                add(patches, fmt::format(R"({{"id":{},"ttl":{}}})", json_quote(held[i].id), ttl));
            for (const auto* want : plan.create)
                add(posts, record_json(*want, ttl));
            for (auto i : plan.remove)
                add(deletes, fmt::format(R"({{"id":{}}})", json_quote(held[i].id)));
        }
        if (deletes.empty() && patches.empty() && posts.empty()) return std::nullopt;
        auto body = fmt::format(R"({{"deletes":[{}],"patches":[{}],"posts":[{}]}})", deletes,
                                patches, posts);
        return api_.send("POST", fmt::format("/zones/{}/dns_records/batch", zone_id()), body);
    }

    std::string explain(const rapidjson::Document& doc, const http::Response& resp) const {
        auto why = envelope_errors(doc);
        if (resp.status == 401 || resp.status == 403)
            return fmt::format("{}; the API token needs Zone:Read and DNS:Edit on {}", why,
                               api_.zone_name());
        if (why.find("TTL must be") != std::string::npos)
            return fmt::format("{}; Cloudflare's minimum TTL is {} (1 means automatic)", why,
                               kMinTtl);
        return why;
    }

    // The zone's id: the configured one, or looked up by name once per process.
    const std::string& zone_id() {
        if (zone_id_.empty())
            zone_id_ =
                api_.remembered("zone id " + api_.zone_name(), [&] { return look_up_zone(); });
        return zone_id_;
    }

    std::string look_up_zone() {
        auto resp = api_.send("GET", "/zones?name=" + api_.zone_name() + "&per_page=50");
        auto doc = api_.json(resp, "zone lookup");
        if (resp.status != 200 || !succeeded(doc))
            api_.fail("zone lookup", resp, explain(doc, resp));
        const auto& root = doc;
        auto result = root.FindMember("result");
        if (result == root.MemberEnd() || !result->value.IsArray() || result->value.Empty())
            throw ProviderError(fmt::format(
                "Cloudflare API: zone {} is not in the account, or the API token lacks Zone:Read "
                "on it",
                api_.zone_name()));
        auto id = member_text(result->value[0], "id");
        if (id.empty())
            throw ProviderError(fmt::format("Cloudflare API: zone lookup for {} sent no zone id",
                                            api_.zone_name()));
        return id;
    }

    // Every record of the zone, or those `filter` ("&name=...&type=...") selects.
    std::vector<IdRecord> fetch(const std::string& filter) {
        std::vector<IdRecord> out;
        std::string path = fmt::format("/zones/{}/dns_records", zone_id());
        Pages listing(api_, "list records");
        for (long page = 1;; ++page) {
            auto resp =
                api_.send("GET", fmt::format("{}?page={}&per_page=100{}", path, page, filter));
            listing.next(resp);
            auto doc = api_.json(resp, "list records");
            // An id looked up earlier may be gone with its zone: look it up again next time.
            if (resp.status == 404) api_.forget("zone id " + api_.zone_name());
            if (resp.status != 200 || !succeeded(doc))
                api_.fail("list records", resp, explain(doc, resp));
            const auto& root = doc;
            auto result = root.FindMember("result");
            if (result == root.MemberEnd() || !result->value.IsArray())
                throw ProviderError(fmt::format("Cloudflare API list records for zone {}: the "
                                                "answer has no result list",
                                                api_.zone_name()));
            for (const auto& r : result->value.GetArray())
                if (auto s = read(r)) out.push_back(std::move(*s));
            long total_pages = 1;
            auto info = root.FindMember("result_info");
            if (info != root.MemberEnd() && info->value.IsObject()) {
                auto tp = member_text(info->value, "total_pages");
                if (!tp.empty()) total_pages = read_number(tp, "page count");
            }
            // A page without records ends the loop too, whatever result_info says.
            if (page >= total_pages || result->value.Empty()) break;
        }
        return out;
    }

    std::optional<IdRecord> read(const rapidjson::Value& r) {
        std::string type = member_text(r, "type"), name = member_text(r, "name");
        std::string content = member_text(r, "content"), id = member_text(r, "id");
        auto ttl_text = member_text(r, "ttl");
        std::uint32_t ttl = ttl_text.empty() ? kAutomaticTtl : read_number(ttl_text, "TTL");
        if (ttl == 1) ttl = kAutomaticTtl;
        const rapidjson::Value* data = nullptr;
        if (r.IsObject() && r.HasMember("data") && r["data"].IsObject()) data = &r["data"];
        auto d = [&](const char* key) { return data ? member_text(*data, key) : std::string(); };
        std::string rdata = content;
        if (type == "MX")
            rdata = fmt::format("{} {}", member_text(r, "priority"), with_dot(content));
        else if (type == "SRV")
            rdata = data ? fmt::format("{} {} {} {}", d("priority"), d("weight"), d("port"),
                                       with_dot(d("target")))
                         : fmt::format("{} {}", member_text(r, "priority"), content);
        else if (type == "CAA" && data)
            rdata = fmt::format("{} {} {}", d("flags"), d("tag"), quote_string(d("value")));
        else if (type == "TLSA" && data)
            rdata = fmt::format("{} {} {} {}", d("usage"), d("selector"), d("matching_type"),
                                d("certificate"));
        else if (type == "CNAME" || type == "NS" || type == "PTR")
            rdata = with_dot(content);
        else if (type == "TXT" && (content.empty() || content.front() != '"'))
            rdata = quote_string(content); // unquoted text means the text itself
        dns::Name owner;
        try {
            owner = dns::Name::parse(with_dot(name));
        } catch (const std::exception& e) {
            skipped_.push_back({fmt::format("{} {} {}", name, type, content), e.what()});
            return std::nullopt;
        }
        auto rec = read_record(owner, ttl, type, rdata, api_.zone(), skipped_);
        if (!rec) return std::nullopt;
        return IdRecord{id, std::move(*rec)};
    }

    std::string record_json(const dns::Record& r, std::uint32_t ttl) const {
        auto type = dns::to_string(r.type);
        auto f = rdata_fields(r.type, r.rdata);
        std::string head = fmt::format(R"({{"type":{},"name":{},"ttl":{})", json_quote(type),
                                       json_quote(fqdn(r.owner)), ttl);
        switch (r.type) {
        case dns::RRType::MX:
            return fmt::format(R"({},"priority":{},"content":{}}})", head, f.at(0),
                               json_quote(without_dot(f.at(1))));
        case dns::RRType::SRV:
            return fmt::format(R"({},"data":{{"priority":{},"weight":{},"port":{},"target":{}}}}})",
                               head, f.at(0), f.at(1), f.at(2), json_quote(without_dot(f.at(3))));
        case dns::RRType::CAA:
            return fmt::format(R"({},"data":{{"flags":{},"tag":{},"value":{}}}}})", head, f.at(0),
                               json_quote(f.at(1)), json_quote(f.at(2)));
        case dns::RRType::TLSA:
            return fmt::format(
                R"({},"data":{{"usage":{},"selector":{},"matching_type":{},"certificate":{}}}}})",
                head, f.at(0), f.at(1), f.at(2), json_quote(f.at(3)));
        case dns::RRType::CNAME:
        case dns::RRType::NS:
        case dns::RRType::PTR:
            return fmt::format(R"({},"content":{}}})", head, json_quote(without_dot(f.at(0))));
        default:
            return fmt::format(R"({},"content":{}}})", head,
                               json_quote(dns::rdata_to_text(r.type, r.rdata)));
        }
    }

    WebApi api_;
    ListedRecords listed_{api_.remembered_key("records " + api_.zone_name())};
    std::string zone_id_;
};

} // namespace

ProviderInfo cloudflare_provider() {
    ProviderInfo info;
    info.name = "cloudflare";
    info.description = "Cloudflare DNS, through its API v4 (atomic batch changes)";
    info.fields = {
        {"api_token", true, true,
         "An API token with Zone:Read and DNS:Edit on the zone (dash.cloudflare.com, My "
         "Profile, API Tokens)"},
        {"zone_id", false, false,
         "The zone's id (32 hex digits, on the zone's Overview page); looked up by name if "
         "not set"},
        {"endpoint", false, false,
         "API base URL (default https://api.cloudflare.com/client/v4), for tests and proxies"},
    };
    info.capabilities.atomic_changes = true;
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A,          T::AAAA,  T::CAA,    T::CERT, T::CNAME, T::DNSKEY,
                               T::DS,         T::HTTPS, T::LOC,    T::MX,   T::NAPTR, T::NS,
                               T::OPENPGPKEY, T::PTR,   T::SMIMEA, T::SRV,  T::SSHFP, T::SVCB,
                               T::TLSA,       T::TXT,   T::URI};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto token = ctx.fields.find("api_token");
        if (token == ctx.fields.end() || token->second.empty())
            throw ProviderError("provider cloudflare needs the field api_token");
        return std::make_unique<CloudflareProvider>(ctx, token->second);
    };
    return info;
}

} // namespace dnsclay::providers
