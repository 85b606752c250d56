#include "rate_limiter.h"

namespace server {

CouponRateLimiter::CouponRateLimiter(int32_t max_events, int64_t window_ms, size_t max_tracked_ips)
    : max_events_(max_events), window_ms_(window_ms), max_tracked_ips_(max_tracked_ips) {}

void CouponRateLimiter::prune(std::deque<int64_t>& times, int64_t now_ms) const {
  while (!times.empty() && times.front() <= now_ms - window_ms_) times.pop_front();
}

// Drops IPs with nothing left in their window: memory stays proportional to
// the IPs that failed within the last window.
void CouponRateLimiter::sweep(int64_t now_ms) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    prune(it->second, now_ms);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
  last_sweep_ms_ = now_ms;
}

std::optional<int64_t> CouponRateLimiter::blocked_for(const std::string& ip, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(ip);
  if (it == failures_.end()) return std::nullopt;
  prune(it->second, now_ms);
  if (static_cast<int32_t>(it->second.size()) < max_events_) return std::nullopt;
  // Free again once enough old failures have left the window.
  const int64_t oldest_that_must_expire = it->second[it->second.size() - static_cast<size_t>(max_events_)];
  return oldest_that_must_expire + window_ms_ - now_ms;
}

void CouponRateLimiter::record(const std::string& ip, int32_t count, int64_t now_ms) {
  if (count <= 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (now_ms - last_sweep_ms_ >= window_ms_ || failures_.size() >= max_tracked_ips_) sweep(now_ms);
  auto it = failures_.find(ip);
  if (it == failures_.end()) {
    // Still full after a sweep: that many IPs failing at once is an attack
    // from everywhere; the per-IP guard cannot help, so stop growing.
    if (failures_.size() >= max_tracked_ips_) return;
    it = failures_.emplace(ip, std::deque<int64_t>{}).first;
  }
  prune(it->second, now_ms);
  for (int32_t i = 0; i < count; ++i) it->second.push_back(now_ms);
  // Never more than needed to decide: max_events entries per IP.
  while (static_cast<int32_t>(it->second.size()) > max_events_) it->second.pop_front();
}

size_t CouponRateLimiter::tracked_ips() {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_.size();
}

}  // namespace server
