// Pickup holds: a store that sets "hold_days" in the catalog keeps a ready
// pickup order that long; then the server lapses it and its units go back on
// sale, as a stock movement listeners hear like any other. Staff may extend a
// hold. The rule of when a hold ends lives here (ends_at); storage only makes
// each change in one transaction, conditional on what was judged.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "live_catalog.h"
#include "live_updates.h"
#include "quoting.h"
#include "storage.h"

namespace server {

class PickupHolds {
 public:
  static constexpr int64_t kDaySeconds = 86'400;

  // Not owned; they outlive this.
  PickupHolds(const LiveCatalog* catalog, Storage* storage, LiveUpdates* updates, Clock clock)
      : catalog_(catalog), storage_(storage), updates_(updates), clock_(std::move(clock)) {}
  ~PickupHolds() { stop(); }
  PickupHolds(const PickupHolds&) = delete;
  PickupHolds& operator=(const PickupHolds&) = delete;

  // When the hold of `order` ends at a store holding `hold_days` days:
  // hold_until when staff extended it, else `hold_days` after the order last
  // became ready. nullopt: nothing ends (not waiting for pickup, or the store
  // holds until collected).
  static std::optional<int64_t> ends_at(const OrderRecord& order, int32_t hold_days);

  // Lapses every order whose hold ended at or before the clock's now; returns
  // them as they are after the change. Safe beside requests and itself.
  std::vector<OrderRecord> lapse_due();

  // Runs lapse_due now and then every `interval_s` seconds of real time,
  // each run at the injected clock's now, on its own thread until stop().
  // interval_s 0: never (tests run it through the admin endpoint).
  void start(int64_t interval_s);
  void stop();

 private:
  const LiveCatalog* catalog_;
  Storage* storage_;
  LiveUpdates* updates_;
  Clock clock_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace server
