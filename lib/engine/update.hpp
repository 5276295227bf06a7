#pragma once
// DNS UPDATE (RFC 2136) as the gateway does it: find the zone, get a fresh view of its
// records from the provider, check the prerequisites and the update section against that
// view, turn the update section into one set of rrset replacements, apply it through
// zone::change_records (atomically where the provider can, else in a safe order with
// compensation), and say what happened with an rcode and an Extended DNS Error (RFC 8914).
//
// Rules where RFC 2136 leaves a choice or where dnsclay differs from a plain server:
// - The SOA is ours: its serial changes with every change and the other fields come from
//   the zone's settings. An SOA in the update section whose serial is not ahead of ours
//   is ignored (§3.4.2.2); one that is ahead is refused (REFUSED, EDE Prohibited), since
//   UPDATE cannot change the zone's SOA settings. Deleting the SOA is ignored (§3.4.2.3/4).
// - Adding a record to an existing rrset gives the whole rrset the new record's TTL (all
//   records of an rrset share one TTL, RFC 2181 §5.2); the same rdata with a new TTL thus
//   replaces the TTL (§3.4.2.2 "the Zone RR is replaced by Update RR").
// - CNAME exclusivity both ways (§3.4.2.2): a CNAME is not added beside other data and
//   other data is not added beside a CNAME; both are silently ignored as the RFC says.
//   RRSIG and NSEC may accompany a CNAME (RFC 4035 §2.5).
// - The apex NS rrset is never deleted whole, and its last record is not deleted
//   (§3.4.2.3, §3.4.2.4).
// - Prerequisites see the SOA: the apex is always "in use" and its SOA rrset exists.
//   Value-dependent prerequisites compare whole rrsets, TTL ignored, names in rdata
//   compared case-insensitively (§1.1.1, §3.2.3).
#include "lib/dns/message.hpp"
#include "lib/store/config.hpp"
#include "lib/zone/change.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace dnsclay::engine {

// An UPDATE that is answered with an error rcode; what() is the EDE text, which names the
// RR that failed.
class UpdateRefused : public std::runtime_error {
  public:
    UpdateRefused(dns::Rcode rcode, dns::EdeCode ede, const std::string& text)
        : std::runtime_error(text), rcode_(rcode), ede_(ede) {}
    dns::Rcode rcode() const { return rcode_; }
    dns::EdeCode ede() const { return ede_; }

  private:
    dns::Rcode rcode_;
    dns::EdeCode ede_;
};

// The zone section (§3.1.1): exactly one entry, type SOA, class IN. Returns the zone name
// in lower case with its trailing dot ("example.test."), as store::find_zone takes it.
// Throws UpdateRefused (FORMERR) otherwise. The caller maps "no such zone" to NOTAUTH.
std::string update_zone_name(const dns::Message& update);

// The names whose records evaluate_update looks at: the owners of the prerequisite and
// update RRs. Every rule of RFC 2136 (name in use, rrset exists or equals, CNAME
// exclusivity, the apex's SOA and NS) is about the records at one of them, so a snapshot
// of these names alone (zone::ChangeRequest::owners) gives the same answer as the whole
// zone, whatever its size.
std::set<dns::Name> update_owners(const dns::Message& update);

// Checks the prerequisite section (§3.2) and the update section (§3.4.1 prescan, §3.4.2)
// of `update` against `zone` (the whole zone, or at least update_owners(update)) and
// returns the rrsets that change, each with its complete new contents (none: delete it).
// Nothing is applied. Throws UpdateRefused: FORMERR, NOTZONE, NXDOMAIN, YXDOMAIN, NXRRSET,
// YXRRSET, REFUSED; std::logic_error if `zone` lacks a name it needs.
std::vector<zone::RRsetReplacement> evaluate_update(const dns::Message& update,
                                                    const zone::ZoneSnapshot& zone);

// Who sent an UPDATE, for the audit log and for recognizing UDP retransmissions.
struct UpdateClient {
    std::string actor; // "cred:NAME" (both, joined with '+', if TLS and TSIG were used)
    std::string peer;  // "ADDR:PORT" (or "[V6ADDR]:PORT")
};

// What to answer.
struct UpdateResult {
    dns::Rcode rcode = dns::Rcode::NOERROR;
    std::optional<dns::ExtendedError> ede; // on every error
    bool changed = false;                  // records changed (a NOTIFY is due)
    std::uint32_t serial = 0;              // the zone's serial afterwards (0: unknown)
};

// Processes UPDATE requests for `serve`. Thread-safe: one change per zone at a time,
// other zones in parallel (each call uses its own state.db connection). Calls block
// while the provider works, so run them off the network threads.
class UpdateEngine {
  public:
    // `on_change` is called with the zone name after every change that was recorded
    // (to wake the NOTIFY sender).
    UpdateEngine(std::string state_dir, store::Config config,
                 std::function<void(const std::string& zone)> on_change = {});
    ~UpdateEngine();
    UpdateEngine(const UpdateEngine&) = delete;
    UpdateEngine& operator=(const UpdateEngine&) = delete;

    // Handles an UPDATE that the server has validated, authenticated and authorized (a
    // credential granted on the zone, within its limits, not read-only). Never throws:
    // every failure becomes an rcode with an EDE text (NOTAUTH for an unknown zone,
    // SERVFAIL when the provider fails, saying whether the change was rolled back). A
    // retransmission (same peer, id and content) of an UPDATE being processed or
    // answered in the last minute gets the same answer without being applied twice; any
    // other copy of a signed UPDATE whose signature is still in its time window (a replay)
    // is REFUSED.
    // Writes one audit-log row per UPDATE: actor, peer, the RRs, the result.
    UpdateResult handle(const dns::Message& update, const UpdateClient& client);

    // Writes the audit-log row of an UPDATE the server refused before handle() (a
    // credential not granted on the zone or read-only, an RR outside its limits, a zone
    // not served), so that refused attempts are on record like failed ones.
    void audit_refusal(const dns::Message& update, const UpdateClient& client,
                       const std::string& zone, dns::Rcode rcode, const std::string& why);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace dnsclay::engine
