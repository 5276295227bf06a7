#include "tests/support/fake_linode.hpp"

#include "lib/http/json_text.hpp"
#include "providers/web_api.hpp"

#include <array>
#include <fmt/core.h>

namespace dnsclay::test {
namespace {

using providers::member_text;

std::string error(const std::string& reason, const std::string& field = "") {
    return fmt::format(R"({{"errors":[{{"reason":{}{}}}]}})", http::json_quote(reason),
                       field.empty() ? "" : R"(,"field":)" + http::json_quote(field));
}

// Linode's TTL steps: any other TTL is rounded up to the next (0: the domain's default).
unsigned rounded_ttl(unsigned ttl) {
    static constexpr std::array<unsigned, 14> kSteps = {30,     120,    300,     3600,   7200,
                                                        14400,  28800,  57600,   86400,  172800,
                                                        345600, 604800, 1209600, 2419200};
    if (ttl == 0) return 0;
    for (auto step : kSteps)
        if (ttl <= step) return step;
    return kSteps.back();
}

std::string without_underscore(std::string label) {
    if (!label.empty() && label.front() == '_') label.erase(0, 1);
    return label;
}

// The record as Linode stores it, or the reason it refuses it.
std::string normalise(rapidjson::Document& r) {
    if (!r.IsObject()) return "Invalid JSON";
    auto type = member_text(r, "type");
    if (type.empty()) return "type is required";
    if (member_text(r, "target").empty()) return "target is required";
    auto& a = r.GetAllocator();
    auto set = [&](const char* name, rapidjson::Value v) {
        r.RemoveMember(name);
        r.AddMember(rapidjson::Value(name, a), v, a);
    };
    if (type == "SRV") {
        auto service = without_underscore(member_text(r, "service"));
        auto protocol = without_underscore(member_text(r, "protocol"));
        if (service.empty() || protocol.empty()) return "service and protocol are required";
        auto name = member_text(r, "name");
        if (name.rfind("_" + service + "._" + protocol, 0) != 0) {
            auto derived =
                fmt::format("_{}._{}{}", service, protocol, name.empty() ? "" : "." + name);
            set("name", rapidjson::Value(derived.c_str(), a));
        }
        set("service", rapidjson::Value(("_" + service).c_str(), a));
        set("protocol", rapidjson::Value(("_" + protocol).c_str(), a));
    }
    if (type == "CAA" && member_text(r, "tag").empty()) return "tag is required";
    auto ttl = member_text(r, "ttl_sec");
    set("ttl_sec", rapidjson::Value(rounded_ttl(ttl.empty() ? 0 : std::stoul(ttl))));
    return "";
}

} // namespace

FakeLinode::FakeLinode(std::string zone, std::string token)
    : zone_(std::move(zone)), token_(std::move(token)) {
    api.require_header("Authorization", "Bearer " + token_, 401, error("Invalid Token"));
    api.set_error_body(500, error("Please try again"));

    api.route(
        "GET", "/v4/domains",
        [this](const httplib::Request& req, httplib::Response& res, const std::smatch&) {
            // Two other domains of the account first, so the lookup has to page.
            std::vector<std::string> items = {
                R"({"id":1201,"domain":"alpha.test","type":"master","status":"active","ttl_sec":0})",
                R"({"id":1202,"domain":"beta.test","type":"master","status":"active","ttl_sec":0})",
                fmt::format(R"({{"id":{},"domain":"{}","type":"master","status":"active",)"
                            R"("soa_email":"hostmaster@{}","ttl_sec":0}})",
                            kDomainId, zone_, zone_)};
            std::size_t page = req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
            auto [first, last] = api.page_bounds(items.size(), page);
            auto body = FakeApi::joined(items, first, last);
            std::size_t pages = (items.size() + api.page_size - 1) / api.page_size;
            FakeApi::send_json(res, 200,
                               fmt::format(R"({{"data":[{}],"page":{},"pages":{},"results":{}}})",
                                           body, page, pages, items.size()));
        });

    const std::string records = "/v4/domains/([0-9]+)/records";
    auto wrong_domain = [](const std::smatch& m, httplib::Response& res) {
        if (m[1] == std::to_string(kDomainId)) return false;
        FakeApi::send_json(res, 404, error("Not found"));
        return true;
    };

    api.route(
        "GET", records,
        [this, wrong_domain](const httplib::Request& req, httplib::Response& res,
                             const std::smatch& m) {
            if (wrong_domain(m, res)) return;
            auto all = records_.all();
            std::size_t page = req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
            auto [first, last] = api.page_bounds(all.size(), page);
            auto body = records_.joined(first, last);
            std::size_t pages =
                std::max<std::size_t>(1, (all.size() + api.page_size - 1) / api.page_size);
            FakeApi::send_json(res, 200,
                               fmt::format(R"({{"data":[{}],"page":{},"pages":{},"results":{}}})",
                                           body, page, pages, all.size()));
        });

    add_record_routes(api, records_,
                      {.records = records,
                       .id_pattern = "([0-9]+)",
                       .update_methods = {"PUT"},
                       .wrong_zone = wrong_domain,
                       .refusal = normalise,
                       .error = [](int, const std::string& message) { return error(message); },
                       .not_json = "Invalid JSON",
                       .not_found = "Not found",
                       .next_id = [this] { return std::to_string(next_id_++); },
                       .created_status = 200,
                       .delete_answers_nothing = false});
}

void FakeLinode::seed(const std::string& type, const std::string& name, const std::string& target,
                      unsigned ttl, const std::string& extra) {
    std::lock_guard lock(api.mutex());
    seed_record(records_, std::to_string(next_id_++), true,
                fmt::format(R"("type":"{}","name":{},"target":{},"ttl_sec":{}{})", type,
                            http::json_quote(name), http::json_quote(target), ttl,
                            extra.empty() ? "" : "," + extra));
}

std::set<std::string> FakeLinode::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    std::set<std::string> out;
    for (const auto* r : records_.all()) {
        auto type = member_text(*r, "type");
        std::string fields;
        if (type == "MX") fields = member_text(*r, "priority") + " ";
        if (type == "SRV")
            fields = fmt::format("{} {} {} ", member_text(*r, "priority"),
                                 member_text(*r, "weight"), member_text(*r, "port"));
        if (type == "CAA") fields = member_text(*r, "tag") + " ";
        out.insert(fmt::format("{} {} {} {}{}", member_text(*r, "name"), member_text(*r, "ttl_sec"),
                               type, fields, member_text(*r, "target")));
    }
    return out;
}

} // namespace dnsclay::test
