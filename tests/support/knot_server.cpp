#include "tests/support/knot_server.hpp"

#include <filesystem>
#include <fmt/core.h>
#include <stdexcept>

namespace dnsclay::test {
namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto pos = text.find(from); pos != std::string::npos;
         pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
    return text;
}

} // namespace

KnotServer::KnotServer(const std::string& sections, const std::string& ready_zone)
    : port_(free_port()) {
    std::filesystem::create_directories(dir_ / "db");
    std::filesystem::create_directories(dir_ / "zones");
    write_file(dir_ / "knot.conf", fmt::format("server:\n  rundir: {0}\n  listen: 127.0.0.1@{1}\n"
                                               "log:\n  - target: {0}/knot.log\n    any: info\n"
                                               "database:\n  storage: {0}/db\n",
                                               dir_.path(), port_) +
                                       replace_all(sections, "{dir}", dir_.path()));
    daemon_ = std::make_unique<Daemon>(std::vector<std::string>{"knotd", "-c", dir_ / "knot.conf"},
                                       dir_ / "knotd.out");
    bool up = wait_until(
        [&] {
            if (!daemon_->running()) return true;
            if (ready_zone.empty()) return log().find("server started") != std::string::npos;
            auto r = kdig({"+short", "SOA", ready_zone});
            return r.exit_code == 0 && !r.out.empty();
        },
        std::chrono::seconds(20));
    if (!up || !daemon_->running())
        throw std::runtime_error("knotd did not start: " + log() + read_file(dir_ / "knotd.out"));
}

KnotServer::~KnotServer() = default;

std::string KnotServer::log() const {
    try {
        return read_file(dir_ / "knot.log");
    } catch (const std::exception&) {
        return "";
    }
}

RunResult KnotServer::kdig(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"kdig", "@127.0.0.1", "-p",      std::to_string(port_),
                                     "+tcp", "+time=5",    "+retry=0"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, "", std::chrono::seconds(30));
}

RunResult KnotServer::knotc(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"knotc", "-c", dir_ / "knot.conf"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, "", std::chrono::seconds(30));
}

} // namespace dnsclay::test
