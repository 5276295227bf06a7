#include "tests/support/fake_authoritative.hpp"

#include "lib/dns/message.hpp"

#include <fmt/core.h>

namespace dnsclay::test {
namespace {

dns::Record soa(const dns::Name& owner, std::uint32_t serial) {
    dns::Bytes rdata;
    for (const auto& n : {owner.child("ns1"), owner.child("hostmaster")})
        rdata.insert(rdata.end(), n.wire().begin(), n.wire().end());
    for (std::uint32_t v : {serial, 3600u, 600u, 604800u, 300u})
        for (int shift = 24; shift >= 0; shift -= 8)
            rdata.push_back(static_cast<std::uint8_t>(v >> shift));
    return {owner, dns::RRType::SOA, dns::RRClass::IN, 3600, std::move(rdata)};
}

} // namespace

FakeAuthoritative::FakeAuthoritative(std::string zone, std::uint32_t serial)
    : zone_(std::move(zone)), serial_(serial),
      listener_(port_,
                [this](std::span<const std::uint8_t> request, bool) { return reply(request); }) {}

std::string FakeAuthoritative::address() const {
    return fmt::format("127.0.0.1:{}", port_);
}

std::size_t FakeAuthoritative::soa_queries() const {
    std::size_t n = 0;
    for (const auto& r : listener_.requests()) {
        auto m = dns::Message::parse(r.wire);
        if (m.questions.size() == 1 && m.questions[0].type == dns::RRType::SOA) ++n;
    }
    return n;
}

std::vector<std::uint8_t> FakeAuthoritative::reply(std::span<const std::uint8_t> request) const {
    auto query = dns::Message::parse(request);
    auto zone = dns::Name::parse(zone_);
    switch (mode_.load()) {
    case Mode::Silent:
        return {};
    case Mode::Refuse:
        return query.make_response(dns::Rcode::REFUSED).to_wire();
    case Mode::NotAuthoritative: { // a referral to the zone's servers, as a parent sends
        auto m = query.make_response();
        auto ns = zone.child("ns1");
        m.authorities.push_back({zone, dns::RRType::NS, dns::RRClass::IN, 3600,
                                 dns::Bytes(ns.wire().begin(), ns.wire().end())});
        return m.to_wire();
    }
    case Mode::OtherZone: {
        auto m = query.make_response();
        m.aa = true;
        m.answers.push_back(soa(dns::Name::parse("other.test."), serial_));
        return m.to_wire();
    }
    case Mode::Answer:
        break;
    }
    auto m = query.make_response();
    m.aa = true;
    m.answers.push_back(soa(zone, serial_));
    return m.to_wire();
}

} // namespace dnsclay::test
