#include <gtest/gtest.h>

#include "fulfilment_fixture.h"

namespace checkout::fulfilment_test {
namespace {

class TaxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    f.add_variant("A", 108);
    f.add_variant("B", 108);
    f.add_variant("BOOK", 1000, 0, TaxCategory::Reduced);
    f.add_variant("BREAD", 1000, 0, TaxCategory::Zero);
    f.add_variant("C", 113);
    f.add_variant("D", 130);
    f.add_variant("E", 130);
    f.add_variant("F", 136);
    f.add_variant("GIFTCARD", 1000, 0, TaxCategory::Exempt);
    f.add_variant("ITEM", 1000);
    f.add_variant("PEN", 6);
    f.add_variant("SOAP", 108);
    f.add_variant("TEE", 1999);
    f.add_store("nj-jc", "Jersey City").country = "US";
    f.catalog.stores[0].region = "NJ";
    f.catalog.stores[0].postal_code = "07302";
    f.add_store("nyc-soho", "SoHo").country = "US";
    f.catalog.stores[1].region = "NY";
    f.catalog.stores[1].postal_code = "10012";
    f.add_warehouse("eu");
    f.add_method("parcel", "Parcel", "eu").zones = {Zone{"DE", {}, {}}};
    f.add_method("post", "Post", "eu").tax_category = TaxCategory::Reduced;
  }

  void set_shipping(QuoteState& q, const std::string& method, int64_t price) {
    q.shipping.needed = true;
    q.shipping.selected = method;
    q.shipping.price = price;
  }

  Fixture f;
};

TEST_F(TaxTest, EightPercentOnThreeAt108PerLineAndPerUnit) {
  f.add_rule("us-ca", "US", "CA", "", "8");
  f.ship("SOAP", 3);
  f.destination("US", "CA", "94103");

  QuoteState& per_line = f.state();
  compute_tax(per_line);
  EXPECT_EQ(per_line.lines[0].tax, 26);  // 324 x 8% = 25.92 -> 26
  EXPECT_EQ(per_line.lines[0].tax_rule_id, "us-ca");
  EXPECT_EQ(per_line.lines[0].tax_rate, percent("8"));
  ASSERT_EQ(per_line.tax_lines.size(), 1u);
  EXPECT_EQ(per_line.tax_lines[0].rule_id, "us-ca");
  EXPECT_EQ(per_line.tax_lines[0].name, "us-ca tax");
  EXPECT_EQ(per_line.tax_lines[0].taxable, 324);
  EXPECT_EQ(per_line.tax_lines[0].amount, 26);

  f.catalog.tax_calculation = TaxCalculation::PerUnit;
  QuoteState& per_unit = f.state();
  compute_tax(per_unit);
  EXPECT_EQ(per_unit.lines[0].tax, 27);  // 108 x 8% = 8.64 -> 9, x 3
  EXPECT_EQ(per_unit.tax_lines[0].amount, 27);
}

TEST_F(TaxTest, PerUnitGivesTheDiscountRemainderToSomeUnits) {
  f.add_rule("x", "US", "", "", "50");
  f.ship("PEN", 2);  // 2 x 0.06 - 0.01 = 0.11: units worth 6 and 5
  f.destination("US");
  f.catalog.tax_calculation = TaxCalculation::PerUnit;
  QuoteState& q = f.state();
  Fixture::discount(q.lines[0], "P", 1);
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 5);  // 6 x 50% = 3, 5 x 50% = 2.5 -> 2 (half even)

  f.catalog.rounding = RoundingMode::HalfUp;
  QuoteState& half_up = f.state();
  Fixture::discount(half_up.lines[0], "P", 1);
  compute_tax(half_up);
  EXPECT_EQ(half_up.lines[0].tax, 6);  // 3 + 2.5 -> 3

  f.catalog.rounding = RoundingMode::HalfEven;
  f.catalog.tax_calculation = TaxCalculation::PerLine;
  QuoteState& per_line = f.state();
  Fixture::discount(per_line.lines[0], "P", 1);
  compute_tax(per_line);
  EXPECT_EQ(per_line.lines[0].tax, 6);  // 11 x 50% = 5.5 -> 6 (half even)
}

TEST_F(TaxTest, VatPerLineSumsTo67PerOrderTo66) {
  f.add_rule("gb", "GB", "", "", "20");
  f.ship("A", 1);
  f.ship("B", 1);
  f.ship("C", 1);
  f.destination("GB", "", "SW1A 1AA");

  // 1.08 x 20% = 21.6 -> 22, twice; 1.13 x 20% = 22.6 -> 23: 67.
  QuoteState& per_line = f.state();
  compute_tax(per_line);
  EXPECT_EQ(per_line.lines[0].tax, 22);
  EXPECT_EQ(per_line.lines[1].tax, 22);
  EXPECT_EQ(per_line.lines[2].tax, 23);
  EXPECT_EQ(per_line.tax_lines[0].amount, 67);

  // 3.29 x 20% = 65.8 -> 66, allocated by net: 66*108/329 = 21 r219 (twice),
  // 66*113/329 = 22 r220; the 2 leftover cents go to C (r220) and then A
  // (r219, equal weight to B, first in canonical order).
  f.catalog.tax_calculation = TaxCalculation::PerOrder;
  QuoteState& per_order = f.state();
  compute_tax(per_order);
  EXPECT_EQ(per_order.lines[0].tax, 22);
  EXPECT_EQ(per_order.lines[1].tax, 21);
  EXPECT_EQ(per_order.lines[2].tax, 23);
  ASSERT_EQ(per_order.tax_lines.size(), 1u);
  EXPECT_EQ(per_order.tax_lines[0].taxable, 329);
  EXPECT_EQ(per_order.tax_lines[0].amount, 66);
}

TEST_F(TaxTest, InclusiveVatPerOrderAllocatesInCanonicalOrder) {
  f.catalog.prices_include_tax = true;
  f.add_rule("gb", "GB", "", "", "20");
  f.ship("F", 1);  // cart order F, E, D: the canonical (sku) order is D, E, F
  f.ship("E", 1);
  f.ship("D", 1);
  f.destination("GB");

  // Included 20% VAT is gross / 6: 130/6 = 21.67 -> 22 (twice), 136/6 = 22.67 -> 23: 67.
  QuoteState& per_line = f.state();
  compute_tax(per_line);
  EXPECT_EQ(per_line.tax_lines[0].amount, 67);

  // 396 / 6 = 66 exactly. Shares 66*130/396 = 21 r264, 66*136/396 = 22 r264:
  // all remainders equal, so the larger weight F first, then D (before E in
  // sku order, though after it in the cart).
  f.catalog.tax_calculation = TaxCalculation::PerOrder;
  QuoteState& q = f.state();
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 23);  // F
  EXPECT_EQ(q.lines[1].tax, 21);  // E
  EXPECT_EQ(q.lines[2].tax, 22);  // D
  EXPECT_EQ(q.tax_lines[0].taxable, 396);
  EXPECT_EQ(q.tax_lines[0].amount, 66);
  EXPECT_EQ(q.lines[2].net(), 130);  // inclusive: the net keeps the tax inside
}

TEST_F(TaxTest, NewYorkCityRateOverTheStateRate) {
  f.add_rule("us-ny", "US", "NY", "", "4");
  f.add_rule("us-ny-nyc", "US", "NY", "100", "8.875");
  f.ship("TEE", 2);
  f.destination("US", "NY", "10013");
  QuoteState& q = f.state();
  Fixture::discount(q.lines[0], "FALL10", 400);
  compute_tax(q);
  // 35.98 x 8.875% = 3.193225 -> 3.19
  EXPECT_EQ(q.lines[0].tax, 319);
  EXPECT_EQ(q.lines[0].tax_rule_id, "us-ny-nyc");
  EXPECT_EQ(format_percent(q.lines[0].tax_rate), "8.875");

  f.destination("US", "NY", "14201");  // Buffalo: state rate, 35.98 x 4% = 1.4392 -> 1.44
  QuoteState& buffalo = f.state();
  Fixture::discount(buffalo.lines[0], "FALL10", 400);
  compute_tax(buffalo);
  EXPECT_EQ(buffalo.lines[0].tax, 144);
  EXPECT_EQ(buffalo.lines[0].tax_rule_id, "us-ny");
}

TEST_F(TaxTest, MostSpecificRuleWins) {
  f.add_rule("a-country", "US", "", "", "5");
  f.add_rule("b-region", "US", "NY", "", "6");
  f.add_rule("c-zip1", "US", "", "1", "7");
  f.add_rule("d-zip3", "US", "", "100", "8");
  f.add_rule("f-zip3-ny", "US", "NY", "100", "10");
  f.add_rule("e-zip3-ny", "US", "NY", "100", "9");
  f.ship("ITEM", 1);  // 10.00
  const auto rule_for = [&](const char* region, const char* postal) {
    f.destination("US", region, postal);
    QuoteState& q = f.state();
    compute_tax(q);
    return q.lines[0].tax_rule_id + " " + std::to_string(q.lines[0].tax);
  };
  EXPECT_EQ(rule_for("NY", "10013"), "e-zip3-ny 90");  // longest prefix, a region, then smaller id
  EXPECT_EQ(rule_for("NJ", "10013"), "d-zip3 80");     // the NY prefixed rules do not match NJ
  EXPECT_EQ(rule_for("NY", "14201"), "c-zip1 70");     // any prefix beats region-only
  EXPECT_EQ(rule_for("NY", "20001"), "b-region 60");
  EXPECT_EQ(rule_for("TX", "20001"), "a-country 50");
}

TEST_F(TaxTest, FullDiscountMeansZeroTaxNeverNegative) {
  f.add_rule("in", "IN", "", "", "18");
  f.ship("TEE", 1);
  f.destination("IN");
  for (TaxCalculation calc : {TaxCalculation::PerLine, TaxCalculation::PerUnit, TaxCalculation::PerOrder}) {
    f.catalog.tax_calculation = calc;
    QuoteState& q = f.state();
    Fixture::discount(q.lines[0], "FREE", 1999);
    compute_tax(q);
    EXPECT_EQ(q.lines[0].tax, 0);
    ASSERT_EQ(q.tax_lines.size(), 1u);
    EXPECT_EQ(q.tax_lines[0].taxable, 0);
    EXPECT_EQ(q.tax_lines[0].amount, 0);
  }
}

TEST_F(TaxTest, InclusiveTwentyPercentOnTwelve) {
  f.catalog.prices_include_tax = true;
  f.add_rule("gb", "GB", "", "", "20");
  f.ship("ITEM", 1);
  f.destination("GB");
  QuoteState& q = f.state();
  q.lines[0].subtotal = 1200;  // 12.00 gross
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 200);  // 1200 x 20 / 120
  EXPECT_EQ(q.lines[0].net(), 1200);
  EXPECT_EQ(q.lines[0].total(true), 1200);
  EXPECT_EQ(q.tax_lines[0].taxable, 1200);
  EXPECT_EQ(q.tax_lines[0].amount, 200);

  // Per unit: 3 x 4.00, each 400/6 = 66.67 -> 67: 201, a cent more than per line.
  f.catalog.tax_calculation = TaxCalculation::PerUnit;
  QuoteState& units = f.state();
  units.lines[0].subtotal = 1200;
  f.cart.lines[0].quantity = 3;
  compute_tax(units);
  EXPECT_EQ(units.lines[0].tax, 201);
}

TEST_F(TaxTest, CategoriesStandardReducedZeroExempt) {
  TaxRule& de = f.add_rule("de", "DE", "", "", "19");
  de.reduced = percent("7");
  f.ship("TEE", 1);       // 19.99 x 19% = 3.7981 -> 3.80
  f.ship("BOOK", 1);      // 10.00 x 7% = 0.70
  f.ship("BREAD", 1);     // 0%: on a tax line with amount 0
  f.ship("GIFTCARD", 1);  // exempt: on no tax line
  f.destination("DE", "", "10115");
  QuoteState& q = f.state();
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 380);
  EXPECT_EQ(q.lines[1].tax, 70);
  EXPECT_EQ(q.lines[2].tax, 0);
  EXPECT_EQ(q.lines[2].tax_rule_id, "de");
  EXPECT_EQ(q.lines[3].tax, 0);
  EXPECT_EQ(q.lines[3].tax_rule_id, "");
  ASSERT_EQ(q.tax_lines.size(), 3u);  // by rate within the rule: 0, 7, 19
  EXPECT_EQ(format_percent(q.tax_lines[0].rate), "0");
  EXPECT_EQ(q.tax_lines[0].taxable, 1000);
  EXPECT_EQ(q.tax_lines[0].amount, 0);
  EXPECT_EQ(format_percent(q.tax_lines[1].rate), "7");
  EXPECT_EQ(q.tax_lines[1].amount, 70);
  EXPECT_EQ(format_percent(q.tax_lines[2].rate), "19");
  EXPECT_EQ(q.tax_lines[2].taxable, 1999);
  EXPECT_EQ(q.tax_lines[2].amount, 380);
}

TEST_F(TaxTest, PickupLinesAreTaxedWhereTheStoreIs) {
  f.add_rule("us-ca", "US", "CA", "", "8");
  f.add_rule("us-ny-nyc", "US", "NY", "100", "8.875");
  f.ship("TEE", 1);                // to California: 19.99 x 8% = 1.5992 -> 1.60
  f.pickup("TEE", 1, "nyc-soho");  // at 10012: 19.99 x 8.875% = 1.7741125 -> 1.77
  f.pickup("TEE", 1, "nj-jc");     // no NJ rule: untaxed, no message
  f.destination("US", "CA", "94103");
  QuoteState& q = f.state();
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 160);
  EXPECT_EQ(q.lines[1].tax, 177);
  EXPECT_EQ(q.lines[1].tax_rule_id, "us-ny-nyc");
  EXPECT_EQ(q.lines[2].tax, 0);
  EXPECT_EQ(q.lines[2].tax_rule_id, "");
  ASSERT_EQ(q.tax_lines.size(), 2u);
  EXPECT_EQ(q.tax_lines[0].rule_id, "us-ca");
  EXPECT_EQ(q.tax_lines[1].rule_id, "us-ny-nyc");
  EXPECT_TRUE(q.messages.empty());
}

TEST_F(TaxTest, NoDestinationLeavesShippedLinesUntaxedWithOneMessage) {
  f.add_rule("us-ny-nyc", "US", "NY", "100", "8.875");
  f.ship("TEE", 1);
  f.ship("ITEM", 1);
  f.pickup("TEE", 1, "nyc-soho");
  QuoteState& q = f.state();
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 0);
  EXPECT_EQ(q.lines[0].tax_rule_id, "");
  EXPECT_EQ(q.lines[1].tax, 0);
  EXPECT_EQ(q.lines[2].tax, 177);
  ASSERT_EQ(q.messages.size(), 1u);
  EXPECT_EQ(q.messages[0].code, "tax_needs_destination");
  EXPECT_EQ(q.messages[0].message, "Tax is calculated once we know the delivery address.");
  EXPECT_EQ(q.messages[0].line, -1);
}

TEST_F(TaxTest, NoDestinationSaysNothingWhenTheMerchantHasNoTaxRules) {
  f.ship("TEE", 1);
  QuoteState& q = f.state();
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 0);
  EXPECT_TRUE(q.messages.empty());  // no "Tax is calculated once we know the address": there is none
}

TEST_F(TaxTest, NoMatchingRuleMeansUntaxedWithoutMessage) {
  f.add_rule("de", "DE", "", "", "19");
  f.ship("TEE", 1);
  f.destination("FR", "", "75001");
  QuoteState& q = f.state();
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 0);
  EXPECT_TRUE(q.tax_lines.empty());
  EXPECT_TRUE(q.messages.empty());
}

TEST_F(TaxTest, TaxableShippingIsTaxedAtItsCategoryRate) {
  TaxRule& de = f.add_rule("de", "DE", "", "", "19");
  de.reduced = percent("7");
  de.shipping_taxable = true;
  f.ship("ITEM", 1);
  f.destination("DE", "", "10115");

  // Per line: 10.00 x 19% = 1.90; parcel 4.99 x 19% = 0.9481 -> 0.95, taxed alone.
  QuoteState& q = f.state();
  set_shipping(q, "parcel", 499);
  compute_tax(q);
  EXPECT_EQ(q.lines[0].tax, 190);
  EXPECT_EQ(q.shipping.tax, 95);
  EXPECT_EQ(q.shipping.tax_rule_id, "de");
  ASSERT_EQ(q.tax_lines.size(), 1u);
  EXPECT_EQ(q.tax_lines[0].taxable, 1000 + 499);
  EXPECT_EQ(q.tax_lines[0].amount, 190 + 95);

  // A reduced-category method: 4.99 x 7% = 0.3493 -> 0.35, on the 7% tax line.
  QuoteState& post = f.state();
  set_shipping(post, "post", 499);
  compute_tax(post);
  EXPECT_EQ(post.shipping.tax, 35);
  ASSERT_EQ(post.tax_lines.size(), 2u);
  EXPECT_EQ(post.tax_lines[0].taxable, 499);
  EXPECT_EQ(post.tax_lines[0].amount, 35);

  // Free shipping is not taxed.
  QuoteState& free = f.state();
  set_shipping(free, "parcel", 0);
  compute_tax(free);
  EXPECT_EQ(free.shipping.tax, 0);
  EXPECT_EQ(free.shipping.tax_rule_id, "");
  EXPECT_EQ(free.tax_lines[0].taxable, 1000);
}

TEST_F(TaxTest, ShippingIsNotTaxedWhereTheRuleSaysSo) {
  f.add_rule("de", "DE", "", "", "19");
  f.ship("ITEM", 1);
  f.destination("DE");
  QuoteState& q = f.state();
  set_shipping(q, "parcel", 499);
  compute_tax(q);
  EXPECT_EQ(q.shipping.tax, 0);
  EXPECT_EQ(q.shipping.tax_rule_id, "");
  EXPECT_EQ(q.tax_lines[0].taxable, 1000);
}

TEST_F(TaxTest, PerOrderShippingJoinsItsGroup) {
  f.add_rule("de", "DE", "", "", "19").shipping_taxable = true;
  f.catalog.tax_calculation = TaxCalculation::PerOrder;
  f.ship("TEE", 1);
  f.destination("DE");
  QuoteState& q = f.state();
  Fixture::discount(q.lines[0], "P", 996);  // net 10.03
  set_shipping(q, "parcel", 503);
  compute_tax(q);
  // Alone these would be 10.03 x 19% = 1.9057 -> 1.91 and 5.03 x 19% = 0.9557 -> 0.96 (2.87).
  // Together 15.06 x 19% = 2.8614 -> 2.86, shared: 286*1003/1506 = 190 r718,
  // 286*503/1506 = 95 r788; the leftover cent goes to shipping (larger remainder).
  EXPECT_EQ(q.lines[0].tax, 190);
  EXPECT_EQ(q.shipping.tax, 96);
  ASSERT_EQ(q.tax_lines.size(), 1u);
  EXPECT_EQ(q.tax_lines[0].taxable, 1506);
  EXPECT_EQ(q.tax_lines[0].amount, 286);

  compute_tax(q);  // running the stage again replaces, never accumulates
  EXPECT_EQ(q.tax_lines.size(), 1u);
  EXPECT_EQ(q.tax_lines[0].amount, 286);
}

TEST_F(TaxTest, OverflowIsAnInputError) {
  f.add_rule("x", "US", "", "", "10");
  f.ship("ITEM", 1);
  f.ship("TEE", 1);
  f.destination("US");
  f.catalog.tax_calculation = TaxCalculation::PerOrder;
  QuoteState& q = f.state();
  q.lines[0].subtotal = INT64_MAX;  // the group sum of nets leaves int64
  try {
    compute_tax(q);
    FAIL() << "expected overflow";
  } catch (const InputError& e) {
    EXPECT_EQ(e.error().code, "overflow");
  }
}

}  // namespace
}  // namespace checkout::fulfilment_test
