// The server's routes as data: method + path pattern -> handler, with the
// access each needs. Dispatch walks the table, so which endpoints exist, who
// may call them and which methods a path allows (405 + Allow) all come from
// one list, which routes() hands out for documentation and checks (e.g. an
// authorization matrix). Knows nothing of the application behind a handler.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http_server.h"

namespace server {

// Who may call a route. The table only records it; the guard passed to
// dispatch decides (staff_guard.h for the server).
enum class Access : uint8_t {
  Public,      // anyone
  Signed,      // any signed-in staff account
  StoreStaff,  // staff of the path's {store}, or an admin
  Admin,       // an admin account
};
const char* access_name(Access access);  // "public" | "signed_in" | "store_staff" | "admin"

// The values a pattern's {name} segments (and a trailing {name...}) matched.
class PathArgs {
 public:
  // "" when the pattern has no such parameter.
  const std::string& operator[](std::string_view name) const;
  void add(std::string name, std::string value) { values_.emplace_back(std::move(name), std::move(value)); }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

using RouteHandler = std::function<http::Response(const http::Request&, const PathArgs&)>;

// Runs a matched route for the request, or answers in its place (401, 403):
// `run` calls the handler. Called for every request that matches a pattern.
using RouteGuard = std::function<http::Response(const http::Request&, Access, const PathArgs&,
                                                const std::function<http::Response()>& run)>;

// Patterns are absolute paths whose segments are literal, "{name}" (any one
// segment, even empty) or, last only, "{name...}" (the rest of the path: one
// or more segments, joined with '/').
struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::Public;
  RouteHandler handler;
};

struct RouteInfo {
  std::string method;
  std::string pattern;
  Access access;
};

class RouteTable {
 public:
  // A path belongs to the first pattern (in table order) that matches it;
  // the routes with that same pattern are its methods.
  explicit RouteTable(std::vector<Route> routes);

  // The declared routes in table order.
  std::vector<RouteInfo> routes() const;

  // 404 when no pattern matches the path. Otherwise `guard` runs the route
  // of the request's method; for a method the path does not allow, it runs
  // the 405 (with Allow) under the strictest access among the path's routes,
  // so which methods a staff resource has is not told to strangers.
  http::Response dispatch(const http::Request& request, const RouteGuard& guard) const;

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;
  };
  std::vector<Compiled> routes_;
};

}  // namespace server
