#include "staff_guard.h"

#include <string>
#include <string_view>

#include "api_support.h"

namespace server {
namespace {

http::Response unauthorized() {
  http::Response denied = api_error(401, "unauthorized", "Sign in as staff first (docs/api.md, \"Staff sign-in\").");
  denied.headers.emplace_back("WWW-Authenticate", "Bearer");
  return denied;
}

bool changes_state(const http::Request& r) { return r.method != "GET" && r.method != "HEAD"; }

// The value of one cookie in the Cookie header(s), or "".
std::string cookie_value(const http::Request& r, std::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key != "cookie") continue;
    size_t start = 0;
    while (start < value.size()) {
      size_t end = value.find(';', start);
      if (end == std::string::npos) end = value.size();
      std::string_view part(value.data() + start, end - start);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      if (part.size() > name.size() && part.compare(0, name.size(), name) == 0 && part[name.size()] == '=') {
        return std::string(part.substr(name.size() + 1));
      }
      start = end + 1;
    }
  }
  return "";
}

}  // namespace

StaffCredentials StaffGuard::credentials(const http::Request& r) const {
  StaffCredentials c;
  if (const std::string* auth = r.header("authorization"); auth != nullptr && auth->rfind("Bearer ", 0) == 0) {
    c.principal = accounts_->authenticate(auth->substr(7));
    return c;
  }
  const std::string cookie = cookie_value(r, kCookie);
  if (!cookie.empty()) {
    c.principal = accounts_->authenticate(cookie);
    c.via_cookie = true;
  }
  return c;
}

bool StaffGuard::same_origin(const http::Request& r) {
  const std::string* origin = r.header("origin");
  const std::string* host = r.header("host");
  if (origin == nullptr || host == nullptr) return false;
  if (*origin != "http://" + *host && *origin != "https://" + *host) return false;
  const std::string* site = r.header("sec-fetch-site");
  return site == nullptr || *site == "same-origin";
}

http::Response StaffGuard::guard(const http::Request& r, Access access, const PathArgs& args,
                                 const std::function<http::Response()>& run) const {
  if (access == Access::Public) return run();
  const StaffCredentials c = credentials(r);
  if (!c.principal) return unauthorized();
  // The cookie goes with any request the browser makes, whoever's page made
  // it; SameSite=Strict already keeps it off cross-site ones, and this keeps
  // any that still carry it from acting.
  if (c.via_cookie && changes_state(r) && !same_origin(r)) {
    return api_error(403, "cross_site_request", "Staff requests from another site are refused.");
  }
  const StaffAccount& account = c.principal->account;
  const bool admin = account.role == StaffRole::Admin;
  if (access == Access::Admin && !admin) {
    return api_error(403, "forbidden", "Only an admin account may do this.");
  }
  if (access == Access::StoreStaff && !admin && account.store != args["store"]) {
    return api_error(403, "forbidden", "This account acts for store " + account.store + " only.", "",
                     Json{{"store", account.store}});
  }
  http::Response response = run();
  if (changes_state(r)) accounts_->record_action(account.id, r.method, r.path, response.status);
  return response;
}

http::Response StaffGuard::logged_if_staff(const http::Request& r, http::Response response) const {
  const StaffCredentials c = credentials(r);
  if (c.principal && changes_state(r)) accounts_->record_action(c.principal->account.id, r.method, r.path, response.status);
  return response;
}

std::string StaffGuard::cookie_attributes(const http::Request& r) const {
  std::string attributes = "; Path=/api/; HttpOnly; SameSite=Strict";
  const std::string* proto = r.header("x-forwarded-proto");
  if (secure_ == SecureCookies::Always ||
      (secure_ == SecureCookies::ForwardedProto && proto != nullptr && *proto == "https")) {
    attributes += "; Secure";
  }
  return attributes;
}

std::string StaffGuard::session_cookie(const http::Request& r, const std::string& token) const {
  return std::string(kCookie) + "=" + token + cookie_attributes(r) + "; Max-Age=" +
         std::to_string(StaffAccounts::kSessionSeconds);
}

std::string StaffGuard::cleared_cookie(const http::Request& r) const {
  return std::string(kCookie) + "=" + cookie_attributes(r) + "; Max-Age=0";
}

}  // namespace server
