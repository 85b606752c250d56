#include "request_loader.h"

#include <gtest/gtest.h>

#include <functional>

#include "catalog_loader.h"
#include "error.h"

namespace checkout {
namespace {

const Catalog& catalog() {
  static const Catalog c = load_catalog(Json::parse(R"({
    "currency": "EUR",
    "products": [
      {"id": "tee", "title": "Tee", "variants": [{"sku": "TEE", "price": 1999},
                                                 {"sku": "GIFT-CARD", "price": 5000, "pickup_eligible": false}]},
      {"id": "mug", "title": "Mug", "variants": [{"sku": "MUG", "price": 900, "max_per_order": 4}]}
    ],
    "shipping": {
      "warehouses": [{"id": "wh", "timezone": "CET-1CEST,M3.5.0,M10.5.0/3"}],
      "methods": [{"id": "standard", "name": "Standard", "warehouse": "wh", "zones": [{"country": "DE"}],
                   "subtotal_rates": [{"min_subtotal": 0, "price": 499}], "transit_days": {"min": 1, "max": 2}}]
    },
    "stores": [{"id": "mitte", "name": "Mitte", "country": "DE", "lat_e6": 52520000, "lon_e6": 13405000,
                "timezone": "CET-1CEST,M3.5.0,M10.5.0/3", "hours": {"mon": [["10:00", "20:00"]]}},
               {"id": "alex", "name": "Alex", "country": "DE", "lat_e6": 52521000, "lon_e6": 13413000,
                "timezone": "CET-1CEST,M3.5.0,M10.5.0/3", "hours": {}}],
    "postal_codes": [{"country": "DE", "postal_code": "10115", "lat_e6": 52532000, "lon_e6": 13384000}]
  })"), "");
  return c;
}

Error cart_error(const char* cart_json) {
  try {
    load_cart(Json::parse(cart_json), catalog(), "/cart");
  } catch (const InputError& e) {
    return e.error();
  }
  ADD_FAILURE() << "expected the cart to be rejected: " << cart_json;
  return Error{};
}

Error context_error(const char* context_json) {
  try {
    load_context(Json::parse(context_json), catalog(), "/context");
  } catch (const InputError& e) {
    return e.error();
  }
  ADD_FAILURE() << "expected the context to be rejected: " << context_json;
  return Error{};
}

#define EXPECT_CART_ERROR(json, code_, path_)  \
  do {                                         \
    Error err_ = cart_error(json);             \
    EXPECT_EQ(err_.code, code_) << err_.message; \
    EXPECT_EQ(err_.path, path_) << err_.message; \
  } while (0)

#define EXPECT_CONTEXT_ERROR(json, code_, path_) \
  do {                                           \
    Error err_ = context_error(json);            \
    EXPECT_EQ(err_.code, code_) << err_.message; \
    EXPECT_EQ(err_.path, path_) << err_.message; \
  } while (0)

TEST(CartLoader, LinesResolveAgainstTheCatalog) {
  Cart cart = load_cart(Json::parse(R"({"lines": [
      {"sku": "MUG", "quantity": 2},
      {"sku": "TEE", "quantity": 1, "fulfilment": {"type": "pickup", "store": "mitte"}},
      {"sku": "TEE", "quantity": 3, "fulfilment": {"type": "ship"}}],
    "shipping_method": "standard", "currency": "EUR"})"),
                        catalog(), "/cart");
  ASSERT_EQ(cart.lines.size(), 3u);
  EXPECT_EQ(cart.lines[0].variant_index, 2);
  EXPECT_EQ(cart.lines[0].fulfilment, Fulfilment::Ship);
  EXPECT_EQ(cart.lines[0].store_index, -1);
  EXPECT_EQ(cart.lines[1].fulfilment, Fulfilment::Pickup);
  EXPECT_EQ(cart.lines[1].store_id, "mitte");
  EXPECT_EQ(cart.lines[1].store_index, 1);  // stores sorted by id: alex, mitte
  EXPECT_EQ(cart.lines[2].quantity, 3);
  EXPECT_EQ(*cart.shipping_method, "standard");
  EXPECT_EQ(*cart.currency, "EUR");
}

TEST(CartLoader, EmptyCartIsValid) {
  Cart cart = load_cart(Json::parse(R"({"lines": []})"), catalog(), "/cart");
  EXPECT_TRUE(cart.lines.empty());
  EXPECT_FALSE(cart.shipping_method.has_value());
  EXPECT_CART_ERROR(R"({})", "missing_field", "/cart/lines");
}

TEST(CartLoader, UnknownReferences) {
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1}, {"sku": "HAT", "quantity": 1}]})", "unknown_sku",
                    "/cart/lines/1/sku");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1, "fulfilment": {"type": "pickup", "store": "moon"}}]})",
                    "unknown_store", "/cart/lines/0/fulfilment/store");
  EXPECT_CART_ERROR(R"({"lines": [], "shipping_method": "teleport"})", "unknown_shipping_method",
                    "/cart/shipping_method");
}

TEST(CartLoader, FulfilmentShapes) {
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "GIFT-CARD", "quantity": 1, "fulfilment": {"type": "pickup", "store": "mitte"}}]})",
                    "not_pickup_eligible", "/cart/lines/0/fulfilment");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1, "fulfilment": {"type": "pickup"}}]})", "missing_field",
                    "/cart/lines/0/fulfilment/store");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1, "fulfilment": {"type": "ship", "store": "mitte"}}]})",
                    "unknown_field", "/cart/lines/0/fulfilment/store");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1, "fulfilment": {"type": "drone"}}]})", "invalid_value",
                    "/cart/lines/0/fulfilment/type");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1, "fulfilment": "ship"}]})", "wrong_type",
                    "/cart/lines/0/fulfilment");
}

TEST(CartLoader, InvalidQuantities) {
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 0}]})", "invalid_quantity", "/cart/lines/0/quantity");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": -3}]})", "invalid_quantity", "/cart/lines/0/quantity");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1.5}]})", "invalid_quantity", "/cart/lines/0/quantity");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 2.0}]})", "invalid_quantity", "/cart/lines/0/quantity");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": "2"}]})", "wrong_type", "/cart/lines/0/quantity");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE"}]})", "missing_field", "/cart/lines/0/quantity");
  Error e = cart_error(R"({"lines": [{"sku": "TEE", "quantity": 0}]})");
  EXPECT_EQ(e.message, "Quantity must be at least 1.");
}

TEST(CartLoader, QuantityLimitsAreNamedInTheMessage) {
  // 1,000,000 is the maximum (kMaxQuantity).
  Cart ok = load_cart(Json::parse(R"({"lines": [{"sku": "TEE", "quantity": 1000000}]})"), catalog(), "/cart");
  EXPECT_EQ(ok.lines[0].quantity, 1000000);
  Error big = cart_error(R"({"lines": [{"sku": "TEE", "quantity": 1000001}]})");
  EXPECT_EQ(big.code, "quantity_too_large");
  EXPECT_EQ(big.path, "/cart/lines/0/quantity");
  EXPECT_NE(big.message.find("1000000"), std::string::npos) << big.message;
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 18446744073709551615}]})", "quantity_too_large",
                    "/cart/lines/0/quantity");

  // MUG has max_per_order 4.
  Error mug = cart_error(R"({"lines": [{"sku": "MUG", "quantity": 5}]})");
  EXPECT_EQ(mug.code, "quantity_too_large");
  EXPECT_EQ(mug.path, "/cart/lines/0/quantity");
  EXPECT_NE(mug.message.find("At most 4"), std::string::npos) << mug.message;
  // The limit is per order: 3 + 2 = 5 > 4 over two lines, reported at the line that crosses it.
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "MUG", "quantity": 3}, {"sku": "TEE", "quantity": 9},
                                  {"sku": "MUG", "quantity": 2, "fulfilment": {"type": "pickup", "store": "alex"}}]})",
                    "quantity_too_large", "/cart/lines/2/quantity");
  EXPECT_EQ(load_cart(Json::parse(R"({"lines": [{"sku": "MUG", "quantity": 3}, {"sku": "MUG", "quantity": 1}]})"),
                      catalog(), "/cart")
                .lines.size(),
            2u);
}

TEST(CartLoader, LineAndCouponCaps) {
  Json lines = Json::array();
  for (size_t i = 0; i <= kMaxLines; ++i) lines.push_back(Json{{"sku", "TEE"}, {"quantity", 1}});
  try {
    load_cart(Json{{"lines", lines}}, catalog(), "/cart");
    ADD_FAILURE() << "5001 lines accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.error().code, "too_many");
    EXPECT_EQ(e.error().path, "/cart/lines");
  }
  Json coupons = Json::array();
  for (size_t i = 0; i <= kMaxCoupons; ++i) coupons.push_back("C" + std::to_string(i));
  try {
    load_cart(Json{{"lines", Json::array()}, {"coupons", coupons}}, catalog(), "/cart");
    ADD_FAILURE() << "21 coupons accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.error().code, "too_many");
    EXPECT_EQ(e.error().path, "/cart/coupons");
  }
}

TEST(CartLoader, CouponsAreTrimmedButOtherwiseKeptAsEntered) {
  Cart cart = load_cart(Json::parse(R"({"lines": [], "coupons": ["  save10 ", "Save10", "WELCOME"]})"), catalog(), "/cart");
  // Case and duplicates are the promotions stage's business (it explains them).
  EXPECT_EQ(cart.coupons, (std::vector<std::string>{"save10", "Save10", "WELCOME"}));
  EXPECT_CART_ERROR(R"({"lines": [], "coupons": ["ok", "   "]})", "invalid_value", "/cart/coupons/1");
  EXPECT_CART_ERROR(R"({"lines": [], "coupons": [10]})", "wrong_type", "/cart/coupons/0");
}

TEST(CartLoader, CurrencyMustMatchTheCatalog) {
  EXPECT_CART_ERROR(R"({"lines": [], "currency": "USD"})", "currency_mismatch", "/cart/currency");
  EXPECT_CART_ERROR(R"({"lines": [], "currency": "eur"})", "currency_mismatch", "/cart/currency");
}

TEST(CartLoader, UnknownFields) {
  EXPECT_CART_ERROR(R"({"lines": [], "discount": 5})", "unknown_field", "/cart/discount");
  EXPECT_CART_ERROR(R"({"lines": [{"sku": "TEE", "quantity": 1, "price": 1}]})", "unknown_field", "/cart/lines/0/price");
}

TEST(ContextLoader, DefaultsAndNormalisation) {
  Context ctx = load_context(Json::parse(R"({"now": "2026-11-22T14:03:00Z"})"), catalog(), "/context");
  // Days to 2026-01-01 = 56*365 + 14 leap days (1972..2024) = 20454; Jan..Oct 2026 = 304; Nov 22 is +21 -> 20779.
  EXPECT_EQ(ctx.now, 20779LL * 86400 + 14 * 3600 + 3 * 60);
  EXPECT_EQ(ctx.channel, "web");
  EXPECT_FALSE(ctx.destination.has_value());
  EXPECT_FALSE(ctx.location.has_value());
  EXPECT_EQ(ctx.customer_group, "");
  EXPECT_EQ(ctx.max_pickup_stores, 10);

  Context full = load_context(Json::parse(R"({"now": "2026-11-22T09:03:00-05:00", "channel": "App",
      "destination": {"country": "DE", "region": "BE", "postal_code": "10115"},
      "location": {"lat_e6": 52500000, "lon_e6": 13400000}, "customer_group": "vip", "max_pickup_stores": 3,
      "exhausted_promotions": ["b", "a", "b"]})"),
                              catalog(), "/context");
  EXPECT_EQ(full.now, ctx.now);  // 09:03 at -05:00 is 14:03 UTC
  EXPECT_EQ(full.channel, "app");
  EXPECT_EQ(full.destination->country, "DE");
  EXPECT_EQ(full.destination->postal_code, "10115");
  EXPECT_EQ(full.location->lat_e6, 52500000);
  EXPECT_EQ(full.customer_group, "vip");
  EXPECT_EQ(full.max_pickup_stores, 3);
  EXPECT_EQ(full.exhausted_promotions, (std::vector<std::string>{"a", "b"}));
}

TEST(ContextLoader, LocationFromAKnownPostalCode) {
  Context ctx = load_context(
      Json::parse(R"({"now": "2026-11-22T14:03:00Z", "location": {"country": "DE", "postal_code": " 10115"}})"), catalog(),
      "/context");
  ASSERT_TRUE(ctx.location.has_value());
  EXPECT_EQ(ctx.location->lat_e6, 52532000);
  EXPECT_EQ(ctx.location->lon_e6, 13384000);
  Error e = context_error(R"({"now": "2026-11-22T14:03:00Z", "location": {"country": "DE", "postal_code": "99999"}})");
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.path, "/context/location/postal_code");
  EXPECT_NE(e.message.find("99999"), std::string::npos) << e.message;
}

TEST(ContextLoader, Errors) {
  EXPECT_CONTEXT_ERROR(R"({})", "missing_field", "/context/now");
  EXPECT_CONTEXT_ERROR(R"({"now": 1764000000})", "wrong_type", "/context/now");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22 14:03"})", "invalid_value", "/context/now");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "clock": 1})", "unknown_field", "/context/clock");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "destination": {"country": "de"}})", "invalid_value",
                       "/context/destination/country");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "destination": {"region": "BE"}})", "missing_field",
                       "/context/destination/country");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "location": {"lat_e6": 1}})", "missing_field",
                       "/context/location/lon_e6");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "location": {"lat_e6": 1, "lon_e6": 2, "country": "DE"}})",
                       "unknown_field", "/context/location/country");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "location": {"lat_e6": 95000000, "lon_e6": 0}})",
                       "invalid_value", "/context/location/lat_e6");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "max_pickup_stores": 101})", "invalid_value",
                       "/context/max_pickup_stores");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "channel": ""})", "invalid_value", "/context/channel");
  EXPECT_CONTEXT_ERROR(R"({"now": "2026-11-22T14:03:00Z", "exhausted_promotions": "a"})", "wrong_type",
                       "/context/exhausted_promotions");
}

}  // namespace
}  // namespace checkout
