#include "coupon_guard.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "rate_limiter.h"
#include "time_text.h"

namespace server {
namespace {

class MemoryCouponGuard final : public CouponGuard {
 public:
  std::optional<int64_t> blocked_for(const std::string& client) override {
    return limiter_.blocked_for(client, steady_clock_ms());
  }
  void record(const std::string& client, int32_t count) override { limiter_.record(client, count, steady_clock_ms()); }

 private:
  CouponRateLimiter limiter_{kCouponGuessesPerWindow, kCouponGuessWindowMs};
};

constexpr const char* kSchema = R"(
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('checkout coupon_guess_failures'));
CREATE TABLE IF NOT EXISTS coupon_guess_failures (
  client text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  count integer NOT NULL CHECK (count > 0)
);
CREATE INDEX IF NOT EXISTS coupon_guess_failures_by_client ON coupon_guess_failures (client, at);
COMMIT;
)";

class PostgresCouponGuard final : public CouponGuard {
 public:
  explicit PostgresCouponGuard(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~PostgresCouponGuard() override { PQfinish(conn_); }

  std::optional<int64_t> blocked_for(const std::string& client) override {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string window = std::to_string(kCouponGuessWindowMs);
    const std::string limit = std::to_string(kCouponGuessesPerWindow);
    const char* params[] = {client.c_str(), window.c_str(), limit.c_str()};
    // The newest failures first: once they add up to the limit, the row
    // that reaches it is the one whose expiry frees the client.
    PGresult* r = exec(
        "SELECT (extract(epoch FROM at) * 1000)::bigint, count, (extract(epoch FROM clock_timestamp()) * 1000)::bigint"
        " FROM coupon_guess_failures"
        " WHERE client = $1 AND at > clock_timestamp() - make_interval(secs => $2::bigint / 1000.0)"
        " ORDER BY at DESC LIMIT $3::integer",
        3, params, PGRES_TUPLES_OK);
    if (r == nullptr) return fallback_.blocked_for(client);
    std::optional<int64_t> wait;
    int64_t seen = 0;
    for (int row = 0; row < PQntuples(r); ++row) {
      seen += std::strtoll(PQgetvalue(r, row, 1), nullptr, 10);
      if (seen >= kCouponGuessesPerWindow) {
        const int64_t at = std::strtoll(PQgetvalue(r, row, 0), nullptr, 10);
        const int64_t now = std::strtoll(PQgetvalue(r, row, 2), nullptr, 10);
        wait = std::max<int64_t>(1, at + kCouponGuessWindowMs - now);
        break;
      }
    }
    PQclear(r);
    return wait;
  }

  void record(const std::string& client, int32_t count) override {
    if (count <= 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    fallback_.record(client, count);
    const std::string n = std::to_string(count);
    const char* params[] = {client.c_str(), n.c_str()};
    PQclear(exec("INSERT INTO coupon_guess_failures (client, count) VALUES ($1, $2::integer)", 2, params,
                 PGRES_COMMAND_OK));
    // Rows older than the window decide nothing: pruned about once a window.
    if (++records_since_prune_ >= 256 || steady_clock_ms() - last_prune_ms_ >= kCouponGuessWindowMs) {
      const std::string window = std::to_string(kCouponGuessWindowMs);
      const char* prune[] = {window.c_str()};
      PQclear(exec("DELETE FROM coupon_guess_failures WHERE at < clock_timestamp() - make_interval(secs => "
                   "$1::bigint / 1000.0)",
                   1, prune, PGRES_COMMAND_OK));
      records_since_prune_ = 0;
      last_prune_ms_ = steady_clock_ms();
    }
  }

 private:
  // nullptr when the database cannot answer (the connection is dropped and
  // made again next time).
  PGresult* exec(const char* sql, int n, const char* const* params, ExecStatusType expected) {
    // While the database is away, one connection attempt a second: the
    // others use the fallback at once instead of queueing on the mutex.
    if (conn_ == nullptr && (steady_clock_ms() < next_connect_ms_ || !connect())) return nullptr;
    PGresult* r = PQexecParams(conn_, sql, n, nullptr, params, nullptr, nullptr, 0);
    if (PQresultStatus(r) == expected) return r;
    std::fprintf(stderr, "checkout-server: coupon guard: %s", PQerrorMessage(conn_));
    PQclear(r);
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQfinish(conn_);
      conn_ = nullptr;
    }
    return nullptr;
  }

  bool connect() {
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {conninfo_.c_str(), "2", "checkout-coupon-guard", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (PQstatus(conn_) == CONNECTION_OK) {
      PGresult* r = PQexec(conn_, kSchema);
      const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
      if (ok) return true;
    }
    std::fprintf(stderr, "checkout-server: coupon guard cannot use the database: %s", PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    next_connect_ms_ = steady_clock_ms() + 1'000;
    return false;
  }

  const std::string conninfo_;
  std::mutex mu_;  // one connection, one statement at a time
  PGconn* conn_ = nullptr;
  MemoryCouponGuard fallback_;
  int32_t records_since_prune_ = 0;
  int64_t last_prune_ms_ = 0;
  int64_t next_connect_ms_ = 0;
};

}  // namespace

std::unique_ptr<CouponGuard> make_memory_coupon_guard() { return std::make_unique<MemoryCouponGuard>(); }

std::unique_ptr<CouponGuard> make_postgres_coupon_guard(const std::string& conninfo) {
  return std::make_unique<PostgresCouponGuard>(conninfo);
}

}  // namespace server
