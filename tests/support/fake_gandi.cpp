#include "tests/support/fake_gandi.hpp"

#include "lib/http/json_text.hpp"

#include <fmt/core.h>
#include <rapidjson/document.h>

namespace dnsclay::test {
namespace {

using http::json_quote;

std::string gandi_error(int code, const std::string& message, const std::string& cause) {
    return fmt::format(R"({{"code":{},"message":{},"object":"HTTP{}","cause":{}}})", code,
                       json_quote(message), cause, json_quote(cause));
}

std::string validation_error(const std::string& name, const std::string& description) {
    return fmt::format(
        R"({{"status":"error","errors":[{{"location":"body","name":{},"description":{}}}]}})",
        json_quote(name), json_quote(description));
}

} // namespace

FakeGandi::FakeGandi(std::string zone, std::string token)
    : zone_(std::move(zone)), token_(std::move(token)) {
    api.require_header(
        "Authorization", "Bearer " + token_, 401,
        gandi_error(401,
                    "The server could not verify that you authorized to access the document "
                    "you requested.",
                    "Unauthorized"));
    api.set_error_body(500, gandi_error(500, "Internal Server Error", "InternalServerError"));
    const std::string records = "/v5/livedns/domains/([^/]+)/records";
    auto wrong_zone = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == zone_) return false;
        FakeApi::send_json(res, 404,
                           gandi_error(404, "The resource could not be found.", "Not Found"));
        return true;
    };

    api.route("GET", records,
              [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (wrong_zone(m, res)) return;
                  std::size_t page =
                      req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
                  auto [first, last] =
                      api.page_bounds(rrsets_.size(), page, api.asked_page_size(req, "per_page"));
                  std::string body;
                  auto it = std::next(rrsets_.begin(), static_cast<long>(first));
                  for (auto i = first; i < last; ++i, ++it) {
                      const auto& [key, set] = *it;
                      std::string values;
                      for (const auto& v : set.values)
                          values += (values.empty() ? "" : ",") + json_quote(v);
                      body +=
                          fmt::format(R"({}{{"rrset_name":{},"rrset_type":"{}","rrset_ttl":{},)"
                                      R"("rrset_href":"{}/v5/livedns/domains/{}/records/{}/{}",)"
                                      R"("rrset_values":[{}]}})",
                                      body.empty() ? "" : ",", json_quote(key.first), key.second,
                                      set.ttl, api.url(), zone_, key.first, key.second, values);
                  }
                  res.set_header("Total-Count", std::to_string(rrsets_.size()));
                  FakeApi::send_json(res, 200, "[" + body + "]");
              });

    api.route(
        "PUT", records + "/([^/]+)/([A-Z0-9]+)",
        [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                           const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            rapidjson::Document doc;
            doc.Parse(req.body.c_str());
            if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("rrset_values") ||
                !doc["rrset_values"].IsArray() || doc["rrset_values"].Empty()) {
                FakeApi::send_json(
                    res, 400, validation_error("rrset_values", "Missing data for required field."));
                return;
            }
            unsigned ttl = doc.HasMember("rrset_ttl") && doc["rrset_ttl"].IsUint()
                               ? doc["rrset_ttl"].GetUint()
                               : 10800;
            if (ttl < 300 || ttl > 2592000) {
                auto why = ttl < 300 ? "is less than minimum value 300"
                                     : "is greater than maximum value 2592000";
                FakeApi::send_json(res, 400,
                                   validation_error("rrset_ttl", fmt::format("{} {}", ttl, why)));
                return;
            }
            FakeRRset set{ttl, {}};
            for (const auto& v : doc["rrset_values"].GetArray())
                set.values.emplace_back(v.GetString());
            bool existed = rrsets_.count({m[2], m[3]}) > 0;
            rrsets_[{m[2], m[3]}] = std::move(set);
            FakeApi::send_json(res, existed ? 200 : 201, R"({"message":"DNS Record Created"})");
        });

    api.route(
        "DELETE", records + "/([^/]+)/([A-Z0-9]+)",
        [this, wrong_zone](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            if (rrsets_.erase({m[2], m[3]}) == 0) {
                FakeApi::send_json(
                    res, 404, gandi_error(404, "The resource could not be found.", "Not Found"));
                return;
            }
            res.status = 204;
        });
}

} // namespace dnsclay::test
