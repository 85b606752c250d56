#include "civil_time.h"

namespace checkout {

namespace {

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Strict fixed-width decimal field: exactly s.size() ASCII digits.
std::optional<int32_t> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Years are limited to 1970..9999 so every accepted instant has a 4-digit year
// and the day count stays far inside int32.
std::optional<int32_t> parse_date_fields(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = digits(s.substr(0, 4));
  auto m = digits(s.substr(5, 2));
  auto d = digits(s.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  if (*y < 1970 || *y > 9999 || *m < 1 || *m > 12) return std::nullopt;
  if (*d < 1 || *d > days_in_month(*y, *m)) return std::nullopt;
  return days_from_civil(CivilDate{*y, *m, *d});
}

void append_padded(std::string& out, int64_t v, int width) {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += buf[--n];
}

void append_date(std::string& out, int32_t days) {
  CivilDate c = civil_from_days(days);
  append_padded(out, c.year, 4);
  out += '-';
  append_padded(out, c.month, 2);
  out += '-';
  append_padded(out, c.day, 2);
}

void append_date_time(std::string& out, int64_t seconds) {
  int64_t days = floor_div(seconds, 86400);
  int64_t sod = seconds - days * 86400;
  append_date(out, static_cast<int32_t>(days));
  out += 'T';
  append_padded(out, sod / 3600, 2);
  out += ':';
  append_padded(out, sod / 60 % 60, 2);
  out += ':';
  append_padded(out, sod % 60, 2);
}

}  // namespace

// Howard Hinnant's days_from_civil: shift the year to start on March 1 so the
// leap day is the last day of the shifted year, then count 400-year eras.
// Intermediates are int64 so any int32 year is safe; the result fits int32
// for years within about +/-5.8 million.
int32_t days_from_civil(CivilDate d) {
  int64_t y = static_cast<int64_t>(d.year) - (d.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                                             // [0, 399]
  int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;                    // March = 0
  int64_t doy = (153 * mp + 2) / 5 + d.day - 1;                            // [0, 365]
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                     // [0, 146096]
  return static_cast<int32_t>(era * 146097 + doe - 719468);
}

// The inverse, also Hinnant's.
CivilDate civil_from_days(int32_t days) {
  int64_t z = static_cast<int64_t>(days) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;                                          // [0, 146096]
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;     // [0, 399]
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                   // [0, 365]
  int64_t mp = (5 * doy + 2) / 153;                                        // [0, 11]
  int64_t day = doy - (153 * mp + 2) / 5 + 1;                              // [1, 31]
  int64_t month = mp < 10 ? mp + 3 : mp - 9;                               // [1, 12]
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int32_t>(year), static_cast<int32_t>(month), static_cast<int32_t>(day)};
}

// 1970-01-01 was a Thursday (4); floor modulo keeps days before 1970 right.
int32_t weekday_from_days(int32_t days) {
  int64_t w = (static_cast<int64_t>(days) + 4) % 7;
  return static_cast<int32_t>(w < 0 ? w + 7 : w);
}

int32_t days_in_month(int32_t year, int32_t month) {
  static constexpr int32_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

std::optional<int32_t> parse_date(std::string_view s) { return parse_date_fields(s); }

// Exactly "YYYY-MM-DDTHH:MM:SSZ" (20 chars) or "YYYY-MM-DDTHH:MM:SS+HH:MM" (25).
std::optional<int64_t> parse_rfc3339(std::string_view s) {
  if (s.size() != 20 && s.size() != 25) return std::nullopt;
  auto days = parse_date_fields(s.substr(0, 10));
  if (!days || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto hh = digits(s.substr(11, 2));
  auto mm = digits(s.substr(14, 2));
  auto ss = digits(s.substr(17, 2));
  // No leap second: the core's clock is POSIX time.
  if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;
  int64_t local = static_cast<int64_t>(*days) * 86400 + *hh * 3600 + *mm * 60 + *ss;
  if (s.size() == 20) {
    if (s[19] != 'Z') return std::nullopt;
    return local;
  }
  char sign = s[19];
  if ((sign != '+' && sign != '-') || s[22] != ':') return std::nullopt;
  auto oh = digits(s.substr(20, 2));
  auto om = digits(s.substr(23, 2));
  if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
  int64_t offset = *oh * 3600 + *om * 60;
  // local = utc + offset, so utc = local - offset ("-05:00" adds five hours).
  return sign == '+' ? local - offset : local + offset;
}

std::optional<int32_t> parse_hhmm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto hh = digits(s.substr(0, 2));
  auto mm = digits(s.substr(3, 2));
  if (!hh || !mm || *mm > 59) return std::nullopt;
  if (*hh == 24 && *mm == 0) return 1440;  // closing time at midnight
  if (*hh > 23) return std::nullopt;
  return *hh * 60 + *mm;
}

std::string format_utc(int64_t unix_seconds) {
  std::string out;
  append_date_time(out, unix_seconds);
  out += 'Z';
  return out;
}

// RFC 3339 offsets have no seconds field. A POSIX rule may carry offset
// seconds ("<X>-5:30:15"), so the offset is truncated to whole minutes and the
// wall time is shown in that truncated offset: the string still names exactly
// `unix_seconds`.
std::string format_local(int64_t unix_seconds, int32_t utc_offset_s) {
  int64_t offset = utc_offset_s / 60 * 60;
  std::string out;
  append_date_time(out, unix_seconds + offset);
  out += offset < 0 ? '-' : '+';
  int64_t mag = offset < 0 ? -offset : offset;
  append_padded(out, mag / 3600, 2);
  out += ':';
  append_padded(out, mag / 60 % 60, 2);
  return out;
}

std::string format_date(int32_t days) {
  std::string out;
  append_date(out, days);
  return out;
}

}  // namespace checkout
