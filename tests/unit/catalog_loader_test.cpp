#include "catalog_loader.h"

#include <gtest/gtest.h>

#include <functional>

#include "catalog_direct.h"
#include "checkout/engine.h"
#include "error.h"

namespace checkout {
namespace {

const char* kNewYork = "EST5EDT,M3.2.0,M11.1.0";

// A small valid catalog that each test bends in one place.
Json base_catalog() {
  return Json::parse(R"({
    "currency": "USD",
    "products": [
      {"id": "tee", "title": "Classic Tee", "tax_category": "reduced", "categories": ["tops", "apparel", "tops"],
       "variants": [{"sku": "TEE-M", "title": "M", "price": 1999},
                    {"sku": "TEE-L", "price": 2099, "tax_category": "standard", "pickup_eligible": false}]},
      {"id": "mug", "title": "Mug", "variants": [{"sku": "MUG", "price": 900, "weight_g": 350, "max_per_order": 4}]}
    ],
    "shipping": {
      "warehouses": [{"id": "nj", "timezone": "EST5EDT,M3.2.0,M11.1.0"}],
      "methods": [{"id": "standard", "name": "Standard", "warehouse": "nj", "zones": [{"country": "US"}],
                   "subtotal_rates": [{"min_subtotal": 0, "price": 599}], "transit_days": {"min": 3, "max": 5}}]
    },
    "stores": [{"id": "soho", "name": "SoHo", "country": "US", "lat_e6": 40723000, "lon_e6": -74000000,
                "timezone": "EST5EDT,M3.2.0,M11.1.0", "hours": {"mon": [["09:00", "21:00"]]}}]
  })");
}

Error load_error(const Json& catalog, const std::string& prefix = "") {
  try {
    Catalog c = load_catalog(catalog, prefix);
    load_stock(catalog, c, prefix);
  } catch (const InputError& e) {
    // Every catalog refused here is refused by the loader Engine::load(text)
    // uses too, with the same error (catalog_direct_test.cpp has more).
    const std::string text = catalog.dump();
    EXPECT_FALSE(load_catalog_direct(text, prefix).has_value()) << "direct loader accepted: " << e.error().message;
    Result<Engine> engine = Engine::load(std::string_view(text), prefix);
    EXPECT_FALSE(engine.ok());
    if (!engine.ok()) {
      EXPECT_EQ(engine.error().code, e.error().code);
      EXPECT_EQ(engine.error().message, e.error().message);
      EXPECT_EQ(engine.error().path, e.error().path);
    }
    return e.error();
  }
  ADD_FAILURE() << "expected the catalog to be rejected";
  return Error{};
}

#define EXPECT_ERROR(catalog, code_, path_)      \
  do {                                           \
    Error err_ = load_error(catalog);            \
    EXPECT_EQ(err_.code, code_) << err_.message; \
    EXPECT_EQ(err_.path, path_) << err_.message; \
  } while (0)

TEST(CatalogLoader, MinimalCatalogGetsTheDocumentedDefaults) {
  Json j = Json::parse(R"({"currency": "USD", "products": [{"id": "p", "title": "P", "variants": [{"sku": "S", "price": 0}]}]})");
  Catalog c = load_catalog(j, "");
  EXPECT_EQ(c.exponent, 2);
  EXPECT_FALSE(c.prices_include_tax);
  EXPECT_EQ(c.rounding, RoundingMode::HalfEven);
  EXPECT_EQ(c.tax_calculation, TaxCalculation::PerLine);
  ASSERT_EQ(c.variants.size(), 1u);
  EXPECT_TRUE(c.variants[0].pickup_eligible);
  EXPECT_EQ(c.variants[0].max_per_order, 0);
  EXPECT_EQ(c.variants[0].tax_category, TaxCategory::Standard);
  EXPECT_TRUE(c.promotions.empty());
  EXPECT_TRUE(c.shipping_methods.empty());
  // Default weekend is Saturday and Sunday ([0] = Sunday).
  EXPECT_TRUE(c.calendar.weekend[0]);
  EXPECT_TRUE(c.calendar.weekend[6]);
  EXPECT_FALSE(c.calendar.weekend[1]);
}

TEST(CatalogLoader, ProductsAndVariantsAreLinkedBothWays) {
  Catalog c = load_catalog(base_catalog(), "");
  ASSERT_EQ(c.products.size(), 2u);
  ASSERT_EQ(c.variants.size(), 3u);
  EXPECT_EQ(c.products[0].variant_indices, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(c.products[1].variant_indices, (std::vector<int32_t>{2}));
  EXPECT_EQ(c.variants[2].product_index, 1);
  EXPECT_EQ(c.variant_by_sku.at("MUG"), 2);
  EXPECT_EQ(c.products[0].categories, (std::vector<std::string>{"apparel", "tops"}));  // sorted, unique
  // The product's tax category is the default; a variant may override it.
  EXPECT_EQ(c.variants[0].tax_category, TaxCategory::Reduced);
  EXPECT_EQ(c.variants[1].tax_category, TaxCategory::Standard);
  EXPECT_FALSE(c.variants[1].pickup_eligible);
  EXPECT_EQ(c.variants[2].weight_g, 350);
  EXPECT_EQ(c.variants[2].max_per_order, 4);
}

// purchase_limit is the server's (flash-sale caps); the core checks its shape.
TEST(CatalogLoader, PurchaseLimitShape) {
  Json j = base_catalog();
  Json& mug = j["products"][1]["variants"][0];
  mug["purchase_limit"] = Json::parse(R"({"per_customer": 2, "per_client": 3, "window_hours": 24})");
  Catalog c = load_catalog(j, "");
  EXPECT_EQ(c.variants[2].purchase_limit_per_customer, 2);
  EXPECT_EQ(c.variants[2].purchase_limit_per_client, 3);
  EXPECT_EQ(c.variants[2].purchase_limit_window_s, 86400);  // 24 x 3600
  EXPECT_EQ(c.variants[0].purchase_limit_window_s, 0);      // none
  mug["purchase_limit"] = Json::parse(R"({"per_client": 1, "window_hours": 1})");
  EXPECT_EQ(load_catalog(j, "").variants.size(), 3u);
  mug["purchase_limit"] = Json::parse(R"({"window_hours": 24})");
  EXPECT_ERROR(j, "missing_field", "/products/1/variants/0/purchase_limit");
  mug["purchase_limit"] = Json::parse(R"({"per_customer": 2})");
  EXPECT_ERROR(j, "missing_field", "/products/1/variants/0/purchase_limit/window_hours");
  mug["purchase_limit"] = Json::parse(R"({"per_customer": 0, "window_hours": 24})");
  EXPECT_ERROR(j, "invalid_value", "/products/1/variants/0/purchase_limit/per_customer");
  mug["purchase_limit"] = Json::parse(R"({"per_customer": 2, "window_hours": 24, "per_ip": 1})");
  EXPECT_ERROR(j, "unknown_field", "/products/1/variants/0/purchase_limit/per_ip");
}

TEST(CatalogLoader, RoundingAndTaxInclusiveSettings) {
  Json j = base_catalog();
  j["prices_include_tax"] = true;
  j["rounding"] = Json::parse(R"({"mode": "half_up", "tax_calculation": "per_order"})");
  Catalog c = load_catalog(j, "");
  EXPECT_TRUE(c.prices_include_tax);
  EXPECT_EQ(c.rounding, RoundingMode::HalfUp);
  EXPECT_EQ(c.tax_calculation, TaxCalculation::PerOrder);
  j["rounding"]["mode"] = "banker";
  EXPECT_ERROR(j, "invalid_value", "/rounding/mode");
}

TEST(CatalogLoader, CurrencyMustBeKnown) {
  Json j = base_catalog();
  j["currency"] = "JPY";
  EXPECT_EQ(load_catalog(j, "").exponent, 0);
  j["currency"] = "KWD";
  EXPECT_EQ(load_catalog(j, "").exponent, 3);
  j["currency"] = "XYZ";
  EXPECT_ERROR(j, "unknown_currency", "/currency");
  j["currency"] = "usd";
  EXPECT_ERROR(j, "unknown_currency", "/currency");
  j.erase("currency");
  EXPECT_ERROR(j, "missing_field", "/currency");
}

TEST(CatalogLoader, ErrorPathsCarryThePrefix) {
  Json j = base_catalog();
  j["currency"] = "XYZ";
  EXPECT_EQ(load_error(j, "/catalog").path, "/catalog/currency");
}

TEST(CatalogLoader, UnknownFieldsAreRejectedEverywhere) {
  Json j = base_catalog();
  j["colour"] = "red";
  EXPECT_ERROR(j, "unknown_field", "/colour");
  j = base_catalog();
  j["products"][1]["variants"][0]["colour"] = "red";
  EXPECT_ERROR(j, "unknown_field", "/products/1/variants/0/colour");
  j = base_catalog();
  j["stores"][0]["hours"]["monday"] = Json::array();
  EXPECT_ERROR(j, "unknown_field", "/stores/0/hours/monday");
}

TEST(CatalogLoader, ProductListBounds) {
  Json j = base_catalog();
  j["products"] = Json::array();
  EXPECT_ERROR(j, "invalid_value", "/products");
  j.erase("products");
  EXPECT_ERROR(j, "missing_field", "/products");
  j = base_catalog();
  j["products"][0]["variants"] = Json::array();
  EXPECT_ERROR(j, "invalid_value", "/products/0/variants");
}

TEST(CatalogLoader, TooManyProductsAndVariants) {
  Json j = base_catalog();
  Json many = Json::array();
  for (size_t i = 0; i <= kMaxProducts; ++i) many.push_back(Json::object());  // 100001: rejected before reading any
  j["products"] = many;
  EXPECT_ERROR(j, "too_many", "/products");

  j = base_catalog();
  Json variants = Json::array();
  for (int i = 0; i <= 100; ++i) variants.push_back(Json{{"sku", "V" + std::to_string(i)}, {"price", 1}});
  j["products"][0]["variants"] = variants;
  EXPECT_ERROR(j, "too_many", "/products/0/variants");
  variants.erase(variants.size() - 1);  // exactly 100 is fine
  j["products"][0]["variants"] = variants;
  EXPECT_EQ(load_catalog(j, "").variants.size(), 101u);  // 100 + the mug
}

TEST(CatalogLoader, DuplicateIdsAndSkus) {
  Json j = base_catalog();
  j["products"][1]["id"] = "tee";
  EXPECT_ERROR(j, "duplicate_id", "/products/1/id");
  j = base_catalog();
  j["products"][1]["variants"][0]["sku"] = "TEE-M";  // SKUs are unique across products
  EXPECT_ERROR(j, "duplicate_id", "/products/1/variants/0/sku");
}

TEST(CatalogLoader, PriceRange) {
  Json j = base_catalog();
  j["products"][0]["variants"][0]["price"] = 1000000000000000;  // 10^15: the maximum
  EXPECT_EQ(load_catalog(j, "").variants[0].price, 1000000000000000);
  j["products"][0]["variants"][0]["price"] = 1000000000000001;
  EXPECT_ERROR(j, "invalid_value", "/products/0/variants/0/price");
  j["products"][0]["variants"][0]["price"] = -1;
  EXPECT_ERROR(j, "invalid_value", "/products/0/variants/0/price");
  j["products"][0]["variants"][0]["price"] = 19.99;
  EXPECT_ERROR(j, "wrong_type", "/products/0/variants/0/price");
  j["products"][0]["variants"][0]["price"] = "1999";
  EXPECT_ERROR(j, "wrong_type", "/products/0/variants/0/price");
  j = base_catalog();
  j["products"][0]["variants"][0]["compare_at_price"] = -5;
  EXPECT_ERROR(j, "invalid_value", "/products/0/variants/0/compare_at_price");
}

Json promotion(const char* id, int priority, const char* effect_json) {
  Json p = {{"id", id}, {"title", std::string("Promo ") + id}, {"priority", priority}};
  p["effect"] = Json::parse(effect_json);
  return p;
}

TEST(CatalogLoader, PromotionsSortByPriorityThenId) {
  Json j = base_catalog();
  j["promotions"] = Json::array({promotion("b", 1, R"({"type": "percent_off", "percent": "10"})"),
                                 promotion("c", 0, R"({"type": "percent_off", "percent": 5})"),
                                 promotion("a", 1, R"({"type": "amount_off", "amount": 500})")});
  Catalog c = load_catalog(j, "");
  ASSERT_EQ(c.promotions.size(), 3u);
  EXPECT_EQ(c.promotions[0].id, "c");
  EXPECT_EQ(c.promotions[1].id, "a");
  EXPECT_EQ(c.promotions[2].id, "b");
  EXPECT_EQ(c.promotions[0].effect.percent.e8, 5'000'000);  // 5 % * 1e6
  EXPECT_FALSE(c.promotions[1].effect.per_unit);          // "per" defaults to order
  EXPECT_FALSE(c.promotions[1].exclusive);
}

TEST(CatalogLoader, PromotionCodesAreTrimmedUpperCasedAndUniqueAcrossPromotions) {
  Json j = base_catalog();
  Json a = promotion("a", 0, R"({"type": "percent_off", "percent": "10"})");
  a["codes"] = {" fall10 ", "Autumn"};
  Json b = promotion("b", 0, R"({"type": "percent_off", "percent": "10"})");
  b["codes"] = {"SPRING"};
  j["promotions"] = Json::array({a, b});
  Catalog c = load_catalog(j, "");
  EXPECT_EQ(c.promotions[0].codes, (std::vector<std::string>{"FALL10", "AUTUMN"}));

  j["promotions"][1]["codes"] = {"spring", "FALL10"};
  EXPECT_ERROR(j, "duplicate_id", "/promotions/1/codes/1");
  j["promotions"][1]["codes"] = {"   "};
  EXPECT_ERROR(j, "invalid_value", "/promotions/1/codes/0");
}

TEST(CatalogLoader, DuplicatePromotionIds) {
  Json j = base_catalog();
  j["promotions"] = Json::array({promotion("a", 0, R"({"type": "percent_off", "percent": "10"})"),
                                 promotion("a", 1, R"({"type": "percent_off", "percent": "20"})")});
  EXPECT_ERROR(j, "duplicate_id", "/promotions/1/id");
}

TEST(CatalogLoader, PromotionFieldsAndWindow) {
  Json j = base_catalog();
  Json p = promotion("a", 0, R"({"type": "free_shipping", "methods": ["standard"], "countries": ["US", "CA", "US"]})");
  p["combination"] = "exclusive";
  p["stop_further"] = true;
  p["channels"] = {"Web", "APP", "web"};
  p["customer_groups"] = {"vip", "staff"};
  p["valid_from"] = "2026-11-01T00:00:00Z";
  p["valid_until"] = "2026-12-01T00:00:00Z";
  p["usage_limit"] = 100;
  p["conditions"] = {{"min_subtotal", 5000}, {"min_quantity", 2}};
  p["target"] = {{"categories", {"tops"}}, {"skus", {"MUG"}}};
  j["promotions"] = Json::array({p});
  Promotion got = load_catalog(j, "").promotions.at(0);
  EXPECT_TRUE(got.exclusive);
  EXPECT_TRUE(got.stop_further);
  EXPECT_EQ(got.channels, (std::vector<std::string>{"app", "web"}));  // lower-cased like the context's channel
  EXPECT_EQ(got.customer_groups, (std::vector<std::string>{"staff", "vip"}));
  EXPECT_EQ(*got.valid_until - *got.valid_from, 30 * 86400);  // November has 30 days
  EXPECT_EQ(*got.usage_limit, 100);
  EXPECT_EQ(got.min_subtotal, 5000);
  EXPECT_EQ(got.min_quantity, 2);
  EXPECT_EQ(got.target.categories, (std::vector<std::string>{"tops"}));
  EXPECT_EQ(got.effect.type, EffectType::FreeShipping);
  EXPECT_EQ(got.effect.shipping_countries, (std::vector<std::string>{"CA", "US"}));
  EXPECT_EQ(got.effect.shipping_methods, (std::vector<std::string>{"standard"}));

  j["promotions"][0]["valid_until"] = "2026-11-01T00:00:00Z";  // empty window [from, from)
  EXPECT_ERROR(j, "invalid_value", "/promotions/0/valid_until");
  j["promotions"][0]["valid_until"] = "2026-12-01T00:00:00Z";
  j["promotions"][0]["target"]["skus"] = {"MUG", "MUG"};
  EXPECT_ERROR(j, "duplicate_id", "/promotions/0/target/skus/1");
  j["promotions"][0]["target"] = {{"sku", {"MUG"}}};
  EXPECT_ERROR(j, "unknown_field", "/promotions/0/target/sku");
  j["promotions"][0].erase("target");
  j["promotions"][0]["combination"] = "solo";
  EXPECT_ERROR(j, "invalid_value", "/promotions/0/combination");
}

// Each effect shape must be complete and hold only its own fields.
struct EffectCase {
  const char* effect;
  const char* code;
  const char* path;  // under /promotions/0/effect
};

TEST(CatalogLoader, EffectShapesAreCompleteAndConsistent) {
  const EffectCase cases[] = {
      {R"({"type": "percent_off"})", "missing_field", "/percent"},
      {R"({"type": "percent_off", "percent": "0"})", "invalid_value", "/percent"},
      {R"({"type": "percent_off", "percent": "100.5"})", "invalid_value", "/percent"},
      {R"({"type": "percent_off", "percent": 10.5})", "wrong_type", "/percent"},
      {R"({"type": "percent_off", "percent": "10", "amount": 5})", "unknown_field", "/amount"},
      {R"({"type": "amount_off", "amount": 0})", "invalid_value", "/amount"},
      {R"({"type": "amount_off", "amount": 5, "per": "line"})", "invalid_value", "/per"},
      {R"({"type": "fixed_price"})", "missing_field", "/price"},
      {R"({"type": "buy_x_get_y", "buy": 0, "get": 1})", "invalid_value", "/buy"},
      {R"({"type": "buy_x_get_y", "buy": 2, "get": 0})", "invalid_value", "/get"},
      {R"({"type": "buy_x_get_y", "buy": 2})", "missing_field", "/get"},
      {R"({"type": "tiered", "tiers": [{"threshold": 0, "percent": 5}]})", "missing_field", "/basis"},
      {R"({"type": "tiered", "basis": "subtotal", "tiers": []})", "invalid_value", "/tiers"},
      {R"({"type": "tiered", "basis": "subtotal", "tiers": [{"threshold": 5000, "percent": 5}, {"threshold": 5000, "percent": 10}]})",
       "invalid_value", "/tiers/1/threshold"},
      {R"({"type": "tiered", "basis": "quantity", "tiers": [{"threshold": 3, "percent": 5, "amount": 100}]})",
       "invalid_value", "/tiers/0/amount"},
      {R"({"type": "tiered", "basis": "quantity", "tiers": [{"threshold": 3}]})", "missing_field", "/tiers/0/percent"},
      {R"({"type": "free_shipping", "countries": ["usa"]})", "invalid_value", "/countries/0"},
      {R"({"type": "free_shipping", "methods": ["a", "a"]})", "duplicate_id", "/methods/1"},
      {R"({"type": "teleport"})", "invalid_value", "/type"},
      {R"({"percent": "10"})", "missing_field", "/type"},
  };
  for (const EffectCase& ec : cases) {
    Json j = base_catalog();
    j["promotions"] = Json::array({promotion("a", 0, ec.effect)});
    Error e = load_error(j);
    EXPECT_EQ(e.code, ec.code) << ec.effect << ": " << e.message;
    EXPECT_EQ(e.path, std::string("/promotions/0/effect") + ec.path) << ec.effect;
  }
  Json j = base_catalog();
  j["promotions"] = Json::array();
  j["promotions"].push_back(Json{{"id", "x"}, {"title", "X"}});
  EXPECT_ERROR(j, "missing_field", "/promotions/0/effect");
}

TEST(CatalogLoader, ValidEffectShapesLoadWithTheirDefaults) {
  Json j = base_catalog();
  j["promotions"] = Json::array(
      {promotion("bxgy", 0, R"({"type": "buy_x_get_y", "buy": 2, "get": 1})"),
       promotion("tier", 0, R"({"type": "tiered", "basis": "quantity", "tiers": [{"threshold": 2, "percent": "5"}, {"threshold": 5, "amount": 1000}]})"),
       promotion("unit", 0, R"({"type": "amount_off", "amount": 100, "per": "unit"})")});
  Catalog c = load_catalog(j, "");
  const Effect& bxgy = c.promotions[0].effect;
  EXPECT_EQ(bxgy.buy, 2);
  EXPECT_EQ(bxgy.get, 1);
  EXPECT_EQ(bxgy.percent.e8, kRateOne);  // default 100 % = free
  EXPECT_EQ(bxgy.max_applications, 0);
  const Effect& tier = c.promotions[1].effect;
  EXPECT_EQ(tier.tier_basis, TierBasis::Quantity);
  ASSERT_EQ(tier.tiers.size(), 2u);
  EXPECT_EQ(tier.tiers[0].percent->e8, 5'000'000);
  EXPECT_FALSE(tier.tiers[0].amount.has_value());
  EXPECT_EQ(*tier.tiers[1].amount, 1000);
  EXPECT_TRUE(c.promotions[2].effect.per_unit);
}

TEST(CatalogLoader, TooManyPromotionsStoresAndTaxRules) {
  Json j = base_catalog();
  j["promotions"] = Json::array();
  for (size_t i = 0; i <= kMaxPromotions; ++i) j["promotions"].push_back(Json::object());
  EXPECT_ERROR(j, "too_many", "/promotions");
  j = base_catalog();
  j["stores"] = Json::array();
  for (size_t i = 0; i <= kMaxStores; ++i) j["stores"].push_back(Json::object());
  EXPECT_ERROR(j, "too_many", "/stores");
  j = base_catalog();
  j["tax_rules"] = Json::array();
  for (size_t i = 0; i <= kMaxTaxRules; ++i) j["tax_rules"].push_back(Json::object());
  EXPECT_ERROR(j, "too_many", "/tax_rules");
}

TEST(CatalogLoader, TaxRules) {
  Json j = base_catalog();
  j["tax_rules"] = Json::parse(R"([
    {"id": "us-ny", "name": "NY", "country": "US", "region": "NY", "rate": "8.875"},
    {"id": "de", "name": "MwSt", "country": "DE", "rate": 19, "reduced_rate": "7", "shipping_taxable": true}])");
  Catalog c = load_catalog(j, "");
  ASSERT_EQ(c.tax_rules.size(), 2u);
  EXPECT_EQ(c.tax_rules[0].reduced.e8, 8'875'000);  // reduced defaults to the standard rate
  EXPECT_EQ(c.tax_rules[1].standard.e8, 19'000'000);
  EXPECT_EQ(c.tax_rules[1].reduced.e8, 7'000'000);
  EXPECT_TRUE(c.tax_rules[1].shipping_taxable);
  j["tax_rules"][1]["id"] = "us-ny";
  EXPECT_ERROR(j, "duplicate_id", "/tax_rules/1/id");
  j["tax_rules"][1]["id"] = "de";
  j["tax_rules"][1]["country"] = "Germany";
  EXPECT_ERROR(j, "invalid_value", "/tax_rules/1/country");
  j["tax_rules"][1]["country"] = "DE";
  j["tax_rules"][1]["rate"] = "19.1234567";  // 7 decimals
  EXPECT_ERROR(j, "invalid_value", "/tax_rules/1/rate");
}

TEST(CatalogLoader, ShippingCalendar) {
  Json j = base_catalog();
  j["shipping"]["calendar"] = Json::parse(R"({"weekend": ["fri", "sat"], "holidays": ["1970-01-03", "1970-01-02", "1970-01-03"]})");
  Catalog c = load_catalog(j, "");
  EXPECT_TRUE(c.calendar.weekend[5]);   // Friday
  EXPECT_TRUE(c.calendar.weekend[6]);   // Saturday
  EXPECT_FALSE(c.calendar.weekend[0]);  // Sunday no longer
  EXPECT_EQ(c.calendar.holidays, (std::vector<int32_t>{1, 2}));  // days since 1970-01-01, sorted unique
  j["shipping"]["calendar"]["weekend"] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  EXPECT_ERROR(j, "invalid_value", "/shipping/calendar/weekend");
  j["shipping"]["calendar"]["weekend"] = {"sunday"};
  EXPECT_ERROR(j, "invalid_value", "/shipping/calendar/weekend/0");
  j["shipping"]["calendar"]["weekend"] = Json::array();  // no weekend at all is fine
  EXPECT_FALSE(load_catalog(j, "").calendar.weekend[0]);
  j["shipping"]["calendar"]["holidays"] = {"2026-02-30"};
  EXPECT_ERROR(j, "invalid_value", "/shipping/calendar/holidays/0");
}

TEST(CatalogLoader, Warehouses) {
  Json j = base_catalog();
  j["shipping"]["warehouses"][0]["cutoff"] = "16:30";
  j["shipping"]["warehouses"][0]["handling_days"] = 2;
  Catalog c = load_catalog(j, "");
  EXPECT_EQ(c.warehouses[0].cutoff_minutes, 16 * 60 + 30);
  EXPECT_EQ(c.warehouses[0].handling_days, 2);
  EXPECT_EQ(c.warehouse_by_id.at("nj"), 0);
  j["shipping"]["warehouses"][0]["timezone"] = "Mars/Olympus_Mons";
  EXPECT_ERROR(j, "invalid_value", "/shipping/warehouses/0/timezone");
  j = base_catalog();
  j["shipping"]["warehouses"].push_back(j["shipping"]["warehouses"][0]);
  EXPECT_ERROR(j, "duplicate_id", "/shipping/warehouses/1/id");
}

TEST(CatalogLoader, ShippingMethodsSortedAndValidated) {
  Json j = base_catalog();
  Json express = Json::parse(R"({"id": "express", "name": "Express", "warehouse": "nj",
      "zones": [{"country": "US", "regions": ["NY", "CA", "NY"], "postal_prefixes": ["10"]}],
      "weight_rates": [{"max_weight_g": 1000, "price": 900}, {"max_weight_g": 5000, "price": 1500}],
      "free_over": 10000, "transit_days": {"min": 1, "max": 1}, "tax_category": "zero"})");
  j["shipping"]["methods"].push_back(express);
  Catalog c = load_catalog(j, "");
  ASSERT_EQ(c.shipping_methods.size(), 2u);
  EXPECT_EQ(c.shipping_methods[0].id, "express");  // sorted by id
  EXPECT_EQ(c.shipping_method_by_id.at("standard"), 1);
  const ShippingMethod& m = c.shipping_methods[0];
  EXPECT_EQ(m.zones[0].regions, (std::vector<std::string>{"CA", "NY"}));
  EXPECT_EQ(m.weight_rates.size(), 2u);
  EXPECT_EQ(*m.free_over, 10000);
  EXPECT_EQ(m.tax_category, TaxCategory::Zero);
  EXPECT_EQ(m.warehouse_index, 0);

  const EffectCase cases[] = {  // (method patch, code, path under /shipping/methods/1)
      {R"({"warehouse": "ca"})", "invalid_value", "/warehouse"},
      {R"({"transit_days": {"min": 3, "max": 2}})", "invalid_value", "/transit_days/max"},
      {R"({"transit_days": {"max": null}})", "missing_field", "/transit_days/max"},  // merge patch: null removes
      {R"({"weight_rates": [{"max_weight_g": 5000, "price": 1}, {"max_weight_g": 5000, "price": 2}]})", "invalid_value",
       "/weight_rates/1/max_weight_g"},
      {R"({"weight_rates": [], "subtotal_rates": [{"min_subtotal": 100, "price": 1}]})", "invalid_value",
       "/subtotal_rates/0/min_subtotal"},
      {R"({"weight_rates": [], "subtotal_rates": [{"min_subtotal": 0, "price": 1}, {"min_subtotal": 0, "price": 2}]})",
       "invalid_value", "/subtotal_rates/1/min_subtotal"},
      {R"({"weight_rates": []})", "missing_field", "/weight_rates"},
      {R"({"zones": []})", "invalid_value", "/zones"},
      {R"({"zones": [{"country": "US", "cities": []}]})", "unknown_field", "/zones/0/cities"},
      {R"({"id": "standard"})", "duplicate_id", "/id"},
      {R"({"free_over": -1})", "invalid_value", "/free_over"},
  };
  for (const EffectCase& mc : cases) {
    Json bad = base_catalog();
    Json method = express;
    method.merge_patch(Json::parse(mc.effect));
    bad["shipping"]["methods"].push_back(method);
    Error e = load_error(bad);
    EXPECT_EQ(e.code, mc.code) << mc.effect << ": " << e.message;
    EXPECT_EQ(e.path, std::string("/shipping/methods/1") + mc.path) << mc.effect;
  }
}

TEST(CatalogLoader, StoresSortedByIdWithWeeklyHours) {
  Json j = base_catalog();
  Json store = Json::parse(R"({"id": "brooklyn", "name": "Brooklyn", "address": "1 Main St", "country": "US",
      "region": "NY", "postal_code": "11201", "lat_e6": 40693000, "lon_e6": -73990000, "timezone": "EST5EDT,M3.2.0,M11.1.0",
      "hours": {"sun": [], "sat": [["13:00", "24:00"], ["08:00", "12:00"]]},
      "preparation_minutes": 45, "curbside": true, "safety_stock": 2})");
  j["stores"].push_back(store);
  Catalog c = load_catalog(j, "");
  ASSERT_EQ(c.stores.size(), 2u);
  EXPECT_EQ(c.stores[0].id, "brooklyn");
  EXPECT_EQ(c.store_by_id.at("soho"), 1);
  const Store& s = c.stores[0];
  EXPECT_EQ(s.location.lat_e6, 40693000);
  EXPECT_EQ(s.preparation_minutes, 45);
  EXPECT_TRUE(s.curbside);
  EXPECT_EQ(s.safety_stock, 2);
  EXPECT_TRUE(s.hours[0].empty());  // Sunday closed
  // Saturday, sorted: 08:00-12:00 = [480, 720), 13:00-24:00 = [780, 1440).
  EXPECT_EQ(s.hours[6], (std::vector<std::pair<int32_t, int32_t>>{{480, 720}, {780, 1440}}));
  EXPECT_EQ(c.stores[1].hours[1], (std::vector<std::pair<int32_t, int32_t>>{{540, 1260}}));  // soho Monday 09:00-21:00

  const EffectCase cases[] = {  // (store patch, code, path under /stores/1)
      {R"({"hours": {"mon": [["09:00", "13:00"], ["12:00", "18:00"]]}})", "invalid_value", "/hours/mon"},
      {R"({"hours": {"mon": [["21:00", "09:00"]]}})", "invalid_value", "/hours/mon/0/1"},
      {R"({"hours": {"mon": [["09:00", "09:00"]]}})", "invalid_value", "/hours/mon/0/1"},
      {R"({"hours": {"mon": [["09:00"]]}})", "invalid_value", "/hours/mon/0"},
      {R"({"hours": {"mon": [["9am", "5pm"]]}})", "invalid_value", "/hours/mon/0/0"},
      {R"({"hours": {"mon": "09:00-17:00"}})", "wrong_type", "/hours/mon"},
      {R"({"lat_e6": 90000001})", "invalid_value", "/lat_e6"},
      {R"({"lon_e6": -180000001})", "invalid_value", "/lon_e6"},
      {R"({"timezone": "not a zone"})", "invalid_value", "/timezone"},
      {R"({"id": "soho"})", "duplicate_id", "/id"},
      {R"({"safety_stock": -1})", "invalid_value", "/safety_stock"},
  };
  for (const EffectCase& sc : cases) {
    Json bad = base_catalog();
    Json s2 = store;
    s2.merge_patch(Json::parse(sc.effect));
    bad["stores"].push_back(s2);
    Error e = load_error(bad);
    EXPECT_EQ(e.code, sc.code) << sc.effect << ": " << e.message;
    EXPECT_EQ(e.path, std::string("/stores/1") + sc.path) << sc.effect;
  }
  Json no_hours = base_catalog();
  no_hours["stores"][0].erase("hours");
  EXPECT_ERROR(no_hours, "missing_field", "/stores/0/hours");
}

TEST(CatalogLoader, PostalCodeCentroidsAreKeyedNormalised) {
  Json j = base_catalog();
  j["postal_codes"] = Json::parse(R"([{"country": "GB", "postal_code": "sw1a 1aa", "lat_e6": 51501000, "lon_e6": -141000}])");
  Catalog c = load_catalog(j, "");
  EXPECT_EQ(postal_code_key("GB", "SW1A1AA"), "GB:SW1A1AA");
  ASSERT_EQ(c.postal_codes.count("GB:SW1A1AA"), 1u);
  EXPECT_EQ(c.postal_codes.at("GB:SW1A1AA").lat_e6, 51501000);
  j["postal_codes"].push_back(Json::parse(R"({"country": "GB", "postal_code": "SW1A1AA", "lat_e6": 0, "lon_e6": 0})"));
  EXPECT_ERROR(j, "duplicate_id", "/postal_codes/1/postal_code");
}

TEST(CatalogLoader, StockFollowsTheSortedStoreOrder) {
  Json j = base_catalog();
  j["stores"][0]["stock"] = {{"MUG", 7}};
  Json b = j["stores"][0];
  b["id"] = "brooklyn";  // sorts before "soho"
  b["stock"] = {{"TEE-M", 3}};
  j["stores"].push_back(b);
  j["shipping"]["warehouses"][0]["stock"] = {{"TEE-L", 1000000000000}};  // 10^12, the maximum
  Catalog c = load_catalog(j, "");
  StockLevels s = load_stock(j, c, "");
  ASSERT_EQ(s.stores.size(), 2u);
  EXPECT_EQ(s.stores[0].on_hand("TEE-M"), 3);  // brooklyn is store index 0
  EXPECT_EQ(s.stores[1].on_hand("MUG"), 7);
  EXPECT_EQ(s.stores[1].on_hand("TEE-M"), 0);
  ASSERT_EQ(s.warehouses.size(), 1u);
  EXPECT_EQ(s.warehouses[0].on_hand("TEE-L"), 1000000000000);

  j["shipping"]["warehouses"][0]["stock"] = {{"TEE-L", 1000000000001}};
  EXPECT_ERROR(j, "invalid_value", "/shipping/warehouses/0/stock/TEE-L");
  j["shipping"]["warehouses"][0]["stock"] = {{"TEE-L", 1}};
  j["stores"][1]["stock"] = {{"NOPE", 1}};
  EXPECT_ERROR(j, "unknown_sku", "/stores/1/stock/NOPE");
  j["stores"][1]["stock"] = {{"MUG", -1}};
  EXPECT_ERROR(j, "invalid_value", "/stores/1/stock/MUG");
  j["stores"][1]["stock"] = {{"MUG", 1.5}};
  EXPECT_ERROR(j, "wrong_type", "/stores/1/stock/MUG");
}

// Stock SKUs are checked against the catalog in one sorted walk: an unknown
// SKU is found wherever it sorts (first, between known ones, last), and the
// first one in key order is the one reported.
TEST(CatalogLoader, UnknownStockSkuIsFoundWhereverItSorts) {
  Json j = base_catalog();
  j["stores"][0]["stock"] = {{"MUG", 1}, {"TEE-L", 2}, {"TEE-M", 3}};
  Catalog c = load_catalog(j, "");
  StockLevels s = load_stock(j, c, "");
  EXPECT_EQ(s.stores[0].on_hand("MUG"), 1);
  EXPECT_EQ(s.stores[0].on_hand("TEE-L"), 2);
  EXPECT_EQ(s.stores[0].on_hand("TEE-M"), 3);
  j["stores"][0]["stock"] = {{"AAA", 1}, {"MUG", 1}, {"TEE-M", 3}};
  EXPECT_ERROR(j, "unknown_sku", "/stores/0/stock/AAA");
  j["stores"][0]["stock"] = {{"MUG", 1}, {"NOPE", 1}, {"ZZZ", 1}};
  EXPECT_ERROR(j, "unknown_sku", "/stores/0/stock/NOPE");
  j["stores"][0]["stock"] = {{"MUG", 1}, {"TEE-M", 3}, {"ZZZ", 1}};
  EXPECT_ERROR(j, "unknown_sku", "/stores/0/stock/ZZZ");
  j["stores"][0]["stock"] = {{"MUG", 1}, {"TEE-M", 3}, {"TEE-MM", 1}};
  EXPECT_ERROR(j, "unknown_sku", "/stores/0/stock/TEE-MM");
  j["stores"][0]["stock"] = {{"MUG", 1}, {"TEE-L", "2"}};
  EXPECT_ERROR(j, "wrong_type", "/stores/0/stock/TEE-L");
}

// The compact form: units in the catalog's SKU order (TEE-M, TEE-L, MUG in
// the base catalog), null for a SKU the location does not list.
TEST(CatalogLoader, CompactStockIsInTheCatalogsSkuOrder) {
  Json j = base_catalog();
  j["stores"][0]["stock"] = Json::parse("[3, null, 7]");
  j["shipping"]["warehouses"][0]["stock"] = Json::parse("[0, 1000000000000]");  // MUG not listed
  Catalog c = load_catalog(j, "");
  StockLevels s = load_stock(j, c, "");
  EXPECT_EQ(s.stores[0].on_hand("TEE-M"), 3);
  EXPECT_EQ(s.stores[0].on_hand("TEE-L"), 0);
  EXPECT_EQ(s.stores[0].on_hand("MUG"), 7);
  EXPECT_EQ(s.warehouses[0].on_hand("TEE-L"), 1000000000000);
  EXPECT_EQ(s.warehouses[0].on_hand("MUG"), 0);
  j["stores"][0]["stock"] = Json::array();
  EXPECT_EQ(load_stock(j, c, "").stores[0].on_hand("MUG"), 0);

  j["stores"][0]["stock"] = Json::parse("[1, 2, 3, 4]");  // 3 SKUs in the catalog
  EXPECT_ERROR(j, "too_many", "/stores/0/stock");
  j["stores"][0]["stock"] = Json::parse("[1, -2]");
  EXPECT_ERROR(j, "invalid_value", "/stores/0/stock/1");
  j["stores"][0]["stock"] = Json::parse("[1, 2, 1000000000001]");
  EXPECT_ERROR(j, "invalid_value", "/stores/0/stock/2");
  j["stores"][0]["stock"] = Json::parse("[1.5]");
  EXPECT_ERROR(j, "wrong_type", "/stores/0/stock/0");
  j["stores"][0]["stock"] = Json::parse(R"([1, "2"])");
  EXPECT_ERROR(j, "wrong_type", "/stores/0/stock/1");
  j["stores"][0]["stock"] = Json::parse("[[1]]");
  EXPECT_ERROR(j, "wrong_type", "/stores/0/stock/0");
  j["stores"][0]["stock"] = "3";
  Error e = load_error(j);
  EXPECT_EQ(e.code, "wrong_type");
  EXPECT_EQ(e.path, "/stores/0/stock");
  EXPECT_EQ(e.message, "stock must be an object {sku: units} or an array of units in the catalog's SKU order.");
}

TEST(CatalogLoader, SkuWithSlashIsEscapedInStockPaths) {
  Json j = base_catalog();
  j["products"][1]["variants"][0]["sku"] = "MUG/BLUE";
  j["stores"][0]["stock"] = {{"MUG/BLUE", -3}};
  EXPECT_ERROR(j, "invalid_value", "/stores/0/stock/MUG~1BLUE");
}

TEST(CatalogLoader, StoreHoldDaysIsAtLeastOneDay) {
  EXPECT_EQ(load_catalog(base_catalog(), "").stores.at(0).hold_days, 0);  // optional: held until collected
  Json j = base_catalog();
  j["stores"][0]["hold_days"] = 7;
  EXPECT_EQ(load_catalog(j, "").stores.at(0).hold_days, 7);
  for (int64_t bad : {0, -1, 366}) {
    j["stores"][0]["hold_days"] = bad;
    EXPECT_ERROR(j, "invalid_value", "/stores/0/hold_days");
  }
  j["stores"][0]["hold_days"] = 1.5;
  EXPECT_ERROR(j, "wrong_type", "/stores/0/hold_days");
  j["stores"][0]["hold_days"] = "7";
  EXPECT_ERROR(j, "wrong_type", "/stores/0/hold_days");
}

}  // namespace
}  // namespace checkout

namespace checkout {
namespace {

TEST(CatalogLoader, StorePhoneIsAnInternationalNumber) {
  for (const char* good : {"+1 212 555 0100", "+12125550100", "+49 40-5555-0123", "+4930555501"}) {
    Json j = base_catalog();
    j["stores"][0]["phone"] = good;
    EXPECT_EQ(load_catalog(j, "").stores.at(0).phone, good);
  }
  EXPECT_EQ(load_catalog(base_catalog(), "").stores.at(0).phone, "");  // optional
  for (const char* bad : {"212 555 0100", "+0 212 555 0100", "+1 212  555 0100", "+1 (212) 555-0100", "+1234567",
                          "+1234567890123456", "+1 212 555 0100 ", "+", ""}) {
    Json j = base_catalog();
    j["stores"][0]["phone"] = bad;
    EXPECT_ERROR(j, "invalid_value", "/stores/0/phone");
  }
}

}  // namespace
}  // namespace checkout
