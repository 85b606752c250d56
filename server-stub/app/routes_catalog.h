// GET /api/catalog, POST /api/quote, GET /api/availability: what a shopper
// asks before ordering. Reads the live catalog; writes nothing.
#pragma once
#include "http_server.h"
#include "live_catalog.h"
#include "quoting.h"

namespace server {

class CatalogRoutes {
 public:
  // Not owned; they outlive the routes.
  CatalogRoutes(LiveCatalog* catalog, Quoting* quoting, Clock clock)
      : catalog_(catalog), quoting_(quoting), clock_(std::move(clock)) {}

  http::Response get_catalog(const http::Request& r) const;
  http::Response post_quote(const http::Request& r) const;
  http::Response get_availability(const http::Request& r) const;

 private:
  LiveCatalog* catalog_;  // snapshot() caches
  Quoting* quoting_;
  Clock clock_;
};

}  // namespace server
