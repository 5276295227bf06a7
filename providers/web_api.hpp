#pragma once
// What the providers of operators' web APIs share: an HTTP client paced by the account's
// process-wide rate limiter (the operator's documented rate, or config.toml's), the
// `endpoint` field, per-request signing, JSON answers checked before use, errors as
// ProviderError texts that name the operator and the zone and never a secret, and the rule
// for a change whose outcome is unknown (a POST that timed out): read the zone back and
// see what happened.
#include "lib/http/json_text.hpp"
#include "lib/zone/rrset.hpp"
#include "providers/provider.hpp"

#include <functional>
#include <optional>
#include <rapidjson/document.h>
#include <string>
#include <utility>
#include <vector>

namespace dnsclay::providers {

struct WebApiSpec {
    std::string label;    // the operator as users know it: "Cloudflare"
    std::string provider; // the registry name, also the key in http.rate_limits
    std::string base_url; // the documented base URL; the `endpoint` field replaces it
    http::Rate rate;      // the operator's documented limit per account
    std::vector<std::pair<std::string, std::string>> auth_headers; // secret values
    // What identifies the account to the operator (its token): zones that share it share
    // the rate limiter. Never shown.
    std::string account;
    std::vector<std::string> secrets; // field values never to be shown
    // Adds what authenticates one request (a signature over it, a current bearer token)
    // just before it is sent; unset: auth_headers alone authenticate.
    std::function<void(http::Request&)> sign = {};
    std::string content_type = "application/json"; // of request bodies
    std::string accept = "application/json";       // what the answers are
    std::string endpoint_field = "endpoint";       // the account field that replaces base_url
    // The operator's own "not done, try again later" answers besides 429 and 503, retried
    // with the client's backoff (http::ClientOptions::try_again_later).
    std::function<bool(const http::Response&)> try_again_later = {};
};

class WebApi {
  public:
    WebApi(const ProviderContext& ctx, WebApiSpec spec);

    // `target` is a path below the base URL ("/zones?name=x") or an absolute URL. Bodies
    // get the spec's Content-Type (JSON unless it says otherwise). Throws ProviderError if there
    // was no answer, http::OutcomeUnknown if a non-idempotent request may have been carried out.
    http::Response send(const std::string& method, const std::string& target,
                        const std::string& body = "", std::optional<bool> idempotent = {});
    // The answer's body as JSON; ProviderError naming `what` if it is not JSON.
    rapidjson::Document json(const http::Response& response, const std::string& what) const;
    // Throws ProviderError: "<label> API <what> for zone <zone>: <why> (HTTP <status>)";
    // 429 says when to try again, 401/403 that the credentials were refused.
    [[noreturn]] void fail(const std::string& what, const http::Response& response,
                           const std::string& why) const;

    // A value the operator hands out once and keeps (an account id, a zone id): looked up
    // by `fetch` the first time this provider, endpoint and account needs `what`, then kept
    // for the life of the process, so that providers opened per operation do not ask again.
    std::string remembered(const std::string& what, const std::function<std::string()>& fetch);
    // Drops a remembered value (the operator says it is gone): the next use looks it up.
    void forget(const std::string& what);
    // Drops every remembered value and every zone's listing (providers/listed_records) of
    // the process, so that the next provider looks each one up as a fresh process would
    // (the provider fuzzer starts every case so).
    static void forget_all();
    // What names `what` of this provider, endpoint and account among the process's values:
    // a hash of the account's identity, never the secret itself.
    std::string remembered_key(const std::string& what) const;

    const std::string& base() const { return base_; }
    const std::string& label() const { return spec_.label; }
    const dns::Name& zone() const { return zone_; }
    // The zone's name without the trailing dot, as most APIs spell it.
    std::string zone_name() const;

  private:
    WebApiSpec spec_;
    dns::Name zone_;
    std::string base_;
    http::Client client_;
};

// The pages of one listing. An operator that claims another page forever (a fault, or an
// endpoint that is not the operator) must not keep a sync looping: a page whose body is
// the previous page's again, or a page past kMaxPages, ends the listing with ProviderError.
class Pages {
  public:
    static constexpr std::size_t kMaxPages = 10'000; // a million records at 100 a page
    Pages(const WebApi& api, std::string what) : api_(api), what_(std::move(what)) {}
    // Counts one page's answer, before it is read.
    void next(const http::Response& page);

  private:
    const WebApi& api_;
    std::string what_;
    std::size_t count_ = 0;
    std::string previous_;
};

// A provider over a web API. apply() passes the change set to apply_remote(); when that
// ends with the outcome unknown, it lists the zone and compares: every rrset as asked
// (carried out), every rrset as before (nothing done, ProviderError) or a mix
// (ProviderError saying which).
class WebProvider : public Provider {
  public:
    void apply(const zone::ChangeSet& changes) final;

  protected:
    virtual void apply_remote(const zone::ChangeSet& changes) = 0;
    virtual const std::string& label() const = 0;
};

// A record as the operator holds it, with its id.
struct IdRecord {
    std::string id;
    dns::Record record;
};
// The records of a listing whose records carry ids (any type with a `record` member).
template <class Held> std::vector<dns::Record> without_ids(std::vector<Held> held) {
    std::vector<dns::Record> out;
    out.reserve(held.size());
    for (auto& h : held)
        out.push_back(std::move(h.record));
    return out;
}
// Every record of `records` whose owner and type are `key`'s.
std::vector<dns::Record> records_of(const std::vector<dns::Record>& records,
                                    const zone::RRsetKey& key);
// How to make the records an operator keeps one by one (each with its own id) for one
// rrset equal to `after`, at after's TTL: the held records whose value stays, of which
// `retime` need the new TTL; the values to create; the held records to delete. Values are
// compared as rdata, so the operator's spelling of them does not matter.
struct RecordPlan {
    std::vector<std::size_t> retime;        // indexes into held
    std::vector<const dns::Record*> create; // into after
    std::vector<std::size_t> remove;        // indexes into held
};
RecordPlan plan_records(const std::vector<dns::Record>& held,
                        const std::vector<dns::Record>& after);
// One TTL per rrset (RFC 2181 §5.2): the smallest, so nothing is cached longer than asked.
std::uint32_t rrset_ttl(const std::vector<dns::Record>& records);
using http::json_quote;
// The owner relative to the zone: `apex` for the zone itself ("@" or "").
std::string relative_owner(const dns::Name& owner, const dns::Name& zone, std::string_view apex);
// The owner without its trailing dot: "www.example.com".
std::string fqdn(const dns::Name& name);
// The rdata's presentation form split into its fields (quoted strings kept as one field,
// quotes removed and escapes decoded): `0 issue "a b"` -> {"0", "issue", "a b"}.
std::vector<std::string> rdata_fields(dns::RRType type, std::span<const std::uint8_t> rdata);
// A character-string in presentation form: quoted, `"` and `\` escaped.
std::string quote_string(std::string_view raw);
// A value of a string or a number member as text ("" if neither or missing).
std::string member_text(const rapidjson::Value& object, const char* name);
// The member `name` of `value`; null if `value` is no object or has no such member, so
// that an answer of another shape than documented is an error and never a bad read.
const rapidjson::Value* find_member(const rapidjson::Value& value, const char* name);
// A TTL or a count the operator sent (as member_text gives it): ProviderError naming
// `what` unless it is a whole number that fits in 32 bits.
std::uint32_t read_number(const std::string& text, const char* what);
// An account field that is `true` or `false` (unset: false); ProviderError naming the
// provider and the field for any other value.
bool flag_field(const ProviderContext& ctx, const std::string& provider, const std::string& name);
// Waiting until an accepted change has reached the operator's name servers, bounded by
// the context's timeout (sync.provider_timeout) and its cancel flag.
class ChangeWait {
  public:
    explicit ChangeWait(const ProviderContext& ctx);
    // `pending` (asked at once, then 0.25 s, 0.5 s, ... up to 5 s apart) polls the change's
    // status and says whether it has still not reached them. `made` names the change
    // ("Route 53 API: change C1 for zone example.com was made"); the ProviderError when the
    // next poll would pass the timeout says it is still `status`, the one when cancelled
    // that waiting for `done` was cancelled.
    void while_pending(const std::function<bool()>& pending, const std::string& made,
                       const std::string& status, const std::string& done) const;

  private:
    std::chrono::seconds timeout_;
    const http::Timing& timing_; // the fuzzer's waits for nothing
    const std::atomic<bool>* cancel_;
};
// Turns "owner ttl type rdata" read from an operator into a record; nullopt (and an
// entry in `skipped`) if it cannot be read or its owner is not in `zone`.
std::optional<dns::Record> read_record(const dns::Name& owner, std::uint32_t ttl,
                                       const std::string& type, const std::string& rdata,
                                       const dns::Name& zone, std::vector<SkippedRecord>& skipped);

} // namespace dnsclay::providers
