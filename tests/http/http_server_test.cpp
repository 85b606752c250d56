// A real Server on 127.0.0.1 (port 0), in-process, attacked with raw sockets.
// Every wait is bounded; timing assertions are generous and only check
// functional properties (a timeout fires, a slow client does not block others).
#include "http_server.h"

#include "failing_allocator.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using http::Request;
using http::Response;

int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

template <class Predicate>
bool eventually(Predicate done, int timeout_ms = 3000) {
  const auto start = Clock::now();
  while (!done()) {
    if (ms_since(start) > timeout_ms) return false;
    sleep_ms(5);
  }
  return true;
}

// Owns a client socket.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Fd(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_;
};

sockaddr_in loopback(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A small SO_RCVBUF must be set before connect to shrink the TCP window.
Fd connect_to(uint16_t port, int receive_buffer = 0) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (receive_buffer > 0) setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  const sockaddr_in addr = loopback(port);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return Fd();
  const int one = 1;
  setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool send_all(const Fd& fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd.get(), data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

enum ReadResult { kData, kClosed, kReset, kTimeout };

ReadResult read_some(const Fd& fd, std::string& buffer, int timeout_ms) {
  pollfd p{fd.get(), POLLIN, 0};
  const int ready = ::poll(&p, 1, std::max(0, timeout_ms));
  if (ready == 0 || (ready < 0 && errno == EINTR)) return kTimeout;
  char tmp[65536];
  const ssize_t n = ::recv(fd.get(), tmp, sizeof tmp, 0);
  if (n > 0) {
    buffer.append(tmp, static_cast<size_t>(n));
    return kData;
  }
  if (n == 0) return kClosed;
  return errno == EAGAIN || errno == EINTR ? kTimeout : kReset;
}

int remaining_ms(Clock::time_point deadline) {
  return static_cast<int>(std::max<int64_t>(
      0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count()));
}

bool read_until(const Fd& fd, std::string& buffer, const std::string& needle, int timeout_ms = 3000) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (buffer.find(needle) == std::string::npos) {
    if (remaining_ms(deadline) == 0) return false;
    const ReadResult r = read_some(fd, buffer, remaining_ms(deadline));
    if (r == kClosed || r == kReset) return buffer.find(needle) != std::string::npos;
  }
  return true;
}

// True if the server closes the connection (EOF or reset) within the timeout.
// Whatever it sent before is appended to `seen`.
bool wait_closed(const Fd& fd, int timeout_ms, std::string* seen = nullptr) {
  std::string ignored;
  std::string& buffer = seen ? *seen : ignored;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (remaining_ms(deadline) > 0) {
    const ReadResult r = read_some(fd, buffer, remaining_ms(deadline));
    if (r == kClosed || r == kReset) return true;
    if (!seen) ignored.clear();
  }
  return false;
}

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool has(const std::string& name) const { return headers.count(name) != 0; }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Reads one response. `buffer` carries bytes already received (pipelining)
// and keeps what follows. Without Content-Length (100 Continue, SSE) only the
// head is consumed.
std::optional<HttpResponse> read_response(const Fd& fd, std::string& buffer, int timeout_ms = 3000) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (remaining_ms(deadline) == 0) return std::nullopt;
    const ReadResult r = read_some(fd, buffer, remaining_ms(deadline));
    if ((r == kClosed || r == kReset) && buffer.find("\r\n\r\n") == std::string::npos) return std::nullopt;
  }
  HttpResponse response;
  const std::string head = buffer.substr(0, head_end);
  buffer.erase(0, head_end + 4);
  if (head.compare(0, 9, "HTTP/1.1 ") != 0) return std::nullopt;
  response.status = std::stoi(head.substr(9, 3));
  size_t line_start = head.find("\r\n");
  while (line_start != std::string::npos) {
    line_start += 2;
    const size_t line_end = head.find("\r\n", line_start);
    const std::string line = head.substr(line_start, line_end - line_start);
    const size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    response.headers[name] = line.substr(std::min(line.size(), colon + 2));
    line_start = line_end;
  }
  if (response.has("content-length")) {
    const size_t length = std::stoul(response.header("content-length"));
    while (buffer.size() < length) {
      if (remaining_ms(deadline) == 0) return std::nullopt;
      const ReadResult r = read_some(fd, buffer, remaining_ms(deadline));
      if ((r == kClosed || r == kReset) && buffer.size() < length) return std::nullopt;
    }
    response.body = buffer.substr(0, length);
    buffer.erase(0, length);
  }
  return response;
}

std::string get(const std::string& path, const std::string& extra_headers = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n";
}

std::string post(const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

// One request on a fresh connection.
std::optional<HttpResponse> fetch(uint16_t port, const std::string& request, int timeout_ms = 3000) {
  Fd c = connect_to(port);
  std::string buffer;
  if (!c.valid() || !send_all(c, request)) return std::nullopt;
  return read_response(c, buffer, timeout_ms);
}

// Blocks worker threads until released; release() is idempotent.
class Latch {
 public:
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++entered_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  int entered() {
    std::lock_guard<std::mutex> lock(mutex_);
    return entered_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
  int entered_ = 0;
};

std::atomic<int> g_handler_calls{0};

Response echo_handler(const Request& r) {
  ++g_handler_calls;
  if (r.path == "/throw") throw std::runtime_error("secret connection string");
  if (r.path == "/events") {
    Response stream;
    stream.event_stream = true;
    stream.body = ": open\n\n";
    return stream;
  }
  Response out;
  out.content_type = "text/plain";
  out.body = r.method + " " + r.path + " " + r.body;
  return out;
}

http::Limits test_limits() {
  http::Limits limits;
  limits.header_timeout_ms = 3000;
  limits.body_timeout_ms = 3000;
  limits.idle_timeout_ms = 5000;
  limits.workers = 2;
  return limits;
}

// The server under test, running on its own thread; stopped and joined on scope exit.
class TestServer {
 public:
  explicit TestServer(http::Limits limits, http::Handler handler = echo_handler) : server(limits) {
    server.set_handler(std::move(handler));
    server.set_inline([](const Request& r) { return r.path == "/health"; },
                      [](const Request&) {
                        Response r;
                        r.body = R"({"status":"ok"})";
                        return r;
                      });
    listening = server.listen("127.0.0.1", 0);
    if (listening) thread_ = std::thread([this] { server.run(); });
  }
  ~TestServer() {
    server.stop();
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return server.port(); }

  http::Server server;
  bool listening = false;

 private:
  std::thread thread_;
};

const std::string kTooLarge1024 =
    R"({"error":{"code":"too_large","message":"Request body exceeds 1024 bytes.","path":""}})";

// --- normal traffic -----------------------------------------------------------

TEST(HttpServer, KeepAliveGetPostThenHttp10Closes) {
  TestServer ts(test_limits());
  ASSERT_TRUE(ts.listening) << ts.server.error();
  Fd c = connect_to(ts.port());
  ASSERT_TRUE(c.valid());
  std::string buffer;

  ASSERT_TRUE(send_all(c, get("/a?x=1")));
  auto r1 = read_response(c, buffer);
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->status, 200);
  EXPECT_EQ(r1->body, "GET /a ");
  EXPECT_EQ(r1->header("content-length"), "7");
  EXPECT_EQ(r1->header("content-type"), "text/plain");
  EXPECT_EQ(r1->header("connection"), "keep-alive");
  EXPECT_EQ(r1->header("x-content-type-options"), "nosniff");

  ASSERT_TRUE(send_all(c, post("/b", "xyz")));  // same connection
  auto r2 = read_response(c, buffer);
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->body, "POST /b xyz");

  ASSERT_TRUE(send_all(c, "GET /c HTTP/1.0\r\n\r\n"));
  auto r3 = read_response(c, buffer);
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->body, "GET /c ");
  EXPECT_EQ(r3->header("connection"), "close");
  EXPECT_TRUE(wait_closed(c, 3000));
  c.reset();  // the server lingers until the client closes too
  EXPECT_TRUE(eventually([&] { return ts.server.stats().open_connections == 0; }));
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  TestServer ts(test_limits());
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  std::string buffer;
  // Worker, inline and worker again: order must hold across both paths.
  ASSERT_TRUE(send_all(c, get("/1") + post("/2", "two") + get("/health") + get("/4")));
  const char* expected[] = {"GET /1 ", "POST /2 two", R"({"status":"ok"})", "GET /4 "};
  for (const char* body : expected) {
    auto r = read_response(c, buffer);
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->body, body);
  }
  EXPECT_TRUE(buffer.empty());
}

TEST(HttpServer, HandlerExceptionIs500WithoutDetails) {
  TestServer ts(test_limits());
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  std::string buffer;
  ASSERT_TRUE(send_all(c, get("/throw")));
  auto r = read_response(c, buffer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, R"({"error":{"code":"internal","message":"Internal error.","path":""}})");
  ASSERT_TRUE(send_all(c, get("/after")));  // the connection survives
  auto next = read_response(c, buffer);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "GET /after ");
}

// --- body limits ----------------------------------------------------------------

TEST(HttpServer, ContentLengthOverLimitIs413WithoutReadingTheBody) {
  http::Limits limits = test_limits();
  limits.max_body_bytes = 1024;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  const int calls_before = g_handler_calls.load();

  Fd c = connect_to(ts.port());
  std::string buffer;
  // Only the head is sent: the answer must come without waiting for 100 MB.
  ASSERT_TRUE(send_all(c, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n"));
  auto r = read_response(c, buffer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, kTooLarge1024);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(wait_closed(c, 3000));

  // With Expect: 100-continue the refusal replaces the 100.
  Fd e = connect_to(ts.port());
  buffer.clear();
  ASSERT_TRUE(send_all(e, "PUT /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2000\r\n\r\n"));
  auto refused = read_response(e, buffer);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  EXPECT_EQ(g_handler_calls.load(), calls_before);
}

TEST(HttpServer, ExpectContinueWithinLimit) {
  TestServer ts(test_limits());
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  std::string buffer;
  ASSERT_TRUE(send_all(c, "PUT /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  auto interim = read_response(c, buffer);  // the client waits for this before sending
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(send_all(c, "hello"));
  auto r = read_response(c, buffer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "PUT /up hello");
}

TEST(HttpServer, EndlessChunkedBodyIs413AfterTheLimit) {
  http::Limits limits = test_limits();
  limits.max_body_bytes = 64 * 1024;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  const int calls_before = g_handler_calls.load();

  Fd c = connect_to(ts.port());
  ASSERT_TRUE(send_all(c, "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const timeval send_timeout{0, 200 * 1000};  // lets the sender notice `stop`
  setsockopt(c.get(), SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);

  std::atomic<bool> stop{false};
  std::atomic<size_t> body_bytes_sent{0};
  std::thread sender([&] {
    const std::string chunk = "3e8\r\n" + std::string(1000, 'x') + "\r\n";  // 0x3e8 = 1000
    const auto start = Clock::now();
    while (!stop && ms_since(start) < 10000) {
      size_t sent = 0;
      while (sent < chunk.size() && !stop) {
        const ssize_t n = ::send(c.get(), chunk.data() + sent, chunk.size() - sent, MSG_NOSIGNAL);
        if (n > 0) sent += static_cast<size_t>(n);
        else if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        else return;  // server closed on us: expected eventually
      }
      if (sent == chunk.size()) body_bytes_sent += 1000;
    }
  });

  std::string buffer;
  auto r = read_response(c, buffer, 8000);
  const size_t sent_when_refused = body_bytes_sent.load();
  stop = true;
  sender.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("\"too_large\""), std::string::npos);
  // 65 chunks (65,000 bytes) fit in 65,536; the 66th is refused. So the
  // server cannot have answered before the client had sent 65 of them.
  EXPECT_GE(sent_when_refused, 65000u);
  EXPECT_TRUE(wait_closed(c, 5000));
  EXPECT_EQ(g_handler_calls.load(), calls_before);
}

TEST(HttpServer, MalformedAndOversizedHeadsAreRefusedAndClosed) {
  http::Limits limits = test_limits();
  limits.max_header_bytes = 1024;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  struct Case { std::string request; int status; const char* code; };
  const Case cases[] = {
      {"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400,
       "malformed_request"},
      {"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3x\r\n\r\nabc", 400, "malformed_request"},
      {"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 400, "malformed_request"},
      {get("/x", "X-Big: " + std::string(2000, 'a') + "\r\n"), 431, "header_too_large"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.request.substr(0, 60));
    Fd c = connect_to(ts.port());
    std::string buffer;
    ASSERT_TRUE(send_all(c, test.request));
    auto r = read_response(c, buffer);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, test.status);
    EXPECT_NE(r->body.find(std::string("\"code\":\"") + test.code + "\""), std::string::npos) << r->body;
    EXPECT_EQ(r->header("connection"), "close");
    EXPECT_TRUE(wait_closed(c, 3000));
  }
}

// A client that keeps sending after the server has refused its request (a
// body with no length, then megabytes more) must still read the refusal. If
// the server closed with unread input, the kernel's reset could destroy the
// answer before the client reads it: the server drains until the client is
// done or the linger time is up, however many bytes that is. This client
// sends all 4 MiB before it reads a byte, as a simple blocking client does.
TEST(HttpServer, RefusalSurvivesAClientThatKeepsSending) {
  TestServer ts(test_limits());
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  const std::string junk(4 * 1024 * 1024, 'A');
  ASSERT_TRUE(send_all(c, "BAD REQUEST LINE\r\n\r\n" + junk)) << "the server reset the connection while the client sent";
  ::shutdown(c.get(), SHUT_WR);
  std::string buffer;
  auto r = read_response(c, buffer);
  ASSERT_TRUE(r) << "the refusal was lost";
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("\"code\":\"malformed_request\""), std::string::npos) << r->body;
  EXPECT_TRUE(wait_closed(c, 3000));
}

// --- timeouts -------------------------------------------------------------------

TEST(HttpServer, SlowHeadersGet408WithinTheHeaderTimeout) {
  http::Limits limits = test_limits();
  limits.header_timeout_ms = 1000;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  const std::string slow = "GET /slow HTTP/1.1\r\nHost: t\r\nX-Pad: " + std::string(200, 'a');

  // Slowloris: one byte every 200 ms, listening for the server in between.
  std::string seen;
  bool closed = false;
  const auto start = Clock::now();
  for (size_t i = 0; i < slow.size() && !closed && ms_since(start) < 4000; ++i) {
    if (::send(c.get(), &slow[i], 1, MSG_NOSIGNAL) != 1) break;
    const auto pause_end = Clock::now() + std::chrono::milliseconds(200);
    while (!closed && remaining_ms(pause_end) > 0) {
      const ReadResult r = read_some(c, seen, remaining_ms(pause_end));
      closed = r == kClosed || r == kReset;
    }
  }
  // Refused while the header was still trickling (the 4 s loop is a liveness
  // bound). That the clock runs from the first byte and is not reset by each
  // trickle is Session.HeaderClockRunsFromTheFirstByte; the time it takes is
  // bench/http_timing_bench.cpp.
  EXPECT_TRUE(closed);
  EXPECT_EQ(seen.compare(0, 12, "HTTP/1.1 408"), 0) << seen;
  EXPECT_NE(seen.find(R"("code":"timeout")"), std::string::npos);
}

TEST(HttpServer, SlowBodyGets408) {
  http::Limits limits = test_limits();
  limits.body_timeout_ms = 500;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  ASSERT_TRUE(send_all(c, "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  std::string seen;
  EXPECT_TRUE(wait_closed(c, 3000, &seen));
  EXPECT_EQ(seen.compare(0, 12, "HTTP/1.1 408"), 0) << seen;
}

TEST(HttpServer, IdleKeepAliveConnectionIsClosedSilently) {
  http::Limits limits = test_limits();
  limits.idle_timeout_ms = 500;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  std::string buffer;
  ASSERT_TRUE(send_all(c, get("/a")));
  ASSERT_TRUE(read_response(c, buffer));
  std::string seen;
  EXPECT_TRUE(wait_closed(c, 3000, &seen));
  EXPECT_EQ(seen, "");
}

// --- connections ------------------------------------------------------------------

TEST(HttpServer, TwoThousandIdleConnectionsDoNotBlockOthers) {
  http::Limits limits = test_limits();
  limits.idle_timeout_ms = 30000;
  limits.header_timeout_ms = 30000;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  std::vector<Fd> idle;
  for (int i = 0; i < 2000; ++i) {
    idle.push_back(connect_to(ts.port()));
    ASSERT_TRUE(idle.back().valid()) << "connection " << i << ": " << std::strerror(errno);
    if (i % 2 == 1) {
      ASSERT_TRUE(send_all(idle.back(), "GET /never-finished HT"));  // half a request
    }
  }
  ASSERT_TRUE(eventually([&] { return ts.server.stats().open_connections >= 2000; }, 10000))
      << ts.server.stats().open_connections;

  // Answered at all (fetch gives up after 3 s: a liveness bound); how fast
  // is bench/http_timing_bench.cpp.
  auto health = fetch(ts.port(), get("/health"));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  auto work = fetch(ts.port(), get("/work"));
  ASSERT_TRUE(work);
  EXPECT_EQ(work->body, "GET /work ");
}

TEST(HttpServer, MaxConnectionsAcceptsAndCloses) {
  http::Limits limits = test_limits();
  limits.max_connections = 2;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  Fd a = connect_to(ts.port());
  Fd b = connect_to(ts.port());
  std::string buffer;
  for (Fd* c : {&a, &b}) {  // proves both were accepted and count
    ASSERT_TRUE(send_all(*c, get("/x")));
    ASSERT_TRUE(read_response(*c, buffer));
  }
  Fd third = connect_to(ts.port());
  std::string seen;
  EXPECT_TRUE(wait_closed(third, 2000, &seen));
  EXPECT_EQ(seen, "");
  EXPECT_GE(ts.server.stats().rejected, 1u);

  a.reset();  // a slot frees up
  ASSERT_TRUE(eventually([&] { return ts.server.stats().open_connections == 1; }));
  auto r = fetch(ts.port(), get("/again"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(HttpServer, QueueFullGets503AndHealthStillAnswers) {
  Latch latch;
  http::Limits limits = test_limits();
  limits.workers = 1;
  limits.max_queued_requests = 1;
  TestServer ts(limits, [&latch](const Request& r) {
    if (r.path == "/block") latch.wait();
    return echo_handler(r);
  });
  ASSERT_TRUE(ts.listening);
  struct ReleaseOnExit {  // a failed assertion must not leave the worker blocked at join
    Latch& latch;
    ~ReleaseOnExit() { latch.release(); }
  } release_on_exit{latch};

  Fd running = connect_to(ts.port());
  ASSERT_TRUE(send_all(running, get("/block")));
  ASSERT_TRUE(eventually([&] { return latch.entered() == 1; }));  // the only worker is busy
  Fd queued = connect_to(ts.port());
  ASSERT_TRUE(send_all(queued, get("/block")));
  ASSERT_TRUE(eventually([&] { return ts.server.stats().requests == 2; }));  // the only queue slot is taken

  Fd refused = connect_to(ts.port());
  std::string buffer;
  ASSERT_TRUE(send_all(refused, get("/block")));
  // "At once": answered while the only worker is still blocked, so nothing
  // waited for it (how fast: bench/http_timing_bench.cpp).
  auto r = read_response(refused, buffer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find(R"("code":"overloaded")"), std::string::npos);
  EXPECT_EQ(r->header("retry-after"), "1");
  EXPECT_EQ(r->header("connection"), "keep-alive");
  EXPECT_EQ(ts.server.stats().rejected, 1u);

  auto health = fetch(ts.port(), get("/health"));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  latch.release();
  for (Fd* c : {&running, &queued}) {
    std::string b;
    auto done = read_response(*c, b);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->body, "GET /block ");
  }
  ASSERT_TRUE(send_all(refused, get("/later")));  // the 503 kept the connection usable
  auto later = read_response(refused, buffer);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200);
}

// --- event streams ----------------------------------------------------------------

TEST(HttpServer, EventStreamReceivesBroadcastsAndHeartbeats) {
  http::Limits limits = test_limits();
  limits.event_stream_heartbeat_ms = 300;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  Fd c = connect_to(ts.port());
  std::string buffer;
  ASSERT_TRUE(send_all(c, get("/events", "Accept: text/event-stream\r\n")));
  auto head = read_response(c, buffer);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-type"), "text/event-stream");
  EXPECT_EQ(head->header("cache-control"), "no-cache");
  EXPECT_FALSE(head->has("content-length"));
  ASSERT_TRUE(read_until(c, buffer, ": open\n\n"));
  ASSERT_TRUE(eventually([&] { return ts.server.stats().event_streams == 1; }));

  ts.server.broadcast("stock", "{\"sku\":\"A\"}\nsecond line");
  EXPECT_TRUE(read_until(c, buffer, "event: stock\ndata: {\"sku\":\"A\"}\ndata: second line\n\n"));
  EXPECT_TRUE(read_until(c, buffer, ": hb\n\n", 2000));

  c.reset();
  EXPECT_TRUE(eventually([&] { return ts.server.stats().event_streams == 0; }));
}

TEST(HttpServer, SlowEventStreamReaderIsDroppedOthersAreNot) {
  http::Limits limits = test_limits();
  limits.idle_timeout_ms = 30000;  // the drop must come from the backlog bound, not a timer
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);

  Fd slow = connect_to(ts.port(), 4096);
  std::string slow_buffer;
  ASSERT_TRUE(send_all(slow, get("/events")));
  ASSERT_TRUE(read_response(slow, slow_buffer));  // then never reads again

  Fd fast = connect_to(ts.port());
  ASSERT_TRUE(send_all(fast, get("/events")));
  std::atomic<bool> stop_reading{false};
  std::atomic<bool> fast_closed{false};
  std::thread reader([&] {
    std::string sink;
    while (!stop_reading) {
      const ReadResult r = read_some(fast, sink, 50);
      if (r == kClosed || r == kReset) {
        fast_closed = true;
        return;
      }
      sink.clear();
    }
  });
  ASSERT_TRUE(eventually([&] { return ts.server.stats().event_streams == 2; }));

  // The slow reader's kernel buffers fill first (a few MB on loopback), then
  // the server's own backlog passes 1 MiB and it must let go.
  const std::string payload(16 * 1024, 'p');
  const auto start = Clock::now();
  while (ts.server.stats().event_streams == 2 && ms_since(start) < 15000) {
    ts.server.broadcast("bulk", payload);
    sleep_ms(2);
  }
  EXPECT_EQ(ts.server.stats().event_streams, 1u);
  sleep_ms(100);
  stop_reading = true;
  reader.join();
  EXPECT_FALSE(fast_closed);
  EXPECT_TRUE(wait_closed(slow, 10000));  // draining what was buffered ends in EOF
}

// --- lifecycle and resource exhaustion ----------------------------------------------

TEST(HttpServer, StopFromAnotherThreadReturnsAndClosesSockets) {
  http::Server server(test_limits());
  server.set_handler(echo_handler);
  ASSERT_TRUE(server.listen("127.0.0.1", 0));
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    server.run();
    returned = true;
  });
  Fd idle = connect_to(server.port());
  Fd stream = connect_to(server.port());
  ASSERT_TRUE(send_all(stream, get("/events")));
  ASSERT_TRUE(eventually([&] { return server.stats().event_streams == 1; }));

  std::thread([&] { server.stop(); }).join();
  EXPECT_TRUE(eventually([&] { return returned.load(); }, 2000));
  runner.join();
  EXPECT_TRUE(wait_closed(idle, 1000));
  EXPECT_TRUE(wait_closed(stream, 1000));
  EXPECT_EQ(server.stats().open_connections, 0u);
  EXPECT_FALSE(connect_to(server.port()).valid());  // listener closed too
}

// Out of file descriptors, the server must shed pending connections instead of
// spinning on a listener that epoll keeps reporting as readable.
TEST(HttpServer, DescriptorExhaustionDoesNotSpin) {
  TestServer ts(test_limits());
  ASSERT_TRUE(ts.listening);
  std::vector<Fd> clients;
  for (int i = 0; i < 3; ++i) clients.emplace_back(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));

  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  int highest = 0;
  for (int fd = 0; fd < static_cast<int>(std::min<rlim_t>(saved.rlim_cur, 1 << 20)); ++fd)
    if (fcntl(fd, F_GETFD) != -1) highest = fd;
  // Lower the limit to just above the highest open descriptor and fill the
  // holes below it: from here on no new descriptor exists in this process.
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(highest) + 1;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> fillers;
  for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fillers.push_back(fd);
  struct Restore {
    rlimit limit;
    std::vector<int>& fillers;
    ~Restore() {
      for (int fd : fillers) ::close(fd);
      setrlimit(RLIMIT_NOFILE, &limit);
    }
  } restore{saved, fillers};

  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  const auto start = Clock::now();
  const sockaddr_in addr = loopback(ts.port());
  for (Fd& c : clients)  // connect needs no new descriptor on the client side
    ASSERT_EQ(::connect(c.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  for (Fd& c : clients) EXPECT_TRUE(wait_closed(c, 2000));  // shed, not left hanging
  sleep_ms(500);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  auto cpu_ms = [](const rusage& u) {
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000;
  };
  const int64_t wall = ms_since(start);
  const int64_t cpu = cpu_ms(after) - cpu_ms(before);
  EXPECT_LT(cpu * 2, wall) << "cpu " << cpu << " ms over " << wall << " ms: the I/O thread spins";
  EXPECT_GE(ts.server.stats().rejected, 3u);

  for (int fd : fillers) ::close(fd);
  fillers.clear();
  setrlimit(RLIMIT_NOFILE, &saved);
  auto r = fetch(ts.port(), get("/health"));  // recovers once descriptors are back
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

}  // namespace

// Out of memory while reading one request (the I/O thread's allocation
// fails), the server drops that connection and keeps serving the others;
// before, std::bad_alloc escaped the event loop and ended the process.
TEST(HttpServer, AllocationFailureWhileReadingClosesOnlyThatConnection) {
  if (!failing_allocator::available()) GTEST_SKIP() << "AddressSanitizer owns operator new";
  http::Limits limits = test_limits();
  limits.max_body_bytes = 8 * 1024 * 1024;
  TestServer ts(limits);
  ASSERT_TRUE(ts.listening);
  Fd bystander = connect_to(ts.port());  // an open keep-alive connection that must survive
  std::string buffer;
  ASSERT_TRUE(send_all(bystander, get("/before")));
  ASSERT_TRUE(read_response(bystander, buffer));

  const std::string body(3 * 1024 * 1024, 'x');
  const std::string request =  // built before any allocation may fail
      "POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  Fd big = connect_to(ts.port());
  failing_allocator::fail_from(1024 * 1024);  // any buffer of 1 MiB or more now fails
  struct Disarm {
    ~Disarm() { failing_allocator::allow_all(); }
  } disarm;
  send_all(big, request);  // may stop early: the server closes mid-body
  std::string seen;
  EXPECT_TRUE(wait_closed(big, 3000, &seen));
  EXPECT_GE(ts.server.stats().rejected, 1u);

  // Still serving: the open connection, a new one, and the inline health check.
  buffer.clear();
  ASSERT_TRUE(send_all(bystander, get("/after")));
  auto r = read_response(bystander, buffer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "GET /after ");
  auto health = fetch(ts.port(), get("/health"));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  failing_allocator::allow_all();
  auto again = fetch(ts.port(), post("/again", "ok"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "POST /again ok");
}
