// POST /api/orders/{id}/returns[/quote] (routes_returns.h).
#include "routes_returns.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "api_support.h"
#include "checkout/refund.h"
#include "checkout/sha256.h"
#include "checkout/civil_time.h"

namespace server {
namespace {

constexpr size_t kMaxIdempotencyKey = 255;
constexpr int kStaleRetries = 3;

bool valid_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > kMaxIdempotencyKey) return false;
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// The core names the request's "returns"; the API body calls them "lines".
checkout::Error body_path(checkout::Error e) {
  if (e.path.rfind("/returns", 0) == 0) e.path = "/lines" + e.path.substr(8);
  return e;
}

// A return, checked and priced, before it is recorded.
struct PricedReturn {
  OrderRecord order;
  Json received;                 // {"kind": "store", "store": id} | {"kind": "mail"}
  std::string channel;           // "store" (staff) | "web" (the shopper)
  std::string refund_method;
  int64_t returns_before = 0;
  std::optional<checkout::RefundQuote> refund;
};

}  // namespace

namespace {

using Prepared = std::variant<http::Response, PricedReturn>;

Prepared price_return(const LiveCatalog& catalog, Storage& storage, const Clock& clock,
                      const ReturnRoutes::StaffCheck& staff_may_act, const http::Request& r, const std::string& order_id) {
  const bool staff = staff_may_act(r, "");
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  const Json& body = parsed.value();
  if (auto e = expect_object(body, "", {"email", "lines", "received", "refund_method"}, {"lines", "received"})) return *e;
  if (auto e = expect_string(body, "email", "", 254, false)) return *e;

  std::optional<OrderRecord> order = storage.get_order(order_id);
  // The shopper proves the order is theirs with its email; a wrong one looks
  // exactly like a wrong order number.
  const bool owner = order && body.contains("email") && email_key(body.at("email").get<std::string>()) ==
                                                              order->customer.email_key;
  if (!order || (!staff && !owner)) return api_error(404, "not_found", "No order with that number and email.");
  if (order->status == OrderStatus::Cancelled) {
    return api_error(409, "order_cancelled", "This order was cancelled; there is nothing to return.");
  }

  PricedReturn p;
  p.channel = staff ? "store" : "web";
  const Json& received = body.at("received");
  if (auto e = expect_object(received, "/received", {"kind", "store"}, {"kind"})) return *e;
  if (auto e = expect_string(received, "kind", "/received", 16, true)) return *e;
  const std::string kind = received.at("kind").get<std::string>();
  if (kind == "store") {
    if (!staff) return api_error(403, "staff_only", "Returns at a store are received by the store's staff.", "/received/kind");
    if (auto e = expect_string(received, "store", "/received", 128, true)) return *e;
    const std::string store = received.at("store").get<std::string>();
    if (!catalog.view().store(store)) {
      return api_error(400, "unknown_store", "No such store.", "/received/store", Json{{"store", store}});
    }
    if (!staff_may_act(r, store)) {
      return api_error(403, "staff_only", "A return is received by the staff of the store that receives it.", "/received/store");
    }
    p.received = Json{{"kind", "store"}, {"store", store}};
  } else if (kind == "mail") {
    p.received = Json{{"kind", "mail"}};
  } else {
    return api_error(400, "invalid_value", "received.kind is \"store\" or \"mail\".", "/received/kind");
  }
  p.refund_method = "original_payment";
  if (body.contains("refund_method")) {
    if (auto e = expect_string(body, "refund_method", "", 32, true)) return *e;
    p.refund_method = body.at("refund_method").get<std::string>();
    const bool allowed = p.refund_method == "original_payment" || p.refund_method == "store_credit" ||
                         (staff && p.refund_method == "cash");
    if (!allowed) {
      return api_error(400, "invalid_value", "refund_method is original_payment, store_credit or (staff) cash.",
                       "/refund_method");
    }
  }
  if (!body.at("lines").is_array()) return api_error(400, "wrong_type", "lines must be an array.", "/lines");
  // Units picked up in store are returnable once they were handed over.
  for (size_t i = 0; i < body.at("lines").size(); ++i) {
    const Json& entry = body.at("lines").at(i);
    if (!entry.is_object() || !entry.contains("line") || !entry.at("line").is_number_integer()) continue;
    for (const OrderLineRecord& l : order->lines) {
      if (l.line == entry.at("line").get<int64_t>() && l.kind == LocationKind::Store &&
          order->status != OrderStatus::PickedUp) {
        return api_error(409, "not_handed_over", "This line has not been picked up yet; cancel the order instead.",
                         "/lines/" + std::to_string(i) + "/line");
      }
    }
  }

  const std::vector<ReturnRecord> earlier = storage.order_returns(order_id);
  p.returns_before = static_cast<int64_t>(earlier.size());
  Json previous = Json::array();
  int64_t refunded = 0;
  for (const ReturnRecord& rec : earlier) {
    refunded += rec.refund_total;
    for (const ReturnLineRecord& l : rec.lines) {
      previous.push_back(Json{{"line", l.line}, {"quantity", l.quantity}, {"condition", l.sellable ? "sellable" : "damaged"}});
    }
  }
  const Json quote = Json::parse(order->quote_json, nullptr, false);
  if (!quote.is_object() || !quote.contains("binding")) {
    return api_error(500, "internal", "The order's quote cannot be read.");
  }
  Json request{{"order", Json{{"binding", quote.at("binding")}, {"placed_at", checkout::format_utc(order->created_at)}}},
               {"returns", body.at("lines")},
               {"context", Json{{"now", checkout::format_utc(clock())}}}};
  if (!previous.empty()) request["previous"] = Json{{"returns", std::move(previous)}, {"refunded", refunded}};
  checkout::Result<checkout::RefundQuote> refund = checkout::refund(*catalog.engine(), request);
  if (!refund.ok()) {
    const checkout::Error e = body_path(refund.error());
    if (e.code == "return_exceeds_order") return api_error(409, e.code, e.message, e.path, params_json(e.params));
    return engine_error(e);
  }
  p.refund = std::move(refund.value());
  p.order = std::move(*order);
  return p;
}

http::Response outside_window(const checkout::RefundQuote& q) {
  const std::string text = q.fingerprinted_text();
  const Json head = error_body("outside_return_window", "The return window for this order has ended.", "",
                               Json{{"window_ends", q.view().window_ends}});
  return raw_json_response(422, with_raw_members(head, {{"refund_quote", &text}}));
}

}  // namespace

http::Response ReturnRoutes::post_return_quote(const http::Request& r, const std::string& order_id) const {
  Prepared prepared = price_return(*catalog_, *storage_, clock_, is_staff_, r, order_id);
  if (auto* response = std::get_if<http::Response>(&prepared)) return std::move(*response);
  // The core's text, unchanged: byte-identical to what the browser computes.
  return raw_json_response(200, std::get<PricedReturn>(prepared).refund->fingerprinted_text());
}

http::Response ReturnRoutes::post_return(const http::Request& r, const std::string& order_id) {
  const std::string* key = r.header("idempotency-key");
  if (key == nullptr || !valid_idempotency_key(*key)) {
    return api_error(400, "missing_idempotency_key",
                     "POST /api/orders/{id}/returns needs an Idempotency-Key header of 1-255 printable ASCII "
                     "characters (a fresh random value per return, reused only to retry it).");
  }
  const std::string request_hash = checkout::sha256_hex(order_id + "\n" + r.body);
  KeyedLocks::Guard guard(idempotency_locks_, *key);

  for (int attempt = 0; attempt < kStaleRetries; ++attempt) {
    if (std::optional<IdempotencyRecord> existing = storage_->find_return_key(*key)) {
      if (existing->request_sha256 != request_hash) {
        return api_error(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different return.");
      }
      http::Response replayed = raw_json_response(201, existing->response_body);
      replayed.headers.emplace_back("Idempotent-Replayed", "true");
      return replayed;
    }
    Prepared prepared = price_return(*catalog_, *storage_, clock_, is_staff_, r, order_id);
    if (auto* response = std::get_if<http::Response>(&prepared)) return std::move(*response);
    PricedReturn& p = std::get<PricedReturn>(prepared);
    const checkout::RefundQuote& refund = *p.refund;
    const checkout::RefundView& view = refund.view();
    if (!view.eligible) return outside_window(refund);

    NewReturn n;
    n.order_public_id = order_id;
    n.idempotency_key = *key;
    n.request_sha256 = request_hash;
    n.returns_before = p.returns_before;
    ReturnRecord& rec = n.record;
    rec.public_id = random_id("ret_");
    rec.received_kind = p.received.at("kind").get<std::string>();
    rec.channel = p.channel;
    rec.refund_method = p.refund_method;
    rec.refund_total = view.total;
    rec.currency = view.currency;
    rec.refund_json = refund.fingerprinted_text();
    rec.created_at = clock_();
    // Sellable units go on the receiving store's shelf; by mail, back where they came from.
    std::map<StockKey, int64_t> restock;
    for (const checkout::RefundView::Entry& e : view.entries) {
      rec.lines.push_back(ReturnLineRecord{e.line, e.sku, e.quantity, e.sellable, e.refund});
      if (!e.sellable) continue;
      if (rec.received_kind == "store") {
        restock[StockKey{LocationKind::Store, p.received.at("store").get<std::string>(), e.sku}] += e.quantity;
        continue;
      }
      for (const OrderLineRecord& l : p.order.lines) {
        if (l.line == e.line && !l.location.empty()) restock[StockKey{l.kind, l.location, e.sku}] += e.quantity;
      }
    }
    rec.received_location = rec.received_kind == "store" ? p.received.at("store").get<std::string>() : "";
    for (auto& [k, units] : restock) n.restock.emplace_back(k, units);

    Json head{{"return_id", rec.public_id},
              {"order_id", order_id},
              {"received", p.received},
              {"channel", rec.channel},
              {"refund_method", rec.refund_method},
              {"refunded", rec.refund_total},
              {"currency", rec.currency},
              {"created_at", checkout::format_utc(rec.created_at)},
              {"fingerprint", refund.fingerprint()}};
    n.response_body = with_raw_members(head, {{"refund", &refund.refund_text()}});

    ReturnResult result = storage_->record_return(n);
    switch (result.outcome) {
      case ReturnResult::Outcome::Recorded: {
        updates_->stock_changed(result.touched);
        http::Response response = raw_json_response(201, n.response_body);
        response.headers.emplace_back("Location", "/api/orders/" + order_id);
        return response;
      }
      case ReturnResult::Outcome::Replayed: {
        http::Response replayed = raw_json_response(201, result.replay_body);
        replayed.headers.emplace_back("Idempotent-Replayed", "true");
        return replayed;
      }
      case ReturnResult::Outcome::KeyReused:
        return api_error(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different return.");
      case ReturnResult::Outcome::ExceedsOrder:
        return api_error(409, "return_exceeds_order", "Some of these units were returned already.", "/lines");
      case ReturnResult::Outcome::Stale:
        continue;  // another return of this order came first: price again from it
    }
  }
  return api_error(409, "return_conflict", "Other returns of this order keep arriving at the same time; try again.");
}

Json returns_summary(const std::vector<ReturnRecord>& returns) {
  Json out = Json::array();
  for (const ReturnRecord& rec : returns) {
    Json lines = Json::array();
    for (const ReturnLineRecord& l : rec.lines) {
      lines.push_back(Json{{"line", l.line},
                           {"sku", l.sku},
                           {"quantity", l.quantity},
                           {"condition", l.sellable ? "sellable" : "damaged"},
                           {"refund", l.refund}});
    }
    Json received{{"kind", rec.received_kind}};
    if (rec.received_kind == "store") received["store"] = rec.received_location;
    out.push_back(Json{{"return_id", rec.public_id},
                       {"received", std::move(received)},
                       {"channel", rec.channel},
                       {"refund", Json{{"amount", rec.refund_total}, {"method", rec.refund_method}, {"currency", rec.currency}}},
                       {"created_at", checkout::format_utc(rec.created_at)},
                       {"lines", std::move(lines)}});
  }
  return out;
}

}  // namespace server
