// A minimal RAII layer over the SQLite C API: a connection with a cache of
// prepared statements, and statements that reset themselves when done.
// Errors throw std::runtime_error (the HTTP layer turns that into a 500
// without the text: internal messages never reach clients).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace server {

class SqliteStatement;

class SqliteConnection {
 public:
  SqliteConnection(const std::string& path, bool create);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  void exec(const std::string& sql);  // one or more statements, no results
  // A cached prepared statement, reset and unbound, ready to bind.
  SqliteStatement prepare(const std::string& sql);
  int64_t last_insert_rowid() const;
  int64_t changes() const;  // rows changed by the last statement
  int64_t user_version();
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, int64_t value);
  SqliteStatement& bind(int index, std::string_view value);
  SqliteStatement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  SqliteStatement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  SqliteStatement& bind_null(int index);
  SqliteStatement& bind_optional(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bind_null(index);
  }

  bool step();  // true while a row is available
  void run();   // step to completion, expecting no rows
  int64_t int64(int column) const;
  std::string text(int column) const;  // "" for NULL
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted (an
// exception on the way). IMMEDIATE takes the write lock at the start, so two
// writers never both read, decide and then conflict.
class WriteTransaction {
 public:
  explicit WriteTransaction(SqliteConnection& c);
  ~WriteTransaction();
  void commit();

 private:
  SqliteConnection& c_;
  bool open_ = true;
};

// BEGIN (deferred) for a consistent multi-statement read.
class ReadTransaction {
 public:
  explicit ReadTransaction(SqliteConnection& c);
  ~ReadTransaction();

 private:
  SqliteConnection& c_;
};

}  // namespace server
