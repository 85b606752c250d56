#include "business_calendar.h"

#include <algorithm>
#include <limits>

#include "civil_time.h"

namespace checkout {

namespace {

// Termination guard. The catalog loader rejects a calendar whose seven
// weekdays are all weekend days (read_calendar in catalog_loader.cpp fails
// with invalid_value), so at least one weekday works and only a run of listed
// holidays (at most 10'000 of them) can delay a search. handling_days and
// transit_days are each at most 365, i.e. about 511 calendar days plus
// holidays. Still, no call walks more than ten years of calendar days: it
// gives up there and returns the day reached, so a bad calendar costs bounded
// time instead of hanging. civil_time.h's kLatestQuoteInstant keeps two such
// searches within year 9999: change them together.
constexpr int32_t kMaxScanDays = 3700;

}  // namespace

bool BusinessCalendar::is_business_day(int32_t day) const {
  if (weekend[static_cast<size_t>(weekday_from_days(day))]) return false;
  return !std::binary_search(holidays.begin(), holidays.end(), day);
}

int32_t BusinessCalendar::next_business_day(int32_t day) const {
  // Never step past INT32_MAX (dates are < year 10000, so this is only a guard).
  int32_t limit = day > std::numeric_limits<int32_t>::max() - kMaxScanDays
                      ? std::numeric_limits<int32_t>::max()
                      : day + kMaxScanDays;
  while (day < limit && !is_business_day(day)) ++day;
  return day;
}

int32_t BusinessCalendar::add_business_days(int32_t day, int32_t n) const {
  int32_t limit = day > std::numeric_limits<int32_t>::max() - kMaxScanDays
                      ? std::numeric_limits<int32_t>::max()
                      : day + kMaxScanDays;
  while (day < limit && !is_business_day(day)) ++day;
  // Each remaining step moves to the following business day; the budget is
  // shared, so the whole call gives up at `limit` and returns the day reached.
  // A negative n (outside the contract) behaves like 0.
  for (int32_t left = n; left > 0 && day < limit; --left) {
    ++day;
    while (day < limit && !is_business_day(day)) ++day;
  }
  return day;
}

}  // namespace checkout
