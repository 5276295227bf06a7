// One outgoing NOTIFY (RFC 1996 §3.7): the message, the exchange, and what the answer said.
#include "lib/engine/exchange.hpp"
#include "lib/engine/notify.hpp"
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

NotifyAnswer send_notify(const store::Zone& zone, const store::NotifyTarget& target,
                         const std::optional<std::string>& tsig_key,
                         std::chrono::milliseconds timeout) {
    NotifyAnswer answer;
    answer.target = fmt::format("{}/{}", target.address, target.protocol);
    answer.tsig = "unsigned";
    try {
        std::uint16_t id = static_cast<std::uint16_t>(std::random_device{}());
        auto reply = signed_exchange(target.address, target.protocol == "tcp",
                                     make_notify(zone, id), tsig_key, timeout);
        answer.rtt = reply.rtt;
        answer.tsig = reply.tsig;
        if (reply.message.opcode != dns::Opcode::NOTIFY)
            throw std::runtime_error("the answer is not a NOTIFY response");
        answer.answered = true;
        answer.rcode = reply.message.rcode;
        if (reply.message.edns)
            for (const auto& ede : reply.message.edns->extended_errors())
                answer.ede_text.push_back(ede.text);
        if (!reply.verified) answer.error = "the answer's TSIG did not verify";
    } catch (const std::exception& e) {
        answer.error = e.what();
    }
    return answer;
}

} // namespace dnsclay::engine
