#pragma once
// RFC 1035 §5 master files ("zone files") as BIND and Knot write them: reading, one record
// at a time, and writing a file their checkers (named-checkzone, kzonecheck) accept.
#include "lib/dns/lexer.hpp"
#include "lib/dns/name.hpp"
#include "lib/dns/record.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsclay::dns {

// Reads records from zone-file text one at a time, so a large file is never held twice
// (the text and all its records). Understands $ORIGIN, $TTL, "@", an omitted owner (the
// previous record's), an omitted TTL ($TTL, else the previous record's, RFC 2308 §4), an
// omitted class (the previous record's, else IN), TTL and class in either order, TTL
// units ("1h30m"), parentheses, comments and quoted strings. $INCLUDE and $GENERATE are
// refused. Every error is a TextError whose line() and column() point at the offending
// token and whose message starts with "line L, column C:".
class ZoneFileReader {
  public:
    // `origin` is the initial $ORIGIN: what "@" and relative names mean until a $ORIGIN
    // line changes it. `text` must outlive the reader.
    ZoneFileReader(std::string_view text, Name origin);

    // Reads the next record into `record`; false at the end of the text.
    bool next(Record& record);

    // The origin in effect after the entries read so far.
    const Name& origin() const { return origin_; }

  private:
    // The lexer's next entry, its errors in our format.
    bool next_entry();
    // Handles a $ directive entry.
    void directive();
    // Builds `record` from a record entry.
    void record_entry(Record& record);

    Lexer lexer_;
    Entry entry_;
    Name origin_;
    std::optional<std::uint32_t> default_ttl_; // from $TTL
    std::optional<std::uint32_t> last_ttl_;    // of the previous record
    std::optional<Name> last_owner_;
    std::optional<RRClass> last_class_;
};

// All records of a zone file, in file order.
std::vector<Record> read_zone_file(std::string_view text, const Name& origin);

// A zone file for `records`: "$ORIGIN origin" and "$TTL" (the SOA's TTL, else the first
// record's), then the SOA record(s), then every other record in the order given, one per
// line with owner, TTL, class and type spelled out. Owners below the origin are written
// relative to it; rdata is in its canonical text form (absolute names).
std::string write_zone_file(std::span<const Record> records, const Name& origin);

} // namespace dnsclay::dns
