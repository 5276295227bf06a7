// Message throughput: parses and re-builds 1,000,000 small DNS messages, alternating a
// realistic query (as dig sends it: RD, EDNS with a client cookie) and a small response
// (the same question, two A records, an NS record in authority, EDNS).
// Times are CPU seconds of this process, so other work on the machine does not count.
// Prints "BENCH <name> <seconds> <items>" lines (best of several runs) for run.sh.
#include "lib/dns/message.hpp"

#include <cstdio>
#include <ctime>

using namespace dnsclay::dns;

namespace {

constexpr std::size_t kMessages = 1000000;
constexpr int kRuns = 3;

Message make_query() {
    Message q;
    q.id = 0x1f2e;
    q.rd = true;
    q.questions.push_back({Name::parse("www.example.com."), RRType::A, RRClass::IN});
    Edns edns;
    edns.udp_payload_size = 1232;
    edns.options.push_back({static_cast<std::uint16_t>(EdnsOptionCode::COOKIE),
                            Bytes{0x8e, 0x1b, 0x4a, 0x20, 0x9c, 0x77, 0x05, 0xd3}});
    q.edns = edns;
    return q;
}

Message make_response(const Message& query) {
    Message r = query.make_response();
    r.aa = true;
    const Name& www = query.questions[0].name;
    r.answers.push_back({www, RRType::A, RRClass::IN, 300, Bytes{192, 0, 2, 1}});
    r.answers.push_back({www, RRType::A, RRClass::IN, 300, Bytes{192, 0, 2, 2}});
    Name ns = Name::parse("ns1.example.com.");
    auto ns_wire = ns.wire();
    r.authorities.push_back({Name::parse("example.com."), RRType::NS, RRClass::IN, 86400,
                             Bytes(ns_wire.begin(), ns_wire.end())});
    return r;
}

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

} // namespace

int main() {
    Message query = make_query();
    const Bytes wires[2] = {query.to_wire(), make_response(query).to_wire()};
    // The rebuilt messages must carry what the originals did, or the timing means nothing.
    for (const auto& wire : wires) {
        Message again = Message::parse(Message::parse(wire).to_wire());
        Message first = Message::parse(wire);
        if (again.answers != first.answers || again.questions != first.questions ||
            again.edns != first.edns) {
            std::fprintf(stderr, "message_bench: a message did not survive parse + build\n");
            return 1;
        }
    }
    std::printf("message_bench: %zu messages (query %zu bytes, response %zu bytes)\n", kMessages,
                wires[0].size(), wires[1].size());

    double best = 1e9;
    std::size_t bytes = 0;
    for (int run = 0; run < kRuns; ++run) {
        double start = cpu_seconds();
        for (std::size_t i = 0; i < kMessages; ++i)
            bytes += Message::parse(wires[i & 1]).to_wire().size();
        best = std::min(best, cpu_seconds() - start);
    }
    std::printf("best of %d runs (%zu bytes rebuilt in all):\n", kRuns, bytes);
    std::printf("  %-16s %8.3f s CPU  %12.0f messages/s\n", "parse+build", best,
                static_cast<double>(kMessages) / best);
    std::printf("BENCH parse+build %.6f %zu\n", best, kMessages);
    return 0;
}
