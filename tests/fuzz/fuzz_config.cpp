// Reading config.toml, which an operator edits by hand: any text either gives a Config or
// a ConfigError naming what is wrong. Any other exception, a crash or a hang is a bug.
// Parsing is deterministic, and the defaults parse to the defaults.
#include "lib/store/config.hpp"

#include <cstdlib>
#include <string_view>

using dnsclay::store::Config;
using dnsclay::store::ConfigError;
using dnsclay::store::parse_config;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    Config first;
    try {
        first = parse_config(text, "fuzz.toml");
    } catch (const ConfigError& e) {
        if (std::string_view(e.what()).empty()) std::abort(); // an error must say something
        return 0;
    }
    if (!(parse_config(text, "fuzz.toml") == first)) std::abort();
    if (size == 0 && !(first == Config{})) std::abort();
    return 0;
}
