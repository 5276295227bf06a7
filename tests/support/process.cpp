#include "tests/support/process.hpp"

#include "tests/support/suite_record.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace dnsclay::test {

TempDir::TempDir() {
    char tmpl[] = "/tmp/dnsclay-test-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

namespace {
bool bindable(int type, int port) {
    int fd = socket(AF_INET, type, 0);
    if (fd < 0) return false;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
    close(fd);
    return ok;
}

// Where a process that ran out of time was: each thread's state and the kernel function
// it waits in (/proc), so that a test killing it can say why it hung.
std::string where_stuck(pid_t pid) {
    std::string out;
    std::error_code ec;
    auto tasks = std::filesystem::path("/proc") / std::to_string(pid) / "task";
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
        std::string state;
        std::ifstream status(task.path() / "status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("State:", 0) == 0) state = line.substr(7);
        std::ifstream wchan_file(task.path() / "wchan");
        std::string wchan;
        std::getline(wchan_file, wchan);
        out += " [thread " + task.path().filename().string() + ": " + state + ", in " + wchan + "]";
    }
    return out;
}

int exit_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// Argument (or environment) strings as exec wants them. Built before fork(): the tests
// start processes from several threads, and a child of a threaded process may call only
// async-signal-safe functions before exec. malloc or setenv there can wait forever on a
// lock another thread held at the fork (seen under ASan: a child asleep on a futex).
std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// This process's environment with `env` set on top, as "NAME=VALUE" strings.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& env) {
    std::vector<std::string> out;
    for (char** e = environ; *e; ++e) {
        std::string entry = *e;
        if (!env.count(entry.substr(0, entry.find('=')))) out.push_back(entry);
    }
    for (const auto& [k, v] : env)
        out.push_back(k + "=" + v);
    return out;
}
} // namespace

int free_port() {
    for (int attempt = 0; attempt < 100; ++attempt) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
        socklen_t len = sizeof sa;
        getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
        close(fd);
        int port = ntohs(sa.sin_port);
        if (bindable(SOCK_DGRAM, port) && bindable(SOCK_STREAM, port)) return port;
    }
    throw std::runtime_error("no free port found");
}

RunResult run(const std::vector<std::string>& argv, const std::string& input,
              std::chrono::seconds timeout, const std::map<std::string, std::string>& env) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC))
        throw std::runtime_error("pipe failed");
    record_secrets_in_args(argv, env);
    auto args_text = argv;
    auto args = c_strings(args_text);
    auto env_text = environment_with(env);
    auto envp = c_strings(env_text);
    const std::string exec_failed = "exec " + argv.at(0) + " failed\n";
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        execvpe(args[0], args.data(), envp.data());
        (void)!write(2, exec_failed.data(), exec_failed.size());
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    RunResult result;
    std::size_t written = 0;
    int in_fd = in_pipe[1];
    if (input.empty()) {
        close(in_fd);
        in_fd = -1;
    }
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int open_fds = 2;
    while (open_fds > 0) {
        pollfd fds[3] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {in_fd, POLLOUT, 0}};
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0) {
            result.err += "\ntest: killed after " + std::to_string(timeout.count()) +
                          " s:" + where_stuck(pid) + "\n";
            kill(pid, SIGKILL);
            break;
        }
        if (poll(fds, 3, static_cast<int>(left)) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[65536];
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
            } else {
                close(fds[i].fd);
                (i == 0 ? out_pipe[0] : err_pipe[0]) = -1;
                --open_fds;
            }
        }
        if (in_fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(in_fd, input.data() + written, input.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n <= 0 || written == input.size()) {
                close(in_fd);
                in_fd = -1;
            }
        }
    }
    for (int fd : {out_pipe[0], err_pipe[0], in_fd})
        if (fd >= 0) close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = exit_status(status);
    record_output(argv, result.out);
    record_output(argv, result.err);
    return result;
}

bool have_program(const std::string& program) {
    return run({"sh", "-c", "command -v " + program}).exit_code == 0;
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream f(path, std::ios::binary);
    f << content;
    if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

Daemon::Daemon(const std::vector<std::string>& argv, const std::string& log_path)
    : argv_(argv), log_path_(log_path) {
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log < 0) throw std::runtime_error("cannot open " + log_path);
    auto args_text = argv;
    auto args = c_strings(args_text);
    const std::string exec_failed = "exec " + argv.at(0) + " failed\n";
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(log, 1);
        dup2(log, 2);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        setpgid(0, 0);
        execvp(args[0], args.data());
        (void)!write(2, exec_failed.data(), exec_failed.size());
        _exit(127);
    }
    close(log);
}

bool Daemon::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

void Daemon::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 250; ++i) {
        if (!running()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

Daemon::~Daemon() {
    stop();
    record_output(argv_, read_file(log_path_));
}

bool wait_until(const std::function<bool()>& ready, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (ready()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return ready();
}

} // namespace dnsclay::test
