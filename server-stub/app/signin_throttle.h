// Staff sign-in throttling: failed sign-ins counted per username and per
// client address (client_address.h), refused for a while once either has
// too many. One process keeps the counts in memory (rate_limiter.h);
// instances on PostgreSQL share them in the accounts' database, or a
// guesser spreading attempts over N instances would get N allowances.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace server {

// 5 failures per username and 20 per client address in 15 minutes.
constexpr int32_t kSignInFailuresPerUser = 5;
constexpr int32_t kSignInFailuresPerClient = 20;
constexpr int64_t kSignInWindowMinutes = 15;
constexpr int64_t kSignInWindowMs = kSignInWindowMinutes * 60'000;

class SignInThrottle {
 public:
  virtual ~SignInThrottle() = default;
  // Milliseconds until `client` may try to sign in as `username` ("" for a
  // sign-in link, which names no one) again, or nullopt when it may now.
  virtual std::optional<int64_t> blocked_for(const std::string& client, const std::string& username) = 0;
  // Counts one failed sign-in against the client and the username.
  virtual void record_failure(const std::string& client, const std::string& username) = 0;
};

// This process only (two CouponRateLimiters on the steady clock): SQLite.
std::unique_ptr<SignInThrottle> make_memory_signin_throttle();

// Shared by every instance on the database `url` (a postgresql:// URL):
// counter rows per subject and minute (table staff_signin_failures, the
// staff migrations), timed by the database's clock. A failure counts for
// the 15 whole minutes after its own; the check and the count are two
// statements, so a burst of concurrent failures can overshoot a limit by
// the sign-ins in flight (at most the instances' workers), never more.
// Throws StorageFault while the database is unreachable (answered 503; the
// accounts are there too, so no sign-in could succeed anyway).
std::unique_ptr<SignInThrottle> make_postgres_signin_throttle(const std::string& url);

// Failures of one subject in one minute (unix minutes).
struct MinuteFailures {
  int64_t minute = 0;
  int64_t failures = 0;
};

// The counter rows' rule: given a subject's minutes still in the window,
// oldest first, the milliseconds from `now_ms` until fewer than `limit`
// failures remain in it, or nullopt when fewer already do.
std::optional<int64_t> signin_wait_ms(const std::vector<MinuteFailures>& oldest_first, int32_t limit, int64_t now_ms);

// A sign-in waits for both its username and its client address: the longer wait.
std::optional<int64_t> longer_wait(std::optional<int64_t> a, std::optional<int64_t> b);

}  // namespace server
