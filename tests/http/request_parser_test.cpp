// The parser on its own: requests split across every byte boundary, chunked
// bodies with extensions and trailers, and every limit at and just past its edge.
#include "request_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace http {
namespace {

struct Outcome {
  RequestParser::Result result = RequestParser::Result::need_more;
  int headers_complete_seen = 0;
  size_t consumed = 0;   // bytes the parser took in total
  std::string leftover;  // bytes offered but not consumed (pipelined data)
};

// Feeds `pieces` in order the way the server does: unconsumed bytes stay in a
// buffer that the next piece is appended to; headers_complete is acknowledged
// by feeding again.
Outcome feed_pieces(RequestParser& parser, const std::vector<std::string>& pieces) {
  Outcome out;
  for (const std::string& piece : pieces) {
    out.leftover += piece;
    for (;;) {
      size_t consumed = 0;
      out.result = parser.feed(out.leftover, consumed);
      out.leftover.erase(0, consumed);
      out.consumed += consumed;
      if (out.result != RequestParser::Result::headers_complete) break;
      ++out.headers_complete_seen;
    }
    if (out.result == RequestParser::Result::complete || out.result == RequestParser::Result::error) break;
  }
  return out;
}

Outcome feed_all(RequestParser& parser, const std::string& input) { return feed_pieces(parser, {input}); }

std::vector<std::string> split_at(const std::string& s, size_t pos) { return {s.substr(0, pos), s.substr(pos)}; }

std::vector<std::string> bytewise(const std::string& s) {
  std::vector<std::string> out;
  for (char c : s) out.emplace_back(1, c);
  return out;
}

ParserLimits small_limits() {
  ParserLimits limits;
  limits.max_header_bytes = 64;
  limits.max_body_bytes = 10;
  limits.max_header_count = 5;
  limits.max_chunk_line_bytes = 16;
  return limits;
}

const std::string kGet =
    "GET /a%20b/c?x=1&y=hello+world&z=%41%42 HTTP/1.1\r\n"
    "Host: shop.example\r\n"
    "X-Thing: \t spaced value \t\r\n"
    "\r\n";

void expect_get(RequestParser& parser) {
  const Request r = parser.take_request();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/a%20b/c?x=1&y=hello+world&z=%41%42");
  EXPECT_EQ(r.path, "/a b/c");
  EXPECT_EQ(r.query, "x=1&y=hello+world&z=%41%42");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].first, "host");
  ASSERT_NE(r.header("x-thing"), nullptr);
  EXPECT_EQ(*r.header("x-thing"), "spaced value");  // OWS trimmed, inner space kept
  EXPECT_EQ(r.query_param("y"), "hello world");
  EXPECT_EQ(r.query_param("z"), "AB");  // %41 %42
  EXPECT_EQ(r.query_param("missing"), "");
  EXPECT_TRUE(r.body.empty());
}

TEST(RequestParser, GetInOnePiece) {
  RequestParser parser;
  const Outcome out = feed_all(parser, kGet);
  ASSERT_EQ(out.result, RequestParser::Result::complete);
  EXPECT_EQ(out.consumed, kGet.size());
  EXPECT_EQ(out.headers_complete_seen, 0);  // no body follows
  EXPECT_TRUE(parser.keep_alive());
  expect_get(parser);
}

TEST(RequestParser, GetSplitAtEveryBoundary) {
  for (size_t pos = 1; pos < kGet.size(); ++pos) {
    SCOPED_TRACE("split at " + std::to_string(pos));
    RequestParser parser;
    const Outcome out = feed_pieces(parser, split_at(kGet, pos));
    ASSERT_EQ(out.result, RequestParser::Result::complete);
    expect_get(parser);
  }
  RequestParser parser;
  ASSERT_EQ(feed_pieces(parser, bytewise(kGet)).result, RequestParser::Result::complete);
  expect_get(parser);
}

const std::string kChunkedPost =
    "POST /cart HTTP/1.1\r\n"
    "Host: h\r\n"
    "Transfer-Encoding: Chunked\r\n"
    "\r\n"
    "5;name=value\r\n"
    "hello\r\n"
    "6 ; ext ; other=\"q\"\r\n"
    " world\r\n"
    "0\r\n"
    "X-Checksum: 42\r\n"
    "\r\n";

TEST(RequestParser, ChunkedWithExtensionsAndTrailersAtEveryBoundary) {
  for (size_t pos = 1; pos < kChunkedPost.size(); ++pos) {
    SCOPED_TRACE("split at " + std::to_string(pos));
    RequestParser parser;
    const Outcome out = feed_pieces(parser, split_at(kChunkedPost, pos));
    ASSERT_EQ(out.result, RequestParser::Result::complete);
    EXPECT_EQ(out.headers_complete_seen, 1);
    EXPECT_EQ(out.consumed, kChunkedPost.size());
    const Request r = parser.take_request();
    EXPECT_EQ(r.body, "hello world");  // 5 + 6 bytes
    EXPECT_EQ(r.header("x-checksum"), nullptr);  // trailers are dropped
  }
  RequestParser parser;
  ASSERT_EQ(feed_pieces(parser, bytewise(kChunkedPost)).result, RequestParser::Result::complete);
  EXPECT_EQ(parser.take_request().body, "hello world");
}

TEST(RequestParser, StopsAtRequestEndLeavingPipelinedBytes) {
  const std::string first = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world";
  const std::string second = "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
  RequestParser parser;
  Outcome out = feed_all(parser, first + second);
  ASSERT_EQ(out.result, RequestParser::Result::complete);
  EXPECT_EQ(out.consumed, first.size());
  EXPECT_EQ(out.leftover, second);
  EXPECT_EQ(parser.take_request().body, "hello world");

  // Complete is sticky until reset: nothing more is consumed.
  size_t consumed = 99;
  EXPECT_EQ(parser.feed(out.leftover, consumed), RequestParser::Result::complete);
  EXPECT_EQ(consumed, 0u);

  parser.reset();
  out = feed_all(parser, out.leftover);
  ASSERT_EQ(out.result, RequestParser::Result::complete);
  EXPECT_EQ(parser.take_request().path, "/b");
  EXPECT_TRUE(out.leftover.empty());
}

TEST(RequestParser, LeadingEmptyLinesAreNotARequestYet) {
  RequestParser parser;
  Outcome out = feed_all(parser, "\r\n\r\n");
  EXPECT_EQ(out.result, RequestParser::Result::need_more);
  EXPECT_FALSE(parser.started());
  out = feed_all(parser, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(out.result, RequestParser::Result::complete);
}

TEST(RequestParser, ConnectionSemantics) {
  struct Case { const char* request; bool keep_alive; };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\nHost: h\r\n\r\n", true},
      {"GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n", false},
      {"GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, close\r\n\r\n", false},
      {"GET / HTTP/1.0\r\n\r\n", false},  // 1.0 closes by default, Host optional
      {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request);
    RequestParser parser;
    ASSERT_EQ(feed_all(parser, c.request).result, RequestParser::Result::complete);
    EXPECT_EQ(parser.keep_alive(), c.keep_alive);
  }
}

TEST(RequestParser, ExpectContinueIsAnnouncedBeforeTheBody) {
  RequestParser parser;
  size_t consumed = 0;
  const std::string head = "PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n";
  EXPECT_EQ(parser.feed(head, consumed), RequestParser::Result::headers_complete);
  EXPECT_EQ(consumed, head.size());
  EXPECT_TRUE(parser.expects_continue());
  EXPECT_TRUE(parser.reading_body());
  EXPECT_EQ(parser.feed("abc", consumed), RequestParser::Result::complete);
  EXPECT_EQ(parser.take_request().body, "abc");

  RequestParser old_client;  // HTTP/1.0 clients never wait for 100 Continue
  feed_all(old_client, "PUT /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  EXPECT_FALSE(old_client.expects_continue());
}

TEST(RequestParser, AbsoluteFormTargetKeepsOnlyThePath) {
  RequestParser parser;
  ASSERT_EQ(feed_all(parser, "GET http://shop.example/x/y?q=1 HTTP/1.1\r\nHost: shop.example\r\n\r\n").result,
            RequestParser::Result::complete);
  const Request r = parser.take_request();
  EXPECT_EQ(r.path, "/x/y");
  EXPECT_EQ(r.query, "q=1");
}

// --- limits -----------------------------------------------------------------

// A head of exactly `total` bytes: "GET / HTTP/1.1\r\n" (16) + "Host: h\r\n" (9)
// + "X: <pad>\r\n" (5 + pad) + "\r\n" (2), so pad = total - 32.
std::string head_of_size(size_t total) {
  return "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(total - 32, 'a') + "\r\n\r\n";
}

TEST(RequestParser, HeaderLimitIsInclusive) {
  ASSERT_EQ(head_of_size(64).size(), 64u);
  RequestParser at_limit(small_limits());
  EXPECT_EQ(feed_all(at_limit, head_of_size(64)).result, RequestParser::Result::complete);

  RequestParser over(small_limits());
  EXPECT_EQ(feed_all(over, head_of_size(65)).result, RequestParser::Result::error);
  EXPECT_EQ(over.error().status, 431);
}

TEST(RequestParser, EndlessHeaderFailsAtTheLimitNotLater) {
  RequestParser parser(small_limits());
  const std::string endless = "GET / HTTP/1.1\r\nX: " + std::string(1000, 'a');
  const Outcome out = feed_pieces(parser, bytewise(endless));
  ASSERT_EQ(out.result, RequestParser::Result::error);
  EXPECT_EQ(parser.error().status, 431);
  EXPECT_EQ(out.consumed, 64u);  // stopped at max_header_bytes
  EXPECT_FALSE(parser.keep_alive());
}

TEST(RequestParser, TooManyHeaderFields) {
  ParserLimits limits = small_limits();
  limits.max_header_bytes = 1024;
  RequestParser parser(limits);
  // Host + 5 more = 6 fields > max_header_count 5.
  const std::string req = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n";
  EXPECT_EQ(feed_all(parser, req).result, RequestParser::Result::error);
  EXPECT_EQ(parser.error().status, 431);
}

TEST(RequestParser, ContentLengthOverLimitIsRefusedBeforeTheBody) {
  RequestParser at_limit(small_limits());
  EXPECT_EQ(feed_all(at_limit, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789").result,
            RequestParser::Result::complete);

  RequestParser over(small_limits());
  // No body bytes offered at all: the refusal must come from the header alone.
  EXPECT_EQ(feed_all(over, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n").result,
            RequestParser::Result::error);
  EXPECT_EQ(over.error().status, 413);
  EXPECT_EQ(over.error().message, "Request body exceeds 10 bytes.");

  ParserLimits roomy_head = small_limits();
  roomy_head.max_header_bytes = 1024;  // so only the body limit can trip
  RequestParser huge(roomy_head);  // would overflow 64 bits if parsed naively
  EXPECT_EQ(feed_all(huge, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n").result,
            RequestParser::Result::error);
  EXPECT_EQ(huge.error().status, 413);
}

TEST(RequestParser, ChunkedBodyIsCutAtTheLimit) {
  const std::string head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  RequestParser exact(small_limits());
  EXPECT_EQ(feed_all(exact, head + "a\r\n0123456789\r\n0\r\n\r\n").result, RequestParser::Result::complete);
  EXPECT_EQ(exact.take_request().body.size(), 10u);

  // 0xa = 10 bytes fit; the next 1-byte chunk makes 11 > 10.
  RequestParser over(small_limits());
  EXPECT_EQ(feed_all(over, head + "a\r\n0123456789\r\n1\r\nX\r\n0\r\n\r\n").result, RequestParser::Result::error);
  EXPECT_EQ(over.error().status, 413);

  // An endless stream of 1-byte chunks fails after 10 of them, not at the end.
  RequestParser endless(small_limits());
  std::vector<std::string> pieces{head};
  for (int i = 0; i < 1000; ++i) pieces.push_back("1\r\nX\r\n");
  const Outcome out = feed_pieces(endless, pieces);
  EXPECT_EQ(out.result, RequestParser::Result::error);
  EXPECT_EQ(endless.error().status, 413);
  // 10 chunks of 6 bytes are accepted; the 11th fails on its 3-byte size line.
  EXPECT_EQ(out.consumed, head.size() + 10 * 6 + 3);

  ParserLimits long_lines = small_limits();
  long_lines.max_chunk_line_bytes = 1024;  // so only the body limit can trip
  RequestParser giant_size(long_lines);     // 128 bits of size: must not wrap around
  EXPECT_EQ(feed_all(giant_size, head + "ffffffffffffffffffffffffffffffff\r\n").result, RequestParser::Result::error);
  EXPECT_EQ(giant_size.error().status, 413);
}

TEST(RequestParser, ChunkSizeLineAndTrailersAreBounded) {
  const std::string head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  RequestParser long_line(small_limits());  // max_chunk_line_bytes = 16
  std::vector<std::string> pieces = bytewise("1;" + std::string(10000, 'x'));
  pieces.insert(pieces.begin(), head);
  const Outcome out = feed_pieces(long_line, pieces);
  EXPECT_EQ(out.result, RequestParser::Result::error);
  EXPECT_EQ(long_line.error().status, 400);
  EXPECT_EQ(out.consumed, head.size() + 17);  // refused on the 17th byte of the line

  RequestParser long_trailer(small_limits());  // trailers share max_header_bytes = 64
  EXPECT_EQ(feed_all(long_trailer, head + "0\r\nX: " + std::string(100, 'a') + "\r\n\r\n").result,
            RequestParser::Result::error);
  EXPECT_EQ(long_trailer.error().status, 431);
}

TEST(RequestParser, MalformedRequestsAre400) {
  const char* const cases[] = {
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12a\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",                        // no Host
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",  // two Hosts
      "GET / HTTP/1.1\r\nHost : h\r\n\r\n",            // space before colon
      "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",  // obs-fold
      "GET / HTTP/1.1\r\nHost: h\r\nX: a\nY: b\r\n\r\n",  // bare LF inside the head
      "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",
      "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
      "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",
      "GET foo HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET /a%00b HTTP/1.1\r\nHost: h\r\n\r\n",
      "GET /a#frag HTTP/1.1\r\nHost: h\r\n\r\n",
      "G@T / HTTP/1.1\r\nHost: h\r\n\r\n",
      "\x16\x03\x01\x02\x00",  // a TLS ClientHello
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a trailer\r\n\r\n",
  };
  for (const char* request : cases) {
    SCOPED_TRACE(request);
    RequestParser parser;
    const Outcome out = feed_all(parser, request);
    EXPECT_EQ(out.result, RequestParser::Result::error);
    EXPECT_EQ(parser.error().status, 400);
    EXPECT_FALSE(parser.error().message.empty());
  }
}

TEST(RequestParser, BinaryJunkFailsOnTheFirstByte) {
  RequestParser parser;
  size_t consumed = 0;
  EXPECT_EQ(parser.feed(std::string("\x16\x03\x01", 3), consumed), RequestParser::Result::error);
  EXPECT_EQ(consumed, 1u);
}

TEST(RequestParser, ResetClearsEverything) {
  RequestParser parser;
  feed_all(parser, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
  EXPECT_FALSE(parser.keep_alive());
  parser.reset();
  EXPECT_FALSE(parser.started());
  ASSERT_EQ(feed_all(parser, "GET /two HTTP/1.1\r\nHost: h\r\n\r\n").result, RequestParser::Result::complete);
  EXPECT_TRUE(parser.keep_alive());
  EXPECT_EQ(parser.take_request().path, "/two");
}

TEST(QueryParam, DecodingEdges) {
  Request r;
  r.query = "flag&a=1&a=2&bad=%zz&sp=a+b%2Bc&=empty";
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("a"), "1");         // first wins
  EXPECT_EQ(r.query_param("bad"), "");        // malformed escape
  EXPECT_EQ(r.query_param("sp"), "a b+c");    // '+' is space, %2B is '+'
  EXPECT_EQ(r.query_param(""), "empty");
}

}  // namespace
}  // namespace http
