#include "tests/support/fake_vultr.hpp"

#include "lib/http/json_text.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::test {
namespace {

using providers::member_text;

std::string error(int status, const std::string& message) {
    return fmt::format(R"({{"error":{},"status":{}}})", http::json_quote(message), status);
}

// Why Vultr would refuse the record, "" if it would not.
std::string invalid(const rapidjson::Value& r) {
    if (!r.IsObject()) return "Invalid JSON body.";
    auto type = member_text(r, "type"), data = member_text(r, "data");
    if (type.empty() || data.empty()) return "Unable to add record: type and data are required";
    if ((type == "MX" || type == "SRV") && member_text(r, "priority").empty())
        return "Unable to add record: priority is required";
    if (type == "TXT") {
        bool quoted = data.size() >= 2 && data.front() == '"' && data.back() == '"';
        for (std::size_t i = 1; quoted && i + 1 < data.size(); ++i) {
            if (data[i] == '\\')
                ++i;
            else if (data[i] == '"')
                quoted = false;
        }
        if (!quoted) return "Unable to add record: Record data must be enclosed in quotes";
    }
    return "";
}

} // namespace

FakeVultr::FakeVultr(std::string zone, std::string token)
    : zone_(std::move(zone)), token_(std::move(token)) {
    api.require_auth(
        [this](const httplib::Request& req) {
            return req.get_header_value("Authorization") == "Bearer " + token_;
        },
        401, error(401, "Invalid API token."));
    api.set_error_body(500, error(500, "Internal server error."));
    const std::string records = "/v2/domains/([^/]+)/records";
    auto wrong_zone = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == zone_) return false;
        FakeApi::send_json(res, 404, error(404, "Invalid domain."));
        return true;
    };

    api.route(
        "GET", records,
        [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                           const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            auto all = records_.all();
            std::size_t first = 0;
            auto cursor = req.get_param_value("cursor");
            if (!cursor.empty()) {
                if (cursor.rfind("cur_", 0) != 0) {
                    FakeApi::send_json(res, 400, error(400, "Invalid cursor."));
                    return;
                }
                first = std::stoul(cursor.substr(4));
            }
            auto last = std::min(all.size(), first + api.page_size);
            std::string body;
            for (auto i = first; i < last; ++i)
                body += (body.empty() ? "" : ",") + FakeRecords::json(*all[i]);
            FakeApi::send_json(
                res, 200,
                fmt::format(
                    R"({{"records":[{}],"meta":{{"total":{},"links":{{"next":"{}","prev":""}}}}}})",
                    body, all.size(), last < all.size() ? fmt::format("cur_{}", last) : ""));
        });

    api.route("POST", records,
              [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (wrong_zone(m, res)) return;
                  auto doc = parse_body(req.body);
                  if (auto why = invalid(doc); !why.empty()) {
                      FakeApi::send_json(res, 400, error(400, why));
                      return;
                  }
                  auto id = next_id();
                  doc.RemoveMember("id");
                  doc.AddMember("id", rapidjson::Value(id.c_str(), doc.GetAllocator()),
                                doc.GetAllocator());
                  FakeApi::send_json(res, 201,
                                     fmt::format(R"({{"record":{}}})", records_.insert(id, doc)));
              });

    const std::string one = records + "/([0-9a-f-]+)";
    api.route("PATCH", one,
              [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (wrong_zone(m, res)) return;
                  auto doc = parse_body(req.body);
                  if (!doc.IsObject()) {
                      FakeApi::send_json(res, 400, error(400, "Invalid JSON body."));
                      return;
                  }
                  doc.RemoveMember("id");
                  auto changed = records_.merged(m[2], doc);
                  if (changed.IsNull()) {
                      FakeApi::send_json(res, 404, error(404, "Invalid record."));
                      return;
                  }
                  if (auto why = invalid(changed); !why.empty()) {
                      FakeApi::send_json(res, 400, error(400, why));
                      return;
                  }
                  records_.replace(m[2], changed);
                  res.status = 204;
              });

    api.route(
        "DELETE", one,
        [this, wrong_zone](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            if (!records_.erase(m[2])) {
                FakeApi::send_json(res, 404, error(404, "Invalid record."));
                return;
            }
            res.status = 204;
        });
}

std::string FakeVultr::next_id() {
    ++counter_;
    return fmt::format("{:08x}-66fd-4dfb-b839-{:012x}", 0xcb676a46u + counter_, counter_);
}

void FakeVultr::seed(const std::string& type, const std::string& name, const std::string& data,
                     unsigned ttl, unsigned priority) {
    std::lock_guard lock(api.mutex());
    auto id = next_id();
    auto doc = parse_body(
        fmt::format(R"({{"id":"{}","type":"{}","name":{},"data":{},"priority":{},"ttl":{}}})", id,
                    type, http::json_quote(name), http::json_quote(data), priority, ttl));
    records_.insert(id, doc);
}

std::set<std::string> FakeVultr::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    std::set<std::string> out;
    for (const auto* r : records_.all()) {
        auto type = member_text(*r, "type");
        bool prio = type == "MX" || type == "SRV";
        out.insert(fmt::format("{} {} {} {}{}", member_text(*r, "name"), member_text(*r, "ttl"),
                               type, prio ? member_text(*r, "priority") + " " : "",
                               member_text(*r, "data")));
    }
    return out;
}

} // namespace dnsclay::test
