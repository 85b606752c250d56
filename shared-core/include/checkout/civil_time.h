// The core's calendar and RFC 3339 rules, for anyone who must read or write
// an instant exactly as the core does (the server's context.now and order
// timestamps). Integers only: days since 1970-01-01 and seconds since the
// Unix epoch (UTC), proleptic Gregorian calendar, no leap seconds, no clock.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace checkout {

struct CivilDate {
  int32_t year;
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

int32_t days_from_civil(CivilDate d);
CivilDate civil_from_days(int32_t days);
// 0 = Sunday ... 6 = Saturday
int32_t weekday_from_days(int32_t days);

// "2026-11-22T14:03:00Z" or with an offset "2026-11-22T09:03:00-05:00" ->
// unix seconds; nullopt for anything else (fractional seconds, a lower-case
// "t" or "z", second 60, a year outside the core's range): the rule by which
// the core reads every instant of a request.
std::optional<int64_t> parse_rfc3339(std::string_view s);
// "2026-11-22T14:03:00Z"
std::string format_utc(int64_t unix_seconds);

}  // namespace checkout
