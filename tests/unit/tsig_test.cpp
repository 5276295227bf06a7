#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "lib/dns/tsig.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace dnsclay::dns;

namespace {

constexpr std::uint64_t kNow = 1700000000;

const TsigKey& test_key(TsigAlgorithm alg = TsigAlgorithm::HMAC_SHA256) {
    static std::map<TsigAlgorithm, TsigKey> keys;
    auto& k = keys[alg];
    if (k.secret.empty()) {
        k.name = Name::parse("gw-tsig.example.");
        k.algorithm = alg;
        for (std::uint8_t i = 0; i < 32; ++i)
            k.secret.push_back(static_cast<std::uint8_t>(i * 7 + 1));
    }
    return k;
}

// A message with a header and one question, built by hand so that these tests depend on
// nothing but the wire primitives.
Bytes make_message(std::uint16_t id, bool response, const char* qname = "example.test.",
                   std::size_t padding_records = 0) {
    WireWriter w;
    w.u16(id);
    w.u16(response ? 0x8400 : 0x0000);
    w.u16(1);
    w.u16(static_cast<std::uint16_t>(padding_records));
    w.u16(0);
    w.u16(0);
    w.name(Name::parse(qname), false);
    w.u16(static_cast<std::uint16_t>(RRType::SOA));
    w.u16(static_cast<std::uint16_t>(RRClass::IN));
    for (std::size_t i = 0; i < padding_records; ++i) {
        w.name(Name::parse(qname), false);
        w.u16(static_cast<std::uint16_t>(RRType::A));
        w.u16(static_cast<std::uint16_t>(RRClass::IN));
        w.u32(3600);
        w.u16(4);
        w.u32(static_cast<std::uint32_t>(0x0a000000 + i));
    }
    return w.take();
}

const EVP_MD* openssl_md(TsigAlgorithm alg) {
    switch (alg) {
    case TsigAlgorithm::HMAC_MD5:
        return EVP_md5();
    case TsigAlgorithm::HMAC_SHA1:
        return EVP_sha1();
    case TsigAlgorithm::HMAC_SHA224:
        return EVP_sha224();
    case TsigAlgorithm::HMAC_SHA256:
        return EVP_sha256();
    case TsigAlgorithm::HMAC_SHA384:
        return EVP_sha384();
    case TsigAlgorithm::HMAC_SHA512:
        return EVP_sha512();
    }
    return nullptr;
}

// OpenSSL's one-shot HMAC: an independent check of what our incremental one digests.
Bytes reference_hmac(const TsigKey& key, const Bytes& input) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int n = 0;
    HMAC(openssl_md(key.algorithm), key.secret.data(), static_cast<int>(key.secret.size()),
         input.data(), input.size(), out.data(), &n);
    out.resize(n);
    return out;
}

void put(Bytes& b, std::initializer_list<std::uint8_t> bytes) {
    b.insert(b.end(), bytes);
}
void put_u16(Bytes& b, std::uint16_t v) {
    put(b, {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)});
}
void put_u48(Bytes& b, std::uint64_t v) {
    for (int shift = 40; shift >= 0; shift -= 8)
        b.push_back(static_cast<std::uint8_t>(v >> shift));
}
void put_mac(Bytes& b, const Bytes& mac) {
    put_u16(b, static_cast<std::uint16_t>(mac.size()));
    b.insert(b.end(), mac.begin(), mac.end());
}

TsigRdata tsig_of(const Bytes& wire) {
    Message m = Message::parse(wire);
    REQUIRE(m.tsig);
    return TsigRdata::decode(m.tsig->rdata);
}

TsigKeyLookup lookup_of(const TsigKey& key) {
    return [key](const Name& n) -> std::optional<TsigKey> {
        if (n == key.name) return key;
        return std::nullopt;
    };
}

TsigRequestCheck check_request(const Bytes& wire, const TsigKey& key, std::uint64_t now = kNow,
                               TsigPolicy policy = {}) {
    return tsig_verify_request(wire, Message::parse(wire), lookup_of(key), now, policy);
}

// Flips one bit of byte `at`.
Bytes flipped(Bytes b, std::size_t at) {
    b.at(at) ^= 0x01;
    return b;
}

} // namespace

TEST_CASE("TSIG algorithms have the RFC 8945 names and MAC lengths", "[tsig]") {
    CHECK(tsig_algorithm_name(TsigAlgorithm::HMAC_MD5).to_string() == "HMAC-MD5.SIG-ALG.REG.INT.");
    CHECK(tsig_algorithm_name(TsigAlgorithm::HMAC_SHA512).to_string() == "hmac-sha512.");
    CHECK(tsig_mac_length(TsigAlgorithm::HMAC_MD5) == 16);
    CHECK(tsig_mac_length(TsigAlgorithm::HMAC_SHA1) == 20);
    CHECK(tsig_mac_length(TsigAlgorithm::HMAC_SHA224) == 28);
    CHECK(tsig_mac_length(TsigAlgorithm::HMAC_SHA384) == 48);
    CHECK(tsig_algorithm_from_string("HMAC-SHA224") == TsigAlgorithm::HMAC_SHA224);
    CHECK(tsig_algorithm_from_string("hmac-md5.sig-alg.reg.int.") == TsigAlgorithm::HMAC_MD5);
    CHECK(tsig_algorithm_from_string("hmac-md5") == TsigAlgorithm::HMAC_MD5);
    CHECK_FALSE(tsig_algorithm_from_string("hmac-sha3"));
    CHECK(tsig_algorithm_from_name(Name::parse("HMAC-SHA1.")) == TsigAlgorithm::HMAC_SHA1);
    CHECK_FALSE(tsig_algorithm_from_name(Name::parse("gss-tsig.")));
}

TEST_CASE("TSIG keys parse and print in the nsupdate -y form", "[tsig]") {
    TsigKey k = TsigKey::parse("hmac-sha512:gw-tsig:c2VjcmV0");
    CHECK(k.algorithm == TsigAlgorithm::HMAC_SHA512);
    CHECK(k.name.to_string() == "gw-tsig.");
    CHECK(k.secret == Bytes{'s', 'e', 'c', 'r', 'e', 't'});
    CHECK(k.to_nsupdate() == "hmac-sha512:gw-tsig:c2VjcmV0");
    CHECK(TsigKey::parse(k.to_nsupdate()) == k);

    // Without an algorithm nsupdate uses hmac-md5; the caller may say otherwise (kdig).
    CHECK(TsigKey::parse("key.example.:c2VjcmV0").algorithm == TsigAlgorithm::HMAC_MD5);
    CHECK(TsigKey::parse("key:c2VjcmV0", TsigAlgorithm::HMAC_SHA256).algorithm ==
          TsigAlgorithm::HMAC_SHA256);

    CHECK_THROWS_AS(TsigKey::parse("c2VjcmV0"), TextError);
    CHECK_THROWS_AS(TsigKey::parse("hmac-foo:key:c2VjcmV0"), TextError);
    CHECK_THROWS_AS(TsigKey::parse("hmac-sha1::c2VjcmV0"), TextError);
    CHECK_THROWS_AS(TsigKey::parse("hmac-sha1:key:"), TextError);
    CHECK_THROWS_AS(TsigKey::parse("hmac-sha1:key:not base64!"), TextError);

    CHECK(TsigKey::parse("k:Zm9vYmE=").secret == Bytes{'f', 'o', 'o', 'b', 'a'});
    CHECK_THROWS_AS(TsigKey::parse("k:Zm9"), TextError);
    CHECK_THROWS_AS(TsigKey::parse("k:Z=9v"), TextError);

    TsigKey fresh = TsigKey::generate(Name::parse("new."), TsigAlgorithm::HMAC_SHA384);
    CHECK(fresh.secret.size() == 48);
    CHECK(fresh.secret !=
          TsigKey::generate(Name::parse("new."), TsigAlgorithm::HMAC_SHA384).secret);
    CHECK(TsigKey::parse(fresh.to_nsupdate()) == fresh);

    CHECK(k.to_knot_config() ==
          "key:\n  - id: gw-tsig.\n    algorithm: hmac-sha512\n    secret: c2VjcmV0\n");
    CHECK(k.to_bind_config() ==
          "key \"gw-tsig.\" {\n\talgorithm hmac-sha512;\n\tsecret \"c2VjcmV0\";\n};\n");
}

TEST_CASE("TSIG rdata encodes and decodes, and malformed rdata is an error", "[tsig]") {
    TsigRdata t;
    t.algorithm = Name::parse("hmac-sha256.");
    t.time_signed = 0x0000123456789abcULL;
    t.fudge = 300;
    t.mac = Bytes(32, 0xab);
    t.original_id = 0xbeef;
    t.error = Rcode::BADTIME;
    t.other = Bytes{0, 0, 0x65, 0x53, 0xf1, 0x00};
    Bytes wire = t.encode();
    CHECK(wire.size() == 13 + 6 + 2 + 2 + 32 + 2 + 2 + 2 + 6);
    CHECK(TsigRdata::decode(wire) == t);
    // Every truncation fails cleanly, and so does a trailing byte.
    for (std::size_t n = 0; n < wire.size(); ++n)
        CHECK_THROWS_AS(TsigRdata::decode(std::span(wire).first(n)), WireError);
    Bytes longer = wire;
    longer.push_back(0);
    CHECK_THROWS_AS(TsigRdata::decode(longer), WireError);
    // A compression pointer in the algorithm name is refused.
    Bytes compressed = {3, 'a', 'b', 'c', 0xc0, 0x00};
    compressed.insert(compressed.end(), wire.begin() + 13, wire.end());
    CHECK_THROWS_AS(TsigRdata::decode(compressed), WireError);
}

TEST_CASE("a signed request digests exactly what RFC 8945 §4.3 lists", "[tsig]") {
    // A key name in mixed case: the record keeps it, the digest uses the lower-case form.
    TsigKey key = test_key();
    key.name = Name::parse("GW-Tsig.Example.");
    Bytes request = make_message(0x1234, false);
    const Bytes unsigned_request = request;
    Bytes mac = tsig_sign_request(request, key, kNow, {.fudge = 300});

    Bytes input = unsigned_request;
    put(input, {7, 'g', 'w', '-', 't', 's', 'i', 'g', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0});
    put(input, {0x00, 0xff, 0, 0, 0, 0}); // class ANY, TTL 0
    put(input, {11, 'h', 'm', 'a', 'c', '-', 's', 'h', 'a', '2', '5', '6', 0});
    put_u48(input, kNow);
    put_u16(input, 300); // fudge
    put_u16(input, 0);   // error
    put_u16(input, 0);   // other length
    CHECK(mac == reference_hmac(key, input));

    // The record: owner as given, TYPE TSIG, CLASS ANY, TTL 0; ARCOUNT counts it.
    CHECK(request[11] == 1);
    Bytes rr(request.begin() + static_cast<std::ptrdiff_t>(unsigned_request.size()), request.end());
    Bytes expected_head = {7,   'G', 'W', '-', 'T', 's', 'i', 'g', 7, 'E', 'x', 'a', 'm',
                           'p', 'l', 'e', 0,   0,   250, 0,   255, 0, 0,   0,   0};
    REQUIRE(rr.size() > expected_head.size());
    CHECK(Bytes(rr.begin(), rr.begin() + 25) == expected_head);
    TsigRdata t = tsig_of(request);
    CHECK(t.mac == mac);
    CHECK(t.original_id == 0x1234);
    CHECK(t.time_signed == kNow);
    CHECK(Message::parse(request).tsig_offset == unsigned_request.size());
}

TEST_CASE("a response digests the request MAC first", "[tsig]") {
    const TsigKey& key = test_key(TsigAlgorithm::HMAC_SHA1);
    Bytes request = make_message(7, false);
    Bytes request_mac = tsig_sign_request(request, key, kNow);
    TsigRequestCheck check = check_request(request, key);
    REQUIRE(check.ok());

    Bytes response = make_message(7, true);
    const Bytes unsigned_response = response;
    TsigResponseSigner signer(check);
    signer.sign(response, kNow + 1);

    Bytes input;
    put_mac(input, request_mac);
    input.insert(input.end(), unsigned_response.begin(), unsigned_response.end());
    input.insert(input.end(), key.name.wire().begin(), key.name.wire().end());
    put(input, {0x00, 0xff, 0, 0, 0, 0});
    input.insert(input.end(), tsig_algorithm_name(key.algorithm).wire().begin(),
                 tsig_algorithm_name(key.algorithm).wire().end());
    put_u48(input, kNow + 1);
    put_u16(input, 300);
    put_u16(input, 0);
    put_u16(input, 0);
    CHECK(tsig_of(response).mac == reference_hmac(key, input));
}

TEST_CASE("every algorithm signs and verifies a request and its response", "[tsig]") {
    for (auto alg :
         {TsigAlgorithm::HMAC_MD5, TsigAlgorithm::HMAC_SHA1, TsigAlgorithm::HMAC_SHA224,
          TsigAlgorithm::HMAC_SHA256, TsigAlgorithm::HMAC_SHA384, TsigAlgorithm::HMAC_SHA512}) {
        CAPTURE(to_string(alg));
        const TsigKey& key = test_key(alg);
        Bytes request = make_message(0x4242, false);
        Bytes mac = tsig_sign_request(request, key, kNow);
        CHECK(mac.size() == tsig_mac_length(alg));
        CHECK(request.size() <= make_message(0x4242, false).size() + tsig_record_size(key));

        TsigRequestCheck check = check_request(request, key, kNow + 10);
        CHECK(check.ok());
        CHECK(check.error == Rcode::NOERROR);
        CHECK(check.signed_request);
        REQUIRE(check.key);
        CHECK(*check.key == key);

        Bytes response = make_message(0x4242, true, "example.test.", 3);
        TsigResponseSigner signer(check);
        signer.sign(response, kNow + 11);
        TsigResponseVerifier verifier(key, mac);
        CHECK(verifier.verify(response, Message::parse(response), kNow + 12).ok());
        CHECK(verifier.finish().ok());

        // The same response checked against another request's MAC fails.
        Bytes other_mac = mac;
        other_mac[0] ^= 1;
        TsigResponseVerifier wrong(key, other_mac);
        CHECK(wrong.verify(response, Message::parse(response), kNow + 12).error == Rcode::BADSIG);
    }
}

TEST_CASE("an unsigned request is accepted and answered unsigned", "[tsig]") {
    Bytes request = make_message(1, false);
    TsigRequestCheck check = check_request(request, test_key());
    CHECK(check.ok());
    CHECK_FALSE(check.signed_request);
    Bytes response = make_message(1, true);
    const Bytes before = response;
    TsigResponseSigner(check).sign(response, kNow);
    CHECK(response == before);
}

TEST_CASE("any changed byte of a signed request gives BADSIG", "[tsig]") {
    const TsigKey& key = test_key();
    Bytes request = make_message(0x1111, false, "www.example.test.", 2);
    std::size_t body = request.size();
    tsig_sign_request(request, key, kNow);
    // Every byte of the message proper except the ID (replaced by the original ID).
    for (std::size_t at = 2; at < body; ++at) {
        CAPTURE(at);
        Bytes bad = flipped(request, at);
        Message parsed;
        try {
            parsed = Message::parse(bad);
        } catch (const WireError&) {
            continue; // the change broke the message itself
        }
        if (!parsed.tsig) continue; // ARCOUNT changed: the TSIG record is no longer last
        auto check = tsig_verify_request(bad, parsed, lookup_of(key), kNow);
        CHECK(check.rcode == Rcode::NOTAUTH);
        CHECK(check.error == Rcode::BADSIG);
    }
    // The time signed and the MAC.
    TsigRdata t = tsig_of(request);
    std::size_t mac_at = request.size() - 6 - t.mac.size();
    CHECK(check_request(flipped(request, mac_at), key).error == Rcode::BADSIG);
    CHECK(check_request(flipped(request, mac_at + t.mac.size() - 1), key).error == Rcode::BADSIG);
    std::size_t time_at = mac_at - 2 - 2 - 6;
    CHECK(check_request(flipped(request, time_at + 5), key).error == Rcode::BADSIG);
    // The wrong secret.
    TsigKey other = key;
    other.secret[0] ^= 1;
    CHECK(check_request(request, other).error == Rcode::BADSIG);

    // A changed ID does not matter: the original ID is what was signed (forwarding).
    Bytes forwarded = request;
    forwarded[0] = 0x99;
    CHECK(check_request(forwarded, key).ok());
}

TEST_CASE("BADSIG and BADKEY are answered with an unsigned TSIG record", "[tsig]") {
    const TsigKey& key = test_key();
    Bytes request = make_message(0x2222, false);
    Bytes mac = tsig_sign_request(request, key, kNow);

    TsigKey stranger = key;
    stranger.name = Name::parse("stranger.");
    TsigRequestCheck unknown = check_request(request, stranger);
    CHECK(unknown.rcode == Rcode::NOTAUTH);
    CHECK(unknown.error == Rcode::BADKEY);
    CHECK_FALSE(unknown.key);

    TsigKey other_alg = key;
    other_alg.algorithm = TsigAlgorithm::HMAC_SHA512;
    TsigRequestCheck mismatch = check_request(request, other_alg);
    CHECK(mismatch.error == Rcode::BADKEY);

    TsigKey other_secret = key;
    other_secret.secret.back() ^= 0x80;
    TsigRequestCheck badsig = check_request(request, other_secret);
    CHECK(badsig.error == Rcode::BADSIG);

    for (const auto* check : {&unknown, &mismatch, &badsig}) {
        Bytes response = make_message(0x2222, true);
        TsigResponseSigner(*check).sign(response, kNow);
        Message parsed = Message::parse(response);
        REQUIRE(parsed.tsig);
        CHECK(parsed.tsig->owner == key.name);
        TsigRdata t = TsigRdata::decode(parsed.tsig->rdata);
        CHECK(t.mac.empty());
        CHECK(t.error == check->error);
        CHECK(t.algorithm == tsig_algorithm_name(key.algorithm));
        CHECK(t.original_id == 0x2222);
        // The client learns the error.
        TsigResponseVerifier verifier(key, mac);
        TsigResult r = verifier.verify(response, parsed, kNow);
        CHECK(r.rcode == Rcode::NOTAUTH);
        CHECK(r.error == check->error);
    }
}

TEST_CASE("a request outside its fudge gets a signed BADTIME carrying our time", "[tsig]") {
    const TsigKey& key = test_key(TsigAlgorithm::HMAC_SHA384);
    Bytes request = make_message(0x3333, false);
    Bytes mac = tsig_sign_request(request, key, kNow, {.fudge = 60});
    CHECK(check_request(request, key, kNow + 60).ok());
    CHECK(check_request(request, key, kNow - 60).ok());
    TsigRequestCheck late = check_request(request, key, kNow + 61);
    CHECK(late.rcode == Rcode::NOTAUTH);
    CHECK(late.error == Rcode::BADTIME);
    CHECK(check_request(request, key, kNow - 61).error == Rcode::BADTIME);

    std::uint64_t server_now = kNow + 3600;
    TsigRequestCheck check = check_request(request, key, server_now);
    REQUIRE(check.error == Rcode::BADTIME);
    Bytes response = make_message(0x3333, true);
    TsigResponseSigner(check).sign(response, server_now);
    TsigRdata t = tsig_of(response);
    CHECK(t.error == Rcode::BADTIME);
    CHECK(t.time_signed == kNow);
    Bytes expected_other;
    put_u48(expected_other, server_now);
    CHECK(t.other == expected_other);
    CHECK(t.mac.size() == tsig_mac_length(key.algorithm));
    // Signed: the client verifies it (its clock agrees with the request's time) and learns
    // the error; a tampered one fails as BADSIG.
    TsigResponseVerifier verifier(key, mac);
    TsigResult r = verifier.verify(response, Message::parse(response), kNow + 1);
    CHECK(r.rcode == Rcode::NOTAUTH);
    CHECK(r.error == Rcode::BADTIME);
    Bytes tampered = flipped(response, response.size() - 1); // our time in Other Data
    TsigResponseVerifier verifier2(key, mac);
    CHECK(verifier2.verify(tampered, Message::parse(tampered), kNow + 1).error == Rcode::BADSIG);
}

TEST_CASE("the client checks the response's time", "[tsig]") {
    const TsigKey& key = test_key();
    Bytes request = make_message(5, false);
    Bytes mac = tsig_sign_request(request, key, kNow);
    TsigRequestCheck check = check_request(request, key);
    Bytes response = make_message(5, true);
    TsigResponseSigner(check).sign(response, kNow);
    TsigResponseVerifier verifier(key, mac);
    CHECK(verifier.verify(response, Message::parse(response), kNow + 301).error == Rcode::BADTIME);
}

TEST_CASE("truncated MACs follow RFC 8945 §5.2.2.1 and the local policy", "[tsig]") {
    struct Case {
        TsigAlgorithm alg;
        std::size_t size;
        Rcode rcode;
    };
    for (auto c : {
             Case{TsigAlgorithm::HMAC_MD5, 10, Rcode::NOERROR},
             Case{TsigAlgorithm::HMAC_MD5, 9, Rcode::FORMERR},
             Case{TsigAlgorithm::HMAC_SHA1, 10, Rcode::NOERROR},
             Case{TsigAlgorithm::HMAC_SHA256, 16, Rcode::NOERROR},
             Case{TsigAlgorithm::HMAC_SHA256, 15, Rcode::FORMERR},
             Case{TsigAlgorithm::HMAC_SHA512, 32, Rcode::NOERROR},
             Case{TsigAlgorithm::HMAC_SHA512, 31, Rcode::FORMERR},
             Case{TsigAlgorithm::HMAC_SHA512, 1, Rcode::FORMERR},
         }) {
        CAPTURE(to_string(c.alg), c.size);
        const TsigKey& key = test_key(c.alg);
        Bytes request = make_message(9, false);
        Bytes mac = tsig_sign_request(request, key, kNow, {.mac_size = c.size});
        CHECK(mac.size() == c.size);
        TsigRequestCheck check = check_request(request, key);
        CHECK(check.rcode == c.rcode);
        CHECK(check.error == Rcode::NOERROR);
        if (!check.ok()) {
            // A malformed TSIG gets no TSIG in the answer.
            Bytes response = make_message(9, true);
            const Bytes before = response;
            TsigResponseSigner(check).sign(response, kNow);
            CHECK(response == before);
            continue;
        }
        // The response covers the truncated request MAC.
        Bytes response = make_message(9, true);
        TsigResponseSigner(check).sign(response, kNow);
        TsigResponseVerifier verifier(key, mac);
        CHECK(verifier.verify(response, Message::parse(response), kNow).ok());
        // A MAC truncated below our policy is BADTRUNC, answered signed.
        TsigRequestCheck strict =
            check_request(request, key, kNow, {.min_mac_size = tsig_mac_length(c.alg)});
        CHECK(strict.rcode == Rcode::NOTAUTH);
        CHECK(strict.error == Rcode::BADTRUNC);
        Bytes refusal = make_message(9, true);
        TsigResponseSigner(strict).sign(refusal, kNow);
        CHECK(tsig_of(refusal).mac.size() == tsig_mac_length(c.alg));
        TsigResponseVerifier client(key, mac);
        CHECK(client.verify(refusal, Message::parse(refusal), kNow).error == Rcode::BADTRUNC);
    }
    // The policy does not apply to untruncated MACs.
    const TsigKey& key = test_key(TsigAlgorithm::HMAC_MD5);
    Bytes request = make_message(9, false);
    tsig_sign_request(request, key, kNow);
    CHECK(check_request(request, key, kNow, {.min_mac_size = 64}).ok());
}

TEST_CASE("a MAC longer than the hash is a format error", "[tsig]") {
    const TsigKey& key = test_key(TsigAlgorithm::HMAC_SHA1);
    Bytes request = make_message(10, false);
    const Bytes body = request;
    tsig_sign_request(request, key, kNow);
    // Rebuild the record with a 21-byte MAC.
    TsigRdata t = tsig_of(request);
    t.mac.push_back(0);
    Bytes forged = body;
    forged[11] = 1;
    WireWriter w;
    w.name(key.name, false);
    w.u16(250);
    w.u16(255);
    w.u32(0);
    Bytes rdata = t.encode();
    w.u16(static_cast<std::uint16_t>(rdata.size()));
    w.bytes(rdata);
    forged.insert(forged.end(), w.data().begin(), w.data().end());
    TsigRequestCheck check = check_request(forged, key);
    CHECK(check.rcode == Rcode::FORMERR);
}

TEST_CASE("a TSIG record with bad class, TTL or rdata is a format error", "[tsig]") {
    const TsigKey& key = test_key();
    Bytes request = make_message(11, false);
    const std::size_t at = request.size();
    tsig_sign_request(request, key, kNow);
    std::size_t class_at = at + key.name.wire_length() + 2;
    Bytes bad_class = request;
    bad_class[class_at + 1] = 1; // IN
    CHECK(check_request(bad_class, key).rcode == Rcode::FORMERR);
    Bytes bad_ttl = request;
    bad_ttl[class_at + 5] = 1;
    CHECK(check_request(bad_ttl, key).rcode == Rcode::FORMERR);

    // Shorten the rdata (and its RDLENGTH) at every point: always FORMERR, never a crash.
    std::size_t rdlength_at = class_at + 6;
    std::size_t rdata_len = request.size() - rdlength_at - 2;
    for (std::size_t n = 0; n < rdata_len; ++n) {
        CAPTURE(n);
        Bytes cut(request.begin(),
                  request.begin() + static_cast<std::ptrdiff_t>(rdlength_at + 2 + n));
        cut[rdlength_at] = static_cast<std::uint8_t>(n >> 8);
        cut[rdlength_at + 1] = static_cast<std::uint8_t>(n);
        TsigRequestCheck check = check_request(cut, key);
        CHECK(check.rcode == Rcode::FORMERR);
        Bytes response = make_message(11, true);
        const Bytes before = response;
        TsigResponseSigner(check).sign(response, kNow);
        CHECK(response == before);
        TsigResponseVerifier verifier(key, Bytes(32, 0));
        CHECK(verifier.verify(cut, Message::parse(cut), kNow).rcode == Rcode::FORMERR);
    }
}

namespace {

// A signed request and the check of it, to answer with several messages.
struct Transfer {
    TsigKey key = test_key(TsigAlgorithm::HMAC_SHA224);
    Bytes request = make_message(0x5555, false);
    Bytes request_mac = tsig_sign_request(request, key, kNow);
    TsigRequestCheck check = check_request(request, key);

    std::vector<Bytes> signed_messages(std::size_t n) {
        TsigResponseSigner signer(check);
        std::vector<Bytes> out;
        for (std::size_t i = 0; i < n; ++i) {
            out.push_back(make_message(0x5555, true, "example.test.", i + 1));
            signer.sign(out.back(), kNow + i);
        }
        return out;
    }

    // Verifies the messages in order; the index of the first failure and its result, or
    // messages.size() and finish()'s result.
    std::pair<std::size_t, TsigResult> verify(const std::vector<Bytes>& messages) {
        TsigResponseVerifier verifier(key, request_mac);
        for (std::size_t i = 0; i < messages.size(); ++i) {
            TsigResult r = verifier.verify(messages[i], Message::parse(messages[i]), kNow + i);
            if (!r.ok()) return {i, r};
        }
        return {messages.size(), verifier.finish()};
    }
};

} // namespace

TEST_CASE("later messages of a response digest the prior MAC and the timers only", "[tsig]") {
    Transfer x;
    auto messages = x.signed_messages(2);
    TsigRdata first = tsig_of(messages[0]);
    TsigRdata second = tsig_of(messages[1]);
    Bytes body = make_message(0x5555, true, "example.test.", 2);
    Bytes input;
    put_mac(input, first.mac);
    input.insert(input.end(), body.begin(), body.end());
    put_u48(input, kNow + 1);
    put_u16(input, 300);
    CHECK(second.mac == reference_hmac(x.key, input));
}

TEST_CASE("multi-message responses verify as a sequence", "[tsig]") {
    Transfer x;
    auto messages = x.signed_messages(6);
    auto [count, result] = x.verify(messages);
    CHECK(count == 6);
    CHECK(result.ok());

    SECTION("one altered message fails there") {
        auto altered = messages;
        altered[3] = flipped(altered[3], 14); // in the question name
        auto [at, r] = x.verify(altered);
        CHECK(at == 3);
        CHECK(r.error == Rcode::BADSIG);
    }
    SECTION("messages out of order fail") {
        auto swapped = messages;
        std::swap(swapped[1], swapped[2]);
        auto [at, r] = x.verify(swapped);
        CHECK(at == 1);
        CHECK(r.error == Rcode::BADSIG);
    }
    SECTION("a missing message fails") {
        auto dropped = messages;
        dropped.erase(dropped.begin() + 2);
        CHECK(x.verify(dropped).first == 2);
    }
    SECTION("the first message must be signed") {
        auto first_unsigned = messages;
        first_unsigned[0] = make_message(0x5555, true);
        auto [at, r] = x.verify(first_unsigned);
        CHECK(at == 0);
        CHECK(r.rcode == Rcode::FORMERR);
    }
}

namespace {

// Builds a response whose signed messages are separated by runs of unsigned ones, signing
// by hand as RFC 8945 §5.3.1 describes: prior MAC, the unsigned messages, the message,
// the timers.
std::vector<Bytes> with_unsigned_runs(Transfer& x, const std::vector<std::size_t>& runs,
                                      bool signed_last) {
    std::vector<Bytes> out = x.signed_messages(1);
    Bytes prior = tsig_of(out[0]).mac;
    std::uint16_t n = 1;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        Bytes input;
        put_mac(input, prior);
        for (std::size_t i = 0; i < runs[r]; ++i) {
            out.push_back(make_message(0x5555, true, "unsigned.example.test.", ++n % 7));
            input.insert(input.end(), out.back().begin(), out.back().end());
        }
        if (r + 1 == runs.size() && !signed_last) break;
        Bytes body = make_message(0x5555, true, "example.test.", ++n % 7);
        input.insert(input.end(), body.begin(), body.end());
        TsigRdata t;
        t.algorithm = tsig_algorithm_name(x.key.algorithm);
        t.time_signed = kNow;
        t.fudge = 300;
        t.original_id = 0x5555;
        put_u48(input, t.time_signed);
        put_u16(input, t.fudge);
        t.mac = reference_hmac(x.key, input);
        prior = t.mac;
        Bytes rdata = t.encode();
        WireWriter w;
        w.name(x.key.name, false);
        w.u16(250);
        w.u16(255);
        w.u32(0);
        w.u16(static_cast<std::uint16_t>(rdata.size()));
        w.bytes(rdata);
        body.insert(body.end(), w.data().begin(), w.data().end());
        body[11] = static_cast<std::uint8_t>(body[11] + 1);
        out.push_back(body);
    }
    return out;
}

} // namespace

TEST_CASE("up to 99 unsigned messages may come between signed ones", "[tsig]") {
    Transfer x;
    auto ok = with_unsigned_runs(x, {1, 3, 99, 0}, true);
    auto [count, result] = x.verify(ok);
    CHECK(count == ok.size());
    CHECK(result.ok());

    auto too_many = with_unsigned_runs(x, {100}, true);
    auto [at, r] = x.verify(too_many);
    CHECK(at == 100);
    CHECK(r.rcode == Rcode::FORMERR);

    auto unsigned_last = with_unsigned_runs(x, {2, 2}, false);
    auto [end, last] = x.verify(unsigned_last);
    CHECK(end == unsigned_last.size());
    CHECK(last.rcode == Rcode::FORMERR);

    // An unsigned message altered in transit breaks the next signature.
    auto altered = with_unsigned_runs(x, {3}, true);
    altered[2] = flipped(altered[2], 2);
    CHECK(x.verify(altered).first == 4);
}

TEST_CASE("a response signed with another key is BADKEY for the client", "[tsig]") {
    Transfer x;
    auto messages = x.signed_messages(1);
    TsigKey other = x.key;
    other.name = Name::parse("other-key.");
    TsigResponseVerifier verifier(other, x.request_mac);
    CHECK(verifier.verify(messages[0], Message::parse(messages[0]), kNow).error == Rcode::BADKEY);
    CHECK(verifier.finish().error == Rcode::BADKEY);
}
