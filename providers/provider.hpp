#pragma once
// The one interface behind which every DNS operator sits. A provider is created for one
// zone with its account's field values already resolved (env:/file: references read), and
// speaks in dns::Record: converting to and from the operator's own representation is the
// provider's job, at its edge.
#include "lib/dns/record.hpp"
#include "lib/http/client.hpp"
#include "lib/http/rate.hpp"
#include "lib/zone/rrset.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dnsclay::store {
class Db;
}

namespace dnsclay::providers {

// The operator failed or could not be reached. The text reaches users (CLI, EDE, zone
// show, logs), so it must never contain a secret.
class ProviderError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One account setting, as `provider list`, `zone add --set` and the docs describe it.
struct FieldSpec {
    std::string name;
    bool required = false;
    bool secret = false; // shown as ******** except when set
    std::string help;
};

struct Capabilities {
    bool atomic_changes = false;      // a change set is applied all or nothing
    std::vector<dns::RRType> types;   // record types it can store; empty: any
    std::uint32_t min_ttl = 0;        // lower TTLs are refused
    bool meaningful_serial = false;   // its SOA serial changes with every change
    bool records_in_state_db = false; // `local`: state.db is the operator
};

// A record the operator holds that the provider could not turn into a dns::Record (an
// unknown type, malformed content). Sync reports it and goes on with the rest.
struct SkippedRecord {
    std::string record; // the operator's own text of it (no secrets: it is zone data)
    std::string reason;
};

// What a provider needs to serve one zone.
struct ProviderContext {
    dns::Name zone;
    std::map<std::string, std::string> fields; // resolved values, only those that were set
    // The longest any one call may take (connect, transfer, the operator's answer); a call
    // that takes longer throws ProviderError.
    std::chrono::seconds timeout{60};
    // Set (by `serve` shutting down) to make calls in progress give up soon with
    // ProviderError; providers check it at least every 100 ms while waiting.
    const std::atomic<bool>* cancel = nullptr;
    // config.toml [http], for providers that speak a web API: timeouts, proxy, CA file,
    // retries (cancel and the rate limiter are set by the provider).
    http::ClientOptions http;
    // config.toml http.rate_limits: per provider name, replacing the documented limit.
    std::map<std::string, http::Rate> rate_limits;
    store::Db* db = nullptr; // for providers whose records live in state.db
    std::int64_t zone_id = 0;

    bool cancelled() const { return cancel && cancel->load(); }
    // The value of an account field; "" if it is not set.
    std::string field(const std::string& name) const {
        auto it = fields.find(name);
        return it == fields.end() ? std::string() : it->second;
    }
};

class Provider {
  public:
    virtual ~Provider() = default;
    // Every record of the zone as the operator holds it (its SOA too, if it has one).
    // Records it cannot convert are left out and described in skipped().
    virtual std::vector<dns::Record> list_records() = 0;
    // The records the last list_records() call left out.
    const std::vector<SkippedRecord>& skipped() const { return skipped_; }
    // Makes each rrset of `changes` equal to its `after` (empty: delete the rrset).
    // `before` is what the local copy held, for operators that address records by id.
    virtual void apply(const zone::ChangeSet& changes) = 0;
    // A cheap check of the zone's version (SOA serial or similar); nullopt if the
    // operator has none, and the caller then does a full sync.
    virtual std::optional<std::uint32_t> current_serial() { return std::nullopt; }

  protected:
    std::vector<SkippedRecord> skipped_;
};

struct ProviderInfo {
    std::string name;
    std::string description;
    std::vector<FieldSpec> fields;
    Capabilities capabilities;
    std::function<std::unique_ptr<Provider>(const ProviderContext&)> create;

    const FieldSpec* field(const std::string& field_name) const;
};

} // namespace dnsclay::providers
