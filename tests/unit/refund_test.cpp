// Refund quotes through the public API (checkout/refund.h): the policy's
// reading, the order checks and their errors, and the cumulative rule on a
// small order whose figures are worked out here by hand.
#include "checkout/refund.h"

#include <gtest/gtest.h>

#include <string>

#include "json_strict.h"

namespace checkout {
namespace {

// 3 x 10.00 at 10 % tax per line, shipping 5.00 (not taxed).
std::string catalog(const char* returns = nullptr) {
  std::string c = R"({"currency": "USD",
   "products": [{"id": "a", "title": "Mug", "variants": [{"sku": "A", "price": 1000}]}],
   "tax_rules": [{"id": "t", "name": "Tax", "country": "US", "rate": "10"}],
   "shipping": {"warehouses": [{"id": "wh", "timezone": "UTC0", "stock": {"A": 10}}],
     "methods": [{"id": "flat", "name": "Flat", "warehouse": "wh", "zones": [{"country": "US"}],
       "subtotal_rates": [{"min_subtotal": 0, "price": 500}], "transit_days": {"min": 1, "max": 1}}]})";
  if (returns != nullptr) c += std::string(R"(, "returns": )") + returns;
  return c + "}";
}

struct Placed {
  Engine engine;
  Json order;
};

Placed place(const char* returns = nullptr) {
  Result<Engine> e = Engine::load(catalog(returns));
  EXPECT_TRUE(e.ok()) << (e.ok() ? "" : error_json(e.error()));
  Result<PricedQuote> q = e.value().price(std::string_view(
      R"({"cart": {"lines": [{"sku": "A", "quantity": 3}]}, "context": {"now": "2026-11-01T10:00:00Z", "destination": {"country": "US"}}})"));
  EXPECT_TRUE(q.ok());
  Json order{{"binding", Json::parse(q.value().binding_text())}, {"placed_at", "2026-11-01T10:00:00Z"}};
  return Placed{std::move(e.value()), std::move(order)};
}

Json request(const Placed& p, Json returns, Json previous = nullptr, const char* now = "2026-11-05T10:00:00Z") {
  Json r{{"order", p.order}, {"returns", std::move(returns)}, {"context", Json{{"now", now}}}};
  if (!previous.is_null()) r["previous"] = std::move(previous);
  return r;
}

Json one(int64_t quantity, const char* condition = "sellable") {
  return Json::array({Json{{"line", 0}, {"quantity", quantity}, {"condition", condition}}});
}

TEST(RefundTest, OneUnitThenTheRestAddUpToTheGrandTotal) {
  const Placed p = place();
  // Order: 30.00 + tax 3.00 + shipping 5.00 = 38.00.
  ASSERT_EQ(p.order["binding"]["totals"]["grand_total"], 3800);
  Result<RefundQuote> first = refund(p.engine, request(p, one(1)));
  ASSERT_TRUE(first.ok()) << error_json(first.error());
  // 10.00 + tax 3.00 - 20.00 x 10 % = 1.00.
  EXPECT_EQ(first.value().view().total, 1100);
  EXPECT_FALSE(first.value().view().shipping_refunded);
  Result<RefundQuote> rest = refund(
      p.engine, request(p, one(2, "damaged"), Json{{"returns", one(1)}, {"refunded", first.value().view().total}}));
  ASSERT_TRUE(rest.ok()) << error_json(rest.error());
  // 20.00 + tax 2.00 + shipping 5.00.
  EXPECT_EQ(rest.value().view().total, 2700);
  EXPECT_TRUE(rest.value().view().shipping_refunded);
  EXPECT_EQ(rest.value().view().refunded_after, 3800);
}

TEST(RefundTest, FingerprintIsTheHashOfTheRefundText) {
  const Placed p = place();
  Result<RefundQuote> q = refund(p.engine, request(p, one(1)));
  ASSERT_TRUE(q.ok());
  const Json out = parse_json_strict(q.value().fingerprinted_text());
  EXPECT_EQ(out.at("refund").dump(), q.value().refund_text());
  EXPECT_EQ(out.at("fingerprint"), q.value().fingerprint());
  EXPECT_EQ(q.value().fingerprint().size(), 64u);
}

TEST(RefundTest, PolicyNeverKeepsShippingAndFeeAppliesToListedConditions) {
  const Placed p = place(R"({"shipping": "never", "restocking_fee": {"percent": "10", "conditions": ["damaged"]}})");
  Result<RefundQuote> q = refund(p.engine, request(p, Json::array({Json{{"line", 0}, {"quantity", 1}, {"condition", "damaged"}},
                                                                     Json{{"line", 0}, {"quantity", 2}, {"condition", "sellable"}}})));
  ASSERT_TRUE(q.ok()) << error_json(q.error());
  // 30.00 + 3.00 tax, no shipping, fee 10 % of the damaged unit's 10.00.
  EXPECT_EQ(q.value().view().total, 3300 - 100);
  EXPECT_FALSE(q.value().view().shipping_refunded);
}

TEST(RefundTest, OutsideTheWindowRefundsNothing) {
  const Placed p = place(R"({"window_days": 3})");
  Result<RefundQuote> q = refund(p.engine, request(p, one(1), nullptr, "2026-11-04T10:00:00Z"));
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q.value().view().eligible);
  EXPECT_EQ(q.value().view().total, 0);
  Result<RefundQuote> inside = refund(p.engine, request(p, one(1), nullptr, "2026-11-04T09:59:59Z"));
  EXPECT_TRUE(inside.value().view().eligible);
}

TEST(RefundTest, ErrorsNameTheirPlace) {
  const Placed p = place();
  Result<RefundQuote> too_many = refund(p.engine, request(p, one(2), Json{{"returns", one(2)}, {"refunded", 0}}));
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, "return_exceeds_order");
  EXPECT_EQ(too_many.error().path, "/returns/0/quantity");

  Json bad_line = request(p, one(1));
  bad_line["returns"][0]["line"] = 7;
  EXPECT_EQ(refund(p.engine, bad_line).error().code, "unknown_line");

  Json tampered = request(p, one(1));
  tampered["order"]["binding"]["totals"]["grand_total"] = 1;
  Result<RefundQuote> t = refund(p.engine, tampered);
  EXPECT_EQ(t.error().code, "invalid_order");
  EXPECT_EQ(t.error().path, "/order/binding/totals/grand_total");

  Json condition = request(p, one(1, "lost"));
  EXPECT_EQ(refund(p.engine, condition).error().code, "invalid_value");

  EXPECT_EQ(refund(p.engine, std::string_view("{")).error().code, "malformed_json");
}

TEST(RefundTest, CatalogReturnsPolicyIsValidated) {
  Result<Engine> bad = Engine::load(catalog(R"({"window_days": -1})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().path, "/returns/window_days");
  Result<Engine> unknown = Engine::load(catalog(R"({"refund_everything": true})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_field");
}

TEST(RefundTest, OneShotRequestMatchesTheEngine) {
  const Placed p = place();
  Json one_shot = request(p, one(1));
  one_shot["catalog"] = Json::parse(catalog());
  Result<std::string> text = returns_request(one_shot.dump());
  ASSERT_TRUE(text.ok()) << error_json(text.error());
  EXPECT_EQ(text.value(), refund(p.engine, request(p, one(1))).value().fingerprinted_text());
}

}  // namespace
}  // namespace checkout
