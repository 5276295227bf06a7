#include "tests/support/fake_hetzner.hpp"

#include "lib/http/json_text.hpp"

#include <fmt/core.h>
#include <rapidjson/document.h>

namespace dnsclay::test {
namespace {

std::string error(const std::string& code, const std::string& message) {
    return fmt::format(R"({{"error":{{"code":"{}","message":"{}","details":{{}}}}}})", code,
                       message);
}

std::vector<std::string> values_of(const rapidjson::Value& records) {
    std::vector<std::string> out;
    for (const auto& r : records.GetArray())
        out.emplace_back(r["value"].GetString());
    return out;
}

} // namespace

FakeHetzner::FakeHetzner(std::string zone, std::string token)
    : zone_(std::move(zone)), token_(std::move(token)) {
    api.require_header("Authorization", "Bearer " + token_, 401,
                       error("unauthorized", "unable to authenticate"));
    api.set_error_body(500, error("server_error", "internal server error"));
    const std::string zone_path = "/v1/zones/([^/]+)/rrsets";
    auto wrong_zone = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == zone_) return false;
        FakeApi::send_json(res, 404, error("not_found", "zone not found"));
        return true;
    };

    api.route(
        "GET", zone_path,
        [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                           const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            std::vector<std::string> items;
            for (const auto& [key, set] : rrsets_) {
                std::string records;
                for (const auto& v : set.values)
                    records += fmt::format(R"({}{{"value":{},"comment":""}})",
                                           records.empty() ? "" : ",", http::json_quote(v));
                items.push_back(
                    fmt::format(R"({{"id":"{}/{}","name":{},"type":"{}","ttl":{},"labels":{{}},)"
                                R"("protection":{{"change":false}},"records":[{}],"zone":42}})",
                                key.first, key.second, http::json_quote(key.first), key.second,
                                set.ttl == 0 ? "null" : std::to_string(set.ttl), records));
            }
            std::size_t page = req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
            auto [first, last] = api.page_bounds(items.size(), page);
            auto body = FakeApi::joined(items, first, last);
            std::size_t pages = (items.size() + api.page_size - 1) / api.page_size;
            FakeApi::send_json(
                res, 200,
                fmt::format(
                    R"({{"rrsets":[{}],"meta":{{"pagination":{{"page":{},"per_page":{},)"
                    R"("previous_page":null,"next_page":{},"last_page":{},"total_entries":{}}}}}}})",
                    body, page, api.page_size, page < pages ? std::to_string(page + 1) : "null",
                    pages, items.size()));
        });

    api.route(
        "POST", zone_path,
        [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                           const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            rapidjson::Document doc;
            doc.Parse(req.body.c_str());
            std::pair<std::string, std::string> key{doc["name"].GetString(),
                                                    doc["type"].GetString()};
            unsigned ttl = doc.HasMember("ttl") && doc["ttl"].IsUint() ? doc["ttl"].GetUint() : 0;
            if (ttl != 0 && ttl < 60) {
                FakeApi::send_json(
                    res, 422,
                    error("invalid_input", "invalid input in field 'ttl': must be at least 60"));
                return;
            }
            if (rrsets_.count(key)) {
                FakeApi::send_json(res, 409, error("uniqueness_error", "rrset already exists"));
                return;
            }
            rrsets_[key] = {ttl, values_of(doc["records"])};
            FakeApi::send_json(res, 201,
                               fmt::format(R"({{"rrset":{{"id":"{}/{}"}},"action":{}}})", key.first,
                                           key.second, action()));
        });

    const std::string one = "/v1/zones/([^/]+)/rrsets/([^/]+)/([A-Z0-9]+)";
    api.route(
        "DELETE", one,
        [this, wrong_zone](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            if (!rrsets_.erase({m[2], m[3]})) {
                FakeApi::send_json(res, 404, error("not_found", "rrset not found"));
                return;
            }
            FakeApi::send_json(res, 201, fmt::format(R"({{"action":{}}})", action()));
        });

    api.route("POST", one + "/actions/(set_records|change_ttl)",
              [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (wrong_zone(m, res)) return;
                  auto it = rrsets_.find({m[2], m[3]});
                  if (it == rrsets_.end()) {
                      FakeApi::send_json(res, 404, error("not_found", "rrset not found"));
                      return;
                  }
                  rapidjson::Document doc;
                  doc.Parse(req.body.c_str());
                  if (m[4] == "set_records")
                      it->second.values = values_of(doc["records"]);
                  else
                      it->second.ttl = doc["ttl"].GetUint();
                  FakeApi::send_json(res, 201, fmt::format(R"({{"action":{}}})", action()));
              });

    api.route("GET", "/v1/actions/([0-9]+)",
              [](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
                  FakeApi::send_json(
                      res, 200,
                      fmt::format(R"({{"action":{{"id":{},"command":"set_rrset_records",)"
                                  R"("status":"success","progress":100,"error":null}}}})",
                                  m[1].str()));
              });
}

std::string FakeHetzner::action() {
    return fmt::format(R"({{"id":{},"command":"set_rrset_records","status":"running",)"
                       R"("progress":50,"started":"2026-01-01T00:00:00Z","finished":null,)"
                       R"("resources":[{{"id":42,"type":"zone"}}],"error":null}})",
                       next_action_++);
}

} // namespace dnsclay::test
