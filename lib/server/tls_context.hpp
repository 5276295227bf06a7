#pragma once
// The DNS-over-TLS server context: TLS 1.2 or later with forward-secret AEAD ciphers only,
// ALPN "dot" (RFC 7858 §3.2, RFC 9461), and a client certificate requested but not
// required. Client certificates are not checked against any CA: the client's key is the
// credential, looked up by its SPKI pin in state.db for each request.
#include "lib/server/tls_identity.hpp"

#include <asio/ssl.hpp>
#include <memory>

namespace dnsclay::server {

std::shared_ptr<asio::ssl::context> make_tls_context(const TlsIdentity& identity);

} // namespace dnsclay::server
