// `dnsclay provider list`: the built-in providers, what they can do, and their fields.
#include "cmd/common.hpp"
#include "providers/registry.hpp"

#include <fmt/core.h>

namespace dnsclay::cli {
namespace {

std::string types_text(const providers::Capabilities& caps) {
    if (caps.types.empty()) return "any";
    std::string out;
    for (auto t : caps.types)
        out += (out.empty() ? "" : " ") + dns::to_string(t);
    return out;
}

void print_json() {
    Json j;
    j.begin_object().key("providers").begin_array();
    for (const auto& p : providers::all_providers()) {
        const auto& c = p.capabilities;
        j.begin_object().field("name", p.name).field("description", p.description);
        j.key("capabilities")
            .begin_object()
            .field("atomic_changes", c.atomic_changes)
            .key("types")
            .begin_array();
        for (auto t : c.types)
            j.value(dns::to_string(t));
        j.end_array()
            .field("min_ttl", c.min_ttl)
            .field("meaningful_serial", c.meaningful_serial)
            .end_object();
        j.key("fields").begin_array();
        for (const auto& f : p.fields)
            j.begin_object()
                .field("name", f.name)
                .field("required", f.required)
                .field("secret", f.secret)
                .field("help", f.help)
                .end_object();
        j.end_array().end_object();
    }
    j.end_array().end_object().print();
}

void print_text() {
    for (const auto& p : providers::all_providers()) {
        const auto& c = p.capabilities;
        fmt::print("{}: {}\n", p.name, p.description);
        fmt::print("  atomic changes: {}; types: {}; minimum TTL: {}; meaningful serial: {}\n",
                   c.atomic_changes ? "yes" : "no", types_text(c), c.min_ttl,
                   c.meaningful_serial ? "yes" : "no");
        if (p.fields.empty()) fmt::print("  fields: none\n");
        for (const auto& f : p.fields)
            fmt::print("  --set {}=VALUE  {}{}{}\n", f.name, f.required ? "(required) " : "",
                       f.secret ? "(secret) " : "", f.help);
    }
}

} // namespace

void register_provider(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto* group = app.add_subcommand("provider", "Show the DNS operators dnsclay can manage");
    group->require_subcommand(1);
    auto* list = group->add_subcommand(
        "list", "List the built-in providers with their capabilities and account fields "
                "(name, required, secret, help)");
    list->callback([&global, &exit_code] {
        run(exit_code, [&] { global.json ? print_json() : print_text(); });
    });
}

} // namespace dnsclay::cli
