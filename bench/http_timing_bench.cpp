// Timings of the HTTP transport that the correctness tests must not assert
// (machines are noisy): how long after its first byte a slowloris header is
// refused, how fast /api/health-like inline requests answer beside 2,000
// idle connections, and how fast a full queue answers 503. Prints figures;
// asserts nothing. Build: the bench tree (scripts/bench.sh), target
// http_timing_bench; run: build/bench-native/http_timing_bench.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http_server.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int connect_to(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Waits (at most timeout_ms) for the first bytes of an answer.
bool wait_answer(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return false;
  char buf[4096];
  return ::recv(fd, buf, sizeof buf, 0) > 0;
}

struct RunningServer {
  explicit RunningServer(http::Limits limits, http::Handler handler) : server(limits) {
    server.set_handler(std::move(handler));
    server.set_inline([](const http::Request& r) { return r.path == "/health"; },
                      [](const http::Request&) { return http::Response{}; });
    server.listen("127.0.0.1", 0);
    thread = std::thread([this] { server.run(); });
  }
  ~RunningServer() {
    server.stop();
    thread.join();
  }
  http::Server server;
  std::thread thread;
};

http::Response ok(const http::Request&) { return http::Response{}; }

void slowloris() {
  http::Limits limits;
  limits.header_timeout_ms = 1000;
  RunningServer s(limits, ok);
  const int fd = connect_to(s.server.port());
  const std::string slow = "GET /slow HTTP/1.1\r\nHost: t\r\nX-Pad: " + std::string(200, 'a');
  const auto start = Clock::now();
  bool answered = false;
  for (size_t i = 0; i < slow.size() && !answered && ms_since(start) < 5000; ++i) {
    if (::send(fd, &slow[i], 1, MSG_NOSIGNAL) != 1) break;
    answered = wait_answer(fd, 200);
  }
  std::printf("slowloris (a byte per 200 ms, header timeout 1000 ms): %s after %.0f ms from the first byte\n",
              answered ? "408" : "no answer", ms_since(start));
  ::close(fd);
}

void health_beside_idle_connections() {
  http::Limits limits;
  RunningServer s(limits, ok);
  std::vector<int> idle;
  for (int i = 0; i < 2000; ++i) idle.push_back(connect_to(s.server.port()));
  while (s.server.stats().open_connections < 2000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::vector<double> times;
  for (int i = 0; i < 50; ++i) {
    const int fd = connect_to(s.server.port());
    const auto start = Clock::now();
    const std::string get = "GET /health HTTP/1.1\r\nHost: t\r\n\r\n";
    ::send(fd, get.data(), get.size(), MSG_NOSIGNAL);
    if (wait_answer(fd, 5000)) times.push_back(ms_since(start));
    ::close(fd);
  }
  std::sort(times.begin(), times.end());
  if (!times.empty())
    std::printf("health beside 2,000 idle connections: median %.2f ms, max %.2f ms (%zu of 50 answered)\n",
                times[times.size() / 2], times.back(), times.size());
  for (int fd : idle) ::close(fd);
}

void queue_full_refusal() {
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> entered{0};
  http::Limits limits;
  limits.workers = 1;
  limits.max_queued_requests = 1;
  RunningServer s(limits, [&](const http::Request&) {
    ++entered;
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return release; });
    return http::Response{};
  });
  const std::string get = "GET /block HTTP/1.1\r\nHost: t\r\n\r\n";
  const int running = connect_to(s.server.port()), queued = connect_to(s.server.port());
  ::send(running, get.data(), get.size(), MSG_NOSIGNAL);
  while (entered.load() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the only worker is busy
  ::send(queued, get.data(), get.size(), MSG_NOSIGNAL);
  while (s.server.stats().requests < 2) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const int refused = connect_to(s.server.port());
  const auto start = Clock::now();
  ::send(refused, get.data(), get.size(), MSG_NOSIGNAL);
  const bool answered = wait_answer(refused, 5000);
  std::printf("full queue: %s after %.2f ms\n", answered ? "503" : "no answer", ms_since(start));
  {
    std::lock_guard<std::mutex> lock(m);
    release = true;
  }
  cv.notify_all();
  for (int fd : {running, queued, refused}) ::close(fd);
}

}  // namespace

int main() {
  slowloris();
  health_beside_idle_connections();
  queue_full_refusal();
  return 0;
}
