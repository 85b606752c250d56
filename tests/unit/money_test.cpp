// Money arithmetic: every expectation below is worked out by hand in its comment.
#include "money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "error.h"

namespace checkout {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr RoundingMode kEven = RoundingMode::HalfEven;
constexpr RoundingMode kUp = RoundingMode::HalfUp;
constexpr RoundingMode kDown = RoundingMode::HalfDown;

// Runs f, expecting an InputError; returns it so code and path can be checked.
template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.error();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

TEST(RoundingModeTest, ParsesAndNamesTheThreeModes) {
  EXPECT_EQ(parse_rounding_mode("half_even"), kEven);
  EXPECT_EQ(parse_rounding_mode("half_up"), kUp);
  EXPECT_EQ(parse_rounding_mode("half_down"), kDown);
  EXPECT_STREQ(rounding_mode_name(kEven), "half_even");
  EXPECT_STREQ(rounding_mode_name(kUp), "half_up");
  EXPECT_STREQ(rounding_mode_name(kDown), "half_down");
}

TEST(RoundingModeTest, RejectsOtherSpellings) {
  for (const char* s : {"", "HALF_EVEN", "half-even", "halfup", "half_up ", "bankers"}) {
    EXPECT_FALSE(parse_rounding_mode(s).has_value()) << s;
  }
}

TEST(CurrencyExponentTest, ZeroDecimalCurrencies) {
  for (const char* c : {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
                        "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}) {
    EXPECT_EQ(currency_exponent(c), 0) << c;
  }
}

TEST(CurrencyExponentTest, ThreeDecimalCurrencies) {
  for (const char* c : {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}) {
    EXPECT_EQ(currency_exponent(c), 3) << c;
  }
}

TEST(CurrencyExponentTest, CommonTwoDecimalCurrencies) {
  for (const char* c : {"USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK",
                        "PLN", "CZK", "HUF", "MXN", "BRL", "INR", "CNY", "HKD", "SGD", "ZAR",
                        "AED", "SAR", "TRY", "ZWG"}) {
    EXPECT_EQ(currency_exponent(c), 2) << c;
  }
}

TEST(CurrencyExponentTest, UnknownOrMisspelledCodes) {
  // Lower case is not accepted; HRK was withdrawn when Croatia adopted the euro;
  // XAU (gold) has no minor unit; XXX means "no currency".
  for (const char* c : {"", "usd", "Usd", "US", "USDD", " USD", "HRK", "XAU", "XXX", "AAA", "ZZZ"}) {
    EXPECT_FALSE(currency_exponent(c).has_value()) << c;
  }
}

TEST(CheckedArithmeticTest, AddAtTheEdges) {
  EXPECT_EQ(checked_add(kMax, 0), kMax);
  EXPECT_EQ(checked_add(kMax, kMin), -1);  // (2^63-1) + (-2^63) = -1
  EXPECT_EQ(checked_add(kMin, 0), kMin);
  Error e = error_of([] { checked_add(kMax, 1, "/cart/lines/0"); });
  EXPECT_EQ(e.code, "overflow");
  EXPECT_EQ(e.path, "/cart/lines/0");
  EXPECT_FALSE(e.message.empty());
  EXPECT_EQ(error_of([] { checked_add(kMin, -1); }).code, "overflow");
}

TEST(CheckedArithmeticTest, SubAtTheEdges) {
  EXPECT_EQ(checked_sub(-1, kMax), kMin);  // -1 - (2^63-1) = -2^63
  EXPECT_EQ(checked_sub(kMax, kMax), 0);
  EXPECT_EQ(error_of([] { checked_sub(kMin, 1); }).code, "overflow");
  EXPECT_EQ(error_of([] { checked_sub(0, kMin); }).code, "overflow");  // 0 - (-2^63) = 2^63
  EXPECT_EQ(error_of([] { checked_sub(kMax, -1, "/x"); }).path, "/x");
}

TEST(CheckedArithmeticTest, MulAtTheEdges) {
  const int64_t two_pow_32 = int64_t{1} << 32;
  EXPECT_EQ(checked_mul(kMax, 1), kMax);
  EXPECT_EQ(checked_mul(two_pow_32, int64_t{1} << 30), int64_t{1} << 62);
  EXPECT_EQ(checked_mul(-two_pow_32, int64_t{1} << 31), kMin);  // -2^63 just fits
  EXPECT_EQ(error_of([&] { checked_mul(two_pow_32, int64_t{1} << 31); }).code, "overflow");  // 2^63
  EXPECT_EQ(error_of([] { checked_mul(kMin, -1); }).code, "overflow");
  EXPECT_EQ(error_of([] { checked_mul(kMax, 2, "/p"); }).path, "/p");
}

TEST(DivRoundTest, PositiveTies) {
  // 5/2 = 2.5: even -> 2, up (away from zero) -> 3, down (toward zero) -> 2.
  EXPECT_EQ(div_round(5, 2, kEven), 2);
  EXPECT_EQ(div_round(5, 2, kUp), 3);
  EXPECT_EQ(div_round(5, 2, kDown), 2);
  // 7/2 = 3.5: even -> 4, up -> 4, down -> 3.
  EXPECT_EQ(div_round(7, 2, kEven), 4);
  EXPECT_EQ(div_round(7, 2, kUp), 4);
  EXPECT_EQ(div_round(7, 2, kDown), 3);
  // 1/2 = 0.5: even -> 0.
  EXPECT_EQ(div_round(1, 2, kEven), 0);
  EXPECT_EQ(div_round(1, 2, kUp), 1);
}

TEST(DivRoundTest, NegativeTies) {
  // -5/2 = -2.5: even -> -2, up (away from zero) -> -3, down (toward zero) -> -2.
  EXPECT_EQ(div_round(-5, 2, kEven), -2);
  EXPECT_EQ(div_round(-5, 2, kUp), -3);
  EXPECT_EQ(div_round(-5, 2, kDown), -2);
  // -7/2 = -3.5: even -> -4, up -> -4, down -> -3.
  EXPECT_EQ(div_round(-7, 2, kEven), -4);
  EXPECT_EQ(div_round(-7, 2, kUp), -4);
  EXPECT_EQ(div_round(-7, 2, kDown), -3);
}

TEST(DivRoundTest, NonTiesRoundToNearestInEveryMode) {
  for (RoundingMode m : {kEven, kUp, kDown}) {
    EXPECT_EQ(div_round(7, 3, m), 2);    // 2.33
    EXPECT_EQ(div_round(8, 3, m), 3);    // 2.67
    EXPECT_EQ(div_round(-7, 3, m), -2);  // -2.33
    EXPECT_EQ(div_round(-8, 3, m), -3);  // -2.67
    EXPECT_EQ(div_round(6, 3, m), 2);    // exact
    EXPECT_EQ(div_round(-6, 3, m), -2);  // exact
    EXPECT_EQ(div_round(0, 7, m), 0);
  }
}

TEST(DivRoundTest, RejectsNonPositiveDivisor) {
  EXPECT_EQ(error_of([] { div_round(1, 0, kEven); }).code, "invalid_value");
  EXPECT_EQ(error_of([] { div_round(1, -2, kEven, "/d"); }).path, "/d");
}

TEST(DivRoundTest, ResultMustFitInt64) {
  const __int128 max = kMax;
  const __int128 min = kMin;
  EXPECT_EQ(div_round(max, 1, kEven), kMax);
  EXPECT_EQ(div_round(min, 1, kEven), kMin);
  EXPECT_EQ(error_of([&] { div_round(max + 1, 1, kEven); }).code, "overflow");
  EXPECT_EQ(error_of([&] { div_round(min - 1, 1, kEven); }).code, "overflow");
  // (2*MAX + 1)/2 = MAX + 0.5: down keeps MAX; up goes to MAX+1; MAX is odd so
  // even also goes to MAX+1. Both overflow.
  EXPECT_EQ(div_round(2 * max + 1, 2, kDown), kMax);
  EXPECT_EQ(error_of([&] { div_round(2 * max + 1, 2, kUp); }).code, "overflow");
  EXPECT_EQ(error_of([&] { div_round(2 * max + 1, 2, kEven); }).code, "overflow");
  // (2*MIN - 1)/2 = MIN - 0.5: toward zero keeps MIN; MIN is even so even keeps it too.
  EXPECT_EQ(div_round(2 * min - 1, 2, kDown), kMin);
  EXPECT_EQ(div_round(2 * min - 1, 2, kEven), kMin);
  EXPECT_EQ(error_of([&] { div_round(2 * min - 1, 2, kUp); }).code, "overflow");
}

TEST(DivRoundTest, HugeDivisorDoesNotOverflowTheHalfComparison) {
  // den = 2^127 - 1 (largest __int128, odd): half is 2^126 - 0.5, so
  // 2^126 is just above half (-> 1) and 2^126 - 1 just below (-> 0).
  const __int128 den = static_cast<__int128>((~static_cast<unsigned __int128>(0)) >> 1);
  const __int128 two_pow_126 = static_cast<__int128>(1) << 126;
  EXPECT_EQ(div_round(two_pow_126, den, kDown), 1);
  EXPECT_EQ(div_round(two_pow_126 - 1, den, kUp), 0);
  EXPECT_EQ(div_round(-two_pow_126, den, kDown), -1);
  // 2^126 / 2^64 = 2^62 exactly.
  EXPECT_EQ(div_round(two_pow_126, static_cast<__int128>(1) << 64, kEven), int64_t{1} << 62);
}

TEST(ApplyRateTest, KnownTaxExamples) {
  const Rate eight{8'000'000};  // 8 %
  // 108 * 8 % = 8.64 -> 9 in every mode (not a tie).
  EXPECT_EQ(apply_rate(108, eight, kUp), 9);
  EXPECT_EQ(apply_rate(108, eight, kEven), 9);
  EXPECT_EQ(apply_rate(108, eight, kDown), 9);
  // 324 * 8 % = 25.92 -> 26.
  EXPECT_EQ(apply_rate(324, eight, kUp), 26);
  EXPECT_EQ(apply_rate(324, eight, kEven), 26);
  // Per unit 3 x 9 = 27, per line 26: the two differ, which is why the mode is explicit.
  EXPECT_EQ(3 * apply_rate(108, eight, kEven), 27);
  // 1999 * 25 % = 499.75 -> 500.
  EXPECT_EQ(apply_rate(1999, Rate{25'000'000}, kEven), 500);
  // 3598 * 8.875 % = 319.3225 -> 319 (the example in docs/formats.md).
  EXPECT_EQ(apply_rate(3598, Rate{8'875'000}, kEven), 319);
}

TEST(ApplyRateTest, TiesFollowTheMode) {
  const Rate ten{10'000'000};
  // 25 * 10 % = 2.5 -> even 2, up 3, down 2; 35 * 10 % = 3.5 -> even 4.
  EXPECT_EQ(apply_rate(25, ten, kEven), 2);
  EXPECT_EQ(apply_rate(25, ten, kUp), 3);
  EXPECT_EQ(apply_rate(25, ten, kDown), 2);
  EXPECT_EQ(apply_rate(35, ten, kEven), 4);
  // -25 * 10 % = -2.5 -> even -2, up -3, down -2.
  EXPECT_EQ(apply_rate(-25, ten, kEven), -2);
  EXPECT_EQ(apply_rate(-25, ten, kUp), -3);
  EXPECT_EQ(apply_rate(-25, ten, kDown), -2);
}

TEST(ApplyRateTest, ExtremeAmounts) {
  EXPECT_EQ(apply_rate(kMax, Rate{kRateOne}, kEven), kMax);  // 100 % of MAX
  EXPECT_EQ(apply_rate(kMax, Rate{0}, kEven), 0);
  EXPECT_EQ(error_of([] { apply_rate(kMax, Rate{2 * kRateOne}, kEven); }).code, "overflow");
}

TEST(IncludedTaxTest, ExtractsTaxFromGross) {
  // 108 gross at 8 %: 108 * 8 / 108 = 8 exactly.
  EXPECT_EQ(included_tax(108, Rate{8'000'000}, kEven), 8);
  // 1000 gross at 20 %: 1000 * 20 / 120 = 166.67 -> 167.
  EXPECT_EQ(included_tax(1000, Rate{20'000'000}, kEven), 167);
  // 5 gross at 100 %: 5 * 1 / 2 = 2.5 -> even 2, up 3, down 2.
  EXPECT_EQ(included_tax(5, Rate{kRateOne}, kEven), 2);
  EXPECT_EQ(included_tax(5, Rate{kRateOne}, kUp), 3);
  EXPECT_EQ(included_tax(5, Rate{kRateOne}, kDown), 2);
  // -5 gross (a refund) at 100 %: -2.5 -> up -3.
  EXPECT_EQ(included_tax(-5, Rate{kRateOne}, kUp), -3);
  EXPECT_EQ(included_tax(1234, Rate{0}, kEven), 0);
}

TEST(ParsePercentTest, AcceptsCanonicalAndPaddedDecimals) {
  struct Case {
    const char* text;
    int64_t e8;  // percent * 1'000'000
  };
  const Case cases[] = {
      {"0", 0},
      {"0.0", 0},
      {"10", 10'000'000},
      {"8.875", 8'875'000},
      {"8.875000", 8'875'000},
      {"0.5", 500'000},
      {"7.25", 7'250'000},
      {"0.0001", 100},
      {"0.000001", 1},
      {"99.999999", 99'999'999},
      {"100", 100'000'000},
      {"100.0", 100'000'000},
      {"100.000000", 100'000'000},
  };
  for (const Case& c : cases) {
    auto r = parse_percent(c.text);
    ASSERT_TRUE(r.has_value()) << c.text;
    EXPECT_EQ(r->e8, c.e8) << c.text;
  }
}

TEST(ParsePercentTest, RejectsEverythingElse) {
  for (const char* s :
       {"", ".", ".5", "5.", "-1", "-0", "+1", "1e2", "1E2", " 1", "1 ", "1 .5", "08.5", "00",
        "01", "00.5", "1.2.3", "1..2", "1.0000001", "0.0000001", "100.000001", "101", "1,5",
        "abc", "0x10", "١", "99999999999999999999999999999999"}) {
    EXPECT_FALSE(parse_percent(s).has_value()) << '"' << s << '"';
  }
}

TEST(ParsePercentTest, HonoursMaxPercent) {
  EXPECT_FALSE(parse_percent("150").has_value());
  ASSERT_TRUE(parse_percent("150", 200).has_value());
  EXPECT_EQ(parse_percent("150", 200)->e8, 150'000'000);
  EXPECT_EQ(parse_percent("0", 0)->e8, 0);
  EXPECT_FALSE(parse_percent("0.000001", 0).has_value());
  EXPECT_FALSE(parse_percent("200.5", 200).has_value());
}

TEST(FormatPercentTest, CanonicalText) {
  EXPECT_EQ(format_percent(Rate{8'875'000}), "8.875");
  EXPECT_EQ(format_percent(Rate{10'000'000}), "10");
  EXPECT_EQ(format_percent(Rate{0}), "0");
  EXPECT_EQ(format_percent(Rate{500'000}), "0.5");
  EXPECT_EQ(format_percent(Rate{100}), "0.0001");
  EXPECT_EQ(format_percent(Rate{1}), "0.000001");
  EXPECT_EQ(format_percent(Rate{99'999'999}), "99.999999");
  EXPECT_EQ(format_percent(Rate{100'000'000}), "100");
  EXPECT_EQ(format_percent(Rate{105'050'000}), "105.05");
}

TEST(FormatPercentTest, IsTheInverseOfParse) {
  for (const char* s : {"0", "10", "8.875", "0.5", "0.0001", "0.000001", "99.999999", "100",
                        "12.000001"}) {
    auto r = parse_percent(s);
    ASSERT_TRUE(r.has_value()) << s;
    EXPECT_EQ(format_percent(*r), s);
  }
}

TEST(AllocateTest, EqualWeightsTieGoesToEarlierIndex) {
  // 100/3 = 33 r 1 each; the single leftover unit goes to index 0.
  EXPECT_EQ(allocate_largest_remainder(100, {1, 1, 1}), (std::vector<int64_t>{34, 33, 33}));
  // 1/2 = 0.5 each: index 0 wins the tie.
  EXPECT_EQ(allocate_largest_remainder(1, {1, 1}), (std::vector<int64_t>{1, 0}));
}

TEST(AllocateTest, ExactSplitsNeedNoLeftover) {
  // 10 over [3,3,4], sum 10: 10*3/10 = 3, 3, 10*4/10 = 4; remainders all 0.
  EXPECT_EQ(allocate_largest_remainder(10, {3, 3, 4}), (std::vector<int64_t>{3, 3, 4}));
  EXPECT_EQ(allocate_largest_remainder(0, {1, 2}), (std::vector<int64_t>{0, 0}));
}

TEST(AllocateTest, LargestRemainderWinsWhereverItIs) {
  // 7 over [2,3,5], sum 10: exact 1.4, 2.1, 3.5 -> floors 1,2,3 (6), leftover 1;
  // remainders 4,1,5 (tenths) -> index 2 gets it.
  EXPECT_EQ(allocate_largest_remainder(7, {2, 3, 5}), (std::vector<int64_t>{1, 2, 4}));
  // 10 over [1,1,2], sum 4: exact 2.5, 2.5, 5 -> floors 2,2,5 (9), leftover 1;
  // remainders 2,2,0 (quarters), equal weights -> index 0.
  EXPECT_EQ(allocate_largest_remainder(10, {1, 1, 2}), (std::vector<int64_t>{3, 2, 5}));
}

TEST(AllocateTest, RemainderTieGoesToTheLargerWeight) {
  // 2 over [1,3], sum 4: exact 0.5, 1.5 -> floors 0,1, leftover 1; both remainders
  // are 2/4, so the larger weight (index 1) wins even though index 0 is earlier.
  EXPECT_EQ(allocate_largest_remainder(2, {1, 3}), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(allocate_largest_remainder(2, {3, 1}), (std::vector<int64_t>{2, 0}));
}

TEST(AllocateTest, ZeroWeightsSplitEvenly) {
  // 5 over 3 zero weights: 1 each r 2 -> the first two get one more.
  EXPECT_EQ(allocate_largest_remainder(5, {0, 0, 0}), (std::vector<int64_t>{2, 2, 1}));
  EXPECT_EQ(allocate_largest_remainder(7, {0, 0}), (std::vector<int64_t>{4, 3}));
  // One non-zero weight takes everything.
  EXPECT_EQ(allocate_largest_remainder(5, {0, 1}), (std::vector<int64_t>{0, 5}));
}

TEST(AllocateTest, ExtremeValuesUseWideIntermediates) {
  // MAX = 2^63-1 = 2*(2^62-1) + 1: floors 2^62-1 each, leftover 1 to index 0.
  const int64_t half_floor = (int64_t{1} << 62) - 1;
  EXPECT_EQ(allocate_largest_remainder(kMax, {1, 1}),
            (std::vector<int64_t>{half_floor + 1, half_floor}));
  // Weights whose sum exceeds int64: 3 over three MAX weights -> 1 each.
  EXPECT_EQ(allocate_largest_remainder(3, {kMax, kMax, kMax}), (std::vector<int64_t>{1, 1, 1}));
  // total * w = MAX * MAX needs 126 bits.
  EXPECT_EQ(allocate_largest_remainder(kMax, {kMax, 0}), (std::vector<int64_t>{kMax, 0}));
}

TEST(AllocateTest, EmptyAndInvalidInputs) {
  EXPECT_TRUE(allocate_largest_remainder(0, {}).empty());
  EXPECT_EQ(error_of([] { allocate_largest_remainder(1, {}); }).code, "invalid_value");
  EXPECT_EQ(error_of([] { allocate_largest_remainder(-1, {1}); }).code, "invalid_value");
  EXPECT_EQ(error_of([] { allocate_largest_remainder(1, {1, -1}); }).code, "invalid_value");
}

TEST(FormatAmountTest, PlacesTheDecimalPointByExponent) {
  EXPECT_EQ(format_amount(1240, 2), "12.40");
  EXPECT_EQ(format_amount(-5, 2), "-0.05");
  EXPECT_EQ(format_amount(5, 0), "5");
  EXPECT_EQ(format_amount(-5, 0), "-5");
  EXPECT_EQ(format_amount(1250, 3), "1.250");
  EXPECT_EQ(format_amount(0, 2), "0.00");
  EXPECT_EQ(format_amount(7, 3), "0.007");
  EXPECT_EQ(format_amount(kMax, 0), "9223372036854775807");
  EXPECT_EQ(format_amount(kMin, 2), "-92233720368547758.08");
  EXPECT_EQ(error_of([] { format_amount(1, -1); }).code, "invalid_value");
}

}  // namespace
}  // namespace checkout
