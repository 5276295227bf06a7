// cred add|list|remove through the real binary.
#include "lib/store/keys.hpp"
#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::test;

namespace {

struct Zoned : Cli {
    Zoned() {
        REQUIRE((*this)({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
        REQUIRE((*this)({"zone", "add", "other.test", "--provider", "local"}).exit_code == 0);
    }
};

} // namespace

TEST_CASE("cred add --tsig generates a key and prints it once in pasteable forms", "[cli]") {
    Zoned cli;
    auto r = cli({"cred", "add", "GW-tsig.", "--zone", "example.test", "--zone", "other.test",
                  "--tsig", "--allow-name", "_acme-challenge", "--allow-type", "TXT"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto at = r.out.find("-y hmac-sha256:gw-tsig:");
    REQUIRE(at != std::string::npos);
    std::string secret = r.out.substr(at + 23, r.out.find('\n', at) - at - 23);
    auto raw = dnsclay::store::base64_decode(secret);
    REQUIRE(raw);
    CHECK(raw->size() == 32);
    CHECK_THAT(r.out, Catch::Contains("key \"gw-tsig.\" {\n\talgorithm hmac-sha256;\n\tsecret \"" +
                                      secret + "\";\n};"));
    CHECK_THAT(r.out, Catch::Contains("  - id: gw-tsig.\n    algorithm: hmac-sha256\n    secret: " +
                                      secret));

    // Never again: list masks it, in both forms.
    auto text = cli({"cred", "list"});
    CHECK(text.out.find(secret) == std::string::npos);
    CHECK_THAT(text.out, Catch::Contains("********"));
    auto list = cli.json({"cred", "list"});
    REQUIRE(list["credentials"].Size() == 1);
    const auto& c = list["credentials"][0];
    CHECK(std::string(c["name"].GetString()) == "gw-tsig");
    CHECK(std::string(c["kind"].GetString()) == "tsig");
    CHECK(std::string(c["secret"].GetString()) == "********");
    CHECK(c["zones"].Size() == 2);
    CHECK(std::string(c["allow_names"][0].GetString()) == "_acme-challenge");
    CHECK(std::string(c["allow_types"][0].GetString()) == "TXT");
    CHECK(c["read_only"].GetBool() == false);

    // Two keys never share a secret, and the digest length follows the algorithm.
    auto j = cli.json({"cred", "add", "k2", "--zone", "example.test", "--tsig", "--algorithm",
                       "hmac-sha512", "--read-only"});
    std::string secret2 = j["credential"]["secret"].GetString();
    CHECK(secret2 != secret);
    CHECK(dnsclay::store::base64_decode(secret2)->size() == 64);
    CHECK(std::string(j["credential"]["nsupdate"].GetString()) == "hmac-sha512:k2:" + secret2);
}

TEST_CASE("cred add --tls-pubkey takes a PEM key, a certificate or a pin", "[cli]") {
    if (!have_program("openssl")) {
        WARN("openssl not installed: skipped");
        return;
    }
    Zoned cli;
    auto key = cli.path("client.key"), pub = cli.path("client.pub"), crt = cli.path("client.crt");
    REQUIRE(run({"openssl", "genpkey", "-algorithm", "ed25519", "-out", key}).exit_code == 0);
    REQUIRE(run({"openssl", "pkey", "-in", key, "-pubout", "-out", pub}).exit_code == 0);
    REQUIRE(run({"openssl", "req", "-x509", "-new", "-key", key, "-subj", "/CN=client", "-days",
                 "2", "-out", crt})
                .exit_code == 0);
    auto pin = run({"sh", "-c",
                    "openssl pkey -pubin -in " + pub +
                        " -outform der | openssl dgst -sha256 -binary | base64"});
    REQUIRE(pin.exit_code == 0);
    std::string expected = pin.out.substr(0, pin.out.find('\n'));

    auto a = cli.json({"cred", "add", "tls-a", "--zone", "example.test", "--tls-pubkey", pub});
    CHECK(std::string(a["credential"]["spki_sha256"].GetString()) == expected);
    // The same key again, as a certificate: refused as a duplicate.
    auto dup = cli({"cred", "add", "tls-b", "--zone", "example.test", "--tls-pubkey", crt});
    CHECK(dup.exit_code == 4);
    CHECK_THAT(dup.err, Catch::Contains("already belongs to credential tls-a"));
    REQUIRE(cli({"cred", "remove", "tls-a"}).exit_code == 0);
    auto b = cli.json({"cred", "add", "tls-b", "--zone", "example.test", "--tls-pubkey", crt});
    CHECK(std::string(b["credential"]["spki_sha256"].GetString()) == expected);
    REQUIRE(cli({"cred", "remove", "tls-b"}).exit_code == 0);

    // Pins in hex and base64url name the same key.
    auto raw = *dnsclay::store::base64_decode(expected);
    auto hex = cli.json({"cred", "add", "tls-hex", "--zone", "example.test", "--tls-pubkey",
                         dnsclay::store::hex_encode(raw)});
    CHECK(std::string(hex["credential"]["spki_sha256"].GetString()) == expected);
    REQUIRE(cli({"cred", "remove", "tls-hex"}).exit_code == 0);
    auto url = cli.json({"cred", "add", "tls-url", "--zone", "example.test", "--tls-pubkey",
                         dnsclay::store::base64url_encode(raw)});
    CHECK(std::string(url["credential"]["spki_sha256"].GetString()) == expected);
}

TEST_CASE("cred add takes every TSIG algorithm its --help names, hmac-md5 included", "[cli]") {
    Zoned cli;
    auto help = cli({"cred", "add", "--help"});
    REQUIRE(help.exit_code == 0);
    // certbot-dns-rfc2136 defaults to hmac-md5: it must be both offered and accepted.
    CHECK_THAT(help.out, Catch::Contains("hmac-md5"));
    for (const auto& alg : dnsclay::store::tsig_algorithms()) {
        INFO(alg);
        CHECK_THAT(help.out, Catch::Contains(alg));
        auto made = cli.json(
            {"cred", "add", "k-" + alg, "--zone", "example.test", "--tsig", "--algorithm", alg});
        CHECK(std::string(made["credential"]["algorithm"].GetString()) == alg);
        auto secret = dnsclay::store::base64_decode(made["credential"]["secret"].GetString());
        REQUIRE(secret);
        CHECK(secret->size() >= 16);
    }
}

TEST_CASE("cred add refuses bad input and changes nothing, and cred remove", "[cli]") {
    Zoned cli;
    REQUIRE(cli({"cred", "add", "gw", "--zone", "example.test", "--tsig"}).exit_code == 0);
    auto before = cli({"--json", "cred", "list"}).out;
    struct Case {
        std::vector<std::string> args;
        int code;
        std::string message;
    };
    std::vector<Case> cases = {
        {{"cred", "add", "gw", "--zone", "example.test", "--tsig"}, 4, "already exists"},
        {{"cred", "add", "x", "--zone", "nope.test", "--tsig"},
         3,
         "zone nope.test. does not exist"},
        {{"cred", "add", "x", "--zone", "example.test"},
         2,
         "exactly one of --tsig and --tls-pubkey"},
        {{"cred", "add", "x", "--zone", "example.test", "--tsig", "--algorithm", "hmac-sha3-256"},
         2,
         "unsupported TSIG algorithm"},
        {{"cred", "add", "x", "--zone", "example.test", "--tsig", "--secret", "not base64!"},
         2,
         "not valid base64"},
        {{"cred", "add", "x", "--zone", "example.test", "--tls-pubkey", "abcd"},
         2,
         "neither a readable PEM file nor an SPKI SHA-256 pin"},
        {{"cred", "add", "x", "--zone", "example.test", "--tsig", "--allow-type", "BOGUS"},
         2,
         "\"BOGUS\" is not a record type"},
        {{"cred", "add", "x", "--tsig"}, 2, "--zone is required"},
    };
    for (const auto& c : cases) {
        auto r = cli(c.args);
        INFO(r.err);
        CHECK(r.exit_code == c.code);
        CHECK_THAT(r.err, Catch::Contains(c.message));
    }
    CHECK(cli({"--json", "cred", "list"}).out == before);

    // A given secret is kept as given.
    auto j = cli.json({"cred", "add", "given", "--zone", "example.test", "--tsig", "--secret",
                       "c2VjcmV0c2VjcmV0"});
    CHECK(std::string(j["credential"]["secret"].GetString()) == "c2VjcmV0c2VjcmV0");

    CHECK(cli({"cred", "remove", "gw."}).exit_code == 0);
    CHECK(cli({"cred", "remove", "gw"}).exit_code == 3);
    auto removed = cli.json({"cred", "list"});
    REQUIRE(removed["credentials"].Size() == 1);
    // Removing a zone removes its grants but keeps the credential.
    REQUIRE(cli({"zone", "remove", "example.test", "--yes"}).exit_code == 0);
    CHECK(cli.json({"cred", "list"})["credentials"][0]["zones"].Size() == 0);
}
