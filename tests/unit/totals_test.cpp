#include <gtest/gtest.h>

#include <functional>

#include "error.h"
#include "pricing_state.h"

namespace checkout {
namespace {

struct Fixture {
  Catalog catalog;
  QuoteState q;
  Fixture() { q.catalog = &catalog; }
  void line(int64_t subtotal, int64_t discount, int64_t tax) {
    LineState l;
    l.index = static_cast<int32_t>(q.lines.size());
    l.subtotal = subtotal;
    l.discount_total = discount;
    l.tax = tax;
    q.lines.push_back(l);
  }
};

Error error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.error();
  }
  ADD_FAILURE() << "expected an InputError";
  return Error{};
}

TEST(ComputeTotals, TaxExclusiveAddsLineAndShippingTax) {
  Fixture f;
  f.line(3998, 400, 319);
  f.line(1000, 0, 89);
  f.q.shipping.price = 599;
  f.q.shipping.tax = 53;
  compute_totals(f.q);
  EXPECT_EQ(f.q.totals.subtotal, 4998);    // 3998 + 1000
  EXPECT_EQ(f.q.totals.discounts, 400);
  EXPECT_EQ(f.q.totals.shipping, 599);
  EXPECT_EQ(f.q.totals.tax, 461);          // 319 + 89 + 53
  EXPECT_EQ(f.q.totals.grand_total, 5658); // 4998 - 400 + 599 + 461
}

TEST(ComputeTotals, TaxInclusiveContainsTheTax) {
  Fixture f;
  f.catalog.prices_include_tax = true;
  f.line(11900, 1190, 1710);
  f.q.shipping.price = 495;
  f.q.shipping.tax = 79;
  compute_totals(f.q);
  EXPECT_EQ(f.q.totals.tax, 1789);           // 1710 + 79, reported though already inside the prices
  EXPECT_EQ(f.q.totals.grand_total, 11205);  // 11900 - 1190 + 495
}

TEST(ComputeTotals, EmptyCartIsZero) {
  Fixture f;
  compute_totals(f.q);
  EXPECT_EQ(f.q.totals.grand_total, 0);
  EXPECT_EQ(f.q.totals.subtotal, 0);
}

TEST(ComputeTotals, OverflowIsAnErrorNotAWrap) {
  Fixture f;
  f.line(INT64_MAX / 2 + 1, 0, 0);
  f.line(INT64_MAX / 2 + 1, 0, 0);
  EXPECT_EQ(error_of([&] { compute_totals(f.q); }).code, "overflow");
}

TEST(ComputeTotals, ANegativeTotalIsRefusedNotClamped) {
  // Only a broken stage could do this (discounts are capped at each line's subtotal).
  Fixture f;
  f.line(100, 150, 0);
  Error e = error_of([&] { compute_totals(f.q); });
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.message, "internal: negative total");
}

TEST(ComputeTotals, NegativeTotalIsUnreachableWhenStagesKeepTheirInvariants) {
  // 0 <= discount <= subtotal, tax >= 0, shipping >= 0 (what the stages promise):
  // then subtotal - discounts >= 0 and every other term adds, so grand_total >= 0.
  uint64_t state = 12345;
  auto next = [&state](int64_t bound) {  // deterministic LCG, [0, bound]
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int64_t>((state >> 11) % static_cast<uint64_t>(bound + 1));
  };
  for (int round = 0; round < 5000; ++round) {
    Fixture f;
    f.catalog.prices_include_tax = round % 2 == 1;
    int64_t lines = next(5);
    for (int64_t i = 0; i < lines; ++i) {
      int64_t subtotal = next(1'000'000'000);
      f.line(subtotal, next(subtotal), next(100'000'000));
    }
    f.q.shipping.price = next(100'000);
    f.q.shipping.tax = next(10'000);
    compute_totals(f.q);
    ASSERT_GE(f.q.totals.grand_total, 0);
    ASSERT_LE(f.q.totals.discounts, f.q.totals.subtotal);
  }
}

}  // namespace
}  // namespace checkout
