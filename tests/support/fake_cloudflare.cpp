#include "tests/support/fake_cloudflare.hpp"

#include <fmt/core.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dnsclay::test {
namespace {

std::string dump(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return buf.GetString();
}

std::string str(const rapidjson::Value& o, const char* key) {
    if (!o.IsObject() || !o.HasMember(key)) return "";
    const auto& v = o[key];
    if (v.IsString()) return v.GetString();
    if (v.IsNumber()) return std::to_string(v.GetInt64());
    return "";
}

std::string error_body(int code, const std::string& message, const std::string& chain = "") {
    return fmt::format(
        R"({{"success":false,"errors":[{{"code":{},"message":"{}"{}}}],)"
        R"("messages":[],"result":null}})",
        code, message,
        chain.empty() ? ""
                      : fmt::format(R"(,"error_chain":[{{"code":9021,"message":"{}"}}])", chain));
}

} // namespace

FakeCloudflare::FakeCloudflare(std::string zone, std::string token)
    : zone_(std::move(zone)), token_(std::move(token)),
      zone_id_("9a7806061c88ada191ed06f989cc3dac") {
    api.require_header("Authorization", "Bearer " + token_, 403,
                       error_body(10000, "Authentication error"));
    api.set_error_body(500, error_body(10001, "Internal server error"));

    api.route(
        "GET", "/client/v4/zones",
        [this](const httplib::Request& req, httplib::Response& res, const std::smatch&) {
            std::string result;
            if (req.get_param_value("name") == zone_)
                result =
                    fmt::format(R"({{"id":"{}","name":"{}","status":"active"}})", zone_id_, zone_);
            FakeApi::send_json(
                res, 200,
                fmt::format(
                    R"({{"success":true,"errors":[],"messages":[],"result":[{}],)"
                    R"("result_info":{{"page":1,"per_page":50,"count":{},"total_count":{},"total_pages":1}}}})",
                    result, result.empty() ? 0 : 1, result.empty() ? 0 : 1));
        });

    api.route(
        "GET", "/client/v4/zones/([0-9a-f]+)/dns_records",
        [this](const httplib::Request& req, httplib::Response& res, const std::smatch& m) {
            if (m[1] != zone_id_) {
                FakeApi::send_json(
                    res, 404,
                    error_body(
                        7003,
                        "Could not route to /zones, perhaps your object identifier is invalid?"));
                return;
            }
            std::vector<const Rec*> match;
            for (const auto& r : records_)
                if ((!req.has_param("name") || req.get_param_value("name") == r.name) &&
                    (!req.has_param("type") || req.get_param_value("type") == r.type))
                    match.push_back(&r);
            std::size_t page = req.has_param("page") ? std::stoul(req.get_param_value("page")) : 1;
            auto [first, last] = api.page_bounds(match.size(), page);
            std::string items;
            for (auto i = first; i < last; ++i)
                items += (items.empty() ? "" : ",") + json(*match[i]);
            std::size_t pages = (match.size() + api.page_size - 1) / api.page_size;
            FakeApi::send_json(
                res, 200,
                fmt::format(
                    R"({{"success":true,"errors":[],"messages":[],"result":[{}],)"
                    R"("result_info":{{"page":{},"per_page":{},"count":{},"total_count":{},"total_pages":{}}}}})",
                    items, page, api.page_size, last - first, match.size(), pages));
        });

    api.route(
        "POST", "/client/v4/zones/([0-9a-f]+)/dns_records/batch",
        [this](const httplib::Request& req, httplib::Response& res, const std::smatch&) {
            rapidjson::Document doc;
            doc.Parse(req.body.c_str());
            if (doc.HasParseError() || !doc.IsObject()) {
                FakeApi::send_json(res, 400, error_body(6007, "Malformed JSON in request body"));
                return;
            }
            auto next = records_; // applied only if every part is valid
            auto list = [&](const char* key) -> std::vector<const rapidjson::Value*> {
                std::vector<const rapidjson::Value*> out;
                if (doc.HasMember(key) && doc[key].IsArray())
                    for (const auto& v : doc[key].GetArray())
                        out.push_back(&v);
                return out;
            };
            auto find = [&](const std::string& id) {
                return std::find_if(next.begin(), next.end(),
                                    [&](const Rec& r) { return r.id == id; });
            };
            auto bad_ttl = [](unsigned ttl) { return ttl != 1 && (ttl < 60 || ttl > 86400); };
            for (const auto* d : list("deletes")) {
                auto it = find(str(*d, "id"));
                if (it == next.end()) {
                    FakeApi::send_json(res, 400, error_body(81044, "Record does not exist."));
                    return;
                }
                next.erase(it);
            }
            for (const auto* p : list("patches")) {
                auto it = find(str(*p, "id"));
                if (it == next.end()) {
                    FakeApi::send_json(res, 400, error_body(81044, "Record does not exist."));
                    return;
                }
                if (p->HasMember("ttl")) it->ttl = static_cast<unsigned>((*p)["ttl"].GetInt());
                if (bad_ttl(it->ttl)) {
                    FakeApi::send_json(
                        res, 400,
                        error_body(
                            1004, "DNS Validation Error",
                            "TTL must be between 60 and 86400 seconds, or 1 for Automatic."));
                    return;
                }
            }
            for (const auto* p : list("posts")) {
                Rec r;
                r.id = next_id();
                r.type = str(*p, "type");
                r.name = str(*p, "name");
                r.ttl = p->HasMember("ttl") ? static_cast<unsigned>((*p)["ttl"].GetInt()) : 1;
                if (bad_ttl(r.ttl)) {
                    FakeApi::send_json(
                        res, 400,
                        error_body(
                            1004, "DNS Validation Error",
                            "TTL must be between 60 and 86400 seconds, or 1 for Automatic."));
                    return;
                }
                r.content = str(*p, "content");
                if (p->HasMember("priority")) r.extra = R"("priority":)" + dump((*p)["priority"]);
                if (p->HasMember("data")) {
                    const auto& data = (*p)["data"];
                    r.extra = R"("data":)" + dump(data);
                    // Cloudflare's content for structured types, as it reads back
                    if (r.type == "SRV")
                        r.content = fmt::format("{} {} {}", str(data, "weight"), str(data, "port"),
                                                str(data, "target"));
                    else if (r.type == "CAA")
                        r.content = fmt::format("{} {} \"{}\"", str(data, "flags"),
                                                str(data, "tag"), str(data, "value"));
                    else if (r.type == "TLSA")
                        r.content =
                            fmt::format("{} {} {} {}", str(data, "usage"), str(data, "selector"),
                                        str(data, "matching_type"), str(data, "certificate"));
                }
                for (const auto& o : next)
                    if (o.name == r.name && o.type == r.type && o.content == r.content &&
                        o.extra == r.extra) {
                        FakeApi::send_json(
                            res, 400, error_body(81058, "An identical record already exists."));
                        return;
                    }
                next.push_back(r);
            }
            records_ = std::move(next);
            FakeApi::send_json(res, 200,
                               R"({"success":true,"errors":[],"messages":[],"result":{}})");
        });
}

void FakeCloudflare::recreate_zone() {
    std::lock_guard lock(api.mutex());
    zone_id_ = next_id();
}

std::string FakeCloudflare::next_id() {
    return fmt::format("{:032x}", 0x023e105f4ecef8adULL + ++counter_);
}

std::string FakeCloudflare::json(const Rec& r) const {
    return fmt::format(
        R"({{"id":"{}","zone_id":"{}","zone_name":"{}","name":"{}","type":"{}",)"
        R"("content":{},"proxiable":true,"proxied":false,"ttl":{},"locked":false{}}})",
        r.id, zone_id_, zone_, r.name, r.type,
        [&] {
            rapidjson::Value v(r.content.c_str(),
                               static_cast<rapidjson::SizeType>(r.content.size()));
            return dump(v);
        }(),
        r.ttl, r.extra.empty() ? "" : "," + r.extra);
}

void FakeCloudflare::seed(const std::string& type, const std::string& name,
                          const std::string& content, unsigned ttl, const std::string& extra) {
    std::lock_guard lock(api.mutex());
    records_.push_back({next_id(), type, name, content, ttl, extra});
}

void FakeCloudflare::remove(const std::string& type, const std::string& name) {
    std::lock_guard lock(api.mutex());
    std::erase_if(records_, [&](const Rec& r) { return r.type == type && r.name == name; });
}

std::set<std::string> FakeCloudflare::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    std::set<std::string> out;
    for (const auto& r : records_)
        out.insert(fmt::format("{} {} {} {}{}", r.name, r.ttl, r.type, r.content,
                               r.extra.empty() ? "" : " " + r.extra));
    return out;
}

} // namespace dnsclay::test
