// POST /api/orders (authoritative re-quote, idempotent placement) and
// GET /api/orders/{id}.
//
// The server never takes an amount from the client. It builds the engine
// input from the cart and context only (context.now within tolerance,
// exhausted promotions from its own counts, destination from the shipping
// address), then compares the binding the client accepted with its own quote
// (checkout::compare_binding: only what the shopper pays and the locations
// the cart uses), and places the order in one storage transaction.
#include "routes_orders.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "api_support.h"
#include "checkout/address_rules.h"
#include "order_json.h"
#include "order_number.h"
#include "routes_returns.h"
#include "purchase_limits.h"
#include "stock_refusal.h"
#include "checkout/sha256.h"
#include "checkout/civil_time.h"

namespace server {
namespace {

constexpr size_t kMaxIdempotencyKey = 255;

bool valid_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > kMaxIdempotencyKey) return false;
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// The answer of a placed order, built the same way when it is first sent and
// when it is replayed: a replay differs only by saying that it is one.
http::Response order_created(const std::string& order_id, const std::string& body) {
  http::Response response = raw_json_response(201, body);
  response.headers.emplace_back("Location", "/api/orders/" + order_id);
  return response;
}

http::Response replay(const std::string& order_id, const std::string& body) {
  http::Response response = order_created(order_id, body);
  response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

http::Response key_reused() {
  return api_error(422, "idempotency_key_reused",
                   "This Idempotency-Key was already used for a different request; use a new key for a new order.");
}

const std::string& string_at(const Json& object, const char* key) {
  static const std::string empty;
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get_ref<const std::string&>() : empty;
}

std::optional<http::Response> check_client_quote(const Json& client) {
  if (auto e = expect_object(client, "/client_quote", {"fingerprint", "grand_total", "binding"}, {"fingerprint", "grand_total"})) {
    return e;
  }
  if (auto e = expect_string(client, "fingerprint", "/client_quote", 128, true)) return e;
  if (!client.at("grand_total").is_number_integer()) {
    return api_error(400, "wrong_type", "grand_total must be an integer in minor units.", "/client_quote/grand_total");
  }
  if (client.contains("binding") && !client.at("binding").is_object()) {
    return api_error(400, "wrong_type", "binding must be the quote's binding object.", "/client_quote/binding");
  }
  return std::nullopt;
}

// What in the server's quote differs from what the client accepted. With the
// accepted binding, each changed bound field and why; with a fingerprint
// only, that the binding differs (and the total, when it does).
std::vector<checkout::BindingChange> changes_since(const Json& client, const checkout::PricedQuote& now) {
  std::vector<checkout::BindingChange> changes;
  if (client.contains("binding")) changes = checkout::compare_binding(client.at("binding"), now);
  const Json server_total = now.view().totals.grand_total;
  const bool total_listed = std::any_of(changes.begin(), changes.end(), [](const checkout::BindingChange& c) {
    return c.path == "/binding/totals/grand_total";
  });
  if (client.at("grand_total") != server_total && !total_listed) {
    changes.push_back({"/binding/totals/grand_total", "total_changed", client.at("grand_total"), server_total});
  }
  if (!client.contains("binding") && changes.empty() && client.at("fingerprint") != now.fingerprint()) {
    changes.push_back({"/fingerprint", "binding_changed", client.at("fingerprint"), now.fingerprint()});
  }
  return changes;
}

std::optional<http::Response> check_customer(const Json& customer) {
  if (auto e = expect_object(customer, "/customer", {"name", "email", "phone"}, {"name", "email"})) return e;
  if (auto e = expect_string(customer, "name", "/customer", 200, true)) return e;
  if (auto e = expect_string(customer, "email", "/customer", 254, true)) return e;
  if (auto e = expect_string(customer, "phone", "/customer", 40, false)) return e;
  if (!plausible_email(customer.at("email").get<std::string>())) {
    return api_error(400, "invalid_value", "That does not look like an email address.", "/customer/email");
  }
  return std::nullopt;
}

std::optional<http::Response> check_address(const Json& address) {
  const std::string path = "/shipping_address";
  if (auto e = expect_object(address, path, {"name", "line1", "line2", "city", "region", "postal_code", "country"},
                             {"line1", "city", "postal_code", "country"})) {
    return e;
  }
  for (const char* key : {"line1", "city", "postal_code", "country"}) {
    if (auto e = expect_string(address, key, path, 200, true)) return e;
  }
  for (const char* key : {"name", "line2", "region"}) {
    if (auto e = expect_string(address, key, path, 200, false)) return e;
  }
  return std::nullopt;
}

// The core's rule: the postal code belongs to the region (ZIP 90013 is not in
// New York). On success the address holds the postal code in its normal form
// and the region the code places it in, which tax and shipping then follow.
std::optional<http::Response> check_postal(Json& address) {
  checkout::Result<checkout::CheckedAddress> checked = checkout::check_postal_address(
      string_at(address, "country"), string_at(address, "region"), string_at(address, "postal_code"));
  if (!checked.ok()) {
    const checkout::Error& e = checked.error();
    return api_error(400, e.code, e.message, "/shipping_address" + e.path, params_json(e.params));
  }
  address["postal_code"] = checked.value().postal_code;
  if (!checked.value().region.empty()) address["region"] = checked.value().region;
  return std::nullopt;
}

// A country none of the merchant's shipping methods serves is said as such,
// at the country field, rather than later as "no shipping option".
std::optional<http::Response> check_ships_to(const checkout::CatalogView& catalog, const Json& address) {
  const std::string country = string_at(address, "country");
  for (const checkout::ShippingMethodFacts& m : catalog.shipping_methods()) {
    if (std::binary_search(m.countries.begin(), m.countries.end(), country)) return std::nullopt;
  }
  return api_error(400, "country_not_shipped", "We do not ship to " + country + ". Choose another country or pick up in a store.",
                   "/shipping_address/country", Json{{"country", country}});
}

// 409 quote_changed: each changed bound field with its reason, and the server's quote.
http::Response quote_changed(const std::vector<checkout::BindingChange>& changes, const std::string& server_text) {
  Json diff = Json::array();
  for (const checkout::BindingChange& c : changes) {
    diff.push_back(Json{{"path", c.path}, {"reason", c.reason}, {"client", c.client}, {"server", c.server}});
  }
  Json head = error_body("quote_changed",
                         "Something you agreed to pay for changed (see diff: a price, promotion, tax, shipping or the "
                         "stock where you chose to get it). Review the new quote and confirm again.",
                         "/client_quote");
  head["diff"] = std::move(diff);
  return raw_json_response(409, with_raw_members(head, {{"quote", &server_text}}));
}

// The customer's email key, or "" when the body has none (it is then
// refused below for that reason).
std::string idempotency_scope(const Json& body) {
  if (!body.is_object()) return "";
  auto customer = body.find("customer");
  if (customer == body.end() || !customer->is_object()) return "";
  auto email = customer->find("email");
  return email != customer->end() && email->is_string() ? email_key(email->get<std::string>()) : "";
}

// The sentence a not_fulfillable refusal gives for a blocking message.
const char* fulfilment_problem(const std::string& code) {
  return code == "shipping_needs_destination" ? "Enter a delivery address to see shipping options."
                                              : "We can't ship these items to that address.";
}

// Messages that make a quote impossible to fulfil however it is paid. Stock
// messages are not here: the storage transaction checks stock itself and
// answers insufficient_stock with exact quantities.
bool blocks_fulfilment(const std::string& code) {
  return code == "no_shipping_option" || code == "shipping_needs_destination";
}

}  // namespace

http::Response OrderRoutes::post_order(const http::Request& r) {
  const std::string* key_header = r.header("idempotency-key");
  if (key_header == nullptr) {
    return api_error(400, "missing_idempotency_key",
                     "POST /api/orders needs an Idempotency-Key header (a fresh random value per order, reused only "
                     "to retry the same request).");
  }
  if (!valid_idempotency_key(*key_header)) {
    return api_error(400, "invalid_idempotency_key", "Idempotency-Key must be 1-255 printable ASCII characters.");
  }
  const std::string& key = *key_header;
  const std::string request_hash = checkout::sha256_hex(r.body);

  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  Json& body = parsed.value();

  // A key belongs to the client that sent it, known by the customer it
  // orders for: the same key from another customer is another order.
  // Requests with one scoped key take turns here; the first one's stored
  // response is what the others replay.
  const std::string scope = idempotency_scope(body);
  KeyedLocks::Guard key_guard(idempotency_locks_, scope + '\n' + key);
  if (std::optional<IdempotencyRecord> existing = storage_->find_idempotency(scope, key, clock_())) {
    return existing->request_sha256 == request_hash ? replay(existing->order_id, existing->response_body) : key_reused();
  }
  if (auto e = expect_object(body, "", {"cart", "context", "client_quote", "customer", "shipping_address"},
                             {"cart", "context", "client_quote", "customer"})) {
    return *e;
  }
  if (!body["cart"].is_object()) return api_error(400, "wrong_type", "cart must be an object.", "/cart");
  if (!body["context"].is_object()) return api_error(400, "wrong_type", "context must be an object.", "/context");
  const Json& client_quote = body["client_quote"];
  if (auto e = check_client_quote(client_quote)) return *e;
  const Json& customer_json = body["customer"];
  if (auto e = check_customer(customer_json)) return *e;
  const bool has_address = body.contains("shipping_address");
  if (has_address) {
    if (auto e = check_address(body["shipping_address"])) return *e;
    if (auto e = check_postal(body["shipping_address"])) return *e;
    if (auto e = check_ships_to(catalog_->view(), body["shipping_address"])) return *e;
  }

  Json& context = body["context"];
  if (string_at(context, "channel") == "store") {
    return api_error(400, "invalid_value", "Orders are placed online; store sales go to POST /api/stores/{id}/sales.",
                     "/context/channel");
  }
  if (context.contains("customer_group")) {
    // Groups unlock prices; without signed-in customers the server cannot
    // check membership, so it does not take the client's word for it.
    return api_error(400, "invalid_value", "Customer groups need a signed-in customer, which this server does not have.",
                     "/context/customer_group");
  }
  // As sent, before the server sets now, the exhausted promotions and the
  // destination: a client's "destination" is refused by the core's rules
  // even when the shipping address replaces it.
  if (auto e = quoting_->check_client_request(body["cart"], context)) return *e;
  if (auto limited = quoting_->coupon_gate(r, body["cart"])) return *limited;

  Customer customer;
  customer.name = customer_json.at("name").get<std::string>();
  customer.email = customer_json.at("email").get<std::string>();
  customer.phone = string_at(customer_json, "phone");
  customer.email_key = email_key(customer.email);

  if (has_address) {
    // Tax and shipping follow the address the goods go to, not a
    // destination the client may have set to something cheaper.
    const Json& a = body["shipping_address"];
    Json destination{{"country", a.at("country")}, {"postal_code", a.at("postal_code")}};
    if (a.contains("region")) destination["region"] = a.at("region");
    context["destination"] = std::move(destination);
  }
  if (auto e = quoting_->prepare_context(context, customer.email_key)) return *e;

  const Json input{{"cart", body["cart"]}, {"context", context}};
  const std::shared_ptr<const checkout::Engine> engine = catalog_->engine();
  checkout::Result<checkout::PricedQuote> priced = engine->price(input);
  if (!priced.ok()) return engine_error(priced.error());
  const checkout::QuoteView& quote = priced.value().view();
  const std::string quote_text = priced.value().fingerprinted_text();
  quoting_->count_unknown_codes(r, quote);

  // Refused only when something bound changed or a location the cart uses
  // can no longer supply it; stock elsewhere, other options, texts never count.
  const std::vector<checkout::BindingChange> changes = changes_since(client_quote, priced.value());
  if (!changes.empty()) return quote_changed(changes, quote_text);

  if (quote.lines.empty()) return api_error(400, "invalid_value", "An order needs at least one line.", "/cart/lines");
  if (quote.shipping.needed && !has_address) {
    return api_error(400, "missing_field", "Lines are shipped: a shipping_address is required.", "/shipping_address");
  }
  for (const checkout::QuoteView::Message& m : quote.messages) {
    if (blocks_fulfilment(m.code)) {
      Json head = error_body("not_fulfillable", fulfilment_problem(m.code), "", Json{{"reason", m.code}});
      return raw_json_response(409, with_raw_members(head, {{"quote", &quote_text}}));
    }
  }

  // Where each line's units come from: its store, or the selected method's warehouse.
  std::vector<StockLine> stock_lines;
  std::string pickup_store;
  const std::string ship_warehouse = quote.shipping.warehouse.value_or("");
  for (const checkout::QuoteView::Line& line : quote.lines) {
    StockLine s;
    s.line = line.index;
    s.sku = line.sku;
    s.quantity = line.quantity;
    if (line.fulfilment == checkout::QuoteView::Fulfilment::Pickup) {
      const std::string& store = line.store;
      if (!pickup_store.empty() && store != pickup_store) {
        return api_error(400, "invalid_value", "All pickup lines of one order must use the same store.",
                         "/cart/lines/" + std::to_string(s.line) + "/fulfilment/store",
                         Json{{"store", store}, {"other", pickup_store}});
      }
      pickup_store = store;
      s.kind = LocationKind::Store;
      s.location = store;
      // Online pickup leaves the store's safety stock on the shelf, as the quote counted it.
      const std::optional<checkout::StoreFacts> info = catalog_->view().store(store);
      s.keep_back = info ? info->safety_stock : 0;
    } else {
      s.kind = LocationKind::Warehouse;
      s.location = ship_warehouse;
    }
    stock_lines.push_back(std::move(s));
  }

  std::vector<PromotionUse> uses;
  for (const checkout::QuoteView::AppliedPromotion& applied : quote.promotions) {
    if (auto limit = catalog_->view().promotion_limits(applied.id)) {
      uses.push_back(PromotionUse{limit->id, limit->usage_limit, limit->usage_limit_per_customer});
    }
  }

  NewOrder order;
  order.public_id = random_id("ord_");
  order.idempotency_key = key;
  order.idempotency_scope = scope;
  order.request_sha256 = request_hash;
  order.pickup_store = pickup_store;
  order.channel = string_at(context, "channel").empty() ? "web" : string_at(context, "channel");
  order.customer = customer;
  if (has_address) order.shipping_address_json = body["shipping_address"].dump();
  order.quote_json = quote_text;
  order.grand_total = quote.totals.grand_total;
  order.currency = quote.currency;
  order.lines = std::move(stock_lines);
  order.promotions = std::move(uses);
  order.created_at = clock_();
  order.caps = purchase_caps(*catalog_, quote.lines, customer.email_key, r.remote_ip, order.created_at);
  Json head{{"order_id", order.public_id},
            {"status", "placed"},
            {"created_at", checkout::format_utc(order.created_at)},
            {"grand_total", order.grand_total},
            {"currency", order.currency}};
  if (!pickup_store.empty()) head["pickup_store"] = pickup_store;
  if (has_address) head["shipping_address"] = body["shipping_address"];  // for the confirmation
  order.next_number = random_order_number;
  order.response_for = [&head, &quote_text](const std::string& number) {
    Json numbered = head;
    numbered["number"] = number;
    return with_raw_members(numbered, {{"quote", &quote_text}});
  };

  PlaceOrderResult placed = storage_->place_order(order);
  switch (placed.outcome) {
    case PlaceOrderResult::Outcome::Placed: {
      updates_->stock_changed(placed.touched);
      if (!pickup_store.empty()) updates_->publish_order_event(order.public_id, pickup_store, OrderStatus::Placed);
      return order_created(order.public_id, placed.response_body);  // the body names the number storage drew
    }
    case PlaceOrderResult::Outcome::Replayed:
      return replay(placed.replay_order_id, placed.replay_body);
    case PlaceOrderResult::Outcome::KeyReused:
      return key_reused();
    case PlaceOrderResult::Outcome::InsufficientStock: {
      const Json error_head =
          stock_shortage_body("Not enough stock for some lines; see lines for what is available.", placed.shortages);
      return raw_json_response(409, with_raw_members(error_head, {{"quote", &quote_text}}));
    }
    case PlaceOrderResult::Outcome::PurchaseLimitReached:
      return purchase_limit_refusal(*placed.refused, quote.lines);
    case PlaceOrderResult::Outcome::UsageLimitReached: {
      // Someone used the last coupon use between our quote and the
      // transaction: quote again with the limit now reached, so the client
      // sees exactly what changed (the code rejected, the new total).
      if (auto e = quoting_->prepare_context(context, customer.email_key)) return *e;
      checkout::Result<checkout::PricedQuote> requoted =
          catalog_->engine()->price(Json{{"cart", body["cart"]}, {"context", context}});
      if (!requoted.ok()) return engine_error(requoted.error());
      return quote_changed(changes_since(client_quote, requoted.value()), requoted.value().fingerprinted_text());
    }
  }
  return api_error(500, "internal", "Internal error.");
}

// By id (130 random bits: the id itself is the capability to read the order),
// or by the short number with the customer's email (?email=): a number alone
// is easy to guess, so without the matching email it is not found.
http::Response OrderRoutes::get_order(const http::Request& r, const std::string& order_id) const {
  const std::optional<std::string> number = normal_order_number(order_id);
  std::optional<OrderRecord> order = storage_->get_order(number ? *number : order_id);
  // A short number can be guessed: the shopper names the order's email too;
  // staff of its pickup store (any staff for a shipped order) need not.
  if (order && number) {
    const bool owner = order->customer.email_key == email_key(r.query_param("email"));
    if (order->number != *number || (!owner && !staff_may_see_(r, order->pickup_store))) order.reset();
  }
  if (!order) return api_error(404, "not_found", "No such order.");
  Json summary = order_summary(*order);
  summary["returns"] = returns_summary(storage_->order_returns(order->public_id));
  return raw_json_response(200, with_raw_members(summary, {{"quote", &order->quote_json}}));
}

}  // namespace server
