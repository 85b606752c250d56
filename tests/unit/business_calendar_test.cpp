#include "business_calendar.h"

#include <gtest/gtest.h>

#include "civil_time.h"

namespace checkout {
namespace {

// Days since the epoch, worked out by hand: 2026-01-01 = 20454 (a Thursday,
// 20454 = 7 * 2922), 2026-11-22 = 20454 + 304 + 21 = 20779 (a Sunday).
constexpr int32_t kFri20Nov = 20777;
constexpr int32_t kSat21Nov = 20778;
constexpr int32_t kSun22Nov = 20779;
constexpr int32_t kMon23Nov = 20780;
constexpr int32_t kWed25Nov = 20782;
constexpr int32_t kThu26Nov = 20783;  // Thanksgiving 2026
constexpr int32_t kFri27Nov = 20784;
// Dec 25 = Nov 22 + 8 (rest of Nov) + 25 = 20812: 20812 + 4 = 20816 = 7 * 2973 + 5 -> Friday.
constexpr int32_t kThu24Dec = 20811;
constexpr int32_t kFri25Dec = 20812;
constexpr int32_t kMon28Dec = 20815;

TEST(BusinessCalendar, AnchorsAgreeWithCivilTime) {
  EXPECT_EQ(days_from_civil({2026, 11, 20}), kFri20Nov);
  EXPECT_EQ(days_from_civil({2026, 12, 25}), kFri25Dec);
  EXPECT_EQ(weekday_from_days(kFri25Dec), 5);
}

TEST(BusinessCalendar, DefaultWeekend) {
  BusinessCalendar cal;
  EXPECT_TRUE(cal.is_business_day(kFri20Nov));
  EXPECT_FALSE(cal.is_business_day(kSat21Nov));
  EXPECT_FALSE(cal.is_business_day(kSun22Nov));
  EXPECT_TRUE(cal.is_business_day(kMon23Nov));
  EXPECT_EQ(cal.next_business_day(kFri20Nov), kFri20Nov);
  EXPECT_EQ(cal.next_business_day(kSat21Nov), kMon23Nov);
  EXPECT_EQ(cal.next_business_day(kSun22Nov), kMon23Nov);
}

TEST(BusinessCalendar, AddBusinessDays) {
  BusinessCalendar cal;
  EXPECT_EQ(cal.add_business_days(kFri20Nov, 0), kFri20Nov);
  EXPECT_EQ(cal.add_business_days(kFri20Nov, 1), kMon23Nov);  // the header's own example
  EXPECT_EQ(cal.add_business_days(kSat21Nov, 0), kMon23Nov);  // n == 0 -> next business day
  EXPECT_EQ(cal.add_business_days(kSat21Nov, 1), kMon23Nov + 1);
  EXPECT_EQ(cal.add_business_days(kFri20Nov, 5), kFri27Nov);  // Mon..Fri
  // 260 business days = 52 full weeks of 5: Thu 2026-01-01 + 364 days, a Thursday.
  EXPECT_EQ(cal.add_business_days(20454, 260), 20454 + 364);
}

TEST(BusinessCalendar, Holidays) {
  BusinessCalendar cal;
  cal.holidays = {kThu26Nov, kFri25Dec};
  EXPECT_FALSE(cal.is_business_day(kThu26Nov));
  EXPECT_TRUE(cal.is_business_day(kWed25Nov));
  EXPECT_EQ(cal.add_business_days(kWed25Nov, 1), kFri27Nov);  // skips Thanksgiving
  EXPECT_EQ(cal.next_business_day(kThu26Nov), kFri27Nov);
  // Thu Dec 24 + 1: Fri 25 holiday, Sat, Sun -> Mon 28.
  EXPECT_EQ(cal.add_business_days(kThu24Dec, 1), kMon28Dec);
  EXPECT_EQ(cal.next_business_day(kFri25Dec), kMon28Dec);
  // Fri Nov 20 + 5: Mon, Tue, Wed, (Thu holiday), Fri, Mon Nov 30.
  EXPECT_EQ(cal.add_business_days(kFri20Nov, 5), kMon23Nov + 7);
}

TEST(BusinessCalendar, CustomWeekend) {
  // Friday and Saturday off; Sunday works.
  BusinessCalendar cal;
  cal.weekend = {false, false, false, false, false, true, true};
  EXPECT_TRUE(cal.is_business_day(kSun22Nov));
  EXPECT_FALSE(cal.is_business_day(kFri20Nov));
  EXPECT_EQ(cal.add_business_days(kFri20Nov - 1, 1), kSun22Nov);  // Thu + 1 -> Sun
  EXPECT_EQ(cal.next_business_day(kFri20Nov), kSun22Nov);
}

TEST(BusinessCalendar, BeforeEpoch) {
  BusinessCalendar cal;
  EXPECT_TRUE(cal.is_business_day(-1));    // 1969-12-31, Wednesday
  EXPECT_FALSE(cal.is_business_day(-4));   // 1969-12-28, Sunday
  EXPECT_EQ(cal.next_business_day(-5), -3);  // Sat -> Mon 1969-12-29
}

TEST(BusinessCalendar, GivesUpInsteadOfLooping) {
  // An all-weekend calendar is rejected by the loader; if one slipped through,
  // the search stops after 3700 days rather than hanging.
  BusinessCalendar never;
  never.weekend.fill(true);
  EXPECT_EQ(never.next_business_day(kFri20Nov), kFri20Nov + 3700);
  EXPECT_EQ(never.add_business_days(kFri20Nov, 5), kFri20Nov + 3700);
  EXPECT_EQ(never.add_business_days(kFri20Nov, 2'000'000'000), kFri20Nov + 3700);
  // Same with a long run of holidays covering every day.
  BusinessCalendar blocked;
  for (int32_t d = 20000; d < 25000; ++d) blocked.holidays.push_back(d);
  EXPECT_EQ(blocked.next_business_day(20000), 23700);
  // The budget is shared over the whole call, even on a normal calendar.
  BusinessCalendar cal;
  int32_t far = cal.add_business_days(kFri20Nov, 2'000'000'000);
  EXPECT_EQ(far, kFri20Nov + 3700);
  // Near the top of int32 the search stops at INT32_MAX instead of overflowing.
  EXPECT_EQ(never.next_business_day(2'147'483'000), 2'147'483'647);
}

}  // namespace
}  // namespace checkout
