#include "routes_events.h"

namespace server {

http::Response EventRoutes::get_events(const http::Request&) const {
  http::Response r;
  r.status = 200;
  r.content_type = "text/event-stream";
  r.event_stream = true;
  r.headers.emplace_back("Cache-Control", "no-store");
  // A first comment flushes the headers through proxies; retry tells
  // EventSource how soon to reconnect.
  r.body = ": checkout events\nretry: 2000\n\n";
  return r;
}

}  // namespace server
