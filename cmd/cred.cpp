// `dnsclay cred add|list|remove`: TSIG keys and TLS client-key pins that may change zones.
#include "cmd/common.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/keys.hpp"
#include "lib/store/zones.hpp"
#include "lib/text/ascii.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <sys/stat.h>

namespace dnsclay::cli {
namespace {

struct AddOptions {
    std::string name;
    std::vector<std::string> zones;
    bool tsig = false;
    std::string algorithm = "hmac-sha256";
    std::string secret;
    std::string tls_pubkey;
    std::vector<std::string> allow_names;
    std::vector<std::string> allow_types;
    bool read_only = false;
};

std::vector<std::uint8_t> tls_pin(const std::string& arg) {
    struct stat st {};
    if (::stat(arg.c_str(), &st) == 0) {
        auto pin = store::spki_pin_from_pem_file(arg);
        if (!pin)
            throw CliError(kExitUsage,
                           fmt::format("{} holds no PEM public key or certificate", arg));
        return *pin;
    }
    auto pin = store::parse_spki_pin(arg);
    if (!pin)
        throw CliError(kExitUsage,
                       fmt::format("--tls-pubkey \"{}\" is neither a readable PEM file nor an SPKI "
                                   "SHA-256 pin (64 hex digits, base64 or base64url)",
                                   arg));
    return *pin;
}

// A pattern is a name relative to each granted zone (or absolute), whose first label may
// be "*" to match any one or more labels; the gateway enforces it.
std::string name_pattern(const std::string& text) {
    if (text.empty()) throw CliError(kExitUsage, "--allow-name cannot be empty");
    std::string rest = text == "*" ? "" : text.starts_with("*.") ? text.substr(2) : text;
    if (!rest.empty()) dns::Name::parse(rest, dns::Name::parse("zone.invalid."));
    return text::ascii_lower(text);
}

void print_secret_forms(const store::Credential& c) {
    std::string spec = fmt::format("{}:{}:{}", c.algorithm, c.name, c.secret);
    fmt::print("TSIG key {}. ({}) for {}\n", c.name, c.algorithm, fmt::join(c.zones, ", "));
    fmt::print("The secret is shown only now. Keep it safe.\n\n");
    fmt::print("nsupdate / knsupdate / kdig / dig:\n  -y {}\n\n", spec);
    fmt::print("BIND named.conf or nsupdate -k file:\nkey \"{}.\" {{\n\talgorithm {};\n"
               "\tsecret \"{}\";\n}};\n\n",
               c.name, c.algorithm, c.secret);
    fmt::print("Knot knot.conf:\nkey:\n  - id: {}.\n    algorithm: {}\n    secret: {}\n", c.name,
               c.algorithm, c.secret);
}

void cred_add(const GlobalOptions& global, const AddOptions& o) {
    store::Credential c;
    c.name = credential_name(o.name);
    if (o.tsig == !o.tls_pubkey.empty())
        throw CliError(kExitUsage, "give exactly one of --tsig and --tls-pubkey");
    if (o.tsig) {
        c.kind = "tsig";
        auto alg = store::tsig_algorithm(o.algorithm);
        if (!alg)
            throw CliError(kExitUsage,
                           fmt::format("unsupported TSIG algorithm \"{}\"; use one of "
                                       "{}",
                                       o.algorithm, fmt::join(store::tsig_algorithms(), ", ")));
        c.algorithm = *alg;
        if (o.secret.empty()) {
            c.secret = store::generate_tsig_secret(c.algorithm);
        } else {
            auto raw = store::base64_decode(o.secret);
            if (!raw || raw->empty()) throw CliError(kExitUsage, "--secret is not valid base64");
            c.secret = o.secret;
        }
    } else {
        c.kind = "tls";
        c.spki_sha256 = tls_pin(o.tls_pubkey);
    }
    for (const auto& n : o.allow_names)
        c.allow_names.push_back(name_pattern(n));
    for (const auto& t : o.allow_types) {
        auto type = dns::rrtype_from_string(t);
        if (!type || dns::is_meta_type(*type))
            throw CliError(kExitUsage, fmt::format("--allow-type \"{}\" is not a record type", t));
        c.allow_types.push_back(static_cast<std::uint16_t>(*type));
    }
    c.read_only = o.read_only;

    std::vector<std::string> zones;
    for (const auto& z : o.zones)
        zones.push_back(zone_name(z));
    auto st = open_store(global);
    auto& db = st->db();
    store::Transaction txn(db, store::Transaction::Kind::Write);
    std::vector<std::int64_t> zone_ids;
    for (const auto& z : zones) {
        auto zone = store::find_zone(db, z);
        if (!zone)
            throw CliError(kExitNotFound,
                           fmt::format("zone {} does not exist; see dnsclay zone list", z));
        zone_ids.push_back(zone->id);
    }
    if (store::find_credential(db, c.name))
        throw CliError(kExitConflict, fmt::format("credential {} already exists; remove it first "
                                                  "with dnsclay cred remove {}",
                                                  c.name, c.name));
    if (c.kind == "tls")
        if (auto other = store::find_credential_by_pin(db, c.spki_sha256))
            throw CliError(kExitConflict, fmt::format("this TLS public key already belongs to "
                                                      "credential {}",
                                                      other->name));
    store::insert_credential(db, c, zone_ids);
    store::append_audit(db, {0, 0, store::cli_actor(), std::nullopt, "cred add",
                             fmt::format("{} {} zones {}", c.name, c.kind, fmt::join(zones, ",")),
                             "ok"});
    txn.commit();
    c.zones = zones;

    if (global.json) {
        Json j;
        j.begin_object().key("credential").begin_object();
        j.field("name", c.name).field("kind", c.kind);
        if (c.kind == "tsig")
            j.field("algorithm", c.algorithm)
                .field("secret", c.secret)
                .field("nsupdate", fmt::format("{}:{}:{}", c.algorithm, c.name, c.secret));
        else
            j.field("spki_sha256", store::base64_encode(c.spki_sha256));
        j.end_object().end_object().print();
        return;
    }
    if (c.kind == "tsig") {
        print_secret_forms(c);
    } else {
        say(global, fmt::format("Added TLS credential {} (SPKI SHA-256 {}) for {}", c.name,
                                store::base64_encode(c.spki_sha256), fmt::join(zones, ", ")));
    }
}

std::string limits_text(const store::Credential& c) {
    std::vector<std::string> parts;
    if (c.read_only) parts.push_back("read-only");
    if (!c.allow_names.empty())
        parts.push_back(fmt::format("names {}", fmt::join(c.allow_names, ",")));
    if (!c.allow_types.empty()) {
        std::vector<std::string> types;
        for (auto t : c.allow_types)
            types.push_back(dns::to_string(static_cast<dns::RRType>(t)));
        parts.push_back(fmt::format("types {}", fmt::join(types, ",")));
    }
    return parts.empty() ? "-" : fmt::format("{}", fmt::join(parts, "; "));
}

void cred_list(const GlobalOptions& global) {
    auto st = open_store(global);
    auto creds = store::list_credentials(st->db());
    if (global.json) {
        Json j;
        j.begin_object().key("credentials").begin_array();
        for (const auto& c : creds) {
            j.begin_object().field("name", c.name).field("kind", c.kind);
            if (c.kind == "tsig")
                j.field("algorithm", c.algorithm).field("secret", "********");
            else
                j.field("spki_sha256", store::base64_encode(c.spki_sha256));
            j.key("zones").begin_array();
            for (const auto& z : c.zones)
                j.value(z);
            j.end_array().key("allow_names").begin_array();
            for (const auto& n : c.allow_names)
                j.value(n);
            j.end_array().key("allow_types").begin_array();
            for (auto t : c.allow_types)
                j.value(dns::to_string(static_cast<dns::RRType>(t)));
            j.end_array().field("read_only", c.read_only).time("created", c.created).end_object();
        }
        j.end_array().end_object().print();
        return;
    }
    if (creds.empty()) {
        say(global, "No credentials yet; add one with: dnsclay cred add NAME --zone ZONE --tsig");
        return;
    }
    fmt::print("{:<24} {:<5} {:<46} {:<24} {}\n", "NAME", "KIND", "KEY", "ZONES", "LIMITS");
    for (const auto& c : creds) {
        std::string key = c.kind == "tsig" ? c.algorithm + " ********"
                                           : "sha256 " + store::base64_encode(c.spki_sha256);
        fmt::print("{:<24} {:<5} {:<46} {:<24} {}\n", c.name, c.kind, key,
                   c.zones.empty() ? "-" : fmt::format("{}", fmt::join(c.zones, ",")),
                   limits_text(c));
    }
}

void cred_remove(const GlobalOptions& global, const std::string& arg) {
    std::string name = credential_name(arg);
    auto st = open_store(global);
    store::Transaction txn(st->db(), store::Transaction::Kind::Write);
    if (!store::delete_credential(st->db(), name))
        throw CliError(kExitNotFound,
                       fmt::format("credential {} does not exist; see dnsclay cred list", name));
    store::append_audit(st->db(),
                        {0, 0, store::cli_actor(), std::nullopt, "cred remove", name, "ok"});
    txn.commit();
    if (global.json) {
        Json j;
        j.begin_object().field("removed", name).end_object().print();
        return;
    }
    say(global, fmt::format("Removed credential {}", name));
}

} // namespace

void register_cred(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto* cred = app.add_subcommand("cred", "Manage the credentials (TSIG keys, TLS client keys) "
                                            "that may read and change zones");
    cred->require_subcommand(1);

    auto o = std::make_shared<AddOptions>();
    auto* add = cred->add_subcommand(
        "add", "Create a credential and grant it zones; a TSIG secret is printed only now");
    add->add_option("name", o->name, "Credential name; for TSIG the key name on the wire")
        ->required();
    add->add_option("--zone", o->zones, "Zone the credential may read and change (repeatable)")
        ->required();
    auto* tsig = add->add_flag("--tsig", o->tsig, "A TSIG key (RFC 8945)");
    add->add_option("--algorithm", o->algorithm,
                    "TSIG algorithm: hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 "
                    "or hmac-sha512")
        ->capture_default_str()
        ->needs(tsig);
    add->add_option("--secret", o->secret,
                    "TSIG secret in base64 (default: generated from a CSPRNG)")
        ->needs(tsig);
    auto* tls = add->add_option("--tls-pubkey", o->tls_pubkey,
                                "TLS client key: a PEM file with a public key or certificate, or "
                                "its SPKI SHA-256 pin in base64, base64url or hex");
    tls->excludes(tsig);
    add->add_option("--allow-name", o->allow_names,
                    "Only names matching PATTERN, relative to the zone; a leading * matches any "
                    "labels (repeatable)");
    add->add_option("--allow-type", o->allow_types, "Only records of TYPE (repeatable)");
    add->add_flag("--read-only", o->read_only, "May transfer (AXFR/IXFR) but not UPDATE");
    add->callback([&global, &exit_code, o] { run(exit_code, [&] { cred_add(global, *o); }); });

    auto* list =
        cred->add_subcommand("list", "List credentials with their zones and limits (no secrets)");
    list->callback([&global, &exit_code] { run(exit_code, [&] { cred_list(global); }); });

    auto name = std::make_shared<std::string>();
    auto* remove = cred->add_subcommand("remove", "Delete a credential and its grants");
    remove->add_option("name", *name, "Credential name")->required();
    remove->callback(
        [&global, &exit_code, name] { run(exit_code, [&] { cred_remove(global, *name); }); });
}

} // namespace dnsclay::cli
