// Every web provider that lists a zone page by page stops when the operator claims another
// page forever: at once when a page repeats the previous one, and after Pages::kMaxPages
// pages when each page differs. The answers come through http::ClientOptions::transport.
#include "lib/http/client.hpp"
#include "providers/registry.hpp"
#include "providers/web_api.hpp"
#include "tests/support/fake_google_cloud_dns.hpp"
#include "tests/support/fake_timing.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

namespace {

using namespace dnsclay;

struct EndlessListing {
    std::string provider;
    std::map<std::string, std::string> fields;  // besides endpoint; ids that skip look-ups
    std::string page;                           // a page that says another follows
    std::map<std::string, std::string> headers; // where the next page is said
};

const char* const kRecordJson =
    R"({"id":"1","name":"www.example.test","type":"A","content":"192.0.2.1","ttl":300})";

// A service account key file (the fake's, whose token endpoint the transport answers).
std::string google_key() {
    static const test::FakeGoogleCloudDns fake;
    return fake.service_account_key();
}

std::vector<EndlessListing> endless_listings() {
    auto one = std::string(kRecordJson);
    return {
        {"cloudflare",
         {{"api_token", "t0ken"}, {"zone_id", "z1"}},
         R"({"success":true,"result":[)" + one + R"(],"result_info":{"total_pages":100000}})",
         {}},
        {"desec",
         {{"api_token", "t0ken"}},
         R"([{"subname":"www","type":"A","ttl":3600,"records":["192.0.2.1"]}])",
         {{"link", "<http://api.test/domains/example.test/rrsets/?cursor=a>; rel=\"next\""}}},
        {"hetzner",
         {{"api_token", "t0ken"}},
         R"({"rrsets":[{"name":"www","type":"A","ttl":300,"records":[{"value":"192.0.2.1"}]}],)"
         R"("meta":{"pagination":{"next_page":2}}})",
         {}},
        {"digitalocean",
         {{"api_token", "t0ken"}},
         R"({"domain_records":[{"id":1,"type":"A","name":"www","data":"192.0.2.1","ttl":300}],)"
         R"("links":{"pages":{"next":"http://api.test/next"}}})",
         {}},
        {"vultr",
         {{"api_key", "t0ken"}},
         R"({"records":[{"id":"1","type":"A","name":"www","data":"192.0.2.1","ttl":300}],)"
         R"("meta":{"links":{"next":"c2"}}})",
         {}},
        {"linode",
         {{"api_token", "t0ken"}, {"domain_id", "7"}},
         R"({"data":[{"id":1,"type":"A","name":"www","target":"192.0.2.1","ttl_sec":300}],)"
         R"("pages":100000})",
         {}},
        {"gandi",
         {{"api_token", "t0ken"}},
         R"([{"rrset_name":"www","rrset_type":"A","rrset_ttl":300,)"
         R"("rrset_values":["192.0.2.1"]}])",
         {{"total-count", "1000000"}}},
        {"dnsimple",
         {{"api_token", "t0ken"}, {"account_id", "1"}},
         R"({"data":[{"id":1,"name":"www","type":"A","content":"192.0.2.1","ttl":300}],)"
         R"("pagination":{"total_pages":100000}})",
         {}},
        {"route53",
         {{"access_key_id", "AKIDEXAMPLE"},
          {"secret_access_key", "s3cret"},
          {"hosted_zone_id", "Z1"}},
         R"(<?xml version="1.0"?><ListResourceRecordSetsResponse><ResourceRecordSets>)"
         R"(<ResourceRecordSet><Name>www.example.test.</Name><Type>A</Type><TTL>300</TTL>)"
         R"(<ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord>)"
         R"(</ResourceRecords></ResourceRecordSet></ResourceRecordSets>)"
         R"(<IsTruncated>true</IsTruncated><NextRecordName>www.example.test.</NextRecordName>)"
         R"(<NextRecordType>A</NextRecordType></ListResourceRecordSetsResponse>)",
         {}},
        {"googleclouddns",
         {{"service_account_key", google_key()}, {"managed_zone", "z"}},
         R"({"rrsets":[{"name":"www.example.test.","type":"A","ttl":300,)"
         R"("rrdatas":["192.0.2.1"]}],"nextPageToken":"n2"})",
         {}},
    };
}

struct Listed {
    std::string error;
    std::size_t requests = 0;
};

// Lists example.test. at `listing`'s provider, every answer made by `page` (given the
// request's number, from 1).
Listed list_endless(const EndlessListing& listing,
                    const std::function<std::string(std::size_t)>& page) {
    test::FakeTiming timing;
    providers::ProviderContext ctx;
    ctx.zone = dns::Name::parse("example.test.");
    ctx.fields = listing.fields;
    ctx.fields["endpoint"] = "http://api.test";
    ctx.http.timing = &timing.timing();
    Listed out;
    ctx.http.transport = [&](const http::Request& req) {
        http::Response r;
        r.status = 200;
        if (req.url.ends_with("/token")) { // Google's access token, once
            r.body = R"({"access_token":"at","expires_in":3600})";
            return r;
        }
        r.body = page(++out.requests);
        r.headers = listing.headers;
        return r;
    };
    const auto* info = providers::find_provider(listing.provider);
    REQUIRE(info);
    providers::WebApi::forget_all();
    try {
        info->create(ctx)->list_records();
    } catch (const providers::ProviderError& e) {
        out.error = e.what();
    }
    return out;
}

} // namespace

TEST_CASE("web providers: a listing whose next page repeats the last one stops with an error") {
    for (const auto& listing : endless_listings()) {
        INFO(listing.provider);
        auto listed = list_endless(listing, [&](std::size_t) { return listing.page; });
        CHECK(listed.requests == 2);
        CHECK_THAT(listed.error, Catch::Contains("the operator sent the same page again"));
    }
}

TEST_CASE("web providers: a listing of ever new pages stops after the most pages allowed") {
    // Each page differs from the last (a new record id), so only the count can stop it.
    for (const auto& listing : endless_listings()) {
        if (listing.provider != "cloudflare" && listing.provider != "hetzner") continue;
        INFO(listing.provider);
        auto listed = list_endless(listing, [&](std::size_t n) {
            auto page = listing.page;
            auto at = page.find("192.0.2.1");
            return page.replace(at, 9, fmt::format("10.{}.{}.{}", n >> 16, n >> 8 & 255, n & 255));
        });
        CHECK(listed.requests == providers::Pages::kMaxPages + 1);
        CHECK_THAT(listed.error,
                   Catch::Contains(fmt::format("more than {} pages", providers::Pages::kMaxPages)));
    }
}
