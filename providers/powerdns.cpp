// `powerdns`: PowerDNS Authoritative's HTTP API (/api/v1, X-API-Key). A zone is read with
// one GET of /servers/{server_id}/zones/{zone}; a change set is one PATCH of its rrsets
// (changetype REPLACE or DELETE), which PowerDNS applies in one backend transaction. Record
// content is presentation format with absolute names, as lib/dns reads and writes it.
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/http/client.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dnsclay::providers {
namespace {

// PowerDNS's zone id: the name with every byte outside [A-Za-z0-9.-_] written as =XX.
std::string zone_id(const std::string& zone) {
    std::string out;
    for (unsigned char c : zone) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_')
            out += static_cast<char>(c);
        else
            out += fmt::format("={:02X}", c);
    }
    return out;
}

std::string base_url(std::string api_url) {
    while (!api_url.empty() && api_url.back() == '/')
        api_url.pop_back();
    constexpr std::string_view kVersion = "/api/v1";
    if (api_url.size() < kVersion.size() ||
        api_url.compare(api_url.size() - kVersion.size(), kVersion.size(), kVersion) != 0)
        api_url += kVersion;
    return api_url;
}

// config.toml's [http] settings, within the provider timeout; the key is never shown.
http::ClientOptions client_options(const ProviderContext& ctx) {
    http::ClientOptions o = ctx.http;
    o.timeout = std::min(o.timeout, ctx.timeout);
    o.connect_timeout = std::min(o.connect_timeout, o.timeout);
    o.cancel = ctx.cancel;
    o.secrets = {ctx.fields.at("api_key")};
    return o;
}

class PowerDnsProvider : public Provider {
  public:
    explicit PowerDnsProvider(const ProviderContext& ctx)
        : zone_(ctx.zone), api_key_(ctx.fields.at("api_key")), client_(client_options(ctx)) {
        auto server = ctx.fields.count("server_id") ? ctx.fields.at("server_id") : "localhost";
        if (server.empty()) server = "localhost";
        zone_url_ = fmt::format("{}/servers/{}/zones/{}", base_url(ctx.fields.at("api_url")),
                                server, zone_id(zone_.to_string()));
    }

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        auto doc = get(zone_url_);
        std::vector<dns::Record> out;
        // Read through a const view: rapidjson's mutable iterators compare ambiguously in C++20.
        const auto* rrsets = find_member(doc, "rrsets");
        if (!rrsets || !rrsets->IsArray())
            throw ProviderError(fmt::format("PowerDNS sent zone {} without rrsets", zone_name()));
        for (const auto& set : rrsets->GetArray())
            read_rrset(set, out);
        return out;
    }

    void apply(const zone::ChangeSet& changes) override {
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        w.StartObject();
        w.Key("rrsets");
        w.StartArray();
        for (const auto& c : changes) {
            w.StartObject();
            w.Key("name");
            w.String(c.key.owner.to_string().c_str());
            w.Key("type");
            w.String(dns::to_string(c.key.type).c_str());
            w.Key("changetype");
            w.String(c.after.empty() ? "DELETE" : "REPLACE");
            if (!c.after.empty()) {
                // One TTL per rrset (RFC 2181 §5.2): the smallest, so nothing is cached
                // longer than any record asked for.
                std::uint32_t ttl = c.after.front().ttl;
                for (const auto& r : c.after)
                    ttl = std::min(ttl, r.ttl);
                w.Key("ttl");
                w.Uint(ttl);
                w.Key("records");
                w.StartArray();
                for (const auto& r : c.after) {
                    w.StartObject();
                    w.Key("content");
                    w.String(dns::rdata_to_text(r.type, r.rdata).c_str());
                    w.Key("disabled");
                    w.Bool(false);
                    w.EndObject();
                }
                w.EndArray();
            }
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        auto resp = send("PATCH", zone_url_, buf.GetString());
        if (resp.status != 204 && resp.status != 200) fail("PATCH", resp);
    }

    std::optional<std::uint32_t> current_serial() override {
        const auto doc = get(zone_url_ + "?rrsets=false");
        const auto* serial = find_member(doc, "serial");
        if (!serial || !serial->IsUint()) return std::nullopt;
        return serial->GetUint();
    }

  private:
    std::string zone_name() const { return zone_.to_string(); }

    http::Response send(const std::string& method, const std::string& url, std::string body) {
        http::Request req;
        req.method = method;
        req.url = url;
        req.headers = {{"X-API-Key", api_key_}, {"Accept", "application/json"}};
        if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
        req.body = std::move(body);
        try {
            return client_.send(req);
        } catch (const http::HttpError& e) {
            throw ProviderError(fmt::format("PowerDNS API: {}", e.what()));
        }
    }

    rapidjson::Document get(const std::string& url) {
        auto resp = send("GET", url, "");
        if (resp.status != 200) fail("GET", resp);
        rapidjson::Document doc;
        doc.Parse(resp.body.c_str());
        if (doc.HasParseError() || !doc.IsObject())
            throw ProviderError(fmt::format(
                "PowerDNS API sent something that is not a JSON object for zone {}", zone_name()));
        return doc;
    }

    // PowerDNS explains errors in {"error": "..."}; its texts name the zone or the record,
    // never the key.
    [[noreturn]] void fail(const char* method, const http::Response& resp) {
        std::string why;
        rapidjson::Document doc;
        doc.Parse(resp.body.c_str());
        if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("error") &&
            doc["error"].IsString())
            why = doc["error"].GetString();
        std::string what;
        if (resp.status == 401 || resp.status == 403)
            what = "the API key was refused";
        else if (resp.status == 404)
            what = fmt::format("zone {} not found on the server", zone_name());
        else
            what = why.empty() ? "failed" : why;
        throw ProviderError(fmt::format("PowerDNS API {} zone {}: {} (HTTP {})", method,
                                        zone_name(), what, resp.status));
    }

    void read_rrset(const rapidjson::Value& set, std::vector<dns::Record>& out) {
        if (!set.IsObject()) return;
        auto str = [&](const char* key) -> std::string {
            auto it = set.FindMember(key);
            return it != set.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
        };
        std::string name = str("name"), type_text = str("type");
        auto ttl_it = set.FindMember("ttl");
        std::uint32_t ttl =
            ttl_it != set.MemberEnd() && ttl_it->value.IsUint() ? ttl_it->value.GetUint() : 0;
        auto records = set.FindMember("records");
        if (records == set.MemberEnd() || !records->value.IsArray()) return;
        for (const auto& r : records->value.GetArray()) {
            if (!r.IsObject()) continue;
            auto disabled = r.FindMember("disabled");
            // Disabled records are not served, so they are not part of the zone.
            if (disabled != r.MemberEnd() && disabled->value.IsBool() && disabled->value.GetBool())
                continue;
            auto content_it = r.FindMember("content");
            std::string content = content_it != r.MemberEnd() && content_it->value.IsString()
                                      ? content_it->value.GetString()
                                      : "";
            dns::Name owner;
            try {
                owner = dns::Name::parse(name, zone_);
            } catch (const dns::TextError& e) {
                skipped_.push_back(
                    {fmt::format("{} {} {} {}", name, ttl, type_text, content), e.what()});
                continue;
            }
            if (auto rec = read_record(owner, ttl, type_text, content, zone_, skipped_))
                out.push_back(std::move(*rec));
        }
    }

    dns::Name zone_;
    std::string api_key_;
    std::string zone_url_;
    http::Client client_;
};

} // namespace

ProviderInfo powerdns_provider() {
    ProviderInfo info;
    info.name = "powerdns";
    info.description = "PowerDNS Authoritative Server, through its HTTP API";
    info.fields = {
        {"api_url", true, false,
         "Base URL of the API, e.g. http://127.0.0.1:8081 (\"/api/v1\" is added if missing)"},
        {"api_key", true, true, "The API key (api-key in pdns.conf), sent as X-API-Key"},
        {"server_id", false, false, "The server id in the API path (default localhost)"},
    };
    info.capabilities.atomic_changes = true;
    info.capabilities.meaningful_serial = true;
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        for (const char* f : {"api_url", "api_key"})
            if (!ctx.fields.count(f) || ctx.fields.at(f).empty())
                throw ProviderError(fmt::format("provider powerdns needs the field {}", f));
        return std::make_unique<PowerDnsProvider>(ctx);
    };
    return info;
}

} // namespace dnsclay::providers
