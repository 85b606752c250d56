// Returns of an order (docs/api.md "Returns"):
//   POST /api/orders/{id}/returns/quote   the refund the units would get, nothing recorded
//   POST /api/orders/{id}/returns         record the return (Idempotency-Key): refund, stock back
// The refund is the core's (checkout/refund.h), from the order's stored
// binding quote, its earlier returns and the catalog's return policy.
// Who may: the shopper, naming the order's email (returns by mail), or staff
// (any order, received at a store or by mail).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http_server.h"
#include "keyed_locks.h"
#include "live_catalog.h"
#include "live_updates.h"
#include "quoting.h"
#include "storage.h"

namespace server {

class ReturnRoutes {
 public:
  // Whether the request comes from staff who may act for a store ("": any store).
  using StaffCheck = std::function<bool(const http::Request&, const std::string& store)>;
  // Not owned; they outlive the routes.
  ReturnRoutes(const LiveCatalog* catalog, Storage* storage, LiveUpdates* updates, Clock clock, StaffCheck is_staff)
      : catalog_(catalog), storage_(storage), updates_(updates), clock_(std::move(clock)), is_staff_(std::move(is_staff)) {}

  http::Response post_return_quote(const http::Request& r, const std::string& order_id) const;
  http::Response post_return(const http::Request& r, const std::string& order_id);

 private:
  const LiveCatalog* catalog_;
  Storage* storage_;
  LiveUpdates* updates_;
  Clock clock_;
  StaffCheck is_staff_;
  KeyedLocks idempotency_locks_;
};

// The order's returns as GET /api/orders/{id} shows them.
Json returns_summary(const std::vector<ReturnRecord>& returns);

}  // namespace server
