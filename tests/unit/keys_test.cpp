#include "lib/store/keys.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::store;

TEST_CASE("TSIG algorithms and secrets", "[keys]") {
    CHECK(tsig_algorithm("HMAC-SHA256.") == "hmac-sha256");
    CHECK(tsig_algorithm("sha512") == "hmac-sha512");
    CHECK(tsig_algorithm("hmac-md5") == "hmac-md5");
    CHECK_FALSE(tsig_algorithm("hmac-sha3-256"));
    auto a = generate_tsig_secret("hmac-sha256");
    auto b = generate_tsig_secret("hmac-sha256");
    CHECK(a != b);
    CHECK(base64_decode(a)->size() == 32);
    CHECK(base64_decode(generate_tsig_secret("hmac-sha384"))->size() == 48);
    CHECK(base64_decode(generate_tsig_secret("hmac-md5"))->size() == 16);
}

TEST_CASE("SPKI pins in hex, base64 and base64url", "[keys]") {
    std::vector<std::uint8_t> pin(32);
    for (std::size_t i = 0; i < pin.size(); ++i)
        pin[i] = static_cast<std::uint8_t>(i * 8 + 3);
    CHECK(parse_spki_pin(hex_encode(pin)) == pin);
    CHECK(parse_spki_pin(base64_encode(pin)) == pin);
    CHECK(parse_spki_pin(base64url_encode(pin)) == pin);
    CHECK(base64url_encode(pin).size() == 43);
    CHECK_FALSE(parse_spki_pin(hex_encode(pin).substr(2)));
    CHECK_FALSE(parse_spki_pin(std::string(64, 'g')));
    CHECK_FALSE(parse_spki_pin(base64_encode(std::vector<std::uint8_t>(31))));
    CHECK_FALSE(parse_spki_pin(""));
    CHECK_FALSE(base64_decode("abc"));
    CHECK_FALSE(base64_decode("ab=c"));
}
