#include "pickup_holds.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <limits>

namespace server {
namespace {

// The most orders one store's run looks at; more waiting at one store is far
// beyond any real pickup shelf, and the next run takes the rest.
constexpr int32_t kMaxWaitingPerRun = 10'000;

}  // namespace

std::optional<int64_t> PickupHolds::ends_at(const OrderRecord& order, int32_t hold_days) {
  if (order.status != OrderStatus::ReadyForPickup || hold_days <= 0) return std::nullopt;
  if (order.hold_until) return order.hold_until;
  // The latest "ready": the hold starts when the shopper can come, and a
  // history always has the ready step of a ready order.
  int64_t ready_at = order.updated_at;
  for (const StatusChange& change : order.history) {
    if (change.status == OrderStatus::ReadyForPickup) ready_at = change.at;
  }
  const int64_t hold = int64_t{hold_days} * kDaySeconds;  // <= 365 days: no overflow
  if (ready_at > std::numeric_limits<int64_t>::max() - hold) return std::nullopt;
  return ready_at + hold;
}

std::vector<OrderRecord> PickupHolds::lapse_due() {
  const int64_t now = clock_();
  std::vector<OrderRecord> lapsed;
  for (const checkout::StoreFacts& store : catalog_->view().stores()) {  // by id
    if (store.hold_days <= 0) continue;
    // Newest first: walk back so the longest-waiting go first.
    const std::vector<OrderRecord> waiting =
        storage_->store_orders(store.id, {OrderStatus::ReadyForPickup}, kMaxWaitingPerRun);
    for (auto it = waiting.rbegin(); it != waiting.rend(); ++it) {
      const std::optional<int64_t> end = ends_at(*it, store.hold_days);
      if (!end || *end > now) continue;
      // Conditional on the hold we judged: a collect, cancel or extension
      // that got in first wins and this one changes nothing.
      TransitionResult t = storage_->lapse_order(store.id, it->public_id, it->hold_until, now);
      if (t.outcome != TransitionResult::Outcome::Done) continue;
      updates_->stock_changed(t.touched);
      updates_->publish_order_event(it->public_id, store.id, OrderStatus::Lapsed);
      lapsed.push_back(std::move(*t.order));
    }
  }
  return lapsed;
}

void PickupHolds::start(int64_t interval_s) {
  if (interval_s <= 0) return;
  lapse_due();  // before serving: a restart after a long stop catches up first
  timer_ = std::thread([this, interval_s] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!wake_.wait_for(lock, std::chrono::seconds(interval_s), [&] { return stopping_; })) {
      lock.unlock();
      try {
        lapse_due();
      } catch (const std::exception& e) {
        // A storage fault (disk full, locked): the next run tries again.
        std::fprintf(stderr, "checkout-server: pickup holds: %s\n", e.what());
      }
      lock.lock();
    }
  });
}

void PickupHolds::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (timer_.joinable()) timer_.join();
}

}  // namespace server
