#include "tests/support/fake_porkbun.hpp"

#include "lib/http/json_text.hpp"
#include "providers/web_api.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <rapidjson/document.h>

namespace dnsclay::test {
namespace {

using http::json_quote;

const char* const kRateLimitPage =
    "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
    "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>openresty"
    "</center>\r\n</body>\r\n</html>\r\n";

std::string failure(const std::string& message) {
    return fmt::format(R"({{"status":"ERROR","message":{}}})", json_quote(message));
}

} // namespace

FakePorkbun::FakePorkbun(std::string zone, std::string key, std::string secret)
    : zone_(std::move(zone)), key_(std::move(key)), secret_(std::move(secret)) {
    api.require_auth(
        [this](const httplib::Request& req) {
            rapidjson::Document doc;
            doc.Parse(req.body.c_str());
            return !doc.HasParseError() && providers::member_text(doc, "apikey") == key_ &&
                   providers::member_text(doc, "secretapikey") == secret_;
        },
        400, failure("Invalid API key. (001)"));
    api.set_error_body(500, failure("Internal error."));

    // Every route: the rate limiter's page if due, the domain checked, the body parsed.
    using Call =
        std::function<void(const rapidjson::Document&, httplib::Response&, const std::smatch&)>;
    auto route = [this](const std::string& pattern, Call call) {
        bool write = pattern.rfind("retrieve", 0) != 0;
        api.route("POST", "/api/json/v3/dns/" + pattern + "/([^/]+)(?:/([^/]+))?(?:/([^/]+))?",
                  [this, call, write](const httplib::Request& req, httplib::Response& res,
                                      const std::smatch& m) {
                      if (unavailable_ > 0) {
                          --unavailable_;
                          res.status = 503;
                          res.set_content(kRateLimitPage, "text/html");
                          return;
                      }
                      if (write && writes_until_failure_ > 0 && --writes_until_failure_ == 0) {
                          FakeApi::send_json(res, 500, failure("Internal error."));
                          return;
                      }
                      if (m[1] != zone_) {
                          FakeApi::send_json(res, 400,
                                             failure("Domain is not opted in to API access."));
                          return;
                      }
                      rapidjson::Document doc;
                      doc.Parse(req.body.c_str());
                      call(doc, res, m);
                  });
    };
    auto listing = [this](httplib::Response& res, const std::string& type,
                          const std::string& name) {
        std::string items;
        for (const auto& r : records_)
            if (type.empty() || (r.type == type && r.name == name))
                items += (items.empty() ? "" : ",") + json(r);
        FakeApi::send_json(res, 200, R"({"status":"SUCCESS","records":[)" + items + "]}");
    };
    auto find = [this](const std::string& id) {
        return std::find_if(records_.begin(), records_.end(),
                            [&](const Rec& r) { return r.id == id; });
    };
    // The record a create or edit body describes; its id is left empty.
    auto from_body = [this](const rapidjson::Document& doc, Rec& r) -> std::string {
        r.name = fqdn(providers::member_text(doc, "name"));
        r.type = providers::member_text(doc, "type");
        r.content = providers::member_text(doc, "content");
        auto ttl = providers::member_text(doc, "ttl");
        r.ttl = ttl.empty() ? 600 : static_cast<unsigned>(std::stoul(ttl));
        r.prio =
            providers::member_text(doc, "prio").empty() ? "0" : providers::member_text(doc, "prio");
        if (r.type.empty() || r.content.empty()) return "Invalid type or content.";
        if (r.ttl < 600) return "TTL must be at least 600 seconds.";
        return "";
    };

    route("retrieve", [listing](const rapidjson::Document&, httplib::Response& res,
                                const std::smatch&) { listing(res, "", ""); });
    route("retrieveByNameType",
          [this, listing](const rapidjson::Document&, httplib::Response& res,
                          const std::smatch& m) { listing(res, m[2], fqdn(m[3])); });
    route("create", [this, from_body](const rapidjson::Document& doc, httplib::Response& res,
                                      const std::smatch&) {
        Rec r;
        if (auto why = from_body(doc, r); !why.empty()) {
            FakeApi::send_json(res, 400, failure(why));
            return;
        }
        r.id = std::to_string(next_id_++);
        records_.push_back(r);
        FakeApi::send_json(res, 200, fmt::format(R"({{"status":"SUCCESS","id":{}}})", r.id));
    });
    route("edit", [find, from_body, this](const rapidjson::Document& doc, httplib::Response& res,
                                          const std::smatch& m) {
        auto it = find(m[2]);
        Rec r;
        auto why = it == records_.end() ? "Invalid record ID." : from_body(doc, r);
        if (!why.empty()) {
            FakeApi::send_json(res, 400, failure(why));
            return;
        }
        r.id = it->id;
        *it = r;
        FakeApi::send_json(res, 200, R"({"status":"SUCCESS"})");
    });
    route("delete",
          [find, this](const rapidjson::Document&, httplib::Response& res, const std::smatch& m) {
              auto it = find(m[2]);
              if (it == records_.end()) {
                  FakeApi::send_json(res, 400, failure("Invalid record ID."));
                  return;
              }
              records_.erase(it);
              FakeApi::send_json(res, 200, R"({"status":"SUCCESS"})");
          });
    route("deleteByNameType", [this](const rapidjson::Document&, httplib::Response& res,
                                     const std::smatch& m) {
        auto name = fqdn(m[3]);
        std::erase_if(records_, [&](const Rec& r) { return r.type == m[2] && r.name == name; });
        FakeApi::send_json(res, 200, R"({"status":"SUCCESS"})");
    });
}

std::string FakePorkbun::fqdn(const std::string& sub) const {
    return sub.empty() ? zone_ : sub + "." + zone_;
}

std::string FakePorkbun::json(const Rec& r) const {
    return fmt::format(R"({{"id":"{}","name":{},"type":"{}","content":{},"ttl":"{}",)"
                       R"("prio":"{}","notes":""}})",
                       r.id, json_quote(r.name), r.type, json_quote(r.content), r.ttl, r.prio);
}

void FakePorkbun::seed(const std::string& sub, const std::string& type, const std::string& content,
                       unsigned ttl, const std::string& prio) {
    std::lock_guard lock(api.mutex());
    records_.push_back({std::to_string(next_id_++), fqdn(sub), type, content, ttl, prio});
}

void FakePorkbun::fail_write(int n) {
    std::lock_guard lock(api.mutex());
    writes_until_failure_ = n;
}

void FakePorkbun::unavailable_next(int times) {
    std::lock_guard lock(api.mutex());
    unavailable_ = times;
}

std::set<std::string> FakePorkbun::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    std::set<std::string> out;
    for (const auto& r : records_)
        out.insert(fmt::format("{} {} {} {}{}", r.name, r.ttl, r.type, r.content,
                               r.type == "MX" || r.type == "SRV" ? " " + r.prio : ""));
    return out;
}

} // namespace dnsclay::test
