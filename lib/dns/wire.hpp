#pragma once
// Reading and writing DNS wire format: big-endian integers, and names with compression
// (RFC 1035 §4.1.4) on write and checked decompression on read.
#include "lib/dns/name.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dnsclay::dns {

using Bytes = std::vector<std::uint8_t>;

// Reads from one whole message (compression pointers are offsets into it). Every read is
// bounds-checked and throws WireError.
class WireReader {
  public:
    explicit WireReader(std::span<const std::uint8_t> message, std::size_t pos = 0)
        : msg_(message), pos_(pos) {}

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u48();
    std::span<const std::uint8_t> bytes(std::size_t n);
    // A possibly compressed name. Pointers must point strictly backwards, so loops are
    // impossible; label types 0x40/0x80 and names over 255 bytes are refused.
    Name name();

    std::size_t pos() const { return pos_; }
    void seek(std::size_t pos);
    std::size_t remaining() const { return msg_.size() - pos_; }
    std::span<const std::uint8_t> message() const { return msg_; }

  private:
    void need(std::size_t n) const;
    std::span<const std::uint8_t> msg_;
    std::size_t pos_;
};

// Appends to a buffer. Names can be compressed against names written earlier through
// name(..., true).
class WireWriter {
  public:
    WireWriter() = default;

    void u8(std::uint8_t v) { buf_.push_back(v); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void u48(std::uint64_t v);
    void bytes(std::span<const std::uint8_t> b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
    void bytes(std::string_view b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
    // Writes a name; with compress, reuses a suffix written before and remembers this
    // name's suffixes for later names.
    void name(const Name& n, bool compress);
    // Overwrites two bytes at `pos` (for counts and RDLENGTH filled in afterwards).
    void patch_u16(std::size_t pos, std::uint16_t v);
    // Cuts the buffer back to `size` bytes (to undo a record that did not fit), forgetting
    // compression targets beyond it.
    void truncate(std::size_t size);
    void clear();

    std::size_t size() const { return buf_.size(); }
    const Bytes& data() const { return buf_; }
    Bytes& data() { return buf_; }
    Bytes take() { return std::move(buf_); }

  private:
    // Looked up by string_view, so that trying a suffix allocates nothing.
    struct SuffixHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    Bytes buf_;
    // Lower-cased wire form of a name suffix -> its offset in buf_ (below 0x4000).
    std::unordered_map<std::string, std::uint16_t, SuffixHash, std::equal_to<>> suffixes_;
    std::string key_; // the lower-cased name being written, kept for its capacity
};

} // namespace dnsclay::dns
