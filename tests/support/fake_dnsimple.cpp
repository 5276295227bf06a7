#include "tests/support/fake_dnsimple.hpp"

#include "lib/http/json_text.hpp"
#include "providers/web_api.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <rapidjson/document.h>

namespace dnsclay::test {
namespace {

using http::json_quote;

const std::set<std::string> kTypes = {"A",   "AAAA",  "ALIAS", "CAA",   "CNAME", "DNSKEY",
                                      "DS",  "HINFO", "MX",    "NAPTR", "NS",    "PTR",
                                      "SPF", "SRV",   "SSHFP", "TXT",   "URL"};

std::string message(const std::string& text) {
    return fmt::format(R"({{"message":{}}})", json_quote(text));
}

} // namespace

FakeDnsimple::FakeDnsimple(std::string zone, std::string token, std::string account)
    : zone_(std::move(zone)), token_(std::move(token)), account_(std::move(account)) {
    records_.push_back({next_id_++, "", "SOA",
                        "ns1.dnsimple.com admin.dnsimple.com 1458642070 86400 7200 604800 300",
                        3600, "", true});
    records_.push_back({next_id_++, "", "NS", "ns1.dnsimple.com", 3600, "", true});
    api.require_header("Authorization", "Bearer " + token_, 401, message("Authentication failed"));
    api.set_error_body(500, message("Internal server error"));

    api.route("GET", "/v2/whoami",
              [this](const httplib::Request&, httplib::Response& res, const std::smatch&) {
                  FakeApi::send_json(res, 200,
                                     fmt::format(R"({{"data":{{"user":null,"account":{{"id":{},)"
                                                 R"("email":"example-account@example.com",)"
                                                 R"("plan_identifier":"teams-v1-monthly"}}}}}})",
                                                 account_));
              });

    const std::string zone_path = "/v2/([^/]+)/zones/([^/]+)";
    auto wrong_zone = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == account_ && m[2] == zone_) return false;
        FakeApi::send_json(res, 404,
                           message(m[1] != account_ ? "Account `" + m[1].str() + "` not found"
                                                    : "Zone `" + m[2].str() + "` not found"));
        return true;
    };

    api.route("GET", zone_path + "/records",
              [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (wrong_zone(m, res)) return;
                  std::vector<const Rec*> match;
                  for (const auto& r : records_)
                      if ((!req.has_param("name") || req.get_param_value("name") == r.name) &&
                          (!req.has_param("type") || req.get_param_value("type") == r.type))
                          match.push_back(&r);
                  std::size_t page =
                      req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
                  auto size = api.asked_page_size(req, "per_page");
                  auto [first, last] = api.page_bounds(match.size(), page, size);
                  std::string data;
                  for (auto i = first; i < last; ++i)
                      data += (data.empty() ? "" : ",") + json(*match[i]);
                  FakeApi::send_json(
                      res, 200,
                      fmt::format(R"({{"data":[{}],"pagination":{{"current_page":{},)"
                                  R"("per_page":{},"total_entries":{},"total_pages":{}}}}})",
                                  data, page, size, match.size(),
                                  std::max<std::size_t>(1, (match.size() + size - 1) / size)));
              });

    api.route(
        "POST", zone_path + "/batch",
        [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                           const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            rapidjson::Document doc;
            doc.Parse(req.body.c_str());
            if (doc.HasParseError() || !doc.IsObject()) {
                FakeApi::send_json(res, 400, message("Invalid JSON body"));
                return;
            }
            auto next = records_; // applied only if every part is valid
            std::string errors;   // "part":[{"index":i,...}] entries
            auto refuse = [&](const char* part, std::size_t index, const std::string& field,
                              const std::string& why) {
                errors += fmt::format(
                    R"({}"{}":[{{"index":{},"message":"Validation failed","errors":{{"{}":[{}]}}}}])",
                    errors.empty() ? "" : ",", part, index, field, json_quote(why));
            };
            auto find = [&](const rapidjson::Value& item) {
                auto id = providers::member_text(item, "id");
                return std::find_if(next.begin(), next.end(),
                                    [&](const Rec& r) { return std::to_string(r.id) == id; });
            };
            auto list = [&](const char* key) -> rapidjson::Value::ConstArray {
                static const rapidjson::Value empty(rapidjson::kArrayType);
                const rapidjson::Value& body = doc;
                return body.HasMember(key) && body[key].IsArray() ? body[key].GetArray()
                                                                  : empty.GetArray();
            };
            auto check_ttl = [&](const Rec& r, const char* part, std::size_t i) {
                if (r.ttl >= 60) return true;
                refuse(part, i, "ttl", "must be greater than or equal to 60");
                return false;
            };
            std::size_t i = 0;
            std::string deleted;
            for (const auto& d : list("deletes")) {
                auto it = find(d);
                if (it == next.end() || it->system)
                    refuse("deletes", i, "id",
                           it == next.end() ? "not found" : "system records cannot be deleted");
                else {
                    deleted += fmt::format(R"({}{{"id":{}}})", deleted.empty() ? "" : ",", it->id);
                    next.erase(it);
                }
                ++i;
            }
            std::string updated, created;
            i = 0;
            for (const auto& u : list("updates")) {
                auto it = find(u);
                if (it == next.end() || it->system) {
                    refuse("updates", i++, "id", "not found");
                    continue;
                }
                if (u.HasMember("ttl") && u["ttl"].IsUint()) it->ttl = u["ttl"].GetUint();
                if (u.HasMember("content")) it->content = providers::member_text(u, "content");
                if (check_ttl(*it, "updates", i))
                    updated += (updated.empty() ? "" : ",") + json(*it);
                ++i;
            }
            i = 0;
            for (const auto& c : list("creates")) {
                Rec r{next_id_++,
                      providers::member_text(c, "name"),
                      providers::member_text(c, "type"),
                      providers::member_text(c, "content"),
                      c.HasMember("ttl") && c["ttl"].IsUint() ? c["ttl"].GetUint() : 3600,
                      providers::member_text(c, "priority"),
                      false};
                if (!kTypes.count(r.type))
                    refuse("creates", i, "record_type", "unsupported");
                else if (r.content.empty())
                    refuse("creates", i, "content", "can't be blank");
                else if ((r.type == "MX" || r.type == "SRV") && r.priority.empty())
                    refuse("creates", i, "priority", "can't be blank");
                else if (check_ttl(r, "creates", i)) {
                    next.push_back(r);
                    created += (created.empty() ? "" : ",") + json(r);
                }
                ++i;
            }
            if (!errors.empty()) {
                FakeApi::send_json(
                    res, 400,
                    fmt::format(R"({{"message":"Validation failed","errors":{{{}}}}})", errors));
                return;
            }
            records_ = std::move(next);
            FakeApi::send_json(res, 200,
                               fmt::format(R"({{"data":{{"creates":[{}],"updates":[{}],)"
                                           R"("deletes":[{}]}}}})",
                                           created, updated, deleted));
        });
}

std::string FakeDnsimple::json(const Rec& r) const {
    return fmt::format(R"({{"id":{},"zone_id":{},"parent_id":null,"name":{},"content":{},)"
                       R"("ttl":{},"priority":{},"type":"{}","regions":["global"],)"
                       R"("system_record":{},"created_at":"2026-01-01T00:00:00Z",)"
                       R"("updated_at":"2026-01-01T00:00:00Z"}})",
                       r.id, json_quote(zone_), json_quote(r.name), json_quote(r.content), r.ttl,
                       r.priority.empty() ? "null" : r.priority, r.type,
                       r.system ? "true" : "false");
}

void FakeDnsimple::seed(const std::string& name, const std::string& type,
                        const std::string& content, unsigned ttl, const std::string& priority) {
    std::lock_guard lock(api.mutex());
    records_.push_back({next_id_++, name, type, content, ttl, priority, false});
}

void FakeDnsimple::remove(const std::string& name, const std::string& type) {
    std::lock_guard lock(api.mutex());
    std::erase_if(records_,
                  [&](const Rec& r) { return !r.system && r.name == name && r.type == type; });
}

std::set<std::string> FakeDnsimple::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    std::set<std::string> out;
    for (const auto& r : records_)
        if (!r.system)
            out.insert(fmt::format("{} {} {} {}{}", r.name, r.ttl, r.type,
                                   r.priority.empty() ? "" : r.priority + " ", r.content));
    return out;
}

} // namespace dnsclay::test
