#pragma once
// The HTTP client every web-API provider speaks through (libcurl). One Client keeps one
// curl handle, so its requests reuse the connection. It retries what can be retried
// safely: a request that never reached the server, an idempotent request (GET, HEAD, PUT,
// DELETE) after a connection error or a 5xx, any request answered 429 or 503 or as the
// caller's try_again_later recognises (the server says it did not act), waiting with
// jittered exponential backoff or as long as Retry-After says (seconds or an HTTP date, up
// to a cap). A non-idempotent request (POST,
// PATCH) whose outcome is unknown (the connection failed after it was sent, or a 5xx other
// than 503) is never sent again: send() throws OutcomeUnknown so the caller reads the
// state first. Requests wait for the account's rate limiter, if any. Error texts and
// traces never carry a secret: no header values, no secret query parameters or values.
#include "lib/http/rate_limiter.hpp"
#include "lib/http/timing.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dnsclay::http {

// The request did not get an answer (connection refused, timeout, TLS, cancelled).
class HttpError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A non-idempotent request may or may not have been carried out: read the state before
// deciding what to do next.
class OutcomeUnknown : public HttpError {
  public:
    using HttpError::HttpError;
};

struct Request {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers; // may hold secrets
    std::string body;
    // Whether sending it twice does no harm; unset: decided by the method.
    std::optional<bool> idempotent;

    bool is_idempotent() const;
};

struct Response {
    long status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
    int attempts = 1; // how many times it was sent
};

struct RetryPolicy {
    int retries = 3; // sends after the first
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30'000};
    // A longer Retry-After is not waited for: the answer (429/503) is returned as it is.
    std::chrono::seconds max_retry_after{120};
};

struct ClientOptions {
    std::chrono::seconds timeout{30};
    std::chrono::seconds connect_timeout{10};
    std::string user_agent; // empty: "dnsclay/VERSION"
    std::string proxy;      // empty: libcurl's usual environment variables
    std::string ca_file;    // empty: the system's CA store
    const std::atomic<bool>* cancel = nullptr;
    RetryPolicy retry;
    std::shared_ptr<RateLimiter> limiter; // null: no pacing
    // Values never to be shown in traces or error texts (the account's secret fields).
    std::vector<std::string> secrets;
    // Answers besides 429 and 503 in which the server says it did not act on the request
    // and to send it again later (Route 53's Throttling, an HTTP 400): retried as those are,
    // whatever the method. Unset: none.
    std::function<bool(const Response&)> try_again_later;
    const Timing* timing = nullptr; // null: real_timing()
    // Answers requests in place of the network, so the fuzzers can hand providers any
    // answer quickly; unset: libcurl sends them. It may throw HttpError (no answer).
    std::function<Response(const Request&)> transport;
};

class Client {
  public:
    explicit Client(ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Sends the request (again, as the rules above allow) and returns the last answer,
    // whatever its status. Throws HttpError, or OutcomeUnknown.
    Response send(const Request& request);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The URL without its query string and fragment, for error texts.
std::string redact_url(const std::string& url);

// How long a Retry-After value asks to wait: delay-seconds or an HTTP date (RFC 9110
// §10.2.3) compared with `now`. nullopt if it is neither.
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      std::chrono::system_clock::time_point now);

// The wait before retry number `attempt` (1-based): base * 2^(attempt-1), capped, of which
// the upper half is jitter (`random` in [0, 1)).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double random);

} // namespace dnsclay::http
