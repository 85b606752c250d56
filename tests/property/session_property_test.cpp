// Property 8: a Session (checkout/session.h) agrees with the one-shot engine.
// A generated cart is opened as a session and changed by random edits, some
// of them invalid; the test keeps its own copy of the {"cart", "context"}
// document and applies each edit to it by hand. After every edit:
//   - a rejected edit is the error Engine::quote gives for the edited
//     document (same code, message and path), and the session is unchanged;
//   - an accepted edit: the session's full quote is byte-identical to
//     Engine::quote of the document, and its compact view holds the quote's
//     own numbers and codes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checkout/session.h"
#include "quote_access.h"
#include "request_generators.h"

namespace property {
namespace {

using checkout::EditResult;
using checkout::Session;

// What the generated catalog offers an edit to pick from.
struct Choices {
  std::vector<std::string> skus, stores, methods, codes;
};

Choices choices_of(const Json& catalog) {
  Choices c;
  for (const Json& p : catalog.at("products")) {
    for (const Json& v : p.at("variants")) c.skus.push_back(v.at("sku").get<std::string>());
  }
  if (catalog.contains("stores")) {
    for (const Json& s : catalog.at("stores")) c.stores.push_back(s.at("id").get<std::string>());
  }
  if (catalog.contains("shipping")) {
    for (const Json& m : catalog.at("shipping").at("methods")) c.methods.push_back(m.at("id").get<std::string>());
  }
  if (catalog.contains("promotions")) {
    for (const Json& p : catalog.at("promotions")) {
      if (p.contains("codes")) {
        for (const Json& code : p.at("codes")) c.codes.push_back(code.get<std::string>());
      }
    }
  }
  c.stores.push_back("no-such-store");
  c.methods.push_back("no-such-method");
  c.skus.push_back("NO-SUCH-SKU");
  c.codes.push_back(unknown_code(9));
  return c;
}

template <class T>
T any_of(const std::vector<T>& items) { return items[static_cast<size_t>(pick(0, static_cast<int64_t>(items.size()) - 1))]; }

// Mostly valid quantities, sometimes 0 or beyond the core's limit.
int64_t edit_quantity() {
  const int64_t kind = pick(0, 9);
  if (kind == 0) return 0;
  if (kind == 1) return 1'000'001;
  if (kind == 2) return pick(1, 1'000'000);
  return pick(1, 12);
}

Json edit_fulfilment(const Choices& c) {
  if (pick(0, 2) == 0) return Json{{"type", "ship"}};
  return Json{{"type", "pickup"}, {"store", any_of(c.stores)}};
}

std::string error_text(const checkout::Error& e) { return checkout::error_json(e); }

// One random edit, applied to the session and to `doc`; the name for failure
// messages. `missing_line`: the edit named a line the cart does not have.
std::string apply_random_edit(Session& session, Json& doc, const Choices& c, EditResult& result, bool& missing_line) {
  Json& cart = doc["cart"];
  Json& context = doc["context"];
  const int64_t lines = static_cast<int64_t>(cart["lines"].size());
  // A line index, now and then one past the end.
  const int64_t line = pick(0, 9) == 0 ? lines : pick(0, std::max<int64_t>(lines - 1, 0));
  const bool line_exists = line < lines;
  const int64_t kind = pick(0, 10);
  missing_line = !line_exists && (kind == 0 || kind == 2 || kind == 3);
  switch (kind) {
    case 0: {
      const int64_t q = edit_quantity();
      result = session.set_quantity(line, q);
      if (line_exists) cart["lines"][static_cast<size_t>(line)]["quantity"] = q;
      return "set_quantity(" + std::to_string(line) + ", " + std::to_string(q) + ")";
    }
    case 1: {
      Json l{{"sku", any_of(c.skus)}, {"quantity", edit_quantity()}};
      if (pick(0, 2) == 0) l["fulfilment"] = edit_fulfilment(c);
      result = session.add_line(l);
      cart["lines"].push_back(l);
      return "add_line(" + l.dump() + ")";
    }
    case 2:
      result = session.remove_line(line);
      if (line_exists) cart["lines"].erase(static_cast<size_t>(line));
      return "remove_line(" + std::to_string(line) + ")";
    case 3: {
      const Json f = edit_fulfilment(c);
      result = session.set_fulfilment(line, f);
      if (line_exists) cart["lines"][static_cast<size_t>(line)]["fulfilment"] = f;
      return "set_fulfilment(" + std::to_string(line) + ", " + f.dump() + ")";
    }
    case 4: {
      const std::string code = any_of(c.codes);
      result = session.apply_coupon(code);
      cart["coupons"].push_back(code);
      return "apply_coupon(" + code + ")";
    }
    case 5: {
      // One the cart holds, when it holds any.
      std::string code = any_of(c.codes);
      if (cart.contains("coupons") && !cart["coupons"].empty() && pick(0, 1) == 0) {
        code = cart["coupons"][static_cast<size_t>(pick(0, static_cast<int64_t>(cart["coupons"].size()) - 1))].get<std::string>();
      }
      result = session.remove_coupon(code);
      if (cart.contains("coupons")) {
        Json kept = Json::array();
        for (const Json& k : cart["coupons"]) {
          if (k.get<std::string>() != code) kept.push_back(k);
        }
        cart["coupons"] = kept;
      }
      return "remove_coupon(" + code + ")";
    }
    case 6: {
      std::optional<std::string> method;
      if (pick(0, 3) != 0) method = any_of(c.methods);
      result = session.set_shipping_method(method);
      if (method) {
        cart["shipping_method"] = *method;
      } else {
        cart.erase("shipping_method");
      }
      return "set_shipping_method(" + method.value_or("none") + ")";
    }
    case 7: {
      const Json d = any_of(std::vector<Json>{
          nullptr, Json{{"country", "US"}, {"region", "NY"}, {"postal_code", "10012"}}, Json{{"country", "DE"}},
          Json{{"country", "GB"}, {"postal_code", "SW1A 1AA"}}, Json{{"country", "usa"}}});
      result = session.set_destination(d);
      if (d.is_null()) {
        context.erase("destination");
      } else {
        context["destination"] = d;
      }
      return "set_destination(" + d.dump() + ")";
    }
    case 8: {
      const Json l = any_of(std::vector<Json>{nullptr, Json{{"lat_e6", 40'723'300}, {"lon_e6", -74'003'000}},
                                              Json{{"lat_e6", 52'520'000}, {"lon_e6", 13'405'000}},
                                              Json{{"lat_e6", 91'000'000}, {"lon_e6", 0}}});
      result = session.set_location(l);
      if (l.is_null()) {
        context.erase("location");
      } else {
        context["location"] = l;
      }
      return "set_location(" + l.dump() + ")";
    }
    case 9: {
      const Json now = any_of(std::vector<Json>{Json("2026-03-29T00:30:00Z"), Json("2026-11-23T10:00:00Z"),
                                                Json("2027-01-01T23:59:59Z"), Json("yesterday")});
      result = session.set_now(now);
      context["now"] = now;
      return "set_now(" + now.dump() + ")";
    }
    default: {
      Json ctx = context;
      ctx["customer_group"] = any_of(std::vector<std::string>{"vip", "staff", "wholesale", ""});
      result = session.set_context(ctx);
      context = ctx;
      return "set_context(" + ctx.dump() + ")";
    }
  }
}

// A view's params as the quote writes them ({} when none).
Json params_json(const std::vector<checkout::SessionView::Param>& params) {
  Json out = Json::object();
  for (const auto& p : params) out[p.name] = p.is_number ? Json(p.number) : Json(p.text);
  return out;
}

Json member_or(const Json& object, const char* key, Json otherwise) {
  return object.contains(key) ? object.at(key) : otherwise;
}

// The session's compact view holds the quote's numbers, codes and the
// pickup and shipping facts pricing decided.
void check_view(const checkout::SessionView& v, const Json& quote) {
  const Json& b = quote.at("binding");
  const Json& d = quote.at("details");
  RC_ASSERT(v.totals.subtotal == money_at(b.at("totals"), "subtotal"));
  RC_ASSERT(v.totals.discounts == money_at(b.at("totals"), "discounts"));
  RC_ASSERT(v.totals.shipping == money_at(b.at("totals"), "shipping"));
  RC_ASSERT(v.totals.tax == money_at(b.at("totals"), "tax"));
  RC_ASSERT(v.totals.grand_total == money_at(b.at("totals"), "grand_total"));
  RC_ASSERT(v.lines.size() == b.at("lines").size());
  for (size_t i = 0; i < v.lines.size(); ++i) {
    const Json& l = b.at("lines").at(i);
    RC_ASSERT(v.lines[i].subtotal == money_at(l, "subtotal"));
    RC_ASSERT(v.lines[i].discount_total == money_at(l, "discount_total"));
    RC_ASSERT(v.lines[i].net == money_at(l, "net"));
    RC_ASSERT(v.lines[i].tax == money_at(l, "tax"));
    RC_ASSERT(v.lines[i].total == money_at(l, "total"));
    RC_ASSERT(v.lines[i].unit_price == money_at(l, "unit_price"));
    Json shares = Json::array();
    for (const auto& s : v.lines[i].discounts) shares.push_back(Json{{"amount", s.amount}, {"promotion", s.promotion}});
    RC_ASSERT(shares == l.at("discounts"));
  }
  const Json& shipping = b.at("shipping");
  const Json method = shipping.contains("selected") ? shipping.at("selected") : Json(nullptr);
  RC_ASSERT((v.shipping_selected ? Json(*v.shipping_selected) : Json(nullptr)) == method);
  RC_ASSERT(v.shipping_price == (shipping.contains("price") ? money_at(shipping, "price") : 0));
  const Json& options = d.at("shipping").at("options");
  RC_ASSERT(v.shipping_options.size() == options.size());
  for (size_t i = 0; i < options.size(); ++i) {
    const auto& o = v.shipping_options[i];
    const Json& q = options.at(i);
    RC_ASSERT(Json(o.method) == q.at("method"));
    RC_ASSERT(o.base_price == money_at(q, "base_price"));
    RC_ASSERT(o.price == money_at(q, "price"));
    RC_ASSERT(Json(o.free) == q.at("free"));
    RC_ASSERT((o.free_over ? Json(*o.free_over) : Json(nullptr)) == member_or(q, "free_over", nullptr));
    RC_ASSERT((o.remaining_for_free ? Json(*o.remaining_for_free) : Json(nullptr)) == member_or(q, "remaining_for_free", nullptr));
    RC_ASSERT(Json(o.earliest) == q.at("delivery").at("earliest"));
    RC_ASSERT(Json(o.latest) == q.at("delivery").at("latest"));
  }
  RC_ASSERT(v.promotions.size() == b.at("promotions").size());
  RC_ASSERT(v.applied.size() == b.at("promotions").size());
  for (size_t i = 0; i < v.promotions.size(); ++i) {
    const Json& p = b.at("promotions").at(i);
    RC_ASSERT(Json(v.promotions[i]) == p.at("id"));
    RC_ASSERT(Json(v.applied[i].id) == p.at("id"));
    RC_ASSERT(Json(v.applied[i].code) == member_or(p, "code", ""));
    RC_ASSERT(v.applied[i].amount == money_at(p, "amount"));
    RC_ASSERT(v.applied[i].shipping_discount == money_at(p, "shipping_discount"));
    RC_ASSERT(Json(v.applied[i].free_shipping) == d.at("promotions").at("applied").at(i).at("free_shipping"));
  }
  const Json& rejected = d.at("promotions").at("rejected");
  RC_ASSERT(v.rejected.size() == rejected.size());
  for (size_t i = 0; i < v.rejected.size(); ++i) {
    RC_ASSERT(Json(v.rejected[i].code) == rejected.at(i).at("code"));
    RC_ASSERT(Json(v.rejected[i].reason) == rejected.at(i).at("reason"));
    RC_ASSERT(params_json(v.rejected[i].params) == member_or(rejected.at(i), "params", Json::object()));
  }
  const Json& messages = d.at("messages");
  RC_ASSERT(v.messages.size() == messages.size());
  for (size_t i = 0; i < v.messages.size(); ++i) {
    RC_ASSERT(Json(v.messages[i].code) == messages.at(i).at("code"));
    const Json line = messages.at(i).contains("line") ? messages.at(i).at("line") : Json(-1);
    RC_ASSERT(Json(v.messages[i].line) == line);
    RC_ASSERT(params_json(v.messages[i].params) == member_or(messages.at(i), "params", Json::object()));
  }
  const Json& stores = d.at("pickup").at("stores");
  RC_ASSERT(v.pickup_stores.size() == stores.size());
  for (size_t i = 0; i < stores.size(); ++i) {
    const auto& s = v.pickup_stores[i];
    const Json& q = stores.at(i);
    RC_ASSERT(Json(s.store) == q.at("store"));
    RC_ASSERT((s.distance_m ? Json(*s.distance_m) : Json(nullptr)) == member_or(q, "distance_m", nullptr));
    RC_ASSERT(Json(s.availability) == q.at("availability"));
    RC_ASSERT((s.ready_local ? Json(*s.ready_local) : Json(nullptr)) == member_or(q, "ready_local", nullptr));
    Json lines = Json::array();
    for (const auto& l : s.lines) lines.push_back(Json{{"available", l.available}, {"line", l.line}, {"requested", l.requested}});
    RC_ASSERT(lines == q.at("lines"));
  }
}

RC_GTEST_PROP(Session, EditsMatchOneShotQuotes, ()) {
  const Scenario s = *scenarios();
  const checkout::Engine engine = load_engine(s);
  const Choices c = choices_of(s.catalog);
  Json doc = s.cart_and_context();
  checkout::Result<Session> opened = Session::open(engine, doc);
  RC_ASSERT(opened.ok());
  Session session = std::move(opened.value());

  for (int step = 0; step < 12; ++step) {
    const Json before = doc;
    EditResult edit;
    bool missing_line = false;
    const std::string name = apply_random_edit(session, doc, c, edit, missing_line);
    RC_LOG() << "step " << step << ": " << name << " -> " << (edit ? error_text(*edit) : "ok") << "\n";
    if (missing_line) {
      RC_ASSERT(edit.has_value());
      RC_ASSERT(edit->code == "invalid_value");
      RC_ASSERT(edit->path == "/cart/lines/" + std::to_string(doc["cart"]["lines"].size()));
      RC_ASSERT(session.cart_and_context() == doc);
      continue;
    }
    const checkout::Result<std::string> expected = engine.quote(doc);
    if (edit) {
      // Rejected: exactly what the one-shot says of the edited document, and nothing changed.
      RC_ASSERT(!expected.ok());
      RC_ASSERT(error_text(*edit) == error_text(expected.error()));
      doc = before;
      RC_ASSERT(session.cart_and_context() == doc);
      continue;
    }
    RC_ASSERT(session.cart_and_context() == doc);
    const checkout::Result<std::string> got = session.quote();
    RC_ASSERT(got.ok() == expected.ok());
    if (!got.ok()) {
      // Valid documents whose amounts overflow: the same error from both.
      RC_ASSERT(error_text(got.error()) == error_text(expected.error()));
      RC_ASSERT(!session.view().ok());
      continue;
    }
    RC_ASSERT(got.value() == expected.value());
    const checkout::Result<checkout::SessionView> view = session.view();
    RC_ASSERT(view.ok());
    check_view(view.value(), Json::parse(got.value()));
  }
}

TEST(Session, OpenRejectsWhatTheEngineRejects) {
  const std::string catalog =
      R"({"currency":"USD","products":[{"id":"tee","title":"Tee","variants":[{"sku":"TEE","price":1999}]}]})";
  checkout::Result<checkout::Engine> engine = checkout::Engine::load(catalog);
  ASSERT_TRUE(engine.ok());
  const std::string bad = R"({"cart":{"lines":[{"sku":"TEE","quantity":0}]},"context":{"now":"2026-11-23T10:00:00Z"}})";
  checkout::Result<Session> s = Session::open(engine.value(), std::string_view(bad));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(checkout::error_json(s.error()), checkout::error_json(engine.value().quote(bad).error()));
  EXPECT_EQ(s.error().path, "/cart/lines/0/quantity");
}

TEST(Session, StockFromAnotherCatalogIsRefused) {
  const std::string catalog =
      R"({"currency":"USD","products":[{"id":"tee","title":"Tee","variants":[{"sku":"TEE","price":1999}]}]})";
  checkout::Result<checkout::Engine> a = checkout::Engine::load(catalog);
  checkout::Result<checkout::Engine> b = checkout::Engine::load(catalog);
  ASSERT_TRUE(a.ok() && b.ok());
  checkout::Result<Session> s = Session::open(
      a.value(), std::string_view(R"({"cart":{"lines":[{"sku":"TEE","quantity":2}]},"context":{"now":"2026-11-23T10:00:00Z"}})"));
  ASSERT_TRUE(s.ok());
  const EditResult refused = s.value().set_engine(b.value());
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, "invalid_value");
  ASSERT_TRUE(s.value().view().ok());
  EXPECT_EQ(s.value().view().value().totals.subtotal, 3998);  // 2 x 19.99: still priced from its own engine
}

}  // namespace
}  // namespace property
