// RFC 3339 instants <-> unix seconds, for context.now and order timestamps.
// (The core has its own civil-time code; the server keeps to its public API.)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace server {

// "2026-11-22T14:03:00Z" or with an offset ("...-05:00"); fractional seconds
// are accepted and dropped. nullopt when malformed.
std::optional<int64_t> parse_rfc3339(std::string_view text);
// "2026-11-22T14:03:00Z"
std::string format_rfc3339(int64_t unix_seconds);

// "Sun, 22 Nov 2026 14:03:00 GMT" (RFC 9110 IMF-fixdate), for the Date header.
std::string format_http_date(int64_t unix_seconds);

int64_t wall_clock_seconds();
int64_t steady_clock_ms();

}  // namespace server
