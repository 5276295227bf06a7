#include "tests/support/fake_ovh.hpp"

#include "lib/http/json_text.hpp"
#include "providers/ovh_signature.hpp"

#include <chrono>
#include <fmt/core.h>
#include <rapidjson/document.h>

namespace dnsclay::test {
namespace {

using http::json_quote;

std::string ovh_error(const std::string& cls, const std::string& message) {
    return fmt::format(R"({{"class":{},"message":{}}})", json_quote(cls), json_quote(message));
}

// Whether every double quote not escaped by a backslash has its partner.
bool balanced_quotes(const std::string& s) {
    bool open = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == '"') open = !open;
    }
    return !open;
}

} // namespace

FakeOvh::FakeOvh(std::string zone, std::string application_key, std::string application_secret,
                 std::string consumer_key)
    : zone_(std::move(zone)), application_key_(std::move(application_key)),
      application_secret_(std::move(application_secret)), consumer_key_(std::move(consumer_key)) {
    records_[next_id_++] = {"", "NS", "dns200.anycast.me.", 86400};
    records_[next_id_++] = {"", "NS", "ns200.anycast.me.", 86400};
    published_ = records_;
    api.require_auth(
        [this](const httplib::Request& req) {
            return req.path == "/1.0/auth/time" || signed_correctly(req);
        },
        400,
        R"({"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"})");
    api.set_error_body(500, ovh_error("Server::InternalServerError", "Internal server error"));

    api.route("GET", "/1.0/auth/time",
              [this](const httplib::Request&, httplib::Response& res, const std::smatch&) {
                  FakeApi::send_json(res, 200, std::to_string(now()));
              });

    std::string zone_path = "/1.0/domain/zone/([^/]+)";
    auto known = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == zone_) return true;
        FakeApi::send_json(res, 404, ovh_error("Client::NotFound", "This service does not exist"));
        return false;
    };
    auto find = [this](const std::string& id, httplib::Response& res) {
        auto it = records_.find(std::stoll(id));
        if (it == records_.end())
            FakeApi::send_json(
                res, 404,
                ovh_error("Client::NotFound", fmt::format("The requested object (id = {}) does not "
                                                          "exist",
                                                          id)));
        return it;
    };
    // Checks a create/update body; the error body or "".
    auto invalid = [](const Record& r) -> std::string {
        if (r.type == "TXT" && !balanced_quotes(r.target))
            return ovh_error("Client::BadRequest",
                             "Invalid field target: unbalanced quotes in TXT record");
        if (r.ttl != 0 && r.ttl < 60)
            return ovh_error("Client::BadRequest", "Invalid TTL: must be 0 or at least 60");
        return "";
    };

    api.route(
        "GET", zone_path + "/record",
        [this, known](const httplib::Request& req, httplib::Response& res, const std::smatch& m) {
            if (!known(m, res)) return;
            std::string ids;
            for (const auto& [id, r] : records_) {
                if (req.has_param("fieldType") && req.get_param_value("fieldType") != r.type)
                    continue;
                if (req.has_param("subDomain") && req.get_param_value("subDomain") != r.sub)
                    continue;
                ids += (ids.empty() ? "" : ",") + std::to_string(id);
            }
            FakeApi::send_json(res, 200, "[" + ids + "]");
        });

    api.route(
        "GET", zone_path + "/record/([0-9]+)",
        [this, known, find](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (!known(m, res)) return;
            auto it = find(m[2], res);
            if (it != records_.end())
                FakeApi::send_json(res, 200, record_json(it->first, it->second));
        });

    api.route("POST", zone_path + "/record",
              [this, known, invalid](const httplib::Request& req, httplib::Response& res,
                                     const std::smatch& m) {
                  if (!known(m, res)) return;
                  rapidjson::Document doc;
                  doc.Parse(req.body.c_str());
                  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("fieldType") ||
                      !doc.HasMember("target")) {
                      FakeApi::send_json(res, 400, ovh_error("Client::BadRequest", "Invalid body"));
                      return;
                  }
                  Record r{doc.HasMember("subDomain") ? doc["subDomain"].GetString() : "",
                           doc["fieldType"].GetString(), doc["target"].GetString(),
                           doc.HasMember("ttl") ? doc["ttl"].GetUint() : 0};
                  if (auto error = invalid(r); !error.empty()) {
                      FakeApi::send_json(res, 400, error);
                      return;
                  }
                  auto id = next_id_++;
                  records_[id] = r;
                  FakeApi::send_json(res, 200, record_json(id, r));
              });

    api.route("PUT", zone_path + "/record/([0-9]+)",
              [this, known, find, invalid](const httplib::Request& req, httplib::Response& res,
                                           const std::smatch& m) {
                  if (!known(m, res)) return;
                  auto it = find(m[2], res);
                  if (it == records_.end()) return;
                  rapidjson::Document doc;
                  doc.Parse(req.body.c_str());
                  if (doc.HasParseError() || !doc.IsObject() || doc.HasMember("fieldType")) {
                      FakeApi::send_json(res, 400, ovh_error("Client::BadRequest", "Invalid body"));
                      return;
                  }
                  auto r = it->second;
                  if (doc.HasMember("subDomain")) r.sub = doc["subDomain"].GetString();
                  if (doc.HasMember("target")) r.target = doc["target"].GetString();
                  if (doc.HasMember("ttl")) r.ttl = doc["ttl"].GetUint();
                  if (auto error = invalid(r); !error.empty()) {
                      FakeApi::send_json(res, 400, error);
                      return;
                  }
                  it->second = r;
                  FakeApi::send_json(res, 200, "null");
              });

    api.route(
        "DELETE", zone_path + "/record/([0-9]+)",
        [this, known, find](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (!known(m, res)) return;
            auto it = find(m[2], res);
            if (it == records_.end()) return;
            records_.erase(it);
            FakeApi::send_json(res, 200, "null");
        });

    api.route("POST", zone_path + "/refresh",
              [this, known](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
                  if (!known(m, res)) return;
                  published_ = records_;
                  ++refreshes_;
                  FakeApi::send_json(res, 200, "null");
              });
}

std::int64_t FakeOvh::now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count() +
           clock_skew;
}

bool FakeOvh::signed_correctly(const httplib::Request& req) const {
    if (req.get_header_value("X-Ovh-Application") != application_key_ ||
        req.get_header_value("X-Ovh-Consumer") != consumer_key_)
        return false;
    std::int64_t timestamp = 0;
    try {
        timestamp = std::stoll(req.get_header_value("X-Ovh-Timestamp"));
    } catch (const std::exception&) {
        return false;
    }
    if (timestamp < now() - 60 || timestamp > now() + 60) return false;
    auto url = api.url() + req.target;
    return req.get_header_value("X-Ovh-Signature") ==
           providers::ovh_signature(
               {application_secret_, consumer_key_, req.method, url, req.body, timestamp});
}

std::string FakeOvh::record_json(std::int64_t id, const Record& r) const {
    return fmt::format(R"({{"id":{},"zone":{},"subDomain":{},"fieldType":{},"target":{},)"
                       R"("ttl":{}}})",
                       id, json_quote(zone_), json_quote(r.sub), json_quote(r.type),
                       json_quote(r.target), r.ttl);
}

std::set<std::string> FakeOvh::lines(const std::map<std::int64_t, Record>& records) const {
    std::set<std::string> out;
    for (const auto& [id, r] : records)
        out.insert(fmt::format("{} {} {} {}", r.sub, r.ttl, r.type, r.target));
    return out;
}

void FakeOvh::seed(const std::string& sub, const std::string& type, unsigned ttl,
                   const std::string& target) {
    std::lock_guard lock(api.mutex());
    records_[next_id_++] = {sub, type, target, ttl};
    published_ = records_;
}

std::set<std::string> FakeOvh::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    return lines(records_);
}

std::set<std::string> FakeOvh::published() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    return lines(published_);
}

int FakeOvh::refreshes() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    return refreshes_;
}

} // namespace dnsclay::test
