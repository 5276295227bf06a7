// `route53`: Amazon Route 53 (https://route53.amazonaws.com/2013-04-01, REST with XML),
// every request signed with AWS Signature Version 4 (providers/sigv4). The hosted zone is
// looked up by name once per process (or given as hosted_zone_id); rrsets are listed 300
// at a time, continuing at NextRecordName/NextRecordType. A change set is one
// ChangeResourceRecordSets batch, which Route 53 validates and applies all or nothing:
// UPSERT for every rrset that is set, DELETE for every rrset that goes, with the name, TTL
// and values as last read, or, if Route 53 refuses those (it deletes only on an exact
// match), as it lists them now; with wait_insync, GetChange until the change is INSYNC
// (its name servers answer with it; the API does at once). Throttling and
// PriorRequestNotComplete (HTTP 400) are retried with the HTTP client's backoff. Names are
// absolute; Route 53 writes escapes as \ooo octal (`*` comes back as \052) where DNS
// presentation form has \DDD decimal, in names and in values alike.
#include "lib/dns/rdata.hpp"
#include "providers/registry.hpp"
#include "providers/sigv4.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>
#include <functional>
#include <pugixml.hpp>
#include <sstream>

namespace dnsclay::providers {
namespace {

constexpr const char* kNamespace = "https://route53.amazonaws.com/doc/2013-04-01/";
const AwsScope kScope{"us-east-1", "route53"};

int digit_value(char c, int base) {
    int v = c >= '0' && c <= '9' ? c - '0' : -1;
    return v < base ? v : -1;
}

// `text` with every \NNN escape read in `from_base` and written in `to_base` (3 digits);
// other escapes (\" \\ \.) are kept as they are.
std::string convert_escapes(std::string_view text, int from_base, int to_base) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        int value = 0;
        bool numeric = i + 3 < text.size();
        for (std::size_t k = 1; numeric && k <= 3; ++k) {
            int d = digit_value(text[i + k], from_base);
            numeric = d >= 0;
            value = value * from_base + d;
        }
        if (numeric && value <= 255) {
            out += to_base == 8 ? fmt::format("\\{:03o}", value) : fmt::format("\\{:03d}", value);
            i += 3;
        } else {
            out += text.substr(i, 2);
            ++i;
        }
    }
    return out;
}

std::string to_route53(std::string_view presentation) {
    return convert_escapes(presentation, 10, 8);
}

std::string from_route53(std::string_view route53) {
    return convert_escapes(route53, 8, 10);
}

// One rrset as Route 53 spells it, kept verbatim for an exact DELETE.
struct Route53Set {
    std::string name, type, ttl;
    std::vector<std::string> values;
};

Route53Set read_set(const pugi::xml_node& node) {
    Route53Set set{node.child_value("Name"), node.child_value("Type"), node.child_value("TTL"), {}};
    for (auto rr : node.child("ResourceRecords").children("ResourceRecord"))
        set.values.emplace_back(rr.child_value("Value"));
    return set;
}

void append_set(pugi::xml_node changes, const char* action, const Route53Set& set) {
    auto change = changes.append_child("Change");
    change.append_child("Action").text().set(action);
    auto rrset = change.append_child("ResourceRecordSet");
    rrset.append_child("Name").text().set(set.name.c_str());
    rrset.append_child("Type").text().set(set.type.c_str());
    rrset.append_child("TTL").text().set(set.ttl.c_str());
    auto records = rrset.append_child("ResourceRecords");
    for (const auto& v : set.values)
        records.append_child("ResourceRecord").append_child("Value").text().set(v.c_str());
}

class Route53Provider : public WebProvider {
  public:
    Route53Provider(const ProviderContext& ctx, const AwsCredentials& credentials, bool wait_insync)
        : api_(ctx, spec(credentials)), wait_(ctx), wait_insync_(wait_insync) {
        zone_id_ = strip_prefix(ctx.field("hosted_zone_id"));
        zone_given_ = !zone_id_.empty();
    }

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        std::vector<dns::Record> out;
        each_rrset("", 300, false, [&](const pugi::xml_node& node) { read_rrset(node, out); });
        return out;
    }

  protected:
    const std::string& label() const override { return api_.label(); }

    // One batch; its DELETEs are first the rrsets as dnsclay last read them (serve reads
    // the zone just before an UPDATE), so a change costs no read. Only if Route 53 refuses
    // the batch (InvalidChangeBatch: a DELETE that does not match what it holds, or of an
    // rrset already gone) are the rrsets to delete read and the batch sent once more. With
    // wait_insync, the change's status is then polled until Route 53 reports it INSYNC;
    // without, the change is done once accepted: Route 53's API answers with it at once
    // (INSYNC is about its name servers), so the next read sees it.
    void apply_remote(const zone::ChangeSet& changes) override {
        auto send =
            [&](const std::function<std::optional<Route53Set>(const zone::RRsetChange&)>& deletion)
            -> std::optional<http::Response> {
            auto body = change_batch(changes, deletion);
            if (body.empty()) return std::nullopt;
            // UPSERTs set a state and may be sent again; a DELETE sent twice fails the
            // second time.
            bool deletes = body.find("<Action>DELETE</Action>") != std::string::npos;
            return api_.send("POST", fmt::format("/2013-04-01/hostedzone/{}/rrset", zone_id()),
                             body, !deletes);
        };
        auto resp = send([](const zone::RRsetChange& c) { return as_route53(c.key, c.before); });
        if (resp && refused_batch(*resp))
            resp = send([&](const zone::RRsetChange& c) { return held_set(c.key); });
        if (!resp) return;
        if (resp->status != 200) fail("change rrsets", *resp);
        if (wait_insync_) wait_until_insync(*resp);
    }

  private:
    static WebApiSpec spec(const AwsCredentials& credentials) {
        WebApiSpec s{"Route 53",
                     "route53",
                     "https://route53.amazonaws.com",
                     {5, std::chrono::seconds(1)},
                     {},
                     credentials.access_key_id,
                     {credentials.secret_access_key, credentials.session_token}};
        s.sign = [credentials](http::Request& req) {
            sigv4_sign(req, credentials, kScope, std::chrono::system_clock::now());
        };
        s.content_type = "application/xml";
        s.accept = "application/xml";
        // Route 53's rate limit and its "a change to this zone is in progress": a 400 that
        // means nothing was done
        s.try_again_later = [](const http::Response& r) {
            if (r.status != 400) return false;
            auto code = error_code(r);
            return code == "Throttling" || code == "PriorRequestNotComplete";
        };
        return s;
    }

    // The rrset as Route 53 is sent it; nullopt for no records.
    static std::optional<Route53Set> as_route53(const zone::RRsetKey& key,
                                                const std::vector<dns::Record>& records) {
        if (records.empty()) return std::nullopt;
        Route53Set set{to_route53(key.owner.to_string()),
                       dns::to_string(key.type),
                       std::to_string(rrset_ttl(records)),
                       {}};
        for (const auto& r : records)
            set.values.push_back(to_route53(dns::rdata_to_text(r.type, r.rdata)));
        return set;
    }

    // A ChangeResourceRecordSetsRequest: UPSERT for every rrset that is set, DELETE of what
    // `deletion` gives for every rrset that goes; "" if there is nothing to change.
    static std::string change_batch(
        const zone::ChangeSet& changes,
        const std::function<std::optional<Route53Set>(const zone::RRsetChange&)>& deletion) {
        pugi::xml_document doc;
        auto decl = doc.append_child(pugi::node_declaration);
        decl.append_attribute("version").set_value("1.0");
        decl.append_attribute("encoding").set_value("UTF-8");
        auto root = doc.append_child("ChangeResourceRecordSetsRequest");
        root.append_attribute("xmlns").set_value(kNamespace);
        auto batch = root.append_child("ChangeBatch");
        batch.append_child("Comment").text().set("dnsclay");
        auto list = batch.append_child("Changes");
        bool any = false;
        for (const auto& c : changes) {
            auto set = c.after.empty() ? deletion(c) : as_route53(c.key, c.after);
            if (!set) continue; // gone already
            append_set(list, c.after.empty() ? "DELETE" : "UPSERT", *set);
            any = true;
        }
        if (!any) return "";
        std::ostringstream body;
        doc.save(body, "", pugi::format_raw);
        return body.str();
    }

    // Route 53's error code in an ErrorResponse ("Throttling"); "" if there is none.
    static std::string error_code(const http::Response& resp) {
        pugi::xml_document doc;
        doc.load_buffer(resp.body.data(), resp.body.size());
        return doc.document_element().child("Error").child_value("Code");
    }

    static bool refused_batch(const http::Response& resp) {
        pugi::xml_document doc;
        doc.load_buffer(resp.body.data(), resp.body.size());
        return resp.status == 400 &&
               std::string_view(doc.document_element().name()) == "InvalidChangeBatch";
    }

    // Polls GetChange until Route 53 reports the change INSYNC (on all its servers): at
    // once, then after 0.25 s, 0.5 s, ... up to 5 s apart, for at most the provider timeout.
    void wait_until_insync(const http::Response& accepted) {
        // The document outlives `info`, which points into it.
        auto doc = xml(accepted, "change rrsets");
        auto info = doc.document_element().child("ChangeInfo");
        std::string id = info.child_value("Id");
        if (id.rfind("/change/", 0) == 0) id = id.substr(8);
        if (std::string(info.child_value("Status")) != "PENDING" || id.empty()) return;
        wait_.while_pending(
            [&] {
                auto resp = api_.send("GET", "/2013-04-01/change/" + id);
                // without route53:GetChange the change is made, only not waited for
                if (resp.status == 403 && error_code(resp) == "AccessDenied") return false;
                if (resp.status != 200) fail("change status", resp);
                return std::string(xml(resp, "change status")
                                       .document_element()
                                       .child("ChangeInfo")
                                       .child_value("Status")) == "PENDING";
            },
            fmt::format("Route 53 API: change {} for zone {} was made", id, api_.zone_name()),
            "PENDING", "INSYNC");
    }

    static std::string strip_prefix(std::string id) {
        for (const char* prefix : {"/hostedzone/", "hostedzone/"})
            if (id.rfind(prefix, 0) == 0) return id.substr(std::string(prefix).size());
        return id;
    }

    pugi::xml_document xml(const http::Response& resp, const std::string& what) const {
        pugi::xml_document doc;
        if (!doc.load_buffer(resp.body.data(), resp.body.size()) || !doc.document_element())
            throw ProviderError(fmt::format("Route 53 API {} for zone {}: the answer is not XML "
                                            "(HTTP {}); is the endpoint right?",
                                            what, api_.zone_name(), resp.status));
        return doc;
    }

    // Route 53's error bodies: <ErrorResponse><Error><Code/><Message/> or, for a refused
    // change batch, <InvalidChangeBatch><Messages><Message/>...
    [[noreturn]] void fail(const std::string& what, const http::Response& resp) {
        pugi::xml_document doc;
        doc.load_buffer(resp.body.data(), resp.body.size());
        auto root = doc.document_element();
        std::string why, code;
        if (std::string_view(root.name()) == "InvalidChangeBatch") {
            for (auto m : root.child("Messages").children("Message"))
                why += (why.empty() ? "" : "; ") + std::string(m.child_value());
        } else {
            auto error = root.child("Error");
            code = error.child_value("Code");
            why = code.empty() ? "" : fmt::format("{}: {}", code, error.child_value("Message"));
        }
        if (code == "NoSuchHostedZone") {
            // a zone looked up earlier in the process may be gone: look it up again next time
            if (!zone_given_) api_.forget(zone_key());
            why += fmt::format("; set hosted_zone_id to the id of {}'s hosted zone, or leave it "
                               "out to look the zone up by name",
                               api_.zone_name());
        } else if (code == "SignatureDoesNotMatch" || code == "InvalidClientTokenId" ||
                   code == "IncompleteSignature")
            why += "; check access_key_id and secret_access_key";
        else if (code == "AccessDenied")
            why += fmt::format("; the IAM policy needs route53:ListHostedZonesByName, "
                               "route53:ListResourceRecordSets, "
                               "route53:ChangeResourceRecordSets and route53:GetChange on {}'s "
                               "hosted zone",
                               api_.zone_name());
        else if (code == "Throttling" || code == "PriorRequestNotComplete")
            why += "; Route 53 allows 5 requests per second per account and one change of a "
                   "zone at a time: try again shortly";
        api_.fail(what, resp, why);
    }

    // Looked up by name once per process, unless given.
    const std::string& zone_id() {
        if (zone_id_.empty()) zone_id_ = api_.remembered(zone_key(), [&] { return find_zone(); });
        return zone_id_;
    }

    std::string zone_key() const { return "hosted zone " + api_.zone_name(); }

    std::string find_zone() {
        auto resp = api_.send("GET", fmt::format("/2013-04-01/hostedzonesbyname?dnsname={}&"
                                                 "maxitems=10",
                                                 aws_uri_encode(api_.zone().to_string())));
        if (resp.status != 200) fail("zone lookup", resp);
        auto doc = xml(resp, "zone lookup");
        bool private_only = false;
        for (auto z : doc.document_element().child("HostedZones").children("HostedZone")) {
            dns::Name name;
            try {
                name = dns::Name::parse(from_route53(z.child_value("Name")));
            } catch (const std::exception&) {
                continue;
            }
            if (!(name == api_.zone())) continue;
            if (std::string_view(z.child("Config").child_value("PrivateZone")) == "true") {
                private_only = true;
                continue;
            }
            auto id = strip_prefix(z.child_value("Id"));
            if (!id.empty()) return id;
        }
        throw ProviderError(fmt::format(
            "Route 53 API: zone {} is not a public hosted zone of the AWS account{}",
            api_.zone_name(),
            private_only ? " (there is a private one; set hosted_zone_id to use it)" : ""));
    }

    // Visits the rrsets from `start` ("&name=...&type=..." or "" for the first), `page` at
    // a time, following NextRecordName/NextRecordType unless `first_page_only`.
    void each_rrset(std::string start, int page, bool first_page_only,
                    const std::function<void(const pugi::xml_node&)>& visit) {
        auto path = fmt::format("/2013-04-01/hostedzone/{}/rrset?maxitems={}", zone_id(), page);
        Pages listing(api_, "list rrsets");
        for (;;) {
            auto resp = api_.send("GET", path + start);
            listing.next(resp);
            if (resp.status != 200) fail("list rrsets", resp);
            auto doc = xml(resp, "list rrsets");
            auto root = doc.document_element();
            auto sets = root.child("ResourceRecordSets");
            for (auto set : sets.children("ResourceRecordSet"))
                visit(set);
            if (first_page_only || std::string_view(root.child_value("IsTruncated")) != "true" ||
                !sets.first_child())
                return;
            start =
                fmt::format("&name={}&type={}", aws_uri_encode(root.child_value("NextRecordName")),
                            aws_uri_encode(root.child_value("NextRecordType")));
            std::string identifier = root.child_value("NextRecordIdentifier");
            if (!identifier.empty()) start += "&identifier=" + aws_uri_encode(identifier);
        }
    }

    // The rrset as Route 53 holds it, or nullopt if it holds none.
    std::optional<Route53Set> held_set(const zone::RRsetKey& key) {
        auto type = dns::to_string(key.type);
        std::optional<Route53Set> held;
        auto start = fmt::format("&name={}&type={}",
                                 aws_uri_encode(to_route53(key.owner.to_string())), type);
        each_rrset(start, 1, true, [&](const pugi::xml_node& node) {
            auto set = read_set(node);
            if (set.type != type || node.child("SetIdentifier")) return;
            try {
                if (dns::Name::parse(from_route53(set.name)) == key.owner) held = std::move(set);
            } catch (const std::exception&) {
                // not a name: not the rrset asked for
            }
        });
        return held;
    }

    void read_rrset(const pugi::xml_node& node, std::vector<dns::Record>& out) {
        auto set = read_set(node);
        auto what = fmt::format("{} {}", set.name, set.type);
        if (auto alias = node.child("AliasTarget")) {
            skipped_.push_back({what, fmt::format("an alias to {}, which has no DNS form",
                                                  alias.child_value("DNSName"))});
            return;
        }
        if (auto id = node.child("SetIdentifier")) {
            skipped_.push_back({what, fmt::format("a routing-policy record set ({}), which "
                                                  "answers differently by client",
                                                  id.child_value())});
            return;
        }
        dns::Name owner;
        std::uint32_t ttl = 0;
        try {
            owner = dns::Name::parse(from_route53(set.name));
            ttl = read_number(set.ttl, "TTL");
        } catch (const std::exception& e) {
            skipped_.push_back({what, e.what()});
            return;
        }
        for (const auto& v : set.values)
            if (auto rec =
                    read_record(owner, ttl, set.type, from_route53(v), api_.zone(), skipped_))
                out.push_back(std::move(*rec));
    }

    WebApi api_;
    ChangeWait wait_;
    bool wait_insync_; // the wait_insync field
    std::string zone_id_;
    bool zone_given_ = false; // the hosted_zone_id field, not looked up
};

} // namespace

ProviderInfo route53_provider() {
    ProviderInfo info;
    info.name = "route53";
    info.description = "Amazon Route 53, through its API with SigV4 signing (atomic change "
                       "batches)";
    info.fields = {
        {"access_key_id", true, false,
         "The IAM access key id (AKIA...) of a user or role allowed "
         "route53:ListHostedZonesByName, ListResourceRecordSets and ChangeResourceRecordSets "
         "(and GetChange for wait_insync)"},
        {"secret_access_key", true, true, "The secret access key that belongs to access_key_id"},
        {"session_token", false, true,
         "The session token of temporary credentials (from STS); leave unset for a user's "
         "long-term keys"},
        {"hosted_zone_id", false, false,
         "The hosted zone's id (Z...); looked up by name if not set (needed to pick a private "
         "zone)"},
        {"wait_insync", false, false,
         "true: a change is done only once Route 53 reports it INSYNC on all its name servers "
         "(usually within a minute; an UPDATE is answered only then), at most "
         "sync.provider_timeout; false (the default): once Route 53 accepts it"},
        {"endpoint", false, false,
         "API base URL (default https://route53.amazonaws.com), for tests and proxies"},
    };
    info.capabilities.atomic_changes = true;
    using T = dns::RRType;
    info.capabilities.types = {T::A,     T::AAAA,  T::CAA,  T::CNAME, T::DS,  T::HTTPS,
                               T::MX,    T::NAPTR, T::NS,   T::PTR,   T::SPF, T::SRV,
                               T::SSHFP, T::SVCB,  T::TLSA, T::TXT};
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        AwsCredentials credentials{ctx.field("access_key_id"), ctx.field("secret_access_key"),
                                   ctx.field("session_token")};
        if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
            throw ProviderError(
                "provider route53 needs the fields access_key_id and secret_access_key");
        return std::make_unique<Route53Provider>(ctx, credentials,
                                                 flag_field(ctx, "route53", "wait_insync"));
    };
    return info;
}

} // namespace dnsclay::providers
