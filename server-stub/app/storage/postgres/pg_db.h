// A small RAII layer over libpq: a connection with prepared statements
// cached by their text, results, a fixed-size pool (mutex + condition
// variable) and transactions retried a bounded number of times.
//
// Errors are sorted by SQLSTATE:
//   40P01 deadlock, 40001 serialization failure, 23505 unique violation
//     (two instances drew one order number, or one key) -> PgRetry: the
//     transaction is run again from the start, up to PostgresOptions::retries;
//   a lost connection (class 08, 57P0x), statement or lock timeout (57014,
//     55P03), disk full (53100), read-only (25006), a COMMIT whose outcome is
//     unknown -> StorageFault (503 + Retry-After; the client's retry with its
//     Idempotency-Key is safe);
//   anything else -> std::runtime_error (a bug: 500).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "storage.h"
#include "storage_fault.h"

struct pg_conn;
struct pg_result;

namespace server {

// Run the transaction again: a deadlock, a serialization failure or a
// unique-key race, all of which a fresh attempt resolves.
class PgRetry : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parameter in text form (libpq's), or NULL.
struct PgParam {
  std::optional<std::string> text;
  PgParam(const std::string& s) : text(s) {}
  PgParam(const char* s) : text(std::string(s)) {}
  PgParam(int64_t v) : text(std::to_string(v)) {}
  PgParam(int32_t v) : text(std::to_string(v)) {}
  PgParam(std::nullopt_t) {}
  static PgParam optional(const std::optional<std::string>& s) { return s ? PgParam(*s) : PgParam(std::nullopt); }
};

class PgResult {
 public:
  explicit PgResult(pg_result* r) : r_(r) {}
  ~PgResult();
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  int64_t affected() const;  // rows an INSERT/UPDATE/DELETE changed
  std::string text(int row, int column) const;  // "" for NULL
  int64_t int64(int row, int column) const;
  bool is_null(int row, int column) const;

 private:
  pg_result* r_;
};

class PgConnection {
 public:
  PgConnection(const PostgresOptions& options);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // One statement with parameters, prepared once per connection.
  PgResult exec(const std::string& sql, const std::vector<PgParam>& params = {});
  // Statements without parameters or results (BEGIN, DDL).
  void run(const std::string& sql);
  bool broken() const;
  // The libpq connection, for what this layer does not wrap (LISTEN and
  // PQnotifies on a connection of its own, outside any pool).
  pg_conn* handle() { return c_; }
  // Reconnects a broken connection (prepared statements are gone with it).
  void reconnect();
  // False when broken, or when the server sent something to this idle
  // connection: it is ending the session (libpq learns that only by reading).
  bool idle_and_open();

 private:
  void connect();
  [[noreturn]] void fail(pg_result* r, const std::string& what);

  const PostgresOptions& options_;
  pg_conn* c_ = nullptr;
  std::map<std::string, std::string> prepared_;  // sql -> statement name
};

class PgPool {
 public:
  explicit PgPool(const PostgresOptions& options);

  class Lease {
   public:
    Lease(PgPool& pool, std::unique_ptr<PgConnection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_.give_back(std::move(c_)); }
    Lease(Lease&&) = default;
    PgConnection& operator*() { return *c_; }
    PgConnection* operator->() { return c_.get(); }

   private:
    PgPool& pool_;
    std::unique_ptr<PgConnection> c_;
  };
  Lease lease();  // waits for a free connection; reconnects a broken one

  // BEGIN, body(connection) -> (commit?, value), COMMIT or ROLLBACK; run
  // again on PgRetry up to options.retries times, then a StorageFault.
  template <typename Body>
  auto transact(Body body);
  // A read of several statements in one snapshot (REPEATABLE READ, READ ONLY).
  template <typename Body>
  auto read(Body body);
  // One statement on its own (autocommit): no BEGIN/COMMIT round trips.
  template <typename Body>
  auto once(Body body);

 private:
  void give_back(std::unique_ptr<PgConnection> c);
  static void rollback_quietly(PgConnection& c);
  // A short random pause before a retry, longer each time, so two
  // transactions that collided do not collide again in lockstep.
  static void back_off(int32_t attempt);

  const PostgresOptions& options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> free_;
};

template <typename Body>
auto PgPool::transact(Body body) {
  for (int32_t attempt = 0;; ++attempt) {
    Lease c = lease();
    try {
      c->run("BEGIN");
      auto [commit, value] = body(*c);
      c->run(commit ? "COMMIT" : "ROLLBACK");
      return value;
    } catch (const PgRetry& e) {
      rollback_quietly(*c);
      if (attempt + 1 >= options_.retries) {
        throw StorageFault(StorageFault::Kind::unavailable, std::string("postgres: gave up after retries: ") + e.what());
      }
      back_off(attempt);
    } catch (...) {
      rollback_quietly(*c);
      throw;
    }
  }
}

template <typename Body>
auto PgPool::read(Body body) {
  for (int32_t attempt = 0;; ++attempt) {
    Lease c = lease();
    try {
      c->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");  // one snapshot for a multi-statement read
      auto value = body(*c);
      c->run("COMMIT");
      return value;
    } catch (const PgRetry& e) {
      rollback_quietly(*c);
      if (attempt + 1 >= options_.retries) {
        throw StorageFault(StorageFault::Kind::unavailable, std::string("postgres: gave up after retries: ") + e.what());
      }
    } catch (...) {
      rollback_quietly(*c);
      throw;
    }
  }
}

template <typename Body>
auto PgPool::once(Body body) {
  for (int32_t attempt = 0;; ++attempt) {
    Lease c = lease();
    try {
      return body(*c);
    } catch (const PgRetry& e) {
      if (attempt + 1 >= options_.retries) {
        throw StorageFault(StorageFault::Kind::unavailable, std::string("postgres: gave up after retries: ") + e.what());
      }
    }
  }
}

}  // namespace server
