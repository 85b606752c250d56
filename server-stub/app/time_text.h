// The server's clocks and its one time format that is not a core rule: the
// HTTP Date header. Instants in JSON are the core's RFC 3339
// (checkout/civil_time.h: parse_rfc3339, format_utc).
#pragma once
#include <cstdint>
#include <string>

namespace server {

// "Sun, 22 Nov 2026 14:03:00 GMT" (RFC 9110 IMF-fixdate), for the Date header.
std::string format_http_date(int64_t unix_seconds);

int64_t wall_clock_seconds();
int64_t steady_clock_ms();

}  // namespace server
