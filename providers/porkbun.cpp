// `porkbun`: Porkbun's API v3 (https://api.porkbun.com/api/json/v3). Every call is a POST
// whose JSON body carries the account's apikey and secretapikey; reads are marked safe to
// send again. The zone is listed in one call (no paging). There is no transaction, so the
// engine gives one rrset per call and undoes earlier ones if a later one fails. An rrset
// is deleted with one deleteByNameType; otherwise what Porkbun holds of it is read with
// retrieveByNameType and each value created, edited or deleted by id (undone within the
// rrset if one of those fails), so a typical change is two requests. Porkbun allows about
// one request a second per key and answers more with an HTML 503, which is waited out and
// retried; the pace is 1/s unless http.rate_limits.porkbun says otherwise. Names are FQDNs
// without the dot when read and relative ("" the apex) when written; MX and SRV keep their
// priority in prio; TXT is raw text; numbers come as strings. TTLs from 600 s.
#include "lib/dns/rdata.hpp"
#include "providers/priority_content.hpp"
#include "providers/record_api.hpp"
#include "providers/record_fields.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {
namespace {

constexpr std::uint32_t kMinTtl = 600;

class PorkbunProvider : public RecordApiProvider {
  public:
    PorkbunProvider(const ProviderContext& ctx, const std::string& key, const std::string& secret)
        : api_(ctx, {"Porkbun",
                     "porkbun",
                     "https://api.porkbun.com/api/json/v3",
                     {1, std::chrono::seconds(1)},
                     {},
                     key,
                     {key, secret}}),
          credentials_(fmt::format(R"("apikey":{},"secretapikey":{})", json_quote(key),
                                   json_quote(secret))) {}

  protected:
    const std::string& label() const override { return api_.label(); }

    void apply_remote(const zone::ChangeSet& changes) override {
        for (const auto& c : changes) {
            // One call deletes a whole rrset.
            if (c.after.empty())
                call("delete rrset", "/dns/deleteByNameType/" + by_name_type(c.key), "");
            else
                RecordApiProvider::apply_remote({c});
        }
    }

    std::vector<IdRecord> fetch_all() override {
        return retrieve("/dns/retrieve/" + api_.zone_name());
    }

    std::vector<IdRecord> fetch_rrset(const zone::RRsetKey& key) override {
        return retrieve("/dns/retrieveByNameType/" + by_name_type(key));
    }

  private:
    // "example.com/A/www"; "example.com/A" for the apex.
    std::string by_name_type(const zone::RRsetKey& key) const {
        auto sub = relative_owner(key.owner, api_.zone(), "");
        return fmt::format("{}/{}{}", api_.zone_name(), dns::to_string(key.type),
                           sub.empty() ? "" : "/" + sub);
    }

    std::string record_body(const dns::Record& r) const {
        auto pc = priority_content(r);
        return fmt::format(R"("name":{},"type":{},"content":{},"ttl":"{}","prio":"{}")",
                           json_quote(relative_owner(r.owner, api_.zone(), "")),
                           json_quote(dns::to_string(r.type)), json_quote(pc.content), r.ttl,
                           pc.priority.empty() ? "0" : pc.priority);
    }

    std::string create(const dns::Record& record) override {
        auto doc = call("create record", "/dns/create/" + api_.zone_name(), record_body(record));
        auto id = member_text(doc, "id");
        if (id.empty())
            throw ProviderError(
                fmt::format("Porkbun API create record for zone {}: the answer has no record id",
                            api_.zone_name()));
        return id;
    }

    void update(const std::string& id, const dns::Record& record) override {
        call("edit record", fmt::format("/dns/edit/{}/{}", api_.zone_name(), id),
             record_body(record));
    }

    void remove(const std::string& id) override {
        call("delete record", fmt::format("/dns/delete/{}/{}", api_.zone_name(), id), "");
    }

    // One call: the credentials and `fields` (JSON members) as its body; the answer's JSON
    // when Porkbun says SUCCESS, else ProviderError with Porkbun's message.
    rapidjson::Document call(const std::string& what, const std::string& path,
                             const std::string& fields, std::optional<bool> idempotent = {}) {
        auto body = "{" + credentials_ + (fields.empty() ? "" : "," + fields) + "}";
        auto resp = api_.send("POST", path, body, idempotent);
        if (resp.status == 503 || resp.status == 429)
            api_.fail(what, resp,
                      "Porkbun is refusing requests for now (it allows about 1 a second per API "
                      "key); if this persists, lower http.rate_limits.porkbun");
        auto doc = api_.json(resp, what);
        if (resp.status == 200 && member_text(doc, "status") == "SUCCESS") return doc;
        auto message = member_text(doc, "message");
        if (message.find("API key") != std::string::npos)
            message += "; check api_key and secret_api_key (porkbun.com, Account, API Access)";
        else if (message.find("API access") != std::string::npos ||
                 message.find("opted in") != std::string::npos)
            message += fmt::format("; switch on API ACCESS for {} in Porkbun's domain management",
                                   api_.zone_name());
        else if (message.find("TTL") != std::string::npos)
            message += fmt::format(" (Porkbun's minimum TTL is {})", kMinTtl);
        api_.fail(what, resp, message.empty() ? "Porkbun did not say SUCCESS" : message);
    }

    // The records a retrieve call gives.
    std::vector<IdRecord> retrieve(const std::string& path) {
        auto doc = call("list records", path, "", true);
        if (!doc.HasMember("records") || !doc["records"].IsArray())
            throw ProviderError(
                fmt::format("Porkbun API list records for zone {}: the answer has no records",
                            api_.zone_name()));
        std::vector<IdRecord> out;
        for (const auto& r : doc["records"].GetArray()) {
            auto name = member_text(r, "name"), type = member_text(r, "type");
            auto content = member_text(r, "content"), ttl_text = member_text(r, "ttl");
            std::uint32_t ttl = ttl_text.empty() ? kMinTtl : read_number(ttl_text, "TTL");
            dns::Name owner;
            try {
                owner = dns::Name::parse(with_dot(name));
            } catch (const std::exception& e) {
                skipped_.push_back({fmt::format("{} {} {}", name, type, content), e.what()});
                continue;
            }
            auto rec = read_record(owner, ttl, type,
                                   presentation_form(type, content, member_text(r, "prio")),
                                   api_.zone(), skipped_);
            if (rec) out.push_back({member_text(r, "id"), std::move(*rec)});
        }
        return out;
    }

    WebApi api_;
    std::string credentials_; // the JSON members every body starts with
};

} // namespace

ProviderInfo porkbun_provider() {
    ProviderInfo info;
    info.name = "porkbun";
    info.description = "Porkbun, through its API v3 (one rrset per call; about 1 request/s)";
    info.fields = {
        {"api_key", true, true,
         "The API key (pk1_...; porkbun.com, Account, API Access); API ACCESS must also be "
         "switched on for the domain"},
        {"secret_api_key", true, true, "The secret API key (sk1_...) shown with the API key"},
        {"endpoint", false, false,
         "API base URL (default https://api.porkbun.com/api/json/v3), for tests and proxies"},
    };
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A,  T::AAAA, T::CAA,  T::CNAME, T::HTTPS, T::MX,
                               T::NS, T::SRV,  T::SVCB, T::TLSA,  T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto key = ctx.fields.find("api_key"), secret = ctx.fields.find("secret_api_key");
        if (key == ctx.fields.end() || key->second.empty() || secret == ctx.fields.end() ||
            secret->second.empty())
            throw ProviderError("provider porkbun needs the fields api_key and secret_api_key");
        return std::make_unique<PorkbunProvider>(ctx, key->second, secret->second);
    };
    return info;
}

} // namespace dnsclay::providers
