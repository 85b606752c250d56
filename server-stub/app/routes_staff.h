// Staff sign-in and the admin's account management: sign in with a password
// or a one-time link, who am I, sign out, set a password; list, create and
// revoke accounts; the staff action log.
#pragma once
#include <string>

#include "api_support.h"
#include "http_server.h"
#include "live_catalog.h"
#include "signin_throttle.h"
#include "staff_accounts.h"
#include "staff_guard.h"

namespace server {

class StaffRoutes {
 public:
  // Not owned; they outlive the routes.
  StaffRoutes(const LiveCatalog* catalog, StaffAccounts* accounts, const StaffGuard* guard, SignInThrottle* throttle)
      : catalog_(catalog), accounts_(accounts), guard_(guard), throttle_(throttle) {}

  http::Response post_session(const http::Request& r);  // sign in: username + password
  http::Response post_link(const http::Request& r);     // sign in: a one-time link's token
  http::Response get_session(const http::Request& r) const;
  http::Response delete_session(const http::Request& r) const;
  http::Response post_password(const http::Request& r) const;

  http::Response get_accounts(const http::Request& r) const;
  http::Response post_account(const http::Request& r) const;
  http::Response post_revoke(const http::Request& r, const std::string& account_id) const;
  http::Response get_actions(const http::Request& r) const;

 private:
  http::Response signed_in(const http::Request& r, const StaffSession& session, bool bearer);
  std::optional<http::Response> attempt_gate(const http::Request& r, const std::string& username);

  const LiveCatalog* catalog_;
  StaffAccounts* accounts_;
  const StaffGuard* guard_;
  SignInThrottle* throttle_;  // failed sign-ins per username and client address
};

// The account as the API shows it (never a hash).
Json account_json(const StaffAccount& a);
// Where a sign-in link token is used: the staff page reads it from the fragment.
std::string signin_link_path(const std::string& token);

}  // namespace server
