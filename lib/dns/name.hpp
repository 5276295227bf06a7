#pragma once
// Domain names (RFC 1035 §3.1, RFC 4343). A Name holds the uncompressed wire form of an
// absolute name, with the case it was given in; comparisons ignore ASCII case.
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsclay::dns {

class Name {
  public:
    static constexpr std::size_t kMaxWireLength = 255;
    static constexpr std::size_t kMaxLabelLength = 63;

    // The root name ".".
    Name();

    // Parses presentation form: labels separated by dots, with `\.`, `\X` and `\DDD`
    // escapes. A name without a trailing dot is relative and gets `origin` appended; "@"
    // is the origin itself. Throws TextError.
    static Name parse(std::string_view text, const Name& origin);
    // Parses a name, treating a relative one as relative to the root.
    static Name parse(std::string_view text);

    // Builds a name from uncompressed wire bytes, which must be exactly one valid name.
    // Throws WireError.
    static Name from_wire(std::span<const std::uint8_t> wire);

    // Presentation form, absolute, with a trailing dot; special characters escaped.
    std::string to_string() const;
    // Presentation form relative to `origin` ("@" for the origin itself); absolute if the
    // name is not below origin.
    std::string to_string_relative(const Name& origin) const;

    // Uncompressed wire form, including the terminating zero-length label.
    std::span<const std::uint8_t> wire() const;
    std::size_t wire_length() const { return wire_.size(); }

    // Number of labels, not counting the root label.
    std::size_t label_count() const;
    // The labels, first (leftmost) to last, without the root label.
    std::vector<std::string_view> labels() const;
    bool is_root() const { return wire_.size() == 1; }
    // True for "*" as the first label.
    bool is_wildcard() const;

    // The same name in lower case (RFC 4034 §6.2 canonical form).
    Name canonical() const;
    // The name with its first `n` labels removed; the root if n >= label_count().
    Name parent(std::size_t n = 1) const;
    // `label` prepended to this name. Throws TextError if too long.
    Name child(std::string_view label) const;
    // True if this name equals `ancestor` or lies below it.
    bool is_subdomain_of(const Name& ancestor) const;

    // Case-insensitive equality.
    friend bool operator==(const Name& a, const Name& b);
    // RFC 4034 §6.1 canonical ordering (by reversed labels, case-insensitive).
    friend std::strong_ordering operator<=>(const Name& a, const Name& b);

    // Hash consistent with case-insensitive equality.
    std::size_t hash() const;

  private:
    explicit Name(std::string wire) : wire_(std::move(wire)) {}
    std::string wire_;
};

struct NameHash {
    std::size_t operator()(const Name& n) const { return n.hash(); }
};

} // namespace dnsclay::dns
