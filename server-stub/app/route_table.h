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

enum class Access : uint8_t {
  Public,  // anyone
  Staff,   // "Authorization: Bearer <staff token>" when the server has one
};
const char* access_name(Access access);  // "public" | "staff"

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

  // 404 when no pattern matches the path; 401 when the matched route (or,
  // for a method the path does not allow, any of its routes) is staff-only
  // and `staff_authorized` says no; 405 with Allow for other methods.
  http::Response dispatch(const http::Request& request,
                          const std::function<bool(const http::Request&)>& staff_authorized) const;

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;
  };
  std::vector<Compiled> routes_;
};

}  // namespace server
