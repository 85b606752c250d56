#include "pg_db.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>

namespace server {
namespace {

bool starts_with(const char* s, const char* prefix) { return s != nullptr && std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

}  // namespace

PgResult::~PgResult() { PQclear(r_); }
int PgResult::rows() const { return PQntuples(r_); }
int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_);
  return n != nullptr && *n != '\0' ? std::strtoll(n, nullptr, 10) : 0;
}
std::string PgResult::text(int row, int column) const {
  if (PQgetisnull(r_, row, column)) return {};
  return std::string(PQgetvalue(r_, row, column), static_cast<size_t>(PQgetlength(r_, row, column)));
}
int64_t PgResult::int64(int row, int column) const {
  return PQgetisnull(r_, row, column) ? 0 : std::strtoll(PQgetvalue(r_, row, column), nullptr, 10);
}
bool PgResult::is_null(int row, int column) const { return PQgetisnull(r_, row, column) != 0; }

PgConnection::PgConnection(const PostgresOptions& options) : options_(options) { connect(); }

PgConnection::~PgConnection() { PQfinish(c_); }

void PgConnection::connect() {
  PQfinish(c_);
  prepared_.clear();
  // A connect timeout unless the URL sets its own (its values come later
  // and win): a server that does not answer is a 503, not a hung request.
  const char* keys[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"5", options_.url.c_str(), nullptr};
  c_ = PQconnectdbParams(keys, values, 1);
  if (c_ == nullptr || PQstatus(c_) != CONNECTION_OK) {
    std::string message = c_ != nullptr ? PQerrorMessage(c_) : "out of memory";
    throw StorageFault(StorageFault::Kind::unavailable, "postgres: cannot connect: " + message);
  }
  // Every guarantee holds under READ COMMITTED (one statement each); the
  // timeouts turn a stuck lock or a forgotten transaction into a clean 503
  // instead of a request that hangs and holds rows.
  run("SET default_transaction_isolation = 'read committed'");
  run("SET statement_timeout = " + std::to_string(options_.statement_timeout_ms));
  run("SET lock_timeout = " + std::to_string(options_.lock_timeout_ms));
  run("SET idle_in_transaction_session_timeout = " + std::to_string(options_.idle_in_transaction_timeout_ms));
  run("SET client_min_messages = warning");
}

bool PgConnection::broken() const { return c_ == nullptr || PQstatus(c_) != CONNECTION_OK; }

void PgConnection::reconnect() { connect(); }

bool PgConnection::idle_and_open() {
  if (broken()) return false;
  // Nothing is sent to an idle pooled connection unless the server is
  // ending it (a restart's FATAL message, then end of file).
  pollfd p{PQsocket(c_), POLLIN, 0};
  return poll(&p, 1, 0) == 0;
}

void PgConnection::fail(pg_result* r, const std::string& what) {
  // Copied out before PQclear frees the result they point into.
  const char* field = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = field != nullptr ? field : "";
  const char* state = sqlstate.c_str();
  std::string message = "postgres: " + what + ": " + (r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(c_));
  PQclear(r);
  if (sqlstate.empty() || broken() || starts_with(state, "08") || starts_with(state, "57P")) {
    throw StorageFault(StorageFault::Kind::unavailable, message);
  }
  if (std::strcmp(state, "40P01") == 0 || std::strcmp(state, "40001") == 0 || std::strcmp(state, "23505") == 0) {
    throw PgRetry(message);
  }
  if (std::strcmp(state, "57014") == 0 || std::strcmp(state, "55P03") == 0) {
    throw StorageFault(StorageFault::Kind::unavailable, message);  // statement or lock timeout
  }
  if (starts_with(state, "53")) throw StorageFault(StorageFault::Kind::full, message);
  if (std::strcmp(state, "25006") == 0) throw StorageFault(StorageFault::Kind::read_only, message);
  throw std::runtime_error(message);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<PgParam>& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    pg_result* r = PQprepare(c_, name.c_str(), sql.c_str(), 0, nullptr);
    if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "prepare " + sql.substr(0, 80));
    PQclear(r);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) values.push_back(p.text ? p.text->c_str() : nullptr);
  pg_result* r = PQexecPrepared(c_, it->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                nullptr, 0);
  const ExecStatusType status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, sql.substr(0, 80));
  return PgResult(r);
}

void PgConnection::run(const std::string& sql) {
  pg_result* r = PQexec(c_, sql.c_str());
  const ExecStatusType status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    // A COMMIT that never answered may or may not have committed.
    fail(r, sql == "COMMIT" && broken() ? "commit outcome unknown" : sql.substr(0, 80));
  }
  PQclear(r);
}

PgPool::PgPool(const PostgresOptions& options) : options_(options) {
  for (int32_t i = 0; i < std::max<int32_t>(1, options.connections); ++i) {
    free_.push_back(std::make_unique<PgConnection>(options));
  }
}

PgPool::Lease PgPool::lease() {
  std::unique_ptr<PgConnection> c;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    c = std::move(free_.back());
    free_.pop_back();
  }
  Lease lease(*this, std::move(c));
  // A connection the server closed while it sat in the pool (a restart)
  // is made again here, not found out by the request's first statement.
  // Throws StorageFault (503) while the server is away; the lease goes back.
  if (!lease->idle_and_open()) lease->reconnect();
  return lease;
}

void PgPool::give_back(std::unique_ptr<PgConnection> c) {
  if (!c) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(c));
  }
  cv_.notify_one();
}

void PgPool::back_off(int32_t attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int64_t ceiling_us = 1'000 << std::min<int32_t>(attempt, 5);  // 1 ms, 2 ms, ... 32 ms
  std::this_thread::sleep_for(std::chrono::microseconds(random() % ceiling_us));
}

void PgPool::rollback_quietly(PgConnection& c) {
  if (c.broken()) return;
  try {
    c.run("ROLLBACK");
  } catch (...) {
    // Nothing to roll back, or the connection went: the next lease reconnects.
  }
}

}  // namespace server
