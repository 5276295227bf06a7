#pragma once
// A Knot DNS server (knotd) for tests, configured by the caller (keys, remotes, ACLs, zones:
// e.g. a secondary of dnsclay serve), started on 127.0.0.1 on an ephemeral port in its own
// temporary directory and stopped by PID when the object goes out of scope. (knot.hpp is
// the ready-made upstream primary for the rfc2136 provider.)
#include "tests/support/process.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace dnsclay::test {

class KnotServer {
  public:
    // `sections` is the knot.conf text after the server, log and database sections, which
    // this writes itself (`{dir}` in it stands for dir()). `ready_zone`: a zone knotd must
    // answer SOA for before the constructor returns; empty: wait only until it listens.
    KnotServer(const std::string& sections, const std::string& ready_zone = "");
    ~KnotServer();
    KnotServer(const KnotServer&) = delete;
    KnotServer& operator=(const KnotServer&) = delete;

    int port() const { return port_; }
    const std::string& dir() const { return dir_.path(); }
    // knotd's log so far (info level: transfers, NOTIFYs, refreshes).
    std::string log() const;
    // kdig @127.0.0.1 -p port() ARGS... over TCP.
    RunResult kdig(const std::vector<std::string>& args) const;
    // knotc -c knot.conf ARGS...
    RunResult knotc(const std::vector<std::string>& args) const;

  private:
    TempDir dir_;
    int port_ = 0;
    std::unique_ptr<Daemon> daemon_;
};

} // namespace dnsclay::test
