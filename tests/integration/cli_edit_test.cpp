// records edit driven by a scripted $EDITOR: a shell script that rewrites the file.
#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

using namespace dnsclay::test;

namespace {

struct Zoned : Cli {
    Zoned() {
        REQUIRE((*this)({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
        REQUIRE(
            (*this)({"records", "add", "example.test", "www", "300", "A", "192.0.2.1"}).exit_code ==
            0);
        REQUIRE(
            (*this)({"records", "add", "example.test", "old", "300", "TXT", "\"bye\""}).exit_code ==
            0);
        REQUIRE(
            (*this)({"records", "add", "example.test", "mx", "300", "MX", "10 mail"}).exit_code ==
            0);
    }
    // An executable editor script; $1 is the file to edit.
    std::string editor(const std::string& body) const {
        auto p = path("editor.sh");
        write_file(p, "#!/bin/sh\nset -e\n" + body);
        ::chmod(p.c_str(), 0755);
        return p;
    }
    RunResult edit(const std::string& script, std::vector<std::string> extra = {}) const {
        std::vector<std::string> args = {"records", "edit", "example.test"};
        args.insert(args.end(), extra.begin(), extra.end());
        return (*this)(args, "", {{"EDITOR", editor(script)}, {"VISUAL", ""}});
    }
    std::string records() const { return (*this)({"records", "list", "example.test"}).out; }
    std::int64_t serial() const {
        return json({"zone", "show", "example.test"})["zone"]["serial"].GetInt64();
    }
};

} // namespace

TEST_CASE("records edit adds, changes and deletes rrsets", "[cli][edit]") {
    Zoned cli;
    auto s = cli.serial();
    auto r = cli.edit("sed -i -e 's/192.0.2.1/192.0.2.99/' -e '/^old /d' \"$1\"\n"
                      "echo 'new 600 IN AAAA 2001:db8::5' >> \"$1\"\n",
                      {"--yes"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("- www.example.test. 300 IN A 192.0.2.1"));
    CHECK_THAT(r.out, Catch::Contains("+ www.example.test. 300 IN A 192.0.2.99"));
    CHECK_THAT(r.out, Catch::Contains("- old.example.test. 300 IN TXT \"bye\""));
    CHECK_THAT(r.out, Catch::Contains("+ new.example.test. 600 IN AAAA 2001:db8::5"));
    CHECK(r.out.find("mx.example.test.") == std::string::npos); // unchanged rrsets not shown
    CHECK(r.out.find("\033[") == std::string::npos);            // no colors off a terminal
    CHECK(cli.serial() == s + 1);                               // one change, one serial
    auto now = cli.records();
    CHECK_THAT(now, Catch::Contains("www.example.test. 300 IN A 192.0.2.99"));
    CHECK_THAT(now, Catch::Contains("new.example.test. 600 IN AAAA 2001:db8::5"));
    CHECK(now.find("old.example.test.") == std::string::npos);
    CHECK_THAT(now, Catch::Contains("mx.example.test. 300 IN MX 10 mail.example.test."));
}

TEST_CASE("records edit: the SOA is shown but edits to it are ignored", "[cli][edit]") {
    Zoned cli;
    auto s = cli.serial();
    auto r = cli.edit("grep -q ' SOA ' \"$1\"\nsed -i 's/ 1209600 / 999 /' \"$1\"\n", {"--yes"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("SOA is managed by dnsclay"));
    CHECK_THAT(r.out, Catch::Contains("No change"));
    CHECK(cli.serial() == s);
}

TEST_CASE("records edit reopens the editor on a parse error until it is fixed", "[cli][edit]") {
    Zoned cli;
    // First round: write garbage. Second round: the error is in the file as a comment; fix it.
    auto r = cli.edit("if grep -q '^; ERROR: ' \"$1\"; then\n"
                      "  grep '^; ERROR: ' \"$1\" > " +
                          cli.path("seen-error") +
                          "\n"
                          "  sed -i 's/^bad .*/fixed 300 IN A 192.0.2.7/' \"$1\"\n"
                          "else\n"
                          "  echo 'bad 300 IN A not-an-address' >> \"$1\"\n"
                          "fi\n",
                      {"--yes"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto seen = read_file(cli.path("seen-error"));
    CHECK_THAT(seen, Catch::Contains("not-an-address"));
    CHECK_THAT(cli.records(), Catch::Contains("fixed.example.test. 300 IN A 192.0.2.7"));
    CHECK(cli.records().find("bad.") == std::string::npos);
}

TEST_CASE("records edit refuses when the zone changed while the editor was open", "[cli][edit]") {
    Zoned cli;
    // The "editor" changes the zone through another dnsclay process, then edits the file.
    std::string other = std::string(DNSCLAY_BIN) + " --state-dir " + cli.state_dir() +
                        " records add example.test other 300 A 192.0.2.50 >/dev/null\n";
    auto r = cli.edit(other + "echo 'mine 300 IN A 192.0.2.51' >> \"$1\"\n", {"--yes"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("changed since it was read"));
    auto now = cli.records();
    CHECK_THAT(now, Catch::Contains("other.example.test."));
    CHECK(now.find("mine.example.test.") == std::string::npos);
}

TEST_CASE("records edit --dry-run, confirmation and cancelling change nothing", "[cli][edit]") {
    Zoned cli;
    auto before = cli.records();
    auto s = cli.serial();
    std::string add = "echo 'new 300 IN A 192.0.2.8' >> \"$1\"\n";

    auto dry = cli.edit(add, {"--dry-run"});
    CHECK(dry.exit_code == 0);
    CHECK_THAT(dry.out, Catch::Contains("+ new.example.test. 300 IN A 192.0.2.8"));
    CHECK_THAT(dry.out, Catch::Contains("Dry run"));

    auto dry_json = cli({"--json", "records", "edit", "example.test", "--dry-run"}, "",
                        {{"EDITOR", cli.editor(add)}});
    REQUIRE(dry_json.exit_code == 0);
    auto j = parse_json(dry_json.out);
    CHECK(j["applied"].GetBool() == false);
    CHECK(j["changes"].Size() == 1);

    // Without --yes and without a terminal to ask on: refused, with the way out named.
    auto ask = cli.edit(add);
    CHECK(ask.exit_code == 2);
    CHECK_THAT(ask.err, Catch::Contains("--yes"));

    // An emptied file cancels; a failing editor cancels.
    CHECK(cli.edit(": > \"$1\"\n", {"--yes"}).exit_code == 1);
    CHECK(cli.edit("exit 3\n", {"--yes"}).exit_code == 1);
    CHECK(cli.records() == before);
    CHECK(cli.serial() == s);

    // A bad --file is a usage error naming the line.
    auto bad = cli({"records", "edit", "example.test", "--file", "-", "--yes"},
                   "www 300 IN A 192.0.2.1\nbad 300 IN MX x y z\n");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("stdin: line 2"));
    CHECK(cli.records() == before);
}
