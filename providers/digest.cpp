#include "providers/digest.hpp"

#include "lib/dns/encoding.hpp"
#include "lib/dns/tsig_key.hpp"

#include <openssl/evp.h>
#include <stdexcept>

namespace dnsclay::providers {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Digest digest(const EVP_MD* md, std::string_view data) {
    Digest out(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1)
        throw std::runtime_error("EVP_Digest failed");
    out.resize(size);
    return out;
}

} // namespace

Digest sha256(std::string_view data) {
    return digest(EVP_sha256(), data);
}

Digest sha1(std::string_view data) {
    return digest(EVP_sha1(), data);
}

Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data) {
    dns::Hmac mac(dns::TsigAlgorithm::HMAC_SHA256, key);
    mac.update(bytes_of(data));
    return mac.finish();
}

std::string lower_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0xf];
    }
    return out;
}

std::string base64url(std::span<const std::uint8_t> bytes) {
    std::string out;
    dns::base64_encode(bytes, out);
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    for (auto& c : out)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

std::string base64url(std::string_view text) {
    return base64url(bytes_of(text));
}

bool base64url_decode(std::string_view text, std::vector<std::uint8_t>& out) {
    std::string standard(text);
    for (auto& c : standard) {
        if (c == '+' || c == '/') return false;
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    while (standard.size() % 4 != 0)
        standard += '=';
    return dns::base64_decode(standard, out);
}

} // namespace dnsclay::providers
