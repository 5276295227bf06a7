// `dnsclay notify-test ZONE [ADDR:PORT]`: sends one NOTIFY to each target of the zone (or to
// the one given) and reports what each answered, so an operator can check a secondary's
// configuration without waiting for a change.
#include "cmd/cli.hpp"
#include "lib/dns/name.hpp"
#include "lib/engine/exchange.hpp"
#include "lib/engine/notify.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dnsclay::cli {
namespace {

// A failure with its exit code.
struct Failure : std::runtime_error {
    Failure(int exit_code, const std::string& what) : std::runtime_error(what), code(exit_code) {}
    int code;
};

struct NotifyTestOptions {
    std::string zone;
    std::string target;
    bool udp = false;
    bool tcp = false;
    std::string key;
    std::string timeout = "5s";
};

std::string rtt_text(std::chrono::microseconds rtt) {
    return fmt::format("{:.1f} ms", static_cast<double>(rtt.count()) / 1000.0);
}

void notify_test(const GlobalOptions& global, const NotifyTestOptions& opt) {
    if (opt.udp && opt.tcp) throw Failure(kExitUsage, "give --udp or --tcp, not both");
    auto timeout = store::parse_duration(opt.timeout);
    if (!timeout || timeout->count() < 1)
        throw Failure(kExitUsage,
                      fmt::format("--timeout \"{}\" is not a duration such as 5s", opt.timeout));
    auto dir = store::resolve_state_dir(global.state_dir);
    auto config = store::load_config(global.config.empty() ? dir + "/config.toml" : global.config,
                                     !global.config.empty());
    auto st = std::make_unique<store::Store>(dir, config);
    std::string name;
    try {
        name = dns::Name::parse(opt.zone).canonical().to_string();
    } catch (const std::exception& e) {
        throw Failure(kExitUsage, fmt::format("zone \"{}\": {}", opt.zone, e.what()));
    }
    std::optional<store::Zone> zone;
    std::vector<store::NotifyTarget> targets;
    store::Transaction txn(st->db(), store::Transaction::Kind::Read);
    zone = store::find_zone(st->db(), name);
    if (!zone) throw Failure(kExitNotFound, fmt::format("zone {} does not exist", name));
    targets = store::list_notify_targets(st->db(), zone->id);
    if (!opt.target.empty()) {
        try {
            engine::parse_host_port(opt.target);
        } catch (const std::invalid_argument& e) {
            throw Failure(kExitUsage, e.what());
        }
        // The protocol and key of a configured target at that address, unless flags say.
        store::NotifyTarget target{0, opt.target, opt.tcp ? "tcp" : "udp", 0, ""};
        for (const auto& t : targets)
            if (t.address == opt.target) {
                if (!opt.udp && !opt.tcp) target.protocol = t.protocol;
                target.tsig_key = t.tsig_key;
            }
        targets = {target};
    } else if (targets.empty()) {
        throw Failure(kExitNotFound, fmt::format("zone {} has no NOTIFY targets: give ADDR:PORT, "
                                                 "or add one with dnsclay zone notify add",
                                                 name));
    } else if (opt.udp || opt.tcp) {
        for (auto& t : targets)
            t.protocol = opt.tcp ? "tcp" : "udp";
    }
    // --key replaces the targets' own keys: a credential name, or ALG:NAME:SECRET.
    std::vector<std::optional<std::string>> keys;
    for (auto t : targets) {
        if (!opt.key.empty() && opt.key.find(':') != std::string::npos) {
            keys.push_back(opt.key);
            continue;
        }
        if (!opt.key.empty()) t.tsig_key = opt.key;
        try {
            keys.push_back(engine::signing_key(st->db(), t.tsig_key));
        } catch (const std::runtime_error& e) {
            throw Failure(kExitNotFound, fmt::format("{}: {}", t.address, e.what()));
        }
    }
    txn.commit();

    std::vector<engine::NotifyAnswer> answers;
    for (std::size_t i = 0; i < targets.size(); ++i)
        answers.push_back(
            engine::send_notify(*zone, targets[i], keys[i],
                                std::chrono::duration_cast<std::chrono::milliseconds>(*timeout)));

    bool all_ok = std::all_of(answers.begin(), answers.end(), [](const auto& a) { return a.ok(); });
    if (global.json) {
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> j(buf);
        auto str = [&](const std::string& v) {
            j.String(v.c_str(), static_cast<unsigned>(v.size()));
        };
        j.StartObject();
        j.Key("zone");
        str(name);
        j.Key("serial");
        j.Uint(zone->serial);
        j.Key("targets");
        j.StartArray();
        for (const auto& a : answers) {
            j.StartObject();
            j.Key("target");
            str(a.target);
            j.Key("answered");
            j.Bool(a.answered);
            j.Key("rcode");
            a.answered ? str(dns::to_string(a.rcode)) : (void)j.Null();
            j.Key("ede");
            j.StartArray();
            for (const auto& text : a.ede_text)
                str(text);
            j.EndArray();
            j.Key("tsig");
            str(a.tsig);
            j.Key("rtt_ms");
            a.answered ? (void)j.Double(static_cast<double>(a.rtt.count()) / 1000.0)
                       : (void)j.Null();
            j.Key("error");
            str(a.error);
            j.Key("ok");
            j.Bool(a.ok());
            j.EndObject();
        }
        j.EndArray();
        j.EndObject();
        std::printf("%s\n", buf.GetString());
    } else if (!global.quiet || !all_ok) {
        for (const auto& a : answers) {
            std::string line = fmt::format("{}: ", a.target);
            if (a.answered)
                line += fmt::format("{}, TSIG {}, {}", dns::to_string(a.rcode), a.tsig,
                                    rtt_text(a.rtt));
            for (const auto& text : a.ede_text)
                line += fmt::format(", EDE \"{}\"", text);
            if (!a.error.empty()) line += (a.answered ? ", " : "") + a.error;
            std::fprintf(a.ok() ? stdout : stderr, "%s\n", line.c_str());
        }
    }
    if (!all_ok)
        throw Failure(kExitProvider,
                      fmt::format("{} of {} targets did not acknowledge the "
                                  "NOTIFY for {} (serial {})",
                                  std::count_if(answers.begin(), answers.end(),
                                                [](const auto& a) { return !a.ok(); }),
                                  answers.size(), name, zone->serial));
}

} // namespace

void register_notify_test(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto opt = std::make_shared<NotifyTestOptions>();
    auto* cmd = app.add_subcommand("notify-test", "Send a NOTIFY for a zone to its targets (or "
                                                  "one address) and report each answer");
    cmd->add_option("zone", opt->zone, "The zone")->required();
    cmd->add_option("target", opt->target,
                    "ADDR:PORT to notify instead of the zone's targets ([V6ADDR]:PORT for IPv6)");
    cmd->add_flag("--udp", opt->udp, "Send over UDP");
    cmd->add_flag("--tcp", opt->tcp, "Send over TCP");
    cmd->add_option("--key", opt->key,
                    "Sign with this TSIG credential, or with ALG:NAME:BASE64SECRET as nsupdate "
                    "-y takes it (default: each target's own key from zone notify add --key)");
    cmd->add_option("--timeout", opt->timeout, "How long to wait for each answer")
        ->capture_default_str();
    cmd->callback([&global, &exit_code, opt] {
        try {
            notify_test(global, *opt);
            exit_code = kExitOk;
        } catch (const Failure& e) {
            std::fprintf(stderr, "dnsclay: %s\n", e.what());
            exit_code = e.code;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "dnsclay: %s\n", e.what());
            exit_code = kExitError;
        }
    });
}

} // namespace dnsclay::cli
