// Coupon brute-force guard: per client IP, at most `max_events` unknown-code
// rejections within a sliding window (10 per minute by default), shared by
// /api/quote and /api/orders. Deterministic: an ordered map of IPs to the
// times of their recent failures, pruned as it goes; the caller passes the
// clock, so tests need no sleeping.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace server {

class CouponRateLimiter {
 public:
  CouponRateLimiter(int32_t max_events = 10, int64_t window_ms = 60'000, size_t max_tracked_ips = 100'000);

  // Milliseconds until this IP may try codes again, or nullopt when it may now.
  std::optional<int64_t> blocked_for(const std::string& ip, int64_t now_ms);
  // Counts `count` unknown codes for this IP.
  void record(const std::string& ip, int32_t count, int64_t now_ms);

  size_t tracked_ips();

 private:
  void prune(std::deque<int64_t>& times, int64_t now_ms) const;
  void sweep(int64_t now_ms);

  const int32_t max_events_;
  const int64_t window_ms_;
  const size_t max_tracked_ips_;
  std::mutex mu_;
  std::map<std::string, std::deque<int64_t>> failures_;
  int64_t last_sweep_ms_ = 0;
};

}  // namespace server
