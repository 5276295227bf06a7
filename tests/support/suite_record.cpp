#include "tests/support/suite_record.hpp"

#include "providers/registry.hpp"

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <unistd.h>

namespace dnsclay::test {
namespace {

// DIR/KIND/, made on first use; "" when the suite does not record.
std::string record_dir(const char* kind) {
    const char* root = std::getenv("DNSCLAY_TEST_RECORD_DIR");
    if (!root || !*root) return "";
    std::string dir = fmt::format("{}/{}", root, kind);
    std::error_code ec; // a directory that cannot be made fails the scan: no records
    std::filesystem::create_directories(dir, ec);
    return dir;
}

// One file per record, so that records written at once by several threads or processes
// never interleave (a secret split across two writes would go unseen).
void write_record(const char* kind, const std::string& label, const std::string& text) {
    static std::atomic<unsigned> count{0};
    auto dir = record_dir(kind);
    if (dir.empty()) return;
    auto path = fmt::format("{}/{}-{}-{}", dir, getpid(), count++, label);
    std::ofstream(path, std::ios::binary) << text;
}

bool secret_field(const std::string& name) {
    for (const auto& p : providers::all_providers())
        if (const auto* f = p.field(name); f && f->secret) return true;
    return false;
}

} // namespace

void record_secret(const std::string& secret) {
    if (secret.size() >= kShortestRecordedSecret) write_record("secrets", "secret", secret + "\n");
}

void record_output(const std::vector<std::string>& argv, const std::string& text) {
    if (text.empty() || argv.empty()) return;
    // The program's name, and for dnsclay its command ("dnsclay_cred_add").
    std::string label = argv[0].substr(argv[0].find_last_of('/') + 1);
    int words = label == "dnsclay" ? 2 : 0;
    for (std::size_t i = 1; i < argv.size() && words > 0; ++i) {
        if (argv[i] == "--state-dir")
            ++i;
        else if (argv[i].rfind('-', 0) != 0) {
            label += "_" + argv[i];
            --words;
        }
    }
    for (char& c : label)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
    write_record("outputs", label.substr(0, 60), text);
}

void record_secrets_in_args(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        const auto& value = args[i + 1];
        if (args[i] == "--secret") record_secret(value);
        auto eq = value.find('=');
        if (args[i] != "--set" || eq == std::string::npos || !secret_field(value.substr(0, eq)))
            continue;
        // A file: reference's file is left to the scan's search for private keys; its other
        // lines (a key file's JSON) are no secrets.
        auto given = value.substr(eq + 1);
        if (given.rfind("file:", 0) == 0) continue;
        if (given.rfind("env:", 0) != 0) {
            record_secret(given);
        } else if (auto var = env.find(given.substr(4)); var != env.end()) {
            record_secret(var->second);
        } else if (const char* set = std::getenv(given.substr(4).c_str())) {
            record_secret(set);
        }
    }
}

} // namespace dnsclay::test
