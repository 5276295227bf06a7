// Operators' answers, through each web-API provider's own code. The first input byte picks
// the provider, the second what is asked of it (list the zone, read its serial, apply a
// change set); the rest, split at lines "----", are the HTTP answers it gets in turn, each
// "NNN body" (a status) or just a body (200). They reach the provider through
// http::ClientOptions::transport, so its parsing, pagination, id lookups and error paths
// run as against the operator; once the answers run out a request gets no answer.
// Checked for every input:
// - the call returns or throws ProviderError with a text that names no secret; nothing
//   else (an std::invalid_argument from a number that is not one is a crash here);
// - every record listed is inside the zone, and its rdata reads back the same from its
//   presentation and wire forms; every skipped record says why;
// - it ends: a provider still sending requests long after the answers ran out loops.
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/http/client.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace {

using namespace dnsclay;

constexpr std::string_view kSeparator = "\n----\n";
constexpr std::size_t kMaxAnswers = 12; // each a page, or a poll that sleeps
// More requests than this for at most kMaxAnswers answers is a loop that does not end.
constexpr std::size_t kMaxRequests = 100;
constexpr const char* kTokenUrl = "http://token.fuzz.test/token";

const std::vector<std::string> kProviders = {
    "cloudflare", "desec", "digitalocean", "dnsimple", "gandi",   "googleclouddns", "hetzner",
    "linode",     "ovh",   "porkbun",      "powerdns", "route53", "vultr"};

[[noreturn]] void fail(const std::string& why) {
    std::fprintf(stderr, "fuzz_provider: %s\n", why.c_str());
    std::abort();
}

// A service account key file as Google's console hands it out, with a fresh RSA key.
std::string service_account_key() {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!key || !bio ||
        !PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        fail("cannot make an RSA key");
    char* pem = nullptr;
    long n = BIO_get_mem_data(bio.get(), &pem);
    return R"({"type":"service_account","project_id":"fuzz","client_email":"f@fuzz.test",)"
           R"("private_key_id":"k1","token_uri":")" +
           std::string(kTokenUrl) + R"(","private_key":)" +
           http::json_quote(std::string(pem, static_cast<std::size_t>(n))) + "}";
}

// Every required field of the provider, secrets at least 4 bytes long (what redaction
// looks for) and the endpoint at a host only the transport answers.
std::map<std::string, std::string> fields_of(const providers::ProviderInfo& info) {
    static const std::string google_key = service_account_key();
    std::map<std::string, std::string> fields;
    for (const auto& f : info.fields) {
        if (f.name == "endpoint" || f.name == "api_url")
            fields[f.name] = "http://api.fuzz.test";
        else if (f.name == "token_url")
            fields[f.name] = kTokenUrl;
        else if (f.name == "service_account_key")
            fields[f.name] = google_key;
        else if (f.required)
            fields[f.name] = "fuzz-" + f.name + "-5ecret";
    }
    return fields;
}

std::vector<std::string> secrets_of(const providers::ProviderInfo& info,
                                    const std::map<std::string, std::string>& fields) {
    std::vector<std::string> out;
    for (const auto& f : info.fields)
        if (f.secret && fields.contains(f.name) && f.name != "service_account_key")
            out.push_back(fields.at(f.name));
    return out;
}

http::Response answer_of(std::string_view chunk) {
    http::Response r;
    r.status = 200;
    if (chunk.size() >= 4 && chunk[3] == ' ' && chunk[0] >= '1' && chunk[0] <= '5' &&
        chunk.substr(0, 3).find_first_not_of("0123456789") == std::string_view::npos) {
        r.status = std::stol(std::string(chunk.substr(0, 3)));
        chunk.remove_prefix(4);
    }
    r.body = std::string(chunk);
    r.headers["content-type"] = "application/json";
    return r;
}

std::vector<http::Response> answers_of(std::string_view rest) {
    std::vector<http::Response> out;
    while (out.size() < kMaxAnswers) {
        auto end = rest.find(kSeparator);
        out.push_back(answer_of(rest.substr(0, end)));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + kSeparator.size());
    }
    return out;
}

// Time stands still and waits take none, so rate limits and retries cost nothing.
const http::Timing& no_waiting() {
    static const http::Timing t{
        [] { return std::chrono::steady_clock::time_point{}; },
        [] { return std::chrono::system_clock::time_point{std::chrono::hours(500'000)}; },
        [](std::chrono::milliseconds, const std::atomic<bool>*) {}, [] { return 0.5; }};
    return t;
}

const dns::Name kZone = dns::Name::parse("example.test.");

dns::Record record(const char* owner, dns::RRType type, std::uint32_t ttl, const char* text) {
    return {dns::Name::parse(owner), type, dns::RRClass::IN, ttl,
            dns::rdata_from_text(type, text, kZone)};
}

// An rrset added, one replaced and one deleted: creates, updates and deletes by id.
zone::ChangeSet change_set() {
    using T = dns::RRType;
    zone::ChangeSet c(3);
    c[0].key = {dns::Name::parse("www.example.test."), T::A};
    c[0].after = {record("www.example.test.", T::A, 300, "192.0.2.1"),
                  record("www.example.test.", T::A, 300, "192.0.2.2")};
    c[1].key = {kZone, T::MX};
    c[1].before = {record("example.test.", T::MX, 3600, "10 mail.example.test.")};
    c[1].after = {record("example.test.", T::MX, 600, "20 mx.example.test.")};
    c[2].key = {dns::Name::parse("old.example.test."), T::TXT};
    c[2].before = {record("old.example.test.", T::TXT, 300, "\"bye\"")};
    return c;
}

void check_record(const dns::Record& r) {
    if (!r.owner.is_subdomain_of(kZone)) fail("a record outside the zone: " + r.to_string());
    try {
        dns::rdata_check(r.type, r.rdata);
        auto text = dns::rdata_to_text(r.type, r.rdata);
        if (dns::rdata_from_text(r.type, text, kZone) != r.rdata)
            fail("rdata does not read back from its text: " + r.to_string());
        dns::WireWriter w;
        dns::rdata_to_wire(r.type, r.rdata, w);
        dns::WireReader reader(w.data());
        if (dns::rdata_from_wire(r.type, reader, static_cast<std::uint16_t>(w.data().size())) !=
            r.rdata)
            fail("rdata does not read back from its wire form: " + r.to_string());
    } catch (const std::exception& e) { // WireError, TextError
        fail("a listed record is not valid: " + std::string(e.what()));
    }
}

void check_error(const std::string& text, const std::vector<std::string>& secrets) {
    if (text.empty()) fail("an error without a text");
    for (const auto& s : secrets)
        if (text.find(s) != std::string::npos) fail("an error names a secret: " + text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const auto* info = providers::find_provider(kProviders[data[0] % kProviders.size()]);
    if (!info) fail("no provider " + kProviders[data[0] % kProviders.size()]);
    int operation = data[1] % 3;
    auto answers = answers_of(std::string_view(reinterpret_cast<const char*>(data + 2), size - 2));

    providers::WebApi::forget_all(); // zone ids looked up by an earlier input
    providers::ProviderContext ctx;
    ctx.zone = kZone;
    ctx.fields = fields_of(*info);
    auto secrets = secrets_of(*info, ctx.fields);
    ctx.timeout = std::chrono::seconds(1); // how long a provider polls a pending change
    ctx.http.timing = &no_waiting();
    std::size_t requests = 0, next = 0;
    ctx.http.transport = [&](const http::Request& req) -> http::Response {
        if (req.url == kTokenUrl) // Google's token endpoint: a token, the rest is fuzzed
            return {200, {}, R"({"access_token":"fuzz-token","expires_in":3600})"};
        if (++requests > kMaxRequests)
            fail("requests go on after the answers ran out: " + req.method + " " + req.url);
        if (next >= answers.size()) throw http::HttpError("no answer (the input ran out)");
        return answers[next++];
    };

    try {
        auto provider = info->create(ctx);
        if (operation == 0) {
            for (const auto& r : provider->list_records())
                check_record(r);
            for (const auto& s : provider->skipped())
                if (s.reason.empty()) fail("a skipped record without a reason: " + s.record);
        } else if (operation == 1) {
            provider->current_serial();
        } else {
            provider->apply(change_set());
        }
    } catch (const providers::ProviderError& e) {
        check_error(e.what(), secrets);
    } catch (const std::exception& e) {
        fail(std::string("not a ProviderError: ") + typeid(e).name() + ": " + e.what());
    }
    return 0;
}
