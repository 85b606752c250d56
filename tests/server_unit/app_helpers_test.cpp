// The server's small helpers: strict body parsing, RFC 3339 and
// HTTP dates, the coupon rate limiter, the quote diff, email keys.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "api_support.h"
#include "json_body.h"
#include "rate_limiter.h"
#include "time_text.h"

namespace server {
namespace {

TEST(JsonBodyTest, AcceptsPlainDocuments) {
  ParsedBody b = parse_body(R"({"a":[1,{"b":"x"}],"c":true,"d":null})");
  ASSERT_FALSE(b.error);
  EXPECT_EQ(b.value["a"][1]["b"].get<std::string>(), "x");
}

TEST(JsonBodyTest, RefusesDuplicateKeysWithTheirPath) {
  ParsedBody b = parse_body(R"({"cart":{"lines":[{"sku":"A","sku":"B"}]}})");
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->code, "duplicate_key");
  EXPECT_EQ(b.error->path, "/cart/lines/0/sku");
}

TEST(JsonBodyTest, RefusesNestingBeyondTheLimit) {
  // 32 arrays are allowed, the 33rd is not.
  EXPECT_FALSE(parse_body(std::string(32, '[') + std::string(32, ']')).error);
  ParsedBody b = parse_body(std::string(33, '[') + std::string(33, ']'));
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->code, "too_deep");
  // Far deeper input stops at the limit instead of recursing.
  b = parse_body(std::string(1'000'000, '['));
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->code, "too_deep");
}

TEST(JsonBodyTest, RefusesFloatsAndSyntaxErrors) {
  ParsedBody b = parse_body(R"({"q":[1, 2.5]})");
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->code, "wrong_type");
  EXPECT_EQ(b.error->path, "/q/1");
  b = parse_body(R"({"q":)");
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->code, "malformed_json");
  b = parse_body(R"({"a/b~c":1.0})");
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->path, "/a~1b~0c");
}

TEST(JsonBodyTest, IntegersBeyondInt64AreOverflowsWithTheirPath) {
  // The int64_t range itself is accepted: -2^63 and 2^63 - 1.
  ParsedBody b = parse_body(R"({"n":[-9223372036854775808, 9223372036854775807]})");
  ASSERT_FALSE(b.error);
  EXPECT_EQ(b.value["n"][0].get<int64_t>(), INT64_MIN);
  EXPECT_EQ(b.value["n"][1].get<int64_t>(), INT64_MAX);
  // So is 2^64 - 1 (the core's readers judge it, as in the browser); 2^64 and
  // -2^63 - 1, which need more than 64 bits, are overflows.
  b = parse_body(R"({"n":18446744073709551615})");
  ASSERT_FALSE(b.error);
  for (const char* n : {"18446744073709551616", "-9223372036854775809", "99999999999999999999999"}) {
    b = parse_body(std::string(R"({"a":{"n":)") + n + "}}");
    ASSERT_TRUE(b.error) << n;
    EXPECT_EQ(b.error->code, "overflow") << n;
    EXPECT_EQ(b.error->path, "/a/n") << n;
  }
  // A huge number written with an exponent is a float, not an overflow.
  b = parse_body(R"({"n":1e30})");
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->code, "wrong_type");
}

TEST(TimeTextTest, ParsesRfc3339WithOffsets) {
  // 2026-11-22T14:03:00Z: 20779 days after 1970-01-01 -> 20779*86400 + 14*3600 + 3*60.
  const int64_t expected = int64_t{20779} * 86400 + 14 * 3600 + 3 * 60;
  EXPECT_EQ(parse_rfc3339("2026-11-22T14:03:00Z"), expected);
  EXPECT_EQ(parse_rfc3339("2026-11-22T09:03:00-05:00"), expected);
  EXPECT_EQ(parse_rfc3339("2026-11-22T14:03:00.789Z"), expected);
  EXPECT_FALSE(parse_rfc3339("2026-11-22 14:03:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-02-29T00:00:00Z"));  // 2026 is not a leap year
  EXPECT_FALSE(parse_rfc3339("2026-11-22T14:03:00"));   // no offset
  EXPECT_EQ(format_rfc3339(expected), "2026-11-22T14:03:00Z");
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
}

TEST(TimeTextTest, HttpDate) {
  // 2026-11-22 is a Sunday (2026-11-26 is Thanksgiving, a Thursday).
  EXPECT_EQ(format_http_date(*parse_rfc3339("2026-11-22T14:03:09Z")), "Sun, 22 Nov 2026 14:03:09 GMT");
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
