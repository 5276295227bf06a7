#include "tests/support/fake_digitalocean.hpp"

#include "lib/http/json_text.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::test {
namespace {

using providers::member_text;

std::string error(const std::string& id, const std::string& message) {
    return fmt::format(
        R"({{"id":"{}","message":{},"request_id":"4d9d8375-3c56-4925-a3e7-eb137fed17e9"}})", id,
        http::json_quote(message));
}

bool host_data(const std::string& type) {
    return type == "CNAME" || type == "MX" || type == "NS" || type == "SRV";
}

// Why DigitalOcean would refuse the record, "" if it would not.
std::string invalid(const rapidjson::Value& r) {
    if (!r.IsObject()) return "The request body is not a JSON object.";
    auto type = member_text(r, "type"), data = member_text(r, "data");
    if (type.empty() || member_text(r, "name").empty()) return "Name and type are required.";
    auto ttl = member_text(r, "ttl");
    if (!ttl.empty() && std::stol(ttl) < 30) return "Ttl must be at least 30.";
    if (host_data(type) && data != "@" && (data.empty() || data.back() != '.'))
        return "Data needs to end with a dot (.)";
    return "";
}

} // namespace

FakeDigitalOcean::FakeDigitalOcean(std::string zone, std::string token)
    : zone_(std::move(zone)), token_(std::move(token)) {
    api.require_auth(
        [this](const httplib::Request& req) {
            return req.get_header_value("Authorization") == "Bearer " + token_;
        },
        401, error("unauthorized", "Unable to authenticate you."));
    api.set_error_body(500, error("server_error", "Server was unable to give you a response."));
    const std::string records = "/v2/domains/([^/]+)/records";
    auto wrong_zone = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == zone_) return false;
        FakeApi::send_json(res, 404,
                           error("not_found", "The resource you requested could not be found."));
        return true;
    };

    api.route(
        "GET", records,
        [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                           const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            auto name = req.get_param_value("name"), type = req.get_param_value("type");
            std::vector<std::string> items;
            for (const auto* r : records_.all()) {
                auto rel = member_text(*r, "name");
                auto full = rel == "@" ? zone_ : rel + "." + zone_;
                if ((name.empty() || name == full) &&
                    (type.empty() || type == member_text(*r, "type")))
                    items.push_back(FakeRecords::json(*r));
            }
            std::size_t page = req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
            auto [first, last] = api.page_bounds(items.size(), page);
            std::string body;
            for (auto i = first; i < last; ++i)
                body += (body.empty() ? "" : ",") + items[i];
            std::string links = "{}";
            if (last < items.size())
                links = fmt::format(R"({{"pages":{{"next":"{}/v2/domains/{}/records?page={}"}}}})",
                                    api.url(), zone_, page + 1);
            FakeApi::send_json(
                res, 200,
                fmt::format(R"({{"domain_records":[{}],"links":{},"meta":{{"total":{}}}}})", body,
                            links, items.size()));
        });

    api.route("POST", records,
              [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (wrong_zone(m, res)) return;
                  auto doc = parse_body(req.body);
                  if (auto why = invalid(doc); !why.empty()) {
                      FakeApi::send_json(res, 422, error("unprocessable_entity", why));
                      return;
                  }
                  auto id = next_id_++;
                  doc.RemoveMember("id");
                  doc.AddMember("id", rapidjson::Value(static_cast<int64_t>(id)),
                                doc.GetAllocator());
                  FakeApi::send_json(res, 201,
                                     fmt::format(R"({{"domain_record":{}}})",
                                                 records_.insert(std::to_string(id), doc)));
              });

    auto update = [this, wrong_zone](const httplib::Request& req, httplib::Response& res,
                                     const std::smatch& m) {
        if (wrong_zone(m, res)) return;
        auto doc = parse_body(req.body);
        if (!doc.IsObject()) {
            FakeApi::send_json(res, 400, error("bad_request", "The body is not JSON."));
            return;
        }
        doc.RemoveMember("id");
        auto changed = records_.merged(m[2], doc);
        if (changed.IsNull()) {
            FakeApi::send_json(
                res, 404, error("not_found", "The resource you requested could not be found."));
            return;
        }
        if (auto why = invalid(changed); !why.empty()) {
            FakeApi::send_json(res, 422, error("unprocessable_entity", why));
            return;
        }
        auto stored = records_.replace(m[2], changed);
        FakeApi::send_json(res, 200, fmt::format(R"({{"domain_record":{}}})", stored));
    };
    api.route("PUT", records + "/([0-9]+)", update);
    api.route("PATCH", records + "/([0-9]+)", update);

    api.route(
        "DELETE", records + "/([0-9]+)",
        [this, wrong_zone](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
            if (wrong_zone(m, res)) return;
            if (!records_.erase(m[2])) {
                FakeApi::send_json(
                    res, 404, error("not_found", "The resource you requested could not be found."));
                return;
            }
            res.status = 204;
        });
}

void FakeDigitalOcean::seed(const std::string& type, const std::string& name,
                            const std::string& data, unsigned ttl, const std::string& extra) {
    std::lock_guard lock(api.mutex());
    auto id = next_id_++;
    auto doc = parse_body(fmt::format(R"({{"id":{},"type":"{}","name":{},"data":{},"ttl":{}{}}})",
                                      id, type, http::json_quote(name), http::json_quote(data), ttl,
                                      extra.empty() ? "" : "," + extra));
    records_.insert(std::to_string(id), doc);
}

std::set<std::string> FakeDigitalOcean::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    std::set<std::string> out;
    for (const auto* r : records_.all()) {
        auto type = member_text(*r, "type");
        std::string fields;
        if (type == "MX") fields = member_text(*r, "priority") + " ";
        if (type == "SRV")
            fields = fmt::format("{} {} {} ", member_text(*r, "priority"),
                                 member_text(*r, "weight"), member_text(*r, "port"));
        if (type == "CAA")
            fields = fmt::format("{} {} ", member_text(*r, "flags"), member_text(*r, "tag"));
        out.insert(fmt::format("{} {} {} {}{}", member_text(*r, "name"), member_text(*r, "ttl"),
                               type, fields, member_text(*r, "data")));
    }
    return out;
}

} // namespace dnsclay::test
