// `hetzner`: Hetzner's DNS in the Hetzner Cloud API (https://api.hetzner.cloud/v1,
// Authorization: Bearer <project token>). Zones are addressed by name; rrsets are listed
// page by page (meta.pagination.next_page). There is no multi-rrset transaction, so the
// engine gives one rrset per call and undoes earlier ones if a later one fails; each rrset
// is one call: create (POST .../rrsets), replace (set_records, then change_ttl if the TTL
// moved) or delete. Writes answer with an action, polled until it succeeds or fails.
// Values are presentation format (TXT quoted, in 255-byte strings); names are relative,
// "@" the apex.
#include "lib/dns/rdata.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kMinTtl = 60;
constexpr std::uint32_t kZoneDefaultTtl = 3600; // what an rrset with "ttl": null gets

std::string hetzner_error(const rapidjson::Document& doc) {
    if (!doc.IsObject() || !doc.HasMember("error") || !doc["error"].IsObject()) return "";
    const auto& e = doc["error"];
    auto code = member_text(e, "code"), message = member_text(e, "message");
    std::string out = code.empty() ? message : fmt::format("{} ({})", message, code);
    if (code == "incorrect_zone_mode") out += "; only primary zones can be changed through the API";
    if (code == "not_found") out += "; is the zone in this project?";
    return out;
}

class HetznerProvider : public WebProvider {
  public:
    HetznerProvider(const ProviderContext& ctx, const std::string& token)
        : api_(ctx, {"Hetzner",
                     "hetzner",
                     "https://api.hetzner.cloud/v1",
                     {3600, std::chrono::seconds(3600)},
                     {{"Authorization", "Bearer " + token}},
                     token,
                     {token}}),
          timeout_(ctx.timeout), cancel_(ctx.cancel),
          timing_(ctx.http.timing ? *ctx.http.timing : http::real_timing()) {}

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        std::vector<dns::Record> out;
        Pages listing(api_, "list rrsets");
        for (std::string page = "1"; !page.empty();) {
            auto resp = api_.send("GET", fmt::format("{}?page={}&per_page=100", rrsets(), page));
            listing.next(resp);
            auto doc = checked(resp, "list rrsets", 200);
            const auto* sets = find_member(doc, "rrsets");
            if (!sets || !sets->IsArray())
                throw ProviderError(
                    fmt::format("Hetzner API list rrsets for zone {}: the answer has no rrsets",
                                api_.zone_name()));
            for (const auto& set : sets->GetArray())
                read_rrset(set, out);
            page.clear();
            const auto* meta = find_member(doc, "meta");
            if (const auto* pagination = meta ? find_member(*meta, "pagination") : nullptr)
                page = member_text(*pagination, "next_page");
            if (sets->Empty()) break;
        }
        return out;
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    void apply_remote(const zone::ChangeSet& changes) override {
        for (const auto& c : changes)
            apply_rrset(c);
    }

  private:
    std::string rrsets() const { return fmt::format("/zones/{}/rrsets", api_.zone_name()); }

    std::string rrset_path(const zone::RRsetKey& key) const {
        return fmt::format("{}/{}/{}", rrsets(), relative_owner(key.owner, api_.zone(), "@"),
                           dns::to_string(key.type));
    }

    static std::string values(const std::vector<dns::Record>& records) {
        std::string out;
        for (const auto& r : records)
            out += fmt::format(R"({}{{"value":{}}})", out.empty() ? "" : ",",
                               json_quote(dns::rdata_to_text(r.type, r.rdata)));
        return "[" + out + "]";
    }

    void apply_rrset(const zone::RRsetChange& c) {
        auto path = rrset_path(c.key);
        if (c.after.empty()) {
            auto resp = api_.send("DELETE", path);
            if (resp.status == 404) return; // gone already
            wait_for(checked(resp, "delete rrset", 200, 201), "delete rrset");
            return;
        }
        std::uint32_t ttl = rrset_ttl(c.after);
        if (c.before.empty()) {
            auto body = fmt::format(R"({{"name":{},"type":{},"ttl":{},"records":{}}})",
                                    json_quote(relative_owner(c.key.owner, api_.zone(), "@")),
                                    json_quote(dns::to_string(c.key.type)), ttl, values(c.after));
            wait_for(checked(api_.send("POST", rrsets(), body), "create rrset", 201, 200),
                     "create rrset");
            return;
        }
        // Replacing the values, and then the TTL: each call sets a state, so either may be
        // sent again safely.
        wait_for(checked(api_.send("POST", path + "/actions/set_records",
                                   fmt::format(R"({{"records":{}}})", values(c.after)), true),
                         "set records", 201, 200),
                 "set records");
        if (rrset_ttl(c.before) != ttl)
            wait_for(checked(api_.send("POST", path + "/actions/change_ttl",
                                       fmt::format(R"({{"ttl":{}}})", ttl), true),
                             "change TTL", 201, 200),
                     "change TTL");
    }

    rapidjson::Document checked(const http::Response& resp, const std::string& what, long ok,
                                long also_ok = 0) {
        auto doc = api_.json(resp, what);
        if (resp.status != ok && resp.status != also_ok) api_.fail(what, resp, hetzner_error(doc));
        return doc;
    }

    // Polls the answer's action until it is no longer running.
    void wait_for(const rapidjson::Document& answer, const std::string& what) {
        if (!answer.IsObject() || !answer.HasMember("action")) return;
        auto deadline = std::chrono::steady_clock::now() + timeout_;
        rapidjson::Document doc;
        doc.CopyFrom(answer["action"], doc.GetAllocator());
        for (;;) {
            auto status = member_text(doc, "status");
            if (status == "success") return;
            if (status == "error") {
                std::string why = "the action failed";
                if (doc.HasMember("error") && doc["error"].IsObject())
                    why = member_text(doc["error"], "message");
                throw ProviderError(
                    fmt::format("Hetzner API {} for zone {}: {}", what, api_.zone_name(), why));
            }
            if (std::chrono::steady_clock::now() > deadline || (cancel_ && cancel_->load()))
                throw ProviderError(fmt::format(
                    "Hetzner API {} for zone {}: the action was still running after {} s", what,
                    api_.zone_name(), timeout_.count()));
            timing_.sleep(std::chrono::milliseconds(200), cancel_);
            auto resp = api_.send("GET", "/actions/" + member_text(doc, "id"));
            auto polled = checked(resp, "action status", 200);
            if (!polled.IsObject() || !polled.HasMember("action"))
                throw ProviderError(fmt::format("Hetzner API {} for zone {}: the action status "
                                                "has no action",
                                                what, api_.zone_name()));
            doc.CopyFrom(polled["action"], doc.GetAllocator());
        }
    }

    void read_rrset(const rapidjson::Value& set, std::vector<dns::Record>& out) {
        auto name = member_text(set, "name"), type = member_text(set, "type");
        auto ttl_text = member_text(set, "ttl");
        std::uint32_t ttl = ttl_text.empty() ? kZoneDefaultTtl : read_number(ttl_text, "TTL");
        dns::Name owner;
        try {
            owner = dns::Name::parse(name, api_.zone());
        } catch (const std::exception& e) {
            skipped_.push_back({name + " " + type, e.what()});
            return;
        }
        if (!set.IsObject() || !set.HasMember("records") || !set["records"].IsArray()) return;
        for (const auto& r : set["records"].GetArray())
            if (auto rec =
                    read_record(owner, ttl, type, member_text(r, "value"), api_.zone(), skipped_))
                out.push_back(std::move(*rec));
    }

    WebApi api_;
    std::chrono::seconds timeout_;
    const std::atomic<bool>* cancel_;
    const http::Timing& timing_; // waits between polls (the fuzzer's wait for nothing)
};

} // namespace

ProviderInfo hetzner_provider() {
    ProviderInfo info;
    info.name = "hetzner";
    info.description = "Hetzner DNS, through the Hetzner Cloud API (one rrset per call)";
    info.fields = {
        {"api_token", true, true,
         "A read/write API token of the Cloud project that holds the zone (Cloud Console, "
         "Security, API tokens)"},
        {"endpoint", false, false,
         "API base URL (default https://api.hetzner.cloud/v1), for tests and proxies"},
    };
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A,  T::AAAA, T::CAA, T::CNAME, T::DS,   T::HINFO, T::HTTPS, T::MX,
                               T::NS, T::PTR,  T::RP,  T::SRV,   T::SVCB, T::TLSA,  T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto token = ctx.fields.find("api_token");
        if (token == ctx.fields.end() || token->second.empty())
            throw ProviderError("provider hetzner needs the field api_token");
        return std::make_unique<HetznerProvider>(ctx, token->second);
    };
    return info;
}

} // namespace dnsclay::providers
