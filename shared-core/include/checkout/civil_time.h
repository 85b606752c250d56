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

// The instants a quote may be priced at (context.now; docs/formats.md, "Time
// range"), so that every date and offset a quote writes has a four-digit year
// of 1970..9999, which the quote schema and parse_date / parse_rfc3339 accept.
// Earliest: 1970-01-02T00:00:00Z, a day after the epoch, since a local date is
// at most 23:59 behind UTC (TimeZone offsets are under a day). Latest:
// 9978-12-31T23:59:59Z, 7670 days before 9999-12-31; the furthest date a quote
// reaches is the latest delivery day, at most 2 + 2 x 3700 days after now's
// UTC day (local date and cut-off, then two business-day searches each bounded
// by the core's business_calendar.cpp kMaxScanDays), and a pickup ready time is within
// 15 days.
constexpr int64_t kEarliestQuoteInstant = 86'400;
constexpr int64_t kLatestQuoteInstant = int64_t{2'925'227} * 86'400 - 1;  // days_from_civil(9979-01-01) = 2925227
inline bool is_quotable_instant(int64_t unix_seconds) {
  return unix_seconds >= kEarliestQuoteInstant && unix_seconds <= kLatestQuoteInstant;
}

}  // namespace checkout
