#pragma once
// The pieces of a message's wire form shared by Message::parse/to_wire and MessageStreamer,
// so that whole messages and streamed ones are written the same way. Internal to lib/dns.
#include "lib/dns/message.hpp"

namespace dnsclay::dns::detail {

constexpr std::size_t kHeaderSize = 12;
// Offsets of the header fields patched after the sections are written.
constexpr std::size_t kFlagsOffset = 2;
constexpr std::size_t kCountsOffset = 4;

struct SectionCounts {
    std::uint16_t questions = 0, answers = 0, authorities = 0, additionals = 0;
};

// The second header word: QR, opcode, AA, TC, RD, RA, Z, AD, CD and the low 4 bits of rcode.
std::uint16_t header_flags(const Message& m, bool tc);
// Writes the 12-byte header with zero counts. Throws WireError if the rcode does not fit
// (above 15 without EDNS, above 4095 with it).
void write_header(WireWriter& w, const Message& m, bool tc);
void patch_counts(WireWriter& w, const SectionCounts& counts);
void write_question(WireWriter& w, const Question& q);
// Writes a record; with compress, its owner and the names in its rdata (where RFC 3597
// allows) may point at earlier names. Empty rdata is written as RDLENGTH 0 for every type
// (UPDATE's class ANY/NONE records). Throws WireError if the rdata exceeds 65535 bytes.
void write_record(WireWriter& w, const Record& r, bool compress);

// OPT pseudo-record (RFC 6891 §6.1.2): its size, writing it, and decoding one received.
std::size_t opt_size(const Edns& edns);
void write_opt(WireWriter& w, const Edns& edns, Rcode rcode);
// Decodes the OPT's CLASS, TTL and RDATA; the extended rcode bits (TTL's top byte) are
// returned through ext_rcode. Throws WireError on a malformed option list.
Edns decode_opt(std::uint16_t klass, std::uint32_t ttl, std::span<const std::uint8_t> rdata,
                std::uint8_t& ext_rcode);

} // namespace dnsclay::dns::detail
