// The coupon brute-force gate's memory: how many unknown codes a client
// address tried lately. One process keeps it in memory (rate_limiter.h);
// instances behind a load balancer share it in PostgreSQL, or a guesser
// would get the allowance once per instance.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace server {

class CouponGuard {
 public:
  virtual ~CouponGuard() = default;
  // Milliseconds until `client` may try codes again, or nullopt when it may now.
  virtual std::optional<int64_t> blocked_for(const std::string& client) = 0;
  // Counts `count` unknown codes for `client`.
  virtual void record(const std::string& client, int32_t count) = 0;
};

constexpr int32_t kCouponGuessesPerWindow = 10;
constexpr int64_t kCouponGuessWindowMs = 60'000;

// This process only (CouponRateLimiter on the steady clock).
std::unique_ptr<CouponGuard> make_memory_coupon_guard();

// Shared by every instance on the database: failures are rows of table
// coupon_guess_failures (created when missing), timed by the database's
// clock, pruned as they leave the window. The check and the count are two
// statements, so a burst of concurrent guesses can overshoot the limit by
// the requests in flight (at most the instances' workers), never more.
// While the database is unreachable the gate falls back to this process's
// memory rather than letting guesses through or refusing every coupon.
std::unique_ptr<CouponGuard> make_postgres_coupon_guard(const std::string& conninfo);

}  // namespace server
