#include "geo.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace checkout {
namespace {

constexpr int64_t kOne = int64_t{1} << 30;

// Exact values worked out by hand (Q30, rounded to nearest):
//   cos 0 = 1 -> 2^30;  cos 60 = 1/2 -> 2^29;  cos 90 = 0.
//   cos 45 = 1/sqrt2 -> 2^30/sqrt2 = sqrt(2^59) = 759250124.994... -> 759250125
//     (759250124^2 = 2^59 - 1509408112 and 1509408112 > 759250124, so the root
//     is above k + 1/2).
//   cos 30 = sqrt3/2 -> sqrt(3 * 2^58) = 929887696.69... -> 929887697
//     (929887696^2 = 3*2^58 - 1282946816, and 1282946816 > 929887696).
TEST(Geo, CosineTable) {
  EXPECT_EQ(cos_q30(0), kOne);
  EXPECT_EQ(cos_q30(60'000'000), kOne / 2);
  EXPECT_EQ(cos_q30(90'000'000), 0);
  EXPECT_EQ(cos_q30(45'000'000), 759'250'125);
  EXPECT_EQ(cos_q30(30'000'000), 929'887'697);
  // Symmetries: even function, period 360, cos(180 - x) = -cos x.
  EXPECT_EQ(cos_q30(-60'000'000), kOne / 2);
  EXPECT_EQ(cos_q30(120'000'000), -kOne / 2);
  EXPECT_EQ(cos_q30(180'000'000), -kOne);
  EXPECT_EQ(cos_q30(-180'000'000), -kOne);
  EXPECT_EQ(cos_q30(270'000'000), 0);
  EXPECT_EQ(cos_q30(300'000'000), kOne / 2);
  EXPECT_EQ(cos_q30(360'000'000), kOne);
  EXPECT_EQ(cos_q30(420'000'000), kOne / 2);
  EXPECT_EQ(cos_q30(-3'600'000'000'000), kOne);  // 10'000 turns
  // No overflow on extreme inputs (INT64_MIN % 360e6 is well defined).
  int64_t extreme = cos_q30(std::numeric_limits<int64_t>::min());
  EXPECT_LE(extreme, kOne);
  EXPECT_GE(extreme, -kOne);
}

// Double precision is used only here, as the reference.
TEST(Geo, CosineMatchesDoubleReference) {
  const double pi = 3.14159265358979323846;
  double worst = 0;
  for (int64_t a = -400'000'000; a <= 400'000'000; a += 9'973) {
    double exact = std::cos(static_cast<double>(a) * pi / 180e6) * static_cast<double>(kOne);
    double err = std::fabs(static_cast<double>(cos_q30(a)) - exact);
    ASSERT_LT(err / static_cast<double>(kOne), 2e-8) << a;  // the required bound
    worst = std::max(worst, err);
  }
  // In fact the result is correctly rounded: within half a unit in the last
  // place of the exact value (the slack covers the reference's own error).
  EXPECT_LT(worst, 0.5 + 1e-4);
}

TEST(Geo, IsqrtSmallAndExtremes) {
  EXPECT_EQ(isqrt(0), 0u);
  EXPECT_EQ(isqrt(1), 1u);
  EXPECT_EQ(isqrt(2), 1u);
  EXPECT_EQ(isqrt(3), 1u);
  EXPECT_EQ(isqrt(4), 2u);
  EXPECT_EQ(isqrt(15), 3u);
  EXPECT_EQ(isqrt(16), 4u);
  EXPECT_EQ(isqrt(17), 4u);
  // UINT64_MAX = 2^64 - 1 lies between (2^32 - 1)^2 = 2^64 - 2^33 + 1 and 2^64.
  EXPECT_EQ(isqrt(std::numeric_limits<uint64_t>::max()), 4'294'967'295u);
  EXPECT_EQ(isqrt(18'446'744'065'119'617'025u), 4'294'967'295u);      // (2^32 - 1)^2
  EXPECT_EQ(isqrt(18'446'744'065'119'617'024u), 4'294'967'294u);      // one less
  EXPECT_EQ(isqrt(uint64_t{1} << 62), uint64_t{1} << 31);
  EXPECT_EQ(isqrt((uint64_t{1} << 62) - 1), (uint64_t{1} << 31) - 1);
}

// Around every tested k: k^2 - 1 -> k - 1, k^2 -> k, k^2 + 2k = (k+1)^2 - 1 -> k.
void expect_square_neighbourhood(uint64_t k) {
  uint64_t sq = k * k;
  ASSERT_EQ(isqrt(sq), k) << k;
  if (k > 0) {
    ASSERT_EQ(isqrt(sq - 1), k - 1) << k;
  }
  ASSERT_EQ(isqrt(sq + 2 * k), k) << k;
}

TEST(Geo, IsqrtNearPerfectSquares) {
  for (uint64_t k = 0; k < 100'000; ++k) expect_square_neighbourhood(k);
  for (uint64_t k = 4'294'967'295u; k > 4'294'967'295u - 100'000; --k) {
    uint64_t sq = k * k;
    ASSERT_EQ(isqrt(sq), k);
    ASSERT_EQ(isqrt(sq - 1), k - 1);
    if (k < 4'294'967'295u) {
      ASSERT_EQ(isqrt(sq + 2 * k), k);
    }
  }
  std::mt19937_64 rng(20261122);
  for (int i = 0; i < 200'000; ++i) {
    uint64_t k = rng() >> 32;  // 0 .. 2^32 - 1
    if (k == 4'294'967'295u) continue;
    expect_square_neighbourhood(k);
    uint64_t v = rng();
    uint64_t r = isqrt(v);
    ASSERT_LE(static_cast<unsigned __int128>(r) * r, v);
    ASSERT_GT(static_cast<unsigned __int128>(r + 1) * (r + 1), v);
  }
}

// Reference great-circle distance (double, test only).
double haversine_m(GeoPoint a, GeoPoint b) {
  const double pi = 3.14159265358979323846, r = 6371008.0;
  double p1 = a.lat_e6 * pi / 180e6, p2 = b.lat_e6 * pi / 180e6;
  double dp = p2 - p1, dl = (static_cast<double>(b.lon_e6) - a.lon_e6) * pi / 180e6;
  double h = std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * r * std::asin(std::sqrt(h));
}

TEST(Geo, NewYorkToNewark) {
  // dlat 0.0229 deg, dlon 0.1664 deg, mean latitude 40.72425 deg (cos 0.75786):
  // east-west leg 0.1664 * 0.75786 = 0.126108 deg; hypotenuse
  // sqrt(0.0229^2 + 0.126108^2) = 0.128170 deg; one degree is
  // 6'371'008 * pi / 180 = 111'195.07 m, so 14'251.9 m.
  GeoPoint nyc{40'712'800, -74'006'000};
  GeoPoint newark{40'735'700, -74'172'400};
  int64_t d = distance_m(nyc, newark);
  EXPECT_EQ(d, 14'252);
  EXPECT_NEAR(static_cast<double>(d), haversine_m(nyc, newark), haversine_m(nyc, newark) * 0.005);
  EXPECT_EQ(distance_m(newark, nyc), d);
}

TEST(Geo, SpecialCases) {
  GeoPoint p{40'712'800, -74'006'000};
  EXPECT_EQ(distance_m(p, p), 0);
  // 179.9 E to 179.9 W on the equator is 0.2 deg the short way:
  // 6'371'008 * pi / 900 = 22'239.01 m.
  EXPECT_EQ(distance_m({0, 179'900'000}, {0, -179'900'000}), 22'239);
  EXPECT_EQ(distance_m({0, -179'900'000}, {0, 179'900'000}), 22'239);
  EXPECT_EQ(distance_m({0, -180'000'000}, {0, 180'000'000}), 0);  // same meridian
  // One degree of latitude from the pole: 6'371'008 * pi / 180 = 111'195.07 m.
  EXPECT_EQ(distance_m({90'000'000, 0}, {89'000'000, 0}), 111'195);
  EXPECT_EQ(distance_m({-90'000'000, 0}, {-89'000'000, 0}), 111'195);
  // The pole is one point whatever the longitude (cos 90 = 0).
  EXPECT_EQ(distance_m({90'000'000, 0}, {90'000'000, 120'000'000}), 0);
  // Pole to pole: 6'371'008 * pi = 20'015'111.93 m.
  EXPECT_EQ(distance_m({90'000'000, 0}, {-90'000'000, 0}), 20'015'112);
}

TEST(Geo, MirrorSymmetry) {
  GeoPoint a{51'507'400, -127'800}, b{48'856'600, 2'352'200};  // London, Paris
  int64_t d = distance_m(a, b);
  EXPECT_EQ(distance_m({-a.lat_e6, a.lon_e6}, {-b.lat_e6, b.lon_e6}), d);  // north/south mirror
  EXPECT_EQ(distance_m({a.lat_e6, -a.lon_e6}, {b.lat_e6, -b.lon_e6}), d);  // east/west mirror
  EXPECT_EQ(distance_m(b, a), d);
  EXPECT_NEAR(static_cast<double>(d), haversine_m(a, b), haversine_m(a, b) * 0.005);
}

// The documented bound: under 0.5% against the great-circle distance for
// pairs up to 500 km apart with both ends within 75 degrees of the equator.
// Destinations come from the spherical "direct" formula, then are rounded to
// microdegrees; the reference is the haversine of the rounded points.
TEST(Geo, ErrorBoundAgainstHaversine) {
  const double pi = 3.14159265358979323846, r = 6371008.0;
  double worst = 0;
  for (int lat = -70; lat <= 70; lat += 5) {
    for (int lon = -180; lon < 180; lon += 45) {
      for (int bearing = 0; bearing < 360; bearing += 15) {
        for (double km : {1.0, 5.0, 20.0, 50.0, 100.0, 250.0, 499.0}) {
          double p1 = lat * pi / 180, l1 = lon * pi / 180, th = bearing * pi / 180, dl = km * 1000 / r;
          double p2 = std::asin(std::sin(p1) * std::cos(dl) + std::cos(p1) * std::sin(dl) * std::cos(th));
          double l2 = l1 + std::atan2(std::sin(th) * std::sin(dl) * std::cos(p1),
                                      std::cos(dl) - std::sin(p1) * std::sin(p2));
          double lon2 = l2 * 180 / pi;
          if (lon2 > 180) lon2 -= 360;
          if (lon2 < -180) lon2 += 360;
          GeoPoint a{lat * 1'000'000, lon * 1'000'000};
          GeoPoint b{static_cast<int32_t>(std::lround(p2 * 180e6 / pi)), static_cast<int32_t>(std::lround(lon2 * 1e6))};
          if (std::abs(b.lat_e6) > 75'000'000) continue;
          double ref = haversine_m(a, b);
          // Whole-metre rounding alone is 0.5 m; allow it on top of 0.5%.
          double err = std::fabs(static_cast<double>(distance_m(a, b)) - ref);
          ASSERT_LE(err, ref * 0.005 + 0.5) << lat << " " << lon << " " << bearing << " " << km;
          worst = std::max(worst, (err - 0.5) / ref);
        }
      }
    }
  }
  EXPECT_GT(worst, 0.0);  // the approximation is not exact: the test measures something
}

// Store search skips the exact distance of stores whose lower bound is
// already too far: the bound must never exceed the distance. Deterministic
// points everywhere on the globe, clustered pairs, and poles and antimeridian.
TEST(Geo, LowerBoundNeverExceedsTheDistance) {
  uint64_t state = 15;
  const auto next = [&state](int64_t span) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int64_t>((state >> 17) % static_cast<uint64_t>(span));
  };
  for (int i = 0; i < 200000; ++i) {
    const GeoPoint a{static_cast<int32_t>(next(180'000'001) - 90'000'000),
                     static_cast<int32_t>(next(360'000'001) - 180'000'000)};
    const int64_t near = i % 2 == 0 ? 2'000'000 : 360'000'000;  // within ~2 degrees, or anywhere
    const GeoPoint b{static_cast<int32_t>(std::max<int64_t>(-90'000'000, std::min<int64_t>(90'000'000, a.lat_e6 + next(near + 1) - near / 2))),
                     static_cast<int32_t>(next(360'000'001) - 180'000'000)};
    ASSERT_LE(distance_lower_bound_m(a, b), distance_m(a, b)) << a.lat_e6 << "," << a.lon_e6 << " " << b.lat_e6 << "," << b.lon_e6;
  }
  EXPECT_EQ(distance_lower_bound_m({90'000'000, 0}, {90'000'000, 179'000'000}), 0);
  EXPECT_EQ(distance_lower_bound_m({40'000'000, -74'000'000}, {41'000'000, 10'000'000}),
            distance_m({40'000'000, 0}, {41'000'000, 0}));  // due north: the bound is the distance
}

}  // namespace
}  // namespace checkout
