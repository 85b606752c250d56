// The checkout server application: routes on top of the HTTP transport
// (server-stub/http), the core engine (LiveCatalog) and Storage.
// Each API area lives in its own routes_*.cpp; router.cpp dispatches.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "api_support.h"
#include "http_server.h"
#include "keyed_locks.h"
#include "live_catalog.h"
#include "rate_limiter.h"
#include "storage.h"

namespace server {

struct AppConfig {
  std::string web_dir;        // served under /web/ and / (web/demo/index.html)
  std::string wasm_dir;       // served under /wasm/
  std::string staff_token;    // when set, store and admin endpoints need "Authorization: Bearer <token>"
  int64_t clock_tolerance_s = 300;  // a client's context.now this close to the server clock is used as is
};

class App {
 public:
  using Publish = std::function<void(const std::string& event, const std::string& data)>;
  using Clock = std::function<int64_t()>;  // unix seconds

  App(AppConfig config, std::unique_ptr<Storage> storage, std::unique_ptr<LiveCatalog> catalog, Publish publish,
      Clock clock);

  // Seeds stock rows the database does not have yet and starts the engine
  // on the database's levels. Call once before serving.
  void start();

  http::Response handle(const http::Request& request);  // on a worker thread
  static bool is_inline(const http::Request& request);  // GET /api/health
  http::Response health(const http::Request& request);  // on the I/O thread: trivial

 private:
  // routes_catalog.cpp
  http::Response get_catalog(const http::Request& r);
  http::Response post_quote(const http::Request& r);
  http::Response get_availability(const http::Request& r);
  // routes_orders.cpp
  http::Response post_order(const http::Request& r);
  http::Response get_order(const http::Request& r, const std::string& order_id);
  // routes_stores.cpp
  http::Response get_store_orders(const http::Request& r, const std::string& store_id);
  http::Response post_order_status(const http::Request& r, const std::string& store_id, const std::string& order_id);
  http::Response post_sale(const http::Request& r, const std::string& store_id);
  http::Response get_store_stock(const http::Request& r, const std::string& store_id);
  http::Response get_audit(const http::Request& r);
  http::Response get_events(const http::Request& r);
  // static_files.cpp
  http::Response get_static(const http::Request& r);

  // quoting.cpp: what /api/quote, /api/orders and sales share.
  // 429 when this client has tried too many unknown coupon codes lately.
  std::optional<http::Response> coupon_gate(const http::Request& r, const Json& cart);
  // Counts the quote's unknown-code rejections against the client.
  void count_unknown_codes(const http::Request& r, const checkout::QuoteView& quote);
  // Sets context.now (the client's if within clock_tolerance_s of the
  // server clock, else the server's) and context.exhausted_promotions (the
  // server's own usage counts; whatever the client sent is replaced).
  // customer_key: nullopt = not known yet (a quote preview: per-customer
  // limits are left to the order, which always has an email); "" = an
  // anonymous sale (per-customer-limited promotions cannot be counted, so
  // they are unavailable); else the lower-cased email.
  std::optional<http::Response> prepare_context(Json& context, const std::optional<std::string>& customer_key);

  bool staff_authorized(const http::Request& r) const;
  // After a committed change: push current levels of `touched` into the
  // engine and to event-stream listeners, in commit order.
  void stock_changed(const std::vector<StockKey>& touched);
  void publish_order_event(const std::string& order_id, const std::string& store_id, OrderStatus status);

  AppConfig config_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<LiveCatalog> catalog_;
  Publish publish_;
  Clock clock_;
  CouponRateLimiter coupon_limiter_;
  // Stock changes waiting to reach the engine. A new engine copies the
  // levels of each location it changes, so one request applies everything
  // that accumulated while the previous one was applying.
  std::mutex pending_stock_mu_;
  std::set<StockKey> pending_stock_;
  std::mutex stock_apply_mu_;
  KeyedLocks idempotency_locks_;
};

}  // namespace server
