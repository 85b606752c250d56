// CORS for merchant origins (cors.h). Why exact echo and not "*": the list
// is the merchant's decision, and a response that varies by Origin must say
// so (Vary: Origin) or a shared cache could hand one origin's grant to another.
#include "cors.h"

#include "api_support.h"

namespace server {
namespace {

// What the widget sends beyond the CORS-safelisted headers: JSON bodies,
// the order's Idempotency-Key and the catalog's revalidation.
constexpr const char* kAllowedRequestHeaders = "Content-Type, Idempotency-Key, If-None-Match";
// What the widget reads beyond the safelisted response headers: the
// catalog's ETag, the server clock (Date) and Retry-After of a 429/503.
constexpr const char* kExposedHeaders = "ETag, Date, Retry-After";
constexpr const char* kPreflightMaxAge = "600";

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '[' || c == ']' || c == ':';
}

// "http://h:1" -> "h:1" (what the Host header of a same-origin request holds).
std::string authority_of(const std::string& origin) {
  const size_t sep = origin.find("://");
  return sep == std::string::npos ? "" : origin.substr(sep + 3);
}

// A staff endpoint reached from a page of another origin (an allowed merchant's
// included). Browsers send Origin on every cross-origin request and on
// same-origin POSTs; a same-origin Origin names the Host the request went to.
bool cross_origin(const http::Request& r) {
  const std::string* origin = r.header("origin");
  if (origin == nullptr) return false;
  const std::string* host = r.header("host");
  return host == nullptr || authority_of(*origin) != *host;
}

const char* allowed_methods(const std::string& path) {
  return starts_with(path, "/api/") ? "GET, POST" : "GET";
}

}  // namespace

bool CorsPolicy::allows(const std::string& origin) const {
  for (const std::string& o : allowed_origins) {
    if (o == origin) return true;
  }
  return false;
}

bool valid_origin(const std::string& origin) {
  std::string rest;
  if (starts_with(origin, "https://")) rest = origin.substr(8);
  else if (starts_with(origin, "http://")) rest = origin.substr(7);
  else return false;
  if (rest.empty() || rest.front() == ':' || rest.back() == ':') return false;
  for (char c : rest) {
    if (!is_host_char(c)) return false;
  }
  return true;
}

std::vector<std::string> split_origin_list(const std::string& comma_separated) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= comma_separated.size()) {
    size_t comma = comma_separated.find(',', start);
    if (comma == std::string::npos) comma = comma_separated.size();
    std::string item = comma_separated.substr(start, comma - start);
    const size_t first = item.find_first_not_of(" \t");
    const size_t last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    start = comma + 1;
  }
  return out;
}

CorsArea cors_area(const std::string& path) {
  if (starts_with(path, "/api/stores/") || path == "/api/stores" || starts_with(path, "/api/admin/") ||
      path == "/api/admin" || starts_with(path, "/api/staff/")) {
    return CorsArea::Staff;
  }
  if (starts_with(path, "/api/") || starts_with(path, "/web/") || starts_with(path, "/wasm/")) return CorsArea::Shopper;
  return CorsArea::None;
}

HeaderList cors_response_headers(const http::Request& request, const CorsPolicy& policy) {
  HeaderList headers;
  if (policy.allowed_origins.empty() || cors_area(request.path) != CorsArea::Shopper) return headers;
  headers.emplace_back("Vary", "Origin");
  const std::string* origin = request.header("origin");
  if (origin == nullptr || !policy.allows(*origin)) return headers;
  headers.emplace_back("Access-Control-Allow-Origin", *origin);
  headers.emplace_back("Access-Control-Expose-Headers", kExposedHeaders);
  return headers;
}

std::optional<http::Response> cors_intercept(const http::Request& request, const CorsPolicy& policy) {
  const CorsArea area = cors_area(request.path);
  const std::string* origin = request.header("origin");
  const bool preflight =
      request.method == "OPTIONS" && origin != nullptr && request.header("access-control-request-method") != nullptr;
  if (preflight) {
    if (area != CorsArea::Shopper || !policy.allows(*origin)) {
      http::Response refused = api_error(403, "origin_not_allowed",
                                         area == CorsArea::Staff ? "Store endpoints are not available to other origins."
                                                                 : "This origin may not use the checkout.");
      refused.headers.emplace_back("Vary", "Origin");
      return refused;
    }
    http::Response granted;
    granted.status = 204;
    granted.content_type = "";
    granted.headers.emplace_back("Access-Control-Allow-Origin", *origin);
    granted.headers.emplace_back("Access-Control-Allow-Methods", allowed_methods(request.path));
    granted.headers.emplace_back("Access-Control-Allow-Headers", kAllowedRequestHeaders);
    granted.headers.emplace_back("Access-Control-Max-Age", kPreflightMaxAge);
    granted.headers.emplace_back("Vary", "Origin");
    return granted;
  }
  if (area == CorsArea::Staff && cross_origin(request)) {
    return api_error(403, "cross_origin_refused", "Store endpoints accept requests from this server's own pages only.");
  }
  return std::nullopt;
}

}  // namespace server
