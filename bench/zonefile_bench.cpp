// Zone-file throughput: generates a 100,000-record zone with a realistic mix of types,
// then times reading it (ZoneFileReader into a vector) and writing it (write_zone_file).
// Times are CPU seconds of this process, so other work on the machine does not count.
// Usage: zonefile_bench [ZONE_FILE]   also saves the generated zone there, for run.sh to
// time Knot's and BIND's checkers and ldns on the same text.
// Prints "BENCH <name> <seconds> <items>" lines (best of several runs) for run.sh.
#include "lib/dns/zonefile.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

using namespace dnsclay::dns;

namespace {

constexpr std::size_t kRecords = 100000;
constexpr int kRuns = 5;

// A deterministic pseudo-random sequence, so every run measures the same zone.
struct Lcg {
    std::uint64_t state = 0x2545F4914F6CDD1Dull;
    std::uint32_t next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>(state >> 33);
    }
};

// Roughly what a hosting provider's zone holds: mostly addresses, then TXT (SPF, DKIM,
// verification tokens), aliases, mail, services, CAA and a few delegations with glue and DS.
std::string generate_zone(std::size_t count) {
    Lcg rng;
    std::string z = "$ORIGIN bench.test.\n$TTL 3600\n"
                    "@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300\n"
                    "@ NS ns1\n"
                    "ns1 A 192.0.2.53\n";
    std::size_t n = 3;
    auto line = [&](const std::string& s) {
        z += s;
        z += '\n';
        ++n;
    };
    const char* ttls[] = {"300", "3600", "86400", "1h", "5m"};
    for (std::size_t i = 0; n < count; ++i) {
        std::string host = "host-" + std::to_string(i);
        std::uint32_t r = rng.next();
        std::string ttl = ttls[r % 5];
        std::string ip4 = std::to_string(10 + r % 200) + "." + std::to_string((r >> 8) % 256) +
                          "." + std::to_string((r >> 16) % 256) + "." +
                          std::to_string(1 + (r >> 24) % 250);
        switch (i % 20) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
            line(host + " " + ttl + " IN A " + ip4);
            break;
        case 6:
        case 7:
            line(host + " IN A " + ip4);
            if (n < count)
                line("        AAAA 2001:db8:" + std::to_string(r % 9999) +
                     "::" + std::to_string(i % 9999));
            break;
        case 8:
        case 9:
            line("www." + host + " CNAME host-" + std::to_string(i - 8) + ".bench.test.");
            break;
        case 10:
            line(host + " MX 10 mx." + host + "\n        MX 20 host-" + std::to_string(i - 10));
            ++n;
            if (n < count) line("mx." + host + " A " + ip4);
            break;
        case 11:
        case 12:
            line(host + " TXT \"v=spf1 ip4:" + ip4 + " include:_spf.example.net ~all\"");
            break;
        case 13:
            line("sel._domainkey." + host +
                 " 300 TXT ( \"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0"
                 "BAQEFAAOCAQ8AMIIBCgKCAQEAu" +
                 std::to_string(r) + "\"\n                \"IDAQAB\" )");
            break;
        case 14:
            line("_https._tcp." + host + " SRV 10 5 443 host-" + std::to_string(i - 14));
            break;
        case 15:
            line(host + " CAA 0 issue \"ca.example.net\"");
            break;
        case 16:
            line(host + " AAAA 2001:db8:" + std::to_string(r % 9999) + "::1");
            break;
        case 17:
            // A delegation (its name server is in the parent, so no glue) with a DS.
            line(host + " NS ns1.bench.test.");
            if (n < count)
                line(host + " DS " + std::to_string(r % 65536) +
                     " 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118ABCDEF0123456789ABCDEF01");
            break;
        default:
            line(host + " 60 A " + ip4 + " ; short-lived");
            break;
        }
    }
    return z;
}

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void report(const char* name, double seconds, std::size_t items) {
    std::printf("  %-16s %8.3f s CPU  %12.0f records/s\n", name, seconds,
                static_cast<double>(items) / seconds);
    std::printf("BENCH %s %.6f %zu\n", name, seconds, items);
}

} // namespace

int main(int argc, char** argv) {
    const Name origin = Name::parse("bench.test.");
    std::string text = generate_zone(kRecords);
    if (argc > 1) std::ofstream(argv[1], std::ios::binary) << text;
    std::printf("zonefile_bench: %zu records, %.1f MB of zone text%s%s\n", kRecords,
                static_cast<double>(text.size()) / 1e6, argc > 1 ? ", saved to " : "",
                argc > 1 ? argv[1] : "");

    double best_parse = 1e9, best_write = 1e9, best_total = 1e9;
    std::size_t written_size = 0;
    for (int run = 0; run < kRuns; ++run) {
        double start = cpu_seconds();
        std::vector<Record> records;
        records.reserve(kRecords);
        ZoneFileReader reader(text, origin);
        Record record;
        while (reader.next(record))
            records.push_back(record);
        double mid = cpu_seconds();
        std::string out = write_zone_file(records, origin);
        double end = cpu_seconds();
        double parse = mid - start, write = end - mid;
        if (records.size() != kRecords) {
            std::fprintf(stderr, "read %zu records, expected %zu\n", records.size(), kRecords);
            return 1;
        }
        written_size = out.size();
        best_parse = std::min(best_parse, parse);
        best_write = std::min(best_write, write);
        best_total = std::min(best_total, parse + write);
    }
    std::printf("best of %d runs (written file %.1f MB):\n", kRuns,
                static_cast<double>(written_size) / 1e6);
    report("parse", best_parse, kRecords);
    report("serialize", best_write, kRecords);
    report("parse+serialize", best_total, kRecords);
    return 0;
}
