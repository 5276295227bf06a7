#pragma once
// The transport-independent core of `serve`: takes one request in wire form, validates,
// authenticates and authorizes it, acts, and emits the answer(s). Listeners call it from
// worker threads; tests call it directly.
//
// Validation order, each failure with its answer (EDE = Extended DNS Error, RFC 8914, added
// to every error answer when the request had EDNS):
//   1. shorter than a header, or QR set (a response)     no answer (TCP: connection closed)
//   2. not parsable (RFC 1035 framing, names, OPT rules,  FORMERR, header only
//      TSIG not last: RFC 6891 §6.1.1, RFC 8945 §5.1)
//   3. TSIG present: unknown key, bad MAC, bad time        NOTAUTH, TSIG error BADKEY/BADSIG/
//                                                          BADTIME (RFC 8945 §5.2), EDE 0
//   4. EDNS version other than 0                           BADVERS (RFC 6891 §6.1.3)
//   5. RCODE not 0 or TC set in a request                  FORMERR
//   6. opcode other than QUERY, NOTIFY, UPDATE             NOTIMP, EDE 21 Not Supported
//   7. QDCOUNT (ZOCOUNT for UPDATE) not 1                  FORMERR
//   8. class: IN; CH only for QUERY                        REFUSED, EDE 21
// Then per kind: QUERY (query.cpp), AXFR/IXFR (transfer.cpp), NOTIFY (notify_in.cpp),
// UPDATE (update_in.cpp). Answers to requests with a valid TSIG are signed, errors included.
#include "lib/engine/context.hpp"
#include "lib/engine/request.hpp"

#include <span>

namespace dnsclay::engine {

class Dispatcher {
  public:
    explicit Dispatcher(Context& context) : ctx_(context) {}
    Outcome handle(std::span<const std::uint8_t> wire, const RequestInfo& info, const Emit& emit);

  private:
    Context& ctx_;
};

} // namespace dnsclay::engine
