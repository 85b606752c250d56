#include "civil_time.h"

#include <gtest/gtest.h>

namespace checkout {
namespace {

// Hand-derived anchors:
// 1970..1999 is 30 years with 7 leap years (72..96): 30*365 + 7 = 10957 = 2000-01-01.
// 1970..2025 is 56 years with 14 leap years (72..2024): 56*365 + 14 = 20454 = 2026-01-01.
// 2026-11-22: Jan..Oct of a common year is 304 days, so 20454 + 304 + 21 = 20779.
constexpr int32_t k2026Nov22 = 20779;

TEST(CivilTime, DaysFromCivilAnchors) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({1969, 12, 31}), -1);
  EXPECT_EQ(days_from_civil({2000, 1, 1}), 10957);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 10957 + 31 + 29);  // 2000 is a leap year (div by 400)
  EXPECT_EQ(days_from_civil({2026, 1, 1}), 20454);
  EXPECT_EQ(days_from_civil({2026, 11, 22}), k2026Nov22);
  // 1900-01-01: 70 years before 1970 with 17 leap years (1904..1968) -> -(25550 + 17);
  // 1900 is not leap, so March 1 is 31 + 28 days later.
  EXPECT_EQ(days_from_civil({1900, 1, 1}), -25567);
  EXPECT_EQ(days_from_civil({1900, 3, 1}), -25567 + 59);
}

TEST(CivilTime, CivilFromDaysAnchors) {
  CivilDate d = civil_from_days(k2026Nov22);
  EXPECT_EQ(d.year, 2026);
  EXPECT_EQ(d.month, 11);
  EXPECT_EQ(d.day, 22);
  d = civil_from_days(-1);
  EXPECT_EQ(d.year, 1969);
  EXPECT_EQ(d.month, 12);
  EXPECT_EQ(d.day, 31);
  d = civil_from_days(10957 + 31 + 28);  // the leap day of 2000
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(d.day, 29);
}

// Every day from 1600 to 10000 round-trips and consecutive days are
// consecutive calendar dates (catches any off-by-one at month/era edges).
TEST(CivilTime, RoundTripAndContinuity) {
  int32_t first = days_from_civil({1600, 1, 1});
  int32_t last = days_from_civil({10000, 12, 31});
  CivilDate prev = civil_from_days(first - 1);
  for (int32_t day = first; day <= last; ++day) {
    CivilDate c = civil_from_days(day);
    ASSERT_EQ(days_from_civil(c), day);
    bool next_day_same_month = c.year == prev.year && c.month == prev.month && c.day == prev.day + 1;
    bool first_of_next_month = c.day == 1 && prev.day == days_in_month(prev.year, prev.month) &&
                               ((c.month == prev.month + 1 && c.year == prev.year) ||
                                (c.month == 1 && prev.month == 12 && c.year == prev.year + 1));
    ASSERT_TRUE(next_day_same_month || first_of_next_month) << day;
    prev = c;
  }
}

TEST(CivilTime, Weekday) {
  EXPECT_EQ(weekday_from_days(0), 4);    // 1970-01-01 was a Thursday
  EXPECT_EQ(weekday_from_days(-1), 3);   // Wednesday
  EXPECT_EQ(weekday_from_days(-4), 0);   // 1969-12-28, Sunday
  EXPECT_EQ(weekday_from_days(-5), 6);   // Saturday
  EXPECT_EQ(weekday_from_days(20454), 4);  // 2026-01-01: 20454 = 7 * 2922, so same weekday as day 0
  EXPECT_EQ(weekday_from_days(k2026Nov22), 0);  // 20779 + 4 = 20783 = 7 * 2969 -> Sunday
}

TEST(CivilTime, DaysInMonth) {
  EXPECT_EQ(days_in_month(2026, 2), 28);
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);  // century, not divisible by 400
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2026, 4), 30);
  EXPECT_EQ(days_in_month(2026, 12), 31);
}

// 2026-11-22T14:03:00Z = 20779 * 86400 + 14 * 3600 + 3 * 60
//                      = 1'795'305'600 + 50'400 + 180 = 1'795'356'180.
constexpr int64_t kInstant = 1'795'356'180;

TEST(CivilTime, ParseRfc3339Accepts) {
  EXPECT_EQ(parse_rfc3339("2026-11-22T14:03:00Z"), kInstant);
  EXPECT_EQ(parse_rfc3339("2026-11-22T09:03:00-05:00"), kInstant);  // 09:03 + 5 h
  EXPECT_EQ(parse_rfc3339("2026-11-22T19:33:00+05:30"), kInstant);  // 19:33 - 5:30
  EXPECT_EQ(parse_rfc3339("2026-11-22T14:03:00+00:00"), kInstant);
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z"), int64_t{days_from_civil({2024, 2, 29})} * 86400);
  EXPECT_EQ(parse_rfc3339("9999-12-31T23:59:59Z"), int64_t{days_from_civil({10000, 1, 1})} * 86400 - 1);
}

TEST(CivilTime, ParseRfc3339Rejects) {
  for (const char* s : {
           "", "2026-11-22", "2026-11-22T14:03Z",         // missing seconds
           "2026-11-22T14:03:00.5Z", "2026-11-22T14:03:00.000Z",  // fractional seconds
           "2026-11-22t14:03:00Z", "2026-11-22T14:03:00z",       // lower case
           "2026-11-22 14:03:00Z", "2026-11-22T14:03:00",         // space, no zone
           "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",        // not leap years
           "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
           "2026-11-00T00:00:00Z", "1969-12-31T23:59:59Z", "10000-01-01T00:00:00Z",
           "2026-11-22T24:00:00Z", "2026-11-22T14:60:00Z", "2026-11-22T14:03:60Z",
           "2026-11-22T14:03:00+24:00", "2026-11-22T14:03:00+05:60", "2026-11-22T14:03:00+0530",
           "2026-11-22T14:03:00+5:30", "2026-11-22T14:03:00 +05:00", " 2026-11-22T14:03:00Z",
           "2026-11-22T14:03:00Zx", "2026-11-22T14:03:00ZZ", "+026-11-22T14:03:00Z",
           "2026-1-22T14:03:00Z", "2026/11/22T14:03:00Z", "2026-11-22T14:03:00*05:00"}) {
    EXPECT_FALSE(parse_rfc3339(s).has_value()) << s;
  }
}

TEST(CivilTime, ParseDate) {
  EXPECT_EQ(parse_date("2026-11-22"), k2026Nov22);
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("2024-02-29"), days_from_civil({2024, 2, 29}));
  for (const char* s : {"", "2026-11-31", "2026-02-29", "2026-13-01", "2026-1-01", "2026-11-22x",
                        "2026-11-22T00:00:00Z", "1969-12-31", "20261122", "2026-11-2a"}) {
    EXPECT_FALSE(parse_date(s).has_value()) << s;
  }
}

TEST(CivilTime, ParseHhmm) {
  EXPECT_EQ(parse_hhmm("00:00"), 0);
  EXPECT_EQ(parse_hhmm("09:30"), 570);   // 9 * 60 + 30
  EXPECT_EQ(parse_hhmm("23:59"), 1439);  // 23 * 60 + 59
  EXPECT_EQ(parse_hhmm("24:00"), 1440);  // closing time only
  for (const char* s : {"", "24:01", "25:00", "9:30", "09:60", "09-30", "0930", "09:30:00", "-1:00",
                        "+9:30", "09:3a"}) {
    EXPECT_FALSE(parse_hhmm(s).has_value()) << s;
  }
}

TEST(CivilTime, Format) {
  EXPECT_EQ(format_utc(kInstant), "2026-11-22T14:03:00Z");
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_local(kInstant, -5 * 3600), "2026-11-22T09:03:00-05:00");
  EXPECT_EQ(format_local(kInstant, 5 * 3600 + 1800), "2026-11-22T19:33:00+05:30");
  EXPECT_EQ(format_local(kInstant, 0), "2026-11-22T14:03:00+00:00");
  // Offset seconds cannot be written in RFC 3339: -5:30:15 is shown as -05:30
  // and the wall time follows that shown offset (14:03 - 5:30 = 08:33).
  EXPECT_EQ(format_local(kInstant, -(5 * 3600 + 1800 + 15)), "2026-11-22T08:33:00-05:30");
  // Crossing midnight backwards: 2026-01-01T02:00Z at -05:00 is Dec 31 21:00.
  EXPECT_EQ(format_local(int64_t{20454} * 86400 + 7200, -5 * 3600), "2025-12-31T21:00:00-05:00");
  EXPECT_EQ(format_date(k2026Nov22), "2026-11-22");
  EXPECT_EQ(format_date(0), "1970-01-01");
  EXPECT_EQ(format_date(-1), "1969-12-31");
}

TEST(CivilTime, FormatParseRoundTrip) {
  for (int64_t t = 86400; t < int64_t{4'000'000'000}; t += 9'876'543) {  // from day 1: 1969 is unparseable
    ASSERT_EQ(parse_rfc3339(format_utc(t)), t);
    ASSERT_EQ(parse_rfc3339(format_local(t, -18000)), t);
    ASSERT_EQ(parse_rfc3339(format_local(t, 34200)), t);
  }
}

TEST(CivilTime, FloorDiv) {
  EXPECT_EQ(floor_div(7, 2), 3);
  EXPECT_EQ(floor_div(-7, 2), -4);
  EXPECT_EQ(floor_div(-8, 2), -4);
  EXPECT_EQ(floor_div(-1, 86400), -1);
}

}  // namespace
}  // namespace checkout
