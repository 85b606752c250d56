// Who may call a route: resolves a request's staff credentials (a session
// token as "Authorization: Bearer" or in the HttpOnly session cookie),
// applies the route table's access level, refuses cross-site use of the
// cookie, and writes every state-changing staff request, with the account
// that made it, to the staff action log.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http_server.h"
#include "route_table.h"
#include "staff_accounts.h"

namespace server {

// When the session cookie carries Secure: never (plain HTTP, the demo),
// always (TLS in front, --secure-cookies), or when the request says
// "X-Forwarded-Proto: https" (--trust-forwarded-proto: only behind a proxy
// that sets it, or any client could).
enum class SecureCookies { Never, Always, ForwardedProto };

struct StaffCredentials {
  std::optional<StaffPrincipal> principal;  // a live session
  bool via_cookie = false;                  // the token came in the cookie, not a header
};

class StaffGuard {
 public:
  static constexpr const char* kCookie = "checkout_staff";

  StaffGuard(StaffAccounts* accounts, SecureCookies secure) : accounts_(accounts), secure_(secure) {}

  // The RouteGuard of the server's table.
  http::Response guard(const http::Request& r, Access access, const PathArgs& args,
                       const std::function<http::Response()>& run) const;

  StaffCredentials credentials(const http::Request& r) const;
  // For the Public routes staff also use (a return received at a store):
  // writes the request to the staff action log when it carries a live staff
  // session, as guard() does for staff routes. Returns `response` unchanged.
  http::Response logged_if_staff(const http::Request& r, http::Response response) const;
  // Set-Cookie values that start and end a browser session.
  std::string session_cookie(const http::Request& r, const std::string& token) const;
  std::string cleared_cookie(const http::Request& r) const;

  // True when the request names this server as its origin: Origin equals
  // the Host it was sent to and Sec-Fetch-Site, when sent, is same-origin.
  // A request with no Origin is not same-origin (browsers send one on every
  // POST; non-browser clients use bearer tokens, which need no such check).
  static bool same_origin(const http::Request& r);

 private:
  std::string cookie_attributes(const http::Request& r) const;

  StaffAccounts* accounts_;
  SecureCookies secure_;
};

}  // namespace server
