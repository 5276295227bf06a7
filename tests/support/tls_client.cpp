#include "tests/support/tls_client.hpp"

namespace dnsclay::test {

dns::Bytes tls_exchange(const std::string& address, int port, const dns::Bytes& query,
                        const TlsClientKey& client, std::chrono::milliseconds timeout) {
    StreamClient connection(address, port, StreamClient::Security::Tls, timeout, client);
    connection.send(query);
    return connection.receive();
}

} // namespace dnsclay::test
