#pragma once
// Errors raised by lib/dns. Wire errors come from malformed messages; text errors from
// presentation format and zone files, with the position they were found at.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace dnsclay::dns {

// A message, name or rdata in wire format that breaks the rules.
class WireError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Presentation-format input that cannot be read. line and column are 1-based; 0 means
// unknown (for example text that did not come from a file).
class TextError : public std::runtime_error {
  public:
    explicit TextError(const std::string& what, std::size_t line = 0, std::size_t column = 0)
        : std::runtime_error(what), line_(line), column_(column) {}
    std::size_t line() const { return line_; }
    std::size_t column() const { return column_; }

  private:
    std::size_t line_;
    std::size_t column_;
};

} // namespace dnsclay::dns
