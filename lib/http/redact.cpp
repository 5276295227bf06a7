#include "lib/http/redact.hpp"

#include "lib/text/ascii.hpp"

#include <mutex>
#include <regex>

namespace dnsclay::http {
namespace {

std::mutex& trace_mutex() {
    static std::mutex m;
    return m;
}

TraceSink& trace_sink() {
    static TraceSink sink;
    return sink;
}

} // namespace

bool secret_name(std::string_view name) {
    auto n = text::ascii_lower(name);
    if (n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie")
        return true;
    for (const char* word :
         {"key", "token", "secret", "password", "passwd", "signature", "auth", "assertion"})
        if (n.find(word) != std::string::npos) return true;
    return false;
}

std::string redact_values(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& s : secrets) {
        if (s.size() < 4) continue; // a shorter "secret" would blank out ordinary text
        for (auto pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos)) {
            text.replace(pos, s.size(), kRedacted);
            pos += kRedacted.size();
        }
    }
    return text;
}

std::string redact_query(const std::string& url) {
    std::string out = url;
    // user:password@ in the authority
    auto scheme = out.find("://");
    auto start = scheme == std::string::npos ? 0 : scheme + 3;
    auto end = out.find_first_of("/?#", start);
    auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at >= start) out.replace(start, at - start, kRedacted);
    auto query = out.find('?');
    if (query == std::string::npos) return out;
    std::string rebuilt = out.substr(0, query + 1);
    std::size_t pos = query + 1;
    while (pos <= out.size()) {
        auto amp = out.find_first_of("&#", pos);
        auto param = out.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        auto eq = param.find('=');
        if (eq != std::string::npos && secret_name(param.substr(0, eq)))
            param = param.substr(0, eq + 1) + std::string(kRedacted);
        rebuilt += param;
        if (amp == std::string::npos) break;
        rebuilt += out[amp];
        if (out[amp] == '#') {
            rebuilt += out.substr(amp + 1);
            break;
        }
        pos = amp + 1;
    }
    return rebuilt;
}

std::string redact_body(const std::string& body) {
    // "name": "value" (JSON) and name=value (forms) whose name says it holds a secret.
    static const std::regex json(R"re("([^"\\]*)"(\s*:\s*)"((?:[^"\\]|\\.)*)")re");
    std::string out;
    auto begin = std::sregex_iterator(body.begin(), body.end(), json);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        if (!secret_name(m[1].str())) continue;
        out += body.substr(last, static_cast<std::size_t>(m.position(0)) - last);
        out += '"' + m[1].str() + '"' + m[2].str() + '"' + std::string(kRedacted) + '"';
        last = static_cast<std::size_t>(m.position(0) + m.length(0));
    }
    out += body.substr(last);
    if (out.find('{') == std::string::npos && out.find('=') != std::string::npos &&
        out.find(' ') == std::string::npos)
        return redact_query("?" + out).substr(1);
    return out;
}

void set_trace_sink(TraceSink sink) {
    std::lock_guard lock(trace_mutex());
    trace_sink() = std::move(sink);
}

bool tracing() {
    std::lock_guard lock(trace_mutex());
    return static_cast<bool>(trace_sink());
}

void trace(std::string_view text) {
    std::lock_guard lock(trace_mutex());
    if (trace_sink()) trace_sink()(text);
}

} // namespace dnsclay::http
