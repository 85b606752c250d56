// The App's lifecycle and request dispatch: which handler a method and path
// reach, staff authorisation, and what happens after stock changes.
#include <string>
#include <utility>
#include <vector>

#include "app.h"
#include "request_parser.h"

namespace server {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

http::Response method_not_allowed(const char* allow) {
  http::Response r = api_error(405, "method_not_allowed", std::string("Use ") + allow + " here.");
  r.headers.emplace_back("Allow", allow);
  return r;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

App::App(AppConfig config, std::unique_ptr<Storage> storage, std::unique_ptr<LiveCatalog> catalog, Publish publish,
         Clock clock)
    : config_(std::move(config)),
      storage_(std::move(storage)),
      catalog_(std::move(catalog)),
      publish_(std::move(publish)),
      clock_(std::move(clock)) {}

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
  if (config_.staff_token.empty()) return true;
  const std::string* auth = r.header("authorization");
  return auth != nullptr && auth->rfind("Bearer ", 0) == 0 && constant_time_equal(auth->substr(7), config_.staff_token);
}

http::Response App::handle(const http::Request& r) {
  // Percent-decoding can produce any bytes. Refuse what is not UTF-8 once,
  // here, so no handler can echo invalid text into a JSON answer.
  std::string decoded_query;
  if (!is_valid_utf8(r.path) || !http::percent_decode(r.query, true, decoded_query) || !is_valid_utf8(decoded_query)) {
    return api_error(400, "invalid_utf8", "The request path or query string is not valid UTF-8 once decoded.", "");
  }
  const std::vector<std::string> p = split_path(r.path);
  const bool get = r.method == "GET", post = r.method == "POST";
  if (p.empty() || p[0] != "api") {
    if (!get) return method_not_allowed("GET");
    return get_static(r);
  }
  const size_t n = p.size();
  if (n == 2 && p[1] == "health") return get ? health(r) : method_not_allowed("GET");
  if (n == 2 && p[1] == "catalog") return get ? get_catalog(r) : method_not_allowed("GET");
  if (n == 2 && p[1] == "quote") return post ? post_quote(r) : method_not_allowed("POST");
  if (n == 2 && p[1] == "availability") return get ? get_availability(r) : method_not_allowed("GET");
  if (n == 2 && p[1] == "events") return get ? get_events(r) : method_not_allowed("GET");
  if (n == 2 && p[1] == "orders") return post ? post_order(r) : method_not_allowed("POST");
  if (n == 3 && p[1] == "orders") return get ? get_order(r, p[2]) : method_not_allowed("GET");

  const bool staff_route = (n >= 4 && p[1] == "stores") || (n == 3 && p[1] == "admin");
  if (staff_route && !staff_authorized(r)) {
    http::Response denied = api_error(401, "unauthorized", "Store endpoints need the staff token.");
    denied.headers.emplace_back("WWW-Authenticate", "Bearer");
    return denied;
  }
  if (n == 4 && p[1] == "stores" && p[3] == "orders") return get ? get_store_orders(r, p[2]) : method_not_allowed("GET");
  if (n == 6 && p[1] == "stores" && p[3] == "orders" && p[5] == "status") {
    return post ? post_order_status(r, p[2], p[4]) : method_not_allowed("POST");
  }
  if (n == 4 && p[1] == "stores" && p[3] == "sales") return post ? post_sale(r, p[2]) : method_not_allowed("POST");
  if (n == 4 && p[1] == "stores" && p[3] == "stock") return get ? get_store_stock(r, p[2]) : method_not_allowed("GET");
  if (n == 3 && p[1] == "admin" && p[2] == "audit") return get ? get_audit(r) : method_not_allowed("GET");
  return api_error(404, "not_found", "No such endpoint.");
}

void App::stock_changed(const std::vector<StockKey>& touched) {
  if (touched.empty()) return;
  {
    std::lock_guard<std::mutex> lock(pending_stock_mu_);
    pending_stock_.insert(touched.begin(), touched.end());
  }
  // Whoever gets here next applies every pending key, ours included (our
  // commit is already visible to the read below); later arrivals that find
  // the set empty were covered by an earlier apply.
  std::lock_guard<std::mutex> apply(stock_apply_mu_);
  std::vector<StockKey> keys;
  {
    std::lock_guard<std::mutex> lock(pending_stock_mu_);
    keys.assign(pending_stock_.begin(), pending_stock_.end());
    pending_stock_.clear();
  }
  if (keys.empty()) return;
  catalog_->apply([&] { return storage_->read_stock(keys); }, [&](const StockRow& row) {
    publish_("stock", Json{{"kind", location_kind_name(row.key.kind)},
                           {"location", row.key.location},
                           {"sku", row.key.sku},
                           {"available", row.available}}
                          .dump());
  });
}

void App::publish_order_event(const std::string& order_id, const std::string& store_id, OrderStatus status) {
  publish_("order", Json{{"order_id", order_id}, {"store_id", store_id}, {"status", order_status_name(status)}}.dump());
}

}  // namespace server
