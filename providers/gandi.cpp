// `gandi`: Gandi LiveDNS (https://api.gandi.net/v5/livedns, Authorization: Bearer <personal
// access token>). The zone is addressed by its name; rrsets are listed page by page until
// the Total-Count header's number has come. Gandi sets one rrset per call, all or nothing
// (PUT .../records/{name}/{type} with every value; DELETE for none), so the engine gives one
// rrset per call and undoes earlier ones if a later one fails; a typical UPDATE is one
// request. Values are presentation format (TXT quoted, names absolute); owners are
// relative, "@" the apex; TTLs from 300 s.
#include "lib/dns/rdata.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kMinTtl = 300;
constexpr int kPageSize = 500; // per_page: octodns' choice, within what Gandi serves

// Gandi's explanation: {"errors":[{"name","description"}]} for a refused body, else
// {"message": ..., "cause": ...}.
std::string gandi_error(const rapidjson::Document& doc) {
    if (!doc.IsObject()) return "";
    std::string out;
    if (doc.HasMember("errors") && doc["errors"].IsArray())
        for (const auto& e : doc["errors"].GetArray()) {
            auto name = member_text(e, "name"), description = member_text(e, "description");
            out += (out.empty() ? "" : "; ") +
                   (name.empty() ? description : fmt::format("{}: {}", name, description));
        }
    if (out.empty()) out = member_text(doc, "message");
    if (out.empty()) out = member_text(doc, "cause");
    return out;
}

class GandiProvider : public WebProvider {
  public:
    GandiProvider(const ProviderContext& ctx, const std::string& token)
        : api_(ctx, {"Gandi",
                     "gandi",
                     "https://api.gandi.net/v5/livedns",
                     {1000, std::chrono::seconds(60)},
                     {{"Authorization", "Bearer " + token}},
                     token,
                     {token}}) {}

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        std::vector<dns::Record> out;
        std::size_t seen = 0;
        Pages listing(api_, "list records");
        for (int page = 1;; ++page) {
            auto resp = api_.send(
                "GET", fmt::format("{}?page={}&per_page={}", records_path(), page, kPageSize));
            listing.next(resp);
            auto doc = checked(resp, "list records", 200);
            if (!doc.IsArray())
                throw ProviderError(fmt::format(
                    "Gandi API list records for zone {}: the answer is not a list of rrsets",
                    api_.zone_name()));
            for (const auto& set : doc.GetArray())
                read_rrset(set, out);
            seen += doc.Size();
            auto total = resp.headers.find("total-count");
            // Without a count, a short page is the last; an empty one always is.
            bool more = total != resp.headers.end()
                            ? seen < read_number(total->second, "total-count")
                            : doc.Size() >= static_cast<rapidjson::SizeType>(kPageSize);
            if (!more || doc.Empty()) break;
        }
        return out;
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    void apply_remote(const zone::ChangeSet& changes) override {
        for (const auto& c : changes) {
            auto path = fmt::format("{}/{}/{}", records_path(),
                                    relative_owner(c.key.owner, api_.zone(), "@"),
                                    dns::to_string(c.key.type));
            if (c.after.empty()) {
                auto resp = api_.send("DELETE", path);
                // 404: gone already
                if (resp.status != 204 && resp.status != 200 && resp.status != 404)
                    checked(resp, "delete rrset", 204);
                continue;
            }
            std::string values;
            for (const auto& r : c.after)
                values +=
                    (values.empty() ? "" : ",") + json_quote(dns::rdata_to_text(r.type, r.rdata));
            auto body = fmt::format(R"({{"rrset_values":[{}],"rrset_ttl":{}}})", values,
                                    rrset_ttl(c.after));
            checked(api_.send("PUT", path, body), "set rrset", 201, 200);
        }
    }

  private:
    std::string records_path() const {
        return fmt::format("/domains/{}/records", api_.zone_name());
    }

    rapidjson::Document checked(const http::Response& resp, const std::string& what, long ok,
                                long also_ok = 0) {
        auto doc = api_.json(resp, what);
        if (resp.status == ok || resp.status == also_ok) return doc;
        auto why = gandi_error(doc);
        if (resp.status == 401 || resp.status == 403)
            why += fmt::format("; the personal access token needs the permission to manage the "
                               "technical configuration of {}",
                               api_.zone_name());
        else if (resp.status == 404)
            why = fmt::format("zone {} is not on Gandi LiveDNS in this account", api_.zone_name());
        else if (why.find("rrset_ttl") != std::string::npos)
            why += fmt::format(" (Gandi's minimum TTL is {})", kMinTtl);
        api_.fail(what, resp, why);
    }

    void read_rrset(const rapidjson::Value& set, std::vector<dns::Record>& out) {
        auto name = member_text(set, "rrset_name"), type = member_text(set, "rrset_type");
        auto ttl_text = member_text(set, "rrset_ttl");
        std::uint32_t ttl = ttl_text.empty() ? kMinTtl : read_number(ttl_text, "TTL");
        dns::Name owner;
        try {
            owner = name == "@" || name.empty() ? api_.zone() : dns::Name::parse(name, api_.zone());
        } catch (const std::exception& e) {
            skipped_.push_back({name + " " + type, e.what()});
            return;
        }
        if (!set.IsObject() || !set.HasMember("rrset_values") || !set["rrset_values"].IsArray())
            return;
        for (const auto& v : set["rrset_values"].GetArray())
            if (v.IsString())
                if (auto rec = read_record(owner, ttl, type, v.GetString(), api_.zone(), skipped_))
                    out.push_back(std::move(*rec));
    }

    WebApi api_;
};

} // namespace

ProviderInfo gandi_provider() {
    ProviderInfo info;
    info.name = "gandi";
    info.description = "Gandi LiveDNS, through its API v5 (one rrset per call)";
    info.fields = {
        {"api_token", true, true,
         "A personal access token allowed to manage the domain's technical configuration "
         "(admin.gandi.net, Organizations, Personal Access Tokens)"},
        {"endpoint", false, false,
         "API base URL (default https://api.gandi.net/v5/livedns), for tests and proxies"},
    };
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A,  T::AAAA, T::CAA, T::CNAME, T::DNAME, T::DS,   T::LOC, T::MX,
                               T::NS, T::PTR,  T::SPF, T::SRV,   T::SSHFP, T::TLSA, T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto token = ctx.fields.find("api_token");
        if (token == ctx.fields.end() || token->second.empty())
            throw ProviderError("provider gandi needs the field api_token");
        return std::make_unique<GandiProvider>(ctx, token->second);
    };
    return info;
}

} // namespace dnsclay::providers
