#include "lib/store/accounts.hpp"

#include "lib/store/store.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/core.h>
#include <fstream>
#include <sstream>

namespace dnsclay::store {

std::int64_t insert_account(Db& db, const Account& a) {
    db.prepare("INSERT INTO provider_accounts (name, provider, created) VALUES (?, ?, ?)")
        .bind(1, a.name)
        .bind(2, a.provider)
        .bind(3, a.created ? a.created : now_unix())
        .run();
    auto id = db.last_insert_id();
    auto st = db.prepare("INSERT INTO account_fields (account_id, name, value) VALUES (?, ?, ?)");
    for (const auto& f : a.fields) {
        st.bind(1, id).bind(2, f.name).bind(3, f.value).run();
        st.reset();
    }
    return id;
}

std::optional<Account> find_account(Db& db, std::int64_t id) {
    auto st = db.prepare("SELECT id, name, provider, created FROM provider_accounts WHERE id = ?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    Account a{st.int64(0), st.text(1), st.text(2), {}, st.int64(3)};
    auto fs =
        db.prepare("SELECT name, value FROM account_fields WHERE account_id = ? ORDER BY name");
    fs.bind(1, id);
    while (fs.step())
        a.fields.push_back({fs.text(0), fs.text(1)});
    return a;
}

std::string resolve_field_value(const std::string& value) {
    if (value.starts_with("env:")) {
        std::string var = value.substr(4);
        const char* v = std::getenv(var.c_str());
        if (!v) throw ResolveError(fmt::format("environment variable {} is not set", var));
        return v;
    }
    if (value.starts_with("file:")) {
        std::string path = value.substr(5);
        std::ifstream in(path);
        if (!in) throw ResolveError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
        std::stringstream ss;
        ss << in.rdbuf();
        std::string s = ss.str();
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
            s.pop_back();
        return s;
    }
    return value;
}

std::string display_field_value(const std::string& value, bool secret) {
    if (value.starts_with("env:") || value.starts_with("file:")) return value;
    return secret && !value.empty() ? "********" : value;
}

} // namespace dnsclay::store
