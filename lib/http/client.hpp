#pragma once
// A small HTTP client over libcurl for the providers that speak an operator's web API:
// one request at a time, with a total and a connect timeout, cancellation (checked by
// libcurl's progress callback), the User-Agent "dnsclay/VERSION", and error texts that
// never carry a secret: no header values, no request body, no query string.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
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

struct Request {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers; // may hold secrets
    std::string body;
};

struct Response {
    long status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

struct ClientOptions {
    std::chrono::seconds timeout{30};
    std::chrono::seconds connect_timeout{10};
    std::string user_agent; // empty: "dnsclay/VERSION"
    std::string proxy;      // empty: libcurl's usual environment variables
    std::string ca_file;    // empty: the system's CA store
    const std::atomic<bool>* cancel = nullptr;
};

class Client {
  public:
    explicit Client(ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Sends the request and returns the answer, whatever its status. Throws HttpError.
    Response send(const Request& request);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The URL without its query string and fragment, for error texts.
std::string redact_url(const std::string& url);

} // namespace dnsclay::http
