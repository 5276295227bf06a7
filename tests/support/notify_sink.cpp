#include "tests/support/notify_sink.hpp"

#include "lib/dns/message.hpp"

#include <fmt/core.h>

namespace dnsclay::test {

NotifySink::NotifySink()
    : listener_(port_,
                [this](std::span<const std::uint8_t> request, bool) { return reply(request); }) {}

std::string NotifySink::address() const {
    return fmt::format("127.0.0.1:{}", port_);
}

std::vector<std::uint8_t> NotifySink::reply(std::span<const std::uint8_t> request) {
    auto m = dns::Message::parse(request);
    if (m.opcode != dns::Opcode::NOTIFY || m.questions.size() != 1 ||
        m.questions[0].name.to_string() != "example.test." || m.answers.size() != 1)
        return {};
    dns::WireReader soa(m.answers[0].rdata);
    soa.name();
    soa.name();
    auto serial = soa.u32();
    bool answer = answering_;
    {
        std::lock_guard lock(mutex_);
        received_.push_back(serial);
        if (answer) acknowledged_.push_back(serial);
    }
    return answer ? m.make_response().to_wire() : std::vector<std::uint8_t>{};
}

std::vector<std::uint32_t> NotifySink::serials() const {
    std::lock_guard lock(mutex_);
    return received_;
}

std::vector<std::uint32_t> NotifySink::acknowledged() const {
    std::lock_guard lock(mutex_);
    return acknowledged_;
}

} // namespace dnsclay::test
