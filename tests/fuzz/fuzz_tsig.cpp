// Verifying TSIG on arbitrary messages, as a server (request) and as a client (response),
// then answering as the server would. Must never crash; a request that verifies must
// still verify after its answer is signed (the signer must not touch the request).
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "lib/dns/tsig.hpp"

#include <cstdlib>

namespace {

using namespace dnsclay::dns;

constexpr std::uint64_t kNow = 1700000000; // the seeds are signed at this time

// One key per algorithm, named after it: "hmac-sha256.fuzz." and so on; the secret is
// the same for all. tests/fuzz/corpus/tsig/ holds messages signed with them.
std::optional<TsigKey> lookup(const Name& name) {
    if (name.label_count() != 2 || name.parent() != Name::parse("fuzz.")) return std::nullopt;
    auto alg = tsig_algorithm_from_string(name.labels()[0]);
    if (!alg) return std::nullopt;
    return TsigKey{name, *alg, Bytes{'f', 'u', 'z', 'z', '-', 's', 'e', 'c', 'r', 'e', 't'}};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> wire(data, size);
    try {
        (void)TsigRdata::decode(wire);
    } catch (const WireError&) {
    }
    Message parsed;
    try {
        parsed = Message::parse(wire);
    } catch (const WireError&) {
        return 0;
    }
    TsigRequestCheck check = tsig_verify_request(wire, parsed, lookup, kNow);
    if (check.ok() != (check.error == Rcode::NOERROR && check.rcode == Rcode::NOERROR))
        std::abort();
    if (check.ok() && check.signed_request && !check.key) std::abort();

    // Answer as the server does, over two messages, and check the answer as the client.
    Bytes answer = {data[0], data[1], 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    TsigResponseSigner signer(check);
    signer.sign(answer, kNow);
    Bytes second = answer;
    signer.sign(second, kNow + 1);

    if (parsed.tsig && check.key) {
        TsigResponseVerifier verifier(*check.key, check.request ? check.request->mac : Bytes{});
        try {
            TsigResult r = verifier.verify(answer, Message::parse(answer), kNow);
            // An answer to a request we accepted must verify for its client.
            if (check.ok() && !r.ok()) std::abort();
        } catch (const WireError&) {
            if (check.ok()) std::abort();
        }
    }
    // The message itself as a response to some request.
    if (auto key = lookup(Name::parse("hmac-sha256.fuzz."))) {
        TsigResponseVerifier verifier(*key, Bytes(32, 0));
        (void)verifier.verify(wire, parsed, kNow);
        (void)verifier.finish();
    }
    return 0;
}
