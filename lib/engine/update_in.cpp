// UPDATE as the server receives it: authorization here (the credential granted on the
// zone, not read-only, and every prerequisite and update RR within its --allow-name and
// --allow-type limits, all checked before anything is evaluated or applied; a refusal of a
// verified credential is audited too), then the UpdateEngine (update.hpp) evaluates and applies it.
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
    UpdateClient client{r.identity.actor(), r.info.peer};
    // Attempts with a verified credential are audited; anonymous ones only logged, so that
    // anyone who can reach the port cannot grow the audit log.
    bool authenticated = r.identity.tsig || r.identity.tls;
    auto refuse = [&](dns::Rcode rcode, dns::EdeCode ede, const std::string& zone,
                      const std::string& why) {
        if (authenticated) r.ctx.updates().audit_refusal(r.msg, client, zone, rcode, why);
        r.out.error(rcode, ede, why);
    };
    const store::Zone* zone = r.catalog.find_zone(dns::Name::parse(zone_name));
    if (!zone) {
        refuse(dns::Rcode::NOTAUTH, dns::EdeCode::NOT_AUTHORITATIVE, "",
               fmt::format("{} is not a zone served here", zone_name));
        return;
    }
    if (auto why = refuse_reason(r.identity, *zone, Operation::Update)) {
        refuse(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED, zone->name, *why);
        return;
    }
    auto apex = dns::Name::parse(zone->name);
    for (const auto* section : {&r.msg.answers, &r.msg.authorities}) {
        for (const auto& rr : *section) {
            if (auto why = refuse_record(r.identity, apex, rr)) {
                refuse(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED, zone->name, *why);
                return;
            }
        }
    }
    auto result = r.ctx.updates().handle(r.msg, client);
    if (result.rcode != dns::Rcode::NOERROR) {
        auto ede = result.ede.value_or(dns::ExtendedError{0, "UPDATE failed"});
        r.out.error(result.rcode, static_cast<dns::EdeCode>(ede.info_code), ede.text);
        return;
    }
    r.out.send(r.out.response());
}

} // namespace dnsclay::engine
