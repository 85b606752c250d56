// The server in three parts, in this order below:
//   1. Connection: per-socket state machine (reading -> handler -> writing ->
//      next request | lingering close; or an event stream).
//   2. Worker handoff: a bounded job queue feeding `workers` threads, and a
//      results queue + eventfd that wakes the I/O thread when a response is ready.
//   3. The I/O loop: epoll (level-triggered), accept, timers swept every 250 ms.
// Everything touching sockets or connections runs on the I/O thread only;
// workers see nothing but a Request and the connection's id.
#include "http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <new>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "request_parser.h"
#include "wire_format.h"

namespace http {
namespace {

constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();
constexpr int kSweepIntervalMs = 250;                 // timer resolution; sweep is O(connections)
constexpr size_t kReadChunk = 64 * 1024;              // one recv per readiness event, for fairness
constexpr size_t kMaxStreamBacklog = 1024 * 1024;     // unsent SSE bytes before a reader is dropped
constexpr size_t kMaxPendingBroadcast = 1024 * 1024;  // events queued for the I/O thread
constexpr int64_t kLingerMs = 2000;                   // see start_lingering_close
constexpr int kAcceptBatch = 256;                     // accepts per readiness event
constexpr int64_t kAcceptPauseMs = 100;
// epoll user data: connection ids start above the two fixed descriptors, and
// are never reused, so a late worker result cannot reach a newer connection
// that happens to get the same fd number.
constexpr uint64_t kListenId = 0;
constexpr uint64_t kWakeId = 1;
constexpr uint64_t kFirstConnectionId = 2;

int64_t steady_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void log_line(const std::string& line) { std::fprintf(stderr, "[http] %s\n", line.c_str()); }

// Request text for a log line: attacker-controlled, so printable ASCII only and short.
std::string loggable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 200)) out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  return out;
}

Response internal_error() { return error_response(500, "internal", "Internal error."); }

Response overloaded() {
  Response r = error_response(503, "overloaded", "Server is busy; try again shortly.");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

// Runs application code; nothing it throws may escape into the server, and
// what it says about itself goes to stderr, never to the client.
Response call_handler(const Handler& handler, const Request& request) {
  try {
    Response response = handler(request);
    if (response.status < 200 || response.status > 599) {
      log_line("handler returned invalid status " + std::to_string(response.status) + " for " +
               loggable(request.method) + " " + loggable(request.path));
      return internal_error();
    }
    return response;
  } catch (const std::exception& e) {
    log_line("handler failed for " + loggable(request.method) + " " + loggable(request.path) + ": " + e.what());
  } catch (...) {
    log_line("handler failed for " + loggable(request.method) + " " + loggable(request.path) + ": unknown exception");
  }
  return internal_error();
}

std::string peer_ip(const sockaddr_storage& addr) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(addr).sin_addr, buf, sizeof buf);
  } else if (addr.ss_family == AF_INET6) {
    const in6_addr& a6 = reinterpret_cast<const sockaddr_in6&>(addr).sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&a6))  // dual-stack listener: show clients as plain IPv4
      inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof buf);
    else
      inet_ntop(AF_INET6, &a6, buf, sizeof buf);
  }
  return buf;
}

// Thousands of connections need thousands of descriptors; the soft limit is
// often 1024 while the hard limit is much higher.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// ---------------------------------------------------------------------------
// 1. Connection state

struct Connection {
  enum class Phase {
    reading_request,   // parser fed from `in`; deadline: idle, then header, then body timeout
    awaiting_handler,  // a worker owns the request; socket not watched for input
    writing_response,  // `out` draining; then next request or lingering close
    streaming_events,  // SSE: broadcasts appended to `out` until the client leaves
    lingering_close,   // write side shut; discarding input briefly (see start_lingering_close)
  };

  Connection(uint64_t id_, int fd_, std::string ip, ParserLimits limits)
      : id(id_), fd(fd_), remote_ip(std::move(ip)), parser(limits) {}

  size_t pending_out() const { return out.size() - out_sent; }

  const uint64_t id;
  const int fd;
  const std::string remote_ip;
  Phase phase = Phase::reading_request;
  RequestParser parser;
  std::string in;   // received but not yet parsed: pipelined requests wait here
  std::string out;  // bytes to send; out_sent of them are already sent
  size_t out_sent = 0;
  bool close_after_write = false;
  bool closed = false;  // fd closed; the object lives until the end of the loop turn
  int64_t deadline = kNoDeadline;
  uint32_t epoll_events = EPOLLIN;  // interest currently registered
  size_t buffered_accounted = 0;  // this connection's share of Impl::buffered_total
};

using Phase = Connection::Phase;

struct Job {
  uint64_t connection_id;
  Request request;
};

struct Result {
  uint64_t connection_id;
  Response response;
};

}  // namespace

struct Server::Impl {
  explicit Impl(Limits l) : limits(l) {
    parser_limits.max_header_bytes = limits.max_header_bytes;
    parser_limits.max_body_bytes = limits.max_body_bytes;
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd >= 0 && wake_fd >= 0) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = kWakeId;
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
    }
  }

  ~Impl() {
    for (auto& entry : connections)
      if (!entry.second->closed) ::close(entry.second->fd);
    for (int fd : {listen_fd, spare_fd, wake_fd, epoll_fd})
      if (fd >= 0) ::close(fd);
  }

  const Limits limits;
  ParserLimits parser_limits;
  Handler handler;
  std::function<bool(const Request&)> is_inline;
  Handler inline_handler;

  int epoll_fd = -1;
  int wake_fd = -1;
  int listen_fd = -1;
  int spare_fd = -1;  // reserved descriptor, spent to shed a connection at EMFILE
  uint16_t bound_port = 0;
  std::string error;

  std::atomic<bool> stop_requested{false};
  std::atomic<bool> running{false};
  std::atomic<uint64_t> stat_open{0}, stat_streams{0}, stat_requests{0}, stat_rejected{0};

  // I/O-thread-only state.
  std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections;
  std::unordered_set<uint64_t> stream_ids;
  std::vector<uint64_t> closed_ids;
  uint64_t next_id = kFirstConnectionId;
  int64_t now = steady_now_ms();
  int64_t accept_paused_until = 0;  // 0 = accepting
  std::string read_buffer = std::string(kReadChunk, '\0');

  // Worker handoff (section 2).
  std::mutex jobs_mutex;
  std::condition_variable jobs_cv;
  std::deque<Job> jobs;  // never longer than limits.max_queued_requests
  bool workers_stop = false;
  std::vector<std::thread> workers;
  std::mutex results_mutex;
  std::vector<Result> results;
  std::mutex broadcast_mutex;
  std::string pending_broadcast;  // formatted events not yet copied to streams
  bool broadcast_overflow_logged = false;

  uint64_t buffered_total = 0;  // sum of every connection's buffered_accounted (I/O thread only)

  // --- 1. connection state machine ----------------------------------------

  void account_buffered(Connection& c, size_t bytes) {
    buffered_total = buffered_total - c.buffered_accounted + bytes;
    c.buffered_accounted = bytes;
  }

  void set_deadline(Connection& c, int32_t timeout_ms) {
    c.deadline = timeout_ms < 0 ? kNoDeadline : now + timeout_ms;
  }

  // Moves the connection as far as it can go without waiting for the network
  // or a worker. A loop, not recursion: a buffer full of pipelined inline
  // requests is answered one after another without growing the stack.
  void drive(Connection& c) {
    while (!c.closed) {
      switch (c.phase) {
        case Phase::reading_request:
          if (parse_buffered_input(c)) continue;  // phase changed or body started
          if (c.pending_out() && !flush(c)) return;  // a 100 Continue
          update_interest(c);
          return;
        case Phase::writing_response:
          if (!flush(c)) return;
          if (c.pending_out()) {
            update_interest(c);
            return;
          }
          finish_response(c);
          continue;
        case Phase::streaming_events:
          if (!flush(c)) return;
          if (c.pending_out() > kMaxStreamBacklog) {
            close_connection(c);
            return;
          }
          update_interest(c);
          return;
        case Phase::awaiting_handler:
        case Phase::lingering_close:
          if (c.pending_out() && !flush(c)) return;
          update_interest(c);
          return;
      }
    }
  }

  // Feeds buffered bytes to the parser. True when something happened that
  // drive() must act on; false when the parser needs more bytes.
  bool parse_buffered_input(Connection& c) {
    if (c.in.empty()) return false;
    const bool was_started = c.parser.started();
    size_t consumed = 0;
    const RequestParser::Result result = c.parser.feed(c.in, consumed);
    c.in.erase(0, consumed);
    // The header clock starts with the first byte of a request, not when the
    // connection went idle: keep-alive idleness has its own timeout.
    if (!was_started && c.parser.started()) set_deadline(c, limits.header_timeout_ms);
    switch (result) {
      case RequestParser::Result::need_more:
        return false;
      case RequestParser::Result::headers_complete:
        set_deadline(c, limits.body_timeout_ms);
        // Only when the client is actually waiting: body bytes already here mean it is not.
        if (c.parser.expects_continue() && c.in.empty()) c.out.append(kContinueResponse);
        return true;
      case RequestParser::Result::complete:
        dispatch(c, c.parser.take_request());
        return true;
      case RequestParser::Result::error: {
        const ParseError& e = c.parser.error();
        const char* code = e.status == 413 ? "too_large"
                           : e.status == 431 ? "header_too_large"
                                             : "malformed_request";
        start_error(c, e.status, code, e.message);
        return true;
      }
    }
    return false;
  }

  // A complete request: answer inline, hand to a worker, or refuse at once.
  void dispatch(Connection& c, Request request) {
    request.remote_ip = c.remote_ip;
    ++stat_requests;
    bool run_inline = false;
    if (is_inline) {
      try {
        run_inline = is_inline(request);
      } catch (...) {
        log_line("inline predicate threw for " + loggable(request.path));
      }
    }
    if (run_inline) {
      start_response(c, call_handler(inline_handler, request));
      return;
    }
    {
      std::lock_guard<std::mutex> lock(jobs_mutex);
      if (jobs.size() < limits.max_queued_requests) {
        jobs.push_back(Job{c.id, std::move(request)});
        c.phase = Phase::awaiting_handler;
        c.deadline = kNoDeadline;  // handlers are the application's to bound
      }
    }
    if (c.phase == Phase::awaiting_handler) {
      jobs_cv.notify_one();
      return;
    }
    // Queue full: a fast, honest 503 beats an unbounded queue of stale work.
    ++stat_rejected;
    start_response(c, overloaded());
  }

  void start_response(Connection& c, Response response) {
    if (response.event_stream && response.status == 200) {
      start_event_stream(c, response);
      return;
    }
    c.close_after_write = !c.parser.keep_alive();
    c.out.append(serialize_response(response, c.close_after_write));
    c.phase = Phase::writing_response;
    set_deadline(c, limits.idle_timeout_ms);  // a client that never reads is dropped
  }

  // Transport errors: the request framing is lost or the client misbehaved, so
  // the connection is always closed after the answer.
  void start_error(Connection& c, int status, const char* code, const std::string& message) {
    c.in.clear();
    c.close_after_write = true;
    c.out.append(serialize_response(error_response(status, code, message), true));
    c.phase = Phase::writing_response;
    set_deadline(c, limits.idle_timeout_ms);
  }

  void start_event_stream(Connection& c, const Response& response) {
    c.in.clear();  // nothing a client sends on a stream is meaningful
    c.out.append(serialize_event_stream_start(response));
    c.phase = Phase::streaming_events;
    c.deadline = kNoDeadline;
    stream_ids.insert(c.id);
    ++stat_streams;
  }

  void finish_response(Connection& c) {
    account_buffered(c, 0);
    if (c.close_after_write) {
      start_lingering_close(c);
      return;
    }
    c.parser.reset();
    c.phase = Phase::reading_request;
    set_deadline(c, limits.idle_timeout_ms);  // replaced by the header timeout on the first byte
  }

  // close() with unread input makes the kernel send RST, which can destroy the
  // error response we just sent (a 413 for a body we refused to read) before
  // the client reads it. So: shut our side, drain for a moment, then close.
  // The drain is bounded by time, not bytes: a byte cap would reset exactly the
  // clients that are still sending the body we refused, and discarding costs
  // no memory. The client's own close (EOF) ends it sooner.
  void start_lingering_close(Connection& c) {
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Phase::lingering_close;
    c.in.clear();
    c.deadline = now + kLingerMs;
  }

  // Sends what the kernel takes. False if the connection was closed.
  bool flush(Connection& c) {
    bool progressed = false;
    while (c.pending_out() > 0) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.pending_out(), MSG_NOSIGNAL);
      if (n > 0) {
        c.out_sent += static_cast<size_t>(n);
        progressed = true;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      } else {
        close_connection(c);
        return false;
      }
    }
    if (c.pending_out() == 0) {
      c.out.clear();
      c.out_sent = 0;
    } else if (c.out_sent >= kReadChunk) {
      c.out.erase(0, c.out_sent);  // keep streams from growing without bound at the front
      c.out_sent = 0;
    }
    // Stall timer for output: refreshed by progress, so only a client that
    // stops reading is dropped, not one on a slow link.
    if (c.phase == Phase::writing_response || c.phase == Phase::streaming_events) {
      if (c.pending_out() == 0) {
        if (c.phase == Phase::streaming_events) c.deadline = kNoDeadline;
      } else if (progressed || c.deadline == kNoDeadline) {
        set_deadline(c, limits.idle_timeout_ms);
      }
    }
    return true;
  }

  void update_interest(Connection& c) {
    const uint32_t out_wanted = c.pending_out() ? EPOLLOUT : 0u;
    uint32_t wanted = 0;
    switch (c.phase) {
      case Phase::reading_request: wanted = EPOLLIN | out_wanted; break;
      // Not reading while a request is in flight is what keeps pipelined
      // input bounded: the kernel's buffers push back on the client.
      case Phase::awaiting_handler: wanted = out_wanted; break;
      case Phase::writing_response: wanted = EPOLLOUT; break;
      case Phase::streaming_events: wanted = EPOLLIN | out_wanted; break;
      case Phase::lingering_close: wanted = EPOLLIN; break;
    }
    if (wanted == c.epoll_events) return;
    epoll_event ev{};
    ev.events = wanted;
    ev.data.u64 = c.id;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev) == 0)
      c.epoll_events = wanted;
    else
      close_connection(c);
  }

  void on_readable(Connection& c) {
    ssize_t n;
    do {
      n = ::recv(c.fd, &read_buffer[0], read_buffer.size(), 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {  // peer closed or reset: nothing left that could be answered
      close_connection(c);
      return;
    }
    switch (c.phase) {
      case Phase::reading_request:
        c.in.append(read_buffer.data(), static_cast<size_t>(n));
        drive(c);
        if (!c.closed && c.phase == Phase::reading_request) {
          account_buffered(c, c.in.size() + c.parser.buffered_bytes());
          if (buffered_total > limits.max_buffered_request_bytes) {
            account_buffered(c, 0);
            c.parser.reset();  // frees the partial body now, not when the socket closes
            start_error(c, 503, "overloaded", "The server is holding too many incoming requests; try again shortly.");
            drive(c);
          }
        }
        break;
      case Phase::lingering_close:   // discarded; only the linger time bounds it
      case Phase::streaming_events:  // discarded
      case Phase::awaiting_handler:  // not watched; a stale event at most
      case Phase::writing_response:
        break;
    }
  }

  void on_event(Connection& c, uint32_t events) {
    if (events & (EPOLLERR | EPOLLHUP)) {  // reset or fully closed: nobody to answer
      close_connection(c);
      return;
    }
    if ((events & EPOLLIN) && (c.phase == Phase::reading_request || c.phase == Phase::streaming_events ||
                               c.phase == Phase::lingering_close))
      on_readable(c);
    if (!c.closed && (events & EPOLLOUT)) drive(c);
  }

  void on_timeout(Connection& c) {
    if (c.phase == Phase::reading_request && c.parser.started()) {
      // Slowloris or a stalled body: say why, then close.
      start_error(c, 408, "timeout", "Request timed out.");
      drive(c);
    } else {
      // Idle keep-alive, stalled reader, or lingering done: nothing to say.
      close_connection(c);
    }
  }

  void close_connection(Connection& c) {
    if (c.closed) return;
    c.closed = true;
    account_buffered(c, 0);
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    if (stream_ids.erase(c.id)) --stat_streams;
    --stat_open;
    closed_ids.push_back(c.id);  // freed at the end of the loop turn; callers may still hold &c
  }

  void reap_closed() {
    for (uint64_t id : closed_ids) connections.erase(id);
    closed_ids.clear();
  }

  // --- 2. worker handoff --------------------------------------------------

  void worker_loop() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(jobs_mutex);
        jobs_cv.wait(lock, [this] { return workers_stop || !jobs.empty(); });
        if (workers_stop) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      const uint64_t connection_id = job.connection_id;
      try {
        Response response = call_handler(handler, job.request);
        job = Job{};  // the request's memory goes back before the answer waits in `results`
        post_result(connection_id, std::move(response));
      } catch (const std::bad_alloc&) {
        // call_handler already turned the handler's own bad_alloc into a 500;
        // this is building or queueing that answer failing. Memory is freed
        // by now (job, response), so a short 503 has a chance.
        job = Job{};
        try {
          post_result(connection_id, overloaded());
        } catch (const std::bad_alloc&) {
          log_out_of_memory("a worker could not queue its answer");
        }
      }
      wake();
    }
  }

  void post_result(uint64_t connection_id, Response response) {
    std::lock_guard<std::mutex> lock(results_mutex);
    results.push_back(Result{connection_id, std::move(response)});
  }

  // Out of memory in the I/O thread while serving one connection (the
  // server may run under a hard address-space limit): drop that connection,
  // which frees its buffers, rather than let std::bad_alloc end the process
  // and every other customer's checkout with it.
  void drop_for_memory(Connection& c) noexcept {
    ++stat_rejected;
    std::string().swap(c.in);
    std::string().swap(c.out);
    c.out_sent = 0;
    try {
      close_connection(c);
    } catch (const std::bad_alloc&) {
      // close_connection closes the descriptor before it allocates; at worst
      // the (now empty) Connection object is not reaped.
    }
    try {
      c.parser = RequestParser(parser_limits);  // a partly parsed body is the big buffer
    } catch (const std::bad_alloc&) {
    }
    log_out_of_memory("closed one connection");
  }

  static void log_out_of_memory(const char* what) noexcept {
    std::fprintf(stderr, "[http] out of memory: %s\n", what);  // no allocation
  }

  // Async-signal-safe: stop() relies on it.
  void wake() {
    const uint64_t one = 1;
    ssize_t ignored = ::write(wake_fd, &one, sizeof one);
    (void)ignored;  // EAGAIN means the counter is already non-zero: still awake
  }

  void on_wakeup() {
    uint64_t count;
    ssize_t ignored = ::read(wake_fd, &count, sizeof count);
    (void)ignored;
    deliver_results();
    deliver_broadcasts();
  }

  void deliver_results() {
    std::vector<Result> batch;
    {
      std::lock_guard<std::mutex> lock(results_mutex);
      batch.swap(results);
    }
    for (Result& result : batch) {
      auto it = connections.find(result.connection_id);
      // The client may have gone while the handler ran.
      if (it == connections.end() || it->second->closed || it->second->phase != Phase::awaiting_handler)
        continue;
      Connection& c = *it->second;
      try {
        start_response(c, std::move(result.response));
        drive(c);
      } catch (const std::bad_alloc&) {
        drop_for_memory(c);
      }
    }
  }

  void deliver_broadcasts() {
    std::string bytes;
    {
      std::lock_guard<std::mutex> lock(broadcast_mutex);
      bytes.swap(pending_broadcast);
    }
    if (!bytes.empty()) append_to_streams(bytes);
  }

  void append_to_streams(const std::string& bytes) {
    const std::vector<uint64_t> ids(stream_ids.begin(), stream_ids.end());  // drive may erase
    for (uint64_t id : ids) {
      Connection& c = *connections.at(id);
      if (c.closed) continue;
      // Bounded memory: a reader this far behind is not coming back.
      if (c.pending_out() + bytes.size() > kMaxStreamBacklog) {
        close_connection(c);
        continue;
      }
      try {
        c.out.append(bytes);
        drive(c);
      } catch (const std::bad_alloc&) {
        drop_for_memory(c);
      }
    }
  }

  // --- 3. I/O loop ----------------------------------------------------------

  bool listen_on(const std::string& host, uint16_t port) {
    if (epoll_fd < 0 || wake_fd < 0) {
      error = std::string("epoll/eventfd unavailable: ") + std::strerror(errno);
      return false;
    }
    if (listen_fd >= 0) {
      error = "already listening";
      return false;
    }
    raise_fd_limit();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    const int gai = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
    if (gai != 0) {
      error = "cannot resolve " + host + ": " + gai_strerror(gai);
      return false;
    }
    int last_errno = 0;
    for (addrinfo* ai = found; ai != nullptr && listen_fd < 0; ai = ai->ai_next) {
      const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
      if (fd < 0) {
        last_errno = errno;
        continue;
      }
      const int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
        listen_fd = fd;
      } else {
        last_errno = errno;
        ::close(fd);
      }
    }
    freeaddrinfo(found);
    if (listen_fd < 0) {
      error = "cannot listen on " + host + ":" + service + ": " + std::strerror(last_errno);
      return false;
    }
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    bound_port = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(addr).sin6_port
                                                  : reinterpret_cast<sockaddr_in&>(addr).sin_port);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenId;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
    spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    return true;
  }

  void set_listener_watched(bool watched) {
    epoll_event ev{};
    ev.events = watched ? EPOLLIN : 0u;
    ev.data.u64 = kListenId;
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &ev);
  }

  void pause_accepting() {
    if (accept_paused_until != 0) return;
    accept_paused_until = now + kAcceptPauseMs;
    set_listener_watched(false);
  }

  // Out of descriptors, the pending connection keeps the listener readable
  // and epoll would report it forever (a busy loop). Spend the reserved
  // descriptor to accept it and close it at once, so the client hears "no"
  // promptly; if even that fails, stop watching the listener for a moment.
  // True if a connection was shed (there may be more).
  bool shed_connection_at_fd_limit() {
    bool shed = false;
    if (spare_fd >= 0) {
      ::close(spare_fd);
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) {
        ++stat_rejected;  // before close: a client that sees the close may read the stats
        ::close(fd);
        shed = true;
      }
      spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    if (spare_fd < 0) pause_accepting();
    return shed && spare_fd >= 0;
  }

  void on_acceptable() {
    for (int i = 0; i < kAcceptBatch && accept_paused_until == 0; ++i) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        // accept4 reports EMFILE even with nothing pending, so stop once nothing was shed.
        if (errno == EMFILE || errno == ENFILE) {
          if (shed_connection_at_fd_limit()) continue;
          return;
        }
        pause_accepting();  // ENOBUFS, ENOMEM...: retrying at once would not help
        return;
      }
      if (connections.size() >= limits.max_connections) {
        ++stat_rejected;  // before close: a client that sees the close may read the stats
        ::close(fd);
        continue;
      }
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      const uint64_t id = next_id++;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = id;
      if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        ::close(fd);
        continue;
      }
      try {
        auto c = std::make_unique<Connection>(id, fd, peer_ip(addr), parser_limits);
        set_deadline(*c, limits.idle_timeout_ms);  // nothing sent yet: idle, not slow
        connections.emplace(id, std::move(c));
      } catch (const std::bad_alloc&) {
        ++stat_rejected;
        ::close(fd);  // also leaves epoll
        log_out_of_memory("refused a new connection");
        pause_accepting();
        return;
      }
      ++stat_open;
    }
  }

  void sweep() {
    std::vector<Connection*> expired;
    for (auto& entry : connections)
      if (!entry.second->closed && entry.second->deadline <= now) expired.push_back(entry.second.get());
    for (Connection* c : expired)
      if (!c->closed) on_timeout(*c);
  }

  void run_loop() {
    std::vector<epoll_event> events(256);
    now = steady_now_ms();
    int64_t next_sweep = now + kSweepIntervalMs;
    const int32_t heartbeat_ms = limits.event_stream_heartbeat_ms;
    int64_t next_heartbeat = heartbeat_ms > 0 ? now + heartbeat_ms : kNoDeadline;
    while (!stop_requested.load()) {
      int64_t wake_at = std::min(next_sweep, next_heartbeat);
      if (accept_paused_until != 0) wake_at = std::min(wake_at, accept_paused_until);
      const int timeout = static_cast<int>(std::clamp<int64_t>(wake_at - now, 0, kSweepIntervalMs));
      const int n = epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), timeout);
      if (n < 0 && errno != EINTR) {
        log_line(std::string("epoll_wait failed: ") + std::strerror(errno));
        break;
      }
      now = steady_now_ms();
      for (int i = 0; i < n; ++i) {
        const uint64_t id = events[i].data.u64;
        if (id == kListenId || id == kWakeId) {
          try {
            if (id == kListenId) on_acceptable();
            else on_wakeup();
          } catch (const std::bad_alloc&) {
            log_out_of_memory(id == kListenId ? "accepting" : "delivering answers");
          }
        } else {
          auto it = connections.find(id);
          if (it != connections.end() && !it->second->closed) {
            Connection& c = *it->second;
            try {
              on_event(c, events[i].events);
            } catch (const std::bad_alloc&) {
              drop_for_memory(c);
            }
          }
        }
      }
      if (accept_paused_until != 0 && now >= accept_paused_until) {
        accept_paused_until = 0;
        set_listener_watched(true);
      }
      if (now >= next_sweep) {
        try {
          sweep();
        } catch (const std::bad_alloc&) {
          log_out_of_memory("sweeping timeouts");  // retried next turn
        }
        next_sweep = now + kSweepIntervalMs;
      }
      if (now >= next_heartbeat) {
        try {
          if (!stream_ids.empty()) append_to_streams(std::string(kSseHeartbeat));
        } catch (const std::bad_alloc&) {
          log_out_of_memory("sending heartbeats");
        }
        next_heartbeat = now + heartbeat_ms;
      }
      reap_closed();
    }
  }

  void run() {
    if (listen_fd < 0 || running.exchange(true)) return;
    {
      std::lock_guard<std::mutex> lock(jobs_mutex);
      workers_stop = false;
    }
    for (uint32_t i = 0; i < std::max<uint32_t>(1, limits.workers); ++i)
      workers.emplace_back([this] { worker_loop(); });

    run_loop();

    {
      std::lock_guard<std::mutex> lock(jobs_mutex);
      workers_stop = true;
      jobs.clear();  // queued requests are dropped with their connections
    }
    jobs_cv.notify_all();
    for (std::thread& t : workers) t.join();  // waits for handlers in progress
    workers.clear();
    for (auto& entry : connections) close_connection(*entry.second);
    reap_closed();
    {
      std::lock_guard<std::mutex> lock(results_mutex);
      results.clear();
    }
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
    ::close(listen_fd);
    listen_fd = -1;
    running = false;
  }
};

// ---------------------------------------------------------------------------
// Public interface

Server::Server(Limits limits) : impl_(std::make_unique<Impl>(limits)) {}

Server::~Server() { stop(); }

void Server::set_handler(Handler h) { impl_->handler = std::move(h); }

void Server::set_inline(std::function<bool(const Request&)> is_inline, Handler h) {
  impl_->is_inline = std::move(is_inline);
  impl_->inline_handler = std::move(h);
}

bool Server::listen(const std::string& host, uint16_t port) { return impl_->listen_on(host, port); }

uint16_t Server::port() const { return impl_->bound_port; }

const std::string& Server::error() const { return impl_->error; }

void Server::run() { impl_->run(); }

void Server::stop() {
  impl_->stop_requested.store(true);
  if (impl_->wake_fd >= 0) impl_->wake();
}

void Server::broadcast(const std::string& event, const std::string& data) {
  if (impl_->stat_streams.load() == 0) return;  // nobody listening: skip the formatting
  const std::string bytes = format_sse_event(event, data);
  {
    std::lock_guard<std::mutex> lock(impl_->broadcast_mutex);
    // Bounded even if the I/O thread is stuck; dropping beats unbounded memory.
    if (impl_->pending_broadcast.size() + bytes.size() > kMaxPendingBroadcast) {
      if (!impl_->broadcast_overflow_logged) log_line("broadcast backlog full; dropping events");
      impl_->broadcast_overflow_logged = true;
      return;
    }
    impl_->pending_broadcast.append(bytes);
  }
  impl_->wake();
}

Server::Stats Server::stats() const {
  return Stats{impl_->stat_open.load(), impl_->stat_streams.load(), impl_->stat_requests.load(),
               impl_->stat_rejected.load()};
}

}  // namespace http
