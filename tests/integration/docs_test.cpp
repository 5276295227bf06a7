// The man pages and shell completions must match the CLI: every subcommand and option that
// `dnsclay --help` shows is documented in man/ and offered by completions/, and the man
// pages render without warnings.
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <sstream>

using namespace dnsclay::test;

namespace {

struct Command {
    std::vector<std::string> path; // e.g. {"zone", "notify", "add"}
    std::vector<std::string> options;
};

// The lines of the section `title` ("Options:", "Subcommands:") of a CLI11 help text.
std::vector<std::string> section(const std::string& help, const std::string& title) {
    std::vector<std::string> out;
    std::istringstream in(help);
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line == title) {
            inside = true;
        } else if (inside && (line.empty() || line[0] != ' ')) {
            inside = false;
        } else if (inside) {
            out.push_back(line);
        }
    }
    return out;
}

void collect(std::vector<std::string> path, std::vector<Command>& out) {
    std::vector<std::string> argv = {DNSCLAY_BIN};
    argv.insert(argv.end(), path.begin(), path.end());
    argv.push_back("--help");
    auto r = run(argv);
    REQUIRE(r.exit_code == 0);
    Command cmd{path, {}};
    static const std::regex option(R"(--([a-z][a-z0-9-]*))");
    for (const auto& line : section(r.out, "Options:"))
        for (std::sregex_iterator it(line.begin(), line.end(), option), end; it != end; ++it)
            if ((*it)[1] != "help") cmd.options.push_back((*it)[1]);
    out.push_back(cmd);
    for (const auto& line : section(r.out, "Subcommands:")) {
        std::istringstream words(line);
        std::string sub;
        words >> sub;
        auto child = path;
        child.push_back(sub);
        collect(child, out);
    }
}

std::string source_text(const std::string& relative) {
    std::string text = read_file(std::string(DNSCLAY_SOURCE_DIR) + "/" + relative);
    // roff writes a hyphen as "\-".
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-') continue;
        plain.push_back(text[i]);
    }
    return plain;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST_CASE("every subcommand and option is in the man pages and completions", "[docs]") {
    std::vector<Command> commands;
    collect({}, commands);
    REQUIRE(commands.size() > 10);
    const std::string bash = source_text("completions/dnsclay.bash");
    const std::string zsh = source_text("completions/_dnsclay");
    const std::string fish = source_text("completions/dnsclay.fish");
    const std::string top_page = source_text("man/dnsclay.1");
    const std::string readme = source_text("README.md");
    for (const auto& cmd : commands) {
        std::string page = cmd.path.empty() ? "man/dnsclay.1" : "man/dnsclay-" + cmd.path[0] + ".1";
        std::string joined;
        for (const auto& w : cmd.path)
            joined += (joined.empty() ? "" : " ") + w;
        INFO("command: dnsclay " << joined << "; man page " << page);
        REQUIRE(std::filesystem::exists(std::string(DNSCLAY_SOURCE_DIR) + "/" + page));
        std::string man = source_text(page);
        if (cmd.path.size() == 1) {
            // The overview lists every command, each as a tagged paragraph.
            CHECK(contains(top_page, "\n.B " + joined));
            CHECK(contains(readme, "dnsclay " + joined));
        }
        if (!cmd.path.empty()) {
            CHECK(contains(man, joined));
            CHECK(contains(bash, cmd.path.back()));
            CHECK(contains(zsh, cmd.path.back()));
            CHECK(contains(fish, cmd.path.back()));
        }
        for (const auto& opt : cmd.options) {
            INFO("option --" << opt);
            CHECK(contains(man, "--" + opt));
            CHECK(contains(bash, "--" + opt));
            CHECK(contains(zsh, "--" + opt));
            CHECK(contains(fish, "-l " + opt));
        }
    }
}

TEST_CASE("man pages render without warnings", "[docs]") {
    int pages = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(DNSCLAY_SOURCE_DIR) + "/man")) {
        if (entry.path().extension() != ".1") continue;
        ++pages;
        INFO(entry.path());
        auto lint = run({"mandoc", "-Tlint", "-W", "warning", entry.path().string()});
        CHECK(lint.exit_code == 0);
        CHECK(lint.out + lint.err == "");
        auto groff = run({"groff", "-ww", "-man", "-Tutf8", "-z", entry.path().string()});
        CHECK(groff.exit_code == 0);
        CHECK(groff.err == "");
    }
    CHECK(pages >= 2);
}

TEST_CASE("completion scripts are valid shell", "[docs]") {
    const std::string dir = std::string(DNSCLAY_SOURCE_DIR) + "/completions/";
    auto bash = run({"bash", "-n", dir + "dnsclay.bash"});
    CHECK(bash.exit_code == 0);
    CHECK(bash.err == "");
    auto zsh = run({"zsh", "-n", dir + "_dnsclay"});
    CHECK(zsh.exit_code == 0);
    auto fish = run({"fish", "--no-execute", dir + "dnsclay.fish"});
    CHECK(fish.exit_code == 0);
    CHECK(fish.err == "");
}

TEST_CASE("bash completion offers subcommands, options and zone names", "[docs]") {
    TempDir state;
    REQUIRE(run({DNSCLAY_BIN, "--state-dir", state.path(), "zone", "add", "example.test",
                 "--provider", "local"})
                .exit_code == 0);
    const std::string script = std::string(DNSCLAY_SOURCE_DIR) + "/completions/dnsclay.bash";
    // Drive the completion function the way bash does, with dnsclay on PATH.
    auto complete = [&](const std::string& line) {
        std::string program =
            "source /usr/share/bash-completion/bash_completion; source '" + script +
            "'; COMP_LINE='" + line +
            "'; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "
            "\"$COMP_LINE\"; [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=(''); "
            "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _dnsclay; printf '%s\\n' \"${COMPREPLY[@]}\"";
        std::string bin_dir = std::filesystem::path(DNSCLAY_BIN).parent_path().string();
        return run({"bash", "-c", program}, "", std::chrono::seconds(30),
                   {{"PATH", bin_dir + ":/usr/bin:/bin"}})
            .out;
    };
    CHECK(contains(complete("dnsclay zo"), "zone"));
    CHECK(contains(complete("dnsclay zone "), "notify"));
    CHECK(contains(complete("dnsclay records edit --d"), "--dry-run"));
    CHECK(contains(complete("dnsclay --state-dir " + state.path() + " records list "),
                   "example.test."));
}

TEST_CASE("cmake --install puts the binary, man pages, completions and example config in place",
          "[docs]") {
    TempDir prefix;
    std::string build_dir = std::filesystem::path(DNSCLAY_BIN).parent_path();
    auto r = run({"cmake", "--install", build_dir, "--prefix", prefix.path()});
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> expected = {
        "bin/dnsclay",
        "share/bash-completion/completions/dnsclay",
        "share/zsh/vendor-completions/_dnsclay",
        "share/fish/vendor_completions.d/dnsclay.fish",
        "share/doc/dnsclay/config.example.toml",
        "share/doc/dnsclay/dnsclay.service",
    };
    for (const auto& page : std::filesystem::directory_iterator(DNSCLAY_SOURCE_DIR "/man"))
        expected.push_back("share/man/man1/" + page.path().filename().string());
    for (const auto& file : expected) {
        INFO(file);
        CHECK(std::filesystem::is_regular_file(prefix / file));
    }
    auto installed = run({prefix / "bin/dnsclay", "version"});
    CHECK(installed.exit_code == 0);
}
