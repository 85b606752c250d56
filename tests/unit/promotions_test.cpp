// The promotions stage, on hand-built quote states. Every expected number is
// worked out by hand in the comment next to it (docs/pricing/promotions.md
// walks through the same rules).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "model.h"
#include "money.h"
#include "pricing_state.h"

namespace checkout {
namespace {

// 2026-11-22T14:03:00Z
constexpr int64_t kNow = 1795356180;
// 2026-12-01T05:00:00Z
constexpr int64_t kDec1At5 = 1796101200;

Rate percent(int64_t whole) { return Rate{whole * (kRateOne / 100)}; }

Effect percent_off(Rate r) {
  Effect e;
  e.type = EffectType::PercentOff;
  e.percent = r;
  return e;
}
Effect amount_off(int64_t amount, bool per_unit = false) {
  Effect e;
  e.type = EffectType::AmountOff;
  e.amount = amount;
  e.per_unit = per_unit;
  return e;
}
Effect fixed_price(int64_t price) {
  Effect e;
  e.type = EffectType::FixedPrice;
  e.price = price;
  return e;
}
Effect buy_get(int32_t buy, int32_t get, Rate off = percent(100), int32_t max_applications = 0) {
  Effect e;
  e.type = EffectType::BuyXGetY;
  e.buy = buy;
  e.get = get;
  e.percent = off;
  e.max_applications = max_applications;
  return e;
}
Tier percent_tier(int64_t threshold, Rate r) {
  Tier t;
  t.threshold = threshold;
  t.percent = r;
  return t;
}
Tier amount_tier(int64_t threshold, int64_t amount) {
  Tier t;
  t.threshold = threshold;
  t.amount = amount;
  return t;
}
Effect tiered(TierBasis basis, std::vector<Tier> tiers) {
  Effect e;
  e.type = EffectType::Tiered;
  e.tier_basis = basis;
  e.tiers = std::move(tiers);
  return e;
}
Effect free_shipping(std::vector<std::string> methods = {}, std::vector<std::string> countries = {}) {
  Effect e;
  e.type = EffectType::FreeShipping;
  e.shipping_methods = std::move(methods);
  e.shipping_countries = std::move(countries);
  return e;
}

// A promotion titled after its id; automatic unless a code is given.
Promotion promo(const std::string& id, Effect effect, const std::string& code = "", int32_t priority = 0) {
  Promotion p;
  p.id = id;
  p.title = id;
  if (!code.empty()) p.codes = {code};
  p.priority = priority;
  p.effect = std::move(effect);
  return p;
}

// A shop with one product per SKU, a cart and a context, priced by
// apply_promotions alone.
class Shop {
 public:
  Shop() {
    catalog.currency = "USD";
    catalog.exponent = 2;
    context.now = kNow;
  }

  void sku(const std::string& sku, int64_t price, std::vector<std::string> categories = {}) {
    Product p;
    p.id = "P-" + sku;
    p.title = sku;
    p.categories = std::move(categories);
    p.variant_indices = {static_cast<int32_t>(catalog.variants.size())};
    Variant v;
    v.sku = sku;
    v.price = price;
    v.product_index = static_cast<int32_t>(catalog.products.size());
    catalog.variant_by_sku[sku] = static_cast<int32_t>(catalog.variants.size());
    catalog.products.push_back(std::move(p));
    catalog.variants.push_back(std::move(v));
  }
  void line(const std::string& sku, int64_t quantity) {
    CartLine l;
    l.sku = sku;
    l.quantity = quantity;
    l.variant_index = catalog.variant_by_sku.at(sku);
    cart.lines.push_back(l);
  }
  void add(Promotion p) { catalog.promotions.push_back(std::move(p)); }

  QuoteState& run() {
    std::stable_sort(catalog.promotions.begin(), catalog.promotions.end(),
                     [](const Promotion& a, const Promotion& b) {
                       return a.priority != b.priority ? a.priority < b.priority : a.id < b.id;
                     });
    q = QuoteState{};
    q.catalog = &catalog;
    q.cart = &cart;
    q.context = &context;
    for (size_t i = 0; i < cart.lines.size(); ++i) {
      LineState l;
      l.index = static_cast<int32_t>(i);
      l.cart = &cart.lines[i];
      l.variant = &catalog.variants[static_cast<size_t>(cart.lines[i].variant_index)];
      l.product = &catalog.products[static_cast<size_t>(l.variant->product_index)];
      l.unit_price = l.variant->price;
      l.subtotal = l.unit_price * cart.lines[i].quantity;
      q.lines.push_back(l);
    }
    apply_promotions(q);
    return q;
  }

  const LineState& line_of(const std::string& sku) const {
    for (const LineState& l : q.lines) {
      if (l.cart->sku == sku) return l;
    }
    throw std::runtime_error("no line " + sku);
  }
  int64_t discount_of(const std::string& sku) const { return line_of(sku).discount_total; }
  const AppliedPromotion* applied(const std::string& id) const {
    for (const AppliedPromotion& a : q.applied) {
      if (a.id == id) return &a;
    }
    return nullptr;
  }

  Catalog catalog;
  Cart cart;
  Context context;
  QuoteState q;
};

std::vector<std::string> applied_ids(const QuoteState& q) {
  std::vector<std::string> ids;
  for (const AppliedPromotion& a : q.applied) ids.push_back(a.id);
  return ids;
}

// ---------------------------------------------------------------- percent_off

TEST(PromotionsPercentOff, TwentyFivePercentOf1999IsFiveDollars) {
  // 1999 * 25% = 499.75 -> 500; the line keeps 1999 - 500 = 1499 (14.99, not 15.00).
  Shop s;
  s.sku("TEE", 1999);
  s.line("TEE", 1);
  s.add(promo("P25", percent_off(percent(25)), "SAVE25"));
  s.cart.coupons = {"SAVE25"};
  const QuoteState& q = s.run();
  ASSERT_EQ(q.applied.size(), 1u);
  EXPECT_EQ(q.applied[0].amount, 500);
  EXPECT_EQ(q.lines[0].net(), 1499);
  EXPECT_EQ(q.applied[0].code, "SAVE25");
  EXPECT_EQ(q.applied[0].reason, "Code SAVE25: 25% off all items");
  ASSERT_EQ(q.applied[0].allocations.size(), 1u);
  EXPECT_EQ(q.applied[0].allocations[0].line, 0);
  EXPECT_EQ(q.applied[0].allocations[0].amount, 500);
  EXPECT_TRUE(q.rejected.empty());
}

TEST(PromotionsPercentOff, RoundedOnceOverTheSetNotPerUnit) {
  // 7 x 0.99 = 693 and 3 x 1.49 = 447, together 1140; 10% = 114.0 -> 114.
  // (Per unit it would be 7 x round(9.9) + 3 x round(14.9) = 70 + 45 = 115.)
  // Shares: 114*693/1140 = 69.3 -> 69, 114*447/1140 = 44.7 -> 44, the 1 left
  // goes to the larger remainder (.7): 69 and 45.
  Shop s;
  s.sku("A", 99);
  s.sku("B", 149);
  s.line("A", 7);
  s.line("B", 3);
  s.add(promo("TEN", percent_off(percent(10))));
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].amount, 114);
  EXPECT_EQ(s.discount_of("A"), 69);
  EXPECT_EQ(s.discount_of("B"), 45);
  EXPECT_EQ(s.q.applied[0].reason, "TEN: 10% off all items");
}

// Ten single-unit lines: 7 at 0.99 (A1..A7), 3 at 1.49 (B1..B3), in `skus` order.
void ten_single_lines(Shop& s, const std::vector<std::string>& skus) {
  for (const std::string& sku : skus) s.sku(sku, sku[0] == 'A' ? 99 : 149);
  for (const std::string& sku : skus) s.line(sku, 1);
  s.add(promo("TEN", percent_off(percent(10))));
}

TEST(PromotionsPercentOff, TenLinesRoundedOnceAndTiesGoByCanonicalOrder) {
  // Sum 7*99 + 3*149 = 1140, 10% -> 114 (per line it would be 7*10 + 3*15 = 115).
  // Floors: 114*99/1140 = 9.9 -> 9, 114*149/1140 = 14.9 -> 14; 63 + 42 = 105,
  // 9 cents left. All ten remainders are .9: the tie goes to the larger weight
  // (B1..B3 -> 15 each), then canonical (sku) order: A1..A6 -> 10, A7 keeps 9.
  // 3*15 + 6*10 + 9 = 114.
  const std::vector<std::string> forward = {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "B1", "B2", "B3"};
  std::vector<std::string> reversed(forward.rbegin(), forward.rend());
  for (const auto& order : {forward, reversed}) {
    Shop s;
    ten_single_lines(s, order);
    s.run();
    ASSERT_EQ(s.q.applied.size(), 1u);
    EXPECT_EQ(s.q.applied[0].amount, 114);
    for (const char* b : {"B1", "B2", "B3"}) EXPECT_EQ(s.discount_of(b), 15) << b;
    for (const char* a : {"A1", "A2", "A3", "A4", "A5", "A6"}) EXPECT_EQ(s.discount_of(a), 10) << a;
    EXPECT_EQ(s.discount_of("A7"), 9);
  }
}

TEST(PromotionsPercentOff, AppliesToAlreadyDiscountedAmounts) {
  // 100.00: automatic 10% -> 10.00 off, then the code's 10% of 90.00 -> 9.00; net 81.00.
  Shop s;
  s.sku("X", 10000);
  s.line("X", 1);
  s.add(promo("AUTO10", percent_off(percent(10)), "", 0));
  s.add(promo("EXTRA10", percent_off(percent(10)), "EXTRA10", 1));
  s.cart.coupons = {"EXTRA10"};
  s.run();
  EXPECT_EQ(applied_ids(s.q), (std::vector<std::string>{"AUTO10", "EXTRA10"}));
  EXPECT_EQ(s.q.applied[0].amount, 1000);
  EXPECT_EQ(s.q.applied[1].amount, 900);
  const LineState& x = s.line_of("X");
  ASSERT_EQ(x.discounts.size(), 2u);
  EXPECT_EQ(x.discounts[0].promotion_id, "AUTO10");
  EXPECT_EQ(x.discounts[0].amount, 1000);
  EXPECT_EQ(x.discounts[1].promotion_id, "EXTRA10");
  EXPECT_EQ(x.discounts[1].amount, 900);
  EXPECT_EQ(x.net(), 8100);
}

TEST(PromotionsPercentOff, UsesTheCatalogRoundingMode) {
  // 5% of 2.50 = 12.5 cents: half_even -> 12, half_up -> 13.
  for (auto [mode, expected] : {std::pair{RoundingMode::HalfEven, 12}, std::pair{RoundingMode::HalfUp, 13}}) {
    Shop s;
    s.catalog.rounding = mode;
    s.sku("X", 250);
    s.line("X", 1);
    s.add(promo("FIVE", percent_off(percent(5))));
    s.run();
    EXPECT_EQ(s.discount_of("X"), expected);
  }
}

TEST(PromotionsPercentOff, HundredPercentLeavesZeroNeverNegative) {
  // 100% of 19.99 -> 1999 off, net 0. A later 5.00 off finds nothing left:
  // the automatic one is skipped, the code is rejected as not applicable.
  Shop s;
  s.sku("X", 1999);
  s.line("X", 1);
  s.add(promo("FREE", percent_off(percent(100)), "FREE", 0));
  s.add(promo("AUTO5", amount_off(500), "", 1));
  s.add(promo("SAVE5", amount_off(500), "SAVE5", 2));
  s.cart.coupons = {"FREE", "SAVE5"};
  s.run();
  EXPECT_EQ(applied_ids(s.q), (std::vector<std::string>{"FREE"}));
  EXPECT_EQ(s.q.applied[0].amount, 1999);
  EXPECT_EQ(s.line_of("X").discount_total, 1999);
  EXPECT_EQ(s.line_of("X").net(), 0);
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].code, "SAVE5");
  EXPECT_EQ(s.q.rejected[0].reason, "not_applicable");
  EXPECT_EQ(s.q.rejected[0].message, "SAVE5 gives no further discount on the items in your cart.");
}

// ----------------------------------------------------------------- amount_off

TEST(PromotionsAmountOff, PerOrderIsSplitByNetAndCappedAtTheNets) {
  // 1.00 off over 3.00 + 2.00: 100*300/500 = 60 and 40, exact.
  Shop s;
  s.sku("X", 300);
  s.sku("Y", 200);
  s.line("X", 1);
  s.line("Y", 1);
  s.add(promo("ONE", amount_off(100)));
  s.run();
  EXPECT_EQ(s.discount_of("X"), 60);
  EXPECT_EQ(s.discount_of("Y"), 40);
  EXPECT_EQ(s.q.applied[0].reason, "ONE: USD 1.00 off all items");

  // 10.00 off over 5.00: only 5.00 can go, all of each line.
  Shop t;
  t.sku("X", 300);
  t.sku("Y", 200);
  t.line("X", 1);
  t.line("Y", 1);
  t.add(promo("TEN", amount_off(1000)));
  t.run();
  EXPECT_EQ(t.q.applied[0].amount, 500);
  EXPECT_EQ(t.line_of("X").net(), 0);
  EXPECT_EQ(t.line_of("Y").net(), 0);
}

TEST(PromotionsAmountOff, LeftoverCentGoesByCanonicalOrderWhateverTheCartOrder) {
  // 1.00 over three 1.00 lines: 33 each, 1 left, all remainders and weights
  // equal, so canonical order (sku) decides: A gets 34. Same for the reversed cart.
  for (const auto& order : {std::vector<std::string>{"A", "B", "C"}, std::vector<std::string>{"C", "B", "A"}}) {
    Shop s;
    for (const std::string& sku : order) s.sku(sku, 100);
    for (const std::string& sku : order) s.line(sku, 1);
    s.add(promo("ONE", amount_off(100)));
    s.run();
    EXPECT_EQ(s.discount_of("A"), 34);
    EXPECT_EQ(s.discount_of("B"), 33);
    EXPECT_EQ(s.discount_of("C"), 33);
    EXPECT_EQ(s.q.applied[0].amount, 100);
  }
}

TEST(PromotionsAmountOff, PerUnitIsCappedAtEachLinesNet) {
  // X: 3 x 5.00, 2.00 off each -> 6.00. Y: 2 x 1.00, 2.00 off each = 4.00 > 2.00 -> 2.00.
  Shop s;
  s.sku("X", 500);
  s.sku("Y", 100);
  s.line("X", 3);
  s.line("Y", 2);
  s.add(promo("TWO", amount_off(200, true)));
  s.run();
  EXPECT_EQ(s.discount_of("X"), 600);
  EXPECT_EQ(s.discount_of("Y"), 200);
  EXPECT_EQ(s.q.applied[0].amount, 800);
  EXPECT_EQ(s.q.applied[0].reason, "TWO: USD 2.00 off each item");
}

TEST(PromotionsAmountOff, HugePerUnitAmountTakesTheNetWithoutOverflowing) {
  // amount * 3 exceeds int64; the line simply loses its whole net 15.00.
  Shop s;
  s.sku("X", 500);
  s.line("X", 3);
  s.add(promo("HUGE", amount_off(std::numeric_limits<int64_t>::max() / 2, true)));
  s.run();
  EXPECT_EQ(s.discount_of("X"), 1500);
}

// ---------------------------------------------------------------- fixed_price

TEST(PromotionsFixedPrice, EachUnitAtMostThePrice) {
  // X: 3 x 25.00 at 19.99 each -> 3 * (2500 - 1999) = 1503 off. Y at 15.00 is
  // already below 19.99: untouched and not listed in the allocations.
  Shop s;
  s.sku("X", 2500);
  s.sku("Y", 1500);
  s.line("Y", 1);
  s.line("X", 3);
  s.add(promo("FIX", fixed_price(1999)));
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].amount, 1503);
  ASSERT_EQ(s.q.applied[0].allocations.size(), 1u);
  EXPECT_EQ(s.q.applied[0].allocations[0].line, 1);
  EXPECT_EQ(s.discount_of("Y"), 0);
  EXPECT_TRUE(s.line_of("Y").discounts.empty());
  EXPECT_EQ(s.q.applied[0].reason, "FIX: all items at USD 19.99 each");
}

// ---------------------------------------------------------------- buy_x_get_y

TEST(PromotionsBuyXGetY, BuyTwoGetOneFreePicksTheCheapest) {
  // 30.00 + 20.00 + 10.00: 3 units -> 1 free, the 10.00 one.
  Shop s;
  s.sku("A", 3000);
  s.sku("B", 2000);
  s.sku("C", 1000);
  s.line("A", 1);
  s.line("B", 1);
  s.line("C", 1);
  s.add(promo("B2G1", buy_get(2, 1)));
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].amount, 1000);
  ASSERT_EQ(s.q.applied[0].allocations.size(), 1u);
  EXPECT_EQ(s.q.applied[0].allocations[0].line, 2);
  EXPECT_EQ(s.q.applied[0].reason, "B2G1: buy 2, get 1 free");

  // Two of each: 6 units -> 2 free, both 10.00 units of C.
  Shop t;
  t.sku("A", 3000);
  t.sku("B", 2000);
  t.sku("C", 1000);
  t.line("A", 2);
  t.line("B", 2);
  t.line("C", 2);
  t.add(promo("B2G1", buy_get(2, 1)));
  t.run();
  EXPECT_EQ(t.discount_of("C"), 2000);
  EXPECT_EQ(t.discount_of("A") + t.discount_of("B"), 0);
}

TEST(PromotionsBuyXGetY, MaxApplicationsAndPartialPercent) {
  // A 4 x 5.00, B 3 x 8.00; buy 1 get 1: 7 units -> floor(7/2) = 3 get-units,
  // the three cheapest are A's: 3 * 500 = 1500.
  auto run = [](Effect e) {
    Shop s;
    s.sku("A", 500);
    s.sku("B", 800);
    s.line("B", 3);
    s.line("A", 4);
    s.add(promo("BOGO", e));
    s.run();
    return std::pair{s.discount_of("A"), s.discount_of("B")};
  };
  EXPECT_EQ(run(buy_get(1, 1)), (std::pair<int64_t, int64_t>{1500, 0}));
  // max_applications 2 -> 2 units: 1000.
  EXPECT_EQ(run(buy_get(1, 1, percent(100), 2)), (std::pair<int64_t, int64_t>{1000, 0}));
  // 50% off the 3 cheapest: 1500 * 50% = 750.
  EXPECT_EQ(run(buy_get(1, 1, percent(50))), (std::pair<int64_t, int64_t>{750, 0}));
}

TEST(PromotionsBuyXGetY, ChosenUnitsSpanLinesAndAreAllocatedByTheirValue) {
  // X 1 x 3.00, Y 3 x 5.00; buy 1 get 1 at 50%: 4 units -> 2 chosen: X's 300
  // and one of Y's 500 = 800; 50% -> 400, split 300:500 -> 150 and 250.
  Shop s;
  s.sku("X", 300);
  s.sku("Y", 500);
  s.line("X", 1);
  s.line("Y", 3);
  s.add(promo("HALF", buy_get(1, 1, percent(50))));
  s.run();
  EXPECT_EQ(s.q.applied[0].amount, 400);
  EXPECT_EQ(s.discount_of("X"), 150);
  EXPECT_EQ(s.discount_of("Y"), 250);
  EXPECT_EQ(s.q.applied[0].reason, "HALF: buy 1, get 1 50% off");
}

TEST(PromotionsBuyXGetY, EquallyCheapUnitsGoByCanonicalOrder) {
  // Three 10.00 units, buy 2 get 1: one free; all equal, so the first line in
  // canonical (sku) order, A, gets it, in either cart order.
  for (const auto& order : {std::vector<std::string>{"A", "B", "C"}, std::vector<std::string>{"C", "B", "A"}}) {
    Shop s;
    for (const std::string& sku : order) s.sku(sku, 1000);
    for (const std::string& sku : order) s.line(sku, 1);
    s.add(promo("B2G1", buy_get(2, 1)));
    s.run();
    EXPECT_EQ(s.discount_of("A"), 1000);
    EXPECT_EQ(s.discount_of("B"), 0);
    EXPECT_EQ(s.discount_of("C"), 0);
  }
}

TEST(PromotionsBuyXGetY, TooFewUnitsIsNotApplicableAndSaysHowManyMore) {
  // Buy 2 get 1 needs 3 units; 2 in the cart -> 1 more.
  Shop s;
  s.sku("X", 1000);
  s.line("X", 2);
  s.add(promo("B2G1", buy_get(2, 1), "B2G1"));
  s.cart.coupons = {"b2g1"};
  s.run();
  EXPECT_TRUE(s.q.applied.empty());
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "not_applicable");
  EXPECT_EQ(s.q.rejected[0].message, "b2g1 needs 3 eligible items; add 1 more.");
}

TEST(PromotionsBuyXGetY, UnitValuesOfADiscountedLineSpreadTheRemainder) {
  // 3 x 4.00 = 1200, 2.00 off first -> net 1000 = units 334, 333, 333
  // (1000 / 3 = 333 rem 1). Buy 2 get 1: the cheapest unit is worth 333.
  Shop s;
  s.sku("X", 400);
  s.line("X", 3);
  s.add(promo("OFF2", amount_off(200), "", 0));
  s.add(promo("B2G1", buy_get(2, 1), "", 1));
  s.run();
  ASSERT_NE(s.applied("B2G1"), nullptr);
  EXPECT_EQ(s.applied("B2G1")->amount, 333);
  EXPECT_EQ(s.line_of("X").net(), 667);  // 1000 - 333
}

// Correctness only: the time this takes is a benchmark
// (bench/core_bench.cpp, worst_cart/bxgy_5000_lines_x_1e6_units).
TEST(PromotionsBuyXGetY, MillionUnitLinesPriceByUnitGroups) {
  // One line of 1,000,000 x 0.99 = 99,000,000. 10% first: 9,900,000 -> net
  // 89,100,000 = 89 per unit rem 100,000: 900,000 units at 89, 100,000 at 90.
  // Buy 2 get 1: floor(1,000,000 / 3) = 333,333 free units, all at 89:
  // 333,333 * 89 = 29,666,637. Net left 89,100,000 - 29,666,637 = 59,433,363.
  Shop s;
  s.sku("M", 99);
  s.line("M", 1'000'000);
  s.add(promo("TEN", percent_off(percent(10)), "", 0));
  s.add(promo("B2G1", buy_get(2, 1), "", 1));
  s.run();
  EXPECT_EQ(s.applied("TEN")->amount, 9'900'000);
  EXPECT_EQ(s.applied("B2G1")->amount, 29'666'637);
  EXPECT_EQ(s.line_of("M").net(), 59'433'363);

  // The worst cart: 5,000 lines of 1,000,000 units at 0.99 (5e9 units).
  // floor(5e9 / 3) = 1,666,666,666 free units, all worth 99; ties go by
  // canonical order (S0000, S0001, ...): 1,666 whole lines (99,000,000 each)
  // and 666,666 units of S1666 (65,999,934). Total 164,999,999,934.
  Shop big;
  auto sku_of = [](int i) {  // "S0042": zero-padded so sku order is numeric order
    const std::string digits = std::to_string(i);
    return "S" + std::string(4 - digits.size(), '0') + digits;
  };
  for (int i = 0; i < 5000; ++i) big.sku(sku_of(i), 99);
  for (int i = 4999; i >= 0; --i) big.line(sku_of(i), 1'000'000);  // reversed: canonical order must still rule
  big.add(promo("B2G1", buy_get(2, 1)));
  big.run();
  EXPECT_EQ(big.applied("B2G1")->amount, 164'999'999'934);
  EXPECT_EQ(big.discount_of("S0000"), 99'000'000);
  EXPECT_EQ(big.discount_of("S1665"), 99'000'000);
  EXPECT_EQ(big.discount_of("S1666"), 65'999'934);
  EXPECT_EQ(big.discount_of("S1667"), 0);
  EXPECT_EQ(big.applied("B2G1")->allocations.size(), 1667u);
}

// -------------------------------------------------------------------- tiered

TEST(PromotionsTiered, HighestTierReachedApplies) {
  // Tiers 50.00 -> 10%, 100.00 -> 15%. 120.00 reaches both: 15% = 18.00.
  Shop s;
  s.sku("X", 12000);
  s.line("X", 1);
  s.add(promo("VOLUME", tiered(TierBasis::Subtotal, {percent_tier(5000, percent(10)), percent_tier(10000, percent(15))})));
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].amount, 1800);
  EXPECT_EQ(s.q.applied[0].reason, "Spend USD 100.00+: 15% off all items");
}

TEST(PromotionsTiered, QuantityTiersWithAmounts) {
  // Tiers 3 units -> 5.00 off, 6 units -> 15.00 off. 4 units reach the first: 500.
  Shop s;
  s.sku("X", 1000);
  s.line("X", 4);
  s.add(promo("BULK", tiered(TierBasis::Quantity, {amount_tier(3, 500), amount_tier(6, 1500)}), "BULK"));
  s.cart.coupons = {"bulk"};
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].amount, 500);
  EXPECT_EQ(s.q.applied[0].code, "BULK");
  EXPECT_EQ(s.q.applied[0].reason, "Code BULK: buy 3+ items, USD 5.00 off all items");
}

TEST(PromotionsTiered, NoTierReachedIsMinimumNotMet) {
  // 40.00 against a first tier of 50.00: 10.00 missing. Automatic: silent.
  Shop s;
  s.sku("X", 4000);
  s.line("X", 1);
  s.add(promo("TIER", tiered(TierBasis::Subtotal, {percent_tier(5000, percent(10))}), "TIER", 0));
  s.add(promo("AUTOTIER", tiered(TierBasis::Subtotal, {percent_tier(5000, percent(10))}), "", 1));
  s.add(promo("QTY", tiered(TierBasis::Quantity, {percent_tier(3, percent(10))}), "QTY", 2));
  s.cart.coupons = {"TIER", "QTY"};
  s.run();
  EXPECT_TRUE(s.q.applied.empty());
  ASSERT_EQ(s.q.rejected.size(), 2u);
  EXPECT_EQ(s.q.rejected[0].reason, "minimum_not_met");
  EXPECT_EQ(s.q.rejected[0].message, "Add USD 10.00 more to use TIER.");
  // 1 unit against a first tier of 3 units: 2 missing.
  EXPECT_EQ(s.q.rejected[1].reason, "minimum_not_met");
  EXPECT_EQ(s.q.rejected[1].message, "Add 2 more items to use QTY.");
}

// ------------------------------------------------------------- free_shipping

TEST(PromotionsFreeShipping, GrantsShippingAndTouchesNoLine) {
  Shop s;
  s.sku("X", 6000);
  s.line("X", 1);
  Promotion p = promo("SHIPFREE", free_shipping({"standard"}, {"US"}));
  p.min_subtotal = 5000;
  s.add(p);
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_TRUE(s.q.applied[0].free_shipping);
  EXPECT_EQ(s.q.applied[0].amount, 0);
  EXPECT_TRUE(s.q.applied[0].allocations.empty());
  EXPECT_EQ(s.q.applied[0].reason, "Spend USD 50.00+: free shipping");
  ASSERT_EQ(s.q.free_shipping.size(), 1u);
  EXPECT_EQ(s.q.free_shipping[0].promotion_id, "SHIPFREE");
  EXPECT_EQ(s.q.free_shipping[0].methods, std::vector<std::string>{"standard"});
  EXPECT_EQ(s.q.free_shipping[0].countries, std::vector<std::string>{"US"});
  EXPECT_EQ(s.line_of("X").discount_total, 0);

  // 40.00 < 50.00: an automatic promotion that does not apply leaves no trace.
  Shop t;
  t.sku("X", 4000);
  t.line("X", 1);
  t.add(p);
  t.run();
  EXPECT_TRUE(t.q.applied.empty());
  EXPECT_TRUE(t.q.free_shipping.empty());
  EXPECT_TRUE(t.q.rejected.empty());
}

// -------------------------------------------------------------------- codes

// One 38.00 line; each test adds its own promotions and codes.
Shop coded_shop() {
  Shop s;
  s.sku("TEE", 3800);
  s.line("TEE", 1);
  return s;
}

TEST(PromotionsCodes, SameCodeTwiceIsADuplicateCaseInsensitively) {
  Shop s = coded_shop();
  s.add(promo("P10", percent_off(percent(10)), "SAVE10"));
  s.cart.coupons = {"save10", "SAVE10"};
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].code, "SAVE10");  // normalised, though typed in lower case
  EXPECT_EQ(s.q.applied[0].reason, "Code SAVE10: 10% off all items");
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].code, "SAVE10");
  EXPECT_EQ(s.q.rejected[0].reason, "duplicate");
  EXPECT_EQ(s.q.rejected[0].message, "You already entered the code SAVE10.");
}

TEST(PromotionsCodes, TwoCodesOfOnePromotionIsADuplicate) {
  Shop s = coded_shop();
  Promotion p = promo("P10", percent_off(percent(10)));
  p.codes = {"SAVE10", "TENOFF"};
  s.add(p);
  s.cart.coupons = {"TENOFF", "SAVE10"};
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].code, "TENOFF");
  EXPECT_EQ(s.q.applied[0].amount, 380);  // 10% of 3800
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "duplicate");
  EXPECT_EQ(s.q.rejected[0].message, "SAVE10 is for the same offer as TENOFF.");
}

TEST(PromotionsCodes, UnknownCode) {
  Shop s = coded_shop();
  s.cart.coupons = {"BOGUS"};
  s.run();
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "unknown");
  EXPECT_EQ(s.q.rejected[0].message, "We don't recognise the code BOGUS.");
}

TEST(PromotionsCodes, UsageLimitReached) {
  Shop s = coded_shop();
  s.add(promo("P-LIMIT", percent_off(percent(10)), "LIMITED"));
  s.add(promo("P-AUTO-LIMIT", percent_off(percent(10))));
  s.context.exhausted_promotions = {"P-AUTO-LIMIT", "P-LIMIT"};
  s.cart.coupons = {"LIMITED"};
  s.run();
  EXPECT_TRUE(s.q.applied.empty());
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "usage_limit_reached");
  EXPECT_EQ(s.q.rejected[0].message, "LIMITED has reached its usage limit.");
}

TEST(PromotionsCodes, ValidityWindowIsHalfOpen) {
  Shop s = coded_shop();
  Promotion early = promo("EARLY", percent_off(percent(10)), "EARLY");
  early.valid_from = kDec1At5;
  Promotion late = promo("LATE", percent_off(percent(10)), "LATE");
  late.valid_until = kNow;  // [from, until): now == until is already over
  Promotion starts_now = promo("NOW", percent_off(percent(10)), "NOW");
  starts_now.valid_from = kNow;  // now == from is inside
  starts_now.valid_until = kNow + 1;
  s.add(early);
  s.add(late);
  s.add(starts_now);
  s.cart.coupons = {"EARLY", "LATE", "NOW"};
  s.run();
  EXPECT_EQ(applied_ids(s.q), std::vector<std::string>{"NOW"});
  ASSERT_EQ(s.q.rejected.size(), 2u);
  EXPECT_EQ(s.q.rejected[0].reason, "not_yet_valid");
  EXPECT_EQ(s.q.rejected[0].message, "EARLY can't be used before 2026-12-01 05:00 UTC.");
  EXPECT_EQ(s.q.rejected[1].reason, "expired");
  EXPECT_EQ(s.q.rejected[1].message, "LATE expired at 2026-11-22 14:03 UTC.");
}

TEST(PromotionsCodes, ChannelAndCustomerGroup) {
  Shop s = coded_shop();
  Promotion web = promo("WEB", percent_off(percent(10)), "WEBONLY");
  web.channels = {"app", "web"};
  Promotion vip = promo("VIP", percent_off(percent(10)), "VIPONLY");
  vip.customer_groups = {"vip"};
  s.add(web);
  s.add(vip);
  s.context.channel = "store";
  s.cart.coupons = {"WEBONLY", "VIPONLY"};
  s.run();
  EXPECT_TRUE(s.q.applied.empty());
  ASSERT_EQ(s.q.rejected.size(), 2u);
  EXPECT_EQ(s.q.rejected[0].reason, "channel");
  EXPECT_EQ(s.q.rejected[0].message, "WEBONLY can't be used in the store channel.");
  EXPECT_EQ(s.q.rejected[1].reason, "customer_group");
  EXPECT_EQ(s.q.rejected[1].message, "VIPONLY isn't available to your customer group.");

  // In the web channel as a vip both apply: 10% of 3800 = 380, then 10% of 3420 = 342.
  s.context.channel = "web";
  s.context.customer_group = "vip";
  s.run();
  EXPECT_EQ(applied_ids(s.q), (std::vector<std::string>{"VIP", "WEB"}));
  EXPECT_EQ(s.q.applied[0].amount, 380);
  EXPECT_EQ(s.q.applied[1].amount, 342);
  EXPECT_TRUE(s.q.rejected.empty());
}

TEST(PromotionsCodes, NotApplicableWhenNothingIsTargeted) {
  Shop s = coded_shop();
  Promotion hats = promo("HATS", percent_off(percent(10)), "HATS");
  hats.target.skus = {"HAT"};
  s.add(hats);
  s.cart.coupons = {"HATS"};
  s.run();
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "not_applicable");
  EXPECT_EQ(s.q.rejected[0].message, "No item in your cart qualifies for HATS.");
}

TEST(PromotionsCodes, MinimumSubtotalAndQuantity) {
  // 38.00 against 50.00: 12.00 missing. 1 unit against 3: 2 missing.
  Shop s = coded_shop();
  Promotion big = promo("BIG", percent_off(percent(10)), "BIG");
  big.min_subtotal = 5000;
  Promotion three = promo("BIG3", percent_off(percent(10)), "BIG3");
  three.min_quantity = 3;
  Promotion two = promo("BIG2", percent_off(percent(10)), "BIG2");
  two.min_quantity = 2;
  s.add(big);
  s.add(three);
  s.add(two);
  s.cart.coupons = {"BIG", "BIG3", "BIG2"};
  s.run();
  ASSERT_EQ(s.q.rejected.size(), 3u);
  EXPECT_EQ(s.q.rejected[0].reason, "minimum_not_met");
  EXPECT_EQ(s.q.rejected[0].message, "Add USD 12.00 more to use BIG.");
  EXPECT_EQ(s.q.rejected[1].message, "Add 2 more items to use BIG3.");
  EXPECT_EQ(s.q.rejected[2].message, "Add 1 more item to use BIG2.");
}

TEST(PromotionsCodes, MinimumIsMeasuredAfterEarlierPromotions) {
  // 55.00, automatic 10% -> 49.50; the code needs 50.00: 0.50 missing.
  Shop s;
  s.sku("X", 5500);
  s.line("X", 1);
  s.add(promo("AUTO10", percent_off(percent(10)), "", 0));
  Promotion fifty = promo("FIFTY", amount_off(500), "FIFTY", 1);
  fifty.min_subtotal = 5000;
  s.add(fifty);
  s.cart.coupons = {"FIFTY"};
  s.run();
  EXPECT_EQ(applied_ids(s.q), std::vector<std::string>{"AUTO10"});
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].message, "Add USD 0.50 more to use FIFTY.");
}

TEST(PromotionsCodes, RejectionsKeepTheOrderCodesWereEntered) {
  // LATE has priority 5 and EARLY 1, so EARLY is checked first; the list
  // still follows the entry order.
  Shop s = coded_shop();
  Promotion early = promo("EARLY", percent_off(percent(10)), "EARLY", 1);
  early.valid_from = kDec1At5;
  Promotion late = promo("LATE", percent_off(percent(10)), "LATE", 5);
  late.valid_until = kNow;
  s.add(early);
  s.add(late);
  s.cart.coupons = {"nope", "LATE", "EARLY", "NOPE"};
  s.run();
  ASSERT_EQ(s.q.rejected.size(), 4u);
  EXPECT_EQ(s.q.rejected[0].code, "nope");
  EXPECT_EQ(s.q.rejected[0].reason, "unknown");
  EXPECT_EQ(s.q.rejected[1].reason, "expired");
  EXPECT_EQ(s.q.rejected[2].reason, "not_yet_valid");
  EXPECT_EQ(s.q.rejected[3].code, "NOPE");
  EXPECT_EQ(s.q.rejected[3].reason, "duplicate");
}

// ---------------------------------------- priority, exclusive, stop_further

TEST(PromotionsOrder, LowerPriorityFirstThenId) {
  // 100.00: 10% then 5.00 -> 1000 + 500, net 85.00;
  // 5.00 then 10% of 95.00 -> 500 + 950, net 85.50.
  auto net_after = [](int32_t pct_priority, int32_t amt_priority, const char* pct_id, const char* amt_id) {
    Shop s;
    s.sku("X", 10000);
    s.line("X", 1);
    s.add(promo(pct_id, percent_off(percent(10)), "", pct_priority));
    s.add(promo(amt_id, amount_off(500), "", amt_priority));
    s.run();
    return s.line_of("X").net();
  };
  EXPECT_EQ(net_after(1, 2, "P-PCT", "P-AMT"), 8500);
  EXPECT_EQ(net_after(2, 1, "P-PCT", "P-AMT"), 8550);
  // Equal priority: by id, "A-AMT" < "B-PCT" -> amount first.
  EXPECT_EQ(net_after(0, 0, "B-PCT", "A-AMT"), 8550);
  EXPECT_EQ(net_after(0, 0, "A-PCT", "B-AMT"), 8500);
}

TEST(PromotionsOrder, StopFurtherBlocksLaterPromotions) {
  Shop s = coded_shop();
  Promotion sale = promo("SALE", percent_off(percent(10)), "", 0);
  sale.title = "Store-wide sale";
  sale.stop_further = true;
  s.add(sale);
  s.add(promo("AUTO5", amount_off(500), "", 1));
  s.add(promo("P5", amount_off(500), "SAVE5", 2));
  s.cart.coupons = {"SAVE5"};
  s.run();
  EXPECT_EQ(applied_ids(s.q), std::vector<std::string>{"SALE"});
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "cannot_combine");
  EXPECT_EQ(s.q.rejected[0].message, "SAVE5 cannot be combined with Store-wide sale.");
}

TEST(PromotionsOrder, StopFurtherOnlyBlocksWhatComesAfter) {
  // The stop_further code has priority 5: the priority-0 automatic applies first.
  Shop s = coded_shop();
  s.add(promo("AUTO", percent_off(percent(10)), "", 0));
  Promotion last = promo("LAST", amount_off(100), "LASTONE", 5);
  last.stop_further = true;
  s.add(last);
  s.add(promo("LATER", amount_off(100), "LATER", 6));
  s.cart.coupons = {"LATER", "lastone"};
  s.run();
  EXPECT_EQ(applied_ids(s.q), (std::vector<std::string>{"AUTO", "LAST"}));
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].message, "LATER cannot be combined with LASTONE.");
}

TEST(PromotionsOrder, AnAppliedExclusivePromotionBlocksEverythingAfter) {
  Shop s = coded_shop();
  Promotion vip = promo("VIP20", percent_off(percent(20)), "VIP20", 0);
  vip.exclusive = true;
  s.add(vip);
  s.add(promo("AUTO5", amount_off(500), "", 1));
  s.add(promo("P5", amount_off(500), "SAVE5", 2));
  s.cart.coupons = {"SAVE5", "VIP20"};
  s.run();
  EXPECT_EQ(applied_ids(s.q), std::vector<std::string>{"VIP20"});
  EXPECT_EQ(s.q.applied[0].amount, 760);  // 20% of 3800
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "cannot_combine");
  EXPECT_EQ(s.q.rejected[0].message, "SAVE5 cannot be combined with VIP20.");
}

TEST(PromotionsOrder, AnExclusivePromotionCannotJoinOthers) {
  Shop s = coded_shop();
  Promotion welcome = promo("WELCOME", percent_off(percent(5)), "", 0);
  welcome.title = "Welcome offer";
  s.add(welcome);
  s.add(promo("P5", amount_off(500), "SAVE5", 1));
  Promotion solo = promo("SOLO", percent_off(percent(30)), "SOLO", 2);
  solo.exclusive = true;
  s.add(solo);
  Promotion auto_exclusive = promo("AUTO-EX", percent_off(percent(30)), "", 3);
  auto_exclusive.exclusive = true;
  s.add(auto_exclusive);
  s.cart.coupons = {"SOLO", "SAVE5"};
  s.run();
  // The first applied promotion is named, whichever it is.
  EXPECT_EQ(applied_ids(s.q), (std::vector<std::string>{"WELCOME", "P5"}));
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].code, "SOLO");
  EXPECT_EQ(s.q.rejected[0].message, "SOLO cannot be combined with Welcome offer.");
}

// ------------------------------------------------------------------ targets

TEST(PromotionsTarget, MatchesBySkuProductIdOrCategory) {
  // TEE 20.00 (apparel, sale), MUG 10.00 (kitchen), HAT 15.00 (apparel).
  auto discounts = [](Target t) {
    Shop s;
    s.sku("TEE", 2000, {"apparel", "sale"});
    s.sku("MUG", 1000, {"kitchen"});
    s.sku("HAT", 1500, {"apparel"});
    s.line("TEE", 1);
    s.line("MUG", 1);
    s.line("HAT", 1);
    Promotion p = promo("TEN", percent_off(percent(10)));
    p.target = std::move(t);
    s.add(p);
    s.run();
    return std::vector<int64_t>{s.discount_of("TEE"), s.discount_of("MUG"), s.discount_of("HAT")};
  };
  Target by_sku;
  by_sku.skus = {"MUG"};
  EXPECT_EQ(discounts(by_sku), (std::vector<int64_t>{0, 100, 0}));
  Target by_product;
  by_product.product_ids = {"P-HAT"};
  EXPECT_EQ(discounts(by_product), (std::vector<int64_t>{0, 0, 150}));
  Target by_category;
  by_category.categories = {"apparel"};
  EXPECT_EQ(discounts(by_category), (std::vector<int64_t>{200, 0, 150}));
  Target mixed;
  mixed.skus = {"MUG"};
  mixed.categories = {"sale"};
  EXPECT_EQ(discounts(mixed), (std::vector<int64_t>{200, 100, 0}));
}

TEST(PromotionsTarget, ReasonSaysEligibleItemsWhenTargeted) {
  Shop s = coded_shop();
  Promotion p = promo("TEES", percent_off(percent(10)), "TEES");
  p.target.skus = {"TEE"};
  s.add(p);
  s.cart.coupons = {"TEES"};
  s.run();
  ASSERT_EQ(s.q.applied.size(), 1u);
  EXPECT_EQ(s.q.applied[0].reason, "Code TEES: 10% off eligible items");
}

// ---------------------------------------------------------------- invariants

TEST(PromotionsInvariants, AllocationsSumExactlyAndNoLineGoesNegative) {
  // 40 lines with awkward prices and quantities, four stacked effects whose
  // shares all need rounding. Whatever the numbers, the books must balance.
  Shop s;
  uint32_t seed = 12345;
  auto next = [&seed](uint32_t mod) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % mod;
  };
  for (int i = 0; i < 40; ++i) {
    const std::string sku = "K" + std::to_string(100 + i);
    s.sku(sku, 1 + static_cast<int64_t>(next(9999)));
    s.line(sku, 1 + static_cast<int64_t>(next(7)));
  }
  s.add(promo("A-PCT", percent_off(Rate{7'333'333}), "", 0));  // 7.333333%
  s.add(promo("B-AMT", amount_off(12345), "", 1));
  s.add(promo("C-BXGY", buy_get(3, 1, Rate{33'333'333}), "", 2));
  s.add(promo("D-TIER", tiered(TierBasis::Quantity, {percent_tier(1, Rate{12'500'000})}), "", 3));
  s.run();
  ASSERT_EQ(s.q.applied.size(), 4u);
  int64_t applied_total = 0, line_total = 0;
  for (const AppliedPromotion& a : s.q.applied) {
    int64_t sum = 0;
    for (size_t i = 0; i < a.allocations.size(); ++i) {
      EXPECT_GT(a.allocations[i].amount, 0);
      if (i > 0) {
        EXPECT_LT(a.allocations[i - 1].line, a.allocations[i].line);
      }
      sum += a.allocations[i].amount;
    }
    EXPECT_EQ(sum, a.amount) << a.id;
    applied_total += a.amount;
  }
  for (const LineState& l : s.q.lines) {
    int64_t sum = 0;
    for (const DiscountShare& d : l.discounts) sum += d.amount;
    EXPECT_EQ(sum, l.discount_total);
    EXPECT_GE(l.net(), 0);
    line_total += l.discount_total;
  }
  EXPECT_EQ(applied_total, line_total);
  EXPECT_EQ(s.q.applied[1].amount, 12345);  // the nets are far above 123.45
}

TEST(PromotionsInvariants, EmptyCartAppliesNothing) {
  Shop s;
  s.sku("X", 100);
  s.add(promo("TEN", percent_off(percent(10))));
  s.add(promo("SHIP", free_shipping()));
  s.add(promo("P10", percent_off(percent(10)), "SAVE10"));
  s.cart.coupons = {"SAVE10"};
  s.run();
  EXPECT_TRUE(s.q.applied.empty());
  EXPECT_TRUE(s.q.free_shipping.empty());
  ASSERT_EQ(s.q.rejected.size(), 1u);
  EXPECT_EQ(s.q.rejected[0].reason, "not_applicable");
}

}  // namespace
}  // namespace checkout
