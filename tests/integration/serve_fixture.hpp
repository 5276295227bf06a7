#pragma once
// A `dnsclay serve` on ephemeral loopback ports over a state directory prepared through
// lib/store (zones with the `local` provider, records, credentials), and the client
// programs (kdig) pointed at it.
#include "lib/dns/record.hpp"
#include "lib/store/model.hpp"
#include "tests/support/process.hpp"

#include <memory>
#include <string>
#include <vector>

namespace dnsclay::test {

struct TsigCred {
    std::string name;
    std::string algorithm = "hmac-sha256";
    std::string secret; // base64
    std::vector<std::string> zones;
    bool read_only = false;
    std::vector<std::string> allow_names;
    std::vector<std::uint16_t> allow_types;
    // "hmac-sha256:name:secret" for kdig -y / nsupdate -y.
    std::string spec() const { return algorithm + ":" + name + ":" + secret; }
};

class ServeFixture {
  public:
    ServeFixture();
    ~ServeFixture();

    // Adds a zone (apex "example.test.") with serial 1 and returns its id.
    std::int64_t add_zone(const std::string& apex);
    // Adds many zones in one transaction, as add_zone does each; returns their ids.
    std::vector<std::int64_t> add_zones(const std::vector<std::string>& apexes);
    // Adds records given as zone-file lines "owner TTL TYPE rdata" (absolute owners) and
    // bumps the zone's serial once.
    void add_records(const std::string& apex, const std::vector<std::string>& lines);
    void add_tsig(const TsigCred& cred);
    void add_tls_key(const std::string& name, const std::vector<std::uint8_t>& spki_sha256,
                     const std::vector<std::string>& zones);
    std::uint32_t serial(const std::string& apex);

    // Starts serve with UDP+TCP on port() and TLS on tls_port(); waits until it answers.
    void start(const std::vector<std::string>& extra_args = {});
    void stop();
    bool running();

    int port() const { return port_; }
    int tls_port() const { return tls_port_; }
    const std::string& state_dir() const { return dir_.path(); }
    std::string log() const;
    // The server's TLS pin, as `dnsclay tls-pin` prints it.
    std::string pin() const;

    // kdig @127.0.0.1 -p PORT ARGS... (+tls uses the TLS port when `tls`).
    RunResult kdig(const std::vector<std::string>& args, bool tls = false) const;
    // dnsclay --state-dir DIR ARGS...: another command on the state directory serve uses.
    RunResult cli(const std::vector<std::string>& args) const;
    // nsupdate -y KEY (over TCP when `tcp`) with `lines` sent as one UPDATE for `zone`.
    RunResult nsupdate(const TsigCred& key, const std::string& zone, const std::string& lines,
                       bool tcp = false) const;
    // The serve process, for signals (SIGHUP reloads); -1 before start().
    pid_t pid() const;

  private:
    TempDir dir_;
    int port_ = 0;
    int tls_port_ = 0;
    std::unique_ptr<Daemon> daemon_;
};

// A random base64 secret of `bytes` bytes.
std::string random_secret(std::size_t bytes = 32);

} // namespace dnsclay::test
