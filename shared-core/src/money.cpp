// Money arithmetic in int64_t minor units. Everything here is integer-only and
// locale-free so the native and wasm builds produce the same bytes.
#include "money.h"

#include <algorithm>
#include <cstddef>
#include <limits>

#include "error.h"

namespace checkout {
namespace {

// Decimal text of a non-negative magnitude; uint64_t so INT64_MIN's magnitude fits.
// Hand-rolled rather than std::to_string so no C library formatting is involved.
std::string digits_of(uint64_t v) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  std::string out;
  out.reserve(static_cast<std::size_t>(n));
  while (n > 0) out.push_back(buf[--n]);
  return out;
}

uint64_t magnitude(int64_t v) {
  // Negate in unsigned arithmetic: well defined for INT64_MIN.
  return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

std::string decimal(int64_t v) { return (v < 0 ? "-" : "") + digits_of(magnitude(v)); }

struct CurrencyEntry {
  std::string_view code;
  int32_t exponent;
};

// Active ISO-4217 circulating currencies with their minor-unit exponents.
// Sorted by code (checked at compile time below) so lookup is a binary search.
// Fund codes (BOV, CHE, CLF, ...), precious metals and XDR are left out on
// purpose: nobody prices a cart in them. Withdrawn codes (HRK, SLL, ...) too.
constexpr CurrencyEntry kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2},
    {"AUD", 2}, {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2},
    {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BRL", 2}, {"BSD", 2},
    {"BTN", 2}, {"BWP", 2}, {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHF", 2},
    {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
    {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2},
    {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2},
    {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2},
    {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0},
    {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0},
    {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2},
    {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2},
    {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
    {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2},
    {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2},
    {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2},
    {"SGD", 2}, {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2},
    {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3},
    {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2}, {"UAH", 2}, {"UGX", 0},
    {"USD", 2}, {"UYU", 2}, {"UZS", 2}, {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0},
    {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2}, {"XOF", 0}, {"XPF", 0}, {"YER", 2},
    {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};

constexpr bool currencies_strictly_sorted() {
  for (std::size_t i = 1; i < sizeof(kCurrencies) / sizeof(kCurrencies[0]); ++i) {
    if (!(kCurrencies[i - 1].code < kCurrencies[i].code)) return false;
  }
  return true;
}
static_assert(currencies_strictly_sorted(), "kCurrencies must be sorted by code for binary search");

constexpr int kPercentDecimals = 6;       // "8.875000" at most
constexpr int64_t kRatePerPercent = 1'000'000;  // Rate::e8 units in 1 %

}  // namespace

std::optional<RoundingMode> parse_rounding_mode(std::string_view s) {
  if (s == "half_even") return RoundingMode::HalfEven;
  if (s == "half_up") return RoundingMode::HalfUp;
  if (s == "half_down") return RoundingMode::HalfDown;
  return std::nullopt;
}

const char* rounding_mode_name(RoundingMode m) {
  switch (m) {
    case RoundingMode::HalfEven: return "half_even";
    case RoundingMode::HalfUp: return "half_up";
    case RoundingMode::HalfDown: return "half_down";
  }
  return "half_even";  // unreachable for valid enum values
}

std::optional<int32_t> currency_exponent(std::string_view iso_code) {
  const auto* begin = std::begin(kCurrencies);
  const auto* end = std::end(kCurrencies);
  const auto* it = std::lower_bound(
      begin, end, iso_code,
      [](const CurrencyEntry& e, std::string_view code) { return e.code < code; });
  if (it == end || it->code != iso_code) return std::nullopt;
  return it->exponent;
}

int64_t checked_add(int64_t a, int64_t b, const std::string& path) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    fail(err::overflow, "The sum of " + decimal(a) + " and " + decimal(b) +
                         " does not fit in a 64-bit amount.", path);
  }
  return r;
}

int64_t checked_sub(int64_t a, int64_t b, const std::string& path) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) {
    fail(err::overflow, "The difference " + decimal(a) + " minus " + decimal(b) +
                         " does not fit in a 64-bit amount.", path);
  }
  return r;
}

int64_t checked_mul(int64_t a, int64_t b, const std::string& path) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    fail(err::overflow, "The product of " + decimal(a) + " and " + decimal(b) +
                         " does not fit in a 64-bit amount.", path);
  }
  return r;
}

int64_t div_round(__int128 num, __int128 den, RoundingMode mode, const std::string& path) {
  if (den <= 0) fail(err::invalid_value, "A rounding divisor must be positive.", path);
  // C++ division truncates toward zero; the remainder takes num's sign.
  __int128 q = num / den;
  const __int128 r = num % den;
  if (r != 0) {
    const __int128 abs_r = r < 0 ? -r : r;  // |r| < den, so no overflow
    const __int128 rest = den - abs_r;       // compare abs_r with den/2 without doubling
    bool away = false;                       // round away from zero?
    if (abs_r > rest) {
      away = true;
    } else if (abs_r == rest) {
      switch (mode) {
        case RoundingMode::HalfUp: away = true; break;
        case RoundingMode::HalfDown: away = false; break;
        case RoundingMode::HalfEven: away = (q % 2) != 0; break;
      }
    }
    // |q| < |num| here, so stepping one unit away from zero cannot overflow __int128.
    if (away) q += num < 0 ? -1 : 1;
  }
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) {
    fail(err::overflow, "A rounded amount does not fit in a 64-bit amount.", path);
  }
  return static_cast<int64_t>(q);
}

std::optional<Rate> parse_percent(std::string_view s, int64_t max_percent) {
  if (s.empty() || max_percent < 0) return std::nullopt;
  std::size_t i = 0;
  // Integer part: "0" alone or a non-zero digit first, so "08.5" and "00" are rejected.
  __int128 whole = 0;
  const std::size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    whole = whole * 10 + (s[i] - '0');
    if (whole > max_percent) return std::nullopt;  // also stops runaway digit strings
    ++i;
  }
  const std::size_t int_len = i - int_start;
  if (int_len == 0) return std::nullopt;
  if (int_len > 1 && s[int_start] == '0') return std::nullopt;

  int64_t frac_e6 = 0;  // fractional part in millionths of a percent
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    ++i;
    int decimals = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (++decimals > kPercentDecimals) return std::nullopt;
      frac_e6 = frac_e6 * 10 + (s[i] - '0');
      ++i;
    }
    if (decimals == 0 || i != s.size()) return std::nullopt;
    for (int d = decimals; d < kPercentDecimals; ++d) frac_e6 *= 10;
  }
  const __int128 e8 = whole * kRatePerPercent + frac_e6;
  if (e8 > static_cast<__int128>(max_percent) * kRatePerPercent) return std::nullopt;
  if (e8 > std::numeric_limits<int64_t>::max()) return std::nullopt;
  return Rate{static_cast<int64_t>(e8)};
}

std::string format_percent(Rate r) {
  const uint64_t mag = magnitude(r.e8);
  std::string out = (r.e8 < 0 ? "-" : "") + digits_of(mag / kRatePerPercent);
  uint64_t frac = mag % kRatePerPercent;
  if (frac != 0) {
    int decimals = kPercentDecimals;
    while (frac % 10 == 0) {
      frac /= 10;
      --decimals;
    }
    const std::string frac_digits = digits_of(frac);
    out += '.';
    out.append(static_cast<std::size_t>(decimals) - frac_digits.size(), '0');
    out += frac_digits;
  }
  return out;
}

int64_t apply_rate(int64_t amount, Rate r, RoundingMode mode) {
  // int64 * int64 always fits __int128; div_round range-checks the result.
  return div_round(static_cast<__int128>(amount) * r.e8, kRateOne, mode);
}

int64_t included_tax(int64_t gross, Rate r, RoundingMode mode) {
  // tax = gross * r / (1 + r), with r scaled by 1e8 in both places.
  return div_round(static_cast<__int128>(gross) * r.e8,
                   static_cast<__int128>(kRateOne) + r.e8, mode);
}

std::vector<int64_t> allocate_largest_remainder(int64_t total, const std::vector<int64_t>& weights) {
  if (total < 0) fail(err::invalid_value, "An amount to allocate must not be negative.");
  const std::size_t n = weights.size();
  if (n == 0) {
    if (total == 0) return {};
    fail(err::invalid_value, "A non-zero amount cannot be allocated over nothing.");
  }
  __int128 weight_sum = 0;  // n * INT64_MAX cannot reach the __int128 limit
  for (int64_t w : weights) {
    if (w < 0) fail(err::invalid_value, "An allocation weight must not be negative.");
    weight_sum += w;
  }

  std::vector<int64_t> shares(n, 0);
  if (weight_sum == 0) {
    // No proportions to follow: split evenly, leftover to the earlier indices.
    const int64_t count = static_cast<int64_t>(n);
    const int64_t base = total / count;
    const int64_t leftover = total % count;
    for (std::size_t i = 0; i < n; ++i) {
      shares[i] = base + (static_cast<int64_t>(i) < leftover ? 1 : 0);
    }
    return shares;
  }

  // Every exact share total*w/sum has the same denominator, so remainders
  // compare directly as numerators.
  std::vector<__int128> remainders(n, 0);
  int64_t allocated = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const __int128 scaled = static_cast<__int128>(total) * weights[i];
    shares[i] = static_cast<int64_t>(scaled / weight_sum);  // <= total since w <= sum
    remainders[i] = scaled % weight_sum;
    allocated += shares[i];  // sum of floors <= total: no overflow
  }
  const int64_t leftover = total - allocated;  // < n because each remainder < 1 unit

  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  // Total order: remainder desc, then weight desc, then index asc.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (remainders[a] != remainders[b]) return remainders[a] > remainders[b];
    if (weights[a] != weights[b]) return weights[a] > weights[b];
    return a < b;
  });
  for (int64_t k = 0; k < leftover; ++k) shares[order[static_cast<std::size_t>(k)]] += 1;
  return shares;
}

std::string format_amount(int64_t minor, int32_t exponent) {
  // Exponents come from currency_exponent (0..3); anything outside 0..18 is a bug upstream.
  if (exponent < 0 || exponent > 18) {
    fail(err::invalid_value, "A currency exponent must be between 0 and 18.");
  }
  std::string digits = digits_of(magnitude(minor));
  const std::size_t exp = static_cast<std::size_t>(exponent);
  if (digits.size() <= exp) digits.insert(0, exp + 1 - digits.size(), '0');
  if (exp > 0) digits.insert(digits.size() - exp, 1, '.');
  return (minor < 0 ? "-" : "") + digits;
}

}  // namespace checkout
