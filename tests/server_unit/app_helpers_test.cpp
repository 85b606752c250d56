// The server's small helpers: HTTP dates, the coupon rate limiter, the quote diff, email keys.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "api_support.h"
#include "checkout/civil_time.h"
#include "rate_limiter.h"
#include "time_text.h"

namespace server {
namespace {

TEST(TimeTextTest, HttpDate) {
  // 2026-11-22 is a Sunday (2026-11-26 is Thanksgiving, a Thursday).
  EXPECT_EQ(format_http_date(*checkout::parse_rfc3339("2026-11-22T14:03:09Z")), "Sun, 22 Nov 2026 14:03:09 GMT");
  EXPECT_EQ(format_http_date(*checkout::parse_rfc3339("2027-01-02T00:00:00Z")), "Sat, 02 Jan 2027 00:00:00 GMT");
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(CouponRateLimiterTest, TenFailuresPerWindowThenBlockedUntilTheOldestExpires) {
  CouponRateLimiter limiter(10, 60'000);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(limiter.blocked_for("1.2.3.4", 1'000 + i * 1'000)) << i;
    limiter.record("1.2.3.4", 1, 1'000 + i * 1'000);  // failures at 1 s, 2 s, ..., 10 s
  }
  // At 10.5 s: the first failure (1 s) leaves the window at 61 s -> 50.5 s to wait.
  EXPECT_EQ(limiter.blocked_for("1.2.3.4", 10'500), 50'500);
  EXPECT_FALSE(limiter.blocked_for("5.6.7.8", 10'500));  // other clients are not affected
  EXPECT_FALSE(limiter.blocked_for("1.2.3.4", 61'000));  // one slot free again
  limiter.record("1.2.3.4", 1, 61'000);
  EXPECT_EQ(limiter.blocked_for("1.2.3.4", 61'000), 1'000);  // now waiting for the 2 s failure
}

TEST(CouponRateLimiterTest, ForgetsQuietAddressesAndCapsTracking) {
  CouponRateLimiter limiter(10, 60'000, 3);
  limiter.record("a", 1, 0);
  limiter.record("b", 1, 0);
  limiter.record("c", 1, 0);
  limiter.record("d", 1, 1'000);  // full: a sweep finds nothing expired, so d is not tracked
  EXPECT_EQ(limiter.tracked_ips(), 3u);
  limiter.record("e", 1, 70'000);  // a, b, c expired: swept, e tracked
  EXPECT_EQ(limiter.tracked_ips(), 1u);
}

TEST(ApiSupportTest, EmailKeysAndRawMembers) {
  EXPECT_EQ(email_key("  Ada@Example.COM "), "ada@example.com");
  EXPECT_TRUE(plausible_email("ada@example.com"));
  EXPECT_FALSE(plausible_email("ada@example"));
  EXPECT_FALSE(plausible_email("@example.com"));
  EXPECT_FALSE(plausible_email("a@b@example.com"));
  const std::string quote = R"({"z":1,"a":2})";
  EXPECT_EQ(with_raw_members(Json{{"order_id", "o1"}}, {{"quote", &quote}}), R"({"order_id":"o1","quote":{"z":1,"a":2}})");
  EXPECT_EQ(with_raw_members(Json::object(), {{"quote", &quote}}), R"({"quote":{"z":1,"a":2}})");
  const std::string id = random_id("ord_");
  EXPECT_EQ(id.size(), 4u + 26u);
  EXPECT_NE(id, random_id("ord_"));
}

}  // namespace
}  // namespace server

namespace server {
namespace {

TEST(Utf8Test, AcceptsWellFormedAndRefusesEveryMalformedKind) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("10001"));
  EXPECT_TRUE(is_valid_utf8("M\xC3\xBCnchen"));          // ü: C3 BC
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));            // €: E2 82 AC
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x9B\x92"));        // 🛒: F0 9F 9B 92
  EXPECT_FALSE(is_valid_utf8("\x80"));                   // lone continuation byte
  EXPECT_FALSE(is_valid_utf8("\xC3"));                   // truncated 2-byte sequence
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));               // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));           // overlong 3-byte '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));           // U+D800, a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));       // U+110000, beyond Unicode
  EXPECT_FALSE(is_valid_utf8("abc\xFF"));                // never valid in UTF-8
}

TEST(Utf8Test, ResponsesNeverThrowOnInvalidText) {
  // What the fuzzer found: an engine error echoing an undecodable query value.
  const std::string body = dump_json(Json{{"message", std::string("No SKU \"\xFF(\".")}});
  EXPECT_EQ(body, "{\"message\":\"No SKU \\\"\xEF\xBF\xBD(\\\".\"}");  // U+FFFD is EF BF BD
}

}  // namespace
}  // namespace server
