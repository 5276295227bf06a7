// `ovh`: OVHcloud's API (https://eu.api.ovh.com/1.0; ca.api.ovh.com and api.us.ovhcloud.com
// through `endpoint`), every request signed with the application secret and consumer key
// (providers/ovh_signature) at OVH's clock, whose offset GET /auth/time gives. Records are
// addressed by id: a listing is the list of ids and one GET per record. There is no
// transaction, so the engine gives one rrset per call and undoes earlier ones if a later
// one fails; each rrset is made equal to what is asked by creating the missing values,
// changing the TTL of kept ones and deleting the rest, and OVH publishes the zone only
// after POST .../refresh, sent after every change. Names are relative (subDomain, "" for
// the apex); targets are presentation form (TXT as quoted strings, tolerated unquoted).
#include "lib/dns/rdata.hpp"
#include "providers/ovh_signature.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kMinTtl = 60;
constexpr std::uint32_t kZoneDefaultTtl = 3600; // what "ttl": 0 means

struct OvhKeys {
    std::string application_key, application_secret, consumer_key;
};

struct Held {
    dns::Record record;
    std::string id;
    std::string target; // as OVH holds it
};

class OvhProvider : public WebProvider {
  public:
    OvhProvider(const ProviderContext& ctx, const OvhKeys& keys)
        : keys_(keys), clock_api_(ctx, spec(keys, false)), api_(ctx, spec(keys, true)) {}

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        return without_ids(fetch(""));
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    void apply_remote(const zone::ChangeSet& changes) override {
        for (const auto& c : changes)
            apply_rrset(c);
        auto resp = api_.send("POST", zone_path() + "/refresh", "", true);
        checked(resp, "refresh the zone");
    }

  private:
    WebApiSpec spec(const OvhKeys& keys, bool signed_requests) {
        WebApiSpec s{"OVHcloud",
                     "ovh",
                     "https://eu.api.ovh.com/1.0",
                     {50, std::chrono::seconds(1)},
                     {},
                     keys.application_key + keys.consumer_key,
                     {keys.application_secret, keys.consumer_key}};
        if (signed_requests)
            s.sign = [this](http::Request& req) {
                auto timestamp = server_time();
                req.headers.emplace_back("X-Ovh-Application", keys_.application_key);
                req.headers.emplace_back("X-Ovh-Consumer", keys_.consumer_key);
                req.headers.emplace_back("X-Ovh-Timestamp", std::to_string(timestamp));
                req.headers.emplace_back(
                    "X-Ovh-Signature", ovh_signature({keys_.application_secret, keys_.consumer_key,
                                                      req.method, req.url, req.body, timestamp}));
            };
        return s;
    }

    static std::int64_t local_time() {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    // Now by OVH's clock: OVH refuses a timestamp far from its own.
    std::int64_t server_time() {
        if (!clock_offset_) {
            auto resp = clock_api_.send("GET", "/auth/time");
            if (resp.status != 200) clock_api_.fail("read OVH's clock", resp, "");
            std::int64_t server = 0;
            try {
                server = std::stoll(resp.body);
            } catch (const std::exception&) {
                throw ProviderError(fmt::format("OVHcloud API read OVH's clock for zone {}: the "
                                                "answer is not a time (HTTP {}); is the endpoint "
                                                "right?",
                                                api_.zone_name(), resp.status));
            }
            clock_offset_ = server - local_time();
        }
        return local_time() + *clock_offset_;
    }

    std::string zone_path() const { return "/domain/zone/" + api_.zone_name(); }

    rapidjson::Document checked(const http::Response& resp, const std::string& what) {
        auto doc = api_.json(resp, what);
        if (resp.status == 200) return doc;
        auto why = member_text(doc, "message");
        auto cls = member_text(doc, "class");
        if (why.find("signature") != std::string::npos ||
            why.find("application key") != std::string::npos ||
            why.find("credential") != std::string::npos)
            why += "; check application_key, application_secret and consumer_key";
        else if (resp.status == 403)
            why += fmt::format("; the consumer key needs GET/POST /domain/zone/{0}/record, "
                               "GET/PUT/DELETE /domain/zone/{0}/record/* and POST "
                               "/domain/zone/{0}/refresh",
                               api_.zone_name());
        else if (resp.status == 404 && cls == "Client::NotFound" &&
                 what.find("record ") == std::string::npos)
            why += fmt::format("; is {} a zone of this OVHcloud account?", api_.zone_name());
        else if (why.find("TTL") != std::string::npos || why.find("ttl") != std::string::npos)
            why += fmt::format(" (dnsclay refuses TTLs below {} for OVHcloud)", kMinTtl);
        api_.fail(what, resp, why);
    }

    // The records (all, or those `filter` "?fieldType=..&subDomain=.." selects) with ids.
    std::vector<Held> fetch(const std::string& filter) {
        auto resp = api_.send("GET", zone_path() + "/record" + filter);
        auto ids = checked(resp, "list records");
        if (!ids.IsArray())
            throw ProviderError(fmt::format("OVHcloud API list records for zone {}: the answer "
                                            "is not a list of record ids",
                                            api_.zone_name()));
        std::vector<Held> out;
        for (const auto& id : ids.GetArray()) {
            if (!id.IsInt64()) continue;
            auto path = fmt::format("{}/record/{}", zone_path(), id.GetInt64());
            auto one = api_.send("GET", path);
            if (one.status == 404) continue; // deleted since the id list was read
            auto doc = checked(one, "read record " + std::to_string(id.GetInt64()));
            if (auto h = read(doc)) out.push_back(std::move(*h));
        }
        return out;
    }

    std::optional<Held> read(const rapidjson::Value& r) {
        auto sub = member_text(r, "subDomain"), type = member_text(r, "fieldType");
        auto target = member_text(r, "target"), ttl_text = member_text(r, "ttl");
        std::uint32_t ttl = kZoneDefaultTtl;
        dns::Name owner;
        try {
            if (!ttl_text.empty() && ttl_text != "0") ttl = read_number(ttl_text, "TTL");
            owner = sub.empty() ? api_.zone() : dns::Name::parse(sub, api_.zone());
        } catch (const std::exception& e) {
            skipped_.push_back({fmt::format("{} {} {}", sub, type, target), e.what()});
            return std::nullopt;
        }
        auto rdata = target;
        if ((type == "TXT" || type == "SPF") && (target.empty() || target.front() != '"'))
            rdata = quote_string(target); // unquoted text means the text itself
        auto rec = read_record(owner, ttl, type, rdata, api_.zone(), skipped_);
        if (!rec) return std::nullopt;
        return Held{std::move(*rec), member_text(r, "id"), target};
    }

    void apply_rrset(const zone::RRsetChange& c) {
        auto sub = relative_owner(c.key.owner, api_.zone(), "");
        auto type = dns::to_string(c.key.type);
        auto held = fetch(fmt::format("?fieldType={}&subDomain={}", type, sub));
        std::uint32_t ttl = rrset_ttl(c.after);
        auto plan = plan_records(without_ids(held), c.after);
        // New values first, so the name is never without records on the way.
        for (auto i : plan.retime)
            checked(api_.send("PUT", fmt::format("{}/record/{}", zone_path(), held[i].id),
                              fmt::format(R"({{"subDomain":{},"target":{},"ttl":{}}})",
                                          json_quote(sub), json_quote(held[i].target), ttl)),
                    "change record");
        for (const auto* want : plan.create) {
            auto body = fmt::format(R"({{"fieldType":{},"subDomain":{},"target":{},"ttl":{}}})",
                                    json_quote(type), json_quote(sub),
                                    json_quote(dns::rdata_to_text(want->type, want->rdata)), ttl);
            checked(api_.send("POST", zone_path() + "/record", body), "create record");
        }
        for (auto i : plan.remove) {
            auto resp = api_.send("DELETE", fmt::format("{}/record/{}", zone_path(), held[i].id));
            if (resp.status != 404) checked(resp, "delete record");
        }
    }

    OvhKeys keys_;
    WebApi clock_api_; // unsigned: /auth/time
    WebApi api_;
    std::optional<std::int64_t> clock_offset_;
};

} // namespace

ProviderInfo ovh_provider() {
    ProviderInfo info;
    info.name = "ovh";
    info.description = "OVHcloud DNS, through its signed API (one rrset per call, published "
                       "by a refresh)";
    info.fields = {
        {"application_key", true, false,
         "The application key of an application created at https://eu.api.ovh.com/createApp/ "
         "(or the ca/us equivalent)"},
        {"application_secret", true, true, "The application secret that belongs to it"},
        {"consumer_key", true, true,
         "A consumer key validated with the rights GET/POST /domain/zone/*/record, "
         "GET/PUT/DELETE /domain/zone/*/record/* and POST /domain/zone/*/refresh"},
        {"endpoint", false, false,
         "API base URL (default https://eu.api.ovh.com/1.0; https://ca.api.ovh.com/1.0 or "
         "https://api.us.ovhcloud.com/1.0 for the other regions)"},
    };
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A,   T::AAAA,  T::CAA,   T::CNAME, T::DNAME, T::HTTPS,
                               T::LOC, T::MX,    T::NAPTR, T::NS,    T::PTR,   T::SPF,
                               T::SRV, T::SSHFP, T::SVCB,  T::TLSA,  T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        OvhKeys keys{ctx.field("application_key"), ctx.field("application_secret"),
                     ctx.field("consumer_key")};
        if (keys.application_key.empty() || keys.application_secret.empty() ||
            keys.consumer_key.empty())
            throw ProviderError("provider ovh needs the fields application_key, "
                                "application_secret and consumer_key");
        return std::make_unique<OvhProvider>(ctx, keys);
    };
    return info;
}

} // namespace dnsclay::providers
