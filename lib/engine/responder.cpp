#include "lib/engine/responder.hpp"

#include <algorithm>
#include <ctime>

namespace dnsclay::engine {
namespace {

// Room for a TSIG record whose key is not known (a BADKEY answer echoes the key and
// algorithm names, each at most 255 bytes, with an empty MAC).
constexpr std::size_t kUnknownKeyTsigSize = 2 * 255 + 32;
// The largest UDP answer we send, whatever the client offers (RFC 9715's advice keeps
// answers below common path MTUs; a client needing more retries over TCP).
constexpr std::size_t kMaxUdpAnswer = 4096;

std::uint64_t now_seconds() {
    return static_cast<std::uint64_t>(std::time(nullptr));
}

} // namespace

Responder::Responder(const dns::Message& request, const dns::TsigRequestCheck& tsig,
                     const RequestInfo& info, Emit emit)
    : request_(request), signer_(tsig), reserve_(!tsig.signed_request ? 0
                                                 : tsig.key ? dns::tsig_record_size(*tsig.key)
                                                            : kUnknownKeyTsigSize),
      info_(info), emit_(std::move(emit)) {}

dns::Message Responder::response(dns::Rcode rcode) const {
    return request_.make_response(rcode);
}

std::size_t Responder::max_size() const {
    if (info_.transport != Transport::Udp) return 65535;
    // RFC 6891 §6.2.5: sizes below 512 are treated as 512.
    std::size_t offered = request_.edns ? request_.edns->udp_payload_size : 512;
    return std::clamp<std::size_t>(offered, 512, kMaxUdpAnswer);
}

void Responder::emit(dns::Bytes&& message) {
    signer_.sign(message, now_seconds());
    ++messages_;
    emit_(std::move(message));
}

void Responder::send(const dns::Message& response) {
    rcode_ = response.rcode;
    emit(response.to_wire(max_size(), reserve_));
}

void Responder::error(dns::Rcode rcode, dns::EdeCode info, const std::string& text) {
    error_text_ = text;
    auto resp = response(rcode);
    if (resp.edns) resp.edns->add_extended_error(static_cast<std::uint16_t>(info), text);
    send(resp);
}

dns::MessageStreamer Responder::streamer(const dns::Message& header) {
    rcode_ = header.rcode;
    return dns::MessageStreamer(header, 65535, reserve_,
                                [this](dns::Bytes&& m) { emit(std::move(m)); });
}

} // namespace dnsclay::engine
