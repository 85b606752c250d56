// One HTTP connection as a state machine with no I/O: bytes the peer sent
// go in (receive), a complete request comes out (take_request), the
// handler's answer goes in (respond), bytes to send come out (output) and
// the transport reports how many it sent (sent). Time is an argument, never
// read. The server owns the socket and does what the session asks
// (wants_input, write_side_closed, closed); tests drive it without sockets.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "http_server.h"
#include "request_parser.h"

namespace http {

inline constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();

struct SessionLimits {
  ParserLimits parser;
  int32_t header_timeout_ms = 10'000;  // first byte of a request -> whole head
  int32_t body_timeout_ms = 15'000;    // end of head -> whole body
  int32_t idle_timeout_ms = 30'000;    // keep-alive idle; also an output stall
  size_t max_stream_backlog = 1024 * 1024;  // unsent event bytes before a reader is dropped
  int64_t linger_ms = 2000;            // see Session::start_lingering_close
};

class Session {
 public:
  enum class Phase {
    reading_request,   // parser fed from input; deadline: idle, then header, then body timeout
    awaiting_handler,  // a request is out (take_request); input is not read meanwhile
    writing_response,  // output draining; then the next request or a lingering close
    streaming_events,  // Server-Sent Events: pushed events are appended to the output
    lingering_close,   // our write side is shut; input is discarded until EOF or the linger time
    closed,            // the transport must close the socket
  };

  Session(const SessionLimits& limits, int64_t now);

  // --- inputs ---------------------------------------------------------------
  void receive(std::string_view bytes, int64_t now);  // what the peer sent
  void respond(const Response& response, int64_t now);  // answer to the request taken
  void sent(size_t bytes, int64_t now);  // the transport sent this prefix of output()
  void expire(int64_t now);              // called once now >= deadline()
  void peer_closed();                    // EOF, reset or a socket error
  // A refusal decided by the transport (over a budget): answered, then closed.
  void refuse(int status, std::string_view code, std::string_view message, int64_t now);
  // An event for a stream; false (and closed) when the reader is too far behind.
  bool push_event(std::string_view bytes, int64_t now);
  // Shutdown begins: idle connections close, requests already started are
  // answered with "Connection: close", event streams get `farewell` and end.
  void drain(std::string_view farewell, int64_t now);
  void abort() noexcept;  // closed at once, buffers freed (out of memory, budget victim)

  // --- outputs --------------------------------------------------------------
  std::optional<Request> take_request();  // once per request, in awaiting_handler
  std::string_view output() const { return std::string_view(out_).substr(out_sent_); }
  size_t pending_output() const { return out_.size() - out_sent_; }
  bool wants_input() const;
  bool write_side_closed() const { return phase_ == Phase::lingering_close; }
  bool closed() const { return phase_ == Phase::closed; }
  Phase phase() const { return phase_; }
  int64_t deadline() const { return deadline_; }
  // Bytes of a partly received request held in memory (the global request budget).
  size_t buffered_request_bytes() const;
  bool draining() const { return draining_; }
  // Quiet: nothing started, nothing to send (a drain may close it).
  bool idle() const;

 private:
  void advance(int64_t now);  // as far as possible without new input
  bool parse_input(int64_t now);
  void start_error(int status, std::string_view code, std::string_view message, int64_t now);
  void finish_response(int64_t now);
  void start_lingering_close(int64_t now);
  void set_deadline(int32_t timeout_ms, int64_t now);
  void free_buffers() noexcept;

  SessionLimits limits_;
  Phase phase_ = Phase::reading_request;
  RequestParser parser_;
  std::string in_;   // received but not parsed: pipelined requests wait here
  std::string out_;  // bytes to send; out_sent_ of them already sent
  size_t out_sent_ = 0;
  std::optional<Request> ready_;
  bool close_after_write_ = false;
  bool draining_ = false;
  bool ending_stream_ = false;  // the farewell is queued; close once it is sent
  std::string farewell_;
  int64_t deadline_ = kNoDeadline;
};

}  // namespace http
