#include "routes_stores.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api_support.h"
#include "order_json.h"
#include "checkout/civil_time.h"
#include "purchase_limits.h"
#include "stock_refusal.h"
#include "time_text.h"

namespace server {
namespace {

http::Response no_such_store(const std::string& store_id) {
  return api_error(404, "unknown_store", "No such store.", "", Json{{"store", store_id}});
}

}  // namespace

Json StoreRoutes::summary(const OrderRecord& order) const {
  Json out = order_summary(order);
  const std::optional<checkout::StoreFacts> store = catalog_->view().store(order.pickup_store);
  if (store) {
    if (const std::optional<int64_t> end = PickupHolds::ends_at(order, store->hold_days)) {
      out["hold_ends_at"] = checkout::format_utc(*end);
    }
  }
  return out;
}

http::Response StoreRoutes::get_store_orders(const http::Request& r, const std::string& store_id) const {
  if (!catalog_->view().store(store_id)) return no_such_store(store_id);
  std::vector<OrderStatus> statuses;
  const std::string status_param = r.query_param("status");
  size_t start = 0;
  while (start < status_param.size()) {
    size_t comma = status_param.find(',', start);
    if (comma == std::string::npos) comma = status_param.size();
    std::optional<OrderStatus> s = parse_order_status(status_param.substr(start, comma - start));
    if (!s) {
      return api_error(400, "invalid_value",
                       "status is a comma-separated list of placed, ready_for_pickup, picked_up, cancelled, lapsed.",
                       "/query/status");
    }
    statuses.push_back(*s);
    start = comma + 1;
  }
  int32_t limit = 100;
  const std::string limit_param = r.query_param("limit");
  if (!limit_param.empty()) {
    limit = 0;
    for (char c : limit_param) {
      if (c < '0' || c > '9' || limit > 1000) return limit_out_of_range(500);
      limit = limit * 10 + (c - '0');
    }
    if (limit < 1 || limit > 500) return limit_out_of_range(500);
  }
  Json orders = Json::array();
  for (const OrderRecord& o : storage_->store_orders(store_id, statuses, limit)) orders.push_back(summary(o));
  return json_response(200, Json{{"store_id", store_id}, {"orders", std::move(orders)}});
}

http::Response StoreRoutes::post_order_status(const http::Request& r, const std::string& store_id, const std::string& order_id) const {
  if (!catalog_->view().store(store_id)) return no_such_store(store_id);
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  if (auto e = expect_object(parsed.value(), "", {"status"}, {"status"})) return *e;
  const Json& status = parsed.value().at("status");
  std::optional<OrderStatus> to = status.is_string() ? parse_order_status(status.get<std::string>()) : std::nullopt;
  // Lapsing is the hold's end, never a staff decision (cancel is).
  if (!to || *to == OrderStatus::Placed || *to == OrderStatus::Lapsed) {
    return api_error(400, "invalid_value", "status must be ready_for_pickup, picked_up or cancelled.", "/status");
  }
  TransitionResult t = storage_->transition_order(store_id, order_id, *to, clock_());
  switch (t.outcome) {
    case TransitionResult::Outcome::NotFound:
      return api_error(404, "not_found", "This store has no such pickup order.");
    case TransitionResult::Outcome::Illegal:
      return api_error(409, "illegal_transition",
                       std::string("An order that is ") + order_status_name(t.from) + " cannot become " +
                           order_status_name(*to) + ".",
                       "/status", Json{{"from", order_status_name(t.from)}, {"to", order_status_name(*to)}});
    case TransitionResult::Outcome::Done:
      break;
  }
  updates_->stock_changed(t.touched);
  updates_->publish_order_event(order_id, store_id, *to);
  return json_response(200, summary(*t.order));
}

// Staff give a shopper more time: the hold then ends `days` after whichever
// is later, its current end or now (an order may lapse only at the next check).
http::Response StoreRoutes::post_order_hold(const http::Request& r, const std::string& store_id,
                                            const std::string& order_id) const {
  const std::optional<checkout::StoreFacts> store = catalog_->view().store(store_id);
  if (!store) return no_such_store(store_id);
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  if (auto e = expect_object(parsed.value(), "", {"days"}, {"days"})) return *e;
  const Json& days = parsed.value().at("days");
  constexpr int64_t kMaxExtensionDays = 30;
  if (!days.is_number_integer() || days.get<int64_t>() < 1 || days.get<int64_t>() > kMaxExtensionDays) {
    return api_error(400, "invalid_value", "days must be a whole number from 1 to 30.", "/days",
                     Json{{"field", "days"}, {"min", 1}, {"max", kMaxExtensionDays}});
  }
  if (store->hold_days <= 0) {
    return api_error(409, "no_pickup_hold", "This store holds pickup orders until they are collected; there is no hold to extend.");
  }
  const int64_t now = clock_();
  // Read, judge, then write only if nothing changed in between (a lapse or a
  // collect that got there first makes this an illegal change, not a lost one).
  std::optional<OrderRecord> order = storage_->get_order(order_id);
  if (!order || order->pickup_store != store_id || order->public_id != order_id) {
    return api_error(404, "not_found", "This store has no such pickup order.");
  }
  const std::optional<int64_t> end = PickupHolds::ends_at(*order, store->hold_days);
  TransitionResult t = TransitionResult{TransitionResult::Outcome::Illegal, order->status, {}, order};
  if (end) {
    t = storage_->extend_hold(store_id, order_id, order->hold_until,
                              std::max(*end, now) + days.get<int64_t>() * PickupHolds::kDaySeconds);
  }
  switch (t.outcome) {
    case TransitionResult::Outcome::NotFound:
      return api_error(404, "not_found", "This store has no such pickup order.");
    case TransitionResult::Outcome::Illegal:
      return api_error(409, "illegal_transition",
                       std::string("Only an order waiting for pickup has a hold to extend; this one is ") +
                           order_status_name(t.from) + " or changed just now.",
                       "/days", Json{{"from", order_status_name(t.from)}});
    case TransitionResult::Outcome::Done:
      break;
  }
  return json_response(200, summary(*t.order));
}

// Runs the pickup-hold check now, at the server's clock (it also runs on a
// timer): for operators, and for tests that start the server at a later clock.
http::Response StoreRoutes::post_lapse_due(const http::Request&) const {
  Json lapsed = Json::array();
  for (const OrderRecord& o : holds_->lapse_due()) lapsed.push_back(order_summary(o));
  return json_response(200, Json{{"lapsed", std::move(lapsed)}});
}

// A sale at the counter: priced by the same engine in the "store" channel,
// so the same promotions and coupons apply; the units leave the store now.
// Lines are priced as pickup at this store, which puts tax at the store's
// address. The safety stock does not apply: the item is in the customer's hand.
http::Response StoreRoutes::post_sale(const http::Request& r, const std::string& store_id) const {
  if (!catalog_->view().store(store_id)) return no_such_store(store_id);
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  Json& body = parsed.value();
  if (auto e = expect_object(body, "", {"cart", "customer"}, {"cart"})) return *e;
  Json& cart = body["cart"];
  if (auto e = expect_object(cart, "/cart", {"lines", "coupons", "currency"}, {"lines"})) return *e;
  if (!cart["lines"].is_array()) return api_error(400, "wrong_type", "lines must be an array.", "/cart/lines");
  Customer customer;
  if (auto c = body.find("customer"); c != body.end()) {
    if (auto e = expect_object(*c, "/customer", {"name", "email"}, {})) return *e;
    if (auto e = expect_string(*c, "name", "/customer", 200, false)) return *e;
    if (auto e = expect_string(*c, "email", "/customer", 254, false)) return *e;
    if (c->contains("email")) {
      customer.email = c->at("email").get<std::string>();
      customer.email_key = email_key(customer.email);
    }
    if (c->contains("name")) customer.name = c->at("name").get<std::string>();
  }
  for (size_t i = 0; i < cart["lines"].size(); ++i) {
    Json& line = cart["lines"][i];
    if (auto e = expect_object(line, "/cart/lines/" + std::to_string(i), {"sku", "quantity"}, {"sku", "quantity"})) return *e;
    line["fulfilment"] = Json{{"type", "pickup"}, {"store", store_id}};
  }
  if (cart["lines"].empty()) return api_error(400, "invalid_value", "A sale needs at least one line.", "/cart/lines");
  // Codes tried at the counter count against the same limit as online ones,
  // or the store endpoint would be a way round it.
  if (auto limited = quoting_->coupon_gate(r, cart)) return *limited;

  Json context{{"channel", "store"}, {"max_pickup_stores", 0}};
  if (auto e = quoting_->prepare_context(context, customer.email_key)) return *e;
  checkout::Result<checkout::PricedQuote> priced = catalog_->engine()->price(Json{{"cart", cart}, {"context", context}});
  if (!priced.ok()) return engine_error(priced.error());
  const checkout::QuoteView& quote = priced.value().view();
  const std::string quote_text = priced.value().fingerprinted_text();
  quoting_->count_unknown_codes(r, quote);

  NewSale sale;
  sale.public_id = random_id("sale_");
  sale.store_id = store_id;
  sale.customer = customer;
  sale.quote_json = quote_text;
  sale.grand_total = quote.totals.grand_total;
  sale.currency = quote.currency;
  sale.created_at = clock_();
  for (const checkout::QuoteView::Line& line : quote.lines) {
    sale.lines.push_back(StockLine{line.index, line.sku, line.quantity, LocationKind::Store, store_id, 0});
  }
  for (const checkout::QuoteView::AppliedPromotion& applied : quote.promotions) {
    if (auto limit = catalog_->view().promotion_limits(applied.id)) {
      sale.promotions.push_back(PromotionUse{limit->id, limit->usage_limit, limit->usage_limit_per_customer});
    }
  }
  // At the counter the customer is known only by the email the sale names,
  // and the client address is the till's: only per-customer caps apply.
  sale.caps = purchase_caps(*catalog_, quote.lines, customer.email_key, "", sale.created_at);
  SaleResult result = storage_->record_sale(sale);
  if (result.outcome == SaleResult::Outcome::PurchaseLimitReached) {
    return purchase_limit_refusal(*result.refused, quote.lines);
  }
  if (result.outcome == SaleResult::Outcome::InsufficientStock) {
    return json_response(409, stock_shortage_body("The store's stock does not cover this sale.", result.shortages));
  }
  if (result.outcome == SaleResult::Outcome::UsageLimitReached) {
    Json ids = Json::array();
    for (const std::string& id : result.exhausted) ids.push_back(id);
    Json body = error_body("usage_limit_reached", "A promotion's usage limit was reached just now; price the sale again.",
                           "/cart/coupons", Json{{"promotion", result.exhausted.empty() ? "" : result.exhausted.front()}});
    body["promotions"] = std::move(ids);
    return json_response(409, body);
  }
  updates_->stock_changed(result.touched);
  Json head{{"sale_id", sale.public_id},
            {"store_id", store_id},
            {"created_at", checkout::format_utc(sale.created_at)},
            {"grand_total", sale.grand_total},
            {"currency", sale.currency}};
  return raw_json_response(201, with_raw_members(head, {{"quote", &quote_text}}));
}

http::Response StoreRoutes::get_store_stock(const http::Request& r, const std::string& store_id) const {
  if (!catalog_->view().store(store_id)) return no_such_store(store_id);
  const std::string sku_filter = r.query_param("sku");
  Json rows = Json::array();
  for (const StockRow& row : storage_->location_stock(LocationKind::Store, store_id)) {
    if (!sku_filter.empty() && row.key.sku != sku_filter) continue;
    rows.push_back(Json{{"sku", row.key.sku},
                        {"on_hand", row.on_hand},
                        {"available", row.available},
                        {"reserved", row.reserved},
                        {"committed", row.committed}});
  }
  return json_response(200, Json{{"store_id", store_id},
                                 {"safety_stock", catalog_->view().store(store_id)->safety_stock},
                                 {"stock", std::move(rows)}});
}

http::Response StoreRoutes::get_audit(const http::Request&) const {
  AuditReport report = storage_->audit();
  return json_response(200, Json{{"rows", report.rows},
                                 {"consistent", report.violations.empty()},
                                 {"violations", report.violations}});
}

}  // namespace server
