// A DNS exchange with TSIG (RFC 8945): the request signed, the answer verified.
#include "lib/dns/error.hpp"
#include "lib/dns/tsig.hpp"
#include "lib/engine/exchange.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/store.hpp"

#include <fmt/core.h>

namespace dnsclay::engine {

SignedAnswer signed_exchange(const std::string& address, bool tcp, const dns::Message& request,
                             const std::optional<std::string>& tsig_key,
                             std::chrono::milliseconds timeout) {
    auto now = [] { return static_cast<std::uint64_t>(store::now_unix()); };
    std::optional<dns::TsigResponseVerifier> verifier;
    dns::Bytes wire;
    if (tsig_key) {
        auto key = dns::TsigKey::parse(*tsig_key, dns::TsigAlgorithm::HMAC_SHA256);
        wire = request.to_wire(65535, dns::tsig_record_size(key));
        auto mac = dns::tsig_sign_request(wire, key, now());
        verifier.emplace(key, mac);
    } else {
        wire = request.to_wire();
    }
    auto start = std::chrono::steady_clock::now();
    auto reply = exchange(address, tcp, wire, timeout);
    SignedAnswer answer;
    answer.rtt = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    try {
        answer.message = dns::Message::parse(reply);
    } catch (const dns::WireError& e) {
        throw std::runtime_error(fmt::format("{}: malformed answer: {}", address, e.what()));
    }
    if (answer.message.id != request.id || !answer.message.qr)
        throw std::runtime_error(fmt::format("{}: the answer is not one to our request", address));
    if (verifier) {
        auto check = verifier->verify(reply, answer.message, now());
        if (check.ok()) {
            answer.tsig = "verified";
        } else {
            answer.tsig =
                fmt::format("failed: {} ({})", dns::to_string(check.error, true), check.reason);
            answer.verified = false;
        }
    } else if (answer.message.tsig) {
        answer.tsig = "signed answer to an unsigned request";
    }
    return answer;
}

std::optional<std::string> signing_key(store::Db& db, const std::string& name) {
    if (name.empty()) return std::nullopt;
    auto cred = store::find_credential(db, name);
    if (!cred)
        throw std::runtime_error(
            fmt::format("its TSIG key {} no longer exists (dnsclay cred list)", name));
    if (cred->kind != "tsig")
        throw std::runtime_error(fmt::format("its key {} is a TLS key, not a TSIG key", name));
    return fmt::format("{}:{}:{}", cred->algorithm, cred->name, cred->secret);
}

} // namespace dnsclay::engine
