#include "lib/dns/wire.hpp"

#include "lib/dns/error.hpp"

#include <algorithm>

namespace dnsclay::dns {

void WireReader::need(std::size_t n) const {
    if (n > msg_.size() - pos_) throw WireError("message truncated");
}

std::uint8_t WireReader::u8() {
    need(1);
    return msg_[pos_++];
}

std::uint16_t WireReader::u16() {
    need(2);
    std::uint16_t v = static_cast<std::uint16_t>(msg_[pos_] << 8 | msg_[pos_ + 1]);
    pos_ += 2;
    return v;
}

std::uint32_t WireReader::u32() {
    need(4);
    std::uint32_t v = static_cast<std::uint32_t>(msg_[pos_]) << 24 |
                      static_cast<std::uint32_t>(msg_[pos_ + 1]) << 16 |
                      static_cast<std::uint32_t>(msg_[pos_ + 2]) << 8 | msg_[pos_ + 3];
    pos_ += 4;
    return v;
}

std::uint64_t WireReader::u48() {
    std::uint64_t hi = u16();
    return hi << 32 | u32();
}

std::span<const std::uint8_t> WireReader::bytes(std::size_t n) {
    need(n);
    auto out = msg_.subspan(pos_, n);
    pos_ += n;
    return out;
}

void WireReader::seek(std::size_t pos) {
    if (pos > msg_.size()) throw WireError("seek past end of message");
    pos_ = pos;
}

Name WireReader::name() {
    std::uint8_t out[Name::kMaxWireLength];
    std::size_t out_len = 0;
    std::size_t pos = pos_;
    // Every pointer must go below the lowest position read so far: this forbids forward
    // pointers and makes loops impossible.
    std::size_t limit = pos_;
    bool jumped = false;
    while (true) {
        if (pos >= msg_.size()) throw WireError("domain name runs past the end of the message");
        std::uint8_t len = msg_[pos];
        if ((len & 0xc0) == 0xc0) {
            if (pos + 1 >= msg_.size())
                throw WireError("compression pointer runs past the end of the message");
            std::size_t target = static_cast<std::size_t>(len & 0x3f) << 8 | msg_[pos + 1];
            if (target >= limit) throw WireError("compression pointer does not point backwards");
            if (!jumped) pos_ = pos + 2;
            jumped = true;
            limit = target;
            pos = target;
            continue;
        }
        if (len & 0xc0) throw WireError("unsupported label type in domain name");
        if (out_len + 1 + len > Name::kMaxWireLength)
            throw WireError("domain name longer than 255 bytes");
        if (pos + 1 + len > msg_.size())
            throw WireError("domain name runs past the end of the message");
        std::copy_n(msg_.begin() + static_cast<std::ptrdiff_t>(pos), 1 + len, out + out_len);
        out_len += 1 + len;
        pos += 1 + len;
        if (len == 0) break;
    }
    if (!jumped) pos_ = pos;
    return Name::from_wire({out, out_len});
}

void WireWriter::u16(std::uint16_t v) {
    buf_.push_back(static_cast<std::uint8_t>(v >> 8));
    buf_.push_back(static_cast<std::uint8_t>(v));
}

void WireWriter::u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
}

void WireWriter::u48(std::uint64_t v) {
    u16(static_cast<std::uint16_t>(v >> 32));
    u32(static_cast<std::uint32_t>(v));
}

void WireWriter::name(const Name& n, bool compress) {
    auto wire = n.wire();
    if (!compress) {
        bytes(wire);
        return;
    }
    key_.clear();
    for (auto c : wire)
        key_.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
    std::string_view key = key_;
    std::size_t pos = 0;
    while (wire[pos] != 0) {
        auto suffix = key.substr(pos);
        auto it = suffixes_.find(suffix);
        if (it != suffixes_.end()) {
            u16(static_cast<std::uint16_t>(0xc000 | it->second));
            return;
        }
        if (buf_.size() < 0x4000)
            suffixes_.emplace(std::string(suffix), static_cast<std::uint16_t>(buf_.size()));
        std::size_t len = wire[pos];
        bytes(wire.subspan(pos, 1 + len));
        pos += 1 + len;
    }
    u8(0);
}

void WireWriter::patch_u16(std::size_t pos, std::uint16_t v) {
    buf_.at(pos) = static_cast<std::uint8_t>(v >> 8);
    buf_.at(pos + 1) = static_cast<std::uint8_t>(v);
}

void WireWriter::truncate(std::size_t size) {
    if (size >= buf_.size()) return;
    buf_.resize(size);
    std::erase_if(suffixes_, [size](const auto& kv) { return kv.second >= size; });
}

void WireWriter::clear() {
    buf_.clear();
    suffixes_.clear();
}

} // namespace dnsclay::dns
