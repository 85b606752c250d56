// Incremental HTTP/1.1 request parser: bytes go in as they arrive, in pieces
// of any size, and every quantity a client controls is bounded while it is
// being received (header bytes, header count, chunk-size lines, trailers,
// body bytes with or without Content-Length). No I/O, no clock: the server
// owns sockets and timeouts, which keeps this unit-testable on its own.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http_server.h"

namespace http {

struct ParserLimits {
  uint32_t max_header_bytes = 16 * 1024;  // request line + headers, incl. final CRLFCRLF -> 431
  uint32_t max_body_bytes = 1024 * 1024;  // de-chunked body -> 413
  uint32_t max_header_count = 100;        // -> 431
  uint32_t max_chunk_line_bytes = 1024;   // chunk-size line incl. extensions -> 400
};

// Why the request was refused; status is 400, 413 or 431.
struct ParseError {
  int status = 0;
  std::string message;  // safe to show the client: describes its own bytes
};

class RequestParser {
 public:
  enum class Result {
    need_more,         // everything offered was consumed; feed more bytes later
    headers_complete,  // headers parsed and a body follows (time to send 100 Continue)
    complete,          // a whole request is ready: take_request()
    error,             // see error(); the connection must be closed after answering
  };

  explicit RequestParser(ParserLimits limits = {});

  // Consumes a prefix of `data` and sets `consumed` to its length. Stops right
  // after the end of a request, so pipelined bytes are left to the caller.
  // headers_complete is returned once, then feeding continues with the body.
  Result feed(std::string_view data, size_t& consumed);

  // Ready for the next request on the same connection.
  void reset();

  bool started() const { return started_; }        // any byte of this request seen
  bool reading_body() const;                        // headers done, body not yet
  bool keep_alive() const { return keep_alive_; }   // valid once headers are parsed
  bool expects_continue() const { return expects_continue_; }
  const ParseError& error() const { return error_; }
  Request take_request();  // after complete
  // Bytes of the current request held in memory (head, chunk line, body so far).
  size_t buffered_bytes() const { return head_.size() + line_.size() + request_.body.size(); }

 private:
  enum class State {
    head,              // request line + headers, until CRLFCRLF
    body_fixed,        // Content-Length bytes
    chunk_size_line,   // "1a;ext=v\r\n"
    chunk_data,
    chunk_data_crlf,   // the CRLF after each chunk's data
    trailer,           // trailer lines after the last chunk, until an empty line
    complete,
    failed,
  };

  size_t feed_head(std::string_view data);
  size_t feed_body_fixed(std::string_view data);
  size_t feed_chunk_size_line(std::string_view data);
  size_t feed_chunk_data(std::string_view data);
  size_t feed_chunk_data_crlf(std::string_view data);
  size_t feed_trailer(std::string_view data);

  void parse_head();  // head_ holds exactly the header block
  bool parse_request_line(std::string_view line);
  void finish_chunk_size_line();
  void fail(int status, std::string message);
  void headers_done();

  ParserLimits limits_;
  State state_ = State::head;
  bool started_ = false;
  bool announced_headers_ = false;  // headers_complete already returned
  uint32_t leading_newlines_ = 0;   // empty lines tolerated before a request line
  std::string head_;                // header block being accumulated
  std::string line_;                // current chunk-size or trailer line
  uint64_t remaining_ = 0;          // bytes left in the fixed body or current chunk
  uint32_t trailer_bytes_ = 0;
  uint8_t crlf_seen_ = 0;           // progress through a chunk's closing CRLF
  bool http11_ = true;
  bool keep_alive_ = true;
  bool expects_continue_ = false;
  Request request_;
  ParseError error_;
};

// RFC 9110 grammar checks, shared with the response writer (which must not
// let a handler inject header lines either).
bool is_http_token(std::string_view s);
bool is_http_field_value(std::string_view s);  // no CR, LF, NUL, DEL

// Percent-decodes `in`; with plus_is_space also '+' -> ' ' (query strings).
// False on a malformed escape or a decoded NUL byte.
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out);

}  // namespace http
