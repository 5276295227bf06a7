#pragma once
// NOTIFY (RFC 1996). Outgoing: after every change of a zone, whichever process made it
// (serve, sync, `records edit`: they all bump the serial in state.db), each NOTIFY target
// of the zone gets a NOTIFY carrying our SOA, retransmitted with backoff until it answers
// (§3.6); bursts of changes are coalesced into one NOTIFY with the latest serial.
// Incoming: a NOTIFY for one of our zones from an allowed sender starts a (coalesced)
// sync from the provider unless it carries our own serial.
#include "lib/dns/message.hpp"
#include "lib/engine/log.hpp"
#include "lib/engine/sync_event.hpp"
#include "lib/store/config.hpp"
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dnsclay::engine {

// The NOTIFY message for `zone` with our SOA (and serial) in the answer section (§3.7).
dns::Message make_notify(const store::Zone& zone, std::uint16_t id);

// One NOTIFY exchange with one target.
struct NotifyAnswer {
    std::string target;    // "ADDR:PORT/udp"
    bool answered = false; // a matching response arrived
    dns::Rcode rcode = dns::Rcode::NOERROR;
    std::vector<std::string> ede_text; // EDE texts of the answer, if any
    std::string tsig;                  // "unsigned", "verified", or the TSIG error
    std::chrono::microseconds rtt{0};
    std::string error; // network error, timeout, or an answer whose TSIG did not verify
    // Acknowledged: NOERROR, and signed by the target's key when the NOTIFY was signed
    // (RFC 8945 §5.3: an answer that fails verification is to be discarded).
    bool ok() const { return answered && rcode == dns::Rcode::NOERROR && error.empty(); }
};

// Sends one NOTIFY for `zone` to `target` and waits up to `timeout` for the answer (one
// try; UDP or TCP as the target says). Signed with `tsig_key` ("ALG:NAME:BASE64", the
// nsupdate -y form) when given. Never throws: failures are in the answer.
NotifyAnswer send_notify(const store::Zone& zone, const store::NotifyTarget& target,
                         const std::optional<std::string>& tsig_key,
                         std::chrono::milliseconds timeout);

// How long to wait before the next try after `tries` tries got no good answer: the
// configured interval, doubling after each try (RFC 1996 §3.6).
std::chrono::milliseconds notify_retry_delay(const store::Config::Notify& policy, int tries);

// Sends NOTIFY for `zone` to all `targets` at once, each retried as `policy` says until it
// answers NOERROR or `wait` has passed, and returns each target's last answer in the order
// of `targets`. For one-shot callers (`dnsclay sync`), which must not be held for minutes
// by a target that is down; serve's Notifier retries in the background as long as the
// policy says. keys[i] signs the NOTIFYs to targets[i] (see signing_key in exchange.hpp;
// empty vector: all unsigned).
std::vector<NotifyAnswer> notify_targets(const store::Zone& zone,
                                         const std::vector<store::NotifyTarget>& targets,
                                         const std::vector<std::optional<std::string>>& keys,
                                         const store::Config::Notify& policy,
                                         std::chrono::milliseconds wait);

// Watches the serials of all zones in the state directory and notifies their targets.
// A background thread polls state.db (cheap: one query) every `poll` interval, and at
// once after zone_changed(). Retries follow config.notify: `retries` more tries after
// the first, `retry_interval` doubling after each, `timeout` per try. A newer serial
// replaces a pending one for the same zone. A target with a TSIG key gets signed NOTIFYs;
// one whose key is gone is not notified (the reason is logged and counted as a failure).
class Notifier {
  public:
    struct Options {
        std::chrono::milliseconds poll{1000};
        std::chrono::milliseconds coalesce{300}; // wait this long for more changes
        // Where failed tries are logged (it must outlive the Notifier); nullptr: a text
        // log of its own on stderr.
        Logger* log = nullptr;
    };
    Notifier(std::string state_dir, store::Config config, Options options);
    ~Notifier(); // stops the thread
    Notifier(const Notifier&) = delete;
    Notifier& operator=(const Notifier&) = delete;

    // Starts watching. Every zone with targets is notified once at the start, as a primary
    // does when it loads its zones, since changes may have been made while no serve ran.
    void start();
    void stop();
    // A hint that `zone` changed (from this process); the poll finds it anyway.
    void zone_changed(const std::string& zone);

    // For metrics and tests: NOTIFYs acknowledged, and tries that failed.
    std::uint64_t acknowledged() const;
    std::uint64_t failed_tries() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Incoming NOTIFY, after the server validated it and verified its TSIG (if any).
struct IncomingNotify {
    std::string peer_address;                   // the sender's IP, without port
    std::optional<std::string> tsig_credential; // the verified key's credential name
};

// Decides the answer to an incoming NOTIFY and starts a sync of the zone when due.
// Accepted when the TSIG credential is granted on the zone, or when the sender's address
// is the zone's upstream (the provider account's `server` field) or one of its NOTIFY
// targets' addresses. Answers NOERROR (with AA) if accepted, NOTAUTH for an unknown zone,
// REFUSED otherwise; FORMERR for a question that is not one SOA. Syncs are run on a
// background thread, one per zone at a time, coalesced, and each reported to `report`.
class NotifyReceiver {
  public:
    NotifyReceiver(std::string state_dir, store::Config config, SyncReport report = {});
    ~NotifyReceiver();
    NotifyReceiver(const NotifyReceiver&) = delete;
    NotifyReceiver& operator=(const NotifyReceiver&) = delete;

    struct Result {
        dns::Rcode rcode = dns::Rcode::NOERROR;
        std::optional<dns::ExtendedError> ede;
        bool refresh_started = false;
    };
    Result handle(const dns::Message& notify, const IncomingNotify& from);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace dnsclay::engine
