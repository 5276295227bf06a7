#include "lib/server/tls_context.hpp"

#include <cstring>
#include <openssl/ssl.h>

namespace dnsclay::server {
namespace {

constexpr unsigned char kAlpnDot[] = {'d', 'o', 't'};

// Picks "dot" if the client offers it. A client offering only other protocols is
// refused (RFC 7301 §3.2); one offering none is served.
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                unsigned int inlen, void*) {
    for (unsigned int i = 0; i < inlen;) {
        unsigned int len = in[i];
        if (i + 1 + len > inlen) break;
        if (len == sizeof kAlpnDot && std::memcmp(in + i + 1, kAlpnDot, len) == 0) {
            *out = in + i + 1;
            *outlen = static_cast<unsigned char>(len);
            return SSL_TLSEXT_ERR_OK;
        }
        i += 1 + len;
    }
    return SSL_TLSEXT_ERR_ALERT_FATAL;
}

} // namespace

std::shared_ptr<asio::ssl::context> make_tls_context(const TlsIdentity& identity) {
    auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    SSL_CTX* native = ctx->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_compression |
                     asio::ssl::context::single_dh_use);
    // TLS 1.3 suites are all AEAD; for 1.2 only ECDHE with AES-GCM or ChaCha20-Poly1305.
    SSL_CTX_set_cipher_list(native, "ECDHE+AESGCM:ECDHE+CHACHA20");
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE);
    ctx->use_certificate_chain_file(identity.cert_path);
    ctx->use_private_key_file(identity.key_path, asio::ssl::context::pem);
    ctx->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_client_once);
    ctx->set_verify_callback([](bool, asio::ssl::verify_context&) { return true; });
    // Needed with client certificates, or resumed sessions fail (SSL_CTX_set_session_id_context).
    static const unsigned char kSessionContext[] = "dnsclay-dot";
    SSL_CTX_set_session_id_context(native, kSessionContext, sizeof kSessionContext - 1);
    SSL_CTX_set_alpn_select_cb(native, select_alpn, nullptr);
    return ctx;
}

} // namespace dnsclay::server
