#include "sqlite_db.h"

#include <sqlite3.h>

#include <stdexcept>

#include "storage_fault.h"

namespace server {
namespace {

// A full disk, a read-only file or an unreachable database is a
// StorageFault (answered 503); anything else is a bug (500).
[[noreturn]] void throw_error(int rc, const std::string& message) {
  if (std::optional<StorageFault::Kind> kind = storage_fault_kind(rc)) throw StorageFault(*kind, message);
  throw std::runtime_error(message);
}

[[noreturn]] void throw_error(sqlite3* db, const std::string& what) {
  const int rc = db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
  throw_error(rc, "sqlite: " + what + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, bool create) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;  // each connection is guarded by its owner's mutex
  if (create) flags |= SQLITE_OPEN_CREATE;
  if (const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw_error(rc, "sqlite: cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void SqliteConnection::exec(const std::string& sql) {
  char* error = nullptr;
  if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error); rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : "error";
    sqlite3_free(error);
    throw_error(rc, "sqlite: " + message + " in: " + sql.substr(0, 80));
  }
}

SqliteStatement SqliteConnection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
      throw_error(db_, "prepare " + sql.substr(0, 80));
    }
    it = cache_.emplace(sql, stmt).first;
  }
  return SqliteStatement(db_, it->second);
}

int64_t SqliteConnection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t SqliteConnection::changes() const { return sqlite3_changes(db_); }

int64_t SqliteConnection::user_version() {
  SqliteStatement s = prepare("PRAGMA user_version");
  s.step();
  return s.int64(0);
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_error(db_, "bind");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    throw_error(db_, "bind");
  }
  return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_error(db_, "bind");
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_error(db_, "step");  // the statement's own code: sqlite3_step returns it since 3.7.15
}

void SqliteStatement::run() {
  while (step()) {
  }
}

int64_t SqliteStatement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string SqliteStatement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

WriteTransaction::WriteTransaction(SqliteConnection& c) : c_(c) { c_.prepare("BEGIN IMMEDIATE").run(); }

WriteTransaction::~WriteTransaction() {
  if (open_) {
    try {
      c_.prepare("ROLLBACK").run();
    } catch (...) {
      // The transaction may already be gone (SQLite rolls back on some errors).
    }
  }
}

void WriteTransaction::commit() {
  c_.prepare("COMMIT").run();
  open_ = false;
}

ReadTransaction::ReadTransaction(SqliteConnection& c) : c_(c) { c_.prepare("BEGIN").run(); }

ReadTransaction::~ReadTransaction() {
  try {
    c_.prepare("COMMIT").run();
  } catch (...) {
  }
}

}  // namespace server
