// `desec`: deSEC's API (https://desec.io/api/v1, Authorization: Token <secret>). A zone is
// listed with cursor pagination (?cursor=, Link rel="next"); a change set is one bulk PATCH
// of .../rrsets/ with every changed rrset (empty records deletes one), which deSEC applies
// atomically. Values are presentation format with absolute names; the apex subname is "".
// TTLs below the domain's minimum (3600 s unless deSEC lowered it) are refused.
#include "lib/dns/rdata.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kMinTtl = 3600;

// The URL of the Link header's rel="next", or "".
std::string next_link(const http::Response& resp) {
    auto it = resp.headers.find("link");
    if (it == resp.headers.end()) return "";
    const auto& v = it->second;
    for (std::size_t pos = 0; pos < v.size();) {
        auto open = v.find('<', pos), close = v.find('>', pos);
        if (open == std::string::npos || close == std::string::npos || close < open) break;
        auto end = v.find(',', close);
        auto params =
            v.substr(close + 1, end == std::string::npos ? std::string::npos : end - close - 1);
        if (params.find("rel=\"next\"") != std::string::npos)
            return v.substr(open + 1, close - open - 1);
        if (end == std::string::npos) break;
        pos = end + 1;
    }
    return "";
}

// deSEC's explanation: {"detail": "..."}, {"field": ["..."]}, or for a bulk request an
// array of those aligned with the rrsets sent.
std::string explain(const rapidjson::Value& v, const zone::ChangeSet* changes) {
    std::string out;
    auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
    if (v.IsArray()) {
        rapidjson::SizeType i = 0;
        for (const auto& item : v.GetArray()) {
            auto text = explain(item, nullptr);
            if (!text.empty()) {
                if (changes && i < changes->size())
                    text = fmt::format("{} {}: {}", (*changes)[i].key.owner.to_string(),
                                       dns::to_string((*changes)[i].key.type), text);
                add(text);
            }
            ++i;
        }
    } else if (v.IsObject()) {
        for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
            std::string field = it->name.GetString();
            if (it->value.IsString())
                add(field == "detail" ? it->value.GetString()
                                      : field + ": " + it->value.GetString());
            else if (it->value.IsArray())
                for (const auto& m : it->value.GetArray())
                    if (m.IsString())
                        add(field == "non_field_errors" ? m.GetString()
                                                        : field + ": " + m.GetString());
        }
    }
    return out;
}

class DesecProvider : public WebProvider {
  public:
    DesecProvider(const ProviderContext& ctx, const std::string& token)
        : api_(ctx, {"deSEC",
                     "desec",
                     "https://desec.io/api/v1",
                     {50, std::chrono::seconds(60)},
                     {{"Authorization", "Token " + token}},
                     token,
                     {token}}) {}

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        std::vector<dns::Record> out;
        std::string url = rrsets_path() + "?cursor=";
        Pages listing(api_, "list rrsets");
        while (!url.empty()) {
            auto resp = api_.send("GET", url);
            listing.next(resp);
            auto doc = api_.json(resp, "list rrsets");
            if (resp.status != 200) fail("list rrsets", resp, doc, nullptr);
            if (!doc.IsArray())
                throw ProviderError(fmt::format(
                    "deSEC API list rrsets for zone {}: the answer is not a list of rrsets",
                    api_.zone_name()));
            for (const auto& set : doc.GetArray())
                read_rrset(set, out);
            url = next_link(resp);
        }
        return out;
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    void apply_remote(const zone::ChangeSet& changes) override {
        std::string items;
        for (const auto& c : changes) {
            std::string records;
            for (const auto& r : c.after)
                records +=
                    (records.empty() ? "" : ",") + json_quote(dns::rdata_to_text(r.type, r.rdata));
            items += fmt::format(R"({}{{"subname":{},"type":{},"ttl":{},"records":[{}]}})",
                                 items.empty() ? "" : ",",
                                 json_quote(relative_owner(c.key.owner, api_.zone(), "")),
                                 json_quote(dns::to_string(c.key.type)),
                                 c.after.empty() ? kMinTtl : rrset_ttl(c.after), records);
        }
        // Setting rrsets to given contents: sending it twice does no harm.
        auto resp = api_.send("PATCH", rrsets_path(), "[" + items + "]", true);
        if (resp.status != 200 && resp.status != 204) {
            auto doc = api_.json(resp, "change rrsets");
            fail("change rrsets", resp, doc, &changes);
        }
    }

  private:
    std::string rrsets_path() const { return fmt::format("/domains/{}/rrsets/", api_.zone_name()); }

    [[noreturn]] void fail(const std::string& what, const http::Response& resp,
                           const rapidjson::Document& doc, const zone::ChangeSet* changes) {
        auto why = explain(doc, changes);
        if (resp.status == 404)
            why = fmt::format("zone {} is not in the deSEC account", api_.zone_name());
        if (why.find("greater than or equal to") != std::string::npos &&
            why.find("ttl") != std::string::npos)
            why += fmt::format(" (deSEC's minimum TTL for the zone; usually {})", kMinTtl);
        api_.fail(what, resp, why);
    }

    void read_rrset(const rapidjson::Value& set, std::vector<dns::Record>& out) {
        auto subname = member_text(set, "subname"), type = member_text(set, "type");
        auto ttl_text = member_text(set, "ttl");
        std::uint32_t ttl = ttl_text.empty() ? kMinTtl : read_number(ttl_text, "TTL");
        dns::Name owner;
        try {
            owner = subname.empty() ? api_.zone() : dns::Name::parse(subname, api_.zone());
        } catch (const std::exception& e) {
            skipped_.push_back({subname + " " + type, e.what()});
            return;
        }
        if (!set.IsObject() || !set.HasMember("records") || !set["records"].IsArray()) return;
        for (const auto& r : set["records"].GetArray())
            if (r.IsString())
                if (auto rec = read_record(owner, ttl, type, r.GetString(), api_.zone(), skipped_))
                    out.push_back(std::move(*rec));
    }

    WebApi api_;
};

} // namespace

ProviderInfo desec_provider() {
    ProviderInfo info;
    info.name = "desec";
    info.description = "deSEC (desec.io), through its REST API (atomic bulk changes)";
    info.fields = {
        {"api_token", true, true,
         "A deSEC token (desec.io, Token management) allowed to write the zone"},
        {"endpoint", false, false,
         "API base URL (default https://desec.io/api/v1), for tests and proxies"},
    };
    info.capabilities.atomic_changes = true;
    info.capabilities.min_ttl = kMinTtl;
    info.capabilities.meaningful_serial = false;
    using T = dns::RRType;
    info.capabilities.types = {
        T::A,     T::AAAA,  T::AFSDB,      T::APL,    T::CAA, T::CDNSKEY, T::CDS,   T::CERT,
        T::CNAME, T::DHCID, T::DNAME,      T::DNSKEY, T::DS,  T::EUI48,   T::EUI64, T::HINFO,
        T::HTTPS, T::KX,    T::L32,        T::L64,    T::LOC, T::LP,      T::MX,    T::NAPTR,
        T::NID,   T::NS,    T::OPENPGPKEY, T::PTR,    T::RP,  T::SMIMEA,  T::SPF,   T::SRV,
        T::SSHFP, T::SVCB,  T::TLSA,       T::TXT,    T::URI};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto token = ctx.fields.find("api_token");
        if (token == ctx.fields.end() || token->second.empty())
            throw ProviderError("provider desec needs the field api_token");
        return std::make_unique<DesecProvider>(ctx, token->second);
    };
    return info;
}

} // namespace dnsclay::providers
