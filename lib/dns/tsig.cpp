#include "lib/dns/tsig.hpp"

#include "lib/dns/error.hpp"

#include <algorithm>
#include <openssl/crypto.h>

namespace dnsclay::dns {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kArcountOffset = 10;

std::uint16_t get_u16(std::span<const std::uint8_t> wire, std::size_t at) {
    return static_cast<std::uint16_t>(wire[at] << 8 | wire[at + 1]);
}

// RFC 8945 §4.3.1: a MAC enters a later digest with its length in front.
void digest_mac(Hmac& h, std::span<const std::uint8_t> mac) {
    h.update_u16(static_cast<std::uint16_t>(mac.size()));
    h.update(mac);
}

// RFC 8945 §4.3.2: the message without its TSIG record, as it was before signing: the
// original ID in place of the ID and ARCOUNT not counting the TSIG record.
void digest_message(Hmac& h, std::span<const std::uint8_t> wire, std::size_t tsig_offset,
                    std::uint16_t original_id, bool tsig_present) {
    if (wire.size() < kHeaderSize || tsig_offset < kHeaderSize || tsig_offset > wire.size())
        throw WireError("message too short for TSIG");
    std::uint16_t arcount = get_u16(wire, kArcountOffset);
    if (tsig_present) {
        if (arcount == 0) throw WireError("TSIG record not counted in ARCOUNT");
        --arcount;
    }
    h.update_u16(original_id);
    h.update(wire.subspan(2, kArcountOffset - 2));
    h.update_u16(arcount);
    h.update(wire.subspan(kHeaderSize, tsig_offset - kHeaderSize));
}

// RFC 8945 §4.3.3: names in canonical (lower-case) form, class ANY, TTL 0; the MAC and the
// original ID are left out.
void digest_variables(Hmac& h, const Name& key_name, const TsigRdata& t) {
    h.update(key_name.canonical().wire());
    h.update_u16(static_cast<std::uint16_t>(RRClass::ANY));
    h.update_u32(0);
    h.update(t.algorithm.canonical().wire());
    h.update_u48(t.time_signed);
    h.update_u16(t.fudge);
    h.update_u16(static_cast<std::uint16_t>(t.error));
    h.update_u16(static_cast<std::uint16_t>(t.other.size()));
    h.update(t.other);
}

// RFC 8945 §5.3.1: later messages of a multi-message response cover only the timers.
void digest_timers(Hmac& h, const TsigRdata& t) {
    h.update_u48(t.time_signed);
    h.update_u16(t.fudge);
}

Bytes u48_bytes(std::uint64_t v) {
    Bytes out(6);
    for (int i = 5; i >= 0; --i, v >>= 8)
        out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    return out;
}

// Appends the TSIG record and counts it in ARCOUNT.
void append_tsig(Bytes& message, const Name& key_name, const TsigRdata& t) {
    if (message.size() < kHeaderSize) throw WireError("message too short to sign");
    std::uint16_t arcount = get_u16(message, kArcountOffset);
    if (arcount == 0xffff) throw WireError("no room for a TSIG record in ARCOUNT");
    Bytes rdata = t.encode();
    WireWriter w;
    w.name(key_name, false);
    w.u16(static_cast<std::uint16_t>(RRType::TSIG));
    w.u16(static_cast<std::uint16_t>(RRClass::ANY));
    w.u32(0);
    w.u16(static_cast<std::uint16_t>(rdata.size()));
    w.bytes(rdata);
    if (message.size() + w.size() > 65535) throw WireError("no room for the TSIG record");
    message.insert(message.end(), w.data().begin(), w.data().end());
    ++arcount;
    message[kArcountOffset] = static_cast<std::uint8_t>(arcount >> 8);
    message[kArcountOffset + 1] = static_cast<std::uint8_t>(arcount);
}

Bytes truncate_mac(Bytes mac, std::size_t size) {
    if (size != 0 && size < mac.size()) mac.resize(size);
    return mac;
}

bool time_ok(const TsigRdata& t, std::uint64_t now) {
    std::uint64_t diff = now > t.time_signed ? now - t.time_signed : t.time_signed - now;
    return diff <= t.fudge;
}

// RFC 8945 §5.2.2.1 rules 1 and 3: a MAC longer than the hash, or shorter than both 10
// bytes and half the hash, makes the message malformed.
std::optional<std::string> mac_size_error(std::size_t size, TsigAlgorithm alg) {
    std::size_t full = tsig_mac_length(alg);
    if (size > full) return "TSIG MAC longer than " + std::string(to_string(alg)) + " produces";
    if (size < std::max<std::size_t>(10, full / 2))
        return "TSIG MAC truncated below the minimum of RFC 8945";
    return std::nullopt;
}

// Compares the received (possibly truncated) MAC with the first bytes of ours, in constant
// time.
bool mac_matches(std::span<const std::uint8_t> received, const Bytes& computed) {
    return received.size() <= computed.size() &&
           CRYPTO_memcmp(received.data(), computed.data(), received.size()) == 0;
}

std::optional<std::string> truncation_policy_error(std::size_t size, TsigAlgorithm alg,
                                                   const TsigPolicy& policy) {
    if (size < tsig_mac_length(alg) && size < policy.min_mac_size)
        return "TSIG MAC truncated to " + std::to_string(size) + " bytes, below the " +
               std::to_string(policy.min_mac_size) + " required";
    return std::nullopt;
}

TsigResult result(Rcode rcode, Rcode error, std::string reason) {
    TsigResult r;
    r.rcode = rcode;
    r.error = error;
    r.reason = std::move(reason);
    return r;
}

// Reads a received TSIG record; nullopt if it breaks RFC 8945 §4.2 (class ANY, TTL 0).
std::optional<TsigRdata> read_tsig(const Record& rr, std::string& why) {
    if (rr.klass != RRClass::ANY || rr.ttl != 0) {
        why = "TSIG record must have class ANY and TTL 0";
        return std::nullopt;
    }
    try {
        return TsigRdata::decode(rr.rdata);
    } catch (const WireError& e) {
        why = std::string("malformed TSIG record: ") + e.what();
        return std::nullopt;
    }
}

} // namespace

Bytes tsig_sign_request(Bytes& message, const TsigKey& key, std::uint64_t now,
                        const TsigSignOptions& options) {
    if (message.size() < kHeaderSize) throw WireError("message too short to sign");
    TsigRdata t;
    t.algorithm = tsig_algorithm_name(key.algorithm);
    t.time_signed = now;
    t.fudge = options.fudge;
    t.original_id = get_u16(message, 0);
    Hmac h(key.algorithm, key.secret);
    digest_message(h, message, message.size(), t.original_id, false);
    digest_variables(h, key.name, t);
    t.mac = truncate_mac(h.finish(), options.mac_size);
    append_tsig(message, key.name, t);
    return t.mac;
}

TsigResponseVerifier::TsigResponseVerifier(TsigKey key, Bytes request_mac, TsigPolicy policy)
    : key_(std::move(key)), prior_mac_(std::move(request_mac)), policy_(policy) {}

TsigResult TsigResponseVerifier::fail(Rcode rcode, Rcode error, std::string reason) {
    failure_ = result(rcode, error, std::move(reason));
    return *failure_;
}

TsigResult TsigResponseVerifier::verify(std::span<const std::uint8_t> wire, const Message& parsed,
                                        std::uint64_t now) {
    if (failure_) return *failure_;
    ++messages_;
    if (!parsed.tsig) {
        if (messages_ == 1)
            return fail(Rcode::FORMERR, Rcode::NOERROR, "response is not TSIG-signed");
        if (++unsigned_ > kTsigMaxUnsignedMessages)
            return fail(Rcode::FORMERR, Rcode::NOERROR,
                        "more than 99 unsigned messages in a row in a TSIG-signed response");
        running_->update(wire);
        return {};
    }
    std::string why;
    auto t = read_tsig(*parsed.tsig, why);
    if (!t) return fail(Rcode::FORMERR, Rcode::NOERROR, why);
    if (parsed.tsig->owner != key_.name || tsig_algorithm_from_name(t->algorithm) != key_.algorithm)
        return fail(Rcode::NOTAUTH, Rcode::BADKEY,
                    "response signed with key " + parsed.tsig->owner.to_string() + " (" +
                        t->algorithm.to_string() + "), not the request's");
    // §5.3.2: BADKEY and BADSIG answers come unsigned; nothing to verify.
    if (t->mac.empty() && t->error != Rcode::NOERROR)
        return fail(Rcode::NOTAUTH, t->error,
                    "server answered TSIG error " + to_string(t->error, true));
    if (auto e = mac_size_error(t->mac.size(), key_.algorithm))
        return fail(Rcode::FORMERR, Rcode::NOERROR, *e);

    bool first = messages_ == 1;
    if (first) {
        running_.emplace(key_.algorithm, key_.secret);
        digest_mac(*running_, prior_mac_);
    }
    digest_message(*running_, wire, parsed.tsig_offset, t->original_id, true);
    if (first)
        digest_variables(*running_, key_.name, *t);
    else
        digest_timers(*running_, *t);
    Bytes computed = running_->finish();
    if (!mac_matches(t->mac, computed))
        return fail(Rcode::NOTAUTH, Rcode::BADSIG, "TSIG MAC of the response does not verify");
    if (!time_ok(*t, now))
        return fail(Rcode::NOTAUTH, Rcode::BADTIME,
                    "TSIG time of the response is outside its fudge");
    if (auto e = truncation_policy_error(t->mac.size(), key_.algorithm, policy_))
        return fail(Rcode::NOTAUTH, Rcode::BADTRUNC, *e);
    if (t->error != Rcode::NOERROR)
        return fail(Rcode::NOTAUTH, t->error,
                    "server answered TSIG error " + to_string(t->error, true));

    prior_mac_ = t->mac;
    unsigned_ = 0;
    running_.emplace(key_.algorithm, key_.secret);
    digest_mac(*running_, prior_mac_);
    return {};
}

TsigResult TsigResponseVerifier::finish() const {
    if (failure_) return *failure_;
    if (messages_ == 0) return result(Rcode::FORMERR, Rcode::NOERROR, "no response received");
    if (unsigned_ != 0)
        return result(Rcode::FORMERR, Rcode::NOERROR,
                      "the last message of the response is not TSIG-signed");
    return {};
}

TsigRequestCheck tsig_verify_request(std::span<const std::uint8_t> wire, const Message& parsed,
                                     const TsigKeyLookup& lookup, std::uint64_t now,
                                     const TsigPolicy& policy) {
    TsigRequestCheck c;
    if (!parsed.tsig) return c;
    c.signed_request = true;
    c.key_name = parsed.tsig->owner;
    auto set = [&c](Rcode rcode, Rcode error, std::string reason) {
        c.rcode = rcode;
        c.error = error;
        c.reason = std::move(reason);
        return c;
    };
    std::string why;
    c.request = read_tsig(*parsed.tsig, why);
    if (!c.request) return set(Rcode::FORMERR, Rcode::NOERROR, why);
    const TsigRdata& t = *c.request;

    // §5.2.1: an unknown key, or a key used with another algorithm, is BADKEY.
    c.key = lookup(c.key_name);
    if (!c.key)
        return set(Rcode::NOTAUTH, Rcode::BADKEY, "unknown TSIG key " + c.key_name.to_string());
    if (tsig_algorithm_from_name(t.algorithm) != c.key->algorithm) {
        c.key.reset();
        return set(Rcode::NOTAUTH, Rcode::BADKEY,
                   "TSIG key " + c.key_name.to_string() + " is not for algorithm " +
                       t.algorithm.to_string());
    }
    const TsigKey& key = *c.key;

    // §5.2.2
    if (auto e = mac_size_error(t.mac.size(), key.algorithm))
        return set(Rcode::FORMERR, Rcode::NOERROR, *e);
    Hmac h(key.algorithm, key.secret);
    try {
        digest_message(h, wire, parsed.tsig_offset, t.original_id, true);
    } catch (const WireError& e) {
        return set(Rcode::FORMERR, Rcode::NOERROR, e.what());
    }
    digest_variables(h, c.key_name, t);
    if (!mac_matches(t.mac, h.finish()))
        return set(Rcode::NOTAUTH, Rcode::BADSIG, "TSIG MAC does not verify");
    // §5.2.3
    if (!time_ok(t, now))
        return set(Rcode::NOTAUTH, Rcode::BADTIME,
                   "TSIG time " + std::to_string(t.time_signed) + " is more than " +
                       std::to_string(t.fudge) + " s from ours (" + std::to_string(now) + ")");
    // §5.2.4
    if (auto e = truncation_policy_error(t.mac.size(), key.algorithm, policy))
        return set(Rcode::NOTAUTH, Rcode::BADTRUNC, *e);
    return c;
}

TsigResponseSigner::TsigResponseSigner(const TsigRequestCheck& check, std::uint16_t fudge)
    : check_(check), fudge_(fudge) {
    if (check_.request) prior_mac_ = check_.request->mac;
}

void TsigResponseSigner::sign(Bytes& message, std::uint64_t now) {
    // An unsigned request, or a TSIG record we could not use (answered with FORMERR).
    if (!check_.signed_request || check_.rcode == Rcode::FORMERR) return;
    if (message.size() < kHeaderSize) throw WireError("message too short to sign");
    const TsigRdata& request = *check_.request;
    TsigRdata t;
    t.algorithm = request.algorithm;
    t.time_signed = now;
    t.fudge = fudge_;
    t.original_id = get_u16(message, 0);
    t.error = check_.error;
    // §5.3.2: errors about the key or the MAC are answered unsigned: the client could not
    // check a MAC over a request MAC we did not accept.
    if (!check_.key || check_.error == Rcode::BADSIG) {
        append_tsig(message, check_.key_name, t);
        return;
    }
    if (check_.error == Rcode::BADTIME) {
        // The client's own time lets it check our answer; ours tells it how far off it is.
        t.other = u48_bytes(now);
        t.time_signed = request.time_signed;
    }
    Hmac h(check_.key->algorithm, check_.key->secret);
    digest_mac(h, prior_mac_);
    digest_message(h, message, message.size(), t.original_id, false);
    if (first_)
        digest_variables(h, check_.key_name, t);
    else
        digest_timers(h, t);
    t.mac = h.finish();
    append_tsig(message, check_.key_name, t);
    prior_mac_ = t.mac;
    first_ = false;
}

} // namespace dnsclay::dns
