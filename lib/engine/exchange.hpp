#pragma once
// One DNS request and its answer over UDP or TCP (RFC 1035 §4.2, RFC 7766 length prefix),
// with a deadline, optionally TSIG-signed (RFC 8945): what the NOTIFY sender and the SOA
// check need from the network.
#include "lib/dns/message.hpp"
#include "lib/dns/wire.hpp"
#include "lib/store/db.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace dnsclay::engine {

// "192.0.2.1:53", "[2001:db8::1]:53". Throws std::invalid_argument naming the address.
struct HostPort {
    std::string host;
    int port = 0;
};
HostPort parse_host_port(const std::string& address);

// Sends `request` to `address` and returns the first answer whose ID matches the
// request's (UDP) or the first message on the connection (TCP). Throws
// std::runtime_error saying what failed (unreachable, timeout, closed).
dns::Bytes exchange(const std::string& address, bool tcp, const dns::Bytes& request,
                    std::chrono::milliseconds timeout);

// The parsed answer of a signed_exchange and what its TSIG said.
struct SignedAnswer {
    dns::Message message;
    // "unsigned", "verified", "signed answer to an unsigned request", or "failed: WHY".
    std::string tsig = "unsigned";
    // False when the request was signed and the answer's TSIG did not verify: RFC 8945
    // §5.3 says to discard such an answer, so callers treat it as no answer.
    bool verified = true;
    std::chrono::microseconds rtt{0};
};

// Sends `request`, signed with `tsig_key` ("ALG:NAME:BASE64", the nsupdate -y form) when
// given, and returns its answer parsed, with the answer's TSIG checked. Throws
// std::runtime_error (network failure, timeout, malformed answer, unusable key).
SignedAnswer signed_exchange(const std::string& address, bool tcp, const dns::Message& request,
                             const std::optional<std::string>& tsig_key,
                             std::chrono::milliseconds timeout);

// The TSIG key of the credential `name` in the form signed_exchange takes, or nothing when
// `name` is empty. Credentials are named, not copied, where keys sign our requests, so
// that a key replaced with `cred remove` and `cred add` keeps working. Throws
// std::runtime_error if the credential no longer exists or is not a TSIG key. The caller
// holds a transaction on `db`.
std::optional<std::string> signing_key(store::Db& db, const std::string& name);

} // namespace dnsclay::engine
