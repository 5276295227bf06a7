// `linode`: Linode's (Akamai Cloud's) DNS Manager API (https://api.linode.com/v4,
// Authorization: Bearer <personal access token>). The zone's domain id is found by listing
// the account's domains (or given as domain_id); records are listed page by page (page,
// pages). Every value is a record of its own with an integer id and there are no
// transactions, so an rrset change is calls per record, undone if one fails
// (providers/record_api). MX, SRV and CAA keep their numbers in fields of their own
// (SRV's owner is made of `service`, `protocol` and `name`; CAA has no flags); host names
// have no trailing dot; TXT is the raw text; names are relative, "" the apex. Linode
// rounds a TTL up to its next step (30, 120, 300, 3600, 7200, ...); 0 is the domain's
// default.
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
constexpr std::uint32_t kDomainDefaultTtl = 86400; // what ttl_sec 0 means when the domain's is 0

// Linode's explanation: {"errors": [{"reason": "...", "field": "..."}]}.
std::string linode_error(const rapidjson::Document& doc) {
    std::string out;
    if (!doc.IsObject() || !doc.HasMember("errors") || !doc["errors"].IsArray()) return out;
    for (const auto& e : doc["errors"].GetArray()) {
        auto field = member_text(e, "field"), reason = member_text(e, "reason");
        out += (out.empty() ? "" : "; ") + (field.empty() ? reason : field + ": " + reason);
    }
    return out;
}

std::string underscored(std::string label) {
    if (label.empty() || label.front() != '_') label.insert(0, "_");
    return label;
}

class LinodeProvider : public RestRecordApiProvider {
  public:
    LinodeProvider(const ProviderContext& ctx, const std::string& token)
        : RestRecordApiProvider(
              ctx,
              {"Linode",
               "linode",
               "https://api.linode.com/v4",
               {10, std::chrono::seconds(1)}, // (unverified: no documented figure found)
               {{"Authorization", "Bearer " + token}},
               token,
               {token}},
              {.created = 200,
               .explain = linode_error,
               .credentials_hint = "; the token needs the scope domains:read_write for {zone}"}) {
        auto id = ctx.fields.find("domain_id");
        if (id != ctx.fields.end()) domain_id_ = id->second;
    }

  private:
    // Calls `each` with every item of the paged listing at `path`.
    template <class Each> void pages(const std::string& path, const std::string& what, Each each) {
        Pages listing(api_, what);
        for (long page = 1, last = 1; page <= last; ++page) {
            auto resp = api_.send("GET", fmt::format("{}?page={}&page_size=500", path, page));
            listing.next(resp);
            const auto doc = checked(resp, what, 200);
            const auto& data = array_member(doc, "data", what);
            for (const auto& item : data.GetArray())
                each(item);
            auto total = member_text(doc, "pages");
            last = total.empty() || data.Empty() ? page : read_number(total, "page count");
        }
    }

    const std::string& domain_id() {
        if (!domain_id_.empty()) return domain_id_;
        pages("/domains", "domain lookup", [&](const rapidjson::Value& d) {
            if (!domain_id_.empty()) return;
            try {
                if (dns::Name::parse(with_dot(member_text(d, "domain"))) != api_.zone()) return;
            } catch (const std::exception&) {
                return; // not a name: not this zone
            }
            domain_id_ = member_text(d, "id");
            auto ttl = member_text(d, "ttl_sec");
            if (!ttl.empty() && ttl != "0") default_ttl_ = read_number(ttl, "default TTL");
        });
        if (domain_id_.empty())
            throw ProviderError(
                fmt::format("Linode API: {} is not a domain of this account, or the token lacks "
                            "domains:read_write",
                            api_.zone_name()));
        return domain_id_;
    }

    std::string records_path() override { return fmt::format("/domains/{}/records", domain_id()); }

    std::vector<IdRecord> fetch_all() override {
        std::vector<IdRecord> out;
        pages(records_path(), "list records", [&](const rapidjson::Value& r) {
            if (auto rec = read(r)) out.push_back(std::move(*rec));
        });
        return out;
    }

    std::optional<IdRecord> read(const rapidjson::Value& r) {
        auto type = member_text(r, "type"), name = member_text(r, "name");
        auto target = member_text(r, "target");
        auto ttl_text = member_text(r, "ttl_sec");
        std::uint32_t ttl =
            ttl_text.empty() || ttl_text == "0" ? default_ttl_ : read_number(ttl_text, "TTL");
        std::string rdata = target;
        if (type == "MX")
            rdata = fmt::format("{} {}", member_text(r, "priority"), with_dot(target));
        else if (type == "SRV") {
            rdata = fmt::format("{} {} {} {}", member_text(r, "priority"), member_text(r, "weight"),
                                member_text(r, "port"), with_dot(target));
            if (name.empty() || name.front() != '_')
                name = fmt::format("{}.{}{}", underscored(member_text(r, "service")),
                                   underscored(member_text(r, "protocol")),
                                   name.empty() ? "" : "." + name);
        } else if (type == "CAA")
            rdata = fmt::format("0 {} {}", member_text(r, "tag"), quote_string(target));
        else if (type == "CNAME" || type == "NS" || type == "PTR")
            rdata = with_dot(target);
        else if (type == "TXT")
            rdata = txt_presentation(target);
        return read_id_record(member_text(r, "id"), name, ttl, type, rdata, api_.zone(), skipped_);
    }

    std::string record_body(const dns::Record& r, bool /*update*/) const override {
        auto f = rdata_fields(r.type, r.rdata);
        auto name = relative_owner(r.owner, api_.zone(), "");
        std::string target, extra;
        switch (r.type) {
        case dns::RRType::MX:
            extra = fmt::format(R"(,"priority":{})", f.at(0));
            target = without_dot(f.at(1));
            break;
        case dns::RRType::SRV: {
            // "_sip._tcp.sub" -> service "_sip", protocol "_tcp", name "sub"
            auto labels = r.owner.to_string_relative(api_.zone());
            auto first = labels.find('.'), second = labels.find('.', first + 1);
            if (r.owner == api_.zone() || labels[0] != '_' || first == std::string::npos ||
                labels[first + 1] != '_')
                throw ProviderError(fmt::format("Linode keeps SRV records only at "
                                                "_service._protocol names; {} is not one",
                                                r.owner.to_string()));
            name = second == std::string::npos ? "" : labels.substr(second + 1);
            extra =
                fmt::format(R"(,"service":{},"protocol":{},"priority":{},"weight":{},"port":{})",
                            json_quote(labels.substr(0, first)),
                            json_quote(labels.substr(first + 1, second == std::string::npos
                                                                    ? std::string::npos
                                                                    : second - first - 1)),
                            f.at(0), f.at(1), f.at(2));
            target = without_dot(f.at(3));
            break;
        }
        case dns::RRType::CAA:
            if (f.at(0) != "0")
                throw ProviderError(fmt::format("Linode keeps no CAA flags; {} CAA with flags {} "
                                                "cannot be stored",
                                                r.owner.to_string(), f.at(0)));
            extra = fmt::format(R"(,"tag":{})", json_quote(f.at(1)));
            target = f.at(2);
            break;
        case dns::RRType::CNAME:
        case dns::RRType::NS:
        case dns::RRType::PTR:
            target = without_dot(f.at(0));
            break;
        case dns::RRType::TXT:
            target = txt_text(r);
            break;
        default:
            target = dns::rdata_to_text(r.type, r.rdata);
        }
        return fmt::format(R"({{"type":{},"name":{},"target":{},"ttl_sec":{}{}}})",
                           json_quote(dns::to_string(r.type)), json_quote(name), json_quote(target),
                           r.ttl, extra);
    }

    std::string domain_id_;
    std::uint32_t default_ttl_ = kDomainDefaultTtl;
};

} // namespace

ProviderInfo linode_provider() {
    ProviderInfo info;
    info.name = "linode";
    info.description = "Linode (Akamai) DNS Manager, through its API v4 (one record per call; "
                       "TTLs rounded up to Linode's steps)";
    info.fields = {
        {"api_token", true, true,
         "A personal access token with the scope domains:read_write (cloud.linode.com, API "
         "Tokens)"},
        {"domain_id", false, false,
         "The domain's numeric id (in the Domains page's URL); looked up by name if not set"},
        {"endpoint", false, false,
         "API base URL (default https://api.linode.com/v4), for tests and proxies"},
    };
    info.capabilities.min_ttl = kMinTtl;
    using T = dns::RRType;
    info.capabilities.types = {T::A,  T::AAAA, T::CAA, T::CNAME, T::MX,
                               T::NS, T::PTR,  T::SRV, T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto token = ctx.fields.find("api_token");
        if (token == ctx.fields.end() || token->second.empty())
            throw ProviderError("provider linode needs the field api_token");
        return std::make_unique<LinodeProvider>(ctx, token->second);
    };
    return info;
}

} // namespace dnsclay::providers
