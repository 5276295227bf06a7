#pragma once
// The zone settings that `zone add` and `zone set` share: the full-sync and refresh
// intervals, and the authoritative servers the cheap check asks for the zone's SOA serial
// instead of the provider. `zone set` changes them on an existing zone.
#include "cmd/common.hpp"
#include "lib/store/model.hpp"
#include "providers/provider.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dnsclay::cli {

struct ZoneSettingsOptions {
    std::string sync_interval;
    std::string refresh_interval;
    std::vector<std::string> authoritative; // as given: ADDR:PORT or a bare address
    std::string authoritative_key;
    bool no_authoritative = false; // zone set only
};

// Adds --sync-interval, --refresh-interval, --authoritative and --authoritative-key to
// `cmd`, and for `zone set` also --no-authoritative.
void add_settings_options(CLI::App& cmd, ZoneSettingsOptions& o, bool for_set);

// ADDR:PORT, or a bare address meaning port 53. Throws CliError (usage).
std::string target_address(const std::string& text);

// The TSIG credential named by `flag`'s value, which must exist and be a TSIG key.
std::string tsig_credential(store::Db& db, const std::string& flag, const std::string& text);

// The authoritative servers after applying the options to `current` (what a new zone
// starts from: none), or nullopt if the options do not touch them. Checks the addresses
// and the key. The caller holds a transaction on `db`.
std::optional<store::AuthoritativeServers>
authoritative_setting(store::Db& db, const ZoneSettingsOptions& o,
                      const store::AuthoritativeServers& current,
                      const providers::ProviderInfo* provider);

// "127.0.0.1:53, [::1]:53 (key NAME)", or "none".
std::string authoritative_text(const store::AuthoritativeServers& servers);
// {"servers": [...], "key": NAME|null}
Json& authoritative_json(Json& j, const store::AuthoritativeServers& servers);

// `zone set ZONE [settings]`.
void register_zone_set(CLI::App& zone, const GlobalOptions& global, int& exit_code);

} // namespace dnsclay::cli
