// `vultr`: Vultr's DNS API (https://api.vultr.com/v2, Authorization: Bearer <API key>).
// The domain name is the zone's key; records are listed per_page with an opaque cursor
// (meta.links.next). Every value is a record of its own with a UUID and there are no
// transactions, so an rrset change is calls per record, undone if one fails
// (providers/record_api); there is no filter by name, so the zone is listed first. MX and
// SRV keep their priority in a field of its own (SRV data is "weight port target"); TXT
// data is one quoted string; names are relative, "" the apex.
#include "lib/dns/rdata.hpp"
#include "providers/record_api.hpp"
#include "providers/record_fields.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>
#include <utility>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kDefaultTtl = 300;

// Vultr's explanation: {"error": "...", "status": 400}.
std::string vultr_error(const rapidjson::Document& doc) {
    return member_text(doc, "error");
}

class VultrProvider : public RestRecordApiProvider {
  public:
    VultrProvider(const ProviderContext& ctx, const std::string& key)
        : RestRecordApiProvider(
              ctx,
              {"Vultr",
               "vultr",
               "https://api.vultr.com/v2",
               {30, std::chrono::seconds(1)},
               {{"Authorization", "Bearer " + key}},
               key,
               {key}},
              {.created_member = "record",
               .update_method = "PATCH",
               .explain = vultr_error,
               .credentials_hint = "; is the API key right, and does its access control list allow "
                                   "this address? (my.vultr.com, Account, API)",
               .listing_404_means_no_domain = true}) {}

  protected:
    std::string records_path() override {
        return fmt::format("/domains/{}/records", api_.zone_name());
    }

    // name, data, ttl and priority (sent for every type: Vultr may ask for it); the type
    // only when created.
    std::string record_body(const dns::Record& r, bool update) const override {
        auto f = rdata_fields(r.type, r.rdata);
        std::string data, priority = "0";
        switch (r.type) {
        case dns::RRType::MX:
            priority = f.at(0);
            data = without_dot(f.at(1));
            break;
        case dns::RRType::SRV:
            priority = f.at(0);
            data = fmt::format("{} {} {}", f.at(1), f.at(2), without_dot(f.at(3)));
            break;
        case dns::RRType::CNAME:
        case dns::RRType::NS:
            data = without_dot(f.at(0));
            break;
        case dns::RRType::TXT:
            data = quote_string(txt_text(r));
            break;
        default:
            data = dns::rdata_to_text(r.type, r.rdata);
        }
        return fmt::format(
            R"({{{}"name":{},"data":{},"ttl":{},"priority":{}}})",
            update ? "" : fmt::format(R"("type":{},)", json_quote(dns::to_string(r.type))),
            json_quote(relative_owner(r.owner, api_.zone(), "")), json_quote(data), r.ttl,
            priority);
    }

    std::vector<IdRecord> fetch_all() override {
        std::vector<IdRecord> out;
        std::string cursor;
        Pages listing(api_, "list records");
        do {
            auto resp = api_.send("GET", fmt::format("{}?per_page=500{}", records_path(),
                                                     cursor.empty() ? "" : "&cursor=" + cursor));
            listing.next(resp);
            const auto doc = checked(resp, "list records", 200);
            const auto& list = array_member(doc, "records", "list records");
            for (const auto& r : list.GetArray())
                if (auto rec = read(r)) out.push_back(std::move(*rec));
            cursor.clear();
            auto meta = doc.FindMember("meta");
            if (meta != doc.MemberEnd() && meta->value.IsObject() && meta->value.HasMember("links"))
                cursor = member_text(meta->value["links"], "next");
            if (list.Empty()) break;
        } while (!cursor.empty());
        return out;
    }

  private:
    std::optional<IdRecord> read(const rapidjson::Value& r) {
        auto type = member_text(r, "type"), name = member_text(r, "name");
        auto data = member_text(r, "data");
        auto ttl_text = member_text(r, "ttl");
        std::uint32_t ttl = ttl_text.empty() ? kDefaultTtl : read_number(ttl_text, "TTL");
        std::string rdata = data;
        if (type == "MX")
            rdata = fmt::format("{} {}", member_text(r, "priority"), with_dot(data));
        else if (type == "SRV") {
            auto target = data.rfind(' ');
            rdata =
                fmt::format("{} {}", member_text(r, "priority"),
                            target == std::string::npos
                                ? data
                                : data.substr(0, target + 1) + with_dot(data.substr(target + 1)));
        } else if (type == "CNAME" || type == "NS")
            rdata = with_dot(data);
        else if (type == "TXT")
            rdata = txt_presentation(unquoted(data));
        return read_id_record(member_text(r, "id"), name, ttl, type, rdata, api_.zone(), skipped_);
    }
};

} // namespace

ProviderInfo vultr_provider() {
    ProviderInfo info;
    info.name = "vultr";
    info.description = "Vultr DNS, through its API v2 (one record per call)";
    info.fields = {
        {"api_key", true, true,
         "The account's API key (my.vultr.com, Account, API); its access control list must "
         "allow the address dnsclay calls from"},
        {"endpoint", false, false,
         "API base URL (default https://api.vultr.com/v2), for tests and proxies"},
    };
    using T = dns::RRType;
    info.capabilities.types = {T::A,  T::AAAA, T::CAA,   T::CNAME, T::MX,
                               T::NS, T::SRV,  T::SSHFP, T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto key = ctx.fields.find("api_key");
        if (key == ctx.fields.end() || key->second.empty())
            throw ProviderError("provider vultr needs the field api_key");
        return std::make_unique<VultrProvider>(ctx, key->second);
    };
    return info;
}

} // namespace dnsclay::providers
