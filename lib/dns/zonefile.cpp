#include "lib/dns/zonefile.hpp"

#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/dns/ttl.hpp"
#include "lib/dns/types.hpp"

#include <algorithm>
#include <cctype>

namespace dnsclay::dns {
namespace {

[[noreturn]] void fail(const std::string& message, std::size_t line, std::size_t column) {
    throw TextError("line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                        message,
                    line, column);
}

[[noreturn]] void fail(const std::string& message, const Token& at) {
    fail(message, at.line, at.column);
}

// Re-raises an error from a parser that only saw one token's text (positions relative to
// that text, or none) at the token's place in the file.
[[noreturn]] void fail_at(const TextError& error, const Token& at) {
    if (error.line() != 0) fail(error.what(), error.line(), error.column());
    std::size_t column = at.column + (error.column() > 0 ? error.column() - 1 : 0);
    fail(error.what(), at.line, column);
}

std::string quoted(const Token& t) {
    return "\"" + t.text + "\"";
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

Name parse_name(const Token& t, const Name& origin) {
    if (t.quoted) fail("expected a domain name, got the quoted string " + quoted(t), t);
    try {
        return Name::parse(t.text, origin);
    } catch (const TextError& e) {
        fail_at(e, t);
    }
}

std::uint32_t parse_ttl_token(const Token& t) {
    try {
        return parse_ttl(t.text);
    } catch (const TextError& e) {
        fail_at(e, t);
    }
}

bool starts_with_digit(const Token& t) {
    return !t.quoted && !t.text.empty() && t.text[0] >= '0' && t.text[0] <= '9';
}

// Classes that hold data; NONE and ANY only have meaning in UPDATE and queries.
std::optional<RRClass> data_class(const Token& t) {
    if (t.quoted) return std::nullopt;
    auto c = rrclass_from_string(t.text);
    if (c && (*c == RRClass::NONE || *c == RRClass::ANY)) return std::nullopt;
    return c;
}

} // namespace

ZoneFileReader::ZoneFileReader(std::string_view text, Name origin)
    : lexer_(text), origin_(std::move(origin)) {}

bool ZoneFileReader::next(Record& record) {
    while (next_entry()) {
        const Token& first = entry_.tokens.front();
        if (!entry_.owner_omitted && !first.quoted && first.text.starts_with('$')) {
            directive();
            continue;
        }
        record_entry(record);
        return true;
    }
    return false;
}

bool ZoneFileReader::next_entry() {
    try {
        return lexer_.next(entry_);
    } catch (const TextError& e) {
        fail(e.what(), e.line(), e.column());
    }
}

void ZoneFileReader::directive() {
    const auto& tokens = entry_.tokens;
    const Token& name = tokens[0];
    auto want_one_argument = [&](const char* what) {
        if (tokens.size() < 2) fail(name.text + " needs " + what, name);
        if (tokens.size() > 2)
            fail("unexpected " + quoted(tokens[2]) + " after the " + name.text + " value",
                 tokens[2]);
    };
    if (iequals(name.text, "$ORIGIN")) {
        want_one_argument("a domain name");
        origin_ = parse_name(tokens[1], origin_);
    } else if (iequals(name.text, "$TTL")) {
        want_one_argument("a TTL");
        default_ttl_ = parse_ttl_token(tokens[1]);
    } else if (iequals(name.text, "$INCLUDE")) {
        fail("$INCLUDE is not supported: put the included records into this file", name);
    } else if (iequals(name.text, "$GENERATE")) {
        fail("$GENERATE is not supported: write the generated records out one per line", name);
    } else {
        fail("unknown directive " + quoted(name) + " (expected $ORIGIN or $TTL)", name);
    }
}

void ZoneFileReader::record_entry(Record& record) {
    const auto& tokens = entry_.tokens;
    std::size_t i = 0;
    if (entry_.owner_omitted) {
        if (!last_owner_)
            fail("the first record must name its owner (the line starts with a blank)",
                 tokens[0].line, 1);
        record.owner = *last_owner_;
    } else {
        record.owner = parse_name(tokens[0], origin_);
        last_owner_ = record.owner;
        i = 1;
    }

    std::optional<std::uint32_t> ttl;
    std::optional<RRClass> klass;
    for (; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (!ttl && starts_with_digit(t)) {
            ttl = parse_ttl_token(t);
        } else if (auto c = !klass ? data_class(t) : std::nullopt) {
            klass = c;
        } else {
            break;
        }
    }
    if (i == tokens.size()) {
        const Token& last = tokens.back();
        fail("expected a record type after " + quoted(last), last.line,
             last.column + last.text.size() + (last.quoted ? 2 : 0));
    }
    const Token& type_token = tokens[i];
    auto type = type_token.quoted ? std::nullopt : rrtype_from_string(type_token.text);
    if (!type) {
        std::string expected = "expected ";
        if (!ttl) expected += "a TTL, ";
        if (!klass) expected += "a class, ";
        fail(expected + "a record type, got " + quoted(type_token), type_token);
    }
    if (is_meta_type(*type))
        fail("type " + type_token.text + " is a query type and cannot be in a zone file",
             type_token);
    record.type = *type;

    if (klass && last_class_ && *klass != *last_class_)
        fail("class " + to_string(*klass) + " differs from the class " + to_string(*last_class_) +
                 " of the records before it",
             tokens[i - 1]);
    record.klass = klass ? *klass : last_class_.value_or(RRClass::IN);
    last_class_ = record.klass;

    if (ttl) {
        record.ttl = *ttl;
    } else if (default_ttl_) {
        record.ttl = *default_ttl_;
    } else if (last_ttl_) {
        record.ttl = *last_ttl_;
    } else {
        fail("no TTL: give this record one, or put a $TTL line before it", type_token);
    }
    last_ttl_ = record.ttl;

    std::span<const Token> rdata_tokens(tokens.data() + i + 1, tokens.size() - i - 1);
    try {
        record.rdata = rdata_from_tokens(record.type, rdata_tokens, origin_);
    } catch (const TextError& e) {
        fail_at(e, rdata_tokens.empty() ? type_token : rdata_tokens.front());
    }
}

std::vector<Record> read_zone_file(std::string_view text, const Name& origin) {
    std::vector<Record> out;
    ZoneFileReader reader(text, origin);
    Record record;
    while (reader.next(record))
        out.push_back(std::move(record));
    return out;
}

std::string write_zone_file(std::span<const Record> records, const Name& origin) {
    auto is_soa = [](const Record& r) { return r.type == RRType::SOA; };
    auto soa = std::find_if(records.begin(), records.end(), is_soa);
    std::uint32_t default_ttl = soa != records.end() ? soa->ttl
                                : !records.empty()   ? records.front().ttl
                                                     : 3600;
    std::string out =
        "$ORIGIN " + origin.to_string() + "\n$TTL " + std::to_string(default_ttl) + "\n";
    // Room for every line up front: growing a string of megabytes step by step copies it
    // over and over (a third of the writer's time for 100,000 records).
    std::size_t estimate = out.size();
    for (const auto& r : records)
        estimate += 48 + 2 * r.rdata.size();
    out.reserve(estimate);
    auto write = [&](const Record& r) {
        // Columns padded for people reading the file; the reader needs only the blanks.
        std::size_t start = out.size();
        out += r.owner.to_string_relative(origin);
        out.append(std::max<std::size_t>(1, 24 - std::min<std::size_t>(24, out.size() - start)),
                   ' ');
        out += std::to_string(r.ttl);
        out += ' ';
        out += to_string(r.klass);
        out += ' ';
        out += to_string(r.type);
        out += ' ';
        out += rdata_to_text(r.type, r.rdata);
        out += '\n';
    };
    for (const auto& r : records)
        if (is_soa(r)) write(r);
    for (const auto& r : records)
        if (!is_soa(r)) write(r);
    return out;
}

} // namespace dnsclay::dns
