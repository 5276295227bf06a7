#pragma once
// The tokenizer of RFC 1035 §5.1 master files, shared by the zone-file reader and by every
// place that reads one record's text (CLI arguments, provider values).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dnsclay::dns {

struct Token {
    std::string text;     // quotes removed; escapes kept as written (the rdata parser reads them)
    bool quoted = false;  // written as "..."
    std::size_t line = 0; // 1-based position of the token's first character
    std::size_t column = 0;
};

// One logical entry: a line, or several joined by parentheses.
struct Entry {
    std::vector<Token> tokens;
    bool owner_omitted = false; // the entry's first line started with a blank
    std::size_t line = 0;
};

// Splits text into entries. Comments (";" to end of line) are dropped, parentheses join
// lines, quoted strings may hold blanks and ";". Throws TextError with line and column on
// an unterminated quote or unbalanced parenthesis.
class Lexer {
  public:
    explicit Lexer(std::string_view text) : text_(text) {}
    // Fills `entry` with the next non-empty entry; false at the end of the text.
    bool next(Entry& entry);

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
};

// All tokens of a single-entry text such as one record's rdata.
std::vector<Token> tokenize(std::string_view text);

} // namespace dnsclay::dns
