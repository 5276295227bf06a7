#include "tests/support/fake_google_cloud_dns.hpp"

#include "lib/http/json_text.hpp"
#include "providers/jwt.hpp"

#include <chrono>
#include <fmt/core.h>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <rapidjson/document.h>
#include <stdexcept>

namespace dnsclay::test {
namespace {

using http::json_quote;

// A fresh 2048-bit RSA key pair as (PKCS#8 private PEM, public PEM).
std::pair<std::string, std::string> rsa_key_pair() {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    if (!key) throw std::runtime_error("fake Google: cannot make an RSA key");
    auto pem = [&](bool is_private) {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        if (is_private)
            PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        else
            PEM_write_bio_PUBKEY(bio.get(), key.get());
        char* data = nullptr;
        auto size = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(size));
    };
    return {pem(true), pem(false)};
}

std::string google_error(int code, const std::string& reason, const std::string& message) {
    return fmt::format(R"({{"error":{{"code":{},"message":{},"errors":[{{"message":{},)"
                       R"("domain":"global","reason":"{}"}}]}}}})",
                       code, json_quote(message), json_quote(message), reason);
}

std::string rrset_json(const std::string& name, const std::string& type, unsigned ttl,
                       const std::vector<std::string>& rrdatas) {
    std::string list;
    for (const auto& r : rrdatas)
        list += (list.empty() ? "" : ",") + json_quote(r);
    return fmt::format(R"({{"name":{},"type":"{}","ttl":{},"rrdatas":[{}],)"
                       R"("signatureRrdatas":[],"kind":"dns#resourceRecordSet"}})",
                       json_quote(name), type, ttl, list);
}

long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

FakeGoogleCloudDns::FakeGoogleCloudDns(std::string zone, std::string project)
    : zone_(std::move(zone)), project_(std::move(project)) {
    std::tie(private_key_, public_key_) = rsa_key_pair();
    foreign_private_key_ = rsa_key_pair().first;
    rrsets_[{zone_, "SOA"}] = {
        21600,
        {"ns-cloud-b1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 "
         "300"}};
    rrsets_[{zone_, "NS"}] = {21600,
                              {"ns-cloud-b1.googledomains.com.", "ns-cloud-b2.googledomains.com."}};
    api.require_auth(
        [this](const httplib::Request& req) {
            if (req.path == "/token") return true;
            auto auth = req.get_header_value("Authorization");
            return auth.rfind("Bearer ", 0) == 0 && tokens_.count(auth.substr(7)) == 1;
        },
        401,
        google_error(401, "authError",
                     "Request had invalid authentication credentials. Expected OAuth 2 access "
                     "token, login cookie or other valid authentication credential."));
    api.set_error_body(500, google_error(500, "backendError", "Backend Error"));

    api.route("POST", "/token",
              [this](const httplib::Request& req, httplib::Response& res, const std::smatch&) {
                  int status = 200;
                  auto body = issue_token(req, status);
                  FakeApi::send_json(res, status, body);
              });

    std::string project_path = "/dns/v1/projects/([^/]+)";
    api.route("GET", project_path + "/managedZones",
              [this](const httplib::Request& req, httplib::Response& res, const std::smatch& m) {
                  if (m[1] != project_) {
                      FakeApi::send_json(
                          res, 403,
                          google_error(403, "forbidden", "The caller does not have permission"));
                      return;
                  }
                  std::string zones;
                  if (!req.has_param("dnsName") || req.get_param_value("dnsName") == zone_)
                      zones = fmt::format(
                          R"({{"name":"example-test","dnsName":{},"id":"6151096870552453390",)"
                          R"("visibility":"public","kind":"dns#managedZone"}})",
                          json_quote(zone_));
                  FakeApi::send_json(res, 200,
                                     fmt::format(R"({{"managedZones":[{}],)"
                                                 R"("kind":"dns#managedZonesListResponse"}})",
                                                 zones));
              });

    std::string zone_path = project_path + "/managedZones/([^/]+)";
    auto zone_known = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == project_ && m[2] == "example-test") return true;
        FakeApi::send_json(res, 404,
                           google_error(404, "notFound",
                                        fmt::format("The 'parameters.managedZone' resource "
                                                    "named '{}' does not exist.",
                                                    m[2].str())));
        return false;
    };

    api.route(
        "GET", zone_path + "/rrsets",
        [this, zone_known](const httplib::Request& req, httplib::Response& res,
                           const std::smatch& m) {
            if (!zone_known(m, res)) return;
            std::vector<std::string> items;
            for (const auto& [key, set] : rrsets_) {
                if (req.has_param("name") && req.get_param_value("name") != key.first) continue;
                if (req.has_param("type") && req.get_param_value("type") != key.second) continue;
                items.push_back(rrset_json(key.first, key.second, set.ttl, set.values));
            }
            std::size_t first = 0;
            if (req.has_param("pageToken")) {
                auto token = req.get_param_value("pageToken");
                if (token.rfind("CgP", 0) != 0) {
                    FakeApi::send_json(res, 400,
                                       google_error(400, "invalid", "Invalid value for pageToken"));
                    return;
                }
                first = std::stoul(token.substr(3));
            }
            auto last = std::min(items.size(), first + api.asked_page_size(req, "maxResults"));
            std::string list;
            for (auto i = first; i < last; ++i)
                list += (list.empty() ? "" : ",") + items[i];
            std::string next =
                last < items.size() ? fmt::format(R"("nextPageToken":"CgP{}",)", last) : "";
            FakeApi::send_json(res, 200,
                               fmt::format(R"({{"rrsets":[{}],{})"
                                           R"("kind":"dns#resourceRecordSetsListResponse"}})",
                                           list, next));
        });

    api.route("POST", zone_path + "/changes",
              [this, zone_known](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (!zone_known(m, res)) return;
                  rapidjson::Document doc;
                  doc.Parse(req.body.c_str());
                  if (doc.HasParseError() || !doc.IsObject()) {
                      FakeApi::send_json(res, 400, google_error(400, "parseError", "Parse Error"));
                      return;
                  }
                  auto read = [](const rapidjson::Value& v, std::string& name, std::string& type,
                                 FakeRRset& set) {
                      name = v["name"].GetString();
                      type = v["type"].GetString();
                      set.ttl = v.HasMember("ttl") ? v["ttl"].GetUint() : 0;
                      for (const auto& r : v["rrdatas"].GetArray()) {
                          std::string text = r.GetString();
                          // Google quotes a TXT value sent without quotes
                          if (type == "TXT" && (text.empty() || text.front() != '"'))
                              text = "\"" + text + "\"";
                          set.values.push_back(text);
                      }
                  };
                  ++change_calls_;
                  std::erase_if(concurrent_, [&](const auto& c) {
                      const auto& [at, n, t, ttl] = c;
                      if (at == change_calls_) rrsets_[{n, t}].ttl = ttl;
                      return at <= change_calls_;
                  });
                  auto next = rrsets_;
                  std::string name, type;
                  rapidjson::SizeType i = 0;
                  if (doc.HasMember("deletions"))
                      for (const auto& d : doc["deletions"].GetArray()) {
                          FakeRRset set;
                          read(d, name, type, set);
                          auto held = next.find({name, type});
                          if (held == next.end() || held->second.ttl != set.ttl ||
                              held->second.values != set.values) {
                              FakeApi::send_json(
                                  res, 412,
                                  google_error(412, "conditionNotMet",
                                               fmt::format("Precondition not met for "
                                                           "'entity.change.deletions[{}]'",
                                                           i)));
                              return;
                          }
                          next.erase(held);
                          ++i;
                      }
                  if (doc.HasMember("additions"))
                      for (const auto& a : doc["additions"].GetArray()) {
                          FakeRRset set;
                          read(a, name, type, set);
                          if (next.count({name, type})) {
                              FakeApi::send_json(
                                  res, 409,
                                  google_error(409, "alreadyExists",
                                               fmt::format("The resource 'entity.rrset' named "
                                                           "'{} ({})' already exists",
                                                           name, type)));
                              return;
                          }
                          next[{name, type}] = set;
                      }
                  rrsets_ = std::move(next);
                  pending_[++changes_] = pending_polls;
                  auto id = std::to_string(changes_);
                  FakeApi::send_json(res, 200,
                                     fmt::format(R"({{"kind":"dns#change","id":"{}",)"
                                                 R"("startTime":"2026-01-01T00:00:00.000Z",)"
                                                 R"("status":"pending"}})",
                                                 id));
              });

    api.route(
        "GET", zone_path + "/changes/([0-9]+)",
        [this, zone_known](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (!zone_known(m, res)) return;
            auto change = m[3].length() > 9 ? pending_.end() : pending_.find(std::stoi(m[3]));
            if (change == pending_.end()) {
                FakeApi::send_json(res, 404, google_error(404, "notFound", "Change not found"));
                return;
            }
            bool pending = change->second > 0;
            if (pending) --change->second;
            FakeApi::send_json(res, 200,
                               fmt::format(R"({{"kind":"dns#change","id":"{}",)"
                                           R"("status":"{}"}})",
                                           m[3].str(), pending ? "pending" : "done"));
        });
}

// Checks the JWT bearer grant; the token answer, or the OAuth2 error with `status` set.
std::string FakeGoogleCloudDns::issue_token(const httplib::Request& req, int& status) {
    status = 400;
    if (req.get_param_value("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        return R"({"error":"unsupported_grant_type","error_description":"Invalid grant_type"})";
    auto assertion = req.get_param_value("assertion");
    if (!providers::jwt_rs256_verify(assertion, public_key_))
        return R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})";
    rapidjson::Document claims;
    auto text = providers::jwt_part(assertion, 1);
    claims.Parse(text.c_str());
    auto str = [&](const char* k) {
        return claims.IsObject() && claims.HasMember(k) && claims[k].IsString()
                   ? std::string(claims[k].GetString())
                   : std::string();
    };
    auto num = [&](const char* k) {
        return claims.IsObject() && claims.HasMember(k) && claims[k].IsInt64()
                   ? claims[k].GetInt64()
                   : 0;
    };
    auto now = unix_now();
    if (str("iss") != client_email_ || str("aud") != token_url() ||
        str("scope").find("clouddns") == std::string::npos)
        return R"({"error":"invalid_grant","error_description":"Invalid JWT: iss, aud or scope"})";
    if (num("exp") <= now || num("iat") > now + 60 || num("exp") - num("iat") > 3600)
        return R"({"error":"invalid_grant","error_description":"Invalid JWT: Token must be a )"
               R"(short-lived token (60 minutes) and in a reasonable timeframe."})";
    status = 200;
    auto token = fmt::format("ya29.fake-access-token-{}", ++issued_);
    tokens_.insert(token);
    return fmt::format(R"({{"access_token":"{}","expires_in":3599,"token_type":"Bearer"}})", token);
}

std::string FakeGoogleCloudDns::key_file(const std::string& private_key) const {
    return fmt::format(R"({{"type":"service_account","project_id":{},)"
                       R"("private_key_id":"0123456789abcdef0123456789abcdef01234567",)"
                       R"("private_key":{},"client_email":{},"client_id":"1234567890",)"
                       R"("token_uri":{}}})",
                       json_quote(project_), json_quote(private_key), json_quote(client_email_),
                       json_quote(token_url()));
}

std::string FakeGoogleCloudDns::service_account_key() const {
    return key_file(private_key_);
}

std::string FakeGoogleCloudDns::foreign_service_account_key() const {
    return key_file(foreign_private_key_);
}

void FakeGoogleCloudDns::seed(const std::string& name, const std::string& type, unsigned ttl,
                              std::vector<std::string> rrdatas) {
    std::lock_guard lock(api.mutex());
    rrsets_[{name, type}] = {ttl, std::move(rrdatas)};
}

void FakeGoogleCloudDns::change_ttl_before_next_change(const std::string& name,
                                                       const std::string& type, unsigned ttl,
                                                       int nth) {
    std::lock_guard lock(api.mutex());
    concurrent_.emplace_back(change_calls_ + nth, name, type, ttl);
}

void FakeGoogleCloudDns::revoke_tokens() {
    std::lock_guard lock(api.mutex());
    tokens_.clear();
}

int FakeGoogleCloudDns::tokens_issued() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    return issued_;
}

std::set<std::string> FakeGoogleCloudDns::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    return rrset_lines(rrsets_);
}

} // namespace dnsclay::test
