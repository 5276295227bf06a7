#pragma once
// A thin RAII layer over SQLite: one connection, prepared statements with typed binding
// (kept compiled for reuse: a statement given back is reset and taken again by the next
// prepare() of the same SQL), and transactions that roll back unless committed. Writers take the
// lock up front (BEGIN IMMEDIATE) so that concurrent processes wait for each other under the busy
// timeout instead of failing halfway with SQLITE_BUSY.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace dnsclay::store {

// Any failure of the state database or directory (I/O, corruption, schema mismatch).
class StoreError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Db;

class Stmt {
  public:
    // Takes an idle compiled statement of the same SQL from `db`, or compiles one.
    Stmt(Db& db, std::string_view sql);
    // Gives the statement back to its Db, reset and unbound, for the next prepare().
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& other) noexcept;
    Stmt& operator=(Stmt&&) = delete;

    // Parameters are 1-based, as in SQLite.
    Stmt& bind(int index, std::int64_t value);
    Stmt& bind(int index, std::string_view value);
    Stmt& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Stmt& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Stmt& bind_blob(int index, std::span<const std::uint8_t> value);
    Stmt& bind_null(int index);
    template <typename T> Stmt& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Advances to the next row; false when done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Clears bindings and rewinds, so a statement can be executed again.
    void reset();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::optional<std::int64_t> opt_int64(int column) const;
    std::string text(int column) const;
    std::optional<std::string> opt_text(int column) const;
    std::vector<std::uint8_t> blob(int column) const;
    // The column's bytes without a copy, valid until the next step() or reset(): for scans
    // that would otherwise allocate a string and a vector per row.
    std::string_view text_view(int column) const;
    std::span<const std::uint8_t> blob_view(int column) const;

  private:
    Db* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Db {
  public:
    // Opens (creating if needed) the database file with WAL journaling, foreign keys and
    // the given busy timeout.
    Db(const std::string& path, std::chrono::milliseconds busy_timeout);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    void exec(std::string_view sql);
    Stmt prepare(std::string_view sql) { return Stmt(*this, sql); }
    std::int64_t last_insert_id() const;
    // Frees the pages this connection keeps cached (up to SQLite's cache_size each): after a
    // whole-zone read on one of many threads, so that the cache does not stay that size on
    // each of them.
    void release_cache();
    int changes() const;
    sqlite3* handle() { return db_; }
    const std::string& path() const { return path_; }

    // Throws StoreError describing the last failure of this connection.
    [[noreturn]] void fail(std::string_view what) const;

  private:
    friend class Stmt;
    // An idle compiled statement of `sql`, or nullptr.
    sqlite3_stmt* take_idle(std::string_view sql);
    // Keeps a reset statement for reuse, or finalizes it when enough are kept.
    void give_back(sqlite3_stmt* stmt);

    sqlite3* db_ = nullptr;
    std::string path_;
    std::chrono::milliseconds busy_timeout_{0};
    // Compiled statements not in use, by SQL text. Compiling is a large part of a small
    // statement's cost (an UPDATE runs a dozen of them).
    std::multimap<std::string, sqlite3_stmt*, std::less<>> idle_;
};

// A transaction: commit() makes it durable, destruction without commit() rolls it back.
class Transaction {
  public:
    enum class Kind { Read, Write };
    Transaction(Db& db, Kind kind);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Db& db_;
    bool open_ = true;
};

} // namespace dnsclay::store
