#include <gtest/gtest.h>

#include "fulfilment_fixture.h"

namespace checkout::fulfilment_test {
namespace {

// Calendar: Sat/Sun weekend, Monday 2026-11-23 a holiday. One warehouse in
// New York (cutoff 14:00, one handling day) and three methods:
//   express    whole US, weight brackets <=1000 g: 15.00, <=5000 g: 25.00, 1-2 days
//   ny-courier NY postal 100*/101* only, flat 8.99, 1 day
//   standard   whole US, subtotal brackets 0: 5.99, 100.00+: 2.99, free over 50.00, 3-5 days
class ShippingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    f.catalog.calendar.holidays = {day("2026-11-23")};
    Warehouse& w = f.add_warehouse("east");
    w.cutoff_minutes = hhmm(14, 0);
    w.handling_days = 1;

    ShippingMethod& express = f.add_method("express", "Express", "east");
    express.zones = {Zone{"US", {}, {}}};
    express.weight_rates = {{1000, 1500}, {5000, 2500}};
    express.transit_days_min = 1;
    express.transit_days_max = 2;

    ShippingMethod& courier = f.add_method("ny-courier", "NY Courier", "east");
    courier.zones = {Zone{"US", {"NY"}, {"100", "101"}}};
    courier.subtotal_rates = {{0, 899}};
    courier.transit_days_min = 1;
    courier.transit_days_max = 1;

    ShippingMethod& standard = f.add_method("standard", "Standard", "east");
    standard.zones = {Zone{"US", {}, {}}};
    standard.subtotal_rates = {{0, 599}, {10000, 299}};
    standard.free_over = 5000;
    standard.transit_days_min = 3;
    standard.transit_days_max = 5;

    f.add_variant("BOX", 1000, 500);
    f.add_variant("MUG", 1250, 400);
    f.add_variant("TEE", 1999, 180);
    f.add_store("soho", "SoHo");
    // Thursday 2026-11-19 13:00 EST: a business day, before the cutoff.
    f.context.now = at("2026-11-19T18:00:00Z");
    f.stock.warehouses[0] = {{"BOX", 100}, {"MUG", 100}, {"TEE", 100}};
  }

  static const ShippingOption& option(const QuoteState& q, const std::string& id) {
    for (const ShippingOption& o : q.shipping.options) {
      if (o.method_id == id) return o;
    }
    throw std::runtime_error("no option " + id);
  }

  static std::vector<std::string> option_ids(const QuoteState& q) {
    std::vector<std::string> ids;
    for (const ShippingOption& o : q.shipping.options) ids.push_back(o.method_id);
    return ids;
  }

  static void grant(QuoteState& q, const std::string& id, std::vector<std::string> methods,
                    std::vector<std::string> countries = {}) {
    q.free_shipping.push_back(FreeShippingGrant{id, std::move(methods), std::move(countries)});
    AppliedPromotion p;
    p.id = id;
    p.free_shipping = true;
    q.applied.push_back(p);
  }

  Fixture f;
};

TEST_F(ShippingTest, PricesEveryServingMethodAndSortsByPrice) {
  f.ship("TEE", 2);
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  Fixture::discount(q.lines[0], "FALL10", 400);
  quote_shipping(q);

  // 2 x 19.99 - 4.00 = 35.98 shipped; 2 x 180 g = 360 g.
  EXPECT_TRUE(q.shipping.needed);
  EXPECT_EQ(q.shipping.shipped_subtotal, 3598);
  EXPECT_EQ(q.shipping.shipped_weight_g, 360);
  // standard 5.99 (35.98 < 100.00), courier 8.99, express 15.00 (360 g <= 1000 g).
  EXPECT_EQ(option_ids(q), (std::vector<std::string>{"standard", "ny-courier", "express"}));
  const ShippingOption& standard = option(q, "standard");
  EXPECT_EQ(standard.base_price, 599);
  EXPECT_EQ(standard.price, 599);
  EXPECT_FALSE(standard.free);
  EXPECT_EQ(standard.free_over, 5000);
  EXPECT_EQ(standard.remaining_for_free, 5000 - 3598);  // 14.02
  EXPECT_EQ(option(q, "express").price, 1500);
  EXPECT_FALSE(option(q, "express").remaining_for_free.has_value());

  EXPECT_EQ(q.shipping.selected, "standard");
  EXPECT_EQ(q.shipping.price, 599);
  const auto progress = messages_with(q, "free_shipping_progress");
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_EQ(progress[0].message, "USD 14.02 away from free shipping.");
  EXPECT_EQ(progress[0].line, -1);
}

TEST_F(ShippingTest, DeliveryBeforeCutoffLeavesToday) {
  f.ship("TEE", 1);
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  quote_shipping(q);
  // Thu 19 13:00 < 14:00: dispatch from Thu 19, +1 handling day = Fri 20.
  // standard +3: Mon 23 is a holiday -> Tue 24, Wed 25, Thu 26; +5 -> Fri 27, Mon 30.
  const ShippingOption& standard = option(q, "standard");
  EXPECT_EQ(standard.delivery.ships_day, day("2026-11-20"));
  EXPECT_EQ(standard.delivery.earliest_day, day("2026-11-26"));
  EXPECT_EQ(standard.delivery.latest_day, day("2026-11-30"));
  // express +1 -> Tue 24, +2 -> Wed 25.
  EXPECT_EQ(option(q, "express").delivery.earliest_day, day("2026-11-24"));
  EXPECT_EQ(option(q, "express").delivery.latest_day, day("2026-11-25"));
}

TEST_F(ShippingTest, DeliveryFridayAfterCutoffSkipsWeekendAndHolidayMonday) {
  f.ship("TEE", 1);
  f.destination("US", "NY", "10001");
  f.context.now = at("2026-11-20T20:30:00Z");  // Fri 15:30 EST, after the 14:00 cutoff
  QuoteState& q = f.state();
  quote_shipping(q);
  // Next business day after Fri 20: Sat, Sun weekend, Mon 23 holiday -> Tue 24.
  // +1 handling -> Wed 25. standard +3: Thu 26, Fri 27, Mon 30; +5: Tue Dec 1, Wed Dec 2.
  const ShippingOption& standard = option(q, "standard");
  EXPECT_EQ(standard.delivery.ships_day, day("2026-11-25"));
  EXPECT_EQ(standard.delivery.earliest_day, day("2026-11-30"));
  EXPECT_EQ(standard.delivery.latest_day, day("2026-12-02"));
  EXPECT_EQ(option(q, "express").delivery.earliest_day, day("2026-11-26"));
  EXPECT_EQ(option(q, "express").delivery.latest_day, day("2026-11-27"));
}

TEST_F(ShippingTest, CutoffIsInTheWarehouseLocalTimeAcrossDst) {
  f.ship("TEE", 1);
  f.destination("US", "NY", "10001");
  f.catalog.warehouses[0].handling_days = 0;

  // 18:30Z in July is 14:30 EDT: too late, dispatch from Fri Jul 17.
  f.context.now = at("2026-07-16T18:30:00Z");
  QuoteState& summer = f.state();
  quote_shipping(summer);
  EXPECT_EQ(option(summer, "standard").delivery.ships_day, day("2026-07-17"));

  // 18:30Z in November is 13:30 EST: in time, dispatch Thu Nov 19.
  f.context.now = at("2026-11-19T18:30:00Z");
  QuoteState& winter = f.state();
  quote_shipping(winter);
  EXPECT_EQ(option(winter, "standard").delivery.ships_day, day("2026-11-19"));

  // Exactly 14:00 EST is not before the cutoff.
  f.context.now = at("2026-11-19T19:00:00Z");
  QuoteState& at_cutoff = f.state();
  quote_shipping(at_cutoff);
  EXPECT_EQ(option(at_cutoff, "standard").delivery.ships_day, day("2026-11-20"));
}

TEST_F(ShippingTest, OrderOnAWeekendLeavesOnTheNextBusinessDay) {
  f.ship("TEE", 1);
  f.destination("US", "NY", "10001");
  f.context.now = at("2026-11-21T15:00:00Z");  // Sat 10:00 EST, before cutoff but a weekend
  QuoteState& q = f.state();
  quote_shipping(q);
  // Sun weekend, Mon 23 holiday -> Tue 24, +1 handling -> Wed 25.
  EXPECT_EQ(option(q, "standard").delivery.ships_day, day("2026-11-25"));
}

TEST_F(ShippingTest, WeightBracketsAndHeavyParcels) {
  f.ship("BOX", 2);  // 2 x 500 g = 1000 g: still the first bracket (max 1000 inclusive)
  f.destination("US", "CA", "94103");
  QuoteState& q = f.state();
  quote_shipping(q);
  EXPECT_EQ(option(q, "express").price, 1500);

  f.cart.lines[0].quantity = 3;  // 1500 g -> second bracket
  QuoteState& q3 = f.state();
  quote_shipping(q3);
  EXPECT_EQ(option(q3, "express").price, 2500);

  f.cart.lines[0].quantity = 11;  // 5500 g > 5000 g: express cannot take it
  QuoteState& q11 = f.state();
  quote_shipping(q11);
  EXPECT_EQ(option_ids(q11), (std::vector<std::string>{"standard"}));
}

TEST_F(ShippingTest, ThresholdMakesShippingFreeAndLastSubtotalBracketApplies) {
  f.ship("MUG", 9);  // 9 x 12.50 = 112.50 >= 100.00 -> bracket 2.99; >= 50.00 -> free
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  quote_shipping(q);
  const ShippingOption& standard = option(q, "standard");
  EXPECT_EQ(standard.base_price, 299);
  EXPECT_EQ(standard.price, 0);
  EXPECT_TRUE(standard.free);
  EXPECT_EQ(standard.free_reason, "threshold");
  EXPECT_FALSE(standard.remaining_for_free.has_value());
  EXPECT_EQ(q.shipping.selected, "standard");
  EXPECT_EQ(q.shipping.price, 0);
  EXPECT_TRUE(messages_with(q, "free_shipping_progress").empty());
}

TEST_F(ShippingTest, ThresholdIsMeasuredAfterDiscounts) {
  f.ship("MUG", 4);  // 50.00 before discounts: would meet the threshold
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  Fixture::discount(q.lines[0], "P", 1);  // 49.99 after
  quote_shipping(q);
  EXPECT_EQ(option(q, "standard").price, 599);
  EXPECT_EQ(option(q, "standard").remaining_for_free, 1);
  ASSERT_EQ(messages_with(q, "free_shipping_progress").size(), 1u);
  EXPECT_EQ(messages_with(q, "free_shipping_progress")[0].message, "USD 0.01 away from free shipping.");
}

TEST_F(ShippingTest, PromotionGrantMakesCoveredMethodFree) {
  f.ship("TEE", 2);  // 39.98: under the 50.00 threshold
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  grant(q, "SHIPFREE", {"standard"});
  quote_shipping(q);
  const ShippingOption& standard = option(q, "standard");
  EXPECT_TRUE(standard.free);
  EXPECT_EQ(standard.free_reason, "SHIPFREE");
  EXPECT_EQ(standard.base_price, 599);
  EXPECT_EQ(standard.price, 0);
  EXPECT_EQ(standard.remaining_for_free, 1002);  // the threshold itself is still 10.02 away
  EXPECT_FALSE(option(q, "express").free);
  EXPECT_EQ(q.shipping.selected, "standard");
  EXPECT_EQ(q.applied[0].shipping_discount, 599);
  // Already free: no nudge toward the threshold.
  EXPECT_TRUE(messages_with(q, "free_shipping_progress").empty());
}

TEST_F(ShippingTest, ShippingDiscountOnlyWhenTheGrantCoversTheSelectedMethod) {
  f.ship("TEE", 2);
  f.destination("US", "NY", "10001");
  f.cart.shipping_method = "standard";
  QuoteState& q = f.state();
  grant(q, "EXPRESSFREE", {"express"});
  quote_shipping(q);
  EXPECT_EQ(option(q, "express").price, 0);
  EXPECT_EQ(q.shipping.selected, "standard");
  EXPECT_EQ(q.shipping.price, 599);
  EXPECT_EQ(q.applied[0].shipping_discount, 0);
  EXPECT_EQ(messages_with(q, "free_shipping_progress").size(), 1u);
}

TEST_F(ShippingTest, GrantForAnotherCountryDoesNotApply) {
  f.ship("TEE", 1);
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  grant(q, "CAFREE", {}, {"CA"});
  quote_shipping(q);
  for (const ShippingOption& o : q.shipping.options) EXPECT_FALSE(o.free) << o.method_id;
  EXPECT_EQ(q.applied[0].shipping_discount, 0);
}

TEST_F(ShippingTest, ThresholdWinsOverGrantAndTiesSortByDeliveryThenId) {
  f.ship("MUG", 5);  // 62.50: standard is free by threshold; 2000 g -> express 25.00
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  grant(q, "SHIPFREE", {});
  quote_shipping(q);
  EXPECT_EQ(option(q, "standard").free_reason, "threshold");
  EXPECT_EQ(option(q, "express").free_reason, "SHIPFREE");
  EXPECT_EQ(option(q, "express").base_price, 2500);
  EXPECT_EQ(option(q, "ny-courier").free_reason, "SHIPFREE");
  // All cost 0: express and courier both arrive Tue 24 (tie -> id), standard Thu 26.
  EXPECT_EQ(option_ids(q), (std::vector<std::string>{"express", "ny-courier", "standard"}));
  EXPECT_EQ(q.shipping.selected, "express");
  EXPECT_EQ(q.applied[0].shipping_discount, 2500);
}

TEST_F(ShippingTest, PromotionIsNotCreditedForShippingTheThresholdMadeFree) {
  f.ship("MUG", 5);  // 62.50 >= standard's free_over: standard is free by threshold
  f.destination("US", "NY", "10001");
  f.cart.shipping_method = "standard";
  QuoteState& q = f.state();
  grant(q, "SHIPFREE", {"standard"});
  quote_shipping(q);
  EXPECT_EQ(q.shipping.selected, "standard");
  EXPECT_EQ(option(q, "standard").free_reason, "threshold");
  EXPECT_EQ(q.applied[0].shipping_discount, 0);  // the threshold saved the shipping, not SHIPFREE
}

TEST_F(ShippingTest, ZonesMatchRegionAndPostalPrefix) {
  f.ship("TEE", 1);
  f.destination("US", "NY", "11201");  // Brooklyn: not a 100/101 postal code
  QuoteState& brooklyn = f.state();
  quote_shipping(brooklyn);
  EXPECT_EQ(option_ids(brooklyn), (std::vector<std::string>{"standard", "express"}));

  f.destination("US", "NJ", "10118");  // prefix matches but the region does not
  QuoteState& nj = f.state();
  quote_shipping(nj);
  EXPECT_EQ(option_ids(nj), (std::vector<std::string>{"standard", "express"}));

  f.destination("US", "NY", "10118");
  QuoteState& midtown = f.state();
  quote_shipping(midtown);
  EXPECT_EQ(option_ids(midtown), (std::vector<std::string>{"standard", "ny-courier", "express"}));
}

TEST_F(ShippingTest, RequestedMethodIsSelectedWhenOffered) {
  f.ship("TEE", 1);
  f.destination("US", "NY", "10001");
  f.cart.shipping_method = "express";
  QuoteState& q = f.state();
  quote_shipping(q);
  EXPECT_EQ(q.shipping.selected, "express");
  EXPECT_EQ(q.shipping.price, 1500);
  EXPECT_TRUE(messages_with(q, "shipping_method_unavailable").empty());
  // The progress message is about the selected option: express has no threshold.
  EXPECT_TRUE(messages_with(q, "free_shipping_progress").empty());
}

TEST_F(ShippingTest, UnavailableRequestedMethodFallsBackToTheFirstOption) {
  f.ship("TEE", 1);
  f.destination("US", "CA", "94103");
  f.cart.shipping_method = "ny-courier";
  QuoteState& q = f.state();
  quote_shipping(q);
  EXPECT_EQ(q.shipping.selected, "standard");
  EXPECT_EQ(q.shipping.price, 599);
  const auto m = messages_with(q, "shipping_method_unavailable");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].message, "NY Courier is not available for this order. Showing Standard instead.");
}

TEST_F(ShippingTest, NoMethodServesTheDestination) {
  f.ship("TEE", 1);
  f.destination("FR", "IDF", "75001");
  QuoteState& q = f.state();
  quote_shipping(q);
  EXPECT_TRUE(q.shipping.needed);
  EXPECT_TRUE(q.shipping.options.empty());
  EXPECT_FALSE(q.shipping.selected.has_value());
  EXPECT_EQ(q.shipping.price, 0);
  const auto m = messages_with(q, "no_shipping_option");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].message, "We can't ship these items to FR/IDF.");

  f.destination("CA");
  QuoteState& canada = f.state();
  quote_shipping(canada);
  EXPECT_EQ(messages_with(canada, "no_shipping_option")[0].message, "We can't ship these items to CA.");
}

TEST_F(ShippingTest, NoDestinationAsksForAnAddress) {
  f.ship("TEE", 2);
  QuoteState& q = f.state();
  quote_shipping(q);
  EXPECT_TRUE(q.shipping.needed);
  EXPECT_EQ(q.shipping.shipped_subtotal, 3998);
  EXPECT_TRUE(q.shipping.options.empty());
  EXPECT_FALSE(q.shipping.selected.has_value());
  ASSERT_EQ(q.messages.size(), 1u);
  EXPECT_EQ(q.messages[0].code, "shipping_needs_destination");
  EXPECT_EQ(q.messages[0].message, "Enter a delivery address to see shipping options.");
}

TEST_F(ShippingTest, PickupOnlyCartNeedsNoShipping) {
  f.pickup("TEE", 2, "soho");
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  quote_shipping(q);
  EXPECT_FALSE(q.shipping.needed);
  EXPECT_EQ(q.shipping.shipped_subtotal, 0);
  EXPECT_TRUE(q.shipping.options.empty());
  EXPECT_FALSE(q.shipping.selected.has_value());
  EXPECT_EQ(q.shipping.price, 0);
  EXPECT_TRUE(q.messages.empty());
}

TEST_F(ShippingTest, ShippedSubtotalAndWeightIgnorePickupLines) {
  f.ship("TEE", 1);
  f.pickup("MUG", 3, "soho");
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  quote_shipping(q);
  EXPECT_EQ(q.shipping.shipped_subtotal, 1999);
  EXPECT_EQ(q.shipping.shipped_weight_g, 180);
}

TEST_F(ShippingTest, WarehouseShortageFlagsEveryShippedLineOfTheSku) {
  f.ship("TEE", 2);
  f.ship("MUG", 1);
  f.ship("TEE", 2);
  f.pickup("TEE", 5, "soho");
  f.destination("US", "NY", "10001");
  f.stock.warehouses[0] = {{"TEE", 3}};  // 4 TEE shipped > 3; MUG missing = 0
  QuoteState& q = f.state();
  quote_shipping(q);
  const auto m = messages_with(q, "insufficient_stock");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].line, 0);
  EXPECT_EQ(m[0].message, "Only 3 left to ship.");
  EXPECT_EQ(m[1].line, 1);
  EXPECT_EQ(m[1].message, "Out of stock for delivery.");
  EXPECT_EQ(m[2].line, 2);
  EXPECT_EQ(m[2].message, "Only 3 left to ship.");
  EXPECT_EQ(q.shipping.selected, "standard");  // still priced (92.46 shipped: free by threshold)

  f.stock.warehouses[0] = {{"TEE", 4}, {"MUG", 1}};  // exactly enough
  QuoteState& enough = f.state();
  quote_shipping(enough);
  EXPECT_TRUE(messages_with(enough, "insufficient_stock").empty());
}

TEST_F(ShippingTest, WeightOverflowIsAnInputError) {
  f.add_variant("ANVIL", 100, 10'000'000'000'000);  // 1e13 g x 1e6 units > int64
  f.ship("ANVIL", 1'000'000);
  f.destination("US", "NY", "10001");
  QuoteState& q = f.state();
  try {
    quote_shipping(q);
    FAIL() << "expected overflow";
  } catch (const InputError& e) {
    EXPECT_EQ(e.error().code, "overflow");
  }
}

}  // namespace
}  // namespace checkout::fulfilment_test
