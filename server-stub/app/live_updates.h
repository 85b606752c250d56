// What happens after a committed change: the engine learns the new stock
// levels, and event-stream listeners hear about stock and order changes, in
// commit order.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "change_feed.h"
#include "live_catalog.h"
#include "order_status.h"
#include "storage.h"

namespace server {

using Publish = std::function<void(const std::string& event, const std::string& data)>;

class LiveUpdates {
 public:
  // `catalog`, `storage` and `feed` (nullptr: this process is alone on
  // its database) are not owned and outlive this.
  LiveUpdates(LiveCatalog* catalog, Storage* storage, Publish publish, ChangeFeed* feed = nullptr)
      : catalog_(catalog), storage_(storage), publish_(std::move(publish)), feed_(feed) {}

  // After this instance committed: pushes the current levels of `touched`
  // into the engine and to listeners, and tells the other instances.
  void stock_changed(const std::vector<StockKey>& touched);
  // Another instance committed: the same, without telling anyone.
  void refresh(const std::vector<StockKey>& keys);
  // Every row, read again (after a reconnect, and as reconciliation).
  void resync();
  // To this instance's listeners and, through the feed, the other instances'.
  void publish_order_event(const std::string& order_id, const std::string& store_id, OrderStatus status);
  // Another instance's order event, to this instance's listeners.
  void relay_order_event(const std::string& data);

 private:
  LiveCatalog* catalog_;
  Storage* storage_;
  Publish publish_;
  ChangeFeed* feed_;
  // Stock changes waiting to reach the engine. A new engine copies the
  // levels of each location it changes, so one request applies everything
  // that accumulated while the previous one was applying.
  std::mutex pending_stock_mu_;
  std::set<StockKey> pending_stock_;
  std::mutex stock_apply_mu_;
};

}  // namespace server
