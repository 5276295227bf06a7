#pragma once
// Builds and sends the answers to one request: fits them to the transport (the client's
// EDNS size over UDP, TC when records had to go), adds an Extended DNS Error to error
// answers when the request had EDNS, and TSIG-signs every message when the request was
// signed (RFC 8945 §5.3, errors included; each message of a multi-message answer).
#include "lib/dns/message.hpp"
#include "lib/dns/tsig.hpp"
#include "lib/engine/request.hpp"

#include <string>

namespace dnsclay::engine {

class Responder {
  public:
    Responder(const dns::Message& request, const dns::TsigRequestCheck& tsig,
              const RequestInfo& info, Emit emit);

    // The answer skeleton: id, opcode, question, RD and an OPT record if the request had one.
    dns::Message response(dns::Rcode rcode = dns::Rcode::NOERROR) const;
    // Sends one message.
    void send(const dns::Message& response);
    // Sends an error answer: `rcode`, and the EDE `info` with `text` if the request had EDNS.
    void error(dns::Rcode rcode, dns::EdeCode info, const std::string& text);
    // Streams a multi-message answer (transfers) whose messages repeat `header`.
    dns::MessageStreamer streamer(const dns::Message& header);

    // What was answered, for logs and metrics.
    dns::Rcode rcode() const { return rcode_; }
    const std::string& error_text() const { return error_text_; }
    std::size_t messages() const { return messages_; }

  private:
    void emit(dns::Bytes&& message);
    std::size_t max_size() const;
    const dns::Message& request_;
    dns::TsigResponseSigner signer_;
    std::size_t reserve_;
    RequestInfo info_;
    Emit emit_;
    dns::Rcode rcode_ = dns::Rcode::NOERROR;
    std::string error_text_;
    std::size_t messages_ = 0;
};

} // namespace dnsclay::engine
