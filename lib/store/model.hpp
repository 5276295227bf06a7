#pragma once
// The rows of state.db as the rest of the program sees them.
#include "lib/dns/record.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dnsclay::store {

// The SOA fields that are ours to choose (the serial is kept separately).
struct SoaSettings {
    std::string mname; // absolute
    std::string rname; // absolute, mailbox as a name
    std::uint32_t refresh = 3600;
    std::uint32_t retry = 600;
    std::uint32_t expire = 1209600;
    std::uint32_t minimum = 300; // the negative-caching TTL (RFC 2308)
    std::uint32_t ttl = 3600;
};

struct AccountField {
    std::string name;
    std::string value; // literal, or env:VAR / file:PATH
    friend bool operator==(const AccountField&, const AccountField&) = default;
};

struct Account {
    std::int64_t id = 0;
    std::string name;
    std::string provider;
    std::vector<AccountField> fields;
    std::int64_t created = 0;
};

struct Zone {
    std::int64_t id = 0;
    std::string name; // lower case, trailing dot
    std::int64_t account_id = 0;
    std::string provider; // of the account
    std::uint32_t serial = 0;
    std::int64_t sync_interval = 0; // seconds
    std::int64_t refresh_interval = 0;
    SoaSettings soa;
    std::int64_t created = 0;
};

// A zone's serial alone (store::zone_serials).
struct ZoneSerial {
    std::int64_t id = 0;
    std::string name;
    std::uint32_t serial = 0;
};

struct SyncState {
    std::optional<std::int64_t> last_sync;
    std::optional<std::int64_t> last_change;
    std::optional<std::int64_t> next_sync;
    std::optional<std::int64_t> next_refresh;
    std::optional<std::uint32_t> provider_serial;
    std::optional<std::string> last_error;
    std::optional<std::int64_t> last_error_time;
    std::int64_t error_count = 0; // failures in a row; 0 after a success
    // Provider records the last sync left out because they could not be read, and the
    // first few of them with the reason.
    std::int64_t skipped_count = 0;
    std::optional<std::string> skipped_detail;
    // The SOA serial the zone's authoritative servers answered at the last cheap check
    // that asked them (see AuthoritativeServers).
    std::optional<std::uint32_t> authoritative_serial;
};

// Where the cheap check between full syncs reads the zone's SOA serial when the
// provider's own serial is not the one to watch (an operator whose API has none, or a
// hidden primary behind public servers): these servers, asked in order until one answers.
// Empty: the provider is asked.
struct AuthoritativeServers {
    std::vector<std::string> addresses; // ADDR:PORT
    std::string tsig_key;               // the TSIG credential that signs the queries; empty: none
    friend bool operator==(const AuthoritativeServers&, const AuthoritativeServers&) = default;
};

struct NotifyTarget {
    std::int64_t id = 0;
    std::string address;  // ADDR:PORT
    std::string protocol; // udp or tcp
    std::int64_t created = 0;
    std::string tsig_key; // the TSIG credential that signs our NOTIFYs; empty: unsigned
};

struct Credential {
    std::int64_t id = 0;
    std::string name;                      // lower case, no trailing dot
    std::string kind;                      // tsig or tls
    std::string algorithm;                 // tsig: hmac-sha256 ...
    std::string secret;                    // tsig: base64
    std::vector<std::uint8_t> spki_sha256; // tls: 32 bytes
    bool read_only = false;
    std::vector<std::string> allow_names;   // empty: any name in the zone
    std::vector<std::uint16_t> allow_types; // empty: any type
    std::vector<std::string> zones;
    std::int64_t created = 0;
};

// One version of one record: active while serial_deleted is empty.
struct StoredRecord {
    std::int64_t id = 0;
    dns::Record record;
    std::uint32_t serial_first = 0;
    std::int64_t time_first = 0;
    std::optional<std::uint32_t> serial_deleted;
    std::optional<std::int64_t> time_deleted;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t time = 0;
    std::string actor; // "cli:USER" or "cred:NAME"
    std::optional<std::string> zone;
    std::string action;
    std::string detail;
    std::string result; // "ok" or the error
};

} // namespace dnsclay::store
