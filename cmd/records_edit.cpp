// `dnsclay records edit`: the zone in zone-file format in $VISUAL/$EDITOR (or from --file),
// then the difference by rrset, a confirmation, and one change through the library. The
// change is tied to the serial the edit started from, so an edit over a zone that changed
// meanwhile is refused (exit 4) rather than silently undoing the other change.
#include "cmd/change_output.hpp"
#include "cmd/records_common.hpp"
#include "lib/dns/error.hpp"
#include "lib/dns/zonefile.hpp"
#include "lib/store/audit.hpp"
#include "lib/zone/errors.hpp"
#include "lib/zone/soa.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace dnsclay::cli {
namespace {

struct Options {
    std::string zone;
    std::string file;
    bool dry_run = false;
    bool yes = false;
};

constexpr std::string_view kErrorMark = "; ERROR: ";

std::string header(const zone::ZoneSnapshot& z) {
    return fmt::format(
        "; dnsclay records edit: zone {}, serial {}\n"
        "; Change, add or delete records, then save and quit: the changes are shown and\n"
        "; applied after you confirm. The SOA is managed by dnsclay: edits to it are ignored.\n"
        "; Empty the file, or leave it unchanged, to cancel.\n",
        z.zone.name, z.zone.serial);
}

std::string read_all(std::istream& in) {
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_path(const std::string& path) {
    if (path == "-") return read_all(std::cin);
    std::ifstream in(path);
    if (!in)
        throw CliError(kExitError, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    return read_all(in);
}

// True if the text has anything but blanks and comments.
bool has_content(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto p = line.find_first_not_of(" \t\r");
        if (p != std::string::npos && line[p] != ';') return true;
    }
    return false;
}

// The records of the edited text, without the SOA (ours). Throws TextError, InvalidInput.
std::vector<dns::Record> parse_edit(const std::string& text, const zone::ZoneSnapshot& z) {
    auto apex = dns::Name::parse(z.zone.name);
    std::vector<dns::Record> out;
    auto soa = zone::soa_record(z.zone);
    for (auto& r : dns::read_zone_file(text, apex)) {
        if (r.type == dns::RRType::SOA) {
            if (!(r == soa))
                std::fprintf(stderr, "dnsclay: the SOA is managed by dnsclay; the edit to it is "
                                     "ignored\n");
            continue;
        }
        out.push_back(std::move(r));
    }
    return out;
}

// Every rrset of the zone and of the edit, each replaced by its content in the edit.
std::vector<zone::RRsetReplacement> replacements(const zone::ZoneSnapshot& z,
                                                 const std::vector<dns::Record>& wanted) {
    auto desired = zone::group(wanted);
    std::vector<zone::RRsetReplacement> out;
    for (const auto& [key, records] : z.rrsets)
        if (!desired.count(key)) out.push_back({key, {}});
    for (auto& [key, records] : desired)
        out.push_back({key, records});
    return out;
}

void run_editor(const std::string& path) {
    const char* editor = std::getenv("VISUAL");
    if (!editor || !*editor) editor = std::getenv("EDITOR");
    if (!editor || !*editor) editor = "vi";
    pid_t pid = fork();
    if (pid < 0)
        throw CliError(kExitError,
                       fmt::format("cannot start the editor: {}", std::strerror(errno)));
    if (pid == 0) {
        // Through the shell, so EDITOR may carry arguments ("code --wait").
        std::string cmd = std::string(editor) + " \"$1\"";
        execl("/bin/sh", "sh", "-c", cmd.c_str(), "dnsclay-edit", path.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw CliError(kExitError,
                       fmt::format("the editor ({}) failed; nothing was changed", editor));
}

// Removes an earlier error note so notes do not pile up.
std::string strip_error(const std::string& text) {
    std::string out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.starts_with(kErrorMark)) out += line + "\n";
    return out;
}

std::string error_note(const std::exception& e) {
    std::string msg = e.what();
    for (auto& c : msg)
        if (c == '\n') c = ' ';
    return std::string(kErrorMark) + msg +
           " (fix it and save again, or empty the file to cancel)\n";
}

struct TempFile {
    std::string path;
    TempFile() {
        const char* dir = std::getenv("TMPDIR");
        std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/dnsclay-edit-XXXXXX.zone";
        int fd = mkstemps(tmpl.data(), 5); // mode 0600: the zone may hold private data
        if (fd < 0)
            throw CliError(kExitError,
                           fmt::format("cannot create a temporary file: {}", std::strerror(errno)));
        ::close(fd);
        path = tmpl;
    }
    ~TempFile() { ::unlink(path.c_str()); }
    void write(const std::string& text) const {
        std::ofstream out(path, std::ios::trunc);
        out << text;
        if (!out) throw CliError(kExitError, fmt::format("cannot write {}", path));
    }
};

zone::ChangeRequest request(const zone::ZoneSnapshot& z, const std::vector<dns::Record>& wanted,
                            bool dry_run) {
    zone::ChangeRequest req;
    req.zone = z.zone.name;
    req.expected_serial = z.zone.serial;
    req.actor = store::cli_actor();
    req.action = "records edit";
    req.dry_run = dry_run;
    req.edit = [wanted](const zone::ZoneSnapshot& now) { return replacements(now, wanted); };
    return req;
}

void records_edit(const GlobalOptions& global, const Options& o) {
    auto st = open_store(global);
    auto z = read_zone(*st, zone_name(o.zone));
    auto apex = dns::Name::parse(z.zone.name);
    zone::ChangeResult plan;
    std::vector<dns::Record> wanted;

    if (!o.file.empty()) {
        auto text = read_path(o.file);
        try {
            wanted = parse_edit(text, z);
        } catch (const dns::TextError& e) {
            throw CliError(kExitUsage,
                           fmt::format("{}: {}", o.file == "-" ? "stdin" : o.file, e.what()));
        }
        plan = zone::change_records(*st, request(z, wanted, true));
    } else {
        TempFile tmp;
        std::string original = header(z) + dns::write_zone_file(zone_records(z), apex);
        std::string text = original;
        for (;;) {
            tmp.write(text);
            run_editor(tmp.path);
            std::string edited = read_path(tmp.path);
            if (edited == text && text == original)
                return say(global, "No change (file not edited)");
            if (!has_content(edited))
                throw CliError(kExitError, "empty file: edit cancelled, nothing was changed");
            try {
                wanted = parse_edit(edited, z);
                plan = zone::change_records(*st, request(z, wanted, true));
                break;
            } catch (const dns::TextError& e) {
                text = error_note(e) + strip_error(edited);
            } catch (const zone::InvalidInput& e) {
                text = error_note(e) + strip_error(edited);
            }
        }
    }

    if (plan.changes.empty()) {
        if (global.json) return print_change_json(z.zone.name, plan, false);
        return say(global, fmt::format("No change to {}", z.zone.name));
    }
    if (!global.json) fmt::print("{}", diff_text(plan.changes, use_color()));
    if (o.dry_run) {
        if (global.json) return print_change_json(z.zone.name, plan, false);
        return say(global, fmt::format("Dry run: {} rrset(s) would change; nothing was applied",
                                       plan.changes.size()));
    }
    if (!o.yes) {
        std::fflush(stdout);
        if (!confirm(fmt::format("Apply these changes to {}?", z.zone.name)))
            throw CliError(kExitError, "not applied; nothing was changed");
    }
    auto result = zone::change_records(*st, request(z, wanted, false));
    if (global.json) return print_change_json(z.zone.name, result, true);
    say(global,
        fmt::format("{}: serial {} -> {}", z.zone.name, result.serial_before, result.serial_after));
}

} // namespace

void register_records_edit(CLI::App& records, const GlobalOptions& global, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* edit = records.add_subcommand(
        "edit", "Edit the zone as a zone file in $VISUAL/$EDITOR (or take one from --file), "
                "show the changes by rrset, and apply them after confirmation");
    edit->add_option("zone", o->zone, "The zone")->required();
    edit->add_option("--file", o->file,
                     "Take the new zone file from FILE (- for stdin) instead of an editor; "
                     "records export gives the starting point");
    edit->add_flag("--dry-run", o->dry_run, "Only show what would change");
    edit->add_flag("--yes,-y", o->yes, "Apply without asking");
    edit->callback([&global, &exit_code, o] { run(exit_code, [&] { records_edit(global, *o); }); });
}

} // namespace dnsclay::cli
