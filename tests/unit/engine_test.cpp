#include "checkout/engine.h"

#include <gtest/gtest.h>

#include "catalog_loader.h"
#include "json_strict.h"
#include "model.h"

namespace checkout {
namespace {

// The example of docs/formats.md: one tee, a 10 % code, NY tax, one shipping
// method from a New Jersey warehouse and one store in SoHo.
const char* kCatalog = R"({"version": "2026-11-22", "currency": "USD",
 "products": [{"id": "tee", "title": "Classic Tee", "categories": ["apparel"],
   "variants": [{"sku": "TEE-RED-M", "title": "Red / M", "price": 1999, "compare_at_price": 2499, "weight_g": 180},
                {"sku": "GIFT", "price": 2500, "pickup_eligible": false}]}],
 "promotions": [{"id": "FALL10", "title": "Fall 10%", "codes": ["fall10"], "effect": {"type": "percent_off", "percent": "10"}}],
 "tax_rules": [{"id": "us-ny-nyc", "name": "NY sales tax", "country": "US", "region": "NY", "rate": "8.875"}],
 "shipping": {"warehouses": [{"id": "nj", "timezone": "EST5EDT,M3.2.0,M11.1.0", "stock": {"TEE-RED-M": 10}}],
   "methods": [{"id": "standard", "name": "Standard", "warehouse": "nj", "zones": [{"country": "US"}],
     "subtotal_rates": [{"min_subtotal": 0, "price": 599}], "free_over": 5000, "transit_days": {"min": 3, "max": 5}}]},
 "stores": [{"id": "nyc-soho", "name": "SoHo", "country": "US", "region": "NY", "postal_code": "10012",
   "lat_e6": 40723000, "lon_e6": -74000000, "timezone": "EST5EDT,M3.2.0,M11.1.0",
   "hours": {"mon": [["09:00", "21:00"]], "sun": [["10:00", "18:00"]]}, "curbside": true, "stock": {"TEE-RED-M": 5}}]})";

const char* kCartAndContext = R"({
 "cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 2}], "coupons": [" FALL10 "]},
 "context": {"now": "2026-11-22T14:03:00Z", "destination": {"country": "US", "region": "NY", "postal_code": "10001"},
   "location": {"lat_e6": 40712800, "lon_e6": -74006000}}})";

Engine engine() {
  Result<Engine> r = Engine::load(std::string_view(kCatalog));
  if (!r.ok()) ADD_FAILURE() << error_json(r.error());
  return r.value();
}

// {"catalog": kCatalog, "cart": ..., "context": ...} with `patch` merged in (RFC 7386).
std::string request(const char* patch = "{}") {
  Json j = Json::parse(kCartAndContext);
  j["catalog"] = Json::parse(kCatalog);
  j.merge_patch(Json::parse(patch));
  return j.dump();
}

Error request_error(const std::string& text) {
  Result<std::string> r = quote_request(text);
  if (r.ok()) {
    ADD_FAILURE() << "expected an error, got " << r.value();
    return Error{};
  }
  return r.error();
}

#define EXPECT_REQUEST_ERROR(patch, code_, path_)      \
  do {                                                 \
    Error err_ = request_error(request(patch));        \
    EXPECT_EQ(err_.code, code_) << err_.message;       \
    EXPECT_EQ(err_.path, path_) << err_.message;       \
  } while (0)

TEST(Engine, QuotesTheFormatsDocExample) {
  Result<std::string> r = engine().quote(std::string_view(kCartAndContext));
  ASSERT_TRUE(r.ok()) << error_json(r.error());
  Json quote = Json::parse(r.value());
  const Json& q = quote["binding"];
  const Json& d = quote["details"];
  const Json& line = q["lines"][0];
  EXPECT_EQ(line["subtotal"], 3998);        // 2 x 1999
  EXPECT_EQ(line["discount_total"], 400);   // 10 % of 3998 = 399.8 -> 400
  EXPECT_EQ(line["net"], 3598);             // 3998 - 400
  EXPECT_EQ(line["tax"], 319);              // 8.875 % of 3598 = 319.32 -> 319
  EXPECT_EQ(line["total"], 3917);           // 3598 + 319
  EXPECT_EQ(q["promotions"][0]["code"], "FALL10");  // " FALL10 " trimmed, matched
  EXPECT_EQ(q["shipping"]["selected"], "standard");
  EXPECT_EQ(d["shipping"]["options"][0]["remaining_for_free"], 1402);  // 5000 - 3598
  // Sunday 09:03 in New Jersey: ships Monday 11-23, then 3..5 business days.
  EXPECT_EQ(d["shipping"]["options"][0]["ships_on"], "2026-11-23");
  EXPECT_EQ(d["shipping"]["options"][0]["delivery"], Json::parse(R"({"earliest": "2026-11-26", "latest": "2026-11-30"})"));
  // SoHo opens Sunday 10:00 EST = 15:00 UTC.
  EXPECT_EQ(d["pickup"]["stores"][0]["ready_at"], "2026-11-22T15:00:00Z");
  EXPECT_EQ(d["pickup"]["stores"][0]["availability"], "all");
  // 3998 - 400 + 599 shipping + 319 tax.
  EXPECT_EQ(q["totals"], Json::parse(R"({"subtotal": 3998, "discounts": 400, "shipping": 599, "tax": 319,
                                         "grand_total": 4516})"));
  EXPECT_EQ(quote["catalog_version"], "2026-11-22");
}

TEST(Engine, OneShotRequestGivesTheSameBytesAsLoadThenQuote) {
  Result<std::string> one_shot = quote_request(request());
  Result<std::string> two_step = engine().quote(std::string_view(kCartAndContext));
  ASSERT_TRUE(one_shot.ok()) << error_json(one_shot.error());
  ASSERT_TRUE(two_step.ok());
  EXPECT_EQ(one_shot.value(), two_step.value());
  Result<std::string> from_json = engine().quote(Json::parse(kCartAndContext));
  ASSERT_TRUE(from_json.ok());
  EXPECT_EQ(from_json.value(), two_step.value());
}

TEST(Engine, TextCanBePassedAsStringOrLiteral) {
  // Both used to be ambiguous between the text and the json overloads.
  const std::string text(kCartAndContext);
  Result<std::string> from_string = engine().quote(text);
  Result<std::string> from_literal = engine().quote(kCartAndContext);
  ASSERT_TRUE(from_string.ok());
  ASSERT_TRUE(from_literal.ok());
  EXPECT_EQ(from_string.value(), from_literal.value());
  EXPECT_FALSE(Engine::load(std::string("{}")).ok());  // no currency: an error, not a compile failure
  EXPECT_FALSE(Engine::load("{}").ok());
}

TEST(Engine, LoadErrorsCarryThePathPrefix) {
  Result<Engine> malformed = Engine::load(std::string_view("{\"currency\": "), "/catalog");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, "malformed_json");
  EXPECT_EQ(malformed.error().path, "/catalog");
  Result<Engine> duplicate = Engine::load(std::string_view(R"({"currency": "USD", "currency": "EUR"})"), "/catalog");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, "duplicate_key");
  EXPECT_EQ(duplicate.error().path, "/catalog/currency");
  Result<Engine> unknown = Engine::load(Json::parse(R"({"currency": "ZZZ", "products": []})"), "/catalog");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "unknown_currency");
  EXPECT_EQ(unknown.error().path, "/catalog/currency");
}

TEST(Engine, ParserLimitsAreReported) {
  std::string deep(40, '[');
  deep += std::string(40, ']');
  EXPECT_EQ(request_error(deep).code, "too_deep");
  std::string big = "{\"cart\": \"" + std::string(8u << 20, 'x') + "\"}";
  EXPECT_EQ(request_error(big).code, "too_large");
  EXPECT_EQ(request_error("{\"cart\": [1,]}").code, "malformed_json");
  EXPECT_EQ(request_error(R"({"cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 99999999999999999999}]}})").code,
            "overflow");
}

TEST(Engine, TopLevelShape) {
  EXPECT_REQUEST_ERROR(R"({"cookies": 1})", "unknown_field", "/cookies");
  EXPECT_REQUEST_ERROR(R"({"context": null})", "missing_field", "/context");
  EXPECT_REQUEST_ERROR(R"({"catalog": null})", "missing_field", "/catalog");
  EXPECT_EQ(request_error("[]").code, "wrong_type");
  // Engine::quote takes only cart and context: a catalog in it is a mistake, not ignored.
  Json with_catalog = Json::parse(kCartAndContext);
  with_catalog["catalog"] = Json::object();
  Result<std::string> r = engine().quote(with_catalog);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "unknown_field");
  EXPECT_EQ(r.error().path, "/catalog");
}

TEST(Engine, EveryErrorCodeWithItsPath) {
  EXPECT_REQUEST_ERROR(R"({"catalog": {"merchant": 5}})", "wrong_type", "/catalog/merchant");
  EXPECT_REQUEST_ERROR(R"({"catalog": {"prices_include_tax": "yes"}})", "wrong_type", "/catalog/prices_include_tax");
  EXPECT_REQUEST_ERROR(R"({"catalog": {"currency": "XXY"}})", "unknown_currency", "/catalog/currency");
  EXPECT_REQUEST_ERROR(R"({"catalog": {"rounding": {"mode": "up"}}})", "invalid_value", "/catalog/rounding/mode");
  EXPECT_REQUEST_ERROR(R"({"catalog": {"stores": [{"id": "a"}, {"id": "a"}]}})", "missing_field", "/catalog/stores/0/name");
  EXPECT_REQUEST_ERROR(R"({"cart": {"currency": "EUR"}})", "currency_mismatch", "/cart/currency");
  EXPECT_REQUEST_ERROR(R"({"cart": {"lines": [{"sku": "NOPE", "quantity": 1}]}})", "unknown_sku", "/cart/lines/0/sku");
  EXPECT_REQUEST_ERROR(R"({"cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 0}]}})", "invalid_quantity",
                       "/cart/lines/0/quantity");
  EXPECT_REQUEST_ERROR(R"({"cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 2.5}]}})", "invalid_quantity",
                       "/cart/lines/0/quantity");
  EXPECT_REQUEST_ERROR(R"({"cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 1000001}]}})", "quantity_too_large",
                       "/cart/lines/0/quantity");
  EXPECT_REQUEST_ERROR(R"({"cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 1, "fulfilment": {"type": "pickup", "store": "la"}}]}})",
                       "unknown_store", "/cart/lines/0/fulfilment/store");
  EXPECT_REQUEST_ERROR(R"({"cart": {"lines": [{"sku": "GIFT", "quantity": 1, "fulfilment": {"type": "pickup", "store": "nyc-soho"}}]}})",
                       "not_pickup_eligible", "/cart/lines/0/fulfilment");
  EXPECT_REQUEST_ERROR(R"({"cart": {"shipping_method": "overnight"}})", "unknown_shipping_method", "/cart/shipping_method");
  EXPECT_REQUEST_ERROR(R"({"cart": {"coupons": ["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","16","17","18","19","20","21"]}})",
                       "too_many", "/cart/coupons");
  EXPECT_REQUEST_ERROR(R"({"context": {"now": "soon"}})", "invalid_value", "/context/now");
  EXPECT_REQUEST_ERROR(R"({"context": {"channel": 1}})", "wrong_type", "/context/channel");

  // duplicate_id: a second product with the first one's id.
  Json dup = Json::parse(request());
  dup["catalog"]["products"].push_back(dup["catalog"]["products"][0]);
  Error e = request_error(dup.dump());
  EXPECT_EQ(e.code, "duplicate_id");
  EXPECT_EQ(e.path, "/catalog/products/1/id");
}

TEST(Engine, ArithmeticOverflowIsAnErrorAtTheLine) {
  // 10^15 (the largest price) x 10^6 (the largest quantity) = 10^21 > 2^63 - 1.
  Json j = Json::parse(request(R"({"cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 1000000}], "coupons": []}})"));
  j["catalog"]["products"][0]["variants"][0]["price"] = 1000000000000000;
  Error e = request_error(j.dump());
  EXPECT_EQ(e.code, "overflow");
  EXPECT_EQ(e.path, "/cart/lines/0/quantity");
}

TEST(Engine, OverflowingSumOfLinesNamesTheLineThatCrossesTheLimit) {
  // Each line is 10^15 x 5000 = 5 x 10^18 (fits in int64); together 10^19 > 2^63 - 1.
  Json j = Json::parse(request(R"({"cart": {"lines": [{"sku": "TEE-RED-M", "quantity": 5000},
                                                      {"sku": "GIFT", "quantity": 5000}], "coupons": []}})"));
  j["catalog"]["products"][0]["variants"][0]["price"] = 1000000000000000;
  j["catalog"]["products"][0]["variants"][1]["price"] = 1000000000000000;
  Error e = request_error(j.dump());
  EXPECT_EQ(e.code, "overflow");
  EXPECT_EQ(e.path, "/cart/lines/1/quantity");
}

// PricedQuote::safe_integers() says whether JSON.parse reads every number
// exactly: checked against the numbers of the text itself.
bool text_integers_within_2_53(const Json& j) {
  constexpr int64_t kMaxSafe = (int64_t{1} << 53) - 1;
  if (j.is_number_unsigned()) return j.get<uint64_t>() <= static_cast<uint64_t>(kMaxSafe);
  if (j.is_number_integer()) return j.get<int64_t>() >= -kMaxSafe && j.get<int64_t>() <= kMaxSafe;
  for (const Json& child : j) {
    if ((child.is_structured() || child.is_number()) && !text_integers_within_2_53(child)) return false;
  }
  return true;
}

TEST(Engine, SafeIntegersSaysWhetherEveryNumberOfTheQuoteFitsADouble) {
  struct Case {
    int64_t price, quantity;
    bool safe;
  };
  // 2^53 - 1 = 9,007,199,254,740,991. 10^15 x 9 = 9 x 10^15 fits; x 10 = 10^16 does not
  // (nor does its tax, total, or the totals). 900,719,925,474,099 x 10 = 2^53 - 1 - 1 fits.
  for (const Case c : {Case{1999, 2, true}, Case{1000000000000000, 9, true}, Case{1000000000000000, 10, false},
                       Case{900719925474099, 10, true}, Case{900719925474100, 10, false}}) {
    Json j = Json::parse(request(R"({"cart": {"coupons": []}, "context": {"destination": {"country": "DE"}}})"));
    j["cart"]["lines"][0]["quantity"] = c.quantity;
    j["catalog"]["products"][0]["variants"][0]["price"] = c.price;
    j["catalog"]["products"][0]["variants"][0]["max_per_order"] = 0;
    Result<Engine> loaded = Engine::load(j["catalog"]);
    ASSERT_TRUE(loaded.ok()) << error_json(loaded.error());
    Json cart_and_context = {{"cart", j["cart"]}, {"context", j["context"]}};
    Result<PricedQuote> priced = loaded.value().price(cart_and_context);
    ASSERT_TRUE(priced.ok()) << error_json(priced.error());
    const bool in_text = text_integers_within_2_53(Json::parse(priced.value().text()));
    EXPECT_EQ(priced.value().safe_integers(), in_text) << c.price << " x " << c.quantity;
    EXPECT_EQ(in_text, c.safe) << c.price << " x " << c.quantity;
  }
}

TEST(Engine, LiveStockUpdatesMakeANewEngineAndLeaveTheOldOne) {
  Engine original = engine();
  Result<Engine> updated = original.with_store_stock("nyc-soho", "TEE-RED-M", 1);
  ASSERT_TRUE(updated.ok()) << error_json(updated.error());
  const Json before = Json::parse(original.quote(std::string_view(kCartAndContext)).value());
  const Json after = Json::parse(updated.value().quote(std::string_view(kCartAndContext)).value());
  EXPECT_EQ(before["details"]["pickup"]["stores"][0]["lines"][0]["available"], 2);  // 5 on hand, 2 requested
  EXPECT_EQ(after["details"]["pickup"]["stores"][0]["lines"][0]["available"], 1);   // 1 on hand
  EXPECT_EQ(after["details"]["pickup"]["stores"][0]["availability"], "partial");
  EXPECT_EQ(updated.value().stock().stores[0].on_hand("TEE-RED-M"), 1);
  EXPECT_EQ(original.stock().stores[0].on_hand("TEE-RED-M"), 5);

  Result<Engine> warehouse = original.with_warehouse_stock("nj", "TEE-RED-M", 0);
  ASSERT_TRUE(warehouse.ok());
  EXPECT_EQ(warehouse.value().stock().warehouses[0].on_hand("TEE-RED-M"), 0);

  EXPECT_EQ(original.with_store_stock("la", "TEE-RED-M", 1).error().code, "unknown_store");
  EXPECT_EQ(original.with_store_stock("nyc-soho", "HAT", 1).error().code, "unknown_sku");
  EXPECT_EQ(original.with_store_stock("nyc-soho", "TEE-RED-M", -1).error().code, "invalid_value");
  EXPECT_EQ(original.with_warehouse_stock("ca", "TEE-RED-M", 1).error().code, "invalid_value");
  EXPECT_EQ(original.with_warehouse_stock("nj", "TEE-RED-M", -1).error().code, "invalid_value");
}

TEST(Engine, StockLevelsChangeInOneBatchAndUntouchedLocationsAreShared) {
  using Where = StockLevelChange::Location;
  Engine original = engine();
  Result<Engine> updated = original.with_stock_levels({{Where::Store, "nyc-soho", "TEE-RED-M", 3},
                                                       {Where::Store, "nyc-soho", "GIFT", 4},
                                                       {Where::Store, "nyc-soho", "TEE-RED-M", 1}});
  ASSERT_TRUE(updated.ok()) << error_json(updated.error());
  const StockLevels& stock = updated.value().stock();
  EXPECT_EQ(stock.stores[0].on_hand("TEE-RED-M"), 1);  // the later change of one key wins
  EXPECT_EQ(stock.stores[0].on_hand("GIFT"), 4);       // not listed before: added
  EXPECT_EQ(original.stock().stores[0].on_hand("TEE-RED-M"), 5);
  EXPECT_EQ(original.stock().stores[0].on_hand("GIFT"), 0);
  // The warehouse was not touched: both engines hold the very same levels.
  EXPECT_EQ(stock.warehouses[0].runs_shared_with(original.stock().warehouses[0]), 1u);
  EXPECT_EQ(stock.stores[0].runs_shared_with(original.stock().stores[0]), 0u);
  EXPECT_EQ(stock.warehouses[0].on_hand("TEE-RED-M"), 10);

  // The quote reads the new levels: 1 unit at the store for 2 requested.
  const Json after = Json::parse(updated.value().quote(std::string_view(kCartAndContext)).value());
  EXPECT_EQ(after["details"]["pickup"]["stores"][0]["lines"][0]["available"], 1);

  // All or nothing: one bad change fails the batch with its own error.
  Result<Engine> bad = original.with_stock_levels(
      {{Where::Warehouse, "nj", "TEE-RED-M", 2}, {Where::Store, "la", "TEE-RED-M", 1}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "unknown_store");
  EXPECT_EQ(original.with_stock_levels({{Where::Warehouse, "nj", "TEE-RED-M", kMaxStock + 1}}).error().code,
            "invalid_value");
  Result<Engine> empty = original.with_stock_levels({});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.value().stock().stores[0].runs_shared_with(original.stock().stores[0]), 1u);
}

// 200 SKUs are 4 runs of 64 (64 + 64 + 64 + 8). Changing two SKUs of the
// second run and adding one that sorts into the last copies those two runs
// only; every level reads as set.
TEST(LocationStock, ChangesCopyOnlyTheRunsTheyFallInto) {
  LocationStock::Levels levels;
  for (int i = 0; i < 200; ++i) levels["SKU-" + std::to_string(1000 + i)] = i;  // "SKU-1000" .. "SKU-1199", sorted
  const LocationStock before(levels);
  ASSERT_EQ(before.runs(), 4u);
  // Runs start at SKU-1000, SKU-1064, SKU-1128, SKU-1192.
  const LocationStock after = before.with({{"SKU-1070", 7000}, {"SKU-1127", 7001}, {"SKU-1199X", 5}});
  EXPECT_EQ(after.runs(), 4u);
  EXPECT_EQ(after.runs_shared_with(before), 2u);  // runs 0 and 2
  EXPECT_EQ(after.on_hand("SKU-1070"), 7000);
  EXPECT_EQ(after.on_hand("SKU-1127"), 7001);
  EXPECT_EQ(after.on_hand("SKU-1199X"), 5);
  EXPECT_EQ(before.on_hand("SKU-1070"), 70);  // 1070 - 1000
  EXPECT_EQ(before.on_hand("SKU-1199X"), 0);
  for (int i = 0; i < 200; ++i) {
    const std::string sku = "SKU-" + std::to_string(1000 + i);
    if (sku != "SKU-1070" && sku != "SKU-1127") EXPECT_EQ(after.on_hand(sku), i) << sku;
  }
  EXPECT_EQ(after.on_hand("A"), 0);    // sorts before every run
  EXPECT_EQ(after.on_hand("ZZZ"), 0);  // after every run
  // A SKU that sorts before the first run goes into the first run.
  const LocationStock first = before.with({{"A", 1}});
  EXPECT_EQ(first.on_hand("A"), 1);
  EXPECT_EQ(first.runs_shared_with(before), 3u);
  // An empty location takes its changes as one run.
  const LocationStock empty;
  EXPECT_EQ(empty.on_hand("SKU-1000"), 0);
  EXPECT_EQ(empty.with({{"B", 2}}).on_hand("B"), 2);
}

TEST(Engine, ErrorJsonIsCanonical) {
  EXPECT_EQ(error_json(Error{"invalid_quantity", "Quantity must be at least 1.", "/cart/lines/2/quantity"}),
            R"({"error":{"code":"invalid_quantity","message":"Quantity must be at least 1.","path":"/cart/lines/2/quantity"}})");
  // What the sentence names, in key order whatever order the core gave them.
  EXPECT_EQ(error_json(Error{"quantity_too_large", "At most 3 of \"TEE\" can be ordered at once.", "/cart/lines/1/quantity",
                             {text_param("sku", "TEE"), number_param("max", 3)}}),
            R"({"error":{"code":"quantity_too_large","message":"At most 3 of \"TEE\" can be ordered at once.",)"
            R"("params":{"max":3,"sku":"TEE"},"path":"/cart/lines/1/quantity"}})");
}

}  // namespace
}  // namespace checkout

namespace checkout {
namespace {

// Nothing after the document is ignored at any entry point: the catalog, the
// cart and context, and the one-shot request (the CLI's path).
TEST(EngineStrictness, EveryEntryPointRefusesBytesAfterTheDocument) {
  const std::string nul_garbage("\0{\"garbage\":", 12);
  Result<Engine> loaded = Engine::load(std::string_view(std::string(kCatalog) + nul_garbage));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "trailing_bytes");
  EXPECT_EQ(loaded.error().path, "");
  Result<Engine> prefixed = Engine::load(std::string_view(std::string(kCatalog) + " x"), "/catalog");
  ASSERT_FALSE(prefixed.ok());
  EXPECT_EQ(prefixed.error().code, "trailing_bytes");
  EXPECT_EQ(prefixed.error().path, "/catalog");

  Result<std::string> quoted = engine().quote(std::string_view(std::string(kCartAndContext) + nul_garbage));
  ASSERT_FALSE(quoted.ok());
  EXPECT_EQ(quoted.error().code, "trailing_bytes");
  ASSERT_TRUE(engine().quote(std::string_view(std::string(kCartAndContext) + " \n")).ok());

  Result<std::string> one_shot = quote_request(request() + nul_garbage);
  ASSERT_FALSE(one_shot.ok());
  EXPECT_EQ(one_shot.error().code, "trailing_bytes");
  EXPECT_EQ(one_shot.error().path, "");
}

}  // namespace
}  // namespace checkout
