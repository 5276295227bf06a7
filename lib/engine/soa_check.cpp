#include "lib/engine/soa_check.hpp"

#include "lib/dns/message.hpp"
#include "lib/engine/exchange.hpp"

#include <fmt/core.h>
#include <random>

namespace dnsclay::engine {
namespace {

// " (EDE text; ...)" from the answer's Extended DNS Errors, or nothing.
std::string ede_text(const dns::Message& m) {
    std::string out;
    if (m.edns)
        for (const auto& e : m.edns->extended_errors())
            if (!e.text.empty()) out += (out.empty() ? "" : "; ") + e.text;
    return out.empty() ? out : " (" + out + ")";
}

// One server's serial for the zone; throws std::runtime_error saying what was wrong.
std::uint32_t ask(const SoaQuery& q, const std::string& server) {
    dns::Message request;
    request.id = static_cast<std::uint16_t>(std::random_device{}());
    request.questions.push_back({q.zone, dns::RRType::SOA, dns::RRClass::IN});
    request.edns = dns::Edns{}; // room for a signed answer, and an EDE explaining a refusal
    auto reply = signed_exchange(server, false, request, q.tsig_key, q.timeout);
    if (reply.message.tc) reply = signed_exchange(server, true, request, q.tsig_key, q.timeout);
    const auto& m = reply.message;
    if (!reply.verified)
        throw std::runtime_error(fmt::format("{}: answered {}{}, and the answer's TSIG did not "
                                             "verify: {}",
                                             server, dns::to_string(m.rcode), ede_text(m),
                                             reply.tsig));
    if (m.rcode != dns::Rcode::NOERROR)
        throw std::runtime_error(
            fmt::format("{}: answered {}{}", server, dns::to_string(m.rcode), ede_text(m)));
    if (!m.aa)
        throw std::runtime_error(
            fmt::format("{}: is not authoritative for {} (its answer has no AA bit)", server,
                        q.zone.to_string()));
    for (const auto& r : m.answers) {
        if (r.type != dns::RRType::SOA || !(r.owner == q.zone)) continue;
        dns::WireReader reader(r.rdata);
        reader.name();
        reader.name();
        return reader.u32();
    }
    throw std::runtime_error(
        fmt::format("{}: answered without the SOA of {} (is it the zone's server?)", server,
                    q.zone.to_string()));
}

} // namespace

std::uint32_t authoritative_serial(const SoaQuery& q) {
    if (q.servers.empty())
        throw SoaCheckError(
            fmt::format("zone {} has no authoritative servers to ask", q.zone.to_string()));
    std::string failures;
    for (const auto& server : q.servers) {
        if (q.cancel && q.cancel->load()) throw SoaCheckError("cancelled: shutting down");
        try {
            return ask(q, server);
        } catch (const std::exception& e) {
            failures += (failures.empty() ? "" : "; ") + std::string(e.what());
        }
    }
    throw SoaCheckError(fmt::format("SOA query for {} to its authoritative servers failed: {}",
                                    q.zone.to_string(), failures));
}

} // namespace dnsclay::engine
