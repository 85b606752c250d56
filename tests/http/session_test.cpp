// The connection state machine without sockets: bytes in, requests out,
// answers in, bytes out; time is a number the test chooses. Expected bytes
// are written out by hand.
#include "session.h"

#include <gtest/gtest.h>

#include <string>

#include "output_budget.h"
#include "timers.h"

namespace http {
namespace {

SessionLimits small_limits() {
  SessionLimits l;
  l.header_timeout_ms = 1000;
  l.body_timeout_ms = 2000;
  l.idle_timeout_ms = 5000;
  l.max_stream_backlog = 64;
  l.linger_ms = 300;
  return l;
}

Response text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

// Everything the session wants sent, as if the socket took it all.
std::string drain_output(Session& s, int64_t now) {
  std::string out(s.output());
  s.sent(out.size(), now);
  return out;
}

const char* kGet = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";

TEST(Session, RequestInAnswerOutKeepAlive) {
  Session s(small_limits(), 0);
  s.receive("GET /a HT", 10);
  EXPECT_FALSE(s.take_request());
  EXPECT_EQ(s.deadline(), 10 + 1000);  // header clock from the first byte
  s.receive("TP/1.1\r\nHost: x\r\n\r\n", 20);
  std::optional<Request> r = s.take_request();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->path, "/a");
  EXPECT_EQ(s.phase(), Session::Phase::awaiting_handler);
  EXPECT_FALSE(s.wants_input());  // pipelined input stays in the kernel meanwhile
  EXPECT_EQ(s.deadline(), kNoDeadline);
  s.respond(text(200, "hi"), 30);
  EXPECT_EQ(drain_output(s, 40),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            "Connection: keep-alive\r\nX-Content-Type-Options: nosniff\r\n\r\nhi");
  EXPECT_EQ(s.phase(), Session::Phase::reading_request);
  EXPECT_EQ(s.deadline(), 40 + 5000);  // idle
}

TEST(Session, PipelinedRequestsComeOutOneAtATime) {
  Session s(small_limits(), 0);
  s.receive(std::string(kGet) + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n", 1);
  ASSERT_EQ(s.take_request()->path, "/a");
  EXPECT_FALSE(s.take_request());  // the second waits for the first answer
  s.respond(text(200, "1"), 2);
  drain_output(s, 3);
  ASSERT_EQ(s.take_request()->path, "/b");
}

TEST(Session, PartialSendKeepsTheRestAndRefreshesTheStallTimer) {
  Session s(small_limits(), 0);
  s.receive(kGet, 0);
  s.take_request();
  s.respond(text(200, std::string(1000, 'x')), 100);
  EXPECT_EQ(s.deadline(), 100 + 5000);
  const size_t total = s.pending_output();
  s.sent(10, 200);
  EXPECT_EQ(s.pending_output(), total - 10);
  EXPECT_EQ(s.deadline(), 200 + 5000);  // progress: a slow link is not a stalled one
  s.expire(5200);                       // no progress since: dropped without a word
  EXPECT_TRUE(s.closed());
  EXPECT_EQ(s.pending_output(), 0u);
}

TEST(Session, Http10AnswerEndsInALingeringClose) {
  Session s(small_limits(), 0);
  s.receive("GET / HTTP/1.0\r\n\r\n", 0);
  s.take_request();
  s.respond(text(200, ""), 0);
  EXPECT_NE(drain_output(s, 50).find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(s.write_side_closed());
  EXPECT_TRUE(s.wants_input());  // input is read and discarded, so the kernel sends no RST
  s.receive("more bytes the client still sends", 60);
  EXPECT_FALSE(s.take_request());
  EXPECT_EQ(s.deadline(), 50 + 300);
  s.expire(350);
  EXPECT_TRUE(s.closed());
}

TEST(Session, MalformedRequestIs400ThenClose) {
  Session s(small_limits(), 0);
  s.receive("NOT HTTP\r\n\r\n", 0);
  EXPECT_FALSE(s.take_request());
  const std::string out = drain_output(s, 1);
  EXPECT_EQ(out.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
  EXPECT_NE(out.find("\"code\":\"malformed_request\""), std::string::npos);
  EXPECT_TRUE(s.write_side_closed());
}

TEST(Session, SlowHeadIs408AtTheHeaderDeadline) {
  Session s(small_limits(), 0);
  s.receive("GET / HTTP/1.1\r\n", 100);
  s.expire(1100);
  EXPECT_EQ(drain_output(s, 1100).rfind("HTTP/1.1 408 Request Timeout\r\n", 0), 0u);
}

TEST(Session, HeaderClockRunsFromTheFirstByte) {
  Session s(small_limits(), 0);
  s.receive("G", 100);
  for (int64_t t = 300; t < 1100; t += 200) {
    s.receive("E", t);  // a slowloris trickle does not buy more time
    EXPECT_EQ(s.deadline(), 100 + 1000);
  }
}

TEST(Session, IdleConnectionExpiresSilently) {
  Session s(small_limits(), 0);
  EXPECT_EQ(s.deadline(), 5000);
  s.expire(5000);
  EXPECT_TRUE(s.closed());
  EXPECT_EQ(s.pending_output(), 0u);
}

TEST(Session, ExpectContinueOnlyWhenTheClientWaits) {
  Session s(small_limits(), 0);
  s.receive("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n", 0);
  EXPECT_EQ(drain_output(s, 0), "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_EQ(s.deadline(), 2000);  // body clock
  s.receive("{}", 10);
  EXPECT_EQ(s.take_request()->body, "{}");

  Session eager(small_limits(), 0);
  eager.receive("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n{}", 0);
  EXPECT_EQ(eager.pending_output(), 0u);
  EXPECT_TRUE(eager.take_request());
}

TEST(Session, RefusalFreesThePartialBody) {
  Session s(small_limits(), 0);
  s.receive("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + std::string(5000, 'x'), 0);
  EXPECT_GE(s.buffered_request_bytes(), 5000u);
  s.refuse(503, "overloaded", "busy", 1);
  EXPECT_EQ(s.buffered_request_bytes(), 0u);
  EXPECT_EQ(drain_output(s, 2).rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u);
  EXPECT_TRUE(s.write_side_closed());
}

Response stream() {
  Response r;
  r.content_type = "text/event-stream";
  r.event_stream = true;
  r.body = ": hi\n\n";
  return r;
}

TEST(Session, EventStreamTakesEventsUntilTheBacklogBound) {
  Session s(small_limits(), 0);
  s.receive(kGet, 0);
  s.take_request();
  s.respond(stream(), 0);
  EXPECT_EQ(s.phase(), Session::Phase::streaming_events);
  drain_output(s, 0);
  EXPECT_EQ(s.deadline(), kNoDeadline);  // a quiet stream never times out
  EXPECT_TRUE(s.push_event("data: 1\n\n", 10));
  EXPECT_EQ(s.deadline(), 10 + 5000);  // waiting output: the stall timer runs
  EXPECT_EQ(drain_output(s, 20), "data: 1\n\n");
  EXPECT_EQ(s.deadline(), kNoDeadline);
  // The reader stops: 64 bytes of backlog at most.
  EXPECT_TRUE(s.push_event(std::string(60, 'a'), 30));
  EXPECT_FALSE(s.push_event(std::string(10, 'b'), 31));
  EXPECT_TRUE(s.closed());
}

TEST(Session, DrainClosesIdleAndFinishesStartedWork) {
  Session idle(small_limits(), 0);
  idle.drain("retry: 2000\n\n", 0);
  EXPECT_TRUE(idle.write_side_closed());

  // A request half received when the drain starts is still read and answered, then closed.
  Session reading(small_limits(), 0);
  reading.receive("GET /a HTTP/1.1\r\n", 0);
  reading.drain("retry: 2000\n\n", 1);
  EXPECT_FALSE(reading.write_side_closed());
  reading.receive("Host: x\r\n\r\n", 2);
  ASSERT_TRUE(reading.take_request());
  reading.respond(text(201, "{}"), 3);
  EXPECT_NE(drain_output(reading, 4).find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(reading.write_side_closed());

  // A request with a worker: its answer is delivered, then the connection closes.
  Session waiting(small_limits(), 0);
  waiting.receive(kGet, 0);
  waiting.take_request();
  waiting.drain("retry: 2000\n\n", 1);
  waiting.respond(text(200, "ok"), 2);
  EXPECT_NE(drain_output(waiting, 3).find("\r\n\r\nok"), std::string::npos);
  EXPECT_TRUE(waiting.write_side_closed());
}

TEST(Session, DrainEndsAStreamWithARetryHint) {
  Session s(small_limits(), 0);
  s.receive(kGet, 0);
  s.take_request();
  s.respond(stream(), 0);
  drain_output(s, 0);
  s.push_event("data: 1\n\n", 1);
  s.drain("retry: 2000\n\n", 2);
  EXPECT_TRUE(s.push_event("data: 2\n\n", 3));  // accepted and ignored: the stream is ending
  EXPECT_EQ(drain_output(s, 4), "data: 1\n\nretry: 2000\n\n");
  EXPECT_TRUE(s.write_side_closed());
}

TEST(OutputBudget, SlowestReaderIsTheOneWithoutProgressLongest) {
  OutputBudget b(100);
  b.update(7, 40, false, 10);
  b.update(8, 40, false, 20);
  b.update(9, 10, false, 30);
  EXPECT_FALSE(b.over());
  b.update(7, 30, true, 40);  // 7 reads: now the freshest
  b.update(9, 40, false, 50);
  EXPECT_EQ(b.total(), 110u);
  ASSERT_TRUE(b.over());
  EXPECT_EQ(*b.slowest(), 8u);
  b.forget(8);
  EXPECT_FALSE(b.over());
  EXPECT_EQ(*b.slowest(), 9u);
  b.update(9, 0, true, 60);  // all taken: no longer waiting
  EXPECT_EQ(*b.slowest(), 7u);
  EXPECT_EQ(b.total(), 30u);
}

TEST(OutputBudget, TiesGoToTheOlderConnection) {
  OutputBudget b(10);
  b.update(5, 8, false, 100);
  b.update(3, 8, false, 100);
  EXPECT_EQ(*b.slowest(), 3u);
}

TEST(Timers, PeriodicAndOneShot) {
  Timers t;
  t.every(Timers::Id::sweep, 250, 0);
  t.at(Timers::Id::drain_deadline, 600);
  EXPECT_EQ(t.wait_ms(0, 1000), 250);
  EXPECT_TRUE(t.due(249).empty());
  EXPECT_EQ(t.due(250), std::vector<Timers::Id>{Timers::Id::sweep});
  EXPECT_EQ(t.wait_ms(250, 1000), 250);
  EXPECT_EQ(t.due(700), (std::vector<Timers::Id>{Timers::Id::sweep, Timers::Id::drain_deadline}));
  EXPECT_FALSE(t.armed(Timers::Id::drain_deadline));
  EXPECT_TRUE(t.armed(Timers::Id::sweep));
  EXPECT_EQ(t.wait_ms(2000, 100), 0);  // overdue: do not sleep
}

}  // namespace
}  // namespace http
