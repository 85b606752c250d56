#include "time_text.h"

#include <chrono>
#include <cstdio>

#include "checkout/civil_time.h"

namespace server {

std::string format_http_date(int64_t t) {
  static const char* kDays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};  // checkout::weekday_from_days
  static const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  const int64_t rem = t - days * 86400;
  const checkout::CivilDate date = checkout::civil_from_days(static_cast<int32_t>(days));
  char buf[80];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02lld:%02lld:%02lld GMT",
                kDays[checkout::weekday_from_days(static_cast<int32_t>(days))], date.day, kMonths[date.month - 1],
                date.year, static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return buf;
}

int64_t wall_clock_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

int64_t steady_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace server
