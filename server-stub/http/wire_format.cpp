#include "wire_format.h"

#include <cstdio>

#include "request_parser.h"

namespace http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Headers the transport owns. A handler copy would duplicate or contradict
// the framing we write (Content-Length vs. what we send, a second Connection).
bool is_reserved_header(const std::string& lower_name, bool event_stream) {
  if (lower_name == "content-length" || lower_name == "transfer-encoding" ||
      lower_name == "connection" || lower_name == "content-type" ||
      lower_name == "x-content-type-options")
    return true;
  return event_stream && lower_name == "cache-control";
}

void append_extra_headers(std::string& out, const Response& response, bool event_stream) {
  for (const auto& [name, value] : response.headers) {
    if (!is_http_token(name) || !is_http_field_value(value) ||
        is_reserved_header(lower(name), event_stream))
      continue;  // dropped rather than sent: a CR/LF here would forge headers
    out.append(name).append(": ").append(value).append("\r\n");
  }
}

void append_status_line(std::string& out, int status) {
  out.append("HTTP/1.1 ").append(std::to_string(status)).append(" ");
  out.append(reason_phrase(status)).append("\r\n");
}

}  // namespace

const char* reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";  // the reason phrase carries no meaning (RFC 9112 4)
  }
}

std::string serialize_response(const Response& response, bool close_connection) {
  // 204 and 304 have no body and must not announce one (RFC 9110 8.6).
  const bool bodiless = response.status == 204 || response.status == 304;
  std::string out;
  out.reserve(160 + response.body.size());
  append_status_line(out, response.status);
  if (!bodiless && is_http_field_value(response.content_type) && !response.content_type.empty())
    out.append("Content-Type: ").append(response.content_type).append("\r\n");
  if (!bodiless) out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
  out.append(close_connection ? "Connection: close\r\n" : "Connection: keep-alive\r\n");
  out.append("X-Content-Type-Options: nosniff\r\n");
  append_extra_headers(out, response, false);
  out.append("\r\n");
  if (!bodiless) out.append(response.body);
  return out;
}

std::string serialize_event_stream_start(const Response& response) {
  std::string out;
  append_status_line(out, 200);
  out.append("Content-Type: text/event-stream\r\n");
  out.append("Cache-Control: no-cache\r\n");
  out.append("Connection: close\r\n");  // never reused: the body ends when the stream does
  out.append("X-Content-Type-Options: nosniff\r\n");
  append_extra_headers(out, response, true);
  out.append("\r\n");
  out.append(response.body);
  return out;
}

std::string format_sse_event(std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(event.size() + data.size() + 24);
  if (!event.empty()) {
    out.append("event: ");
    for (char c : event)
      if (c != '\r' && c != '\n') out.push_back(c);  // a newline would start a new field
    out.push_back('\n');
  }
  size_t start = 0;
  for (;;) {
    size_t end = data.find_first_of("\r\n", start);
    out.append("data: ").append(data.substr(start, end - start)).push_back('\n');
    if (end == std::string_view::npos) break;
    if (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ++end;
    start = end + 1;
  }
  out.push_back('\n');
  return out;
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  for (unsigned char c : s) {
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out.append(buf);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

Response error_response(int status, std::string_view code, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = "{\"error\":{\"code\":\"" + json_escape(code) + "\",\"message\":\"" +
           json_escape(message) + "\",\"path\":\"\"}}";
  return r;
}

}  // namespace http
