#pragma once
// Who may do what: a credential must be granted on the zone; read-only credentials may
// transfer but not update; --allow-name and --allow-type limit the records an UPDATE
// may touch.
//
// --allow-name patterns, relative to the zone or absolute, matched without regard to case:
//   NAME        exactly that name ("@" is the apex);
//   *.NAME      every name below NAME, at any depth (as a DNS wildcard covers), not NAME;
//   **.NAME     NAME and every name below it (the whole subtree);
//   *           every name.
#include "lib/dns/name.hpp"
#include "lib/dns/record.hpp"
#include "lib/store/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace dnsclay::engine {

// The credentials a request carries: a verified TSIG key and/or a TLS client key.
struct Identity {
    const store::Credential* tsig = nullptr;
    const store::Credential* tls = nullptr;
    // The pin of a TLS client key that matches no credential (base64), for error texts.
    std::string unknown_pin;
    // "cred:NAME" (both names joined with '+' when two), or "anonymous".
    std::string actor() const;
};

enum class Operation { Transfer, Update };

// Why the identity may not do `op` on `zone`; nullopt if it may.
std::optional<std::string> refuse_reason(const Identity& identity, const store::Zone& zone,
                                         Operation op);

// True if `name` matches the --allow-name pattern in `zone`.
bool name_matches(const std::string& pattern, const dns::Name& zone, const dns::Name& name);

// Why the identity may not touch `record` (a prerequisite or update RR) in `zone`;
// nullopt if every credential it carries allows it.
std::optional<std::string> refuse_record(const Identity& identity, const dns::Name& zone,
                                         const dns::Record& record);

} // namespace dnsclay::engine
