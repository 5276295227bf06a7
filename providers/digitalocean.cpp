// `digitalocean`: DigitalOcean's domain records API (https://api.digitalocean.com/v2,
// Authorization: Bearer <token>). The domain name is the zone's key; records are listed
// page by page (links.pages.next), filtered by full name and type when one rrset is
// wanted. Every value is a record of its own with an integer id and there are no
// transactions, so an rrset change is calls per record, undone if one fails
// (providers/record_api). MX, SRV and CAA keep their numbers in fields of their own
// (priority, weight, port, flags, tag) and the rest in `data`; host names end with a dot;
// TXT data is the raw text; names are relative, "@" the apex.
#include "lib/dns/rdata.hpp"
#include "providers/record_api.hpp"
#include "providers/record_fields.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>
#include <utility>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kMinTtl = 30;
constexpr long kPageSize = 200; // the most DigitalOcean sends per page

// DigitalOcean's explanation: {"id": "not_found", "message": "..."}.
std::string do_error(const rapidjson::Document& doc) {
    auto id = member_text(doc, "id"), message = member_text(doc, "message");
    return id.empty() ? message : fmt::format("{} ({})", message, id);
}

class DigitalOceanProvider : public RestRecordApiProvider {
  public:
    DigitalOceanProvider(const ProviderContext& ctx, const std::string& token)
        : RestRecordApiProvider(
              ctx,
              {"DigitalOcean",
               "digitalocean",
               "https://api.digitalocean.com/v2",
               {250, std::chrono::seconds(60)},
               {{"Authorization", "Bearer " + token}},
               token,
               {token}},
              {.created_member = "domain_record",
               .explain = do_error,
               .credentials_hint = "; the token needs read and write access to domains (scopes "
                                   "domain:read, domain:create, domain:update, domain:delete) for "
                                   "{zone}",
               .listing_404_means_no_domain = true}) {}

  protected:
    std::vector<IdRecord> fetch_all() override { return fetch(""); }

    std::vector<IdRecord> fetch_rrset(const zone::RRsetKey& key) override {
        return fetch(fmt::format("&type={}&name={}", dns::to_string(key.type), fqdn(key.owner)));
    }

    std::string records_path() override {
        return fmt::format("/domains/{}/records", api_.zone_name());
    }

    std::string record_body(const dns::Record& r, bool /*update*/) const override {
        auto f = rdata_fields(r.type, r.rdata);
        std::string data, extra;
        switch (r.type) {
        case dns::RRType::MX:
            extra = fmt::format(R"(,"priority":{})", f.at(0));
            data = f.at(1);
            break;
        case dns::RRType::SRV:
            extra =
                fmt::format(R"(,"priority":{},"weight":{},"port":{})", f.at(0), f.at(1), f.at(2));
            data = f.at(3);
            break;
        case dns::RRType::CAA:
            extra = fmt::format(R"(,"flags":{},"tag":{})", f.at(0), json_quote(f.at(1)));
            data = f.at(2);
            break;
        case dns::RRType::TXT:
            data = txt_text(r);
            break;
        default:
            data = dns::rdata_to_text(r.type, r.rdata);
        }
        return fmt::format(
            R"({{"type":{},"name":{},"data":{},"ttl":{}{}}})", json_quote(dns::to_string(r.type)),
            json_quote(relative_owner(r.owner, api_.zone(), "@")), json_quote(data), r.ttl, extra);
    }

  private:
    // Every record of the zone, or those `filter` ("&type=A&name=www.example.com") selects.
    std::vector<IdRecord> fetch(const std::string& filter) {
        std::vector<IdRecord> out;
        Pages listing(api_, "list records");
        for (long page = 1;; ++page) {
            auto resp = api_.send("GET", fmt::format("{}?page={}&per_page={}{}", records_path(),
                                                     page, kPageSize, filter));
            listing.next(resp);
            const auto doc = checked(resp, "list records", 200);
            const auto& list = array_member(doc, "domain_records", "list records");
            for (const auto& r : list.GetArray())
                if (auto rec = read(r)) out.push_back(std::move(*rec));
            auto links = doc.FindMember("links");
            bool more = links != doc.MemberEnd() && links->value.IsObject() &&
                        links->value.HasMember("pages") &&
                        !member_text(links->value["pages"], "next").empty();
            if (!more || list.Empty()) break;
        }
        return out;
    }

    // A host name in data: "@" is the apex, anything else a full name.
    std::string host(const std::string& data) const {
        return data == "@" ? api_.zone().to_string() : with_dot(data);
    }

    std::optional<IdRecord> read(const rapidjson::Value& r) {
        auto type = member_text(r, "type"), name = member_text(r, "name");
        auto data = member_text(r, "data");
        if (type == "SOA") return std::nullopt; // DigitalOcean's own; only its TTL can change
        auto ttl_text = member_text(r, "ttl");
        std::uint32_t ttl = ttl_text.empty() ? kDefaultTtl : read_number(ttl_text, "TTL");
        std::string rdata = data;
        if (type == "MX")
            rdata = fmt::format("{} {}", member_text(r, "priority"), host(data));
        else if (type == "SRV")
            rdata = fmt::format("{} {} {} {}", member_text(r, "priority"), member_text(r, "weight"),
                                member_text(r, "port"), host(data));
        else if (type == "CAA")
            rdata = fmt::format("{} {} {}", member_text(r, "flags"), member_text(r, "tag"),
                                quote_string(data));
        else if (type == "CNAME" || type == "NS")
            rdata = host(data);
        else if (type == "TXT")
            rdata = txt_presentation(data);
        return read_id_record(member_text(r, "id"), name, ttl, type, rdata, api_.zone(), skipped_);
    }

    static constexpr std::uint32_t kDefaultTtl = 1800;
};

} // namespace

ProviderInfo digitalocean_provider() {
    ProviderInfo info;
    info.name = "digitalocean";
    info.description = "DigitalOcean DNS, through its API v2 (one record per call)";
    info.fields = {
        {"api_token", true, true,
         "A personal access token with read and write access to domains (cloud.digitalocean.com, "
         "API, Tokens)"},
        {"endpoint", false, false,
         "API base URL (default https://api.digitalocean.com/v2), for tests and proxies"},
    };
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A, T::AAAA, T::CAA, T::CNAME, T::MX, T::NS, T::SRV, T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto token = ctx.fields.find("api_token");
        if (token == ctx.fields.end() || token->second.empty())
            throw ProviderError("provider digitalocean needs the field api_token");
        return std::make_unique<DigitalOceanProvider>(ctx, token->second);
    };
    return info;
}

} // namespace dnsclay::providers
