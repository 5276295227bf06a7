#include "providers/ovh_signature.hpp"

#include "providers/digest.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {

std::string ovh_signature(const OvhSigned& r) {
    return "$1$" +
           lower_hex(sha1(fmt::format("{}+{}+{}+{}+{}+{}", r.application_secret, r.consumer_key,
                                      r.method, r.url, r.body, r.timestamp)));
}

} // namespace dnsclay::providers
