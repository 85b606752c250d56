#include "quote_writer.h"

#include <gtest/gtest.h>

#include <limits>

#include "checkout/sha256.h"
#include "error.h"
#include "json_strict.h"

namespace checkout {
namespace {

// 2026-11-22 is day 20779 since 1970-01-01 (56*365 + 14 leap days + 304 + 21).
constexpr int32_t kNov22 = 20779;
constexpr int64_t kNov22Utc = int64_t{kNov22} * 86400;

// The text Engine::quote returns: the quote with its fingerprint.
std::string write_quote_text(const QuoteState& q) { return write_quote(q).fingerprinted_text(); }

// A one-line quote built by hand, as the stages would have left it.
struct Fixture {
  Catalog catalog;
  Cart cart;
  Context context;
  StockLevels stock;
  QuoteState q;

  Fixture() {
    catalog.currency = "USD";
    catalog.exponent = 2;
    catalog.version = "v1";
    Product p;
    p.id = "tee";
    p.title = "Tee";
    p.variant_indices = {0};
    catalog.products.push_back(p);
    Variant v;
    v.sku = "TEE";
    v.price = 1000;
    catalog.variants.push_back(v);
    CartLine cl;
    cl.sku = "TEE";
    cl.quantity = 2;
    cart.lines.push_back(cl);

    q.catalog = &catalog;
    q.cart = &cart;
    q.context = &context;
    q.stock = &stock;
    LineState l;
    l.index = 0;
    l.cart = &cart.lines[0];
    l.variant = &catalog.variants[0];
    l.product = &catalog.products[0];
    l.unit_price = 1000;
    l.subtotal = 2000;
    l.discounts = {DiscountShare{"P10", 200}};
    l.discount_total = 200;
    q.lines.push_back(l);
    AppliedPromotion a;
    a.id = "P10";
    a.title = "Ten";
    a.reason = "Auto 10%";
    a.amount = 200;
    a.allocations = {Allocation{0, 200}};
    q.applied.push_back(a);
    q.rejected.push_back(RejectedCode{"BOGUS", "unknown", "Unknown code."});
    q.totals = Totals{2000, 200, 0, 0, 1800};
    q.messages.push_back(Message{"x", "m", -1});
  }
};

TEST(QuoteWriter, CanonicalTextOfAMinimalQuote) {
  Fixture f;
  // Written by hand from docs/formats.md: keys sorted, no whitespace; unknown optionals
  // (variant_title, compare_at_price, tax_rate of an untaxed line, code of an automatic
  // promotion, shipping.selected and .warehouse, a cart-wide message's line) are absent.
  const std::string binding =
      R"({"currency":"USD","exponent":2,)"
      R"("lines":[{"discount_total":200,"discounts":[{"amount":200,"promotion":"P10"}],"fulfilment":{"type":"ship"},)"
      R"("index":0,"net":1800,"quantity":2,"sku":"TEE","subtotal":2000,"tax":0,"total":1800,"unit_price":1000}],)"
      R"("promotions":[{"amount":200,"id":"P10","shipping_discount":0}],)"
      R"("rounding":{"mode":"half_even","prices_include_tax":false,"tax_calculation":"per_line"},)"
      R"("shipping":{"needed":false,"price":0,"tax":0},"tax_lines":[],)"
      R"("totals":{"discounts":200,"grand_total":1800,"shipping":0,"subtotal":2000,"tax":0}})";
  const std::string details =
      R"({"lines":[{"title":"Tee"}],"messages":[{"code":"x","message":"m"}],"pickup":{"stores":[]},)"
      R"("promotions":{"applied":[{"free_shipping":false,"reason":"Auto 10%","title":"Ten"}],)"
      R"("rejected":[{"code":"BOGUS","message":"Unknown code.","reason":"unknown"}]},)"
      R"("shipping":{"options":[],"subtotal":0,"weight_g":0},"tax_lines":[]})";
  const std::string body = R"({"binding":)" + binding + R"(,"catalog_version":"v1","details":)" + details;
  const PricedQuote priced = write_quote(f.q);
  EXPECT_EQ(priced.text(), body + "}");
  EXPECT_EQ(priced.binding_text(), binding);
  // "fingerprint" sorts last; it is the hash of the binding text alone.
  EXPECT_EQ(priced.fingerprinted_text(), body + R"(,"fingerprint":")" + sha256_hex(binding) + R"("})");
}

TEST(QuoteWriter, ParamsOfMessagesAndRejectedCodesAreWrittenSortedInTheDetails) {
  Fixture f;
  f.q.messages.clear();
  // Given out of order: written in byte order of the names, numbers as integers.
  f.q.messages.push_back(Message{"pickup_insufficient_stock", "Only 1 of 2 available at SoHo.", 0,
                                 {text_param("store", "SoHo"), number_param("available", 1), number_param("requested", 2)}});
  f.q.rejected[0].params = {text_param("other", "WELCOME")};
  const std::string text = write_quote(f.q).text();
  EXPECT_NE(text.find(R"("messages":[{"code":"pickup_insufficient_stock","line":0,"message":"Only 1 of 2 available at SoHo.",)"
                      R"("params":{"available":1,"requested":2,"store":"SoHo"}}])"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"({"code":"BOGUS","message":"Unknown code.","params":{"other":"WELCOME"},"reason":"unknown"})"),
            std::string::npos) << text;
  // Details only: the binding and so the fingerprint do not change.
  Fixture plain;
  EXPECT_EQ(write_quote(f.q).binding_text(), write_quote(plain.q).binding_text());
}

TEST(QuoteWriter, FingerprintIsTheHashOfTheBindingOnly) {
  Fixture f;
  std::string text = write_quote_text(f.q);
  Json j = Json::parse(text);
  EXPECT_EQ(canonical_dump(j), text);  // already canonical: sorted keys, no whitespace
  std::string fingerprint = j.at("fingerprint").get<std::string>();
  EXPECT_EQ(fingerprint.size(), 64u);
  EXPECT_EQ(sha256_hex(canonical_dump(j.at("binding"))), fingerprint);

  f.q.totals.grand_total = 1801;  // any change to the binding changes the fingerprint
  EXPECT_NE(write_quote(f.q).fingerprint(), fingerprint);
  f.q.totals.grand_total = 1800;
  // Details inform without binding: other shipping options, stores, messages, titles.
  f.q.messages.push_back(Message{"free_shipping_progress", "USD 5.00 away from free shipping.", -1});
  ShippingOption other;
  other.method_id = "express";
  other.price = 1500;
  f.q.shipping.options.push_back(other);
  PickupStoreOption store;
  store.store_id = "elsewhere";
  store.availability = "none";
  f.q.pickup.stores.push_back(store);
  f.catalog.products[0].title = "T-shirt";
  EXPECT_EQ(write_quote(f.q).fingerprint(), fingerprint);
}

TEST(QuoteWriter, ViewHoldsTheBoundValues) {
  Fixture f;
  ShippingMethod m;
  m.id = "standard";
  m.warehouse_id = "wh-east";
  f.catalog.shipping_methods.push_back(m);
  f.catalog.shipping_method_by_id["standard"] = 0;
  f.q.shipping.needed = true;
  f.q.shipping.selected = "standard";
  f.q.shipping.price = 599;
  const PricedQuote priced = write_quote(f.q);
  const QuoteView& v = priced.view();
  EXPECT_EQ(v.currency, "USD");
  ASSERT_EQ(v.lines.size(), 1u);
  EXPECT_EQ(v.lines[0].sku, "TEE");
  EXPECT_EQ(v.lines[0].fulfilment, QuoteView::Fulfilment::Ship);
  EXPECT_EQ(v.lines[0].net, 1800);
  ASSERT_EQ(v.lines[0].discounts.size(), 1u);
  EXPECT_EQ(v.lines[0].discounts[0].promotion, "P10");
  ASSERT_EQ(v.promotions.size(), 1u);
  EXPECT_EQ(v.promotions[0].amount, 200);
  EXPECT_EQ(v.shipping.method, std::optional<std::string>("standard"));
  EXPECT_EQ(v.shipping.warehouse, std::optional<std::string>("wh-east"));
  EXPECT_EQ(v.totals.grand_total, 1800);
  ASSERT_EQ(v.rejected.size(), 1u);
  EXPECT_EQ(v.rejected[0].reason, "unknown");
  EXPECT_EQ(Json::parse(priced.text())["binding"]["shipping"]["warehouse"], "wh-east");
}

TEST(QuoteWriter, EmptyVersionIsOmitted) {
  Fixture f;
  f.catalog.version = "";
  EXPECT_FALSE(Json::parse(write_quote_text(f.q)).contains("catalog_version"));
}

TEST(QuoteWriter, OptionalValuesAppearWhenKnown) {
  Fixture f;
  f.catalog.variants[0].title = "Red / M";
  f.catalog.variants[0].compare_at_price = 1250;
  f.catalog.prices_include_tax = true;
  f.catalog.rounding = RoundingMode::HalfUp;
  f.catalog.tax_calculation = TaxCalculation::PerUnit;
  f.cart.lines[0].fulfilment = Fulfilment::Pickup;
  f.cart.lines[0].store_id = "soho";
  LineState& l = f.q.lines[0];
  l.tax = 147;
  l.tax_rule_id = "us-ny";
  l.tax_rate = Rate{8'875'000};
  f.q.applied[0].code = "TEN";
  f.q.messages[0].line = 0;
  f.q.tax_lines.push_back(TaxLine{"us-ny", "NY tax", Rate{8'875'000}, 1800, 147});

  ShippingOption o;
  o.method_id = "standard";
  o.name = "Standard";
  o.base_price = 599;
  o.price = 599;
  o.free_over = 5000;
  o.remaining_for_free = 3200;
  o.delivery = DeliveryEstimate{kNov22 + 4, kNov22 + 8, kNov22 + 1};
  f.q.shipping.needed = true;
  f.q.shipping.options.push_back(o);
  f.q.shipping.selected = "standard";
  f.q.shipping.price = 599;

  PickupStoreOption s;
  s.store_id = "soho";
  s.name = "SoHo";
  s.distance_m = 1234;
  s.availability = "all";
  s.curbside = true;
  s.ready_at = kNov22Utc + 18 * 3600;
  s.ready_utc_offset_s = -5 * 3600;
  s.lines.push_back(PickupLineAvailability{0, 2, 2});
  f.q.pickup.stores.push_back(s);

  Json quote = Json::parse(write_quote_text(f.q));
  Json& j = quote["binding"];
  Json& d = quote["details"];
  EXPECT_EQ(d["lines"][0], Json::parse(R"({"title": "Tee", "variant_title": "Red / M", "compare_at_price": 1250})"));
  const Json& line = j["lines"][0];
  EXPECT_EQ(line["tax_rate"], "8.875");
  EXPECT_EQ(line["total"], 1800);  // tax-inclusive: total = net, the 147 is inside it
  EXPECT_EQ(line["fulfilment"], Json::parse(R"({"type": "pickup", "store": "soho"})"));
  EXPECT_EQ(j["rounding"], Json::parse(R"({"mode": "half_up", "tax_calculation": "per_unit", "prices_include_tax": true})"));
  EXPECT_EQ(j["promotions"][0]["code"], "TEN");
  EXPECT_EQ(d["messages"][0], Json::parse(R"({"code": "x", "message": "m", "line": 0})"));
  EXPECT_EQ(j["tax_lines"][0], Json::parse(R"({"rule": "us-ny", "rate": "8.875", "taxable": 1800, "amount": 147})"));
  EXPECT_EQ(d["tax_lines"][0], Json::parse(R"({"name": "NY tax"})"));
  EXPECT_EQ(j["shipping"]["selected"], "standard");
  EXPECT_EQ(d["shipping"]["options"][0], Json::parse(R"({"method": "standard", "name": "Standard", "base_price": 599,
      "price": 599, "free": false, "free_reason": "", "free_over": 5000, "remaining_for_free": 3200,
      "ships_on": "2026-11-23", "delivery": {"earliest": "2026-11-26", "latest": "2026-11-30"}})"));
  EXPECT_EQ(d["pickup"]["stores"][0], Json::parse(R"({"store": "soho", "name": "SoHo", "distance_m": 1234,
      "availability": "all", "curbside": true, "ready_at": "2026-11-22T18:00:00Z",
      "ready_local": "2026-11-22T13:00:00-05:00", "lines": [{"line": 0, "requested": 2, "available": 2}]})"));
}

TEST(QuoteWriter, StoreThatNeverOpensAndUnknownDistanceAreOmitted) {
  Fixture f;
  PickupStoreOption s;
  s.store_id = "closed";
  s.name = "Closed";
  s.availability = "none";
  f.q.pickup.stores.push_back(s);
  ShippingOption o;
  o.method_id = "m";
  o.name = "M";
  f.q.shipping.options.push_back(o);
  Json j = Json::parse(write_quote_text(f.q))["details"];
  const Json& store = j["pickup"]["stores"][0];
  EXPECT_FALSE(store.contains("distance_m"));
  EXPECT_FALSE(store.contains("ready_at"));
  EXPECT_FALSE(store.contains("ready_local"));
  const Json& option = j["shipping"]["options"][0];
  EXPECT_FALSE(option.contains("free_over"));
  EXPECT_FALSE(option.contains("remaining_for_free"));
  EXPECT_EQ(option["ships_on"], "1970-01-01");  // day 0
}

// Every optional member present and every array with two elements, so each
// object's hand-written key order is checked against nlohmann's std::map
// order: the text must be its own canonical_dump.
TEST(QuoteWriter, EveryMemberIsInSortedOrder) {
  Fixture f;
  f.catalog.variants[0].title = "Red \"XL\"\n\xc3\xa9";  // escaped and UTF-8 text
  f.catalog.variants[0].compare_at_price = 1250;
  f.cart.lines[0].fulfilment = Fulfilment::Pickup;
  f.cart.lines[0].store_id = "soho";
  f.cart.lines.push_back(f.cart.lines[0]);
  f.cart.lines[1].fulfilment = Fulfilment::Ship;
  f.q.lines[0].cart = &f.cart.lines[0];
  f.q.lines[0].tax_rule_id = "us-ny";
  f.q.lines[0].tax_rate = Rate{8'875'000};
  f.q.lines[0].discounts.push_back(DiscountShare{"P5", 1});
  f.q.lines.push_back(f.q.lines[0]);
  f.q.lines[1].index = 1;
  f.q.lines[1].cart = &f.cart.lines[1];
  f.q.applied[0].code = "TEN";
  f.q.applied[0].allocations.push_back(Allocation{1, 5});
  f.q.applied.push_back(f.q.applied[0]);
  f.q.rejected.push_back(f.q.rejected[0]);
  f.q.messages[0].line = 1;
  f.q.messages.push_back(Message{"y", "n", -1});
  f.q.tax_lines.push_back(TaxLine{"us-ny", "NY tax", Rate{8'875'000}, 1800, 147});
  f.q.tax_lines.push_back(TaxLine{"us-nyc", "NYC", Rate{4'500'000}, 1800, 81});
  ShippingOption o;
  o.method_id = "standard";
  o.name = "Standard";
  o.free = true;
  o.free_reason = "threshold";
  o.free_over = 5000;
  o.remaining_for_free = std::numeric_limits<int64_t>::min();  // the longest integer
  f.q.shipping.options = {o, o};
  f.q.shipping.needed = true;
  f.q.shipping.selected = "standard";
  PickupStoreOption s;
  s.store_id = "soho";
  s.name = "SoHo";
  s.distance_m = 1234;
  s.availability = "partial";
  s.curbside = true;
  s.ready_at = kNov22Utc;
  s.lines = {PickupLineAvailability{0, 2, 1}, PickupLineAvailability{1, 2, 0}};
  f.q.pickup.stores = {s, s};

  const std::string text = write_quote_text(f.q);
  EXPECT_EQ(canonical_dump(Json::parse(text)), text);
  Json j = Json::parse(text)["details"];
  EXPECT_EQ(j["shipping"]["options"][1]["remaining_for_free"].get<int64_t>(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(j["lines"][0]["variant_title"].get<std::string>(), "Red \"XL\"\n\xc3\xa9");
  // As written: quote and newline escaped, the two UTF-8 bytes of U+00E9 raw.
  EXPECT_NE(text.find("\"variant_title\":\"Red \\\"XL\\\"\\n\xc3\xa9\""), std::string::npos);
}

TEST(QuoteWriter, InvalidUtf8IsAnInputErrorAsFromCanonicalDump) {
  Fixture f;
  f.catalog.products[0].title = "T\xc3";  // a lead byte with no continuation
  try {
    write_quote_text(f.q);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.error().code, "invalid_value");
    EXPECT_EQ(e.error().path, "");
  }
}

}  // namespace
}  // namespace checkout
