// The checkout server application: the composition root. It owns storage,
// the live catalog and the shared services, gives each route object only
// what it needs (routes_*.h, static_files.h), and lists every endpoint in
// one route table (route_table.h) that dispatch walks.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "change_feed.h"
#include "http_server.h"
#include "live_catalog.h"
#include "live_updates.h"
#include "pickup_holds.h"
#include "quoting.h"
#include "route_table.h"
#include "routes_catalog.h"
#include "routes_events.h"
#include "routes_orders.h"
#include "routes_returns.h"
#include "routes_staff.h"
#include "routes_stores.h"
#include "staff_accounts.h"
#include "staff_guard.h"
#include "static_files.h"
#include "storage.h"

namespace server {

struct AppConfig {
  std::string web_dir;        // served under /web/ and / (web/demo/index.html)
  std::string wasm_dir;       // served under /wasm/
  // Staff accounts' database: a SQLite path, or a postgresql:// URL shared by
  // every instance (staff_accounts.h); "" = in memory.
  std::string accounts_db;
  SecureCookies secure_cookies = SecureCookies::Never;  // Secure on the staff session cookie
  int64_t clock_tolerance_s = 300;
  // Other instances' stock changes (change_feed.h); nullptr: none.
  std::shared_ptr<ChangeFeed> change_feed;
  // The coupon-guessing allowance (coupon_guard.h); nullptr: this process's memory.
  std::shared_ptr<CouponGuard> coupon_guard;
  // Failed staff sign-ins (signin_throttle.h); nullptr: this process's memory.
  std::shared_ptr<SignInThrottle> signin_throttle;  // a client's context.now this close to the server clock is used as is
};

class App {
 public:
  App(AppConfig config, std::unique_ptr<Storage> storage, std::unique_ptr<LiveCatalog> catalog, Publish publish,
      Clock clock);
  ~App();  // stops the change feed before the members it calls into
  App(const App&) = delete;  // the route table's handlers point into this object
  App& operator=(const App&) = delete;

  // Seeds stock rows the database does not have yet, starts the engine on
  // the database's levels and the change feed. Call once before serving.
  void start();
  // Lapses the pickup orders whose hold has ended, now and every
  // `interval_s` seconds (0: never); stops when the App goes.
  void start_pickup_holds(int64_t interval_s) { holds_.start(interval_s); }

  http::Response handle(const http::Request& request);  // on a worker thread
  static bool is_inline(const http::Request& request);  // GET /api/health
  static http::Response health(const http::Request& request);  // on the I/O thread: trivial

  // Every endpoint with its method, path pattern and access, in table order.
  std::vector<RouteInfo> routes() const { return routes_.routes(); }

  // Staff accounts, for the first-start admin and the --create-staff flag.
  StaffAccounts& staff_accounts() { return staff_accounts_; }

 private:
  // A signed-in staff member who may act for `store` ("": any store, e.g. a
  // return by mail): store staff for their own store, admins for every one.
  // A session cookie counts only on a same-origin request.
  bool staff_may_act(const http::Request& r, const std::string& store) const;
  // A signed-in staff member who may read an order of `store` ("": a shipped
  // order, which any store may receive a return of): as above, for reads.
  bool staff_may_see(const http::Request& r, const std::string& store) const;
  RouteTable route_table();

  const std::unique_ptr<Storage> storage_;
  const std::unique_ptr<LiveCatalog> catalog_;
  const std::shared_ptr<ChangeFeed> change_feed_;
  Quoting quoting_;
  LiveUpdates updates_;
  PickupHolds holds_;  // after what its timer uses, so it stops first
  CatalogRoutes catalog_routes_;
  OrderRoutes order_routes_;
  ReturnRoutes return_routes_;
  StoreRoutes store_routes_;
  EventRoutes event_routes_;
  StaticFiles static_files_;
  StaffAccounts staff_accounts_;
  StaffGuard staff_guard_;
  const std::shared_ptr<SignInThrottle> signin_throttle_;
  StaffRoutes staff_routes_;
  const RouteTable routes_;  // last: its handlers call the members above
};

}  // namespace server
