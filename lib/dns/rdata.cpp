// The public rdata conversions, each one pass of the text reader or the wire walker over
// the type's schema (rdata_schema.cpp), with the RFC 3597 generic form for the rest.
#include "lib/dns/rdata.hpp"

#include "lib/dns/encoding.hpp"
#include "lib/dns/error.hpp"
#include "lib/dns/rdata_schema.hpp"

#include <algorithm>

namespace dnsclay::dns {
namespace {

using rdata::FieldSink;
using rdata::Kind;
using rdata::Schema;
using rdata::TokenReader;
using rdata::WireCursor;

constexpr std::size_t kMaxRdata = 65535;

// RFC 3597 §5: "\# LEN HEX...", valid for every type; for known types the bytes must
// have the type's format.
Bytes generic_from_tokens(RRType type, TokenReader& in) {
    in.next();
    const Token& len_token = in.next();
    auto len = rdata::parse_number(in, len_token, len_token.text, kMaxRdata);
    std::string hex;
    while (!in.done())
        hex += in.next().text;
    Bytes out;
    out.reserve(len);
    if (!hex_decode(hex, out)) in.fail("bad hex data in generic rdata");
    if (out.size() != len)
        in.fail(len_token, "generic rdata says " + std::to_string(len) + " bytes but has " +
                               std::to_string(out.size()));
    try {
        rdata_check(type, out);
    } catch (const WireError& e) {
        in.fail(len_token, std::string("generic rdata does not fit the type: ") + e.what());
    }
    return out;
}

std::string generic_to_text(std::span<const std::uint8_t> rdata) {
    std::string out = "\\# " + std::to_string(rdata.size());
    if (!rdata.empty()) {
        out.push_back(' ');
        hex_encode(rdata, out);
    }
    return out;
}

// Copies fields; names uncompressed, lower-cased if asked.
class AppendSink final : public FieldSink {
  public:
    AppendSink(Bytes& out, bool lower) : out_(out), lower_(lower) {}
    void field(Kind, std::span<const std::uint8_t> raw) override {
        out_.insert(out_.end(), raw.begin(), raw.end());
    }
    void name(const Name& n) override {
        if (!lower_) return field(Kind::Name, n.wire());
        Name lowered = n.canonical();
        field(Kind::Name, lowered.wire());
    }

  private:
    Bytes& out_;
    bool lower_;
};

class NullSink final : public FieldSink {
  public:
    void field(Kind, std::span<const std::uint8_t>) override {}
    void name(const Name&) override {}
};

class WriterSink final : public FieldSink {
  public:
    explicit WriterSink(WireWriter& w) : w_(w) {}
    void field(Kind, std::span<const std::uint8_t> raw) override { w_.bytes(raw); }
    void name(const Name& n) override { w_.name(n, true); }

  private:
    WireWriter& w_;
};

class TextSink final : public FieldSink {
  public:
    void field(Kind kind, std::span<const std::uint8_t> raw) override {
        // An empty key or digest has no text form but the generic one.
        if ((kind == Kind::Base64 || kind == Kind::Hex) && raw.empty()) generic = true;
        std::size_t before = out.size();
        if (!out.empty()) out.push_back(' ');
        std::size_t start = out.size();
        rdata::write_field(kind, raw, out);
        if (out.size() == start) out.resize(before); // an empty type bitmap
    }
    void name(const Name& n) override {
        if (!out.empty()) out.push_back(' ');
        out += n.to_string();
    }
    std::string out;
    bool generic = false;
};

void walk(const Schema& schema, std::span<const std::uint8_t> rdata, FieldSink& sink) {
    if (rdata.size() > kMaxRdata) throw WireError("rdata longer than 65535 bytes");
    WireReader reader(rdata);
    WireCursor cursor(reader, rdata.size(), false);
    rdata::walk_wire(schema, cursor, sink);
}

} // namespace

Bytes rdata_from_tokens(RRType type, std::span<const Token> tokens, const Name& origin) {
    TokenReader in(type, tokens);
    if (!tokens.empty() && !tokens[0].quoted && tokens[0].text == "\\#")
        return generic_from_tokens(type, in);
    const Schema* schema = rdata::find_schema(type);
    if (!schema) in.fail("this type needs the generic form \\# LEN HEX");
    Bytes out;
    out.reserve(32);
    for (Kind kind : schema->kinds) {
        if (kind == Kind::End) break;
        rdata::read_field(kind, in, origin, out);
    }
    if (!in.done()) in.fail(*in.peek(), "too many fields");
    if (out.size() > kMaxRdata) in.fail("rdata longer than 65535 bytes");
    return out;
}

Bytes rdata_from_text(RRType type, std::string_view text, const Name& origin) {
    auto tokens = tokenize(text);
    return rdata_from_tokens(type, tokens, origin);
}

std::string rdata_to_text(RRType type, std::span<const std::uint8_t> rdata) {
    if (const Schema* schema = rdata::find_schema(type)) {
        try {
            TextSink sink;
            walk(*schema, rdata, sink);
            if (!sink.generic) return std::move(sink.out);
        } catch (const WireError&) {
            // Malformed for its type: the generic form still shows every byte.
        }
    }
    return generic_to_text(rdata);
}

Bytes rdata_from_wire(RRType type, WireReader& reader, std::uint16_t length) {
    if (length > reader.remaining()) throw WireError("rdata runs past the end of the message");
    const Schema* schema = rdata::find_schema(type);
    if (schema && (schema->flags & rdata::kDecompress)) {
        Bytes out;
        out.reserve(length + 32u);
        WireCursor cursor(reader, reader.pos() + length, true);
        AppendSink sink(out, false);
        rdata::walk_wire(*schema, cursor, sink);
        if (out.size() > kMaxRdata) throw WireError("decompressed rdata longer than 65535 bytes");
        return out;
    }
    auto bytes = reader.bytes(length);
    if (schema) {
        NullSink sink;
        walk(*schema, bytes, sink);
    }
    return Bytes(bytes.begin(), bytes.end());
}

void rdata_check(RRType type, std::span<const std::uint8_t> rdata) {
    if (rdata.size() > kMaxRdata) throw WireError("rdata longer than 65535 bytes");
    if (const Schema* schema = rdata::find_schema(type)) {
        NullSink sink;
        walk(*schema, rdata, sink);
    }
}

void rdata_to_wire(RRType type, std::span<const std::uint8_t> rdata, WireWriter& writer) {
    const Schema* schema = rdata::find_schema(type);
    if (!schema || !(schema->flags & rdata::kCompress)) return writer.bytes(rdata);
    WriterSink sink(writer);
    walk(*schema, rdata, sink);
}

Bytes rdata_canonical(RRType type, std::span<const std::uint8_t> rdata) {
    const Schema* schema = rdata::find_schema(type);
    if (!schema || !(schema->flags & rdata::kCanonical)) return Bytes(rdata.begin(), rdata.end());
    Bytes out;
    out.reserve(rdata.size());
    AppendSink sink(out, true);
    walk(*schema, rdata, sink);
    return out;
}

bool rdata_equal(RRType type, std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    if (std::equal(a.begin(), a.end(), b.begin(), b.end())) return true;
    const Schema* schema = rdata::find_schema(type);
    // Only names may differ in case; their lengths cannot.
    if (a.size() != b.size() || !schema ||
        std::find(schema->kinds.begin(), schema->kinds.end(), Kind::Name) == schema->kinds.end())
        return false;
    try {
        Bytes la, lb;
        AppendSink sa(la, true), sb(lb, true);
        walk(*schema, a, sa);
        walk(*schema, b, sb);
        return la == lb;
    } catch (const WireError&) {
        return false;
    }
}

} // namespace dnsclay::dns
