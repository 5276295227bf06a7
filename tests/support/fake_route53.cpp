#include "tests/support/fake_route53.hpp"

#include "providers/sigv4.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <pugixml.hpp>
#include <sstream>

namespace dnsclay::test {
namespace {

constexpr const char* kNamespace = "https://route53.amazonaws.com/doc/2013-04-01/";

std::string error_response(const std::string& code, const std::string& message) {
    return fmt::format(R"(<?xml version="1.0"?>)"
                       R"(<ErrorResponse xmlns="{}"><Error><Type>Sender</Type><Code>{}</Code>)"
                       R"(<Message>{}</Message></Error>)"
                       R"(<RequestId>8e36cb8f-1566-11e3-96d1-856ead110654</RequestId>)"
                       R"(</ErrorResponse>)",
                       kNamespace, code, message);
}

void send_xml(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "text/xml");
}

std::string to_text(const pugi::xml_document& doc) {
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw);
    return out.str();
}

pugi::xml_node response_root(pugi::xml_document& doc, const char* name) {
    auto root = doc.append_child(name);
    root.append_attribute("xmlns").set_value(kNamespace);
    return root;
}

// <ROOT><ChangeInfo> as ChangeResourceRecordSets and GetChange answer it.
std::string change_info(const char* root, const std::string& id, const char* status) {
    pugi::xml_document doc;
    auto info = response_root(doc, root).append_child("ChangeInfo");
    info.append_child("Id").text().set(("/change/" + id).c_str());
    info.append_child("Status").text().set(status);
    info.append_child("SubmittedAt").text().set("2026-01-01T00:00:00.000Z");
    return to_text(doc);
}

// How Route 53 spells a name it returns: absolute, lower case, `*` as \052.
std::string route53_name(std::string name) {
    if (name.empty() || name.back() != '.') name += '.';
    std::string out;
    for (char c : name) {
        if (c == '*')
            out += "\\052";
        else
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::vector<std::string> reversed_labels(const std::string& name) {
    std::vector<std::string> labels;
    std::size_t start = 0;
    for (std::size_t dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1)
        labels.push_back(name.substr(start, dot - start));
    if (start < name.size()) labels.push_back(name.substr(start));
    std::reverse(labels.begin(), labels.end());
    return labels;
}

// A TXT value as Route 53 takes it: one or more quoted strings of at most 255 characters.
bool valid_txt(const std::string& value) {
    std::size_t i = 0;
    bool any = false;
    while (i < value.size()) {
        if (value[i] == ' ') {
            ++i;
            continue;
        }
        if (value[i] != '"') return false;
        std::size_t length = 0;
        for (++i; i < value.size() && value[i] != '"'; ++i, ++length)
            if (value[i] == '\\')
                i += std::isdigit(static_cast<unsigned char>(value[i + 1])) ? 3 : 1;
        if (i >= value.size() || length > 255) return false;
        ++i;
        any = true;
    }
    return any;
}

} // namespace

bool FakeRoute53::route53_order(const Key& a, const Key& b) {
    auto la = reversed_labels(a.first), lb = reversed_labels(b.first);
    if (la != lb) return la < lb;
    return a.second < b.second;
}

FakeRoute53::FakeRoute53(std::string zone, std::string access_key, std::string secret)
    : zone_(route53_name(std::move(zone))), access_key_(std::move(access_key)),
      secret_(std::move(secret)) {
    rrsets_[{zone_, "SOA"}] = {
        900, {"ns-2048.awsdns-64.net. hostmaster.example.test. 1 7200 900 1209600 86400"}};
    rrsets_[{zone_, "NS"}] = {172800, {"ns-2048.awsdns-64.net.", "ns-2049.awsdns-65.co.uk."}};
    api.require_auth([this](const httplib::Request& req) { return signed_correctly(req); }, 403,
                     error_response("SignatureDoesNotMatch",
                                    "The request signature we calculated does not match the "
                                    "signature you provided."));
    api.set_error_body(500, error_response("InternalFailure", "An internal error occurred."));

    api.route("GET", "/2013-04-01/hostedzonesbyname",
              [this](const httplib::Request& req, httplib::Response& res, const std::smatch&) {
                  pugi::xml_document doc;
                  auto root = response_root(doc, "ListHostedZonesByNameResponse");
                  auto zones = root.append_child("HostedZones");
                  auto add = [&](const std::string& id, bool is_private) {
                      auto z = zones.append_child("HostedZone");
                      z.append_child("Id").text().set(("/hostedzone/" + id).c_str());
                      z.append_child("Name").text().set(zone_.c_str());
                      z.append_child("CallerReference").text().set("fake");
                      auto config = z.append_child("Config");
                      config.append_child("PrivateZone").text().set(is_private ? "true" : "false");
                      z.append_child("ResourceRecordSetCount").text().set(rrsets_.size());
                  };
                  // zones in name order from dnsname on: this one if it is not before it
                  auto from = route53_name(req.get_param_value("dnsname"));
                  if (!route53_order({zone_, ""}, {from, ""})) {
                      if (private_twin) add("Z0PRIVATE4TWIN", true);
                      add(zone_id_, false);
                  }
                  root.append_child("DNSName").text().set(from.c_str());
                  root.append_child("IsTruncated").text().set("false");
                  root.append_child("MaxItems").text().set(req.get_param_value("maxitems").c_str());
                  send_xml(res, 200, to_text(doc));
              });

    std::string rrset = "/2013-04-01/hostedzone/([^/]+)/rrset";
    auto zone_known = [this](const std::smatch& m, httplib::Response& res) {
        if (m[1] == zone_id_) return true;
        send_xml(res, 404,
                 error_response("NoSuchHostedZone", "No hosted zone found with ID: " + m[1].str()));
        return false;
    };
    api.route("GET", rrset,
              [this, zone_known](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (!zone_known(m, res)) return;
                  if (req.has_param("type") && !req.has_param("name")) {
                      send_xml(res, 400,
                               error_response("InvalidInput", "The type must be specified "
                                                              "together with a name"));
                      return;
                  }
                  auto max = api.asked_page_size(req, "maxitems");
                  std::vector<Key> order;
                  for (const auto& [key, set] : rrsets_)
                      order.push_back(key);
                  std::sort(order.begin(), order.end(), route53_order);
                  auto it = order.begin();
                  if (req.has_param("name"))
                      it = std::lower_bound(order.begin(), order.end(),
                                            Key{route53_name(req.get_param_value("name")),
                                                req.get_param_value("type")},
                                            route53_order);
                  pugi::xml_document doc;
                  auto root = response_root(doc, "ListResourceRecordSetsResponse");
                  auto sets = root.append_child("ResourceRecordSets");
                  for (std::size_t n = 0; it != order.end() && n < max; ++it, ++n) {
                      const auto& set = rrsets_.at(*it);
                      auto s = sets.append_child("ResourceRecordSet");
                      s.append_child("Name").text().set(it->first.c_str());
                      s.append_child("Type").text().set(it->second.c_str());
                      s.append_child("TTL").text().set(set.ttl);
                      auto records = s.append_child("ResourceRecords");
                      for (const auto& v : set.values)
                          records.append_child("ResourceRecord")
                              .append_child("Value")
                              .text()
                              .set(v.c_str());
                  }
                  root.append_child("IsTruncated").text().set(it != order.end());
                  if (it != order.end()) {
                      root.append_child("NextRecordName").text().set(it->first.c_str());
                      root.append_child("NextRecordType").text().set(it->second.c_str());
                  }
                  root.append_child("MaxItems").text().set(max);
                  send_xml(res, 200, to_text(doc));
              });

    api.route("POST", rrset,
              [this, zone_known](const httplib::Request& req, httplib::Response& res,
                                 const std::smatch& m) {
                  if (!zone_known(m, res)) return;
                  auto next = rrsets_;
                  auto problems = change(req.body, next);
                  if (!problems.empty()) {
                      send_xml(res, 400,
                               fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>)"
                                           R"(<InvalidChangeBatch xmlns="{}"><Messages>{})"
                                           R"(</Messages><RequestId>b25f48e8-84fd-11e6-80d9-)"
                                           R"(574e0c4664cb</RequestId></InvalidChangeBatch>)",
                                           kNamespace, problems));
                      return;
                  }
                  rrsets_ = std::move(next);
                  auto id = fmt::format("C{:012d}", next_change_++);
                  pending_[id] = pending_polls;
                  send_xml(res, 200,
                           change_info("ChangeResourceRecordSetsResponse", id, "PENDING"));
              });

    api.route("GET", "/2013-04-01/change/([^/]+)",
              [this](const httplib::Request&, httplib::Response& res, const std::smatch& m) {
                  auto it = pending_.find(m[1]);
                  if (it == pending_.end()) {
                      send_xml(res, 404,
                               error_response("NoSuchChange",
                                              "A change with the specified change ID does not "
                                              "exist."));
                      return;
                  }
                  bool pending = it->second > 0;
                  if (pending) --it->second;
                  send_xml(
                      res, 200,
                      change_info("GetChangeResponse", it->first, pending ? "PENDING" : "INSYNC"));
              });
}

Fault FakeRoute53::refusal(const std::string& code) {
    Fault f{FaultKind::Status};
    f.status = 400;
    f.body = error_response(code, code == "Throttling" ? "Rate exceeded"
                                                       : "The request was rejected because "
                                                         "Route 53 was still processing a prior "
                                                         "request.");
    return f;
}

bool FakeRoute53::signed_correctly(const httplib::Request& req) const {
    auto authorization = req.get_header_value("Authorization");
    auto field = [&](const std::string& key) {
        auto at = authorization.find(key + "=");
        if (at == std::string::npos) return std::string();
        at += key.size() + 1;
        return authorization.substr(at, authorization.find(',', at) - at);
    };
    providers::SigV4Request r;
    r.method = req.method;
    r.path = providers::aws_uri_encode(req.path, true);
    for (const auto& [name, value] : req.params)
        r.query.emplace_back(name, value);
    auto names = field("SignedHeaders");
    for (std::size_t start = 0; start <= names.size();) {
        auto end = std::min(names.find(';', start), names.size());
        auto name = names.substr(start, end - start);
        r.headers.emplace_back(name, req.get_header_value(name.c_str()));
        start = end + 1;
    }
    r.payload = req.body;
    auto date = req.get_header_value("X-Amz-Date");
    if (date.size() != 16 || names.find("host") == std::string::npos ||
        names.find("x-amz-date") == std::string::npos)
        return false;
    return authorization == providers::sigv4_authorization(r, {"us-east-1", "route53"}, date,
                                                           {access_key_, secret_, ""});
}

// Applies the ChangeResourceRecordSetsRequest in `body` to `zone`; the <Message> elements
// of what was refused ("" if nothing was).
std::string FakeRoute53::change(const std::string& body, FakeRRsets& zone) const {
    pugi::xml_document doc;
    if (!doc.load_buffer(body.data(), body.size()))
        return "<Message>The XML you provided was not well-formed</Message>";
    std::string problems;
    auto refuse = [&](const std::string& text) {
        pugi::xml_document m;
        m.append_child("Message").text().set(text.c_str());
        problems += to_text(m);
    };
    auto changes =
        doc.child("ChangeResourceRecordSetsRequest").child("ChangeBatch").child("Changes");
    for (auto c : changes.children("Change")) {
        std::string action = c.child_value("Action");
        auto set = c.child("ResourceRecordSet");
        std::pair<std::string, std::string> key{route53_name(set.child_value("Name")),
                                                set.child_value("Type")};
        FakeRRset value{static_cast<unsigned>(set.child("TTL").text().as_uint()), {}};
        for (auto rr : set.child("ResourceRecords").children("ResourceRecord"))
            value.values.emplace_back(rr.child_value("Value"));
        auto what =
            fmt::format("resource record set [name='{}', type='{}']", key.first, key.second);
        if (!key.first.ends_with(zone_)) {
            refuse(fmt::format("RRSet with DNS name {} is not permitted in zone {}", key.first,
                               zone_));
            continue;
        }
        if (key.second == "TXT")
            for (const auto& v : value.values)
                if (!valid_txt(v))
                    refuse(fmt::format("Invalid Resource Record: 'FATAL problem: "
                                       "InvalidCharacterString (Value should be enclosed in "
                                       "quotation marks) encountered with '{}''",
                                       v));
        auto held = zone.find(key);
        if (action == "CREATE") {
            if (held != zone.end())
                refuse(fmt::format("Tried to create {} but it already exists", what));
            else
                zone[key] = value;
        } else if (action == "DELETE") {
            if (held == zone.end())
                refuse(fmt::format("Tried to delete {} but it was not found", what));
            else if (held->second.ttl != value.ttl || held->second.values != value.values)
                refuse(fmt::format("Tried to delete {} but the values provided do not match "
                                   "the current values",
                                   what));
            else
                zone.erase(held);
        } else if (action == "UPSERT") {
            zone[key] = value;
        } else {
            refuse("Invalid action " + action);
        }
    }
    return problems;
}

void FakeRoute53::seed(const std::string& name, const std::string& type, unsigned ttl,
                       std::vector<std::string> values) {
    std::lock_guard lock(api.mutex());
    rrsets_[{route53_name(name), type}] = {ttl, std::move(values)};
}

std::set<std::string> FakeRoute53::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    return rrset_lines(rrsets_);
}

} // namespace dnsclay::test
