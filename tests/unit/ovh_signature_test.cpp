// OVHcloud's request signature against the example worked out in shared/providers.md §11,
// and a POST with a body whose digest sha1sum(1) computed.
#include "providers/ovh_signature.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;

TEST_CASE("ovh signature: providers.md's GET example", "[ovh]") {
    CHECK(providers::ovh_signature({"EXAMPLE_APP_SECRET", "EXAMPLE_CONSUMER_KEY", "GET",
                                    "https://eu.api.ovh.com/1.0/domain/zone/example.com/"
                                    "record?fieldType=TXT&subDomain=_acme-challenge",
                                    "", 1700000000}) ==
          "$1$d94680cd82fade74b01af24bde28bc420f4ef51a");
}

TEST_CASE("ovh signature: a POST signs its body", "[ovh]") {
    // printf '%s' 'EXAMPLE_APP_SECRET+EXAMPLE_CONSUMER_KEY+POST+<url>+<body>+1700000000' | sha1sum
    CHECK(providers::ovh_signature(
              {"EXAMPLE_APP_SECRET", "EXAMPLE_CONSUMER_KEY", "POST",
               "https://eu.api.ovh.com/1.0/domain/zone/example.com/record",
               R"({"fieldType":"TXT","subDomain":"_acme-challenge","target":"value","ttl":60})",
               1700000000}) == "$1$0f24fae7849806fdac0b09bb2b79c36c5e8ce3c4");
}
