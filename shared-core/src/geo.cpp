#include "geo.h"

namespace checkout {

namespace {

__extension__ typedef __int128 i128;  // GCC/Clang (and wasm32) builtin

// Internal fixed point is Q60 (1.0 == 2^60): radians up to pi/4 fit easily in
// int64 and products go through __int128, so the polynomial's rounding noise
// (~1e-17) is far below the Q30 result's resolution (~9.3e-10).
constexpr int64_t kOneQ60 = int64_t{1} << 60;
// round(pi * 2^60). pi in hexadecimal is 3.243F6A8885A308D313..., so
// pi * 2^60 = 0x3243F6A8885A308D.313... and rounds down to this.
constexpr int64_t kPiQ60 = 0x3243F6A8885A308D;
constexpr int64_t kMicroDegreesPer180 = 180'000'000;
constexpr int64_t kMicroDegreesPer90 = 90'000'000;
constexpr int64_t kMicroDegreesPer45 = 45'000'000;
constexpr int64_t kMicroDegreesPer360 = 360'000'000;
constexpr int64_t kEarthRadiusM = 6'371'008;  // IUGG mean radius
// Sub-microdegree resolution for the square root: with 16 steps per
// microdegree the largest possible hypotenuse (180 deg by 180 deg) squared
// is 2 * (2.88e9)^2 = 1.66e19, still inside uint64 (1.84e19).
constexpr int64_t kSubSteps = 16;

// a * b in Q60, rounded half-up; a, b >= 0.
int64_t mul_q60(int64_t a, int64_t b) {
  return static_cast<int64_t>((static_cast<i128>(a) * b + (kOneQ60 >> 1)) >> 60);
}

// [0, 45e6] microdegrees -> radians in Q60, rounded half-up.
int64_t radians_q60(int64_t micro_degrees) {
  i128 num = static_cast<i128>(micro_degrees) * kPiQ60 + kMicroDegreesPer180 / 2;
  return static_cast<int64_t>(num / kMicroDegreesPer180);
}

// Taylor series in Horner form for 0 <= x <= pi/4. The first omitted terms,
// x^16/16! and x^17/17!, are below 1.1e-15 there (0.001 of a Q30 unit), so
// the Q30 result is the correctly rounded value except within a hair of a tie.
// cos x = 1 - x^2/(1*2) (1 - x^2/(3*4) (1 - x^2/(5*6) (... (1 - x^2/(13*14)))))
int64_t cos_series_q60(int64_t x) {
  static constexpr int64_t kDivisors[] = {182, 132, 90, 56, 30, 12, 2};
  int64_t x2 = mul_q60(x, x);
  int64_t t = kOneQ60;
  for (int64_t k : kDivisors) t = kOneQ60 - mul_q60(x2, t) / k;
  return t;
}

// sin x = x (1 - x^2/(2*3) (1 - x^2/(4*5) (... (1 - x^2/(14*15)))))
int64_t sin_series_q60(int64_t x) {
  static constexpr int64_t kDivisors[] = {210, 156, 110, 72, 42, 20, 6};
  int64_t x2 = mul_q60(x, x);
  int64_t t = kOneQ60;
  for (int64_t k : kDivisors) t = kOneQ60 - mul_q60(x2, t) / k;
  return mul_q60(x, t);
}

int64_t clamp_latitude(int32_t lat_e6) {
  if (lat_e6 > kMicroDegreesPer90) return kMicroDegreesPer90;
  if (lat_e6 < -kMicroDegreesPer90) return -kMicroDegreesPer90;
  return lat_e6;
}

// metres = R * hyp_degrees * pi / 180, with hyp_degrees = hyp / (16 * 1e6),
// rounded half-up; non-decreasing in hyp.
int64_t metres_of(uint64_t hyp) {
  i128 num = static_cast<i128>(kEarthRadiusM) * static_cast<i128>(hyp) * kPiQ60;
  i128 den = static_cast<i128>(kMicroDegreesPer180 * kSubSteps) << 60;
  return static_cast<int64_t>((num + den / 2) / den);
}

}  // namespace

int64_t cos_q30(int64_t micro_degrees) {
  // Reduce to [0, 360) (the % keeps the dividend's sign, so fix negatives),
  // then use cos(x) = cos(360 - x) and cos(x) = -cos(180 - x).
  int64_t a = micro_degrees % kMicroDegreesPer360;
  if (a < 0) a += kMicroDegreesPer360;
  if (a > kMicroDegreesPer180) a = kMicroDegreesPer360 - a;
  bool negative = false;
  if (a > kMicroDegreesPer90) {
    a = kMicroDegreesPer180 - a;
    negative = true;
  }
  // [0, 90]: keep the series argument within pi/4 via cos(x) = sin(90 - x).
  int64_t q60 = a <= kMicroDegreesPer45 ? cos_series_q60(radians_q60(a))
                                        : sin_series_q60(radians_q60(kMicroDegreesPer90 - a));
  int64_t q30 = (q60 + (int64_t{1} << 29)) >> 30;  // round half-up
  return negative ? -q30 : q30;
}

// Digit-by-digit (binary restoring) square root: exact floor for every
// uint64 value, no division, no floating point.
uint64_t isqrt(uint64_t v) {
  uint64_t result = 0;
  uint64_t bit = uint64_t{1} << 62;  // largest power of four in uint64
  while (bit > v) bit >>= 2;
  while (bit != 0) {
    if (v >= result + bit) {
      v -= result + bit;
      result = (result >> 1) + bit;
    } else {
      result >>= 1;
    }
    bit >>= 2;
  }
  return result;
}

int64_t distance_m(GeoPoint a, GeoPoint b) {
  int64_t lat_a = clamp_latitude(a.lat_e6);
  int64_t lat_b = clamp_latitude(b.lat_e6);
  int64_t dlat = lat_b - lat_a;
  if (dlat < 0) dlat = -dlat;
  // Longitude difference the short way round, in [-180, 180] degrees.
  int64_t dlon = (static_cast<int64_t>(b.lon_e6) - a.lon_e6) % kMicroDegreesPer360;
  if (dlon < 0) dlon += kMicroDegreesPer360;
  if (dlon > kMicroDegreesPer180) dlon = kMicroDegreesPer360 - dlon;  // now |dlon|, 0..180e6
  // Truncating division keeps north/south mirror images equal.
  int64_t mean_lat = (lat_a + lat_b) / 2;
  int64_t cos_mean = cos_q30(mean_lat);  // >= 0 for |mean_lat| <= 90 deg

  // East-west and north-south legs in 1/16 microdegree.
  i128 dx_scaled = static_cast<i128>(dlon) * cos_mean * kSubSteps;
  uint64_t dx = static_cast<uint64_t>((dx_scaled + (i128{1} << 29)) >> 30);
  uint64_t dy = static_cast<uint64_t>(dlat * kSubSteps);
  uint64_t hyp = isqrt(dx * dx + dy * dy);
  return metres_of(hyp);
}

int64_t distance_lower_bound_m(GeoPoint a, GeoPoint b) {
  int64_t dlat = clamp_latitude(b.lat_e6) - clamp_latitude(a.lat_e6);
  if (dlat < 0) dlat = -dlat;
  // distance_m's hypotenuse is isqrt(dx^2 + dy^2) >= isqrt(dy^2) = dy, and
  // metres_of never decreases as its argument grows.
  return metres_of(static_cast<uint64_t>(dlat * kSubSteps));
}

}  // namespace checkout
