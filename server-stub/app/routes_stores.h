// Staff endpoints: a store's pickup queue, order status changes, sales at
// the counter, a store's stock, and the stock audit.
#pragma once
#include <string>

#include "http_server.h"
#include "live_catalog.h"
#include "live_updates.h"
#include "quoting.h"
#include "storage.h"

namespace server {

class StoreRoutes {
 public:
  // Not owned; they outlive the routes.
  StoreRoutes(const LiveCatalog* catalog, Storage* storage, Quoting* quoting, LiveUpdates* updates, Clock clock)
      : catalog_(catalog), storage_(storage), quoting_(quoting), updates_(updates), clock_(std::move(clock)) {}

  http::Response get_store_orders(const http::Request& r, const std::string& store_id) const;
  http::Response post_order_status(const http::Request& r, const std::string& store_id,
                                   const std::string& order_id) const;
  http::Response post_sale(const http::Request& r, const std::string& store_id) const;
  http::Response get_store_stock(const http::Request& r, const std::string& store_id) const;
  http::Response get_audit(const http::Request& r) const;

 private:
  const LiveCatalog* catalog_;
  Storage* storage_;
  Quoting* quoting_;
  LiveUpdates* updates_;
  Clock clock_;
};

}  // namespace server
