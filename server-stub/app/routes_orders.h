// POST /api/orders and GET /api/orders/{id}: placing an order (an
// authoritative re-quote, idempotent) and reading it back.
#pragma once
#include <string>

#include "http_server.h"
#include "keyed_locks.h"
#include "live_catalog.h"
#include "live_updates.h"
#include "quoting.h"
#include "storage.h"

namespace server {

class OrderRoutes {
 public:
  // Not owned; they outlive the routes.
  OrderRoutes(const LiveCatalog* catalog, Storage* storage, Quoting* quoting, LiveUpdates* updates, Clock clock)
      : catalog_(catalog), storage_(storage), quoting_(quoting), updates_(updates), clock_(std::move(clock)) {}

  http::Response post_order(const http::Request& r);
  http::Response get_order(const http::Request& r, const std::string& order_id) const;

 private:
  const LiveCatalog* catalog_;
  Storage* storage_;
  Quoting* quoting_;
  LiveUpdates* updates_;
  Clock clock_;
  KeyedLocks idempotency_locks_;
};

}  // namespace server
