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
    api.require_header("Authorization", "Bearer " + token_, 401, error(401, "Invalid API token."));
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
            auto body = records_.joined(first, last);
            FakeApi::send_json(
                res, 200,
                fmt::format(
                    R"({{"records":[{}],"meta":{{"total":{},"links":{{"next":"{}","prev":""}}}}}})",
                    body, all.size(), last < all.size() ? fmt::format("cur_{}", last) : ""));
        });

    add_record_routes(api, records_,
                      {.records = records,
                       .id_pattern = "([0-9a-f-]+)",
                       .update_methods = {"PATCH"},
                       .wrong_zone = wrong_zone,
                       .refusal = invalid,
                       .error = error,
                       .not_json = "Invalid JSON body.",
                       .not_found = "Invalid record.",
                       .next_id = [this] { return next_id(); },
                       .numeric_ids = false,
                       .wrapper = "record",
                       .update_answers_nothing = true});
}

std::string FakeVultr::next_id() {
    ++counter_;
    return fmt::format("{:08x}-66fd-4dfb-b839-{:012x}", 0xcb676a46u + counter_, counter_);
}

void FakeVultr::seed(const std::string& type, const std::string& name, const std::string& data,
                     unsigned ttl, unsigned priority) {
    std::lock_guard lock(api.mutex());
    seed_record(records_, next_id(), false,
                fmt::format(R"("type":"{}","name":{},"data":{},"priority":{},"ttl":{})", type,
                            http::json_quote(name), http::json_quote(data), priority, ttl));
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
