// GET /api/events: the live event stream (stock and order changes, pushed
// by LiveUpdates through the transport's broadcast).
#pragma once
#include "http_server.h"

namespace server {

class EventRoutes {
 public:
  http::Response get_events(const http::Request& r) const;
};

}  // namespace server
