// Bytes the server writes: response heads, Server-Sent Events framing and the
// JSON errors the transport generates itself. Pure functions, no I/O.
#pragma once
#include <string>
#include <string_view>

#include "http_server.h"

namespace http {

inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";
inline constexpr std::string_view kSseHeartbeat = ": hb\n\n";

const char* reason_phrase(int status);

// Status line, framing headers, X-Content-Type-Options, the handler's extra
// headers (minus any that would break framing or inject lines), then the body.
std::string serialize_response(const Response& response, bool close_connection);

// Opens an SSE stream: no Content-Length (the stream ends when the connection
// does), then response.body as the stream's first bytes.
std::string serialize_event_stream_start(const Response& response);

// "event: X\ndata: line\n...\n\n"; data lines split on CRLF, CR or LF as the
// SSE spec defines them, so a payload cannot end an event early.
std::string format_sse_event(std::string_view event, std::string_view data);

// The application's error shape: {"error":{"code":..,"message":..,"path":""}}.
Response error_response(int status, std::string_view code, std::string_view message);

std::string json_escape(std::string_view s);

}  // namespace http
