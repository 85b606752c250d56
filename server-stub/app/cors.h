// Cross-origin access for merchant pages on other origins (docs/embedding.md):
// which origins may load the widget (/web/, /wasm/) and call the shopper API,
// and the Access-Control-* headers that say so. Staff endpoints are never
// cross-origin, whatever the list says. Pure functions of the request and the
// allowed list, applied once where responses leave the application (main.cpp).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http_server.h"

namespace server {

// Exact origins ("https://shop.example", "http://127.0.0.1:5173"), compared
// byte for byte with the request's Origin header and echoed back.
struct CorsPolicy {
  std::vector<std::string> allowed_origins;
  bool allows(const std::string& origin) const;
};

// "scheme://host[:port]" with scheme http or https, nothing after the
// authority (no path, not even "/"), no wildcard, not "null".
bool valid_origin(const std::string& origin);
// "a, b,c" -> {"a","b","c"} (blank items dropped). Validity is checked by the caller.
std::vector<std::string> split_origin_list(const std::string& comma_separated);

enum class CorsArea {
  Shopper,  // /api/* shopper endpoints, /web/*, /wasm/*: allowed origins may use them
  Staff,    // /api/stores/*, /api/admin/*: same origin only
  None,     // the demo pages and anything else: no CORS headers
};
CorsArea cors_area(const std::string& path);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The extra headers for a (non-preflight) response to `request`.
HeaderList cors_response_headers(const http::Request& request, const CorsPolicy& policy);

// The whole answer when the request is decided here, before any route:
// a preflight (OPTIONS with Access-Control-Request-Method) -> 204 with the
// grant, or 403 for an origin not on the list or a staff path; a staff
// request from another origin -> 403. nullopt: route the request normally.
std::optional<http::Response> cors_intercept(const http::Request& request, const CorsPolicy& policy);

}  // namespace server
