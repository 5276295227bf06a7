#include "tests/support/fake_desec.hpp"

#include "lib/http/json_text.hpp"

#include <fmt/core.h>
#include <rapidjson/document.h>

namespace dnsclay::test {

FakeDesec::FakeDesec(std::string zone, std::string token)
    : zone_(std::move(zone)), token_(std::move(token)) {
    api.require_header("Authorization", "Token " + token_, 401, R"({"detail":"Invalid token."})");
    api.set_error_body(500, R"({"detail":"Internal server error."})");
    std::string rrsets = "/api/v1/domains/([^/]+)/rrsets/";

    api.route(
        "GET", rrsets,
        [this](const httplib::Request& req, httplib::Response& res, const std::smatch& m) {
            if (m[1] != zone_) {
                FakeApi::send_json(res, 404, R"({"detail":"Not found."})");
                return;
            }
            std::vector<std::string> items;
            for (const auto& [key, set] : rrsets_) {
                std::string records;
                for (const auto& r : set.values)
                    records += (records.empty() ? "" : ",") + http::json_quote(r);
                items.push_back(fmt::format(
                    R"({{"domain":"{}","subname":{},"name":{},"type":"{}","ttl":{},"records":[{}],)"
                    R"("created":"2026-01-01T00:00:00Z","touched":"2026-01-01T00:00:00Z"}})",
                    zone_, http::json_quote(key.first),
                    http::json_quote((key.first.empty() ? "" : key.first + ".") + zone_ + "."),
                    key.second, set.ttl, records));
            }
            std::size_t first = 0;
            if (req.has_param("cursor") && !req.get_param_value("cursor").empty())
                first = std::stoul(req.get_param_value("cursor"));
            std::size_t last = std::min(items.size(), first + api.page_size);
            if (!req.has_param("cursor")) {
                if (items.size() > 500) {
                    FakeApi::send_json(res, 400, R"({"detail":"Pagination required."})");
                    return;
                }
                first = 0;
                last = items.size();
            } else if (last < items.size()) {
                res.set_header("Link", fmt::format("<{}/api/v1/domains/{}/rrsets/?cursor=>; "
                                                   "rel=\"first\", <{}/api/v1/domains/{}/rrsets/"
                                                   "?cursor={}>; rel=\"next\"",
                                                   api.url(), zone_, api.url(), zone_, last));
            }
            auto body = FakeApi::joined(items, first, last);
            FakeApi::send_json(res, 200, "[" + body + "]");
        });

    api.route(
        "PATCH", rrsets,
        [this](const httplib::Request& req, httplib::Response& res, const std::smatch& m) {
            if (m[1] != zone_) {
                FakeApi::send_json(res, 404, R"({"detail":"Not found."})");
                return;
            }
            rapidjson::Document doc;
            doc.Parse(req.body.c_str());
            if (doc.HasParseError() || !doc.IsArray()) {
                FakeApi::send_json(res, 400,
                                   R"({"non_field_errors":["Expected a list of items."]})");
                return;
            }
            auto next = rrsets_;
            std::vector<std::string> errors;
            bool failed = false;
            for (const auto& item : doc.GetArray()) {
                std::string subname = item["subname"].GetString(), type = item["type"].GetString();
                std::vector<std::string> records;
                for (const auto& r : item["records"].GetArray())
                    records.emplace_back(r.GetString());
                unsigned ttl = item.HasMember("ttl") ? item["ttl"].GetUint() : minimum_ttl_;
                if (!records.empty() && ttl < minimum_ttl_) {
                    errors.push_back(fmt::format(
                        R"({{"ttl":["Ensure this value is greater than or equal to {}."]}})",
                        minimum_ttl_));
                    failed = true;
                    continue;
                }
                errors.emplace_back("{}");
                if (records.empty())
                    next.erase({subname, type});
                else
                    next[{subname, type}] = {ttl, records};
            }
            if (failed) {
                FakeApi::send_json(res, 400, "[" + FakeApi::joined(errors, 0, errors.size()) + "]");
                return;
            }
            rrsets_ = std::move(next);
            FakeApi::send_json(res, 200, "[]");
        });
}

} // namespace dnsclay::test
