#include "request_parser.h"

#include <algorithm>
#include <cstring>

namespace http {
namespace {

// RFC 9110 token characters (method and header names).
bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}


std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && to_lower(s.substr(0, prefix.size())) == prefix;
}

std::string too_large_message(uint32_t limit) {
  return "Request body exceeds " + std::to_string(limit) + " bytes.";
}

}  // namespace

bool is_http_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

// Visible ASCII, space, tab and obs-text; never CR, LF, NUL or DEL, which are
// what header injection and request smuggling are made of.
bool is_http_field_value(std::string_view s) {
  for (unsigned char c : s)
    if (!(c == '\t' || (c >= 0x20 && c != 0x7f))) return false;
  return true;
}

bool percent_decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(static_cast<unsigned char>(in[i + 1]));
      const int lo = hex_value(static_cast<unsigned char>(in[i + 2]));
      if (hi < 0 || lo < 0) return false;
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;  // would truncate C strings further down
      out.push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& h : headers)
    if (h.first == name) return &h.second;
  return nullptr;
}

std::string Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  std::string key;
  std::string value;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t eq = pair.find('=');
    if (!percent_decode(pair.substr(0, eq), true, key) || key != name) continue;
    if (eq == std::string_view::npos) return "";
    return percent_decode(pair.substr(eq + 1), true, value) ? value : "";
  }
  return "";
}

RequestParser::RequestParser(ParserLimits limits) : limits_(limits) {}

void RequestParser::reset() {
  state_ = State::head;
  started_ = false;
  announced_headers_ = false;
  leading_newlines_ = 0;
  std::string().swap(head_);  // give the memory back: idle keep-alive connections are many
  line_.clear();
  remaining_ = 0;
  trailer_bytes_ = 0;
  crlf_seen_ = 0;
  http11_ = true;
  keep_alive_ = true;
  expects_continue_ = false;
  request_ = Request{};
  error_ = ParseError{};
}

bool RequestParser::reading_body() const {
  return state_ == State::body_fixed || state_ == State::chunk_size_line ||
         state_ == State::chunk_data || state_ == State::chunk_data_crlf ||
         state_ == State::trailer;
}

Request RequestParser::take_request() {
  Request out = std::move(request_);
  request_ = Request{};
  return out;
}

void RequestParser::fail(int status, std::string message) {
  state_ = State::failed;
  error_.status = status;
  error_.message = std::move(message);
  keep_alive_ = false;
}

RequestParser::Result RequestParser::feed(std::string_view data, size_t& consumed) {
  consumed = 0;
  for (;;) {
    if (state_ == State::complete) return Result::complete;
    if (state_ == State::failed) return Result::error;
    if (state_ != State::head && !announced_headers_) {
      announced_headers_ = true;
      return Result::headers_complete;
    }
    if (consumed == data.size()) return Result::need_more;
    // Every step consumes at least one byte or changes state, so this ends.
    const std::string_view rest = data.substr(consumed);
    switch (state_) {
      case State::head: consumed += feed_head(rest); break;
      case State::body_fixed: consumed += feed_body_fixed(rest); break;
      case State::chunk_size_line: consumed += feed_chunk_size_line(rest); break;
      case State::chunk_data: consumed += feed_chunk_data(rest); break;
      case State::chunk_data_crlf: consumed += feed_chunk_data_crlf(rest); break;
      case State::trailer: consumed += feed_trailer(rest); break;
      case State::complete:
      case State::failed: break;
    }
  }
}

size_t RequestParser::feed_head(std::string_view data) {
  size_t skipped = 0;
  if (head_.empty()) {
    // RFC 9112 2.2: ignore empty lines before the request line (some clients
    // send a stray CRLF after a POST body). They are not a request yet, so an
    // idle connection stays idle; more than a few is garbage.
    while (skipped < data.size() && (data[skipped] == '\r' || data[skipped] == '\n')) {
      ++skipped;
      if (++leading_newlines_ > 8) {
        fail(400, "Malformed request line.");
        return skipped;
      }
    }
    if (skipped == data.size()) return skipped;
    // Fail fast on bytes that cannot start a method (TLS handshakes, binary
    // junk) instead of holding the connection until the header timeout.
    if (!is_tchar(static_cast<unsigned char>(data[skipped]))) {
      fail(400, "Malformed request line.");
      return skipped + 1;
    }
  }
  started_ = true;
  data.remove_prefix(skipped);

  const size_t limit = limits_.max_header_bytes;
  const size_t old_size = head_.size();
  const size_t take = std::min(data.size(), limit - old_size);
  head_.append(data.data(), take);
  // The terminator may straddle the previous piece: look back 3 bytes.
  const size_t end = head_.find("\r\n\r\n", old_size >= 3 ? old_size - 3 : 0);
  if (end != std::string::npos) {
    const size_t head_size = end + 4;
    head_.resize(head_size);
    parse_head();
    return skipped + (head_size - old_size);
  }
  if (head_.size() >= limit)
    fail(431, "Request header exceeds " + std::to_string(limit) + " bytes.");
  return skipped + take;
}

bool RequestParser::parse_request_line(std::string_view line) {
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    fail(400, "Malformed request line.");
    return false;
  }
  const std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_http_token(method)) {
    fail(400, "Malformed request method.");
    return false;
  }
  if (version == "HTTP/1.1") {
    http11_ = true;
  } else if (version == "HTTP/1.0") {
    http11_ = false;
  } else {
    fail(400, "Unsupported HTTP version.");
    return false;
  }
  // Visible ASCII only: no spaces, controls or raw UTF-8 ('#' never belongs in a request).
  bool target_ok = !target.empty();
  for (unsigned char c : target)
    if (c <= 0x20 || c >= 0x7f || c == '#') target_ok = false;
  if (!target_ok) {
    fail(400, "Malformed request target.");
    return false;
  }
  request_.method = std::string(method);
  request_.target = std::string(target);

  if (target == "*") {
    if (method != "OPTIONS") {
      fail(400, "Malformed request target.");
      return false;
    }
    request_.path = "*";
    return true;
  }
  // absolute-form (RFC 9112 3.2.2) must be accepted; we only keep its path.
  if (starts_with_icase(target, "http://") || starts_with_icase(target, "https://")) {
    const size_t authority = target.find("://") + 3;
    const size_t slash = target.find_first_of("/?", authority);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    if (target.front() == '?') {
      fail(400, "Malformed request target.");
      return false;
    }
  }
  if (target.front() != '/') {
    fail(400, "Malformed request target.");
    return false;
  }
  const size_t question = target.find('?');
  if (question != std::string_view::npos) request_.query = std::string(target.substr(question + 1));
  if (!percent_decode(target.substr(0, question), false, request_.path)) {
    fail(400, "Malformed percent-encoding in path.");
    return false;
  }
  return true;
}

void RequestParser::parse_head() {
  std::string_view block(head_);
  block.remove_suffix(4);  // the final CRLFCRLF

  size_t eol = block.find("\r\n");
  if (!parse_request_line(block.substr(0, eol))) return;

  bool has_length = false, has_chunked = false, conn_close = false, conn_keep_alive = false;
  bool expect_continue = false;
  uint64_t content_length = 0;
  int host_count = 0;
  while (eol != std::string_view::npos) {
    block.remove_prefix(eol + 2);
    eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    if (request_.headers.size() >= limits_.max_header_count) {
      fail(431, "Too many header fields (limit " + std::to_string(limits_.max_header_count) + ").");
      return;
    }
    // Folded continuation lines are obsolete and a classic smuggling vector.
    if (line.front() == ' ' || line.front() == '\t') {
      fail(400, "Obsolete header line folding is not accepted.");
      return;
    }
    const size_t colon = line.find(':');
    const std::string_view raw_name = line.substr(0, colon);
    // No whitespace between name and colon (RFC 9112 5.1): it is a smuggling vector.
    if (colon == std::string_view::npos || !is_http_token(raw_name)) {
      fail(400, "Malformed header field.");
      return;
    }
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (!is_http_field_value(value)) {
      fail(400, "Malformed header field value.");
      return;
    }
    std::string name = to_lower(raw_name);

    if (name == "content-length") {
      // One plain decimal only: lists and duplicates are how two parsers are
      // made to disagree about where a body ends.
      if (has_length || value.empty()) {
        fail(400, "Invalid Content-Length.");
        return;
      }
      for (unsigned char c : value) {
        if (c < '0' || c > '9') {
          fail(400, "Invalid Content-Length.");
          return;
        }
        // Stop growing instead of overflowing: anything this big is over the limit anyway.
        if (content_length < (uint64_t{1} << 40)) content_length = content_length * 10 + (c - '0');
      }
      has_length = true;
    } else if (name == "transfer-encoding") {
      if (has_chunked || to_lower(value) != "chunked") {
        fail(400, "Unsupported Transfer-Encoding.");
        return;
      }
      has_chunked = true;
    } else if (name == "host") {
      ++host_count;
    } else if (name == "connection") {
      std::string_view tokens = value;
      while (!tokens.empty()) {
        const size_t comma = tokens.find(',');
        const std::string token = to_lower(trim_ows(tokens.substr(0, comma)));
        if (token == "close") conn_close = true;
        if (token == "keep-alive") conn_keep_alive = true;
        tokens = comma == std::string_view::npos ? std::string_view() : tokens.substr(comma + 1);
      }
    } else if (name == "expect") {
      if (to_lower(value) == "100-continue") expect_continue = true;
    }
    request_.headers.emplace_back(std::move(name), std::string(value));
  }

  if (http11_ ? host_count != 1 : host_count > 1) {
    fail(400, "Missing or duplicate Host header.");
    return;
  }
  if (has_length && has_chunked) {
    fail(400, "Both Content-Length and Transfer-Encoding.");
    return;
  }
  if (has_chunked && !http11_) {  // RFC 9112 6.1: faulty framing in HTTP/1.0
    fail(400, "Transfer-Encoding is not allowed in HTTP/1.0.");
    return;
  }
  keep_alive_ = http11_ ? !conn_close : (conn_keep_alive && !conn_close);
  expects_continue_ = http11_ && expect_continue;  // 1.0 clients never wait for it

  // The head is not needed any more; do not keep 16 KiB per connection around.
  std::string().swap(head_);
  if (has_length && content_length > limits_.max_body_bytes) {
    fail(413, too_large_message(limits_.max_body_bytes));  // before reading any of it
  } else if (has_chunked) {
    state_ = State::chunk_size_line;
  } else if (has_length && content_length > 0) {
    remaining_ = content_length;
    state_ = State::body_fixed;
  } else {
    state_ = State::complete;
  }
}

size_t RequestParser::feed_body_fixed(std::string_view data) {
  const size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size()));
  request_.body.append(data.data(), take);
  remaining_ -= take;
  if (remaining_ == 0) state_ = State::complete;
  return take;
}

size_t RequestParser::feed_chunk_size_line(std::string_view data) {
  const size_t newline = data.find('\n');
  const size_t take = newline == std::string_view::npos ? data.size() : newline;
  if (line_.size() + take > limits_.max_chunk_line_bytes) {
    fail(400, "Chunk-size line exceeds " + std::to_string(limits_.max_chunk_line_bytes) + " bytes.");
    return take;
  }
  line_.append(data.data(), take);
  if (newline == std::string_view::npos) return take;
  finish_chunk_size_line();
  return take + 1;
}

void RequestParser::finish_chunk_size_line() {
  std::string_view line(line_);
  if (line.empty() || line.back() != '\r') {
    fail(400, "Chunked lines must end with CRLF.");
    return;
  }
  line.remove_suffix(1);
  uint64_t size = 0;
  size_t i = 0;
  for (; i < line.size(); ++i) {
    const int digit = hex_value(static_cast<unsigned char>(line[i]));
    if (digit < 0) break;
    size = size * 16 + static_cast<uint64_t>(digit);
    // Checked per digit so the value can never overflow (limit is 32-bit).
    if (request_.body.size() + size > limits_.max_body_bytes) {
      fail(413, too_large_message(limits_.max_body_bytes));
      return;
    }
  }
  if (i == 0) {
    fail(400, "Malformed chunk size.");
    return;
  }
  // Extensions (RFC 9112 7.1.1) are allowed and ignored; only reject control bytes.
  std::string_view rest = line.substr(i);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  if (!rest.empty() && (rest.front() != ';' || !is_http_field_value(rest))) {
    fail(400, "Malformed chunk extension.");
    return;
  }
  line_.clear();
  if (size == 0) {
    state_ = State::trailer;
  } else {
    remaining_ = size;
    state_ = State::chunk_data;
  }
}

size_t RequestParser::feed_chunk_data(std::string_view data) {
  const size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size()));
  request_.body.append(data.data(), take);
  remaining_ -= take;
  if (remaining_ == 0) {
    crlf_seen_ = 0;
    state_ = State::chunk_data_crlf;
  }
  return take;
}

size_t RequestParser::feed_chunk_data_crlf(std::string_view data) {
  size_t used = 0;
  while (used < data.size() && crlf_seen_ < 2) {
    const char expected = crlf_seen_ == 0 ? '\r' : '\n';
    if (data[used++] != expected) {
      fail(400, "Chunk data must end with CRLF.");
      return used;
    }
    ++crlf_seen_;
  }
  if (crlf_seen_ == 2) state_ = State::chunk_size_line;
  return used;
}

size_t RequestParser::feed_trailer(std::string_view data) {
  const size_t newline = data.find('\n');
  const size_t take = newline == std::string_view::npos ? data.size() : newline + 1;
  trailer_bytes_ += static_cast<uint32_t>(std::min<size_t>(take, limits_.max_header_bytes + 1u));
  if (trailer_bytes_ > limits_.max_header_bytes) {
    fail(431, "Request trailers exceed " + std::to_string(limits_.max_header_bytes) + " bytes.");
    return take;
  }
  if (newline == std::string_view::npos) {
    line_.append(data.data(), take);
    return take;
  }
  line_.append(data.data(), newline);
  std::string_view line(line_);
  if (line.empty() || line.back() != '\r') {
    fail(400, "Chunked lines must end with CRLF.");
    return take;
  }
  line.remove_suffix(1);
  if (line.empty()) {
    state_ = State::complete;
  } else {
    // Trailer fields are checked for shape and then dropped: nothing downstream
    // expects headers that arrive after the body.
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_http_token(line.substr(0, colon)) ||
        !is_http_field_value(line.substr(colon + 1))) {
      fail(400, "Malformed trailer field.");
      return take;
    }
  }
  line_.clear();
  return take;
}

}  // namespace http
