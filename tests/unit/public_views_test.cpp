// The public read-only views of a loaded engine: the catalog's facts with
// defaults applied, availability at a location as pricing counts it, the
// request check, and the public strict-JSON and civil-time entry points.
#include "checkout/catalog_view.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checkout/availability.h"
#include "checkout/civil_time.h"
#include "checkout/engine.h"
#include "checkout/request_check.h"
#include "checkout/strict_json.h"

namespace checkout {
namespace {

// Two stores (SoHo keeps 2 of each SKU back for walk-ins), one warehouse,
// three variants: a tee with defaults, a limited lantern, a kayak that
// cannot be picked up; two promotions, one of them with usage limits.
const char* kCatalog = R"({"currency": "USD",
 "products": [
   {"id": "tee", "title": "Tee", "variants": [{"sku": "TEE", "title": "Red", "price": 1999}]},
   {"id": "lantern", "title": "Lantern", "variants": [{"sku": "LANTERN", "price": 4500, "max_per_order": 2}]},
   {"id": "kayak", "title": "Kayak", "variants": [{"sku": "KAYAK", "price": 89900, "pickup_eligible": false}]}],
 "promotions": [
   {"id": "ONCE", "title": "One use", "codes": ["ONCE"], "usage_limit": 1, "usage_limit_per_customer": 1,
    "effect": {"type": "percent_off", "percent": "50"}},
   {"id": "ALWAYS", "title": "Always", "effect": {"type": "percent_off", "percent": "1"}}],
 "shipping": {"warehouses": [{"id": "wh-east", "timezone": "EST5EDT,M3.2.0,M11.1.0", "stock": {"TEE": 84, "KAYAK": 3}}],
   "methods": [{"id": "standard", "name": "Standard", "warehouse": "wh-east", "zones": [{"country": "US"}],
     "subtotal_rates": [{"min_subtotal": 0, "price": 599}], "transit_days": {"min": 3, "max": 5}}]},
 "stores": [
   {"id": "bos", "name": "Back Bay", "address": "1 Boylston St", "country": "US", "region": "MA", "postal_code": "02116",
    "lat_e6": 42350000, "lon_e6": -71080000, "timezone": "EST5EDT,M3.2.0,M11.1.0",
    "hours": {"mon": [["09:00", "21:00"]]}, "stock": {"TEE": 1, "KAYAK": 4}},
   {"id": "nyc-soho", "name": "SoHo", "phone": "+1 212 555 0143", "country": "US", "region": "NY", "postal_code": "10012",
    "lat_e6": 40723000, "lon_e6": -74000000, "timezone": "EST5EDT,M3.2.0,M11.1.0",
    "hours": {"mon": [["09:00", "21:00"]]}, "curbside": true, "safety_stock": 2,
    "stock": {"TEE": 5, "LANTERN": 1}}],
 "postal_codes": [
   {"country": "US", "postal_code": "10012", "lat_e6": 40725800, "lon_e6": -73998200},
   {"country": "PL", "postal_code": "31", "lat_e6": 50061700, "lon_e6": 19937300},
   {"country": "PL", "postal_code": "31-021", "lat_e6": 50063900, "lon_e6": 19940200},
   {"country": "GB", "postal_code": "SW1A", "lat_e6": 51501000, "lon_e6": -141000}]})";

Engine engine() {
  Result<Engine> r = Engine::load(std::string_view(kCatalog));
  if (!r.ok()) ADD_FAILURE() << error_json(r.error());
  return r.value();
}

TEST(CatalogView, VariantsCarryTheirDefaults) {
  const CatalogView view(engine());
  EXPECT_EQ(view.currency(), "USD");
  EXPECT_EQ(view.exponent(), 2);  // defaults: cents, tax on top
  EXPECT_FALSE(view.prices_include_tax());
  const std::optional<VariantFacts> tee = view.variant("TEE");
  ASSERT_TRUE(tee);
  EXPECT_EQ(tee->product_id, "tee");
  EXPECT_EQ(tee->title, "Red");
  EXPECT_EQ(tee->price, 1999);
  EXPECT_TRUE(tee->pickup_eligible);   // not stated: pickup allowed
  EXPECT_EQ(tee->max_per_order, 0);    // not stated: no limit
  EXPECT_EQ(view.variant("LANTERN")->max_per_order, 2);
  EXPECT_FALSE(view.variant("KAYAK")->pickup_eligible);
  EXPECT_FALSE(view.variant("NOPE"));
  EXPECT_FALSE(view.variant("tee"));  // SKUs are exact
}

TEST(CatalogView, StoresMethodsAndPromotionLimits) {
  const CatalogView view(engine());
  const std::vector<StoreFacts> stores = view.stores();
  ASSERT_EQ(stores.size(), 2u);
  EXPECT_EQ(stores[0].id, "bos");
  EXPECT_EQ(stores[0].safety_stock, 0);  // not stated: nothing held back
  EXPECT_FALSE(stores[0].curbside);
  const std::optional<StoreFacts> soho = view.store("nyc-soho");
  ASSERT_TRUE(soho);
  EXPECT_EQ(soho->name, "SoHo");
  EXPECT_EQ(soho->address, "");
  EXPECT_EQ(soho->phone, "+1 212 555 0143");
  EXPECT_EQ(soho->postal_code, "10012");
  EXPECT_EQ(soho->lat_e6, 40723000);
  EXPECT_EQ(soho->safety_stock, 2);
  EXPECT_TRUE(soho->curbside);
  EXPECT_FALSE(view.store("nyc"));

  EXPECT_EQ(view.warehouses(), std::vector<std::string>{"wh-east"});
  EXPECT_TRUE(view.has_warehouse("wh-east"));
  EXPECT_FALSE(view.has_warehouse("standard"));
  ASSERT_TRUE(view.shipping_method("standard"));
  EXPECT_EQ(view.shipping_method("standard")->warehouse, "wh-east");
  EXPECT_EQ(view.shipping_method("standard")->countries, std::vector<std::string>{"US"});
  EXPECT_EQ(view.shipping_methods().size(), 1u);
  EXPECT_FALSE(view.shipping_method("express"));

  const std::vector<PromotionLimits> limits = view.limited_promotions();
  ASSERT_EQ(limits.size(), 1u);  // ALWAYS has no limit
  EXPECT_EQ(limits[0].id, "ONCE");
  EXPECT_EQ(limits[0].usage_limit, 1);
  EXPECT_EQ(limits[0].usage_limit_per_customer, 1);
  ASSERT_TRUE(view.promotion_limits("ONCE"));
  EXPECT_EQ(view.promotion_limits("ONCE")->usage_limit, 1);
  EXPECT_FALSE(view.promotion_limits("ALWAYS"));
  EXPECT_FALSE(view.promotion_limits("NOPE"));
}

// The quote's own lookup of context.location: the longest listed code that
// begins the typed one, in normal form; what it does not find, a quote refuses.
TEST(CatalogView, LocatesPostalCodesAsTheQuoteDoes) {
  const CatalogView view(engine());
  ASSERT_TRUE(view.locate("US", "10012"));
  EXPECT_EQ(view.locate("US", "10012")->lat_e6, 40725800);
  EXPECT_EQ(view.locate("US", "10012-3456")->lon_e6, -73998200);  // a ZIP+4 finds its ZIP
  EXPECT_EQ(view.locate("PL", "31-021")->lat_e6, 50063900);        // the exact entry over the area's
  EXPECT_EQ(view.locate("PL", "31-999")->lat_e6, 50061700);        // the area "31" (Krakow)
  EXPECT_EQ(view.locate("PL", "31999")->lat_e6, 50061700);
  EXPECT_EQ(view.locate("GB", "sw1a 2aa")->lon_e6, -141000);       // case and spaces do not count
  EXPECT_FALSE(view.locate("PL", "30-001"));
  EXPECT_FALSE(view.locate("US", "90013"));
  EXPECT_FALSE(view.locate("DE", "10012"));   // the country is part of the key
  EXPECT_FALSE(view.locate("PL", ""));
  EXPECT_FALSE(view.locate("PL", "۳۱-۰۲۱"));  // ASCII digits only, as a quote reads context.location

  const std::string request = R"({"cart": {"lines": [{"sku": "TEE", "quantity": 1}]},
    "context": {"now": "2026-11-23T14:00:00Z", "location": {"country": "PL", "postal_code": "%"}}})";
  const Engine e = engine();
  for (const std::string code : {"31-999", "30-001"}) {
    std::string r = request;
    r.replace(r.find('%'), 1, code);
    EXPECT_EQ(e.quote(r).ok(), view.locate("PL", code).has_value()) << code;
  }
}

TEST(CatalogView, OutlivesItsEngine) {
  std::optional<CatalogView> view;
  {
    const Engine e = engine();
    view.emplace(e);
  }
  EXPECT_EQ(view->variant("LANTERN")->max_per_order, 2);
}

TEST(Availability, StoresHoldBackSafetyStockAndKeepUnpickableSkus) {
  const Result<std::vector<SkuAvailability>> soho =
      availability(engine(), LocationKind::Store, "nyc-soho", {"TEE", "LANTERN", "KAYAK"});
  ASSERT_TRUE(soho.ok()) << error_json(soho.error());
  ASSERT_EQ(soho.value().size(), 3u);
  EXPECT_EQ(soho.value()[0].sku, "TEE");
  EXPECT_EQ(soho.value()[0].available, 3);  // 5 on hand - 2 safety
  EXPECT_EQ(soho.value()[1].available, 0);  // 1 on hand - 2 safety: never below 0
  EXPECT_EQ(soho.value()[2].available, 0);  // none on hand
  // Back Bay has 4 kayaks, but a kayak cannot be picked up.
  const Result<std::vector<SkuAvailability>> bos = availability(engine(), LocationKind::Store, "bos", {"KAYAK", "TEE"});
  ASSERT_TRUE(bos.ok());
  EXPECT_EQ(bos.value()[0].available, 0);
  EXPECT_EQ(bos.value()[1].available, 1);
}

TEST(Availability, WarehousesCountWhatIsOnHand) {
  const Result<std::vector<SkuAvailability>> wh =
      availability(engine(), LocationKind::Warehouse, "wh-east", {"KAYAK", "TEE", "LANTERN"});
  ASSERT_TRUE(wh.ok());
  EXPECT_EQ(wh.value()[0].available, 3);  // no safety stock, pickup eligibility irrelevant
  EXPECT_EQ(wh.value()[1].available, 84);
  EXPECT_EQ(wh.value()[2].available, 0);
}

TEST(Availability, FollowsLiveStockAndAgreesWithTheQuote) {
  const Result<Engine> live = engine().with_store_stock("nyc-soho", "TEE", 3);
  ASSERT_TRUE(live.ok());
  const Result<std::vector<SkuAvailability>> a = availability(live.value(), LocationKind::Store, "nyc-soho", {"TEE"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value()[0].available, 1);  // 3 - 2
  // The same engine prices 2 tees for pickup at SoHo as short by one.
  const Result<std::string> q = live.value().quote(std::string_view(R"({"cart": {"lines": [
      {"sku": "TEE", "quantity": 2, "fulfilment": {"type": "pickup", "store": "nyc-soho"}}]},
      "context": {"now": "2026-11-23T14:00:00Z", "max_pickup_stores": 0}})"));
  ASSERT_TRUE(q.ok()) << error_json(q.error());
  const nlohmann::json quote = nlohmann::json::parse(q.value());
  EXPECT_EQ(quote["details"]["pickup"]["stores"][0]["lines"][0]["available"], 1);
}

TEST(Availability, UnknownLocationsAndSkusAreErrors) {
  Result<std::vector<SkuAvailability>> r = availability(engine(), LocationKind::Store, "nowhere", {"TEE"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "unknown_store");
  r = availability(engine(), LocationKind::Warehouse, "nyc-soho", {"TEE"});  // a store is not a warehouse
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "invalid_value");
  r = availability(engine(), LocationKind::Store, "bos", {"TEE", "NOPE"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "unknown_sku");
  EXPECT_EQ(r.error().path, "/skus/1");
}

TEST(RequestCheck, RefusesWhatQuoteRefusesWithTheSamePath) {
  const Engine e = engine();
  const char* now = "2026-11-23T14:00:00Z";
  EXPECT_FALSE(check_request(e, {{"cart", {{"lines", nlohmann::json::array()}}}, {"context", {{"now", now}}}}));
  struct Case {
    const char* doc;
    const char* code;
    const char* path;
  };
  const Case cases[] = {
      {R"({"cart": {"lines": []}, "context": {"now": "2026-11-23T14:00:00Z", "destination": "anything"}})",
       "wrong_type", "/context/destination"},
      {R"({"cart": {"lines": []}, "context": {"now": "2026-11-23T14:00:00Z",
          "destination": {"country": "US", "postal_code": "10012", "street": "x"}}})",
       "unknown_field", "/context/destination/street"},
      {R"({"cart": {"lines": [{"sku": "TEE", "quantity": 1.0}]}, "context": {"now": "2026-11-23T14:00:00Z"}})",
       "invalid_quantity", "/cart/lines/0/quantity"},
      {R"({"cart": {"lines": [{"sku": "LANTERN", "quantity": 2}, {"sku": "LANTERN", "quantity": 1}]},
          "context": {"now": "2026-11-23T14:00:00Z"}})",
       "quantity_too_large", "/cart/lines/1/quantity"},
      {R"({"cart": {"lines": []}, "context": {"now": "2026-11-23T14:00:00.5Z"}})", "invalid_value", "/context/now"},
      {R"({"cart": {"lines": []}, "context": {"now": "2026-11-23T14:00:00Z"}, "customer": {}})", "unknown_field",
       "/customer"},
  };
  for (const Case& c : cases) {
    const nlohmann::json doc = nlohmann::json::parse(c.doc);
    const std::optional<Error> checked = check_request(e, doc);
    ASSERT_TRUE(checked) << c.doc;
    EXPECT_EQ(checked->code, c.code) << c.doc;
    EXPECT_EQ(checked->path, c.path) << c.doc;
    // Exactly what quoting the document says.
    const Result<std::string> quoted = e.quote(doc);
    ASSERT_FALSE(quoted.ok()) << c.doc;
    EXPECT_EQ(quoted.error().code, checked->code);
    EXPECT_EQ(quoted.error().message, checked->message);
    EXPECT_EQ(quoted.error().path, checked->path);
  }
}

TEST(PublicStrictJson, ErrorsAsValuesWithPointers) {
  Result<nlohmann::json> ok = parse_strict_json(R"({"a": [1, 2.5]})");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok.value()["a"][1].is_number_float());  // readers decide about floats
  Result<nlohmann::json> dup = parse_strict_json(R"({"cart": {"lines": [{"sku": "A", "sku": "B"}]}})");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "duplicate_key");
  EXPECT_EQ(dup.error().path, "/cart/lines/0/sku");
  Result<nlohmann::json> big = parse_strict_json(R"({"n": 18446744073709551616})");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, "overflow");
  EXPECT_EQ(big.error().path, "/n");
  JsonLimits shallow;
  shallow.max_depth = 2;
  Result<nlohmann::json> deep = parse_strict_json("[[[1]]]", shallow);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, "too_deep");
  EXPECT_EQ(pointer_token("a/b~c"), "a~1b~0c");
}

TEST(PublicCivilTime, ReadsAndWritesInstantsAsTheCoreDoes) {
  // 2026-11-22T14:03:00Z: 20779 days after 1970-01-01 -> 20779*86400 + 14*3600 + 3*60.
  const int64_t expected = int64_t{20779} * 86400 + 14 * 3600 + 3 * 60;
  EXPECT_EQ(parse_rfc3339("2026-11-22T14:03:00Z"), expected);
  EXPECT_EQ(parse_rfc3339("2026-11-22T09:03:00-05:00"), expected);
  for (const char* refused : {"2026-11-22T14:03:00.789Z", "2026-11-22t14:03:00Z", "2026-11-22T14:03:00z",
                              "2026-11-22T23:59:60Z", "2026-11-22 14:03:00Z", "2026-02-29T00:00:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(refused)) << refused;
  }
  EXPECT_EQ(format_utc(expected), "2026-11-22T14:03:00Z");
  EXPECT_EQ(days_from_civil(CivilDate{2026, 11, 22}), 20779);
  const CivilDate d = civil_from_days(20779);
  EXPECT_EQ(d.year, 2026);
  EXPECT_EQ(d.month, 11);
  EXPECT_EQ(d.day, 22);
  EXPECT_EQ(weekday_from_days(20779), 0);  // a Sunday
}

}  // namespace
}  // namespace checkout
