#include "lib/server/tls_identity.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <memory>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dnsclay::server {
namespace {

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void file_close(FILE* f) {
    std::fclose(f);
}
using File = std::unique_ptr<FILE, Deleter<FILE, file_close>>;

[[noreturn]] void fail(const std::string& what) {
    char buf[256] = {};
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    ERR_clear_error();
    throw TlsError(fmt::format("{}: {}", what, buf));
}

bool exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

} // namespace

std::vector<std::uint8_t> spki_pin(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(key, &der);
    if (len <= 0) fail("encoding the public key");
    std::vector<std::uint8_t> pin(SHA256_DIGEST_LENGTH);
    SHA256(der, static_cast<std::size_t>(len), pin.data());
    OPENSSL_free(der);
    return pin;
}

namespace {

File open_file(const std::string& path, const char* mode, mode_t perms = 0) {
    if (perms) {
        // Create with restrictive permissions before anything secret is written.
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, perms);
        if (fd < 0) throw TlsError(fmt::format("cannot create {}: {}", path, std::strerror(errno)));
        return File(::fdopen(fd, mode));
    }
    File f(std::fopen(path.c_str(), mode));
    if (!f) throw TlsError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
    return f;
}

void create(const std::string& key_path, const std::string& cert_path) {
    PKey key(EVP_EC_gen("P-256"));
    if (!key) fail("generating the TLS key");
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    // A random positive serial (RFC 5280 §4.1.2.2).
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) fail("random serial");
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 100L * 365 * 24 * 3600);
    X509_NAME* subject = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("dnsclay"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), subject);
    X509_set_pubkey(cert.get(), key.get());
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) fail("signing the certificate");

    auto kf = open_file(key_path, "w", 0600);
    if (!PEM_write_PrivateKey(kf.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        fail("writing " + key_path);
    auto cf = open_file(cert_path, "w", 0644);
    if (!PEM_write_X509(cf.get(), cert.get())) fail("writing " + cert_path);
}

} // namespace

TlsIdentity load_or_create_identity(const std::string& key_path, const std::string& cert_path) {
    TlsIdentity id{key_path, cert_path, {}, false};
    bool have_key = exists(key_path), have_cert = exists(cert_path);
    if (have_key != have_cert)
        throw TlsError(fmt::format("{} exists but {} does not: restore it or remove both",
                                   have_key ? key_path : cert_path,
                                   have_key ? cert_path : key_path));
    if (!have_key) {
        create(key_path, cert_path);
        id.created = true;
    }
    auto kf = open_file(key_path, "r");
    PKey key(PEM_read_PrivateKey(kf.get(), nullptr, nullptr, nullptr));
    if (!key) fail("reading " + key_path);
    id.pin = pin_of_pem_file(cert_path);
    if (id.pin != spki_pin(key.get()))
        throw TlsError(fmt::format("{} does not hold the public key of {}", cert_path, key_path));
    return id;
}

std::vector<std::uint8_t> pin_of_pem_file(const std::string& path) {
    auto f = open_file(path, "r");
    if (Cert cert{PEM_read_X509(f.get(), nullptr, nullptr, nullptr)})
        return spki_pin(X509_get0_pubkey(cert.get()));
    ERR_clear_error();
    std::rewind(f.get());
    if (PKey key{PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr)}) return spki_pin(key.get());
    fail(fmt::format("{} holds no PEM certificate or public key", path));
}

} // namespace dnsclay::server
