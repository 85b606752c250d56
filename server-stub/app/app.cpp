// The App's lifecycle and its route table; staff_guard.h decides access.
#include "app.h"

#include <string>
#include <utility>
#include <vector>

#include "api_support.h"
#include "request_parser.h"

namespace server {
App::App(AppConfig config, std::unique_ptr<Storage> storage, std::unique_ptr<LiveCatalog> catalog, Publish publish,
         Clock clock)
    : storage_(std::move(storage)),
      catalog_(std::move(catalog)),
      change_feed_(std::move(config.change_feed)),
      quoting_(catalog_.get(), storage_.get(), clock, config.clock_tolerance_s, std::move(config.coupon_guard)),
      updates_(catalog_.get(), storage_.get(), std::move(publish), change_feed_.get()),
      holds_(catalog_.get(), storage_.get(), &updates_, clock),
      catalog_routes_(catalog_.get(), &quoting_, clock),
      order_routes_(catalog_.get(), storage_.get(), &quoting_, &updates_, clock,
                    [this](const http::Request& r, const std::string& store) { return staff_may_see(r, store); }),
      return_routes_(catalog_.get(), storage_.get(), &updates_, clock,
                     [this](const http::Request& r, const std::string& store) { return staff_may_act(r, store); }),
      store_routes_(catalog_.get(), storage_.get(), &quoting_, &updates_, &holds_, clock),
      static_files_(std::move(config.web_dir), std::move(config.wasm_dir)),
      staff_accounts_(config.accounts_db, clock),
      staff_guard_(&staff_accounts_, config.secure_cookies),
      signin_throttle_(config.signin_throttle ? std::move(config.signin_throttle) : make_memory_signin_throttle()),
      staff_routes_(catalog_.get(), &staff_accounts_, &staff_guard_, signin_throttle_.get()),
      routes_(route_table()) {}

bool App::staff_may_act(const http::Request& r, const std::string& store) const {
  const StaffCredentials c = staff_guard_.credentials(r);
  if (!c.principal || (c.via_cookie && !StaffGuard::same_origin(r))) return false;
  const StaffAccount& account = c.principal->account;
  return account.role == StaffRole::Admin || store.empty() || account.store == store;
}

bool App::staff_may_see(const http::Request& r, const std::string& store) const {
  // Reading changes nothing, so a session cookie counts without the
  // same-origin check (SameSite=Strict keeps it off cross-site requests).
  const StaffCredentials c = staff_guard_.credentials(r);
  if (!c.principal) return false;
  const StaffAccount& account = c.principal->account;
  return account.role == StaffRole::Admin || store.empty() || account.store == store;
}

// Every endpoint, in one place. A path belongs to the first pattern that
// matches it, so literal patterns come before ones with parameters.
RouteTable App::route_table() {
  using Args = const PathArgs&;
  using Req = const http::Request&;
  return RouteTable({
      {"GET", "/api/health", Access::Public, [](Req r, Args) { return health(r); }},
      {"GET", "/api/catalog", Access::Public, [this](Req r, Args) { return catalog_routes_.get_catalog(r); }},
      {"POST", "/api/quote", Access::Public, [this](Req r, Args) { return catalog_routes_.post_quote(r); }},
      {"GET", "/api/availability", Access::Public, [this](Req r, Args) { return catalog_routes_.get_availability(r); }},
      {"GET", "/api/events", Access::Public, [this](Req r, Args) { return event_routes_.get_events(r); }},
      {"POST", "/api/orders", Access::Public, [this](Req r, Args) { return order_routes_.post_order(r); }},
      {"GET", "/api/orders/{order}", Access::Public,
       [this](Req r, Args a) { return order_routes_.get_order(r, a["order"]); }},
      // Public: the shopper names the order's email and returns by mail; signed-in
      // staff receive a return at their store (admins at any), checked in the handler.
      {"POST", "/api/orders/{order}/returns/quote", Access::Public,
       [this](Req r, Args a) { return return_routes_.post_return_quote(r, a["order"]); }},
      {"POST", "/api/orders/{order}/returns", Access::Public,
       [this](Req r, Args a) { return staff_guard_.logged_if_staff(r, return_routes_.post_return(r, a["order"])); }},
      {"POST", "/api/staff/session", Access::Public, [this](Req r, Args) { return staff_routes_.post_session(r); }},
      {"GET", "/api/staff/session", Access::Signed, [this](Req r, Args) { return staff_routes_.get_session(r); }},
      {"DELETE", "/api/staff/session", Access::Signed, [this](Req r, Args) { return staff_routes_.delete_session(r); }},
      {"POST", "/api/staff/link", Access::Public, [this](Req r, Args) { return staff_routes_.post_link(r); }},
      {"POST", "/api/staff/password", Access::Signed, [this](Req r, Args) { return staff_routes_.post_password(r); }},
      {"GET", "/api/stores/{store}/orders", Access::StoreStaff,
       [this](Req r, Args a) { return store_routes_.get_store_orders(r, a["store"]); }},
      {"POST", "/api/stores/{store}/orders/{order}/status", Access::StoreStaff,
       [this](Req r, Args a) { return store_routes_.post_order_status(r, a["store"], a["order"]); }},
      {"POST", "/api/stores/{store}/orders/{order}/hold", Access::StoreStaff,
       [this](Req r, Args a) { return store_routes_.post_order_hold(r, a["store"], a["order"]); }},
      {"POST", "/api/stores/{store}/sales", Access::StoreStaff,
       [this](Req r, Args a) { return store_routes_.post_sale(r, a["store"]); }},
      {"GET", "/api/stores/{store}/stock", Access::StoreStaff,
       [this](Req r, Args a) { return store_routes_.get_store_stock(r, a["store"]); }},
      {"GET", "/api/admin/audit", Access::Admin, [this](Req r, Args) { return store_routes_.get_audit(r); }},
      {"POST", "/api/admin/pickup-holds/lapse", Access::Admin,
       [this](Req r, Args) { return store_routes_.post_lapse_due(r); }},
      {"GET", "/api/admin/actions", Access::Admin, [this](Req r, Args) { return staff_routes_.get_actions(r); }},
      {"GET", "/api/admin/accounts", Access::Admin, [this](Req r, Args) { return staff_routes_.get_accounts(r); }},
      {"POST", "/api/admin/accounts", Access::Admin, [this](Req r, Args) { return staff_routes_.post_account(r); }},
      {"POST", "/api/admin/accounts/{account}/revoke", Access::Admin,
       [this](Req r, Args a) { return staff_routes_.post_revoke(r, a["account"]); }},
      {"GET", "/", Access::Public, [this](Req r, Args) { return static_files_.get_index(r); }},
      {"GET", "/index.html", Access::Public, [this](Req r, Args) { return static_files_.get_index(r); }},
      {"GET", "/web/{path...}", Access::Public, [this](Req r, Args a) { return static_files_.get_web(r, a["path"]); }},
      {"GET", "/wasm/{path...}", Access::Public, [this](Req r, Args a) { return static_files_.get_wasm(r, a["path"]); }},
  });
}

void App::start() {
  storage_->seed_stock(catalog_->initial_stock());
  catalog_->start(storage_->all_stock());
  if (change_feed_) {
    change_feed_->start({[this](const std::vector<StockKey>& keys) { updates_.refresh(keys); },
                         [this] { updates_.resync(); },
                         [this](const std::string& data) { updates_.relay_order_event(data); }});
  }
}

App::~App() {
  if (change_feed_) change_feed_->stop();
}

bool App::is_inline(const http::Request& r) { return r.method == "GET" && r.path == "/api/health"; }

http::Response App::health(const http::Request&) {
  http::Response r;
  r.body = "{\"status\":\"ok\"}";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response App::handle(const http::Request& r) {
  // Percent-decoding can produce any bytes. Refuse what is not UTF-8 once,
  // here, so no handler can echo invalid text into a JSON answer.
  std::string decoded_query;
  if (!is_valid_utf8(r.path) || !http::percent_decode(r.query, true, decoded_query) || !is_valid_utf8(decoded_query)) {
    return api_error(400, "invalid_utf8", "The request path or query string is not valid UTF-8 once decoded.", "");
  }
  return routes_.dispatch(r, [this](const http::Request& request, Access access, const PathArgs& args,
                                   const std::function<http::Response()>& run) {
    return staff_guard_.guard(request, access, args, run);
  });
}

}  // namespace server
