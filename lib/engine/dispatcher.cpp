#include "lib/engine/dispatcher.hpp"

#include "lib/dns/encoding.hpp"
#include "lib/dns/error.hpp"
#include "lib/dns/tsig.hpp"
#include "lib/engine/handlers.hpp"
#include "lib/engine/tls_pin.hpp"

#include <chrono>
#include <ctime>
#include <fmt/core.h>

namespace dnsclay::engine {
namespace {

constexpr std::size_t kHeaderSize = 12;

// FORMERR for a message we could not parse: only the header can be trusted, so only the
// id, opcode and RD are echoed (RFC 1035 §4.1.1).
dns::Bytes formerr_header(std::span<const std::uint8_t> wire) {
    dns::Bytes out(kHeaderSize, 0);
    out[0] = wire[0];
    out[1] = wire[1];
    out[2] = static_cast<std::uint8_t>(0x80 | (wire[2] & 0x79)); // QR, opcode, RD
    out[3] = static_cast<std::uint8_t>(dns::Rcode::FORMERR);
    return out;
}

std::optional<dns::TsigKey> tsig_key(const CatalogData& catalog, const dns::Name& key_name) {
    const auto* cred = catalog.find_tsig(key_name);
    if (!cred) return std::nullopt;
    auto alg = dns::tsig_algorithm_from_string(cred->algorithm);
    if (!alg) return std::nullopt;
    dns::Bytes secret;
    if (!dns::base64_decode(cred->secret, secret)) return std::nullopt; // damaged: no key
    return dns::TsigKey{key_name, *alg, std::move(secret)};
}

std::string tsig_failure_text(const dns::TsigRequestCheck& check) {
    return fmt::format("TSIG key {}: {} ({})", check.key_name.to_string(), check.reason,
                       dns::to_string(check.error, true));
}

void trace(Context& ctx, const RequestInfo& info, std::string_view what,
           std::span<const std::uint8_t> wire) {
    std::string text;
    try {
        text = dns::Message::parse(wire).to_string();
    } catch (const dns::WireError& e) {
        text = fmt::format(";; unparsable ({} bytes): {}\n", wire.size(), e.what());
    }
    ctx.log().write(
        fmt::format(";; {} {} {}\n{}\n", what, to_string(info.transport), info.peer, text));
}

// Validation steps 4-8 (see dispatcher.hpp); returns false after answering an error.
bool validate(const dns::Message& msg, Responder& out) {
    if (msg.edns && msg.edns->version != 0) {
        out.error(dns::Rcode::BADVERS, dns::EdeCode::OTHER,
                  fmt::format("EDNS version {} is not supported, only 0", msg.edns->version));
        return false;
    }
    if (msg.rcode != dns::Rcode::NOERROR || msg.tc) {
        out.error(dns::Rcode::FORMERR, dns::EdeCode::OTHER,
                  msg.tc ? "a request must not have TC set" : "a request must have RCODE 0");
        return false;
    }
    if (msg.opcode != dns::Opcode::QUERY && msg.opcode != dns::Opcode::NOTIFY &&
        msg.opcode != dns::Opcode::UPDATE) {
        out.error(dns::Rcode::NOTIMP, dns::EdeCode::NOT_SUPPORTED,
                  fmt::format("opcode {} is not supported", dns::to_string(msg.opcode)));
        return false;
    }
    if (msg.questions.size() != 1) {
        out.error(dns::Rcode::FORMERR, dns::EdeCode::OTHER,
                  fmt::format("a request must have exactly 1 {}, not {}",
                              msg.opcode == dns::Opcode::UPDATE ? "zone" : "question",
                              msg.questions.size()));
        return false;
    }
    auto klass = msg.questions[0].klass;
    if (klass != dns::RRClass::IN &&
        !(klass == dns::RRClass::CH && msg.opcode == dns::Opcode::QUERY)) {
        out.error(dns::Rcode::REFUSED, dns::EdeCode::NOT_SUPPORTED,
                  fmt::format("class {} is not served", dns::to_string(klass)));
        return false;
    }
    return true;
}

// Plain queries, the bulk of the traffic, may use a catalog up to Catalog::kMaxAge behind
// other processes' changes, unless it lacks the zone, TSIG key or TLS key the query names:
// `zone add` or `cred add` may have just added it. Everything else (UPDATE, NOTIFY,
// transfers) is checked against state.db now.
std::shared_ptr<const CatalogData> catalog_for(Catalog& catalog, const dns::Message& msg,
                                               const RequestInfo& info) {
    if (msg.opcode != dns::Opcode::QUERY || msg.questions.size() != 1) return catalog.current();
    const auto& q = msg.questions[0];
    if (q.type == dns::RRType::AXFR || q.type == dns::RRType::IXFR) return catalog.current();
    auto recent = catalog.recent();
    bool knows_all = (q.klass != dns::RRClass::IN || recent->find_zone_for(q.name)) &&
                     (!msg.tsig || recent->find_tsig(msg.tsig->owner)) &&
                     (!info.tls_pin || recent->find_pin(*info.tls_pin));
    return knows_all ? recent : catalog.current();
}

void route(Request& req) {
    const auto& msg = req.msg;
    const auto& q = msg.questions[0];
    if (msg.opcode == dns::Opcode::UPDATE) {
        req.kind = "update";
        handle_update(req);
    } else if (msg.opcode == dns::Opcode::NOTIFY) {
        req.kind = "notify";
        handle_notify(req);
    } else if (q.type == dns::RRType::AXFR || q.type == dns::RRType::IXFR) {
        req.kind = q.type == dns::RRType::AXFR ? "axfr" : "ixfr";
        handle_transfer(req);
    } else {
        req.kind = "query";
        handle_query(req);
    }
}

} // namespace

std::string_view to_string(Transport t) {
    switch (t) {
    case Transport::Udp:
        return "udp";
    case Transport::Tcp:
        return "tcp";
    case Transport::Tls:
        return "tls";
    }
    return "?";
}

Outcome Dispatcher::handle(std::span<const std::uint8_t> wire, const RequestInfo& info,
                           const Emit& emit_raw) {
    bool stream = info.transport != Transport::Udp;
    if (wire.size() < kHeaderSize || (wire[2] & 0x80) != 0) {
        ctx_.log().log(LogLevel::Debug, "dropped a message that is not a request",
                       {{"peer", info.peer}, {"bytes", std::to_string(wire.size())}});
        return {stream};
    }
    auto started = std::chrono::steady_clock::now();
    if (ctx_.trace) trace(ctx_, info, "request from", wire);
    Emit emit = emit_raw;
    if (ctx_.trace)
        emit = [this, &info, &emit_raw](dns::Bytes&& m) {
            trace(ctx_, info, "answer to", m);
            emit_raw(std::move(m));
        };

    dns::Message msg;
    try {
        msg = dns::Message::parse(wire);
    } catch (const dns::WireError& e) {
        ctx_.log().log(LogLevel::Info, "malformed request",
                       {{"peer", info.peer}, {"error", e.what()}, {"rcode", "FORMERR"}});
        emit(formerr_header(wire));
        return {};
    }

    auto catalog = catalog_for(ctx_.catalog(), msg, info);
    auto check = dns::tsig_verify_request(
        wire, msg, [&](const dns::Name& n) { return tsig_key(*catalog, n); },
        static_cast<std::uint64_t>(std::time(nullptr)));
    Responder out(msg, check, info, emit);
    Request req{ctx_, info, wire, msg, *catalog, {}, out, {}, "other"};
    if (check.signed_request && check.ok()) req.identity.tsig = catalog->find_tsig(check.key_name);
    if (info.tls_pin) {
        req.identity.tls = catalog->find_pin(*info.tls_pin);
        if (!req.identity.tls) req.identity.unknown_pin = pin_to_base64(*info.tls_pin);
    }

    if (!check.ok()) {
        req.kind = "tsig";
        out.error(check.rcode, dns::EdeCode::OTHER, tsig_failure_text(check));
    } else if (validate(msg, out)) {
        try {
            route(req);
        } catch (const ConnectionClosed&) {
            return {true};
        } catch (const std::exception& e) {
            // A failure after part of a transfer went out cannot be answered any more:
            // closing the connection tells the client the transfer is incomplete.
            if (out.messages() > 0) return {true};
            out.error(dns::Rcode::SERVFAIL, dns::EdeCode::OTHER,
                      fmt::format("internal error: {}", e.what()));
        }
    }

    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    ctx_.metrics().record(req.kind, std::string(to_string(info.transport)),
                          dns::to_string(out.rcode()), std::chrono::microseconds(micros));
    bool failed = out.rcode() != dns::Rcode::NOERROR && out.rcode() != dns::Rcode::NXDOMAIN;
    auto level = failed || req.kind == "update" || req.kind == "axfr" || req.kind == "ixfr"
                     ? LogLevel::Info
                     : LogLevel::Debug;
    if (ctx_.log().enabled(level)) {
        LogFields fields{{"id", std::to_string(msg.id)},
                         {"peer", info.peer},
                         {"transport", std::string(to_string(info.transport))},
                         {"kind", req.kind},
                         {"rcode", dns::to_string(out.rcode())},
                         {"who", req.identity.actor()},
                         {"us", std::to_string(micros)}};
        if (!msg.questions.empty()) fields.emplace_back("name", msg.questions[0].name.to_string());
        if (!out.error_text().empty()) fields.emplace_back("error", out.error_text());
        if (out.messages() > 1) fields.emplace_back("messages", std::to_string(out.messages()));
        ctx_.log().log(level, "request", fields);
    }
    return req.outcome;
}

} // namespace dnsclay::engine
