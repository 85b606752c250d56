#include "timezone.h"

#include "civil_time.h"

namespace checkout {

namespace {

// A cursor over the rule text; every reader consumes only on success.
struct Cursor {
  std::string_view s;
  size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// 1..max_digits decimal digits.
std::optional<int32_t> read_number(Cursor& c, int max_digits) {
  int32_t v = 0;
  int n = 0;
  while (is_digit(c.peek())) {
    if (++n > max_digits) return std::nullopt;
    v = v * 10 + (c.s[c.pos++] - '0');
  }
  if (n == 0) return std::nullopt;
  return v;
}

// Zone abbreviation: 3+ letters, or <...> holding 3+ letters, digits, '+', '-'.
bool read_name(Cursor& c) {
  size_t start = c.pos;
  if (c.eat('<')) {
    while (!c.done() && c.peek() != '>') {
      char ch = c.peek();
      if (!is_alpha(ch) && !is_digit(ch) && ch != '+' && ch != '-') return false;
      ++c.pos;
    }
    if (c.pos - start - 1 < 3 || !c.eat('>')) return false;
    return true;
  }
  while (is_alpha(c.peek())) ++c.pos;
  return c.pos - start >= 3;
}

// [+|-]h[h..][:mm[:ss]] as signed seconds; hours limited to max_hours.
std::optional<int32_t> read_hms(Cursor& c, int32_t max_hours, int max_hour_digits) {
  int32_t sign = 1;
  if (c.eat('-')) {
    sign = -1;
  } else {
    c.eat('+');
  }
  auto h = read_number(c, max_hour_digits);
  if (!h || *h > max_hours) return std::nullopt;
  int32_t total = *h * 3600;
  if (c.eat(':')) {
    auto m = read_number(c, 2);
    if (!m || *m > 59) return std::nullopt;
    total += *m * 60;
    if (c.eat(':')) {
      auto sec = read_number(c, 2);
      if (!sec || *sec > 59) return std::nullopt;
      total += *sec;
    }
  }
  return sign * total;
}

// POSIX offsets count hours west of UTC ("EST5"); we store east positive.
std::optional<int32_t> read_offset(Cursor& c) {
  auto west = read_hms(c, 24, 2);
  if (!west) return std::nullopt;
  return -*west;
}

// POSIX allows offsets up to 24:59:59, but an RFC 3339 offset the quote
// writes (format_local truncates to minutes) and the core's own parser reads
// back is at most 23:59: less than a day either way.
bool writable_offset(int32_t offset_s) { return offset_s > -86'400 && offset_s < 86'400; }

bool is_leap(int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<TimeZone> TimeZone::parse(std::string_view posix_rule) {
  TimeZone tz;
  tz.rule_ = std::string(posix_rule);
  Cursor c{posix_rule};
  if (!read_name(c)) return std::nullopt;
  auto std_off = read_offset(c);
  if (!std_off || !writable_offset(*std_off)) return std::nullopt;
  tz.std_offset_s_ = *std_off;
  if (c.done()) return tz;

  if (!read_name(c)) return std::nullopt;
  tz.has_dst_ = true;
  tz.dst_offset_s_ = tz.std_offset_s_ + 3600;
  if (c.peek() != ',') {
    auto dst_off = read_offset(c);
    if (!dst_off) return std::nullopt;
    tz.dst_offset_s_ = *dst_off;
  }
  if (!writable_offset(tz.dst_offset_s_)) return std::nullopt;
  // We carry no default rules (POSIX leaves them implementation-defined).
  auto read_rule = [&c](Transition& t) -> bool {
    if (!c.eat(',')) return false;
    if (c.eat('M')) {
      t.kind = 'M';
      auto m = read_number(c, 2);
      if (!m || *m < 1 || *m > 12 || !c.eat('.')) return false;
      auto w = read_number(c, 1);
      if (!w || *w < 1 || *w > 5 || !c.eat('.')) return false;
      auto d = read_number(c, 1);
      if (!d || *d > 6) return false;
      t.month = *m;
      t.week = *w;
      t.weekday = *d;
    } else if (c.eat('J')) {
      t.kind = 'J';
      auto n = read_number(c, 3);
      if (!n || *n < 1 || *n > 365) return false;
      t.day = *n;
    } else {
      t.kind = 'N';
      auto n = read_number(c, 3);
      if (!n || *n > 365) return false;
      t.day = *n;
    }
    t.time_s = 7200;
    if (c.eat('/')) {
      // POSIX 2008 / RFC 8536: -167..167 hours.
      auto time = read_hms(c, 167, 3);
      if (!time) return false;
      t.time_s = *time;
    }
    return true;
  };
  if (!read_rule(tz.start_) || !read_rule(tz.end_)) return std::nullopt;
  if (!c.done()) return std::nullopt;
  return tz;
}

namespace {

// Day (since epoch) on which a POSIX date rule falls in `year`.
int64_t rule_day(char kind, int32_t month, int32_t week, int32_t weekday, int32_t day, int32_t year) {
  int64_t jan1 = days_from_civil(CivilDate{year, 1, 1});
  if (kind == 'J') {
    // Jn counts 1..365 and never Feb 29: from March on, skip the leap day.
    return jan1 + day - 1 + (is_leap(year) && day >= 60 ? 1 : 0);
  }
  if (kind == 'N') return jan1 + day;  // zero-based, counts Feb 29
  int64_t first = days_from_civil(CivilDate{year, month, 1});
  int64_t first_match = first + (weekday - weekday_from_days(static_cast<int32_t>(first)) + 7) % 7;
  int64_t d = first_match + (week - 1) * 7;
  // w = 5 means "the last such weekday", which may be the 4th.
  if (d >= first + days_in_month(year, month)) d -= 7;
  return d;
}

}  // namespace

int64_t TimeZone::dst_start_utc(int32_t year) const {
  const Transition& t = start_;
  int64_t day = rule_day(t.kind, t.month, t.week, t.weekday, t.day, year);
  return day * 86400 + t.time_s - std_offset_s_;
}

int64_t TimeZone::dst_end_utc(int32_t year) const {
  const Transition& t = end_;
  int64_t day = rule_day(t.kind, t.month, t.week, t.weekday, t.day, year);
  return day * 86400 + t.time_s - dst_offset_s_;
}

namespace {

// Beyond about +/-2.9 million years the calendar stops being meaningful and
// the day count would leave int32; such instants get standard time.
constexpr int64_t kMaxAbsSeconds = (int64_t{1} << 30) * 86400;

struct LastChange {
  int64_t at;
  bool to_dst;
};

}  // namespace

int32_t TimeZone::offset_at(int64_t unix_seconds) const {
  return offset_with(unix_seconds, [this](int32_t year) { return changes_in(year); });
}

int64_t TimeZone::local_to_utc(int64_t local_seconds) const {
  return local_to_utc_with(local_seconds, [this](int32_t year) { return changes_in(year); });
}

namespace {

int32_t year_of(int64_t local_seconds) {
  return civil_from_days(static_cast<int32_t>(floor_div(local_seconds, 86400))).year;
}

}  // namespace

template <class ChangesOf>
int32_t TimeZone::offset_with(int64_t unix_seconds, const ChangesOf& changes_of) const {
  if (!has_dst_ || unix_seconds > kMaxAbsSeconds || unix_seconds < -kMaxAbsSeconds) return std_offset_s_;
  // Look at every change of the neighbouring years and take the latest one at
  // or before the instant. Two years back and one ahead cover /time values of
  // up to +/-167 h, which can push a change across New Year, and southern
  // rules whose DST period spans New Year.
  int32_t year = year_of(unix_seconds + std_offset_s_);
  bool found = false;
  LastChange last{0, false};
  for (int32_t y = year - 2; y <= year + 1; ++y) {
    const YearChanges of_year = changes_of(y);
    const LastChange changes[2] = {{of_year.start, true}, {of_year.end, false}};
    for (const LastChange& ch : changes) {
      if (ch.at > unix_seconds) continue;
      // On a tie the start of DST wins: "J1/0,J365/25" (RFC 8536's way of
      // saying "DST all year") ends one year exactly when it starts the next.
      if (!found || ch.at > last.at || (ch.at == last.at && ch.to_dst)) {
        last = ch;
        found = true;
      }
    }
  }
  return found && last.to_dst ? dst_offset_s_ : std_offset_s_;
}

template <class ChangesOf>
int64_t TimeZone::local_to_utc_with(int64_t local_seconds, const ChangesOf& changes_of) const {
  auto offset_at = [&](int64_t t) { return offset_with(t, changes_of); };
  if (!has_dst_) return local_seconds - std_offset_s_;
  // A wall time maps back through whichever offset is in force at the
  // resulting instant. Both fit: overlap, take the earlier. One fits: done.
  int64_t via_std = local_seconds - std_offset_s_;
  int64_t via_dst = local_seconds - dst_offset_s_;
  bool std_fits = offset_at(via_std) == std_offset_s_;
  bool dst_fits = offset_at(via_dst) == dst_offset_s_;
  if (std_fits && dst_fits) return via_std < via_dst ? via_std : via_dst;
  if (std_fits) return via_std;
  if (dst_fits) return via_dst;
  // Neither: a gap. The clock jumped over this wall time at one instant T, and
  // the two candidates straddle it (via_low < T <= via_high). Step back from
  // the later candidate to the first instant carrying its offset, which is T.
  int64_t lo = via_std < via_dst ? via_std : via_dst;
  int64_t hi = via_std < via_dst ? via_dst : via_std;
  int32_t after = offset_at(hi);
  // Binary search for the first instant in (lo, hi] whose offset is `after`.
  while (hi - lo > 1) {
    int64_t mid = lo + (hi - lo) / 2;
    if (offset_at(mid) == after) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

TimeZone::Years::Years(const TimeZone& zone, int64_t from_utc, int64_t to_utc) : zone_(&zone) {
  if (!zone.has_dst_ || from_utc > to_utc || from_utc < -kMaxAbsSeconds || to_utc > kMaxAbsSeconds) return;
  // offset_with looks two years back and one ahead of an instant's year.
  const int32_t first = year_of(from_utc + zone.std_offset_s_) - 2;
  const int32_t last = year_of(to_utc + zone.std_offset_s_) + 1;
  if (last - first + 1 > kMaxYears) return;  // a long span: no memo, same answers
  first_year_ = first;
  years_ = last - first + 1;
  for (int32_t i = 0; i < years_; ++i) memo_[static_cast<size_t>(i)] = zone.changes_in(first + i);
}

TimeZone::YearChanges TimeZone::Years::changes_in(int32_t year) const {
  const int32_t i = year - first_year_;
  if (i >= 0 && i < years_) return memo_[static_cast<size_t>(i)];
  return zone_->changes_in(year);
}

int32_t TimeZone::Years::offset_at(int64_t unix_seconds) const {
  return zone_->offset_with(unix_seconds, [this](int32_t year) { return changes_in(year); });
}

int64_t TimeZone::Years::local_to_utc(int64_t local_seconds) const {
  return zone_->local_to_utc_with(local_seconds, [this](int32_t year) { return changes_in(year); });
}

}  // namespace checkout
