#include "session.h"

#include <utility>

#include "wire_format.h"

namespace http {
namespace {

// Sent bytes are cut from the front of a long-lived output (an event
// stream) once they pass this, so it cannot grow at the front forever.
constexpr size_t kCompactAfter = 64 * 1024;
// An empty output buffer keeps at most this much memory: thousands of
// keep-alive connections that each once sent a large answer must not keep it.
constexpr size_t kKeepCapacity = 16 * 1024;

}  // namespace

Session::Session(const SessionLimits& limits, int64_t now) : limits_(limits), parser_(limits.parser) {
  set_deadline(limits_.idle_timeout_ms, now);  // nothing sent yet: idle, not slow
}

void Session::receive(std::string_view bytes, int64_t now) {
  // Only a request being read is meaningful; on a stream, after an answer
  // that closes, or while lingering, what the client sends is discarded
  // (which costs nothing: only the linger time bounds it).
  if (phase_ != Phase::reading_request) return;
  in_.append(bytes);
  advance(now);
}

void Session::respond(const Response& response, int64_t now) {
  if (phase_ != Phase::awaiting_handler) return;  // the client left meanwhile
  if (response.event_stream && response.status == 200) {
    in_.clear();  // nothing a client sends on a stream is meaningful
    out_.append(serialize_event_stream_start(response));
    phase_ = Phase::streaming_events;
    deadline_ = kNoDeadline;
    if (draining_) {
      out_.append(farewell_);
      ending_stream_ = true;
    }
  } else {
    close_after_write_ = !parser_.keep_alive() || draining_;
    out_.append(serialize_response(response, close_after_write_));
    phase_ = Phase::writing_response;
  }
  if (pending_output() > 0) set_deadline(limits_.idle_timeout_ms, now);  // a client that never reads is dropped
  advance(now);
}

void Session::sent(size_t bytes, int64_t now) {
  if (phase_ == Phase::closed || bytes == 0) return;
  out_sent_ += bytes;
  if (pending_output() == 0) {
    if (out_.capacity() > kKeepCapacity)
      std::string().swap(out_);
    else
      out_.clear();
    out_sent_ = 0;
  } else if (out_sent_ >= kCompactAfter) {
    out_.erase(0, out_sent_);
    out_sent_ = 0;
  }
  // Stall timer for output: refreshed by progress, so only a client that
  // stops reading is dropped, not one on a slow link.
  if (phase_ == Phase::writing_response || phase_ == Phase::streaming_events) {
    if (pending_output() > 0)
      set_deadline(limits_.idle_timeout_ms, now);
    else if (phase_ == Phase::streaming_events)
      deadline_ = kNoDeadline;
  }
  advance(now);
}

void Session::expire(int64_t now) {
  if (phase_ == Phase::reading_request && parser_.started()) {
    start_error(408, "timeout", "Request timed out.", now);  // slowloris or a stalled body: say why
    advance(now);
  } else {
    abort();  // idle keep-alive, a reader that stopped reading, lingering done: nothing to say
  }
}

void Session::peer_closed() { abort(); }

void Session::refuse(int status, std::string_view code, std::string_view message, int64_t now) {
  if (phase_ == Phase::closed) return;
  parser_ = RequestParser(limits_.parser);  // frees a partial body now, not when the socket closes
  start_error(status, code, message, now);
  advance(now);
}

bool Session::push_event(std::string_view bytes, int64_t now) {
  if (phase_ != Phase::streaming_events || ending_stream_) return true;
  // Bounded memory: a reader this far behind is not coming back.
  if (pending_output() + bytes.size() > limits_.max_stream_backlog) {
    abort();
    return false;
  }
  out_.append(bytes);
  if (deadline_ == kNoDeadline) set_deadline(limits_.idle_timeout_ms, now);
  return true;
}

void Session::drain(std::string_view farewell, int64_t now) {
  if (draining_) return;
  draining_ = true;
  farewell_.assign(farewell);
  switch (phase_) {
    case Phase::reading_request:
      if (idle()) start_lingering_close(now);  // a started request is read and answered
      break;
    case Phase::writing_response:
      close_after_write_ = true;  // a server may close after any complete answer
      break;
    case Phase::streaming_events:
      out_.append(farewell_);
      ending_stream_ = true;
      if (deadline_ == kNoDeadline) set_deadline(limits_.idle_timeout_ms, now);
      advance(now);
      break;
    case Phase::awaiting_handler:  // respond() sees draining_
    case Phase::lingering_close:
    case Phase::closed:
      break;
  }
}

void Session::abort() noexcept {
  phase_ = Phase::closed;
  ready_.reset();
  free_buffers();
  deadline_ = kNoDeadline;
}

std::optional<Request> Session::take_request() {
  std::optional<Request> request;
  request.swap(ready_);
  return request;
}

bool Session::wants_input() const {
  switch (phase_) {
    case Phase::reading_request:
    case Phase::streaming_events:  // to notice the client leaving
    case Phase::lingering_close:
      return true;
    // Not reading while a request is in flight is what keeps pipelined
    // input bounded: the kernel's buffers push back on the client.
    case Phase::awaiting_handler:
    case Phase::writing_response:
    case Phase::closed:
      return false;
  }
  return false;
}

size_t Session::buffered_request_bytes() const {
  return phase_ == Phase::reading_request ? in_.size() + parser_.buffered_bytes() : 0;
}

bool Session::idle() const {
  return phase_ == Phase::reading_request && !parser_.started() && in_.empty() && pending_output() == 0;
}

// A loop, not recursion: a buffer full of pipelined requests is answered one
// after another without growing the stack.
void Session::advance(int64_t now) {
  for (;;) {
    switch (phase_) {
      case Phase::reading_request:
        if (parse_input(now)) continue;
        return;
      case Phase::writing_response:
        if (pending_output() > 0) return;
        finish_response(now);
        continue;
      case Phase::streaming_events:
        if (ending_stream_ && pending_output() == 0) start_lingering_close(now);
        return;
      case Phase::awaiting_handler:
      case Phase::lingering_close:
      case Phase::closed:
        return;
    }
  }
}

// Feeds buffered bytes to the parser. True when the phase changed or the
// body started (advance() goes on); false when more bytes are needed.
bool Session::parse_input(int64_t now) {
  if (in_.empty()) return false;
  const bool was_started = parser_.started();
  size_t consumed = 0;
  const RequestParser::Result result = parser_.feed(in_, consumed);
  in_.erase(0, consumed);
  // The header clock starts with the first byte of a request, not when the
  // connection went idle: keep-alive idleness has its own timeout.
  if (!was_started && parser_.started()) set_deadline(limits_.header_timeout_ms, now);
  switch (result) {
    case RequestParser::Result::need_more:
      return false;
    case RequestParser::Result::headers_complete:
      set_deadline(limits_.body_timeout_ms, now);
      // Only when the client is actually waiting: body bytes already here mean it is not.
      if (parser_.expects_continue() && in_.empty()) out_.append(kContinueResponse);
      return true;
    case RequestParser::Result::complete:
      ready_ = parser_.take_request();
      phase_ = Phase::awaiting_handler;
      deadline_ = kNoDeadline;  // handlers are the application's to bound
      return false;
    case RequestParser::Result::error: {
      const ParseError& e = parser_.error();
      const char* code = e.status == 413 ? "too_large" : e.status == 431 ? "header_too_large" : "malformed_request";
      start_error(e.status, code, e.message, now);
      return true;
    }
  }
  return false;
}

// Transport errors: the request framing is lost or the client misbehaved, so
// the connection is always closed after the answer.
void Session::start_error(int status, std::string_view code, std::string_view message, int64_t now) {
  in_.clear();
  close_after_write_ = true;
  out_.append(serialize_response(error_response(status, code, message), true));
  phase_ = Phase::writing_response;
  set_deadline(limits_.idle_timeout_ms, now);
}

void Session::finish_response(int64_t now) {
  if (close_after_write_ || draining_) {
    start_lingering_close(now);
    return;
  }
  parser_.reset();
  phase_ = Phase::reading_request;
  set_deadline(limits_.idle_timeout_ms, now);  // replaced by the header timeout on the first byte
}

// close() with unread input makes the kernel send RST, which can destroy the
// answer just sent (a 413 for a body we refused to read) before the client
// reads it. So: shut our side, discard input for a moment, then close. Bounded
// by time, not bytes: a byte cap would reset exactly the clients still sending
// the body we refused, and discarding costs no memory (finding S7). The
// client's own close (EOF) ends it sooner.
void Session::start_lingering_close(int64_t now) {
  phase_ = Phase::lingering_close;
  free_buffers();
  deadline_ = now + limits_.linger_ms;
}

void Session::set_deadline(int32_t timeout_ms, int64_t now) {
  deadline_ = timeout_ms < 0 ? kNoDeadline : now + timeout_ms;
}

void Session::free_buffers() noexcept {
  std::string().swap(in_);
  std::string().swap(out_);
  out_sent_ = 0;
  try {
    parser_ = RequestParser(limits_.parser);  // a partly parsed body is the big buffer
  } catch (...) {
    parser_.reset();
  }
}

}  // namespace http
