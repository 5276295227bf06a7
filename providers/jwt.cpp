#include "providers/jwt.hpp"

#include "providers/digest.hpp"

#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <vector>

namespace dnsclay::providers {
namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Key read_key(std::string_view pem, bool is_private) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) throw JwtError("cannot read the key: out of memory");
    Key key(is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                       : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        throw JwtError(is_private ? "the private key is not an RSA key in PEM form"
                                  : "the public key is not in PEM form");
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        throw JwtError("the key is not an RSA key, which RS256 needs");
    return key;
}

} // namespace

std::string jwt_rs256(std::string_view header_json, std::string_view claims_json,
                      std::string_view private_key_pem) {
    auto key = read_key(private_key_pem, true);
    auto input = base64url(header_json) + "." + base64url(claims_json);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    std::size_t size = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
        throw JwtError("cannot sign with the RSA key");
    std::vector<std::uint8_t> signature(size);
    if (EVP_DigestSign(ctx.get(), signature.data(), &size,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
        throw JwtError("cannot sign with the RSA key");
    signature.resize(size);
    return input + "." + base64url(signature);
}

bool jwt_rs256_verify(std::string_view token, std::string_view public_key_pem) {
    auto last = token.rfind('.');
    if (last == std::string_view::npos || token.find('.') == last) return false;
    std::vector<std::uint8_t> signature;
    if (!base64url_decode(token.substr(last + 1), signature)) return false;
    auto header = jwt_part(token, 0);
    if (header.find("\"RS256\"") == std::string::npos) return false;
    auto key = read_key(public_key_pem, false);
    auto input = token.substr(0, last);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                            reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
}

std::string jwt_part(std::string_view token, int part) {
    std::size_t start = 0;
    for (int i = 0; i < part; ++i) {
        start = token.find('.', start);
        if (start == std::string_view::npos) return "";
        ++start;
    }
    auto end = token.find('.', start);
    if (end == std::string_view::npos) return "";
    std::vector<std::uint8_t> bytes;
    if (!base64url_decode(token.substr(start, end - start), bytes)) return "";
    return std::string(bytes.begin(), bytes.end());
}

} // namespace dnsclay::providers
