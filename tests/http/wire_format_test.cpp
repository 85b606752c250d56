// Exact bytes the server writes: expected strings are written out by hand.
#include "wire_format.h"

#include <gtest/gtest.h>

namespace http {
namespace {

TEST(WireFormat, ResponseHeadAndBody) {
  Response r;
  r.status = 201;
  r.body = "{}";
  r.headers = {{"X-Request-Id", "7"},
               {"X-Evil", "a\r\nSet-Cookie: stolen=1"},  // injection attempt: dropped
               {"Content-Length", "999"},                 // framing is ours: dropped
               {"Bad Name", "x"}};                        // not a token: dropped
  EXPECT_EQ(serialize_response(r, false),
            "HTTP/1.1 201 Created\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 2\r\n"
            "Connection: keep-alive\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "X-Request-Id: 7\r\n"
            "\r\n"
            "{}");
}

TEST(WireFormat, NoContentHasNoLengthOrBody) {
  Response r;
  r.status = 204;
  r.body = "ignored";
  EXPECT_EQ(serialize_response(r, true),
            "HTTP/1.1 204 No Content\r\n"
            "Connection: close\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "\r\n");
}

TEST(WireFormat, EventStreamStart) {
  Response r;
  r.event_stream = true;
  r.body = ": open\n\n";
  r.headers = {{"Cache-Control", "max-age=60"}};  // would contradict no-cache: dropped
  EXPECT_EQ(serialize_event_stream_start(r),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/event-stream\r\n"
            "Cache-Control: no-cache\r\n"
            "Connection: close\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "\r\n"
            ": open\n\n");
}

TEST(WireFormat, SseEventSplitsDataLines) {
  EXPECT_EQ(format_sse_event("stock", "{\"sku\":\"A\"}"), "event: stock\ndata: {\"sku\":\"A\"}\n\n");
  // CRLF, CR and LF all end a line in SSE; each becomes its own data: field.
  EXPECT_EQ(format_sse_event("price", "a\nb\r\nc\rd"), "event: price\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  EXPECT_EQ(format_sse_event("x", ""), "event: x\ndata: \n\n");
  EXPECT_EQ(format_sse_event("x", "a\n"), "event: x\ndata: a\ndata: \n\n");  // keeps the trailing newline
  EXPECT_EQ(format_sse_event("", "d"), "data: d\n\n");
  // A newline in the name would start a forged field.
  EXPECT_EQ(format_sse_event("a\ndata: forged", "d"), "event: adata: forged\ndata: d\n\n");
}

TEST(WireFormat, ErrorShapeMatchesTheApplication) {
  const Response r = error_response(413, "too_large", "Request body exceeds 1048576 bytes.");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"error":{"code":"too_large","message":"Request body exceeds 1048576 bytes.","path":""}})");
}

TEST(WireFormat, JsonEscape) {
  EXPECT_EQ(json_escape("a\"b\\c\nd\x01"), "a\\\"b\\\\c\\nd\\u0001");
}

}  // namespace
}  // namespace http
