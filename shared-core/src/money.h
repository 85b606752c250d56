// Money arithmetic: int64_t minor units, every operation overflow-checked,
// rounding by an explicit mode. No floating point anywhere.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace checkout {

enum class RoundingMode : uint8_t { HalfEven, HalfUp, HalfDown };

// "half_even" | "half_up" | "half_down"
std::optional<RoundingMode> parse_rounding_mode(std::string_view s);
const char* rounding_mode_name(RoundingMode m);

// ISO-4217 minor-unit exponent (JPY 0, USD 2, KWD 3, ...); nullopt when unknown.
std::optional<int32_t> currency_exponent(std::string_view iso_code);

// Checked arithmetic: on overflow throws InputError{"overflow", ..., path}.
int64_t checked_add(int64_t a, int64_t b, const std::string& path = "");
int64_t checked_sub(int64_t a, int64_t b, const std::string& path = "");
int64_t checked_mul(int64_t a, int64_t b, const std::string& path = "");

// num / den rounded to an integer with `mode`; den must be > 0. Exact for the
// whole __int128 range; throws InputError{"overflow"} if the result leaves int64.
int64_t div_round(__int128 num, __int128 den, RoundingMode mode, const std::string& path = "");

// A rate such as a tax rate or a percentage discount, held exactly as an
// integer fraction scaled by 1e8: 8.875% == Rate{8'875'000}, 100% == Rate{100'000'000}.
struct Rate {
  int64_t e8 = 0;
  friend bool operator==(Rate a, Rate b) { return a.e8 == b.e8; }
  friend bool operator<(Rate a, Rate b) { return a.e8 < b.e8; }
};
constexpr int64_t kRateOne = 100'000'000;

// Parses a percentage given as a decimal string ("8.875", "10", "0.0001"),
// at most 6 decimals, 0 <= value <= max_percent. nullopt when malformed.
std::optional<Rate> parse_percent(std::string_view s, int64_t max_percent = 100);
// Canonical text of a rate as a percentage: no trailing zeros ("8.875", "10", "0").
std::string format_percent(Rate r);

// round(amount * rate)
int64_t apply_rate(int64_t amount, Rate r, RoundingMode mode);
// The tax contained in a tax-inclusive amount: round(gross * r / (1 + r)).
int64_t included_tax(int64_t gross, Rate r, RoundingMode mode);

// Splits `total` (>= 0) over `weights` (each >= 0) proportionally so that the
// shares sum exactly to `total`: each share is floor(total * w / sum(w)), and
// the leftover units go one each to the largest remainders. Ties in remainder
// go to the larger weight, then to the earlier index, so the caller fixes the
// tie-break by the order it passes the weights in. If every weight is 0 the
// total is split evenly (leftover to the earlier indices).
std::vector<int64_t> allocate_largest_remainder(int64_t total, const std::vector<int64_t>& weights);

// Plain decimal text of an amount for messages: (1240, 2) -> "12.40", (-5, 0) -> "-5".
std::string format_amount(int64_t minor, int32_t exponent);

}  // namespace checkout
