// `rfc2136`: an upstream primary (Knot, BIND, PowerDNS, Windows DNS) reached over TCP, or
// DNS over TLS (RFC 7858), at a literal address. AXFR lists the zone (RFC 5936), one UPDATE
// message applies a change set (RFC 2136: the server applies it all or nothing), and an SOA
// query is the cheap serial check; all signed with TSIG (RFC 8945) when a key is given.
//
// Each UPDATE carries prerequisites stating what the local copy believed each changed
// rrset to be (exists with exactly these records, or does not exist), so a change made
// upstream meanwhile makes the server refuse the whole message instead of being
// overwritten.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "lib/dns/tsig.hpp"
#include "lib/store/keys.hpp"
#include "providers/dns_tcp.hpp"
#include "providers/registry.hpp"

#include <ctime>
#include <fmt/core.h>
#include <openssl/rand.h>

namespace dnsclay::providers {
namespace {

std::uint16_t random_id() {
    std::uint16_t id = 0;
    RAND_bytes(reinterpret_cast<unsigned char*>(&id), sizeof id);
    return id;
}

std::uint64_t unix_now() {
    return static_cast<std::uint64_t>(std::time(nullptr));
}

class Rfc2136Provider : public Provider {
  public:
    explicit Rfc2136Provider(const ProviderContext& ctx)
        : zone_(ctx.zone), server_(ctx.fields.at("server")), timeout_(ctx.timeout),
          cancel_(ctx.cancel) {
        auto key = ctx.fields.find("tsig_key");
        if (key != ctx.fields.end() && !key->second.empty()) {
            try {
                key_ = dns::TsigKey::parse(key->second, dns::TsigAlgorithm::HMAC_SHA256);
            } catch (const dns::TextError&) {
                // The parser's text may quote the secret: say only what is wrong.
                throw ProviderError("field tsig_key is not ALG:NAME:BASE64SECRET");
            }
        }
        tls_ = tls_settings(ctx.field("transport"), ctx.field("tls_pin"));
    }

    std::vector<dns::Record> list_records() override {
        skipped_.clear();
        Exchange ex(*this, query(dns::RRType::AXFR));
        std::vector<dns::Record> out;
        int soas = 0;
        while (soas < 2) {
            auto msg = ex.next();
            check_rcode(msg, "AXFR");
            if (msg.answers.empty() && out.empty())
                throw ProviderError(
                    fmt::format("{}: empty AXFR answer for {}", server_, zone_.to_string()));
            for (auto& r : msg.answers) {
                if (r.type == dns::RRType::SOA && r.owner == zone_) {
                    // The closing SOA repeats the opening one (RFC 5936 §2.2).
                    if (++soas == 2) break;
                } else if (out.empty()) {
                    throw ProviderError(fmt::format("{}: AXFR of {} does not start with its SOA",
                                                    server_, zone_.to_string()));
                }
                out.push_back(std::move(r));
            }
        }
        ex.finish();
        return out;
    }

    void apply(const zone::ChangeSet& changes) override {
        dns::Message m;
        m.id = random_id();
        m.opcode = dns::Opcode::UPDATE;
        m.questions.push_back({zone_, dns::RRType::SOA, dns::RRClass::IN});
        for (const auto& c : changes) {
            if (c.before.empty()) // RFC 2136 §2.4.3: rrset does not exist
                m.answers.push_back({c.key.owner, c.key.type, dns::RRClass::NONE, 0, {}});
            for (const auto& r : c.before) // §2.4.2: rrset exists, value dependent
                m.answers.push_back({r.owner, r.type, dns::RRClass::IN, 0, r.rdata});
            bool apex_ns = c.key.type == dns::RRType::NS && c.key.owner == zone_;
            if (apex_ns) {
                // Servers ignore deleting the apex NS rrset whole (§3.4.2.3): delete the
                // records that go one by one (§2.5.4).
                for (const auto& r : c.before) {
                    bool kept = false;
                    for (const auto& a : c.after)
                        kept = kept || a.rdata == r.rdata;
                    if (!kept)
                        m.authorities.push_back({r.owner, r.type, dns::RRClass::NONE, 0, r.rdata});
                }
            } else if (!c.before.empty()) { // §2.5.2: delete the rrset
                m.authorities.push_back({c.key.owner, c.key.type, dns::RRClass::ANY, 0, {}});
            }
            for (const auto& r : c.after)
                m.authorities.push_back({r.owner, r.type, dns::RRClass::IN, r.ttl, r.rdata});
        }
        Exchange ex(*this, m);
        auto answer = ex.next();
        ex.finish();
        if (answer.rcode == dns::Rcode::NXRRSET || answer.rcode == dns::Rcode::YXRRSET ||
            answer.rcode == dns::Rcode::NXDOMAIN || answer.rcode == dns::Rcode::YXDOMAIN)
            throw ProviderError(fmt::format("{} refused the change ({}): the zone changed "
                                            "upstream meanwhile; sync and try again",
                                            server_, dns::to_string(answer.rcode)));
        check_rcode(answer, "UPDATE");
    }

    std::optional<std::uint32_t> current_serial() override {
        Exchange ex(*this, query(dns::RRType::SOA));
        auto answer = ex.next();
        ex.finish();
        check_rcode(answer, "SOA query");
        for (const auto& r : answer.answers) {
            if (r.type != dns::RRType::SOA || !(r.owner == zone_)) continue;
            dns::WireReader reader(r.rdata);
            reader.name();
            reader.name();
            return reader.u32();
        }
        throw ProviderError(fmt::format("{} sent no SOA for {}", server_, zone_.to_string()));
    }

  private:
    // One request and its responses on a fresh connection, TSIG-signed and verified.
    class Exchange {
      public:
        Exchange(Rfc2136Provider& p, const dns::Message& request)
            : p_(p),
              conn_(p.server_, std::chrono::steady_clock::now() + p.timeout_, p.cancel_, p.tls_),
              id_(request.id) {
            auto wire = request.to_wire(65535, p.key_ ? dns::tsig_record_size(*p.key_) : 0);
            if (p.key_) {
                auto mac = dns::tsig_sign_request(wire, *p.key_, unix_now());
                verifier_.emplace(*p.key_, std::move(mac));
            }
            conn_.send(wire);
        }

        dns::Message next() {
            auto wire = conn_.receive();
            dns::Message msg;
            try {
                msg = dns::Message::parse(wire);
            } catch (const dns::WireError& e) {
                throw ProviderError(
                    fmt::format("{} sent a malformed message: {}", p_.server_, e.what()));
            }
            if (msg.id != id_ || !msg.qr)
                throw ProviderError(fmt::format("{} answered another query", p_.server_));
            if (verifier_) {
                auto result = verifier_->verify(wire, msg, unix_now());
                if (!result.ok()) throw tsig_failure(result);
            }
            return msg;
        }

        void finish() {
            if (!verifier_) return;
            auto result = verifier_->finish();
            if (!result.ok()) throw tsig_failure(result);
        }

      private:
        ProviderError tsig_failure(const dns::TsigResult& r) const {
            return ProviderError(fmt::format(
                "{}: TSIG with key {} failed: {}{}", p_.server_, p_.key_->name.to_string(),
                dns::to_string(r.error, true), r.reason.empty() ? "" : " (" + r.reason + ")"));
        }

        Rfc2136Provider& p_;
        DnsTcpConnection conn_;
        std::uint16_t id_;
        std::optional<dns::TsigResponseVerifier> verifier_;
    };

    dns::Message query(dns::RRType type) const {
        dns::Message m;
        m.id = random_id();
        m.questions.push_back({zone_, type, dns::RRClass::IN});
        return m;
    }

    void check_rcode(const dns::Message& msg, const char* what) const {
        if (msg.rcode == dns::Rcode::NOERROR) return;
        std::string ede;
        if (msg.edns)
            for (const auto& e : msg.edns->extended_errors())
                if (!e.text.empty()) ede += ": " + e.text;
        throw ProviderError(fmt::format("{} answered {} for {} with {}{}", server_, what,
                                        zone_.to_string(), dns::to_string(msg.rcode), ede));
    }

    static std::optional<TlsSettings> tls_settings(const std::string& transport,
                                                   const std::string& pin) {
        if (transport.empty() || transport == "tcp") {
            if (!pin.empty()) throw ProviderError("field tls_pin needs transport tls");
            return std::nullopt;
        }
        if (transport != "tls")
            throw ProviderError(
                fmt::format("field transport is \"{}\", not tcp or tls", transport));
        TlsSettings tls;
        if (!pin.empty()) {
            tls.spki_pin = store::parse_spki_pin(pin);
            if (!tls.spki_pin)
                throw ProviderError("field tls_pin is not an SPKI SHA-256 pin (base64, "
                                    "base64url or hex of 32 bytes)");
        }
        return tls;
    }

    dns::Name zone_;
    std::string server_;
    std::optional<TlsSettings> tls_;
    std::chrono::seconds timeout_;
    const std::atomic<bool>* cancel_;
    std::optional<dns::TsigKey> key_;
};

} // namespace

ProviderInfo rfc2136_provider() {
    ProviderInfo info;
    info.name = "rfc2136";
    info.description = "An upstream primary DNS server (Knot, BIND, PowerDNS, Windows DNS) "
                       "through DNS UPDATE and AXFR";
    info.fields = {
        {"server", true, false, "The upstream primary's ADDR:PORT, e.g. 192.0.2.1:53 or [::1]:53"},
        {"tsig_key", false, true,
         "TSIG key as ALG:NAME:BASE64SECRET (the form nsupdate -y takes), for AXFR and UPDATE"},
        {"transport", false, false,
         "tcp (default), or tls for DNS over TLS (RFC 7858; the server's DoT port, often 853)"},
        {"tls_pin", false, false,
         "With transport tls: SPKI SHA-256 pin of the server's key (base64 as kdig +tls-pin "
         "takes it, base64url or hex); without it the system's CA store must trust the "
         "server's certificate for its IP address"},
    };
    info.capabilities.atomic_changes = true;
    info.capabilities.meaningful_serial = true;
    info.create = [](const ProviderContext& ctx) -> std::unique_ptr<Provider> {
        if (!ctx.fields.count("server") || ctx.fields.at("server").empty())
            throw ProviderError("provider rfc2136 needs the field server");
        return std::make_unique<Rfc2136Provider>(ctx);
    };
    return info;
}

} // namespace dnsclay::providers
