// The App's lifecycle, its route table, and staff authorisation.
#include "app.h"

#include <string>
#include <utility>
#include <vector>

#include "api_support.h"
#include "request_parser.h"

namespace server {
namespace {

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

App::App(AppConfig config, std::unique_ptr<Storage> storage, std::unique_ptr<LiveCatalog> catalog, Publish publish,
         Clock clock)
    : staff_token_(std::move(config.staff_token)),
      storage_(std::move(storage)),
      catalog_(std::move(catalog)),
      quoting_(catalog_.get(), storage_.get(), clock, config.clock_tolerance_s),
      updates_(catalog_.get(), storage_.get(), std::move(publish)),
      catalog_routes_(catalog_.get(), &quoting_, clock),
      order_routes_(catalog_.get(), storage_.get(), &quoting_, &updates_, clock),
      return_routes_(catalog_.get(), storage_.get(), &updates_, clock,
                     [this](const http::Request& r) { return staff_authorized(r); }),
      store_routes_(catalog_.get(), storage_.get(), &quoting_, &updates_, clock),
      static_files_(std::move(config.web_dir), std::move(config.wasm_dir)),
      routes_(route_table()) {}

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
      // Public: the shopper names the order's email; staff (by token) may return any order.
      {"POST", "/api/orders/{order}/returns/quote", Access::Public,
       [this](Req r, Args a) { return return_routes_.post_return_quote(r, a["order"]); }},
      {"POST", "/api/orders/{order}/returns", Access::Public,
       [this](Req r, Args a) { return return_routes_.post_return(r, a["order"]); }},
      {"GET", "/api/stores/{store}/orders", Access::Staff,
       [this](Req r, Args a) { return store_routes_.get_store_orders(r, a["store"]); }},
      {"POST", "/api/stores/{store}/orders/{order}/status", Access::Staff,
       [this](Req r, Args a) { return store_routes_.post_order_status(r, a["store"], a["order"]); }},
      {"POST", "/api/stores/{store}/sales", Access::Staff,
       [this](Req r, Args a) { return store_routes_.post_sale(r, a["store"]); }},
      {"GET", "/api/stores/{store}/stock", Access::Staff,
       [this](Req r, Args a) { return store_routes_.get_store_stock(r, a["store"]); }},
      {"GET", "/api/admin/audit", Access::Staff, [this](Req r, Args) { return store_routes_.get_audit(r); }},
      {"GET", "/", Access::Public, [this](Req r, Args) { return static_files_.get_index(r); }},
      {"GET", "/index.html", Access::Public, [this](Req r, Args) { return static_files_.get_index(r); }},
      {"GET", "/web/{path...}", Access::Public, [this](Req r, Args a) { return static_files_.get_web(r, a["path"]); }},
      {"GET", "/wasm/{path...}", Access::Public, [this](Req r, Args a) { return static_files_.get_wasm(r, a["path"]); }},
  });
}

void App::start() {
  storage_->seed_stock(catalog_->initial_stock());
  catalog_->start(storage_->all_stock());
}

bool App::is_inline(const http::Request& r) { return r.method == "GET" && r.path == "/api/health"; }

http::Response App::health(const http::Request&) {
  http::Response r;
  r.body = "{\"status\":\"ok\"}";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

bool App::staff_authorized(const http::Request& r) const {
  if (staff_token_.empty()) return true;
  const std::string* auth = r.header("authorization");
  return auth != nullptr && auth->rfind("Bearer ", 0) == 0 && constant_time_equal(auth->substr(7), staff_token_);
}

http::Response App::handle(const http::Request& r) {
  // Percent-decoding can produce any bytes. Refuse what is not UTF-8 once,
  // here, so no handler can echo invalid text into a JSON answer.
  std::string decoded_query;
  if (!is_valid_utf8(r.path) || !http::percent_decode(r.query, true, decoded_query) || !is_valid_utf8(decoded_query)) {
    return api_error(400, "invalid_utf8", "The request path or query string is not valid UTF-8 once decoded.", "");
  }
  return routes_.dispatch(r, [this](const http::Request& request) { return staff_authorized(request); });
}

}  // namespace server
