// Staff endpoints: a store's pickup queue, order status changes, pickup
// holds, sales at the counter, a store's stock, and the stock audit.
#pragma once
#include <string>

#include "http_server.h"
#include "live_catalog.h"
#include "live_updates.h"
#include "pickup_holds.h"
#include "quoting.h"
#include "storage.h"

namespace server {

class StoreRoutes {
 public:
  // Not owned; they outlive the routes.
  StoreRoutes(const LiveCatalog* catalog, Storage* storage, Quoting* quoting, LiveUpdates* updates, PickupHolds* holds,
              Clock clock)
      : catalog_(catalog), storage_(storage), quoting_(quoting), updates_(updates), holds_(holds), clock_(std::move(clock)) {}

  http::Response get_store_orders(const http::Request& r, const std::string& store_id) const;
  http::Response post_order_status(const http::Request& r, const std::string& store_id,
                                   const std::string& order_id) const;
  http::Response post_order_hold(const http::Request& r, const std::string& store_id,
                                 const std::string& order_id) const;
  http::Response post_lapse_due(const http::Request& r) const;
  http::Response post_sale(const http::Request& r, const std::string& store_id) const;
  http::Response get_store_stock(const http::Request& r, const std::string& store_id) const;
  http::Response get_audit(const http::Request& r) const;

 private:
  // order_summary plus, while the order waits under a hold, "hold_ends_at".
  Json summary(const OrderRecord& order) const;

  const LiveCatalog* catalog_;
  Storage* storage_;
  Quoting* quoting_;
  LiveUpdates* updates_;
  PickupHolds* holds_;
  Clock clock_;
};

}  // namespace server
