// POST /api/orders and GET /api/orders/{id}: placing an order (an
// authoritative re-quote, idempotent) and reading it back.
#pragma once
#include <functional>
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
  // `staff_may_see`: whether the request's staff session may read an order
  // of a store ("" for a shipped order) without the shopper's email.
  using StaffCheck = std::function<bool(const http::Request&, const std::string& store)>;
  OrderRoutes(const LiveCatalog* catalog, Storage* storage, Quoting* quoting, LiveUpdates* updates, Clock clock,
              StaffCheck staff_may_see)
      : catalog_(catalog),
        storage_(storage),
        quoting_(quoting),
        updates_(updates),
        clock_(std::move(clock)),
        staff_may_see_(std::move(staff_may_see)) {}

  http::Response post_order(const http::Request& r);
  http::Response get_order(const http::Request& r, const std::string& order_id) const;

 private:
  const LiveCatalog* catalog_;
  Storage* storage_;
  Quoting* quoting_;
  LiveUpdates* updates_;
  Clock clock_;
  StaffCheck staff_may_see_;
  KeyedLocks idempotency_locks_;
};

}  // namespace server
