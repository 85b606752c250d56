// Business days for delivery estimates: weekend days plus listed holidays.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace checkout {

struct BusinessCalendar {
  std::array<bool, 7> weekend{true, false, false, false, false, false, true};  // [0]=Sunday
  std::vector<int32_t> holidays;  // days since epoch, sorted ascending, unique

  bool is_business_day(int32_t day) const;
  // The first business day on or after `day`.
  int32_t next_business_day(int32_t day) const;
  // `n` (>= 0) business days after `day`: add_business_days(Fri, 1) == Mon.
  // With n == 0 returns next_business_day(day). If every weekday is a weekend
  // day the calendar is invalid; the loader rejects it, so this never loops forever.
  int32_t add_business_days(int32_t day, int32_t n) const;
};

}  // namespace checkout
