#include "lib/store/keys.hpp"

#include "lib/dns/encoding.hpp"
#include "lib/text/ascii.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/core.h>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <stdexcept>

namespace dnsclay::store {
namespace {

std::vector<std::uint8_t> sha256(std::span<const std::uint8_t> data) {
    std::vector<std::uint8_t> out(SHA256_DIGEST_LENGTH);
    SHA256(data.data(), data.size(), out.data());
    return out;
}

} // namespace

std::optional<std::vector<std::uint8_t>> spki_pin_of(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    int n = key ? i2d_PUBKEY(key, &der) : 0;
    if (n <= 0) return std::nullopt;
    auto pin = sha256({der, static_cast<std::size_t>(n)});
    OPENSSL_free(der);
    return pin;
}

const std::vector<std::string>& tsig_algorithms() {
    // hmac-md5 is weak but still the default of certbot-dns-rfc2136 and of nsupdate's
    // two-part -y form (RFC 8945 §6 keeps it as optional to implement).
    static const std::vector<std::string> all = {"hmac-md5",    "hmac-sha1",   "hmac-sha224",
                                                 "hmac-sha256", "hmac-sha384", "hmac-sha512"};
    return all;
}

std::optional<std::string> tsig_algorithm(std::string_view text) {
    std::string s = text::ascii_lower(text);
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (!s.starts_with("hmac-")) s = "hmac-" + s;
    for (const auto& a : tsig_algorithms())
        if (a == s) return a;
    return std::nullopt;
}

std::string generate_tsig_secret(const std::string& algorithm) {
    const EVP_MD* md = EVP_get_digestbyname(algorithm.substr(5).c_str());
    if (!md) throw std::runtime_error("unsupported TSIG algorithm " + algorithm);
    std::vector<std::uint8_t> key(static_cast<std::size_t>(EVP_MD_get_size(md)));
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
        throw std::runtime_error("the system's random number generator failed");
    return base64_encode(key);
}

std::string base64_encode(std::span<const std::uint8_t> data) {
    std::string out;
    dns::base64_encode(data, out);
    return out;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    std::vector<std::uint8_t> out;
    if (text.empty() || !dns::base64_decode(text, out)) return std::nullopt;
    return out;
}

std::string base64url_encode(std::span<const std::uint8_t> data) {
    std::string s = base64_encode(data);
    while (!s.empty() && s.back() == '=')
        s.pop_back();
    std::replace(s.begin(), s.end(), '+', '-');
    std::replace(s.begin(), s.end(), '/', '_');
    return s;
}

std::string hex_encode(std::span<const std::uint8_t> data) {
    std::string out;
    dns::hex_encode(data, out);
    return text::ascii_lower(out);
}

std::optional<std::vector<std::uint8_t>> spki_pin_from_pem_file(const std::string& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "r"), &std::fclose);
    if (!f) throw std::runtime_error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    if (EVP_PKEY* key = PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr)) {
        auto pin = spki_pin_of(key);
        EVP_PKEY_free(key);
        return pin;
    }
    std::rewind(f.get());
    if (X509* cert = PEM_read_X509(f.get(), nullptr, nullptr, nullptr)) {
        auto pin = spki_pin_of(X509_get0_pubkey(cert));
        X509_free(cert);
        return pin;
    }
    return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> parse_spki_pin(std::string_view text) {
    std::optional<std::vector<std::uint8_t>> out;
    if (text.size() == 64) {
        std::vector<std::uint8_t> v;
        if (dns::hex_decode(text, v)) out = v;
    } else if (text.size() == 44) {
        out = base64_decode(text);
    } else if (text.size() == 43) {
        std::string s(text);
        if (s.find_first_of("+/=") != std::string::npos) return std::nullopt;
        std::replace(s.begin(), s.end(), '-', '+');
        std::replace(s.begin(), s.end(), '_', '/');
        out = base64_decode(s + "=");
    }
    if (out && out->size() != 32) return std::nullopt;
    return out;
}

} // namespace dnsclay::store
