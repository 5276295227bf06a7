#include "lib/store/keys.hpp"

#include <algorithm>
#include <cctype>
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

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::uint8_t> sha256(std::span<const std::uint8_t> data) {
    std::vector<std::uint8_t> out(SHA256_DIGEST_LENGTH);
    SHA256(data.data(), data.size(), out.data());
    return out;
}

std::optional<std::vector<std::uint8_t>> pin_of(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    int n = i2d_PUBKEY(key, &der);
    if (n <= 0) return std::nullopt;
    auto pin = sha256({der, static_cast<std::size_t>(n)});
    OPENSSL_free(der);
    return pin;
}

} // namespace

const std::vector<std::string>& tsig_algorithms() {
    static const std::vector<std::string> all = {"hmac-sha1", "hmac-sha224", "hmac-sha256",
                                                 "hmac-sha384", "hmac-sha512"};
    return all;
}

std::optional<std::string> tsig_algorithm(std::string_view text) {
    std::string s = lower(text);
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
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(),
                            static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) return std::nullopt;
    for (char c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=')
            return std::nullopt;
    std::size_t pad = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    if (text.substr(0, text.size() - pad).find('=') != std::string_view::npos) return std::nullopt;
    std::vector<std::uint8_t> out(text.size() / 4 * 3);
    int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - pad);       // EVP_DecodeBlock counts padding as zeros
    if (base64_encode(out) != text) return std::nullopt; // non-canonical trailing bits
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
    for (auto b : data)
        out += fmt::format("{:02x}", b);
    return out;
}

std::optional<std::vector<std::uint8_t>> spki_pin_from_pem_file(const std::string& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "r"), &std::fclose);
    if (!f) throw std::runtime_error(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    if (EVP_PKEY* key = PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr)) {
        auto pin = pin_of(key);
        EVP_PKEY_free(key);
        return pin;
    }
    std::rewind(f.get());
    if (X509* cert = PEM_read_X509(f.get(), nullptr, nullptr, nullptr)) {
        auto pin = pin_of(X509_get0_pubkey(cert));
        X509_free(cert);
        return pin;
    }
    return std::nullopt;
}

std::optional<std::vector<std::uint8_t>> parse_spki_pin(std::string_view text) {
    std::optional<std::vector<std::uint8_t>> out;
    if (text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c));
        })) {
        std::vector<std::uint8_t> v;
        for (std::size_t i = 0; i < 64; i += 2)
            v.push_back(
                static_cast<std::uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
        out = v;
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
