#include "timezone.h"

#include <gtest/gtest.h>

#include "civil_time.h"

namespace checkout {
namespace {

// Seconds since the epoch of a wall-clock reading (UTC or local; the same
// arithmetic, days_from_civil is tested in civil_time_test).
int64_t at(int32_t y, int32_t mo, int32_t d, int32_t h, int32_t mi, int32_t s = 0) {
  return int64_t{days_from_civil({y, mo, d})} * 86400 + h * 3600 + mi * 60 + s;
}

TimeZone zone(const char* rule) {
  auto tz = TimeZone::parse(rule);
  EXPECT_TRUE(tz.has_value()) << rule;
  return tz.value_or(TimeZone{});
}

constexpr int32_t kHour = 3600;

// Calendar facts used below, worked out by hand:
// 2026-01-01 is a Thursday (day 20454 = 7 * 2922, same weekday as 1970-01-01).
// Mar 1 = Jan 1 + 59 days = Thu + 3 = Sunday. Adding month lengths mod 7:
//   Apr 1 = Sun + 31 = Wed, May 1 = Fri, Jun 1 = Mon, Jul 1 = Wed, Aug 1 = Sat,
//   Sep 1 = Tue, Oct 1 = Thu, Nov 1 = Sun.
// So in 2026: 2nd Sunday of March = Mar 8; last Sunday of March = Mar 29
// (1, 8, 15, 22, 29); first Sunday of April = Apr 5; first Sunday of October
// = Oct 4; last Sunday of October = Oct 25 (4, 11, 18, 25: only four, so
// "week 5" falls back to the fourth); first Sunday of November = Nov 1.

TEST(TimeZone, NewYork) {
  TimeZone ny = zone("EST5EDT,M3.2.0,M11.1.0");
  EXPECT_EQ(ny.rule(), "EST5EDT,M3.2.0,M11.1.0");
  // Spring forward: Sun Mar 8 2026, 02:00 EST (UTC-5) = 07:00Z.
  int64_t spring = at(2026, 3, 8, 7, 0);
  EXPECT_EQ(spring, 1'772'953'200);  // (20454 + 59 + 7) * 86400 + 7 * 3600
  EXPECT_EQ(ny.offset_at(spring - 1), -5 * kHour);
  EXPECT_EQ(ny.offset_at(spring), -4 * kHour);
  // Fall back: Sun Nov 1 2026, 02:00 EDT (UTC-4) = 06:00Z.
  int64_t fall = at(2026, 11, 1, 6, 0);
  EXPECT_EQ(ny.offset_at(fall - 1), -4 * kHour);
  EXPECT_EQ(ny.offset_at(fall), -5 * kHour);
  EXPECT_EQ(ny.offset_at(at(2026, 1, 15, 12, 0)), -5 * kHour);
  EXPECT_EQ(ny.offset_at(at(2026, 7, 1, 12, 0)), -4 * kHour);
  EXPECT_EQ(ny.offset_at(at(2026, 12, 31, 23, 59)), -5 * kHour);
  // 2027: Jan 1 is a Friday (2026 has 365 days = 52 weeks + 1), Mar 1 = Fri + 59
  // = Monday, so the second Sunday is Mar 14: 02:00 EST = 07:00Z.
  EXPECT_EQ(ny.offset_at(at(2027, 3, 14, 7, 0) - 1), -5 * kHour);
  EXPECT_EQ(ny.offset_at(at(2027, 3, 14, 7, 0)), -4 * kHour);
}

TEST(TimeZone, NewYorkLocalToUtc) {
  TimeZone ny = zone("EST5EDT,M3.2.0,M11.1.0");
  // Ordinary times: winter +5 h, summer +4 h.
  EXPECT_EQ(ny.local_to_utc(at(2026, 1, 15, 9, 0)), at(2026, 1, 15, 14, 0));
  EXPECT_EQ(ny.local_to_utc(at(2026, 7, 1, 9, 0)), at(2026, 7, 1, 13, 0));
  // Gap: 02:00..02:59:59 on Mar 8 does not exist; the clock jumps to 03:00 EDT = 07:00Z.
  EXPECT_EQ(ny.local_to_utc(at(2026, 3, 8, 1, 59, 59)), at(2026, 3, 8, 6, 59, 59));
  EXPECT_EQ(ny.local_to_utc(at(2026, 3, 8, 2, 0)), at(2026, 3, 8, 7, 0));
  EXPECT_EQ(ny.local_to_utc(at(2026, 3, 8, 2, 30)), at(2026, 3, 8, 7, 0));
  EXPECT_EQ(ny.local_to_utc(at(2026, 3, 8, 2, 59, 59)), at(2026, 3, 8, 7, 0));
  EXPECT_EQ(ny.local_to_utc(at(2026, 3, 8, 3, 0)), at(2026, 3, 8, 7, 0));  // 03:00 EDT
  // Overlap: 01:00..01:59:59 on Nov 1 happens twice; the earlier (EDT, +4 h) wins.
  EXPECT_EQ(ny.local_to_utc(at(2026, 11, 1, 0, 59)), at(2026, 11, 1, 4, 59));
  EXPECT_EQ(ny.local_to_utc(at(2026, 11, 1, 1, 30)), at(2026, 11, 1, 5, 30));
  EXPECT_EQ(ny.local_to_utc(at(2026, 11, 1, 1, 59, 59)), at(2026, 11, 1, 5, 59, 59));
  EXPECT_EQ(ny.local_to_utc(at(2026, 11, 1, 2, 0)), at(2026, 11, 1, 7, 0));  // 02:00 EST only
}

TEST(TimeZone, Berlin) {
  TimeZone berlin = zone("CET-1CEST,M3.5.0,M10.5.0/3");
  // Last Sunday of March, 02:00 CET (UTC+1) = 01:00Z.
  int64_t spring = at(2026, 3, 29, 1, 0);
  EXPECT_EQ(berlin.offset_at(spring - 1), kHour);
  EXPECT_EQ(berlin.offset_at(spring), 2 * kHour);
  // "Week 5" of October 2026 is the fourth Sunday, Oct 25; 03:00 CEST (UTC+2) = 01:00Z.
  int64_t fall = at(2026, 10, 25, 1, 0);
  EXPECT_EQ(berlin.offset_at(fall - 1), 2 * kHour);
  EXPECT_EQ(berlin.offset_at(fall), kHour);
  EXPECT_EQ(berlin.offset_at(at(2026, 10, 18, 12, 0)), 2 * kHour);  // Oct 18 is not the last
  // Gap 02:00..03:00 local on Mar 29 -> 01:00Z; overlap 02:00..03:00 on Oct 25 -> earlier (CEST).
  EXPECT_EQ(berlin.local_to_utc(at(2026, 3, 29, 2, 30)), spring);
  EXPECT_EQ(berlin.local_to_utc(at(2026, 10, 25, 2, 30)), at(2026, 10, 25, 0, 30));
  EXPECT_EQ(berlin.local_to_utc(at(2026, 10, 25, 3, 0)), at(2026, 10, 25, 2, 0));  // CET
}

TEST(TimeZone, SydneySouthernHemisphere) {
  TimeZone syd = zone("AEST-10AEDT,M10.1.0,M4.1.0/3");
  // DST spans New Year.
  EXPECT_EQ(syd.offset_at(at(2026, 1, 15, 0, 0)), 11 * kHour);
  EXPECT_EQ(syd.offset_at(at(2026, 7, 1, 0, 0)), 10 * kHour);
  EXPECT_EQ(syd.offset_at(at(2026, 12, 31, 23, 0)), 11 * kHour);
  // End: first Sunday of April 2026 = Apr 5, 03:00 AEDT (UTC+11) = Apr 4 16:00Z.
  int64_t end = at(2026, 4, 4, 16, 0);
  EXPECT_EQ(syd.offset_at(end - 1), 11 * kHour);
  EXPECT_EQ(syd.offset_at(end), 10 * kHour);
  // Start: first Sunday of October 2026 = Oct 4, 02:00 AEST (UTC+10) = Oct 3 16:00Z.
  int64_t start = at(2026, 10, 3, 16, 0);
  EXPECT_EQ(syd.offset_at(start - 1), 10 * kHour);
  EXPECT_EQ(syd.offset_at(start), 11 * kHour);
  // Gap 02:00..03:00 local on Oct 4 -> the jump instant; overlap 02:00..03:00 on Apr 5 -> AEDT.
  EXPECT_EQ(syd.local_to_utc(at(2026, 10, 4, 2, 30)), start);
  EXPECT_EQ(syd.local_to_utc(at(2026, 4, 5, 2, 30)), at(2026, 4, 4, 15, 30));
  EXPECT_EQ(syd.local_to_utc(at(2026, 1, 1, 0, 0)), at(2025, 12, 31, 13, 0));
}

TEST(TimeZone, FixedOffsets) {
  int64_t t = at(2026, 11, 22, 14, 3);
  TimeZone jst = zone("JST-9");
  EXPECT_EQ(jst.offset_at(t), 9 * kHour);
  EXPECT_EQ(jst.local_to_utc(at(2026, 11, 22, 23, 3)), t);
  TimeZone india = zone("<+0530>-5:30");
  EXPECT_EQ(india.offset_at(t), 5 * kHour + 1800);
  EXPECT_EQ(india.local_to_utc(at(2026, 11, 22, 19, 33)), t);
  TimeZone utc = zone("UTC0");
  EXPECT_EQ(utc.offset_at(t), 0);
  EXPECT_EQ(utc.local_to_utc(t), t);
  EXPECT_EQ(zone("EST5").offset_at(t), -5 * kHour);
  EXPECT_EQ(zone("EST+5").offset_at(t), -5 * kHour);
  EXPECT_EQ(zone("<-03>3").offset_at(t), -3 * kHour);
  EXPECT_EQ(zone("<+1245>-12:45").offset_at(t), 12 * kHour + 45 * 60);
  EXPECT_EQ(zone("LMT-0:30:15").offset_at(t), 1815);
  EXPECT_EQ(zone("ABC23:59:59").offset_at(t), -(24 * kHour - 1));
  // A default-constructed zone (as in a default Store) is UTC.
  EXPECT_EQ(TimeZone{}.offset_at(t), 0);
}

TEST(TimeZone, DstOffsetGivenExplicitly) {
  // Lord Howe style half-hour DST: std +10:30, dst +11:00.
  TimeZone lh = zone("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  EXPECT_EQ(lh.offset_at(at(2026, 1, 15, 0, 0)), 11 * kHour);
  EXPECT_EQ(lh.offset_at(at(2026, 7, 1, 0, 0)), 10 * kHour + 1800);
}

TEST(TimeZone, NegativeAndLongTransitionTimes) {
  // Nuuk: "<-02>2<-01>,M3.5.0/-1,M10.5.0/0". Start: last Sunday of March
  // (Mar 29) at -1:00 local standard time = Sat Mar 28 23:00 at UTC-2 =
  // Mar 29 01:00Z. End: Oct 25 00:00 at UTC-1 = 01:00Z.
  TimeZone nuuk = zone("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  EXPECT_EQ(nuuk.offset_at(at(2026, 3, 29, 1, 0) - 1), -2 * kHour);
  EXPECT_EQ(nuuk.offset_at(at(2026, 3, 29, 1, 0)), -1 * kHour);
  EXPECT_EQ(nuuk.offset_at(at(2026, 10, 25, 1, 0) - 1), -1 * kHour);
  EXPECT_EQ(nuuk.offset_at(at(2026, 10, 25, 1, 0)), -2 * kHour);
  // /167: Mar 8 00:00 + 167 h = Mar 14 23:00 EST = Mar 15 04:00Z.
  TimeZone late = zone("EST5EDT,M3.2.0/167,M11.1.0");
  EXPECT_EQ(late.offset_at(at(2026, 3, 15, 4, 0) - 1), -5 * kHour);
  EXPECT_EQ(late.offset_at(at(2026, 3, 15, 4, 0)), -4 * kHour);
  // /-167 on Jan 1: Jan 1 00:00 - 167 h = Dec 25 01:00 of the year before, so
  // the change belongs to the previous calendar year. 01:00 EST = 06:00Z.
  TimeZone early = zone("EST5EDT,J1/-167,J300");
  EXPECT_EQ(early.offset_at(at(2025, 12, 25, 6, 0) - 1), -5 * kHour);
  EXPECT_EQ(early.offset_at(at(2025, 12, 25, 6, 0)), -4 * kHour);
  // Both changes of a year pushed into the next one: with J365/167 and
  // J365/100, year Y's DST starts Dec 31 + 167 h = Jan 6 23:00 EST of Y+1
  // (Jan 7 04:00Z) and ends Dec 31 + 100 h = Jan 4 04:00 EDT of Y+1 (08:00Z).
  // On 2026-01-02 neither 2025 change has happened yet; the last change was
  // 2024's start (2025-01-07), so it is DST until 2026-01-04 08:00Z.
  TimeZone pushed = zone("EST5EDT,J365/167,J365/100");
  EXPECT_EQ(pushed.offset_at(at(2026, 1, 2, 12, 0)), -4 * kHour);
  EXPECT_EQ(pushed.offset_at(at(2026, 1, 4, 8, 0) - 1), -4 * kHour);
  EXPECT_EQ(pushed.offset_at(at(2026, 1, 4, 8, 0)), -5 * kHour);
  EXPECT_EQ(pushed.offset_at(at(2026, 1, 7, 4, 0) - 1), -5 * kHour);
  EXPECT_EQ(pushed.offset_at(at(2026, 1, 7, 4, 0)), -4 * kHour);
}

TEST(TimeZone, JulianAndZeroBasedDays) {
  // Jn never counts Feb 29: J60 is Mar 1 in every year (Jan 31 + Feb 28 = 59).
  TimeZone j = zone("EST5EDT,J60,J300");
  EXPECT_EQ(j.offset_at(at(2024, 3, 1, 7, 0) - 1), -5 * kHour);
  EXPECT_EQ(j.offset_at(at(2024, 3, 1, 7, 0)), -4 * kHour);
  EXPECT_EQ(j.offset_at(at(2026, 3, 1, 7, 0)), -4 * kHour);
  // n is zero-based and counts Feb 29: day 59 is Jan 1 + 59 = Mar 1 in 2026, Feb 29 in 2024.
  TimeZone n = zone("EST5EDT,59,300");
  EXPECT_EQ(n.offset_at(at(2026, 3, 1, 7, 0) - 1), -5 * kHour);
  EXPECT_EQ(n.offset_at(at(2026, 3, 1, 7, 0)), -4 * kHour);
  EXPECT_EQ(n.offset_at(at(2024, 2, 29, 7, 0) - 1), -5 * kHour);
  EXPECT_EQ(n.offset_at(at(2024, 2, 29, 7, 0)), -4 * kHour);
}

TEST(TimeZone, DaylightAllYear) {
  // RFC 8536's idiom: DST from Jan 1 00:00 to Dec 31 25:00 (= next Jan 1 00:00
  // standard time), so one year's end coincides with the next year's start.
  TimeZone always = zone("EST5EDT,J1/0,J365/25");
  for (int64_t t : {at(2026, 1, 1, 5, 0) - 1, at(2026, 1, 1, 5, 0), at(2026, 7, 1, 0, 0),
                    at(2027, 1, 1, 5, 0) - 1, at(2027, 1, 1, 5, 0)}) {
    EXPECT_EQ(always.offset_at(t), -4 * kHour) << t;
  }
}

TEST(TimeZone, RejectsMalformed) {
  for (const char* s : {
           "", "EST", "ES5", "E5", "5", "5EST", "EST+", "EST-", "EST25", "EST5:60", "EST5:30:60",
           "EST123", "EST5:", "EST5:3:", "EST 5", "EST5 ", " EST5", "EST5x", "EST5EDT",
           "EST5EDT4", "EST5EDT,M3.2.0", "EST5EDT,M3.2.0,", "EST5EDT,M3.2.0,M11.1.0x",
           "EST5EDT,M3.2.0,M11.1.0,", "EST5EDT,M3.2.0,M11.1.0,M1.1.0", "EST5EDT,,M11.1.0",
           "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M0.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0",
           "EST5EDT,M3.0.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,M3.2,M11.1.0",
           "EST5EDT,M3.2.0/,M11.1.0", "EST5EDT,M3.2.0/168,M11.1.0", "EST5EDT,M3.2.0/-168,M11.1.0",
           "EST5EDT,M3.2.0/2:60,M11.1.0", "EST5EDT,J0,J300", "EST5EDT,J366,J300", "EST5EDT,366,300",
           "EST5EDT,-1,300", "EST5EDT,M3.2.0;M11.1.0", "<+05", "<+0530>", "<ab>5", "<>5",
           "<+05 30>-5", "<+05>-5<+06", "E1T5", "EST5ED,M3.2.0,M11.1.0", "EST5EDT,M03.02.0,M11.1.0",
           "EST005", "EST5EDT,m3.2.0,M11.1.0", "EST5EDT,j60,J300"}) {
    EXPECT_FALSE(TimeZone::parse(s).has_value()) << s;
  }
}

// A quote writes offsets as RFC 3339 "+HH:MM", which ends at 23:59 and is all
// the core's own parser reads back: an offset of a whole day or more (POSIX
// allows up to 24:59:59), in standard or daylight time, is refused.
TEST(TimeZone, RejectsOffsetsOfADayOrMore) {
  for (const char* s : {"ABC24", "ABC-24", "ABC24:59:59", "ABC-24:00:01", "<+24>-24",
                        "ABC-23:30DEF,M3.2.0,M11.1.0", "ABC-23DEF-24,M3.2.0,M11.1.0", "ABC23:59:59DEF25,M3.2.0,M11.1.0"}) {
    EXPECT_FALSE(TimeZone::parse(s).has_value()) << s;
  }
  for (const char* s : {"ABC23:59:59", "ABC-23:59:59", "ABC-22:59DEF,M3.2.0,M11.1.0"}) {
    EXPECT_TRUE(TimeZone::parse(s).has_value()) << s;
  }
}

// TimeZone::Years memoises the changes of a span's years; its answers must be
// the zone's own, inside the span, around its edges and far outside it, for
// ordinary and extreme rules (changes pushed across New Year, DST all year,
// southern hemisphere). Every second hour over a year-crossing span, plus the
// exact change instants and their neighbours.
TEST(TimeZone, YearsMemoAnswersAsTheZone) {
  for (const char* rule : {"EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3", "AEST-10AEDT,M10.1.0,M4.1.0/3",
                           "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "EST5EDT,M3.2.0/167,M11.1.0", "EST5EDT,J1/-167,J300",
                           "EST5EDT,J365/167,J365/100", "EST5EDT,J1/0,J365/25", "<+0530>-5:30", "JST-9",
                           "XXX3YYY,0/0,365/25"}) {
    const TimeZone tz = zone(rule);
    for (const int64_t now : {at(2026, 12, 20, 15, 0), at(2026, 3, 7, 23, 30), at(2028, 2, 28, 1, 0),
                              at(1970, 1, 2, 0, 0), at(9978, 12, 31, 23, 59, 59)}) {
      const TimeZone::Years years(tz, now - 2 * 86400, now + 16 * 86400);
      for (int64_t t = now - 400 * 86400; t <= now + 400 * 86400; t += 7200 + 13) {
        ASSERT_EQ(years.offset_at(t), tz.offset_at(t)) << rule << " at " << t;
        ASSERT_EQ(years.local_to_utc(t), tz.local_to_utc(t)) << rule << " local " << t;
      }
      // Around every change within the span: the instants where answers flip.
      for (int64_t t = now - 3 * 86400; t <= now + 17 * 86400; t += 1800) {
        if (tz.offset_at(t) == tz.offset_at(t + 1800)) continue;
        for (int64_t u = t; u <= t + 1800; ++u) {
          ASSERT_EQ(years.offset_at(u), tz.offset_at(u)) << rule << " at " << u;
          ASSERT_EQ(years.local_to_utc(u), tz.local_to_utc(u)) << rule << " local " << u;
        }
      }
    }
  }
}

}  // namespace
}  // namespace checkout
