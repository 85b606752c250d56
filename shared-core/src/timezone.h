// POSIX TZ rules ("EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3",
// "JST-9", "<+0530>-5:30") so store hours in local time are right across
// daylight-saving transitions, with no tz database and no OS clock.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace checkout {

class TimeZone {
 public:
  // nullopt when the rule is malformed, or an offset (std or dst) is a whole
  // day or more (RFC 3339 offsets end at 23:59). Supports std offset only, and std+dst
  // with Mm.w.d, Jn and n transition dates and optional /time (may be negative
  // or beyond 24h as POSIX 2008 allows).
  static std::optional<TimeZone> parse(std::string_view posix_rule);

  // Offset from UTC in seconds (east positive; EST is -18000) at an instant.
  int32_t offset_at(int64_t unix_seconds) const;
  // The instant at which local wall-clock time `local_seconds` (seconds since
  // 1970-01-01T00:00 local) occurs. In a spring-forward gap the wall time does
  // not exist: returns the instant the gap ends (the clock jumps to it). In a
  // fall-back overlap: returns the earlier of the two instants.
  int64_t local_to_utc(int64_t local_seconds) const;

  const std::string& rule() const { return rule_; }

  // The two conversions above with the DST changes of the years around one
  // span computed once: pickup converts a dozen times per store and quote,
  // and each plain call works out the changes of four years again. Same
  // answers as the TimeZone's for every instant (outside the span's years it
  // computes them as the TimeZone does). Holds a pointer to the zone.
  class Years;

 private:
  struct YearChanges {  // the instants DST starts and ends in one year
    int64_t start, end;
  };
  YearChanges changes_in(int32_t year) const { return YearChanges{dst_start_utc(year), dst_end_utc(year)}; }
  // The conversions, given the changes of a year (changes_in or a memo of it).
  template <class ChangesOf>
  int32_t offset_with(int64_t unix_seconds, const ChangesOf& changes_of) const;
  template <class ChangesOf>
  int64_t local_to_utc_with(int64_t local_seconds, const ChangesOf& changes_of) const;

  struct Transition {  // one POSIX date rule
    char kind = 'M';   // 'M' (Mm.w.d), 'J' (Jn, 1..365 no Feb 29), 'N' (n, 0..365)
    int32_t month = 0, week = 0, weekday = 0, day = 0;
    int32_t time_s = 7200;  // local time of the change, default 02:00
  };
  std::string rule_;
  int32_t std_offset_s_ = 0;  // east positive
  bool has_dst_ = false;
  int32_t dst_offset_s_ = 0;
  Transition start_, end_;
  // Unix time of the DST start / end in `year` (start is given in standard
  // local time, end in daylight local time, as POSIX says).
  int64_t dst_start_utc(int32_t year) const;
  int64_t dst_end_utc(int32_t year) const;
};

class TimeZone::Years {
 public:
  // Memoises the years offset_at and local_to_utc look at for instants from
  // `from_utc` to `to_utc` (a span of days, not of years).
  Years(const TimeZone& zone, int64_t from_utc, int64_t to_utc);
  int32_t offset_at(int64_t unix_seconds) const;
  int64_t local_to_utc(int64_t local_seconds) const;

 private:
  YearChanges changes_in(int32_t year) const;
  static constexpr int32_t kMaxYears = 6;
  const TimeZone* zone_;
  int32_t first_year_ = 0, years_ = 0;  // memo_[i] holds year first_year_ + i
  std::array<YearChanges, kMaxYears> memo_{};
};

}  // namespace checkout
