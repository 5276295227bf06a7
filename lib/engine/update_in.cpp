// UPDATE as the server receives it: authorization here (the credential granted on the
// zone, not read-only, and every prerequisite and update RR within its --allow-name and
// --allow-type limits, all checked before anything is evaluated or applied), then the
// UpdateEngine (update.hpp) evaluates and applies it.
#include "lib/engine/handlers.hpp"

#include <fmt/core.h>

namespace dnsclay::engine {

void handle_update(Request& r) {
    std::string zone_name;
    try {
        zone_name = update_zone_name(r.msg);
    } catch (const UpdateRefused& e) {
        r.out.error(e.rcode(), e.ede(), e.what());
        return;
    }
    const store::Zone* zone = r.catalog.find_zone(dns::Name::parse(zone_name));
    if (!zone) {
        r.out.error(dns::Rcode::NOTAUTH, dns::EdeCode::NOT_AUTHORITATIVE,
                    fmt::format("{} is not a zone served here", zone_name));
        return;
    }
    if (auto why = refuse_reason(r.identity, *zone, Operation::Update)) {
        r.out.error(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED, *why);
        return;
    }
    auto apex = dns::Name::parse(zone->name);
    for (const auto* section : {&r.msg.answers, &r.msg.authorities}) {
        for (const auto& rr : *section) {
            if (auto why = refuse_record(r.identity, apex, rr)) {
                r.out.error(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED, *why);
                return;
            }
        }
    }
    auto result = r.ctx.updates().handle(r.msg, {r.identity.actor(), r.info.peer});
    if (result.rcode != dns::Rcode::NOERROR) {
        auto ede = result.ede.value_or(dns::ExtendedError{0, "UPDATE failed"});
        r.out.error(result.rcode, static_cast<dns::EdeCode>(ede.info_code), ede.text);
        return;
    }
    r.out.send(r.out.response());
}

} // namespace dnsclay::engine
