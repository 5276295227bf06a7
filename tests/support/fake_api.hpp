#pragma once
// An in-process HTTP server on 127.0.0.1 (an ephemeral port) to stand in for an operator's
// web API: each provider's fake adds its routes and keeps its zone; this part does what
// every fake needs: the auth check with the operator's error body, a request log, paging
// helpers and failure injection (500, 429 with Retry-After, slow answers, connection
// resets, malformed bodies, failing the Nth call).
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace dnsclay::test {

enum class FaultKind {
    Status500,   // HTTP 500 with the fake's error body
    RateLimited, // HTTP 429 with Retry-After
    Slow,        // answers after `delay`
    Reset,       // drops the connection after the request was read, not acting on it
    ResetAfter,  // acts on the request, then drops the connection before the answer
    Malformed,   // HTTP 200 with a body that is not JSON
    // HTTP `status` with the fake's own error body for it (its auth error for 401/403),
    // every text in it followed by the whole request (headers, query, body): an operator
    // that quotes the request back, to show that no secret reaches the user from there.
    EchoRequest,
    Status, // HTTP `status` with `body`, as given (an operator's own refusal)
};

struct Fault {
    FaultKind kind = FaultKind::Status500;
    std::string retry_after = "1";         // RateLimited
    std::chrono::milliseconds delay{1500}; // Slow
    int status = 401;                      // EchoRequest, Status
    std::string body{};                    // Status
};

class FakeApi {
  public:
    // Route handlers run with the fake's mutex held; `match` holds the pattern's groups.
    using Handler =
        std::function<void(const httplib::Request&, httplib::Response&, const std::smatch& match)>;

    FakeApi();
    ~FakeApi(); // stop()
    // Stops the server and waits for requests in flight. A fake calls it first in its
    // destructor, while the members its routes use still exist; later calls do nothing.
    void stop();
    FakeApi(const FakeApi&) = delete;
    FakeApi& operator=(const FakeApi&) = delete;

    // http://127.0.0.1:PORT
    std::string url() const;
    // `pattern` is a regex for the whole path (no query string).
    void route(const std::string& method, const std::string& pattern, Handler handler);
    // Requests for which `ok` is false get `status` and `body` (the operator's auth error).
    void require_auth(std::function<bool(const httplib::Request&)> ok, int status,
                      std::string body);
    // Requests without the header `name: value` (the credentials) get `status` and `body`.
    void require_header(const std::string& name, std::string value, int status, std::string body);
    // The error body sent with injected 500s and unknown routes (404).
    void set_error_body(int status, std::string body);

    // Failure injection. Calls are counted from 1 over requests whose method is in
    // `methods` (empty: every method), from the time the fault is set.
    void fail_call(int n, Fault fault, std::vector<std::string> methods = {});
    // The next `times` calls fail.
    void fail_next(Fault fault, int times = 1, std::vector<std::string> methods = {});
    void clear_faults();

    // "METHOD /path?query" of every request, in order.
    std::vector<std::string> requests() const;
    std::size_t request_count() const;
    // The client port of every request, in order (one port: one reused connection).
    std::vector<int> client_ports() const;
    void clear_log();

    std::mutex& mutex() { return mutex_; }
    // How many items a page holds in the fake's listings (small, to exercise paging).
    std::size_t page_size = 2;

    // The page `page` (1-based) of `n` items, `size` a page (0: page_size): [first, last).
    std::pair<std::size_t, std::size_t> page_bounds(std::size_t n, std::size_t page,
                                                    std::size_t size = 0) const;
    // The page size a request asks for in its query parameter `param`, at most page_size
    // (page_size if it asks for none), as operators cap what clients ask.
    std::size_t asked_page_size(const httplib::Request& req, const std::string& param) const;
    static void send_json(httplib::Response& res, int status, const std::string& body);
    // items[first, last) joined by commas: the inside of a JSON array.
    static std::string joined(const std::vector<std::string>& items, std::size_t first,
                              std::size_t last);

  private:
    struct Route {
        std::string method;
        std::regex pattern;
        Handler handler;
    };
    struct Pending {
        int at = 0; // counted call number at which it fires
        int times = 1;
        Fault fault;
        std::vector<std::string> methods;
        int seen = 0;
    };
    void dispatch(const httplib::Request& req, httplib::Response& res);
    void answer(const httplib::Request& req, httplib::Response& res);
    bool inject(const httplib::Request& req, httplib::Response& res, bool& reset_after);
    static void reset(httplib::Response& res);

    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::vector<Route> routes_;
    std::function<bool(const httplib::Request&)> auth_ok_;
    int auth_status_ = 401;
    std::string auth_body_;
    int error_status_ = 500;
    std::string error_body_ = R"({"error":"internal error"})";
    std::vector<Pending> faults_;
    std::vector<std::string> log_;
    std::vector<int> ports_;
};

} // namespace dnsclay::test
