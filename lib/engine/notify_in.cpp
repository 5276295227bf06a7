// Incoming NOTIFY: the NotifyReceiver (notify.hpp) decides, from the verified TSIG key or
// the sender's address, and starts a refresh of the zone.
#include "lib/engine/handlers.hpp"

namespace dnsclay::engine {
namespace {

// "ADDR:PORT" or "[V6ADDR]:PORT" -> ADDR.
std::string address_of(const std::string& peer) {
    auto colon = peer.rfind(':');
    std::string addr = colon == std::string::npos ? peer : peer.substr(0, colon);
    if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']')
        addr = addr.substr(1, addr.size() - 2);
    return addr;
}

} // namespace

void handle_notify(Request& r) {
    IncomingNotify from{address_of(r.info.peer), std::nullopt};
    if (r.identity.tsig) from.tsig_credential = r.identity.tsig->name;
    auto result = r.ctx.notify_receiver().handle(r.msg, from);
    if (result.rcode != dns::Rcode::NOERROR) {
        auto ede = result.ede.value_or(dns::ExtendedError{0, "NOTIFY refused"});
        r.out.error(result.rcode, static_cast<dns::EdeCode>(ede.info_code), ede.text);
        return;
    }
    auto resp = r.out.response();
    resp.aa = true;
    r.out.send(resp);
}

} // namespace dnsclay::engine
