// A small HTTP/1.1 server built for hostile networks: one epoll I/O thread
// that never blocks, a fixed worker pool for handlers, and hard limits on
// everything a client controls (header bytes, body bytes with or without
// Content-Length, time to send headers and body, idle time, connections).
// Why our own: Debian's cpp-httplib 0.11.4 does not bound chunked bodies and
// gives each connection a worker thread, so idle connections starve /api/health.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

struct Request {
  std::string method;   // "GET", "POST", ...
  std::string target;   // as sent, e.g. "/api/availability?sku=A&postal=10001"
  std::string path;     // percent-decoded path without the query
  std::string query;    // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;     // de-chunked
  std::string remote_ip;

  // First header with this (lower-case) name, or nullptr.
  const std::string* header(std::string_view name) const;
  // Percent-decoded value of a query parameter ("" when absent).
  std::string query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  // When true the connection becomes a Server-Sent Events stream: the
  // headers and `body` (e.g. a first comment or event) are sent, then it
  // stays open and receives every Server::broadcast until the client leaves.
  bool event_stream = false;
};

struct Limits {
  uint32_t max_header_bytes = 16 * 1024;   // request line + headers -> 431
  uint32_t max_body_bytes = 1024 * 1024;   // also for chunked bodies -> 413
  int32_t header_timeout_ms = 10'000;      // whole header must arrive in this time -> close (408)
  int32_t body_timeout_ms = 15'000;        // whole body -> 408
  int32_t idle_timeout_ms = 30'000;        // keep-alive idle -> close
  uint32_t max_connections = 20'000;       // beyond: accept and close at once
  uint32_t workers = 4;                    // handler threads
  uint32_t max_queued_requests = 1'024;    // beyond: 503 at once, never an unbounded queue
  // Partly received requests across ALL connections (each one's limit times
  // thousands of connections would be gigabytes). Beyond: 503 and close.
  uint64_t max_buffered_request_bytes = 32ull * 1024 * 1024;
  int32_t event_stream_heartbeat_ms = 15'000;
  // Output produced but not yet taken by clients, across ALL connections
  // (answers and event streams). Beyond: the slowest readers are dropped.
  uint64_t max_output_bytes = 64ull * 1024 * 1024;
  // Sent to event streams when the server drains: "reconnect after this".
  int32_t event_stream_retry_ms = 2'000;
};

using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  explicit Server(Limits limits = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The application's dispatcher, run on a worker thread.
  void set_handler(Handler h);
  // Requests for which this returns true are answered on the I/O thread
  // itself (keep them trivial: /api/health), so they answer even when every
  // worker is busy or the queue is full.
  void set_inline(std::function<bool(const Request&)> is_inline, Handler h);

  // Binds host:port (port 0 = any free port); false with a message in error().
  bool listen(const std::string& host, uint16_t port);
  uint16_t port() const;
  const std::string& error() const;

  void run();   // serves until stop() or a finished drain(); call from one thread
  void stop();  // thread-safe, also from a signal-handling thread: at once
  // Thread-safe graceful stop: accept nothing more, close idle connections,
  // answer every request already started (then close), end event streams
  // with a retry hint; run() returns once all is sent or after deadline_ms.
  void drain(int32_t deadline_ms);

  // Thread-safe: queue an SSE event to every open event stream.
  void broadcast(const std::string& event, const std::string& data);

  struct Stats {
    uint64_t open_connections, event_streams, requests, rejected;
    uint64_t slow_readers_dropped = 0;  // by the output budget
    uint64_t output_bytes_waiting = 0;  // counted against Limits::max_output_bytes
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http
