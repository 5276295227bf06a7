#pragma once
// What the whole test suite gave the programs under test as secrets, and everything those
// programs printed (stdout, stderr, daemons' logs, HTTP traces), kept for the suite's last
// test: "no secret the tests used is in any output they produced" (tests/scan_secrets.sh).
// ctest sets DNSCLAY_TEST_RECORD_DIR for the integration tests; without it (a test binary
// run by hand) nothing is recorded.
#include <map>
#include <string>
#include <vector>

namespace dnsclay::test {

// Secrets shorter than this are not recorded: they could occur in other text by chance.
inline constexpr std::size_t kShortestRecordedSecret = 8;

// A secret a test hands to a program under test (a TSIG secret, a provider token).
void record_secret(const std::string& secret);
// What the program `argv` printed or logged. The output of `dnsclay cred add`, which
// prints the new credential's secret once by design, is recorded under a name the scan
// passes over.
void record_output(const std::vector<std::string>& argv, const std::string& text);
// Records the secrets in a command line run() runs (dnsclay's): the value of --secret, and of every
// `--set NAME=VALUE` whose NAME is a secret field of some provider (a literal value, or an
// env: reference's value from `env` or the environment).
void record_secrets_in_args(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env);

} // namespace dnsclay::test
