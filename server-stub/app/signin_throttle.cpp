#include "signin_throttle.h"

#include <algorithm>

#include "rate_limiter.h"
#include "time_text.h"

namespace server {
namespace {

class MemorySignInThrottle final : public SignInThrottle {
 public:
  std::optional<int64_t> blocked_for(const std::string& client, const std::string& username) override {
    const int64_t now = steady_clock_ms();
    return longer_wait(by_client_.blocked_for(client, now),
                       username.empty() ? std::nullopt : by_user_.blocked_for(username, now));
  }

  void record_failure(const std::string& client, const std::string& username) override {
    const int64_t now = steady_clock_ms();
    by_client_.record(client, 1, now);
    if (!username.empty()) by_user_.record(username, 1, now);
  }

 private:
  CouponRateLimiter by_user_{kSignInFailuresPerUser, kSignInWindowMs};
  CouponRateLimiter by_client_{kSignInFailuresPerClient, kSignInWindowMs};
};

}  // namespace

std::unique_ptr<SignInThrottle> make_memory_signin_throttle() { return std::make_unique<MemorySignInThrottle>(); }

std::optional<int64_t> signin_wait_ms(const std::vector<MinuteFailures>& oldest_first, int32_t limit, int64_t now_ms) {
  int64_t total = 0;
  for (const MinuteFailures& m : oldest_first) total += m.failures;
  if (total < limit) return std::nullopt;
  // Free again once the oldest minutes have left the window and fewer than
  // `limit` failures are left: a minute m leaves it when minute m + window begins.
  int64_t freed_at_minute = 0;
  for (const MinuteFailures& m : oldest_first) {
    total -= m.failures;
    freed_at_minute = m.minute + kSignInWindowMinutes;
    if (total < limit) break;
  }
  return std::max<int64_t>(1, freed_at_minute * 60'000 - now_ms);
}

std::optional<int64_t> longer_wait(std::optional<int64_t> a, std::optional<int64_t> b) {
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

}  // namespace server
