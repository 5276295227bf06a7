// One outgoing NOTIFY (RFC 1996 §3.7): the message, the exchange, and what the answer said.
#include "lib/dns/tsig.hpp"
#include "lib/engine/exchange.hpp"
#include "lib/engine/notify.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/store.hpp"
#include "lib/zone/soa.hpp"

#include <fmt/core.h>
#include <random>

namespace dnsclay::engine {

dns::Message make_notify(const store::Zone& zone, std::uint16_t id) {
    dns::Message m;
    m.id = id;
    m.opcode = dns::Opcode::NOTIFY;
    m.aa = true;
    auto soa = zone::soa_record(zone);
    m.questions.push_back({soa.owner, dns::RRType::SOA, dns::RRClass::IN});
    m.answers.push_back(std::move(soa));
    // EDNS, so that a secondary can explain a refusal with an Extended DNS Error.
    m.edns = dns::Edns{};
    return m;
}

std::optional<std::string> notify_key(store::Db& db, const store::NotifyTarget& target) {
    if (target.tsig_key.empty()) return std::nullopt;
    auto cred = store::find_credential(db, target.tsig_key);
    if (!cred)
        throw std::runtime_error(
            fmt::format("its TSIG key {} no longer exists (dnsclay cred list)", target.tsig_key));
    if (cred->kind != "tsig")
        throw std::runtime_error(
            fmt::format("its key {} is a TLS key, not a TSIG key", target.tsig_key));
    return fmt::format("{}:{}:{}", cred->algorithm, cred->name, cred->secret);
}

NotifyAnswer send_notify(const store::Zone& zone, const store::NotifyTarget& target,
                         const std::optional<std::string>& tsig_key,
                         std::chrono::milliseconds timeout) {
    NotifyAnswer answer;
    answer.target = fmt::format("{}/{}", target.address, target.protocol);
    answer.tsig = "unsigned";
    try {
        std::uint16_t id = static_cast<std::uint16_t>(std::random_device{}());
        auto request = make_notify(zone, id);
        std::optional<dns::TsigKey> key;
        std::optional<dns::TsigResponseVerifier> verifier;
        dns::Bytes wire;
        auto now = [] { return static_cast<std::uint64_t>(store::now_unix()); };
        if (tsig_key) {
            key = dns::TsigKey::parse(*tsig_key, dns::TsigAlgorithm::HMAC_SHA256);
            wire = request.to_wire(65535, dns::tsig_record_size(*key));
            auto mac = dns::tsig_sign_request(wire, *key, now());
            verifier.emplace(*key, mac);
        } else {
            wire = request.to_wire();
        }
        auto start = std::chrono::steady_clock::now();
        auto reply = exchange(target.address, target.protocol == "tcp", wire, timeout);
        answer.rtt = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - start);
        auto parsed = dns::Message::parse(reply);
        if (!parsed.qr || parsed.opcode != dns::Opcode::NOTIFY)
            throw std::runtime_error("the answer is not a NOTIFY response");
        answer.answered = true;
        answer.rcode = parsed.rcode;
        if (parsed.edns)
            for (const auto& ede : parsed.edns->extended_errors())
                answer.ede_text.push_back(ede.text);
        if (verifier) {
            auto check = verifier->verify(reply, parsed, now());
            if (check.ok()) {
                answer.tsig = "verified";
            } else {
                answer.tsig =
                    fmt::format("failed: {} ({})", dns::to_string(check.error, true), check.reason);
                answer.error = "the answer's TSIG did not verify";
            }
        } else if (parsed.tsig) {
            answer.tsig = "signed answer to an unsigned request";
        }
    } catch (const std::exception& e) {
        answer.error = e.what();
    }
    return answer;
}

} // namespace dnsclay::engine
