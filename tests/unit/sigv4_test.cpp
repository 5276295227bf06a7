// AWS Signature Version 4 against AWS's published test suite (aws-sig-v4-test-suite:
// get-vanilla, post-vanilla-query) and the Route 53 example worked out in
// shared/providers.md §2, with the suite's credentials.
#include "providers/sigv4.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using providers::SigV4Request;

namespace {

const providers::AwsCredentials kSuite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       ""};
const std::string kDate = "20150830T123600Z";

SigV4Request vanilla(const std::string& method, const std::string& host) {
    SigV4Request r;
    r.method = method;
    r.path = "/";
    r.headers = {{"Host", host}, {"X-Amz-Date", kDate}};
    return r;
}

std::chrono::system_clock::time_point suite_time() {
    // 2015-08-30 12:36:00 UTC
    return std::chrono::sys_days(std::chrono::year{2015} / 8 / 30) + std::chrono::hours(12) +
           std::chrono::minutes(36);
}

} // namespace

TEST_CASE("sigv4: get-vanilla from AWS's test suite", "[sigv4]") {
    auto r = vanilla("GET", "example.amazonaws.com");
    CHECK(providers::sigv4_canonical_request(r) ==
          "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(providers::sigv4_authorization(r, {"us-east-1", "service"}, kDate, kSuite) ==
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
          "SignedHeaders=host;x-amz-date, "
          "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST_CASE("sigv4: post-vanilla-query's string to sign from AWS's test suite", "[sigv4]") {
    auto r = vanilla("POST", "example.amazonaws.com");
    r.query = {{"Param1", "value1"}};
    CHECK(providers::sigv4_string_to_sign(r, {"us-east-1", "service"}, kDate) ==
          "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
          "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd");
}

TEST_CASE("sigv4: a signed Route 53 zone lookup (providers.md's worked example)", "[sigv4]") {
    http::Request req;
    req.method = "GET";
    req.url = "https://route53.amazonaws.com/2013-04-01/hostedzonesbyname?maxitems=1&dnsname="
              "example.com";
    providers::sigv4_sign(req, kSuite, {"us-east-1", "route53"}, suite_time());
    std::map<std::string, std::string> headers(req.headers.begin(), req.headers.end());
    CHECK(headers["X-Amz-Date"] == kDate);
    CHECK(headers["Authorization"] ==
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/route53/aws4_request, "
          "SignedHeaders=host;x-amz-date, "
          "Signature=3c862b4933bbddc83d92bdc77ce9d510369814571181b53a54d4d7c6555e4994");
}

TEST_CASE("sigv4: query parameters are sorted and encoded, header values trimmed", "[sigv4]") {
    SigV4Request r;
    r.method = "GET";
    r.path = "/p";
    r.query = providers::decode_query("b=x%20y&a=%2A.example.com.&a=");
    r.headers = {{"X-Amz-Date", " 20150830T123600Z "}, {"Host", "h  x"}};
    CHECK(providers::sigv4_canonical_request(r) ==
          "GET\n/p\na=&a=%2A.example.com.&b=x%20y\nhost:h x\nx-amz-date:20150830T123600Z\n\n"
          "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(providers::aws_uri_encode("a b/~é") == "a%20b%2F~%C3%A9");
    CHECK(providers::aws_uri_encode("/2013-04-01/x", true) == "/2013-04-01/x");
}

TEST_CASE("sigv4: temporary credentials sign their session token", "[sigv4]") {
    http::Request req;
    req.url = "https://route53.amazonaws.com/2013-04-01/hostedzone";
    auto creds = kSuite;
    creds.session_token = "session-token";
    providers::sigv4_sign(req, creds, {"us-east-1", "route53"}, suite_time());
    std::map<std::string, std::string> headers(req.headers.begin(), req.headers.end());
    CHECK(headers["X-Amz-Security-Token"] == "session-token");
    CHECK(headers["Authorization"].find("SignedHeaders=host;x-amz-date;x-amz-security-token") !=
          std::string::npos);
}
