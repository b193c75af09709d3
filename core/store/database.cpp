#include "core/store/database.h"

#include "core/common/error.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace cb {

Database::Database(const std::string& path, const char* vfs) : path_(path) { openReadWrite(vfs); }

void Database::openReadWrite(const char* vfs) {
    const std::string& path = path_;
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, vfs) != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error("cannot open result database '" + path + "': " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
    // Switching a new file to WAL needs it to itself and SQLite does not wait for that on its own:
    // when another connection is opening the same new file, retry for up to ten seconds.
    std::string mode;
    auto readMode = [](void* out, int columns, char** values, char**) {
        if (columns > 0 && values[0]) *static_cast<std::string*>(out) = values[0];
        return 0;
    };
    for (int attempt = 0;; ++attempt) {
        const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", readMode, &mode, nullptr);
        if (rc == SQLITE_OK) break;
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt >= 1000) {
            const std::string message = sqlite3_errmsg(db_);
            sqlite3_close(db_);
            db_ = nullptr;
            throw Error("cannot open result database '" + path + "': " + message);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // SQLite answers with the mode it kept: anything but "wal" means the filesystem cannot share
    // the memory-mapped index WAL needs (NFS, SMB and many cluster filesystems).
    if (mode != "wal") {
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error("result database '" + path + "': its filesystem does not support SQLite's write-ahead log (journal mode stayed '" +
                    mode +
                    "'), which ContextBench needs so that the app can read results while a job writes them. Network and "
                    "cluster filesystems often lack the locking it relies on: put the workspace on a local disk (a sweep's "
                    "rank 0 alone writes it; copy the database to the shared filesystem afterwards)");
    }
    exec("PRAGMA foreign_keys=ON");
    exec("PRAGMA synchronous=NORMAL");
}

Database::Database(const std::string& path, DatabaseAccess access) : path_(path) {
    if (access == DatabaseAccess::ReadWrite) {
        openReadWrite(nullptr);
        return;
    }
    readOnly_ = true;
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error("cannot open result database '" + path + "' for reading: " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
    exec("PRAGMA query_only=ON");
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::setBusyTimeout(int milliseconds) { sqlite3_busy_timeout(db_, milliseconds); }

std::string Database::failure(const std::string& what) const {
    return path_ + ": " + what + ": " + sqlite3_errmsg(db_);
}

void Database::exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw Error(path_ + ": " + text + " (in: " + sql.substr(0, 80) + ")");
    }
}

std::int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }

Statement::Statement(Database& db, const std::string& sql) : db_(&db) {
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
        throw Error(db.failure("cannot prepare '" + sql.substr(0, 80) + "'"));
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw Error(db_->failure("bind failed"));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) throw Error(db_->failure("bind failed"));
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        throw Error(db_->failure("bind failed"));
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw Error(db_->failure("bind failed"));
    return *this;
}

Statement& Statement::bindOptional(int index, const std::optional<double>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(db_->failure("statement failed"));
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool Statement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<double> Statement::optionalReal(int column) const {
    if (isNull(column)) return std::nullopt;
    return real(column);
}
std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
            // Destructors must not throw; SQLite rolls back on close anyway.
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace cb
