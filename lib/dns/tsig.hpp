#pragma once
// TSIG, secret key transaction authentication (RFC 8945): signing and verifying requests,
// responses and multi-message responses, with the error answers of §5.3.2.
//
// Messages are handled as wire bytes: a message to sign is complete without its TSIG
// record (Message::to_wire with `reserve` = tsig_record_size()), and signing appends the
// record and increments ARCOUNT. A received message is given as its wire bytes together
// with Message::parse's result, whose `tsig` and `tsig_offset` locate the record.
#include "lib/dns/message.hpp"
#include "lib/dns/name.hpp"
#include "lib/dns/tsig_key.hpp"
#include "lib/dns/types.hpp"
#include "lib/dns/wire.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace dnsclay::dns {

inline constexpr std::uint16_t kTsigDefaultFudge = 300;
// RFC 8945 §5.3.1: a client accepts up to this many unsigned messages between signed ones.
inline constexpr std::size_t kTsigMaxUnsignedMessages = 99;

// The RDATA of a TSIG record (RFC 8945 §4.2).
struct TsigRdata {
    Name algorithm;
    std::uint64_t time_signed = 0; // seconds since the epoch, 48 bits
    std::uint16_t fudge = kTsigDefaultFudge;
    Bytes mac;
    std::uint16_t original_id = 0;
    Rcode error = Rcode::NOERROR;
    Bytes other; // the server's time (6 bytes) in a BADTIME answer, else empty

    // Reads uncompressed rdata; throws WireError if it is malformed or has trailing bytes.
    static TsigRdata decode(std::span<const std::uint8_t> rdata);
    Bytes encode() const;
    friend bool operator==(const TsigRdata&, const TsigRdata&) = default;
};

// The largest TSIG record this key adds to a message (a BADTIME answer's, with Other Data):
// what to reserve when building a message that will be signed.
std::size_t tsig_record_size(const TsigKey& key);

struct TsigSignOptions {
    std::uint16_t fudge = kTsigDefaultFudge;
    // Send only the first `mac_size` bytes of the MAC (RFC 8945 §5.2.2.1); 0 sends it whole.
    std::size_t mac_size = 0;
};

// How a receiver judges a TSIG-signed message.
struct TsigPolicy {
    // MACs truncated below this many bytes get BADTRUNC (RFC 8945 §5.2.4). 0 accepts every
    // truncation the RFC allows (at least 10 bytes and half the hash).
    std::size_t min_mac_size = 0;
};

// The outcome of checking a TSIG record.
struct TsigResult {
    // The response code to answer with: NOERROR, FORMERR (the TSIG record is malformed, or
    // missing where one is required) or NOTAUTH (with the TSIG error below).
    Rcode rcode = Rcode::NOERROR;
    // NOERROR, BADSIG, BADKEY, BADTIME or BADTRUNC: what we found, or (checking a response)
    // the error the peer reported.
    Rcode error = Rcode::NOERROR;
    std::string reason; // why, for logs and Extended DNS Error texts; empty when ok
    bool ok() const { return rcode == Rcode::NOERROR; }
};

// ---- client side ----

// Signs a request: appends the TSIG record and returns the MAC as sent, which the
// response is verified against.
Bytes tsig_sign_request(Bytes& message, const TsigKey& key, std::uint64_t now,
                        const TsigSignOptions& options = {});

// Verifies the responses to one signed request, message by message (RFC 8945 §5.4 and
// §5.3.1 for multi-message responses such as AXFR).
class TsigResponseVerifier {
  public:
    TsigResponseVerifier(TsigKey key, Bytes request_mac, TsigPolicy policy = {});

    // Checks the next message. The first must be signed; later ones may be unsigned, up to
    // 99 in a row. After a failure every later call fails the same way.
    TsigResult verify(std::span<const std::uint8_t> wire, const Message& parsed, std::uint64_t now);
    // After the last message: ok if at least one message came and the last was signed.
    TsigResult finish() const;

  private:
    TsigResult fail(Rcode rcode, Rcode error, std::string reason);
    TsigKey key_;
    Bytes prior_mac_;
    TsigPolicy policy_;
    std::optional<Hmac> running_; // prior MAC + unsigned messages since the last signed one
    std::size_t messages_ = 0;
    std::size_t unsigned_ = 0;
    std::optional<TsigResult> failure_;
};

// ---- server side ----

// Finds the key for a key name (as the TSIG record's owner), or nullopt if unknown.
using TsigKeyLookup = std::function<std::optional<TsigKey>(const Name& key_name)>;

struct TsigRequestCheck : TsigResult {
    bool signed_request = false;      // the request had a TSIG record
    std::optional<TsigRdata> request; // its rdata, if it could be read
    Name key_name;                    // its owner
    std::optional<TsigKey> key;       // the key, if known (not after BADKEY)
};

// Checks a request's TSIG record in the order of RFC 8945 §5.2: key, MAC (with the
// truncation rules of §5.2.2.1), time (|now - Time Signed| <= the request's Fudge), then
// truncation policy. A request without TSIG is ok and unsigned.
TsigRequestCheck tsig_verify_request(std::span<const std::uint8_t> wire, const Message& parsed,
                                     const TsigKeyLookup& lookup, std::uint64_t now,
                                     const TsigPolicy& policy = {});

// Signs the responses to a checked request as RFC 8945 §5.3 prescribes for its outcome:
// no TSIG for an unsigned request or a malformed TSIG (FORMERR); an unsigned TSIG with
// empty MAC and the error for BADKEY and BADSIG; a signed one otherwise, carrying the
// error, and for BADTIME the request's Time Signed and our time in Other Data. The first
// message covers the request MAC and all TSIG variables, each later one the prior MAC and
// the timers only (§5.3.1).
class TsigResponseSigner {
  public:
    explicit TsigResponseSigner(const TsigRequestCheck& check,
                                std::uint16_t fudge = kTsigDefaultFudge);
    // Appends the TSIG record to the next response message (built with the request's ID).
    void sign(Bytes& message, std::uint64_t now);

  private:
    TsigRequestCheck check_;
    std::uint16_t fudge_;
    Bytes prior_mac_;
    bool first_ = true;
};

} // namespace dnsclay::dns
