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

class VultrProvider : public RecordApiProvider {
  public:
    VultrProvider(const ProviderContext& ctx, const std::string& key)
        : api_(ctx, {"Vultr",
                     "vultr",
                     "https://api.vultr.com/v2",
                     {30, std::chrono::seconds(1)},
                     {{"Authorization", "Bearer " + key}},
                     key,
                     {key}}) {}

  protected:
    const std::string& label() const override { return api_.label(); }

  private:
    std::string records() const { return fmt::format("/domains/{}/records", api_.zone_name()); }

    std::vector<IdRecord> fetch_all() override {
        std::vector<IdRecord> out;
        std::string cursor;
        do {
            auto resp = api_.send("GET", fmt::format("{}?per_page=500{}", records(),
                                                     cursor.empty() ? "" : "&cursor=" + cursor));
            auto doc = checked(resp, "list records", 200);
            auto list = std::as_const(doc).FindMember("records");
            if (list == std::as_const(doc).MemberEnd() || !list->value.IsArray())
                throw ProviderError(
                    fmt::format("Vultr API list records for zone {}: the answer has no records",
                                api_.zone_name()));
            for (const auto& r : list->value.GetArray())
                if (auto rec = read(r)) out.push_back(std::move(*rec));
            cursor.clear();
            auto meta = std::as_const(doc).FindMember("meta");
            if (meta != std::as_const(doc).MemberEnd() && meta->value.IsObject() &&
                meta->value.HasMember("links"))
                cursor = member_text(meta->value["links"], "next");
            if (list->value.Empty()) break;
        } while (!cursor.empty());
        return out;
    }

    std::optional<IdRecord> read(const rapidjson::Value& r) {
        auto type = member_text(r, "type"), name = member_text(r, "name");
        auto data = member_text(r, "data");
        auto ttl_text = member_text(r, "ttl");
        std::uint32_t ttl =
            ttl_text.empty() ? kDefaultTtl : static_cast<std::uint32_t>(std::stoul(ttl_text));
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

    // name, data, ttl and priority (sent for every type: Vultr may ask for it).
    std::string fields_json(const dns::Record& r) const {
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
        return fmt::format(R"("name":{},"data":{},"ttl":{},"priority":{})",
                           json_quote(relative_owner(r.owner, api_.zone(), "")), json_quote(data),
                           r.ttl, priority);
    }

    std::string create(const dns::Record& record) override {
        auto body = fmt::format(R"({{"type":{},{}}})", json_quote(dns::to_string(record.type)),
                                fields_json(record));
        auto doc = checked(api_.send("POST", records(), body), "create record", 201);
        auto rec = std::as_const(doc).FindMember("record");
        auto id = rec == std::as_const(doc).MemberEnd() ? "" : member_text(rec->value, "id");
        if (id.empty())
            throw ProviderError(
                fmt::format("Vultr API create record for zone {}: the answer has no record id",
                            api_.zone_name()));
        return id;
    }

    void update(const std::string& id, const dns::Record& record) override {
        auto resp = api_.send("PATCH", fmt::format("{}/{}", records(), id),
                              "{" + fields_json(record) + "}", true);
        if (resp.status != 204 && resp.status != 200) checked(resp, "update record", 204);
    }

    void remove(const std::string& id) override {
        auto resp = api_.send("DELETE", fmt::format("{}/{}", records(), id));
        if (resp.status == 204 || resp.status == 404) return; // 404: gone already
        checked(resp, "delete record", 204);
    }

    rapidjson::Document checked(const http::Response& resp, const std::string& what, long ok) {
        auto doc = api_.json(resp, what);
        if (resp.status == ok && doc.IsObject()) return doc;
        auto why = vultr_error(doc);
        if (resp.status == 401 || resp.status == 403)
            why += "; is the API key right, and does its access control list allow this "
                   "address? (my.vultr.com, Account, API)";
        else if (resp.status == 404 && what == "list records")
            why += fmt::format("; is {} a domain of this Vultr account?", api_.zone_name());
        api_.fail(what, resp, why);
    }

    WebApi api_;
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
