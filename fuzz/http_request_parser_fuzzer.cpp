// libFuzzer target: the server's incremental HTTP/1.1 request parser
// (server-stub/http/request_parser.h). The first input byte picks the limits
// (the defaults or tiny ones, so the limit paths are reached often), the
// second the size of the pieces the rest arrives in. Oracles:
//  - feed() never claims more bytes than offered, and need_more means all
//    were consumed (the server relies on both to find pipelined requests);
//  - every request it completes respects the limits and the grammar the
//    application relies on (lower-case token header names, field values
//    without CR/LF/NUL, a path starting with '/', a de-chunked body no longer
//    than the limit); errors are 400, 413 or 431 with a message;
//  - splitting the bytes differently never changes the outcome: the same
//    requests, then the same error or the same unfinished state.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "request_parser.h"

namespace {

[[noreturn]] void violated(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "\n*** fuzz oracle violated: %s\n%s\n", what, detail.substr(0, 2000).c_str());
  std::abort();
}

// What a connection saw: each completed request, flattened, then how it ended.
struct Outcome {
  std::vector<std::string> requests;
  int error_status = 0;  // 0: no error
  bool unfinished = false;
  bool operator==(const Outcome& o) const {
    return requests == o.requests && error_status == o.error_status && unfinished == o.unfinished;
  }
};

void check_request(const http::Request& r, const http::ParserLimits& limits) {
  if (!http::is_http_token(r.method)) violated("method is not a token", r.method);
  if (r.body.size() > limits.max_body_bytes) violated("body over the limit", std::to_string(r.body.size()));
  if (r.path != "*" && (r.path.empty() || r.path[0] != '/')) violated("path does not start with '/'", r.path);
  if (r.path.find('\0') != std::string::npos) violated("NUL byte in the decoded path");
  if (r.headers.size() > limits.max_header_count) violated("too many headers");
  for (const auto& [name, value] : r.headers) {
    if (!http::is_http_token(name)) violated("header name is not a token", name);
    for (char c : name) {
      if (c >= 'A' && c <= 'Z') violated("header name not lower-cased", name);
    }
    if (!http::is_http_field_value(value)) violated("header value with CR, LF, NUL or DEL", value);
  }
  // Query decoding must be total: any bytes, no crash.
  (void)r.query_param("skus");
  (void)r.query_param("");
  std::string decoded;
  (void)http::percent_decode(r.query, true, decoded);
}

std::string flatten(const http::Request& r) {
  std::string out = r.method + ' ' + r.target + '\n' + r.path + '\n' + r.query + '\n';
  for (const auto& [name, value] : r.headers) out += name + ':' + value + '\n';
  return out + '\n' + r.body;
}

Outcome run(std::string_view input, size_t piece, const http::ParserLimits& limits) {
  Outcome out;
  http::RequestParser parser(limits);
  size_t offset = 0;
  std::string_view pending;  // unconsumed bytes of the current piece
  for (;;) {
    if (pending.empty()) {
      if (offset >= input.size()) break;
      pending = input.substr(offset, piece);
      offset += pending.size();
    }
    size_t consumed = 0;
    const http::RequestParser::Result result = parser.feed(pending, consumed);
    if (consumed > pending.size()) violated("consumed more than offered");
    pending.remove_prefix(consumed);
    switch (result) {
      case http::RequestParser::Result::need_more:
        if (!pending.empty()) violated("need_more with bytes left unconsumed");
        break;
      case http::RequestParser::Result::headers_complete:
        if (!parser.reading_body()) violated("headers_complete without a body to read");
        break;
      case http::RequestParser::Result::complete: {
        const http::Request r = parser.take_request();
        check_request(r, limits);
        out.requests.push_back(flatten(r));
        parser.reset();
        break;
      }
      case http::RequestParser::Result::error: {
        const int status = parser.error().status;
        if (status != 400 && status != 413 && status != 431) violated("error status", std::to_string(status));
        if (parser.error().message.empty()) violated("error without a message");
        if (parser.keep_alive()) violated("keep-alive after an error");
        out.error_status = status;
        return out;
      }
    }
  }
  // Bytes ran out: is a request half received? (started, or waiting in a body)
  out.unfinished = parser.started() || parser.reading_body();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  http::ParserLimits limits;
  if (data[0] & 1) {
    limits.max_header_bytes = 64 + (data[0] >> 1);
    limits.max_body_bytes = 16 + data[0];
    limits.max_header_count = 4;
    limits.max_chunk_line_bytes = 12;
  }
  const size_t piece = 1 + data[1] % 64;
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
  const Outcome whole = run(input, input.size() + 1, limits);
  const Outcome split = run(input, piece, limits);
  if (!(whole == split)) {
    violated("the outcome depends on how the bytes were split",
             "whole: " + std::to_string(whole.requests.size()) + " requests, error " + std::to_string(whole.error_status) +
                 "; in pieces of " + std::to_string(piece) + ": " + std::to_string(split.requests.size()) +
                 " requests, error " + std::to_string(split.error_status));
  }
  return 0;
}
