// `googleclouddns`: Google Cloud DNS (https://dns.googleapis.com/dns/v1, JSON). The
// account is a service account: its key file's private key signs a JWT (RS256,
// providers/jwt) that the token endpoint exchanges for an OAuth2 access token, cached in
// the process until shortly before it expires and sent as a Bearer token. The managed
// zone is looked up by DNS name once per process (or given as managed_zone); rrsets are
// listed with pageToken/nextPageToken. A change set is one `changes` call, which Google
// applies all or nothing: the additions are the new rrsets, the deletions the rrsets as
// dnsclay read them last, or, if Google refuses those (a deletion that differs from what
// it holds in TTL or any value: 412 conditionNotMet), as Google holds them now, read just
// before a second try. Google answers a change "pending" and its API has the change at
// once ("done" means its name servers have it too), so the change is done then; with
// wait_done, its status is polled until "done". Names are absolute, values presentation
// format.
#include "lib/dns/rdata.hpp"
#include "providers/jwt.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>
#include <functional>
#include <mutex>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dnsclay::providers {
namespace {

constexpr const char* kDefaultTokenUrl = "https://oauth2.googleapis.com/token";
constexpr const char* kScope = "https://www.googleapis.com/auth/ndev.clouddns.readwrite";

struct ServiceAccount {
    std::string client_email, private_key, private_key_id, project_id, token_uri;
};

ServiceAccount read_service_account(const std::string& json) {
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    if (doc.HasParseError() || !doc.IsObject())
        throw ProviderError("provider googleclouddns: service_account_key is not a service "
                            "account key file (JSON); set it to file:/path/to/key.json");
    ServiceAccount a{member_text(doc, "client_email"), member_text(doc, "private_key"),
                     member_text(doc, "private_key_id"), member_text(doc, "project_id"),
                     member_text(doc, "token_uri")};
    if (a.client_email.empty() || a.private_key.empty())
        throw ProviderError("provider googleclouddns: the service account key file has no "
                            "client_email or private_key; download a JSON key of the service "
                            "account (IAM, Service accounts, Keys)");
    return a;
}

// Access tokens by service account and token endpoint, shared by every zone of the process
// so that each UPDATE does not fetch a new one.
struct CachedToken {
    std::string token;
    std::chrono::steady_clock::time_point expires;
};
std::mutex token_mutex;
std::map<std::string, CachedToken>& token_cache() {
    static std::map<std::string, CachedToken> cache;
    return cache;
}

// Google's error body: {"error": {"code", "message", "errors": [{"reason"}]}}; the token
// endpoint's: {"error": "invalid_grant", "error_description": "..."}.
std::pair<std::string, std::string> google_error(const rapidjson::Document& doc) {
    if (!doc.IsObject() || !doc.HasMember("error")) return {"", ""};
    const auto& e = doc["error"];
    if (e.IsString())
        return {e.GetString(),
                fmt::format("{}: {}", e.GetString(), member_text(doc, "error_description"))};
    std::string reason;
    if (e.IsObject() && e.HasMember("errors") && e["errors"].IsArray() && !e["errors"].Empty())
        reason = member_text(e["errors"][0], "reason");
    return {reason, member_text(e, "message")};
}

class GoogleCloudDnsProvider : public WebProvider {
  public:
    GoogleCloudDnsProvider(const ProviderContext& ctx, ServiceAccount account,
                           const std::string& project, const std::string& token_url, bool wait_done)
        : account_(std::move(account)), project_(project),
          token_api_(ctx, token_spec(account_, token_url)), api_(ctx, api_spec()), wait_(ctx),
          wait_done_(wait_done) {
        managed_zone_ = ctx.field("managed_zone");
        zone_given_ = !managed_zone_.empty();
        // the key itself (hashed), not its id: a replaced key must not reuse the old token
        cache_key_ = fmt::format("{}|{:x}|{}", account_.client_email,
                                 std::hash<std::string>{}(account_.private_key), token_api_.base());
    }

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        std::vector<dns::Record> out;
        each_rrset("", [&](const rapidjson::Value& set) { read_rrset(set, out); });
        return out;
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    // One atomic `changes` call. Its deletions are first the rrsets as dnsclay last read
    // them (serve reads the zone just before an UPDATE), so a change costs no read; only
    // if Google holds an rrset otherwise (412 conditionNotMet: another TTL or spelling of
    // a value; 409 alreadyExists: an rrset dnsclay did not know of) is the change sent once
    // more with the deletions as Google holds them now, read just before. With wait_done,
    // the change's status is then polled until Google reports it done.
    void apply_remote(const zone::ChangeSet& changes) override {
        auto body = change_body(changes, [](const zone::RRsetChange& c) {
            return c.before.empty() ? std::string() : rrset_json(c.key, c.before);
        });
        if (body.empty()) return;
        auto resp = send("POST", zone_path() + "/changes", body);
        if (resp.status == 412 || resp.status == 409) {
            body = change_body(changes, [&](const zone::RRsetChange& c) { return held_rrset(c); });
            if (body.empty()) return;
            resp = send("POST", zone_path() + "/changes", body);
        }
        auto change = checked(resp, "change rrsets", 200);
        if (wait_done_) wait_until_done(change);
    }

  private:
    static WebApiSpec token_spec(const ServiceAccount& account, const std::string& token_url) {
        WebApiSpec s{"Google OAuth2",
                     "googleclouddns",
                     token_url,
                     {1000, std::chrono::seconds(100)},
                     {},
                     account.client_email,
                     {account.private_key}};
        s.content_type = "application/x-www-form-urlencoded";
        s.endpoint_field = "token_url";
        return s;
    }

    WebApiSpec api_spec() {
        WebApiSpec s{"Google Cloud DNS",
                     "googleclouddns",
                     "https://dns.googleapis.com/dns/v1",
                     {1000, std::chrono::seconds(100)},
                     {},
                     account_.client_email,
                     {account_.private_key}};
        s.sign = [this](http::Request& req) {
            req.headers.emplace_back("Authorization", "Bearer " + access_token());
        };
        return s;
    }

    // A current access token: the cached one, or a new one for a freshly signed JWT.
    std::string access_token() {
        {
            std::lock_guard lock(token_mutex);
            auto it = token_cache().find(cache_key_);
            if (it != token_cache().end() && std::chrono::steady_clock::now() < it->second.expires)
                return it->second.token;
        }
        auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        auto header = fmt::format(R"({{"alg":"RS256","typ":"JWT","kid":{}}})",
                                  json_quote(account_.private_key_id));
        auto claims = fmt::format(R"({{"iss":{},"scope":{},"aud":{},"iat":{},"exp":{}}})",
                                  json_quote(account_.client_email), json_quote(kScope),
                                  json_quote(token_api_.base()), now, now + 3600);
        std::string jwt;
        try {
            jwt = jwt_rs256(header, claims, account_.private_key);
        } catch (const JwtError& e) {
            throw ProviderError(fmt::format("Google Cloud DNS: the service account key cannot "
                                            "sign: {}",
                                            e.what()));
        }
        // Exchanging a signed JWT for a token changes nothing: it may be sent again.
        auto resp = token_api_.send(
            "POST", "",
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + jwt,
            true);
        auto doc = token_api_.json(resp, "token request");
        if (resp.status != 200) {
            auto [code, why] = google_error(doc);
            if (code == "invalid_grant")
                why += "; the service account key may be deleted or disabled, or the clock is off";
            token_api_.fail("token request", resp, why);
        }
        auto token = member_text(doc, "access_token");
        auto expires_in = member_text(doc, "expires_in");
        if (token.empty())
            throw ProviderError("Google OAuth2 API token request: the answer has no access_token");
        // Renewed a minute before it runs out, so no request carries an expired token.
        auto lifetime = std::chrono::seconds(
            expires_in.empty() ? 3600 : read_number(expires_in, "token lifetime"));
        std::lock_guard lock(token_mutex);
        token_cache()[cache_key_] = {token, std::chrono::steady_clock::now() + lifetime -
                                                std::chrono::seconds(60)};
        return token;
    }

    // A request with a current token; once more with a new token if Google refused the
    // cached one (revoked or expired early).
    http::Response send(const std::string& method, const std::string& target,
                        const std::string& body = "") {
        auto resp = api_.send(method, target, body);
        if (resp.status != 401) return resp;
        {
            std::lock_guard lock(token_mutex);
            token_cache().erase(cache_key_);
        }
        return api_.send(method, target, body);
    }

    rapidjson::Document checked(const http::Response& resp, const std::string& what, long ok) {
        auto doc = api_.json(resp, what);
        if (resp.status == ok) return doc;
        auto [reason, why] = google_error(doc);
        if (reason == "conditionNotMet")
            why += "; an rrset changed at Google while it was being changed: sync the zone and "
                   "try again";
        else if (resp.status == 403)
            why += fmt::format("; the service account {} needs the DNS Administrator role "
                               "(dns.changes.create, dns.resourceRecordSets.list) on project {}",
                               account_.client_email, project_);
        else if (reason == "notFound" && resp.status == 404) {
            // a zone looked up earlier in the process may be gone: look it up again next time
            if (!zone_given_) api_.forget(managed_zone_key());
            why +=
                fmt::format("; is project {} and managed zone {} right?", project_, managed_zone_);
        }
        api_.fail(what, resp, why);
    }

    // The rrset as Google's JSON: name, type, TTL and the values in presentation form.
    static std::string rrset_json(const zone::RRsetKey& key, const std::vector<dns::Record>& rrs) {
        std::string rrdatas;
        for (const auto& r : rrs)
            rrdatas +=
                (rrdatas.empty() ? "" : ",") + json_quote(dns::rdata_to_text(r.type, r.rdata));
        return fmt::format(R"({{"name":{},"type":{},"ttl":{},"rrdatas":[{}]}})",
                           json_quote(key.owner.to_string()), json_quote(dns::to_string(key.type)),
                           rrset_ttl(rrs), rrdatas);
    }

    // The body of a `changes` call: the additions are the rrsets after, the deletions what
    // `deletion` gives for each change ("" for none); "" if there is nothing to change.
    static std::string
    change_body(const zone::ChangeSet& changes,
                const std::function<std::string(const zone::RRsetChange&)>& deletion) {
        std::string additions, deletions;
        for (const auto& c : changes) {
            auto deleted = deletion(c);
            if (!deleted.empty()) deletions += (deletions.empty() ? "" : ",") + deleted;
            if (!c.after.empty())
                additions += (additions.empty() ? "" : ",") + rrset_json(c.key, c.after);
        }
        if (additions.empty() && deletions.empty()) return "";
        return fmt::format(R"({{"additions":[{}],"deletions":[{}]}})", additions, deletions);
    }

    // The change's rrset as Google holds it now, verbatim, for an exact deletion ("" if it
    // holds none).
    std::string held_rrset(const zone::RRsetChange& c) {
        std::string held;
        auto filter =
            fmt::format("name={}&type={}", c.key.owner.to_string(), dns::to_string(c.key.type));
        each_rrset(filter, [&](const rapidjson::Value& set) {
            rapidjson::StringBuffer buf;
            rapidjson::Writer<rapidjson::StringBuffer> w(buf);
            set.Accept(w);
            held += (held.empty() ? "" : ",") + std::string(buf.GetString());
        });
        return held;
    }

    std::string project_path() const { return "/projects/" + project_; }
    std::string zone_path() { return project_path() + "/managedZones/" + managed_zone(); }

    // Looked up by DNS name once per process, unless given.
    const std::string& managed_zone() {
        if (managed_zone_.empty())
            managed_zone_ =
                api_.remembered(managed_zone_key(), [&] { return find_managed_zone(); });
        return managed_zone_;
    }

    std::string managed_zone_key() const {
        return fmt::format("managed zone {} {}", project_, api_.zone_name());
    }

    std::string find_managed_zone() {
        auto resp =
            send("GET", project_path() + "/managedZones?dnsName=" + api_.zone().to_string());
        auto doc = checked(resp, "zone lookup", 200);
        if (doc.IsObject() && doc.HasMember("managedZones") && doc["managedZones"].IsArray())
            for (const auto& z : doc["managedZones"].GetArray()) {
                auto visibility = member_text(z, "visibility");
                if (visibility != "" && visibility != "public") continue;
                try {
                    auto name = member_text(z, "name");
                    if (dns::Name::parse(member_text(z, "dnsName")) == api_.zone() && !name.empty())
                        return name;
                } catch (const std::exception&) {
                    // not a name: not this zone
                }
            }
        throw ProviderError(fmt::format("Google Cloud DNS API: zone {} is not a public managed "
                                        "zone of project {}",
                                        api_.zone_name(), project_));
    }

    // Visits every rrset of the zone, or those `filter` ("name=...&type=...") selects,
    // page by page.
    void each_rrset(const std::string& filter,
                    const std::function<void(const rapidjson::Value&)>& visit) {
        std::string page;
        Pages listing(api_, "list rrsets");
        do {
            auto target = zone_path() + "/rrsets?maxResults=1000";
            if (!filter.empty()) target += "&" + filter;
            if (!page.empty()) target += "&pageToken=" + page;
            auto resp = send("GET", target);
            listing.next(resp);
            auto doc = checked(resp, "list rrsets", 200);
            if (!doc.IsObject() || !doc.HasMember("rrsets") || !doc["rrsets"].IsArray()) {
                if (doc.IsObject() && !doc.HasMember("rrsets")) return; // no rrsets at all
                throw ProviderError(fmt::format("Google Cloud DNS API list rrsets for zone {}: "
                                                "the answer has no rrsets list",
                                                api_.zone_name()));
            }
            for (const auto& set : doc["rrsets"].GetArray())
                visit(set);
            page = member_text(doc, "nextPageToken");
            if (doc["rrsets"].Empty()) break;
        } while (!page.empty());
    }

    // Polls the change until Google reports it done (its name servers answer with it), for
    // at most the provider timeout.
    void wait_until_done(const rapidjson::Document& change) {
        auto id = member_text(change, "id");
        if (member_text(change, "status") != "pending" || id.empty()) return;
        wait_.while_pending(
            [&] {
                auto doc =
                    checked(send("GET", zone_path() + "/changes/" + id), "change status", 200);
                return member_text(doc, "status") == "pending";
            },
            fmt::format("Google Cloud DNS API: change {} for zone {} was made", id,
                        api_.zone_name()),
            "pending", "done");
    }

    void read_rrset(const rapidjson::Value& set, std::vector<dns::Record>& out) {
        auto name = member_text(set, "name"), type = member_text(set, "type");
        auto ttl_text = member_text(set, "ttl");
        dns::Name owner;
        std::uint32_t ttl = 0;
        try {
            owner = dns::Name::parse(name);
            ttl = read_number(ttl_text, "TTL");
        } catch (const std::exception& e) {
            skipped_.push_back({name + " " + type, e.what()});
            return;
        }
        const auto* rrdatas = find_member(set, "rrdatas");
        if (!rrdatas || !rrdatas->IsArray()) return;
        for (const auto& r : rrdatas->GetArray())
            if (r.IsString())
                if (auto rec = read_record(owner, ttl, type, r.GetString(), api_.zone(), skipped_))
                    out.push_back(std::move(*rec));
    }

    ServiceAccount account_;
    std::string project_;
    WebApi token_api_;
    WebApi api_;
    ChangeWait wait_;
    bool wait_done_; // the wait_done field
    std::string managed_zone_;
    bool zone_given_ = false; // the managed_zone field, not looked up
    std::string cache_key_;
};

} // namespace

ProviderInfo google_cloud_dns_provider() {
    ProviderInfo info;
    info.name = "googleclouddns";
    info.description = "Google Cloud DNS, through its API with a service account (atomic "
                       "changes)";
    info.fields = {
        {"service_account_key", true, true,
         "The service account's JSON key file (file:/path/key.json); the account needs the DNS "
         "Administrator role on the project"},
        {"project", false, false,
         "The Google Cloud project id that holds the zone; the key file's project_id if not "
         "set"},
        {"managed_zone", false, false,
         "The managed zone's name (not its DNS name); looked up by DNS name if not set"},
        {"wait_done", false, false,
         "true: a change is done only once Google reports it done on all its name servers (an "
         "UPDATE is answered only then), at most sync.provider_timeout; false (the default): "
         "once Google accepts it"},
        {"endpoint", false, false,
         "API base URL (default https://dns.googleapis.com/dns/v1), for tests and proxies"},
        {"token_url", false, false,
         "OAuth2 token endpoint (default the key file's token_uri, else "
         "https://oauth2.googleapis.com/token), for tests and proxies"},
    };
    info.capabilities.atomic_changes = true;
    using T = dns::RRType;
    info.capabilities.types = {T::A,     T::AAAA,     T::CAA,   T::CNAME, T::DNSKEY, T::DS,
                               T::HTTPS, T::IPSECKEY, T::MX,    T::NAPTR, T::NS,     T::PTR,
                               T::SPF,   T::SRV,      T::SSHFP, T::SVCB,  T::TLSA,   T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        auto key = ctx.field("service_account_key");
        if (key.empty())
            throw ProviderError("provider googleclouddns needs the field service_account_key");
        auto account = read_service_account(key);
        auto project = ctx.field("project").empty() ? account.project_id : ctx.field("project");
        if (project.empty())
            throw ProviderError("provider googleclouddns needs the field project (the key file "
                                "names none)");
        // the token_url field, if set, replaces this (as endpoint replaces the API's URL)
        auto token_url = account.token_uri.empty() ? kDefaultTokenUrl : account.token_uri;
        return std::make_unique<GoogleCloudDnsProvider>(
            ctx, std::move(account), project, token_url,
            flag_field(ctx, "googleclouddns", "wait_done"));
    };
    return info;
}

} // namespace dnsclay::providers
