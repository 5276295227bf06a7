#include "tests/support/fake_digitalocean.hpp"

#include "lib/http/json_text.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::test {
namespace {

using providers::member_text;

// DigitalOcean's error body: its error id for `status`, and the message.
std::string error(int status, const std::string& message) {
    const char* id = status == 401   ? "unauthorized"
                     : status == 404 ? "not_found"
                     : status == 422 ? "unprocessable_entity"
                     : status == 500 ? "server_error"
                                     : "bad_request";
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
    api.require_header("Authorization", "Bearer " + token_, 401,
                       error(401, "Unable to authenticate you."));
    api.set_error_body(500, error(500, "Server was unable to give you a response."));
    const std::string records = "/v2/domains/([^/]+)/records";
    auto wrong_zone = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == zone_) return false;
        FakeApi::send_json(res, 404, error(404, "The resource you requested could not be found."));
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
            auto body = FakeApi::joined(items, first, last);
            std::string links = "{}";
            if (last < items.size())
                links = fmt::format(R"({{"pages":{{"next":"{}/v2/domains/{}/records?page={}"}}}})",
                                    api.url(), zone_, page + 1);
            FakeApi::send_json(
                res, 200,
                fmt::format(R"({{"domain_records":[{}],"links":{},"meta":{{"total":{}}}}})", body,
                            links, items.size()));
        });

    add_record_routes(api, records_,
                      {.records = records,
                       .id_pattern = "([0-9]+)",
                       .update_methods = {"PUT", "PATCH"},
                       .wrong_zone = wrong_zone,
                       .refusal = invalid,
                       .refused_status = 422,
                       .error = error,
                       .not_json = "The body is not JSON.",
                       .not_found = "The resource you requested could not be found.",
                       .next_id = [this] { return std::to_string(next_id_++); },
                       .wrapper = "domain_record"});
}

void FakeDigitalOcean::seed(const std::string& type, const std::string& name,
                            const std::string& data, unsigned ttl, const std::string& extra) {
    std::lock_guard lock(api.mutex());
    seed_record(records_, std::to_string(next_id_++), true,
                fmt::format(R"("type":"{}","name":{},"data":{},"ttl":{}{})", type,
                            http::json_quote(name), http::json_quote(data), ttl,
                            extra.empty() ? "" : "," + extra));
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
