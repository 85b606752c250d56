// Distances in whole metres from integer microdegree coordinates, using only
// integer arithmetic (fixed-point cosine, integer square root), so the browser
// and the server sort stores identically.
#pragma once
#include <cstdint>

namespace checkout {

struct GeoPoint {
  int32_t lat_e6;  // -90'000'000 .. 90'000'000
  int32_t lon_e6;  // -180'000'000 .. 180'000'000
};

// Equirectangular approximation on a sphere of radius 6'371'008 m (cosine of
// the mean latitude, longitude difference taken the short way round the
// antimeridian). Measured error under 0.5% for store-search distances
// (< 500 km) within 75 degrees of the equator; worse near the poles (table in
// docs/pricing/time-and-distance.md). Result rounded half-up to whole metres.
int64_t distance_m(GeoPoint a, GeoPoint b);
// Never more than distance_m(a, b), and much cheaper (the latitude gap
// alone): lets store search skip the exact distance of far stores.
int64_t distance_lower_bound_m(GeoPoint a, GeoPoint b);

// cos(angle) for an angle in microdegrees, as a Q30 fixed-point value
// (1.0 == 1 << 30). Exposed for tests.
int64_t cos_q30(int64_t micro_degrees);
// floor(sqrt(v))
uint64_t isqrt(uint64_t v);

}  // namespace checkout
