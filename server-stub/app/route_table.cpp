#include "route_table.h"

#include <stdexcept>

#include "api_support.h"

namespace server {
namespace {

// "/api/orders/x" -> {"api", "orders", "x"}; "/" -> {""}.
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool is_parameter(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool is_rest(const std::string& segment) {
  return is_parameter(segment) && segment.size() > 5 && segment.compare(segment.size() - 4, 4, "...}") == 0;
}

std::string parameter_name(const std::string& segment) {
  return segment.substr(1, segment.size() - (is_rest(segment) ? 5 : 2));
}

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path, PathArgs* args) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& segment = pattern[i];
    if (is_rest(segment)) {
      if (i >= path.size()) return false;
      if (args != nullptr) {
        std::string rest = path[i];
        for (size_t j = i + 1; j < path.size(); ++j) rest += "/" + path[j];
        args->add(parameter_name(segment), std::move(rest));
      }
      return true;
    }
    if (i >= path.size()) return false;
    if (is_parameter(segment)) {
      if (args != nullptr) args->add(parameter_name(segment), path[i]);
    } else if (segment != path[i]) {
      return false;
    }
  }
  return pattern.size() == path.size();
}

}  // namespace

const char* access_name(Access access) {
  switch (access) {
    case Access::Public:
      return "public";
    case Access::Signed:
      return "signed_in";
    case Access::StoreStaff:
      return "store_staff";
    case Access::Admin:
      return "admin";
  }
  return "admin";
}

const std::string& PathArgs::operator[](std::string_view name) const {
  static const std::string none;
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  return none;
}

RouteTable::RouteTable(std::vector<Route> routes) {
  for (Route& r : routes) {
    if (r.pattern.empty() || r.pattern[0] != '/') throw std::invalid_argument("route pattern must start with '/': " + r.pattern);
    std::vector<std::string> segments = split_path(r.pattern);
    for (size_t i = 0; i + 1 < segments.size(); ++i) {
      if (is_rest(segments[i])) throw std::invalid_argument("{name...} must be last: " + r.pattern);
    }
    routes_.push_back(Compiled{std::move(r), std::move(segments)});
  }
}

std::vector<RouteInfo> RouteTable::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const Compiled& c : routes_) out.push_back(RouteInfo{c.route.method, c.route.pattern, c.route.access});
  return out;
}

http::Response RouteTable::dispatch(const http::Request& request, const RouteGuard& guard) const {
  const std::vector<std::string> path = split_path(request.path);
  const Compiled* resource = nullptr;
  for (const Compiled& c : routes_) {
    if (match(c.segments, path, nullptr)) {
      resource = &c;
      break;
    }
  }
  if (resource == nullptr) return api_error(404, "not_found", "No such endpoint.");

  const std::string& pattern = resource->route.pattern;
  std::string allow;
  Access strictest = Access::Public;
  for (const Compiled& c : routes_) {
    if (c.route.pattern != pattern) continue;
    if (c.route.method == request.method) {
      PathArgs args;
      match(c.segments, path, &args);
      return guard(request, c.route.access, args, [&] { return c.route.handler(request, args); });
    }
    allow += (allow.empty() ? "" : ", ") + c.route.method;
    if (static_cast<uint8_t>(c.route.access) > static_cast<uint8_t>(strictest)) strictest = c.route.access;
  }
  PathArgs args;
  match(resource->segments, path, &args);
  return guard(request, strictest, args, [&] {
    http::Response r = api_error(405, "method_not_allowed", "Use " + allow + " here.", "", Json{{"allow", allow}});
    r.headers.emplace_back("Allow", allow);
    return r;
  });
}

}  // namespace server
