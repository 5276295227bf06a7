#include "lib/dns/tsig_key.hpp"

#include "lib/dns/encoding.hpp"
#include "lib/dns/error.hpp"

#include <array>
#include <cctype>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdexcept>

namespace dnsclay::dns {
namespace {

struct AlgorithmInfo {
    TsigAlgorithm alg;
    std::string_view tool_name;
    std::string_view wire_name;
    const char* digest; // OpenSSL digest name
    std::size_t mac_length;
};

// RFC 8945 §6: the wire names; hmac-md5 keeps its historic RFC 2845 name.
constexpr std::array<AlgorithmInfo, 6> kAlgorithms = {{
    {TsigAlgorithm::HMAC_MD5, "hmac-md5", "HMAC-MD5.SIG-ALG.REG.INT.", "MD5", 16},
    {TsigAlgorithm::HMAC_SHA1, "hmac-sha1", "hmac-sha1.", "SHA1", 20},
    {TsigAlgorithm::HMAC_SHA224, "hmac-sha224", "hmac-sha224.", "SHA224", 28},
    {TsigAlgorithm::HMAC_SHA256, "hmac-sha256", "hmac-sha256.", "SHA256", 32},
    {TsigAlgorithm::HMAC_SHA384, "hmac-sha384", "hmac-sha384.", "SHA384", 48},
    {TsigAlgorithm::HMAC_SHA512, "hmac-sha512", "hmac-sha512.", "SHA512", 64},
}};

const AlgorithmInfo& info(TsigAlgorithm alg) {
    return kAlgorithms.at(static_cast<std::size_t>(alg));
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// One HMAC implementation object shared by all computations (fetching it is costly).
EVP_MAC* hmac_implementation() {
    static EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
    if (!mac) throw std::runtime_error("OpenSSL provides no HMAC");
    return mac;
}

} // namespace

const Name& tsig_algorithm_name(TsigAlgorithm alg) {
    static const std::array<Name, 6> names = [] {
        std::array<Name, 6> out;
        for (std::size_t i = 0; i < kAlgorithms.size(); ++i)
            out[i] = Name::parse(kAlgorithms[i].wire_name);
        return out;
    }();
    return names.at(static_cast<std::size_t>(alg));
}

std::string_view to_string(TsigAlgorithm alg) {
    return info(alg).tool_name;
}

std::optional<TsigAlgorithm> tsig_algorithm_from_string(std::string_view text) {
    if (!text.empty() && text.back() == '.') text.remove_suffix(1);
    for (const auto& a : kAlgorithms) {
        std::string_view wire = a.wire_name.substr(0, a.wire_name.size() - 1);
        if (iequals(text, a.tool_name) || iequals(text, wire)) return a.alg;
    }
    return std::nullopt;
}

std::optional<TsigAlgorithm> tsig_algorithm_from_name(const Name& wire_name) {
    for (const auto& a : kAlgorithms)
        if (wire_name == tsig_algorithm_name(a.alg)) return a.alg;
    return std::nullopt;
}

std::size_t tsig_mac_length(TsigAlgorithm alg) {
    return info(alg).mac_length;
}

TsigKey TsigKey::parse(std::string_view spec, TsigAlgorithm default_algorithm) {
    // The secret is base64 (no ':'), so the last ':' separates it; an algorithm, if
    // present, ends at the first one. Key names with ':' are therefore not supported.
    auto last = spec.rfind(':');
    if (last == std::string_view::npos) throw TextError("TSIG key must be [algorithm:]name:secret");
    std::string_view head = spec.substr(0, last);
    std::string_view secret = spec.substr(last + 1);
    TsigKey key;
    key.algorithm = default_algorithm;
    if (auto first = head.find(':'); first != std::string_view::npos) {
        auto alg = tsig_algorithm_from_string(head.substr(0, first));
        if (!alg)
            throw TextError("unknown TSIG algorithm \"" + std::string(head.substr(0, first)) +
                            "\"");
        key.algorithm = *alg;
        head = head.substr(first + 1);
    }
    if (head.empty()) throw TextError("TSIG key name is empty");
    key.name = Name::parse(head);
    if (!base64_decode(secret, key.secret)) throw TextError("TSIG key secret is not base64");
    if (key.secret.empty()) throw TextError("TSIG key secret is empty");
    return key;
}

TsigKey TsigKey::generate(Name name, TsigAlgorithm algorithm) {
    TsigKey key{std::move(name), algorithm, Bytes(tsig_mac_length(algorithm))};
    if (RAND_bytes(key.secret.data(), static_cast<int>(key.secret.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return key;
}

namespace {
// The key name as tools print it: without the trailing dot (except the root).
std::string tool_name(const Name& name) {
    std::string s = name.to_string();
    if (s.size() > 1) s.pop_back();
    return s;
}

std::string base64(std::span<const std::uint8_t> data) {
    std::string out;
    base64_encode(data, out);
    return out;
}
} // namespace

std::string TsigKey::to_nsupdate() const {
    return std::string(to_string(algorithm)) + ":" + tool_name(name) + ":" + base64(secret);
}

std::string TsigKey::to_knot_config() const {
    return "key:\n  - id: " + name.to_string() +
           "\n    algorithm: " + std::string(to_string(algorithm)) +
           "\n    secret: " + base64(secret) + "\n";
}

std::string TsigKey::to_bind_config() const {
    return "key \"" + name.to_string() + "\" {\n\talgorithm " + std::string(to_string(algorithm)) +
           ";\n\tsecret \"" + base64(secret) + "\";\n};\n";
}

struct Hmac::Ctx {
    EVP_MAC_CTX* ctx = nullptr;
    ~Ctx() { EVP_MAC_CTX_free(ctx); }
};

Hmac::Hmac(TsigAlgorithm alg, std::span<const std::uint8_t> secret)
    : ctx_(std::make_unique<Ctx>()) {
    ctx_->ctx = EVP_MAC_CTX_new(hmac_implementation());
    if (!ctx_->ctx) throw std::runtime_error("EVP_MAC_CTX_new failed");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(info(alg).digest),
                                         0),
        OSSL_PARAM_construct_end(),
    };
    // HMAC takes an empty key, but OpenSSL wants a non-null pointer for it.
    static const std::uint8_t empty = 0;
    if (EVP_MAC_init(ctx_->ctx, secret.empty() ? &empty : secret.data(), secret.size(), params) !=
        1)
        throw std::runtime_error("EVP_MAC_init failed for " + std::string(to_string(alg)));
}

Hmac::~Hmac() = default;
Hmac::Hmac(Hmac&&) noexcept = default;
Hmac& Hmac::operator=(Hmac&&) noexcept = default;

void Hmac::update(std::span<const std::uint8_t> data) {
    if (data.empty()) return;
    if (EVP_MAC_update(ctx_->ctx, data.data(), data.size()) != 1)
        throw std::runtime_error("EVP_MAC_update failed");
}

void Hmac::update_u16(std::uint16_t v) {
    const std::uint8_t b[2] = {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    update(b);
}

void Hmac::update_u32(std::uint32_t v) {
    update_u16(static_cast<std::uint16_t>(v >> 16));
    update_u16(static_cast<std::uint16_t>(v));
}

void Hmac::update_u48(std::uint64_t v) {
    update_u16(static_cast<std::uint16_t>(v >> 32));
    update_u32(static_cast<std::uint32_t>(v));
}

Bytes Hmac::finish() {
    Bytes out(EVP_MAX_MD_SIZE);
    std::size_t n = 0;
    if (EVP_MAC_final(ctx_->ctx, out.data(), &n, out.size()) != 1)
        throw std::runtime_error("EVP_MAC_final failed");
    out.resize(n);
    return out;
}

} // namespace dnsclay::dns
