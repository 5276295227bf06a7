// RS256 JSON Web Tokens: the signer and verifier of providers/jwt against a token that
// openssl(1) signed (`openssl dgst -sha256 -sign` over base64url(header).base64url(claims)
// with the throw-away test key below; RSASSA-PKCS1-v1_5 is deterministic, so the same key
// and input must give the same signature), and a tampered token refused.
#include "providers/jwt.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;

namespace {

// A 1024-bit test key made for this test only (`openssl genpkey -algorithm RSA`).
const char* const kPrivateKey = "-----BEGIN PRIVATE KEY-----\n"
                                "MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMakoR2wlYisXqjw\n"
                                "nT4/skmowVdg2Rvo4DwiNZvrVfwMrQCrVIZSftIfJoQq0z7QOfb6bHRt1MN6dlYN\n"
                                "OgVe34GYrQJTmQdAI+KHVKvNcszJa6zVXgc2ofJwxtDUdr0DmjQ7X6JVIxcgarhJ\n"
                                "j2tEi67jb6NjCN4c2PXiN8a9z6xbAgMBAAECgYEAimxMjejwuxYKvMU3fhpa/jNn\n"
                                "z6EAig9kuuLH4shC2epnYFEEDLpN/9SPPYiuPlZSHkZx70xd+H5NGjgLV5S+QFG8\n"
                                "JXxMWNIpztQ3B7VrCB590AeeELdNYysK3QjIB2SnzD0bfh1cZnu0YjTCVFPst0TM\n"
                                "Y5zizdiooWXTeoXYk5ECQQDjioCyBnnj7tlbdUgFJZSfMNndYdaFk3ik2r6HtLi8\n"
                                "ryZrA4/jqtYF06F1JEONV7ScO5tWv/if0JjxC1DWGTljAkEA33zcbWnqt8JXNMZo\n"
                                "ADrNWSSeGa337BDMp8tP7HWwxdrX4ic3TmG3GxQgjIqKRtKaPaz8Wm9ebPV41p7w\n"
                                "2ZMuqQJAYR4Id/OTqtmTJBoWtzunB5sOIhNUQIcFAzfqAnn8L2yCdUJ786xC1RHS\n"
                                "4/CqdHVuvRAj6Q7eyzd5T8iIpBj4CQJALI2Ov/0yfqmuiuXWy9ztHQ1Qu1vUJep/\n"
                                "ch/08fXQZNEo4nvg6a5PO4W6q2nfARlxCESZFkpHb79L9LVA3I8b6QJAC1kKDc3N\n"
                                "ibtm+wgVEbZk689Q1TajyaaTo6X28Tz5uJkHbTt7rg+a6uO+1MW6XQlNwOf7qEle\n"
                                "LYKkFWtfepS2WA==\n"
                                "-----END PRIVATE KEY-----\n";
const char* const kPublicKey = "-----BEGIN PUBLIC KEY-----\n"
                               "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDGpKEdsJWIrF6o8J0+P7JJqMFX\n"
                               "YNkb6OA8IjWb61X8DK0Aq1SGUn7SHyaEKtM+0Dn2+mx0bdTDenZWDToFXt+BmK0C\n"
                               "U5kHQCPih1SrzXLMyWus1V4HNqHycMbQ1Ha9A5o0O1+iVSMXIGq4SY9rRIuu42+j\n"
                               "YwjeHNj14jfGvc+sWwIDAQAB\n"
                               "-----END PUBLIC KEY-----\n";
const std::string kHeader = R"({"alg":"RS256","typ":"JWT"})";
const std::string kClaims =
    R"({"iss":"dnsclay@example.iam.gserviceaccount.com","aud":"https://oauth2.googleapis.com/token",)"
    R"("iat":1700000000,"exp":1700003600})";
// What openssl(1) made of the two with the key above.
const std::string kSignedByOpenssl =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJkbnNjbGF5QGV4YW1wbGUuaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJhdWQiOiJodHRwczovL29hdXRoMi"
    "5nb29nbGVhcGlzLmNvbS90b2tlbiIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwfQ."
    "Fp9OYHcsyDKdfN1HZtmmEAM8cs5GirKfnIy4wcl8PHKsBgfV5Z9s06fKV17s4BMulnotGSVtATFcRHF4j5uQ-"
    "ctlA4S86IKQ0_JRvQXiIrVbjeH9z_gVVXCbcESp02PTi5Uf1QO1YeH1Uv9ZuS3R2d7KhRbVodlxITwmQ1ITesM";

} // namespace

TEST_CASE("jwt: RS256 signature as openssl(1) makes it", "[jwt]") {
    CHECK(providers::jwt_rs256(kHeader, kClaims, kPrivateKey) == kSignedByOpenssl);
    CHECK(providers::jwt_rs256_verify(kSignedByOpenssl, kPublicKey));
    CHECK(providers::jwt_part(kSignedByOpenssl, 0) == kHeader);
    CHECK(providers::jwt_part(kSignedByOpenssl, 1) == kClaims);
}

TEST_CASE("jwt: a tampered or malformed token does not verify", "[jwt]") {
    auto tampered = kSignedByOpenssl;
    tampered[tampered.find('.') + 5] ^= 1; // one bit of the claims
    CHECK_FALSE(providers::jwt_rs256_verify(tampered, kPublicKey));
    CHECK_FALSE(providers::jwt_rs256_verify("not-a-token", kPublicKey));
    CHECK_FALSE(providers::jwt_rs256_verify(kSignedByOpenssl.substr(0, kSignedByOpenssl.rfind('.')),
                                            kPublicKey));
    CHECK(providers::jwt_part("no dots", 1).empty());
}

TEST_CASE("jwt: a key that is not an RSA private key gives an error without the key", "[jwt]") {
    try {
        providers::jwt_rs256(kHeader, kClaims, "-----BEGIN PRIVATE KEY-----\nsecretstuff\n");
        FAIL("a broken key was used");
    } catch (const providers::JwtError& e) {
        CHECK(std::string(e.what()).find("secretstuff") == std::string::npos);
    }
    CHECK_THROWS_AS(providers::jwt_rs256(kHeader, kClaims, kPublicKey), providers::JwtError);
}
