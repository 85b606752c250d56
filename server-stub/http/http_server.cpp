// The I/O loop: one epoll thread that owns every socket and glues the
// transport's parts together, each in its own unit:
//   listener.h       accepting (and shedding at the descriptor limit)
//   session.h        one connection's protocol state machine, without I/O
//   worker_pool.h    handlers on worker threads, answers handed back
//   event_hub.h      event-stream fan-out
//   timers.h         deadlines: timeout sweep, heartbeats, accept pause, drain
//   output_budget.h  one budget for output waiting on clients
// Here: moving bytes between sockets and sessions, the two global budgets
// (partly received requests, unsent output), and the drain on shutdown.
#include "http_server.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <new>

#include "event_hub.h"
#include "listener.h"
#include "output_budget.h"
#include "session.h"
#include "timers.h"
#include "wire_format.h"
#include "worker_pool.h"

namespace http {
namespace {

constexpr int kSweepIntervalMs = 250;                 // timer resolution; sweep is O(connections)
constexpr size_t kReadChunk = 64 * 1024;              // one recv per readiness event, for fairness
constexpr size_t kMaxPendingBroadcast = 1024 * 1024;  // events waiting for the I/O thread
constexpr int kAcceptBatch = 256;                     // accepts per readiness event
constexpr int64_t kAcceptPauseMs = 100;
// epoll user data: connection ids start above the two fixed descriptors, and
// are never reused, so a late worker answer cannot reach a newer connection
// that happens to get the same fd number.
constexpr uint64_t kListenId = 0;
constexpr uint64_t kWakeId = 1;
constexpr uint64_t kFirstConnectionId = 2;

int64_t steady_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

struct Connection {
  Connection(uint64_t id_, int fd_, std::string ip, const SessionLimits& limits, int64_t now)
      : id(id_), fd(fd_), remote_ip(std::move(ip)), session(limits, now) {}
  const uint64_t id;
  const int fd;
  const std::string remote_ip;
  Session session;
  bool open = true;        // fd not yet closed; the object lives until the end of the loop turn
  bool write_shut = false;  // shutdown(SHUT_WR) done for a lingering close
  uint32_t epoll_events = EPOLLIN;  // interest currently registered
  size_t request_bytes_accounted = 0;  // share of Impl::request_bytes
};

}  // namespace

struct Server::Impl {
  explicit Impl(Limits l)
      : limits(l),
        pool(l.max_queued_requests, std::max<uint64_t>(1024 * 1024, l.max_output_bytes / 8), [this] { wake(); }),
        hub(kMaxPendingBroadcast, [this] { wake(); }),
        output_budget(l.max_output_bytes) {
    session_limits.parser.max_header_bytes = limits.max_header_bytes;
    session_limits.parser.max_body_bytes = limits.max_body_bytes;
    session_limits.header_timeout_ms = limits.header_timeout_ms;
    session_limits.body_timeout_ms = limits.body_timeout_ms;
    session_limits.idle_timeout_ms = limits.idle_timeout_ms;
    farewell = "retry: " + std::to_string(std::max<int32_t>(0, limits.event_stream_retry_ms)) + "\n\n";
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
    pool.stop();
    for (auto& entry : connections)
      if (entry.second->open) ::close(entry.second->fd);
    for (int fd : {wake_fd, epoll_fd})
      if (fd >= 0) ::close(fd);
  }

  const Limits limits;
  SessionLimits session_limits;
  std::string farewell;  // the SSE retry hint that ends a stream on drain
  Handler handler;
  std::function<bool(const Request&)> is_inline;
  Handler inline_handler;

  int epoll_fd = -1;
  int wake_fd = -1;
  Listener listener;
  std::string error;

  std::atomic<bool> stop_requested{false};
  std::atomic<int32_t> drain_requested_ms{-1};  // -1: no drain asked
  std::atomic<bool> running{false};
  std::atomic<uint64_t> stat_open{0}, stat_requests{0}, stat_rejected{0}, stat_slow_dropped{0},
      stat_output_waiting{0};

  WorkerPool pool;
  EventHub hub;

  // I/O-thread-only state.
  std::map<uint64_t, std::unique_ptr<Connection>> connections;
  std::vector<uint64_t> closed_ids;
  uint64_t next_id = kFirstConnectionId;
  int64_t now = steady_now_ms();
  Timers timers;
  bool accepting = true;
  bool draining = false;
  uint64_t request_bytes = 0;  // partly received requests, all connections (finding S4)
  OutputBudget output_budget;
  uint64_t slow_dropped_unlogged = 0;
  int64_t next_drop_log = 0;
  std::string read_buffer = std::string(kReadChunk, '\0');

  // --- moving bytes between a socket and its session -----------------------

  // Acts on everything the session wants until it waits for the network or
  // a worker: hands out requests, sends output, shuts or closes the socket.
  void pump(Connection& c) {
    bool progressed = false;
    while (c.open) {
      if (c.session.closed()) {
        close_connection(c);
        return;
      }
      if (std::optional<Request> request = c.session.take_request()) {
        dispatch(c, std::move(*request));
        continue;
      }
      if (c.session.pending_output() == 0) break;
      const std::string_view out = c.session.output();
      const ssize_t n = ::send(c.fd, out.data(), out.size(), MSG_NOSIGNAL);
      if (n > 0) {
        progressed = true;
        c.session.sent(static_cast<size_t>(n), now);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      } else {
        close_connection(c);
        return;
      }
    }
    if (c.session.phase() == Session::Phase::streaming_events)
      hub.subscribe(c.id);
    else
      hub.unsubscribe(c.id);  // a stream that said farewell takes no more events
    if (c.session.write_side_closed() && !c.write_shut) {
      ::shutdown(c.fd, SHUT_WR);
      c.write_shut = true;
    }
    output_budget.update(c.id, c.session.pending_output(), progressed, now);
    update_interest(c);
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
        log_line("inline predicate threw");
      }
    }
    if (run_inline) {
      c.session.respond(call_handler(inline_handler, request), now);
    } else if (!pool.submit(c.id, std::move(request))) {
      ++stat_rejected;  // queue full: a fast, honest 503 beats an unbounded queue of stale work
      c.session.respond(overloaded_response(), now);
    }
  }

  void update_interest(Connection& c) {
    if (!c.open) return;
    const uint32_t wanted = (c.session.wants_input() ? EPOLLIN : 0u) | (c.session.pending_output() ? EPOLLOUT : 0u);
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
    c.session.receive(std::string_view(read_buffer.data(), static_cast<size_t>(n)), now);
    pump(c);
    if (!c.open) return;
    account_request_bytes(c, c.session.buffered_request_bytes());
    if (request_bytes > limits.max_buffered_request_bytes) {
      account_request_bytes(c, 0);
      c.session.refuse(503, "overloaded", "The server is holding too many incoming requests; try again shortly.", now);
      pump(c);
    }
  }

  void on_event(Connection& c, uint32_t events) {
    if (events & (EPOLLERR | EPOLLHUP)) {  // reset or fully closed: nobody to answer
      close_connection(c);
      return;
    }
    if ((events & EPOLLIN) && c.session.wants_input()) on_readable(c);
    if (c.open && (events & EPOLLOUT)) pump(c);
  }

  void account_request_bytes(Connection& c, size_t bytes) {
    request_bytes = request_bytes - c.request_bytes_accounted + bytes;
    c.request_bytes_accounted = bytes;
  }

  void close_connection(Connection& c) {
    if (!c.open) return;
    c.open = false;
    c.session.abort();
    account_request_bytes(c, 0);
    output_budget.forget(c.id);
    hub.unsubscribe(c.id);
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    --stat_open;
    closed_ids.push_back(c.id);  // freed at the end of the loop turn; callers may still hold &c
  }

  void reap_closed() {
    for (uint64_t id : closed_ids) connections.erase(id);
    closed_ids.clear();
  }

  // Out of memory in the I/O thread while serving one connection (the
  // server may run under a hard address-space limit): drop that connection,
  // which frees its buffers, rather than let std::bad_alloc end the process
  // and every other customer's checkout with it (finding S5).
  void drop_for_memory(Connection& c) noexcept {
    ++stat_rejected;
    c.session.abort();
    try {
      close_connection(c);
    } catch (const std::bad_alloc&) {
      // close_connection closes the descriptor before it allocates; at worst
      // the (now empty) Connection object is not reaped.
    }
    log_out_of_memory("closed one connection");
  }

  // Past the budget, the readers that have gone longest without taking any
  // output are dropped until the rest fits: memory stays bounded whatever
  // the number of clients that do not read.
  void enforce_output_budget() {
    while (output_budget.over()) {
      const std::optional<uint64_t> victim = output_budget.slowest();
      if (!victim) break;
      auto it = connections.find(*victim);
      if (it == connections.end() || !it->second->open) {
        output_budget.forget(*victim);
        continue;
      }
      ++stat_slow_dropped;
      ++slow_dropped_unlogged;
      close_connection(*it->second);
    }
    stat_output_waiting = output_budget.total();
  }

  // Once a second at most: a flood of drops must not become a flood of lines.
  void log_budget_drops() {
    if (slow_dropped_unlogged == 0 || now < next_drop_log) return;
    log_line("output budget spent: dropped " + std::to_string(slow_dropped_unlogged) + " slowest reader(s), " +
             std::to_string(stat_slow_dropped.load()) + " in all");
    slow_dropped_unlogged = 0;
    next_drop_log = now + 1000;
  }

  // --- wake-ups from other threads ------------------------------------------

  // Async-signal-safe: stop() and drain() rely on it.
  void wake() {
    const uint64_t one = 1;
    ssize_t ignored = ::write(wake_fd, &one, sizeof one);
    (void)ignored;  // EAGAIN means the counter is already non-zero: still awake
  }

  void on_wakeup() {
    uint64_t count;
    ssize_t ignored = ::read(wake_fd, &count, sizeof count);
    (void)ignored;
    deliver_answers();
    const std::string events = hub.take_pending();
    if (!events.empty()) push_to_streams(events);
  }

  void deliver_answers() {
    for (WorkerPool::Answer& answer : pool.take_answers()) {
      auto it = connections.find(answer.connection_id);
      // The client may have gone while the handler ran.
      if (it == connections.end() || !it->second->open) continue;
      Connection& c = *it->second;
      try {
        c.session.respond(answer.response, now);
        answer.response = Response{};  // the serialized copy is the one that waits
        pump(c);
      } catch (const std::bad_alloc&) {
        drop_for_memory(c);
      }
    }
  }

  void push_to_streams(const std::string& bytes) {
    const std::vector<uint64_t> ids(hub.subscribers().begin(), hub.subscribers().end());  // pump may unsubscribe
    for (uint64_t id : ids) {
      Connection& c = *connections.at(id);
      if (!c.open) continue;
      try {
        c.session.push_event(bytes, now);
        pump(c);
      } catch (const std::bad_alloc&) {
        drop_for_memory(c);
      }
    }
  }

  // --- accepting -------------------------------------------------------------

  void set_listener_watched(bool watched) {
    epoll_event ev{};
    ev.events = watched ? EPOLLIN : 0u;
    ev.data.u64 = kListenId;
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listener.fd(), &ev);
  }

  void pause_accepting() {
    if (!accepting) return;
    accepting = false;
    set_listener_watched(false);
    timers.at(Timers::Id::resume_accepting, now + kAcceptPauseMs);
  }

  void on_acceptable() {
    for (int i = 0; i < kAcceptBatch && accepting && listener.is_open(); ++i) {
      int fd = -1;
      std::string ip;
      switch (listener.accept(fd, ip)) {
        case Listener::Outcome::empty:
          return;
        case Listener::Outcome::shed:
          ++stat_rejected;
          continue;
        case Listener::Outcome::pause:
          pause_accepting();
          return;
        case Listener::Outcome::accepted:
          break;
      }
      if (connections.size() >= limits.max_connections) {
        ++stat_rejected;  // before close: a client that sees the close may read the stats
        ::close(fd);
        continue;
      }
      const uint64_t id = next_id++;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = id;
      if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        ::close(fd);
        continue;
      }
      try {
        connections.emplace(id, std::make_unique<Connection>(id, fd, std::move(ip), session_limits, now));
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

  // --- timers ----------------------------------------------------------------

  void sweep() {
    std::vector<Connection*> expired;
    for (auto& entry : connections)
      if (entry.second->open && entry.second->session.deadline() <= now) expired.push_back(entry.second.get());
    for (Connection* c : expired) {
      if (!c->open) continue;
      c->session.expire(now);
      pump(*c);
    }
  }

  void on_timer(Timers::Id id) {
    switch (id) {
      case Timers::Id::sweep:
        sweep();
        break;
      case Timers::Id::heartbeat:
        if (!hub.subscribers().empty()) push_to_streams(std::string(kSseHeartbeat));
        break;
      case Timers::Id::resume_accepting:
        if (listener.is_open() && !accepting) {
          accepting = true;
          set_listener_watched(true);
        }
        break;
      case Timers::Id::drain_deadline:
        log_line("drain deadline reached with " + std::to_string(stat_open.load()) + " connection(s) open");
        stop_requested = true;
        break;
    }
  }

  // --- shutdown --------------------------------------------------------------

  // Stop accepting (the kernel refuses connections not yet accepted: none of
  // their requests was read), then let every session finish what it started.
  void begin_drain(int32_t deadline_ms) {
    draining = true;
    accepting = false;
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listener.fd(), nullptr);
    listener.close();
    timers.cancel(Timers::Id::resume_accepting);
    timers.at(Timers::Id::drain_deadline, now + deadline_ms);
    log_line("draining " + std::to_string(stat_open.load()) + " connection(s), deadline " +
             std::to_string(deadline_ms) + " ms");
    for (auto& entry : connections) {
      Connection& c = *entry.second;
      if (!c.open) continue;
      c.session.drain(farewell, now);
      pump(c);
    }
  }

  bool drained() const { return draining && stat_open.load() == 0 && pool.outstanding() == 0; }

  // --- the loop --------------------------------------------------------------

  void run_loop() {
    std::vector<epoll_event> events(256);
    now = steady_now_ms();
    timers.every(Timers::Id::sweep, kSweepIntervalMs, now);
    if (limits.event_stream_heartbeat_ms > 0) timers.every(Timers::Id::heartbeat, limits.event_stream_heartbeat_ms, now);
    while (!stop_requested.load() && !drained()) {
      const int n = epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()),
                               timers.wait_ms(now, kSweepIntervalMs));
      if (n < 0 && errno != EINTR) {
        log_line(std::string("epoll_wait failed: ") + std::strerror(errno));
        break;
      }
      now = steady_now_ms();
      for (int i = 0; i < n; ++i) handle_event(events[i]);
      const int32_t drain_ms = drain_requested_ms.load();
      if (drain_ms >= 0 && !draining) guarded("starting the drain", [&] { begin_drain(drain_ms); });
      for (Timers::Id id : timers.due(now)) guarded("running timers", [&] { on_timer(id); });
      guarded("enforcing the output budget", [&] {
        enforce_output_budget();
        log_budget_drops();
      });
      reap_closed();
    }
  }

  void handle_event(const epoll_event& event) {
    const uint64_t id = event.data.u64;
    if (id == kListenId) {
      guarded("accepting", [&] { on_acceptable(); });
    } else if (id == kWakeId) {
      guarded("delivering answers", [&] { on_wakeup(); });
    } else {
      auto it = connections.find(id);
      if (it == connections.end() || !it->second->open) return;
      Connection& c = *it->second;
      try {
        on_event(c, event.events);
      } catch (const std::bad_alloc&) {
        drop_for_memory(c);
      }
    }
  }

  // Work not tied to one connection: out of memory, it is retried next turn.
  template <typename Work>
  static void guarded(const char* what, Work work) {
    try {
      work();
    } catch (const std::bad_alloc&) {
      log_out_of_memory(what);
    }
  }

  void run() {
    if (!listener.is_open() || running.exchange(true)) return;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenId;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener.fd(), &ev);
    pool.start(limits.workers, handler);

    run_loop();

    pool.stop();  // waits for handlers in progress; queued requests are dropped with their connections
    for (auto& entry : connections) close_connection(*entry.second);
    reap_closed();
    if (listener.is_open()) epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listener.fd(), nullptr);
    listener.close();
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

bool Server::listen(const std::string& host, uint16_t port) {
  if (impl_->epoll_fd < 0 || impl_->wake_fd < 0) {
    impl_->error = std::string("epoll/eventfd unavailable: ") + std::strerror(errno);
    return false;
  }
  return impl_->listener.open(host, port, impl_->error);
}

uint16_t Server::port() const { return impl_->listener.port(); }

const std::string& Server::error() const { return impl_->error; }

void Server::run() { impl_->run(); }

void Server::stop() {
  impl_->stop_requested.store(true);
  if (impl_->wake_fd >= 0) impl_->wake();
}

void Server::drain(int32_t deadline_ms) {
  int32_t expected = -1;
  impl_->drain_requested_ms.compare_exchange_strong(expected, std::max<int32_t>(0, deadline_ms));
  if (impl_->wake_fd >= 0) impl_->wake();
}

void Server::broadcast(const std::string& event, const std::string& data) { impl_->hub.publish(event, data); }

Server::Stats Server::stats() const {
  return Stats{impl_->stat_open.load(),     impl_->hub.count(),          impl_->stat_requests.load(),
               impl_->stat_rejected.load(), impl_->stat_slow_dropped.load(), impl_->stat_output_waiting.load()};
}

}  // namespace http
