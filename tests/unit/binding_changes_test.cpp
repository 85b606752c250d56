// compare_binding: each reason it can give, and what must never count (an
// unused store's stock, a shipping option the shopper did not choose).
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "checkout/engine.h"
#include "checkout/quote_view.h"
#include "checkout/sha256.h"
#include "json_strict.h"

namespace checkout {
namespace {

// A tee with a 10 % code, NY tax, two methods from one warehouse and one store.
const char* kCatalog = R"({"currency": "USD",
 "products": [{"id": "tee", "title": "Tee", "variants": [{"sku": "TEE", "price": 2000, "weight_g": 200}]}],
 "promotions": [{"id": "fall10", "title": "Fall 10%", "codes": ["FALL10"], "usage_limit": 100,
                 "effect": {"type": "percent_off", "percent": "10"}}],
 "tax_rules": [{"id": "us-ny", "name": "NY tax", "country": "US", "region": "NY", "rate": "8.875"}],
 "shipping": {"warehouses": [{"id": "nj", "timezone": "UTC0", "stock": {"TEE": 10}}],
   "methods": [{"id": "standard", "name": "Standard", "warehouse": "nj", "zones": [{"country": "US"}],
                "subtotal_rates": [{"min_subtotal": 0, "price": 500}], "transit_days": {"min": 3, "max": 5}},
               {"id": "express", "name": "Express", "warehouse": "nj", "zones": [{"country": "US"}],
                "subtotal_rates": [{"min_subtotal": 0, "price": 1500}], "transit_days": {"min": 1, "max": 1}}]},
 "stores": [{"id": "soho", "name": "SoHo", "country": "US", "region": "NY", "postal_code": "10012",
             "lat_e6": 40723000, "lon_e6": -74000000, "timezone": "UTC0", "safety_stock": 1,
             "hours": {"mon": [["00:00", "24:00"]]}, "stock": {"TEE": 5}},
            {"id": "uptown", "name": "Uptown", "country": "US", "region": "NY", "postal_code": "10025",
             "lat_e6": 40800000, "lon_e6": -73960000, "timezone": "UTC0",
             "hours": {"mon": [["00:00", "24:00"]]}, "stock": {"TEE": 5}}]})";

const char* kShipped = R"({"cart": {"lines": [{"sku": "TEE", "quantity": 2}], "coupons": ["FALL10"]},
 "context": {"now": "2026-11-23T10:00:00Z", "destination": {"country": "US", "region": "NY", "postal_code": "10001"},
             "location": {"lat_e6": 40712800, "lon_e6": -74006000}}})";

const char* kPickup = R"({"cart": {"lines": [{"sku": "TEE", "quantity": 2, "fulfilment": {"type": "pickup", "store": "soho"}}]},
 "context": {"now": "2026-11-23T10:00:00Z", "location": {"lat_e6": 40712800, "lon_e6": -74006000}}})";

Engine engine_with(void (*edit)(Json&) = nullptr) {
  Json catalog = Json::parse(kCatalog);
  if (edit != nullptr) edit(catalog);
  Result<Engine> r = Engine::load(catalog);
  if (!r.ok()) ADD_FAILURE() << error_json(r.error());
  return r.value();
}

PricedQuote priced(const Engine& e, const std::string& request) {
  Result<PricedQuote> r = e.price(request);
  if (!r.ok()) ADD_FAILURE() << error_json(r.error());
  return r.value();
}

Json binding_of(const PricedQuote& q) { return Json::parse(q.binding_text()); }

std::vector<std::string> reasons_at(const std::vector<BindingChange>& changes, const std::string& path) {
  std::vector<std::string> out;
  for (const BindingChange& c : changes) {
    if (c.path == path) out.push_back(c.reason);
  }
  return out;
}

std::vector<std::string> only(const char* reason) { return {reason}; }

TEST(PricedQuote, FingerprintIsLazyAndTheTextMatchesQuote) {
  const Engine e = engine_with();
  const PricedQuote q = priced(e, kShipped);
  EXPECT_EQ(q.text().find("fingerprint"), std::string::npos);  // nothing hashed yet
  EXPECT_EQ(q.fingerprint(), sha256_hex(q.binding_text()));
  EXPECT_EQ(q.fingerprinted_text(), e.quote(std::string_view(kShipped)).value());
  EXPECT_EQ(q.text().rfind(R"({"binding":)", 0), 0u);
  EXPECT_EQ(q.view().totals.grand_total, 3600 + 320 + 500);  // 4000 - 400, tax 8.875 % of 3600 = 319.5 -> 320
  EXPECT_EQ(q.view().shipping.warehouse, std::optional<std::string>("nj"));
}

TEST(CompareBinding, SameQuoteIsNoChange) {
  const Engine e = engine_with();
  const PricedQuote q = priced(e, kShipped);
  EXPECT_TRUE(compare_binding(binding_of(q), q).empty());
}

TEST(CompareBinding, AnotherStoresStockIsNoChangeForAShippedOrPickupCart) {
  const Engine e = engine_with();
  const PricedQuote shipped = priced(e, kShipped);
  const PricedQuote pickup = priced(e, kPickup);
  // The counter at SoHo sells out, and Uptown too: neither supplies the shipped line.
  const Engine sold = e.with_store_stock("soho", "TEE", 0).value().with_store_stock("uptown", "TEE", 0).value();
  const PricedQuote shipped_now = priced(sold, kShipped);
  EXPECT_NE(shipped_now.text(), shipped.text());  // the details did change
  EXPECT_TRUE(compare_binding(binding_of(shipped), shipped_now).empty());
  EXPECT_EQ(shipped_now.fingerprint(), shipped.fingerprint());
  // Uptown alone: the pickup at SoHo is untouched.
  const PricedQuote pickup_now = priced(e.with_store_stock("uptown", "TEE", 0).value(), kPickup);
  EXPECT_TRUE(compare_binding(binding_of(pickup), pickup_now).empty());
}

TEST(CompareBinding, AnotherShippingOptionsPriceIsNoChange) {
  const PricedQuote before = priced(engine_with(), kShipped);
  const PricedQuote after = priced(engine_with([](Json& c) {
    c["shipping"]["methods"][1]["subtotal_rates"][0]["price"] = 1900;  // express, not selected
  }), kShipped);
  EXPECT_TRUE(compare_binding(binding_of(before), after).empty());
}

TEST(CompareBinding, PriceChanged) {
  const PricedQuote before = priced(engine_with(), kShipped);
  const PricedQuote after = priced(engine_with([](Json& c) { c["products"][0]["variants"][0]["price"] = 2100; }), kShipped);
  const std::vector<BindingChange> changes = compare_binding(binding_of(before), after);
  EXPECT_EQ(reasons_at(changes, "/binding/lines/0/unit_price"), only("price_changed"));
  EXPECT_EQ(reasons_at(changes, "/binding/totals/grand_total"), only("total_changed"));
  for (const BindingChange& c : changes) {
    if (c.path == "/binding/lines/0/unit_price") {
      EXPECT_EQ(c.client, 2000);
      EXPECT_EQ(c.server, 2100);
    }
  }
}

TEST(CompareBinding, PromotionEnded) {
  const PricedQuote before = priced(engine_with(), kShipped);
  const PricedQuote after = priced(engine_with([](Json& c) { c["promotions"][0]["valid_until"] = "2026-11-01T00:00:00Z"; }), kShipped);
  const std::vector<BindingChange> changes = compare_binding(binding_of(before), after);
  EXPECT_EQ(reasons_at(changes, "/binding/promotions/0"), only("promotion_ended"));
  EXPECT_EQ(reasons_at(changes, "/binding/lines/0/discounts"), only("promotion_ended"));
}

TEST(CompareBinding, PromotionUsedUp) {
  const Engine e = engine_with();
  const PricedQuote before = priced(e, kShipped);
  Json request = Json::parse(kShipped);
  request["context"]["exhausted_promotions"] = Json::array({"fall10"});
  const PricedQuote after = priced(e, request.dump());
  const std::vector<BindingChange> changes = compare_binding(binding_of(before), after);
  EXPECT_EQ(reasons_at(changes, "/binding/promotions/0"), only("promotion_used_up"));
  EXPECT_EQ(reasons_at(changes, "/binding/lines/0/discount_total"), only("promotion_used_up"));
}

TEST(CompareBinding, TaxChanged) {
  const PricedQuote before = priced(engine_with(), kShipped);
  const PricedQuote after = priced(engine_with([](Json& c) { c["tax_rules"][0]["rate"] = "9"; }), kShipped);
  const std::vector<BindingChange> changes = compare_binding(binding_of(before), after);
  EXPECT_EQ(reasons_at(changes, "/binding/lines/0/tax"), only("tax_changed"));
  EXPECT_EQ(reasons_at(changes, "/binding/lines/0/tax_rate"), only("tax_changed"));
  EXPECT_EQ(reasons_at(changes, "/binding/totals/tax"), only("tax_changed"));
}

TEST(CompareBinding, ShippingChanged) {
  const PricedQuote before = priced(engine_with(), kShipped);
  const PricedQuote after = priced(engine_with([](Json& c) {
    c["shipping"]["methods"][0]["subtotal_rates"][0]["price"] = 700;  // standard, the selected one
  }), kShipped);
  const std::vector<BindingChange> changes = compare_binding(binding_of(before), after);
  EXPECT_EQ(reasons_at(changes, "/binding/shipping/price"), only("shipping_changed"));
  EXPECT_EQ(reasons_at(changes, "/binding/totals/shipping"), only("shipping_changed"));
}

TEST(CompareBinding, StockAtTheWarehouseOfAShippedLine) {
  const Engine e = engine_with();
  const PricedQuote before = priced(e, kShipped);
  const PricedQuote after = priced(e.with_warehouse_stock("nj", "TEE", 1).value(), kShipped);
  const std::vector<BindingChange> changes = compare_binding(binding_of(before), after);
  EXPECT_EQ(reasons_at(changes, "/binding/lines/0/fulfilment"), only("stock_at_location"));
  EXPECT_EQ(changes.size(), 1u);
}

TEST(CompareBinding, StockAtThePickupStore) {
  const Engine e = engine_with();
  const PricedQuote before = priced(e, kPickup);
  const PricedQuote after = priced(e.with_store_stock("soho", "TEE", 2).value(), kPickup);  // 2 - safety 1 < 2
  const std::vector<BindingChange> changes = compare_binding(binding_of(before), after);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, "/binding/lines/0/fulfilment");
  EXPECT_EQ(changes[0].reason, "stock_at_location");
  EXPECT_EQ(changes[0].client, Json::parse(R"({"type": "pickup", "store": "soho"})"));
}

TEST(CompareBinding, ADifferentCartOrATamperedBindingIsAChange) {
  const Engine e = engine_with();
  const PricedQuote q = priced(e, kShipped);
  Json accepted = binding_of(q);
  accepted["lines"][0]["quantity"] = 3;
  EXPECT_EQ(reasons_at(compare_binding(accepted, q), "/binding/lines/0/quantity"), only("cart_changed"));
  accepted = binding_of(q);
  accepted["currency"] = "EUR";
  EXPECT_EQ(reasons_at(compare_binding(accepted, q), "/binding/currency"), only("terms_changed"));
  accepted = binding_of(q);
  accepted["extra"] = 1;
  EXPECT_EQ(reasons_at(compare_binding(accepted, q), "/binding/extra"), only("terms_changed"));
  EXPECT_EQ(compare_binding(Json("not an object"), q).empty(), false);
}

TEST(CompareBinding, EveryReasonIsListed) {
  // The changes above use only listed reasons (docs/formats.md names the same list).
  std::vector<std::string> listed(std::begin(kBindingChangeReasons), std::end(kBindingChangeReasons));
  for (const char* r : {"cart_changed", "price_changed", "promotion_ended", "promotion_used_up", "tax_changed",
                        "shipping_changed", "stock_at_location", "total_changed", "terms_changed"}) {
    EXPECT_NE(std::find(listed.begin(), listed.end(), r), listed.end()) << r;
  }
}

}  // namespace
}  // namespace checkout
