// Calendar arithmetic on integers: days since 1970-01-01 and seconds since the
// Unix epoch (UTC). Proleptic Gregorian calendar, no leap seconds, no clock.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "checkout/civil_time.h"  // CivilDate, day counts, parse_rfc3339, format_utc

namespace checkout {

int32_t days_in_month(int32_t year, int32_t month);

// "2026-11-22"
std::optional<int32_t> parse_date(std::string_view s);
// "09:30" -> minutes after midnight (0..1440; "24:00" allowed for closing time)
std::optional<int32_t> parse_hhmm(std::string_view s);

std::string format_local(int64_t unix_seconds, int32_t utc_offset_s); // "2026-11-22T09:03:00-05:00"
std::string format_date(int32_t days);                                 // "2026-11-22"

inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace checkout
