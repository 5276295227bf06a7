#include "lib/engine/context.hpp"
#include "lib/engine/metrics.hpp"
#include "lib/engine/sync.hpp"
#include "lib/store/zones.hpp"

#include <fmt/core.h>
#include <tuple>

namespace dnsclay::engine {

std::string metrics_text(Context& ctx) {
    std::string out = ctx.metrics().render();
    out += fmt::format("# HELP dnsclay_notify_acknowledged_total NOTIFYs acknowledged by "
                       "targets.\n# TYPE dnsclay_notify_acknowledged_total counter\n"
                       "dnsclay_notify_acknowledged_total {}\n",
                       ctx.notifier().acknowledged());
    out += fmt::format("# HELP dnsclay_notify_failed_tries_total NOTIFY tries without an "
                       "acknowledgement.\n# TYPE dnsclay_notify_failed_tries_total counter\n"
                       "dnsclay_notify_failed_tries_total {}\n",
                       ctx.notifier().failed_tries());
    auto& sync = sync_counters();
    for (auto [name, help, value] :
         {std::tuple{"syncs", "Full syncs with a provider that completed.", sync.syncs.load()},
          std::tuple{"sync_changes", "Syncs that changed a zone.", sync.changes.load()},
          std::tuple{"sync_errors", "Syncs and checks that failed.", sync.errors.load()},
          std::tuple{"sync_checks", "Cheap serial checks that completed.", sync.checks.load()}})
        out += fmt::format("# HELP dnsclay_{0}_total {1}\n# TYPE dnsclay_{0}_total counter\n"
                           "dnsclay_{0}_total {2}\n",
                           name, help, value);
    auto catalog = ctx.catalog().current();
    out += "# HELP dnsclay_zone_serial The serial clients see.\n"
           "# TYPE dnsclay_zone_serial gauge\n";
    for (const auto& [name, zone] : catalog->zones)
        out +=
            fmt::format("dnsclay_zone_serial{{zone=\"{}\"}} {}\n", name, catalog->serial_of(zone));
    out += "# HELP dnsclay_zone_sync_age_seconds Time since the last sync with the provider.\n"
           "# TYPE dnsclay_zone_sync_age_seconds gauge\n";
    auto& db = ctx.store().db();
    auto now = store::now_unix();
    for (const auto& [name, zone] : catalog->zones) {
        auto state = store::load_sync_state(db, zone.id);
        if (state.last_sync)
            out += fmt::format("dnsclay_zone_sync_age_seconds{{zone=\"{}\"}} {}\n", name,
                               now - *state.last_sync);
    }
    return out;
}

} // namespace dnsclay::engine
