#include "providers/web_api.hpp"

#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/http/redact.hpp"
#include "providers/listed_records.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/core.h>
#include <functional>
#include <limits>
#include <map>
#include <mutex>

namespace dnsclay::providers {
namespace {

std::string strip_slashes(std::string url) {
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

http::ClientOptions client_options(const ProviderContext& ctx, const WebApiSpec& spec) {
    http::ClientOptions o = ctx.http;
    o.cancel = ctx.cancel;
    o.timeout = std::min(o.timeout, ctx.timeout);
    o.connect_timeout = std::min(o.connect_timeout, o.timeout);
    o.secrets = spec.secrets;
    o.try_again_later = spec.try_again_later;
    for (const auto& [name, value] : spec.auth_headers)
        o.secrets.push_back(value);
    auto override_rate = ctx.rate_limits.find(spec.provider);
    http::Rate rate = override_rate == ctx.rate_limits.end() ? spec.rate : override_rate->second;
    // The key holds a hash of the account's identity, never the secret itself.
    auto key = fmt::format("{}|{:x}", spec.provider, std::hash<std::string>{}(spec.account));
    o.limiter = http::shared_limiter(key, rate);
    return o;
}

// The rdata's rrset-independent identity for comparisons: its canonical wire form.
std::vector<dns::Bytes> canonical_set(const std::vector<dns::Record>& records) {
    std::vector<dns::Bytes> out;
    for (const auto& r : records)
        out.push_back(dns::rdata_canonical(r.type, r.rdata));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Values remembered by WebApi::remembered, shared by every provider object in the process.
struct Remembered {
    std::mutex mutex;
    std::map<std::string, std::string> values;
};

Remembered& remembered_values() {
    static Remembered r;
    return r;
}

} // namespace

WebApi::WebApi(const ProviderContext& ctx, WebApiSpec spec)
    : spec_(std::move(spec)), zone_(ctx.zone), client_(client_options(ctx, spec_)) {
    auto endpoint = ctx.fields.find(spec_.endpoint_field);
    base_ =
        strip_slashes(endpoint != ctx.fields.end() && !endpoint->second.empty() ? endpoint->second
                                                                                : spec_.base_url);
}

std::string WebApi::remembered_key(const std::string& what) const {
    return fmt::format("{}|{}|{:x}|{}", spec_.provider, base_,
                       std::hash<std::string>{}(spec_.account), what);
}

std::string WebApi::remembered(const std::string& what, const std::function<std::string()>& fetch) {
    auto key = remembered_key(what);
    auto& r = remembered_values();
    {
        std::lock_guard lock(r.mutex);
        auto it = r.values.find(key);
        if (it != r.values.end()) return it->second;
    }
    auto value = fetch(); // not under the lock: it is a request; two may race, both right
    std::lock_guard lock(r.mutex);
    r.values[key] = value;
    return value;
}

void WebApi::forget(const std::string& what) {
    auto& r = remembered_values();
    std::lock_guard lock(r.mutex);
    r.values.erase(remembered_key(what));
}

void WebApi::forget_all() {
    auto& r = remembered_values();
    std::lock_guard lock(r.mutex);
    r.values.clear();
    ListedRecords::forget_all();
}

std::string WebApi::zone_name() const {
    return fqdn(zone_);
}

http::Response WebApi::send(const std::string& method, const std::string& target,
                            const std::string& body, std::optional<bool> idempotent) {
    http::Request req;
    req.method = method;
    req.url = target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0 ? target
                                                                                  : base_ + target;
    req.headers = spec_.auth_headers;
    req.headers.emplace_back("Accept", spec_.accept);
    if (!body.empty()) req.headers.emplace_back("Content-Type", spec_.content_type);
    req.body = body;
    req.idempotent = idempotent;
    if (spec_.sign) spec_.sign(req);
    try {
        return client_.send(req);
    } catch (const http::OutcomeUnknown&) {
        throw;
    } catch (const http::HttpError& e) {
        throw ProviderError(fmt::format("{} API: {}", spec_.label, e.what()));
    }
}

rapidjson::Document WebApi::json(const http::Response& response, const std::string& what) const {
    rapidjson::Document doc;
    doc.Parse(response.body.c_str(), response.body.size());
    if (doc.HasParseError())
        throw ProviderError(fmt::format("{} API {} for zone {}: the answer is not JSON (HTTP {}); "
                                        "is the endpoint right?",
                                        spec_.label, what, zone_name(), response.status));
    return doc;
}

void WebApi::fail(const std::string& what, const http::Response& response,
                  const std::string& why) const {
    std::string text;
    if (response.status == 401 || response.status == 403)
        text = fmt::format("the credentials were refused{}", why.empty() ? "" : ": " + why);
    else if (response.status == 429) {
        auto retry = response.headers.find("retry-after");
        text = fmt::format("rate limit reached{}{}",
                           retry == response.headers.end()
                               ? ""
                               : fmt::format("; try again in {} s", retry->second),
                           why.empty() ? "" : " (" + why + ")");
    } else
        text = why.empty() ? "failed" : why;
    throw ProviderError(
        http::redact_values(fmt::format("{} API {} for zone {}: {} (HTTP {})", spec_.label, what,
                                        zone_name(), text, response.status),
                            spec_.secrets));
}

void Pages::next(const http::Response& page) {
    if (++count_ > 1 && page.body == previous_)
        api_.fail(what_, page, "the operator sent the same page again; the listing stops here");
    if (count_ > kMaxPages)
        api_.fail(what_, page,
                  fmt::format("more than {} pages; the listing stops here", kMaxPages));
    previous_ = page.body;
}

void WebProvider::apply(const zone::ChangeSet& changes) {
    std::string unknown;
    try {
        apply_remote(changes);
        return;
    } catch (const http::OutcomeUnknown& e) {
        unknown = e.what();
    }
    // Read the zone back and see whether the change happened.
    auto now = list_records();
    std::vector<std::string> done, not_done;
    for (const auto& c : changes) {
        auto held = canonical_set(records_of(now, c.key));
        auto label_of = fmt::format("{} {}", c.key.owner.to_string(), dns::to_string(c.key.type));
        if (held == canonical_set(c.after))
            done.push_back(label_of);
        else if (held == canonical_set(c.before))
            not_done.push_back(label_of);
        else
            throw ProviderError(fmt::format(
                "{} API: {}; reading the zone back, {} is neither as it was nor as asked", label(),
                unknown, label_of));
    }
    if (not_done.empty()) return; // it was carried out
    if (done.empty())
        throw ProviderError(fmt::format("{} API: {}; reading the zone back shows it was not "
                                        "carried out",
                                        label(), unknown));
    std::string list;
    for (const auto& d : done)
        list += (list.empty() ? "" : ", ") + d;
    throw ProviderError(fmt::format("{} API: {}; reading the zone back shows it was carried "
                                    "out in part (changed: {})",
                                    label(), unknown, list));
}

std::vector<dns::Record> records_of(const std::vector<dns::Record>& records,
                                    const zone::RRsetKey& key) {
    std::vector<dns::Record> out;
    for (const auto& r : records)
        if (r.type == key.type && r.klass == key.klass && r.owner == key.owner) out.push_back(r);
    return out;
}

RecordPlan plan_records(const std::vector<dns::Record>& held,
                        const std::vector<dns::Record>& after) {
    RecordPlan plan;
    std::uint32_t ttl = rrset_ttl(after);
    std::vector<bool> kept(held.size(), false);
    for (const auto& want : after) {
        bool found = false;
        for (std::size_t i = 0; i < held.size() && !found; ++i) {
            if (kept[i] || !dns::rdata_equal(want.type, want.rdata, held[i].rdata)) continue;
            kept[i] = found = true;
            if (held[i].ttl != ttl) plan.retime.push_back(i);
        }
        if (!found) plan.create.push_back(&want);
    }
    for (std::size_t i = 0; i < held.size(); ++i)
        if (!kept[i]) plan.remove.push_back(i);
    return plan;
}

std::uint32_t rrset_ttl(const std::vector<dns::Record>& records) {
    std::uint32_t ttl = records.empty() ? 0 : records.front().ttl;
    for (const auto& r : records)
        ttl = std::min(ttl, r.ttl);
    return ttl;
}

std::string relative_owner(const dns::Name& owner, const dns::Name& zone, std::string_view apex) {
    if (owner == zone) return std::string(apex);
    auto rel = owner.to_string_relative(zone);
    return rel;
}

std::string fqdn(const dns::Name& name) {
    auto s = name.to_string();
    if (s.size() > 1 && s.back() == '.') s.pop_back();
    return s;
}

std::vector<std::string> rdata_fields(dns::RRType type, std::span<const std::uint8_t> rdata) {
    std::string text = dns::rdata_to_text(type, rdata);
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::string field;
        if (text[i] == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size()) {
                    if (i + 3 < text.size() &&
                        std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
                        field += static_cast<char>(std::stoi(text.substr(i + 1, 3)));
                        i += 3;
                    } else {
                        field += text[++i];
                    }
                } else {
                    field += text[i];
                }
            }
            ++i; // the closing quote
        } else {
            auto end = text.find(' ', i);
            field = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? text.size() : end;
        }
        out.push_back(std::move(field));
    }
    return out;
}

std::string quote_string(std::string_view raw) {
    std::string out = "\"";
    for (unsigned char c : raw) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            out += fmt::format("\\{:03d}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::string member_text(const rapidjson::Value& object, const char* name) {
    if (!object.IsObject()) return "";
    auto it = object.FindMember(name);
    if (it == object.MemberEnd()) return "";
    const auto& v = it->value;
    if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
    if (v.IsInt64()) return std::to_string(v.GetInt64());
    if (v.IsUint64()) return std::to_string(v.GetUint64());
    return "";
}

const rapidjson::Value* find_member(const rapidjson::Value& value, const char* name) {
    if (!value.IsObject()) return nullptr;
    auto it = value.FindMember(name);
    return it == value.MemberEnd() ? nullptr : &it->value;
}

std::uint32_t read_number(const std::string& text, const char* what) {
    std::uint32_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        throw ProviderError(fmt::format("the operator sent a {} that is not a number from 0 to {}",
                                        what, std::numeric_limits<std::uint32_t>::max()));
    return value;
}

bool flag_field(const ProviderContext& ctx, const std::string& provider, const std::string& name) {
    auto value = ctx.field(name);
    if (value != "" && value != "true" && value != "false")
        throw ProviderError(
            fmt::format("provider {}: {} must be true or false, not '{}'", provider, name, value));
    return value == "true";
}

ChangeWait::ChangeWait(const ProviderContext& ctx)
    : timeout_(ctx.timeout), timing_(ctx.http.timing ? *ctx.http.timing : http::real_timing()),
      cancel_(ctx.cancel) {}

void ChangeWait::while_pending(const std::function<bool()>& pending, const std::string& made,
                               const std::string& status, const std::string& done) const {
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    std::chrono::milliseconds pause(250);
    while (pending()) {
        if (std::chrono::steady_clock::now() + pause > deadline)
            throw ProviderError(fmt::format("{} but still {} after {} s (sync.provider_timeout); "
                                            "its name servers will answer with it shortly",
                                            made, status, timeout_.count()));
        timing_.sleep(pause, cancel_);
        if (cancel_ && cancel_->load())
            throw ProviderError(fmt::format("{}; waiting for {} was cancelled", made, done));
        pause = std::min(pause * 2, std::chrono::milliseconds(5000));
    }
}

std::optional<dns::Record> read_record(const dns::Name& owner, std::uint32_t ttl,
                                       const std::string& type, const std::string& rdata,
                                       const dns::Name& zone, std::vector<SkippedRecord>& skipped) {
    std::string text = fmt::format("{} {} {} {}", owner.to_string(), ttl, type, rdata);
    auto t = dns::rrtype_from_string(type);
    if (!t) {
        skipped.push_back({text, "unknown record type"});
        return std::nullopt;
    }
    if (!owner.is_subdomain_of(zone)) {
        skipped.push_back({text, fmt::format("not in the zone {}", zone.to_string())});
        return std::nullopt;
    }
    try {
        dns::Record rec;
        rec.owner = owner;
        rec.type = *t;
        rec.ttl = ttl;
        rec.rdata = dns::rdata_from_text(*t, rdata, zone);
        return rec;
    } catch (const dns::TextError& e) {
        skipped.push_back({text, e.what()});
    } catch (const dns::WireError& e) {
        skipped.push_back({text, e.what()});
    }
    return std::nullopt;
}

} // namespace dnsclay::providers
