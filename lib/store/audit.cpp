#include "lib/store/audit.hpp"

#include "lib/store/store.hpp"

#include <pwd.h>
#include <unistd.h>

namespace dnsclay::store {

void append_audit(Db& db, const AuditEntry& e) {
    db.prepare("INSERT INTO audit_log (time, actor, zone, action, detail, result) "
               "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, e.time ? e.time : now_unix())
        .bind(2, e.actor)
        .bind(3, e.zone)
        .bind(4, e.action)
        .bind(5, e.detail)
        .bind(6, e.result)
        .run();
}

std::vector<AuditEntry> list_audit(Db& db, const std::string& zone, int limit) {
    auto st = db.prepare("SELECT id, time, actor, zone, action, detail, result FROM "
                         "(SELECT * FROM audit_log WHERE ?1 = '' OR zone = ?1 "
                         "ORDER BY id DESC LIMIT ?2) ORDER BY id");
    st.bind(1, zone).bind(2, std::int64_t{limit});
    std::vector<AuditEntry> out;
    while (st.step())
        out.push_back({st.int64(0), st.int64(1), st.text(2), st.opt_text(3), st.text(4), st.text(5),
                       st.text(6)});
    return out;
}

std::string cli_actor() {
    // The real uid's name, not $USER: the log should not be trivially misattributed.
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name)
        return std::string("cli:") + pw->pw_name;
    return "cli:uid" + std::to_string(getuid());
}

} // namespace dnsclay::store
