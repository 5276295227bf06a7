#pragma once
// Test helpers for driving real programs: temporary directories, free loopback ports,
// running a command to completion, and daemons stopped when the test ends.
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace dnsclay::test {

// A fresh directory under /tmp (short, so daemons' socket paths fit), removed on scope exit.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

// A port on 127.0.0.1 that was free for both UDP and TCP a moment ago.
int free_port();

struct RunResult {
    int exit_code = -1; // the exit status, or 128+signal
    std::string out;
    std::string err;
};

// Runs argv[0] (searched in PATH) with the given stdin; waits at most `timeout`.
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              std::chrono::seconds timeout = std::chrono::seconds(60),
              const std::map<std::string, std::string>& env = {});

// True if `program` is found in PATH.
bool have_program(const std::string& program);

// Writes `content` to `path`.
void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

// A background process with stdout and stderr appended to `log_path`; SIGTERM then
// SIGKILL when destroyed, its log then recorded for the suite's secrets scan
// (suite_record.hpp). run() records what it printed too.
class Daemon {
  public:
    Daemon(const std::vector<std::string>& argv, const std::string& log_path);
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;
    pid_t pid() const { return pid_; }
    bool running();
    void stop();

  private:
    pid_t pid_ = -1;
    std::vector<std::string> argv_;
    std::string log_path_;
};

// Polls `ready` every 20 ms until it returns true or `timeout` passes.
bool wait_until(const std::function<bool()>& ready,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

} // namespace dnsclay::test
