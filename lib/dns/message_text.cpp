// Message::to_string: the layout of dig's output, so traces read like familiar tools.
#include "lib/dns/message.hpp"
#include "lib/dns/rdata.hpp"

#include <array>
#include <string_view>

namespace dnsclay::dns {
namespace {

// RFC 8914 §5.2 registry entries 0-24.
constexpr std::array<std::string_view, 25> kEdeNames = {
    "Other Error",
    "Unsupported DNSKEY Algorithm",
    "Unsupported DS Digest Type",
    "Stale Answer",
    "Forged Answer",
    "DNSSEC Indeterminate",
    "DNSSEC Bogus",
    "Signature Expired",
    "Signature Not Yet Valid",
    "DNSKEY Missing",
    "RRSIGs Missing",
    "No Zone Key Bit Set",
    "NSEC Missing",
    "Cached Error",
    "Not Ready",
    "Blocked",
    "Censored",
    "Filtered",
    "Prohibited",
    "Stale NXDOMAIN Answer",
    "Not Authoritative",
    "Not Supported",
    "No Reachable Authority",
    "Network Error",
    "Invalid Data",
};

// Printable ASCII as is, everything else as \DDD, so any bytes give one readable line.
std::string printable(std::span<const std::uint8_t> data) {
    std::string out;
    for (auto c : data) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('\\');
            out.push_back(static_cast<char>('0' + c / 100));
            out.push_back(static_cast<char>('0' + c / 10 % 10));
            out.push_back(static_cast<char>('0' + c % 10));
        }
    }
    return out;
}

std::string hex(std::span<const std::uint8_t> data) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto c : data) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0xf]);
    }
    return out;
}

void append_option(std::string& out, const EdnsOption& opt) {
    switch (static_cast<EdnsOptionCode>(opt.code)) {
    case EdnsOptionCode::NSID:
        out += "; NSID: " + hex(opt.data) + " (\"" + printable(opt.data) + "\")\n";
        return;
    case EdnsOptionCode::COOKIE:
        out += "; COOKIE: " + hex(opt.data) + "\n";
        return;
    case EdnsOptionCode::EXTENDED_ERROR:
        if (opt.data.size() >= 2) {
            unsigned code = static_cast<unsigned>(opt.data[0] << 8 | opt.data[1]);
            out += "; EDE: " + std::to_string(code);
            if (code < kEdeNames.size()) out += " (" + std::string(kEdeNames[code]) + ")";
            if (opt.data.size() > 2) out += ": (" + printable(std::span(opt.data).subspan(2)) + ")";
            out += "\n";
            return;
        }
        break;
    default:
        break;
    }
    out += "; OPT=" + std::to_string(opt.code) + ": " + hex(opt.data) + "\n";
}

void append_record(std::string& out, const Record& r) {
    out += r.owner.to_string() + "\t" + std::to_string(r.ttl) + "\t" + to_string(r.klass) + "\t" +
           to_string(r.type);
    // UPDATE's class ANY/NONE records have no rdata to print.
    if (!r.rdata.empty()) out += "\t" + rdata_to_text(r.type, r.rdata);
    out += "\n";
}

void append_section(std::string& out, std::string_view title, const std::vector<Record>& rs) {
    if (rs.empty()) return;
    out += "\n;; ";
    out += title;
    out += " SECTION:\n";
    for (const auto& r : rs)
        append_record(out, r);
}

} // namespace

std::string Message::to_string() const {
    bool update = opcode == Opcode::UPDATE;
    std::string out = ";; ->>HEADER<<- opcode: " + dns::to_string(opcode) +
                      ", status: " + dns::to_string(rcode) + ", id: " + std::to_string(id) + "\n";
    out += ";; flags:";
    const std::pair<bool, const char*> flags[] = {{qr, "qr"}, {aa, "aa"}, {tc, "tc"}, {rd, "rd"},
                                                  {ra, "ra"}, {z, "z"},   {ad, "ad"}, {cd, "cd"}};
    for (const auto& [set, name] : flags)
        if (set) out += std::string(" ") + name;
    std::size_t extra = (edns ? 1 : 0) + (tsig ? 1 : 0);
    out += "; " + std::string(update ? "ZONE" : "QUERY") + ": " + std::to_string(questions.size()) +
           ", " + (update ? "PREREQ" : "ANSWER") + ": " + std::to_string(answers.size()) + ", " +
           (update ? "UPDATE" : "AUTHORITY") + ": " + std::to_string(authorities.size()) +
           ", ADDITIONAL: " + std::to_string(additionals.size() + extra) + "\n";
    if (edns) {
        out += "\n;; OPT PSEUDOSECTION:\n; EDNS: version: " + std::to_string(edns->version) +
               ", flags:" + (edns->dnssec_ok ? " do" : "");
        if (edns->flags) out += "; MBZ: " + std::to_string(edns->flags);
        out += "; udp: " + std::to_string(edns->udp_payload_size) + "\n";
        for (const auto& opt : edns->options)
            append_option(out, opt);
    }
    if (!questions.empty()) {
        out += std::string("\n;; ") + (update ? "ZONE" : "QUESTION") + " SECTION:\n";
        for (const auto& q : questions)
            out += ";" + q.name.to_string() + "\t\t" + dns::to_string(q.klass) + "\t" +
                   dns::to_string(q.type) + "\n";
    }
    append_section(out, update ? "PREREQUISITE" : "ANSWER", answers);
    append_section(out, update ? "UPDATE" : "AUTHORITY", authorities);
    append_section(out, "ADDITIONAL", additionals);
    if (tsig) {
        out += "\n;; TSIG PSEUDOSECTION:\n";
        append_record(out, *tsig);
    }
    return out;
}

} // namespace dnsclay::dns
