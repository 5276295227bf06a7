#pragma once
// The handlers the dispatcher routes validated requests to (internal to lib/engine).
#include "lib/dns/message.hpp"
#include "lib/engine/catalog.hpp"
#include "lib/engine/context.hpp"
#include "lib/engine/permissions.hpp"
#include "lib/engine/request.hpp"
#include "lib/engine/responder.hpp"

#include <span>

namespace dnsclay::engine {

struct Request {
    Context& ctx;
    const RequestInfo& info;
    std::span<const std::uint8_t> wire;
    const dns::Message& msg;
    const CatalogData& catalog;
    Identity identity;
    Responder& out;
    Outcome outcome;
    std::string kind = "query"; // for logs and metrics
};

void handle_query(Request& r);    // QUERY other than AXFR/IXFR, class IN or CH
void handle_transfer(Request& r); // QUERY AXFR or IXFR
void handle_notify(Request& r);
void handle_update(Request& r);

} // namespace dnsclay::engine
