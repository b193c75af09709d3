#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace cb {

class Database;

// A prepared statement; finalised on destruction. Parameters are 1-based as in SQLite.
class Statement {
public:
    Statement(Database& db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bindNull(int index);
    Statement& bindOptional(int index, const std::optional<double>& value);

    // Advances; true while a row is available.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;
    std::optional<double> optionalReal(int column) const;  // nullopt for NULL

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

enum class DatabaseAccess { ReadWrite, ReadOnly };

// One SQLite connection, WAL journal, foreign keys on. Not shared between threads: each thread
// opens its own.
class Database {
public:
    // ReadOnly opens an existing file for reading only (a write fails naming it) and changes nothing
    // about it, not even its journal mode.
    Database(const std::string& path, DatabaseAccess access);
    // `vfs` names an SQLite VFS other than the default (tests use it to stand in for filesystems
    // without the locking that WAL needs).
    explicit Database(const std::string& path, const char* vfs = nullptr);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(const std::string& sql);
    Statement prepare(const std::string& sql) { return Statement(*this, sql); }
    std::int64_t lastInsertId() const;
    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }
    bool readOnly() const { return readOnly_; }
    // How long a statement waits for another connection's write lock before failing (10 s by default).
    void setBusyTimeout(int milliseconds);
    // Message naming the database file, for errors thrown by statements.
    std::string failure(const std::string& what) const;

private:
    void openReadWrite(const char* vfs);

    std::string path_;
    sqlite3* db_ = nullptr;
    bool readOnly_ = false;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless commit() ran, so an exception between writes leaves
// nothing behind.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace cb
