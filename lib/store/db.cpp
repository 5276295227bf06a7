#include "lib/store/db.hpp"

#include "lib/store/commit_count.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dnsclay::store {
namespace {

std::atomic<std::uint64_t> commit_count{0};

// SQLite's default WAL hook checkpoints when the log reaches 1000 pages; setting our own
// replaces it (sqlite3_wal_hook), so this one does the same after counting the commit. It
// runs after the commit is visible and its write lock released.
constexpr int kAutoCheckpointPages = 1000;

int count_commit(void*, sqlite3* db, const char* name, int pages) {
    commit_count.fetch_add(1, std::memory_order_release);
    if (pages >= kAutoCheckpointPages)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

} // namespace

std::uint64_t commits() {
    return commit_count.load(std::memory_order_acquire);
}

namespace {

// SQLite's words for the last failure of `db`, with what lies behind the common ones in
// words a user can act on (SQLite says "disk I/O error" for a full disk, "unable to open
// database file" for a read-only one).
std::string failure_text(sqlite3* db, const std::string& path,
                         std::chrono::milliseconds busy_timeout) {
    std::string text = db ? sqlite3_errmsg(db) : "out of memory";
    if (!db) return text;
    const int code = sqlite3_errcode(db);
    int sys = sqlite3_system_errno(db);
    // SQLite could not create the -wal or -shm file beside state.db: its errno is from a
    // later attempt, so ask the directory itself.
    if (code == SQLITE_CANTOPEN) {
        auto slash = path.rfind('/');
        std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
        if (::access(dir.c_str(), W_OK) != 0) sys = errno;
    }
    if (code == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT)
        return text + " (the disk holding the state directory is full; a change that failed "
                      "was not recorded)";
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return fmt::format("{} (another process held the write lock for longer than {} ms: "
                           "[database] busy_timeout in config.toml)",
                           text, busy_timeout.count());
    if (code == SQLITE_READONLY || sys == EROFS)
        return text + " (the state directory is read-only)";
    if (sys == EACCES) return text + " (no permission to write in the state directory)";
    if (sys != 0) return fmt::format("{} ({})", text, std::strerror(sys));
    return text;
}

// How many idle compiled statements a connection keeps: more than the distinct statements
// of the gateway's and the CLI's work, so that only one-off SQL is compiled every time.
constexpr std::size_t kMaxIdleStatements = 64;

} // namespace

Stmt::Stmt(Db& db, std::string_view sql) : db_(&db), stmt_(db.take_idle(sql)) {
    if (stmt_) return;
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_,
                           nullptr) != SQLITE_OK)
        db.fail(fmt::format("preparing \"{}\"", sql));
}

Stmt::~Stmt() {
    if (stmt_) db_->give_back(stmt_);
}

Stmt::Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

Stmt& Stmt::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) db_->fail("binding a value");
    return *this;
}

Stmt& Stmt::bind(int index, std::string_view value) {
    if (sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8) != SQLITE_OK)
        db_->fail("binding a value");
    return *this;
}

Stmt& Stmt::bind_blob(int index, std::span<const std::uint8_t> value) {
    // A zero-length blob must still be a blob, not NULL: empty rdata is valid.
    static const std::uint8_t kEmpty = 0;
    const void* data = value.empty() ? &kEmpty : value.data();
    if (sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        db_->fail("binding a value");
    return *this;
}

Stmt& Stmt::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_->fail("binding a value");
    return *this;
}

bool Stmt::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_->fail("executing a statement");
}

void Stmt::run() {
    while (step()) {
    }
}

void Stmt::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Stmt::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Stmt::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::optional<std::int64_t> Stmt::opt_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

std::string_view Stmt::text_view(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    // sqlite3_column_bytes after sqlite3_column_text: the length of the UTF-8 form.
    auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    return p ? std::string_view(reinterpret_cast<const char*>(p), n) : std::string_view();
}

std::string Stmt::text(int column) const {
    return std::string(text_view(column));
}

std::optional<std::string> Stmt::opt_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::span<const std::uint8_t> Stmt::blob_view(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    return p ? std::span<const std::uint8_t>(p, n) : std::span<const std::uint8_t>();
}

std::vector<std::uint8_t> Stmt::blob(int column) const {
    auto b = blob_view(column);
    return std::vector<std::uint8_t>(b.begin(), b.end());
}

Db::Db(const std::string& path, std::chrono::milliseconds busy_timeout) : path_(path) {
    // Create the file ourselves so it is 0600 from the first moment; SQLite gives the -wal
    // and -shm files the same mode as the database. Only when it does not exist yet: closing
    // any descriptor of a file drops every POSIX lock this process holds on it (fcntl(2)),
    // so opening and closing an existing state.db beside other connections of ours (serve
    // opens one per worker) would let another process's last connection think it was the
    // last one, checkpoint and delete the -wal and -shm files under us ("disk I/O error").
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);
    else if (errno != EEXIST)
        throw StoreError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        std::string msg = failure_text(db_, path, busy_timeout);
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError(fmt::format("cannot open {}: {}", path, msg));
    }
    busy_timeout_ = busy_timeout;
    sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
    sqlite3_wal_hook(db_, count_commit, nullptr);
    try {
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA foreign_keys=ON");
        // In WAL mode NORMAL makes a commit durable against a crash of the process (it is in
        // the WAL file when COMMIT returns) but syncs to disk only at checkpoints: a power
        // loss may lose the last commits, never consistency. FULL would add an fsync to
        // every acknowledged UPDATE; see dnsclay-serve(1).
        exec("PRAGMA synchronous=NORMAL");
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

Db::~Db() {
    for (auto& [sql, stmt] : idle_)
        sqlite3_finalize(stmt);
    sqlite3_close(db_);
}

sqlite3_stmt* Db::take_idle(std::string_view sql) {
    auto it = idle_.find(sql);
    if (it == idle_.end()) return nullptr;
    auto* stmt = it->second;
    idle_.erase(it);
    return stmt;
}

void Db::give_back(sqlite3_stmt* stmt) {
    // Reset ends the statement's read of the database (a half-read SELECT holds a snapshot)
    // whether or not it is kept.
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    const char* sql = sqlite3_sql(stmt);
    if (idle_.size() >= kMaxIdleStatements || !sql) {
        sqlite3_finalize(stmt);
        return;
    }
    idle_.emplace(sql, stmt);
}

void Db::exec(std::string_view sql) {
    std::string copy(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        sqlite3_free(err); // failure_text says the same and more
        throw StoreError(fmt::format("{}: {}", path_, failure_text(db_, path_, busy_timeout_)));
    }
}

void Db::release_cache() {
    sqlite3_db_release_memory(db_);
}

std::int64_t Db::last_insert_id() const {
    return sqlite3_last_insert_rowid(db_);
}

int Db::changes() const {
    return sqlite3_changes(db_);
}

void Db::fail(std::string_view what) const {
    throw StoreError(
        fmt::format("{}: {}: {}", path_, what, failure_text(db_, path_, busy_timeout_)));
}

Transaction::Transaction(Db& db, Kind kind) : db_(db) {
    db_.exec(kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (...) { // nothing more to do: SQLite rolls back on close anyway
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

} // namespace dnsclay::store
