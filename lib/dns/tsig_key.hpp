#pragma once
// TSIG keys (RFC 8945 §6): the HMAC algorithms, a key's name and secret, and the textual
// forms tools exchange them in (nsupdate/kdig "-y", Knot and BIND configuration blocks).
#include "lib/dns/name.hpp"
#include "lib/dns/wire.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dnsclay::dns {

enum class TsigAlgorithm : std::uint8_t {
    HMAC_MD5,
    HMAC_SHA1,
    HMAC_SHA224,
    HMAC_SHA256,
    HMAC_SHA384,
    HMAC_SHA512,
};

// The name on the wire: "HMAC-MD5.SIG-ALG.REG.INT.", "hmac-sha256." ...
const Name& tsig_algorithm_name(TsigAlgorithm alg);
// The name tools use in configuration: "hmac-md5", "hmac-sha256" ...
std::string_view to_string(TsigAlgorithm alg);
// Accepts the tool names and the wire names, in any case, with or without a trailing dot.
std::optional<TsigAlgorithm> tsig_algorithm_from_string(std::string_view text);
std::optional<TsigAlgorithm> tsig_algorithm_from_name(const Name& wire_name);
// Length in bytes of the untruncated MAC.
std::size_t tsig_mac_length(TsigAlgorithm alg);

struct TsigKey {
    Name name;
    TsigAlgorithm algorithm = TsigAlgorithm::HMAC_SHA256;
    Bytes secret;

    // Parses "[algorithm:]name:base64secret" as `nsupdate -y` takes it. Without an
    // algorithm nsupdate uses hmac-md5, kdig hmac-sha256: the caller says which.
    // Throws TextError.
    static TsigKey parse(std::string_view spec,
                         TsigAlgorithm default_algorithm = TsigAlgorithm::HMAC_MD5);
    // A new key with a random secret as long as the algorithm's hash (RFC 8945 §6).
    static TsigKey generate(Name name, TsigAlgorithm algorithm);

    // "hmac-sha256:name:base64secret", for `nsupdate -y` and `kdig -y`.
    std::string to_nsupdate() const;
    // A "key:" section for knot.conf.
    std::string to_knot_config() const;
    // A key statement for named.conf (and `nsupdate -k`).
    std::string to_bind_config() const;
    friend bool operator==(const TsigKey&, const TsigKey&) = default;
};

// An HMAC computation in progress with a key (OpenSSL EVP_MAC underneath).
class Hmac {
  public:
    Hmac(TsigAlgorithm alg, std::span<const std::uint8_t> secret);
    ~Hmac();
    Hmac(Hmac&&) noexcept;
    Hmac& operator=(Hmac&&) noexcept;
    Hmac(const Hmac&) = delete;
    Hmac& operator=(const Hmac&) = delete;

    void update(std::span<const std::uint8_t> data);
    void update_u16(std::uint16_t v);
    void update_u32(std::uint32_t v);
    void update_u48(std::uint64_t v);
    // The full-length MAC; the object cannot be updated afterwards.
    Bytes finish();

  private:
    struct Ctx;
    std::unique_ptr<Ctx> ctx_;
};

} // namespace dnsclay::dns
