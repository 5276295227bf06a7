#pragma once
// DNS messages (RFC 1035 §4, RFC 2136 §2 for UPDATE's section names, RFC 6891 for EDNS,
// RFC 8914 for Extended DNS Errors): parse from and build to wire format.
#include "lib/dns/name.hpp"
#include "lib/dns/record.hpp"
#include "lib/dns/types.hpp"
#include "lib/dns/wire.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dnsclay::dns {

// EDNS option codes we act on.
enum class EdnsOptionCode : std::uint16_t {
    NSID = 3,
    COOKIE = 10,
    TCP_KEEPALIVE = 11,
    PADDING = 12,
    EXTENDED_ERROR = 15,
};

// RFC 8914 info codes used by dnsclay (the registry has more; any value is accepted).
enum class EdeCode : std::uint16_t {
    OTHER = 0,
    STALE_ANSWER = 3,
    BLOCKED = 15,
    CENSORED = 16,
    FILTERED = 17,
    PROHIBITED = 18,
    NOT_AUTHORITATIVE = 20,
    NOT_SUPPORTED = 21,
    NO_REACHABLE_AUTHORITY = 22,
    NETWORK_ERROR = 23,
    INVALID_DATA = 24,
};

struct EdnsOption {
    std::uint16_t code = 0;
    Bytes data;
    friend bool operator==(const EdnsOption&, const EdnsOption&) = default;
};

struct ExtendedError {
    std::uint16_t info_code = 0;
    std::string text; // UTF-8, may be empty
    friend bool operator==(const ExtendedError&, const ExtendedError&) = default;
};

// The OPT pseudo-record, decoded.
struct Edns {
    std::uint16_t udp_payload_size = 1232;
    std::uint8_t version = 0;
    bool dnssec_ok = false;
    std::uint16_t flags = 0; // the Z flags other than DO, kept as received
    std::vector<EdnsOption> options;

    // The Extended DNS Errors among the options, in order. Malformed ones are skipped.
    std::vector<ExtendedError> extended_errors() const;
    void add_extended_error(std::uint16_t info_code, std::string_view text);
    friend bool operator==(const Edns&, const Edns&) = default;
};

struct Question {
    Name name;
    RRType type = RRType::A;
    RRClass klass = RRClass::IN;
    friend bool operator==(const Question&, const Question&) = default;
};

struct Message {
    std::uint16_t id = 0;
    bool qr = false;
    Opcode opcode = Opcode::QUERY;
    bool aa = false, tc = false, rd = false, ra = false, ad = false, cd = false;
    bool z = false; // the reserved header bit, kept as received
    // The full response code: the low 4 bits travel in the header, the high 8 in the OPT
    // record (so a code above 15 needs edns).
    Rcode rcode = Rcode::NOERROR;

    // For UPDATE these are the zone, prerequisite, update and additional sections.
    std::vector<Question> questions;
    std::vector<Record> answers;
    std::vector<Record> authorities;
    std::vector<Record> additionals; // without OPT and TSIG, which are decoded below

    std::optional<Edns> edns;
    // The TSIG record if it was the last record of the additional section (its rdata in
    // wire form; see tsig.hpp), and the offset of its first byte in the parsed message.
    std::optional<Record> tsig;
    std::size_t tsig_offset = 0;

    // Parses a whole message. Throws WireError on anything malformed: truncated data,
    // bad names, rdata that does not fit its type, more than one OPT, OPT not owned by the
    // root, TSIG anywhere but last, trailing bytes.
    static Message parse(std::span<const std::uint8_t> wire);

    // Builds the message, compressing names. If it would exceed `max_size` bytes (minus
    // `reserve`, room kept for a TSIG record added later) records are dropped from the end,
    // whole RRsets at a time, and TC is set when an answer or authority record had to go
    // (RFC 2181 §9); dropped additional records do not set TC. The OPT record and `tsig`
    // are always kept. Throws WireError if the rcode needs EDNS and there is none.
    Bytes to_wire(std::size_t max_size = 65535, std::size_t reserve = 0) const;

    // A response skeleton for this request: same id, opcode, question and RD; QR set;
    // an OPT record if the request had one.
    Message make_response(Rcode rcode = Rcode::NOERROR) const;

    // The header flags, section counts and records as dig prints them (for tests and
    // --trace output).
    std::string to_string() const;

    // Field by field; records compare their rdata bytes, so names inside rdata compare
    // case-sensitively. tsig_offset takes part too: it says where the TSIG was received.
    friend bool operator==(const Message&, const Message&) = default;
};

// Streams records into as many messages as needed (AXFR, RFC 5936 §2.2): each message
// repeats the template's header and question (and its OPT record, if it has edns), is
// filled up to `max_size - reserve` bytes, and is handed to `emit` when full and at
// finish(). A record too big for the limit goes out alone rather than never. The
// template's records are ignored. Only one message is in memory.
class MessageStreamer {
  public:
    using Emit = std::function<void(Bytes&&)>;
    MessageStreamer(const Message& header_template, std::size_t max_size, std::size_t reserve,
                    Emit emit);
    void add(const Record& record);
    // Emits the last message (even an empty one if nothing was added).
    void finish();
    std::size_t messages_emitted() const { return emitted_; }

  private:
    void start_message();
    // Completes the message being built (counts, OPT) and hands it to emit_.
    void flush();
    Message template_;
    std::size_t max_size_;
    std::size_t limit_;
    Emit emit_;
    WireWriter writer_;
    std::uint16_t count_ = 0;
    std::size_t emitted_ = 0;
};

} // namespace dnsclay::dns
