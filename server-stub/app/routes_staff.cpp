#include "routes_staff.h"

#include <string>

#include "api_support.h"
#include "checkout/civil_time.h"
#include "checkout/strict_json.h"
#include "time_text.h"

namespace server {
namespace {

bool valid_username(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '@';
    if (!ok) return false;
  }
  return true;
}

std::optional<http::Response> check_password(const Json& body, const char* key, const std::string& path) {
  const std::string& p = body.at(key).get_ref<const std::string&>();
  if (p.size() < StaffAccounts::kMinPassword || p.size() > StaffAccounts::kMaxPassword) {
    return api_error(400, "invalid_value", "A password has 12 to 256 characters.", path,
                     Json{{"min", StaffAccounts::kMinPassword}, {"max", StaffAccounts::kMaxPassword}});
  }
  return std::nullopt;
}

http::Response too_many_attempts(int64_t wait_ms) {
  return retry_later("too_many_attempts", "Too many failed sign-ins; wait before trying again.", (wait_ms + 999) / 1000);
}

http::Response cross_site_signin() {
  return api_error(403, "cross_site_request", "Sign-in from another site is refused.");
}

}  // namespace

Json account_json(const StaffAccount& a) {
  Json j{{"id", a.id},
         {"username", a.username},
         {"role", staff_role_name(a.role)},
         {"has_password", a.has_password},
         {"revoked", a.revoked},
         {"created_at", checkout::format_utc(a.created_at)}};
  if (a.role == StaffRole::Store) j["store"] = a.store;
  return j;
}

std::string signin_link_path(const std::string& token) { return "/web/demo/store.html#signin=" + token; }

std::optional<http::Response> StaffRoutes::attempt_gate(const http::Request& r, const std::string& username) {
  if (std::optional<int64_t> wait = throttle_->blocked_for(r.remote_ip, username)) return too_many_attempts(*wait);
  return std::nullopt;
}

http::Response StaffRoutes::signed_in(const http::Request& r, const StaffSession& session, bool bearer) {
  accounts_->record_action(session.principal.account.id, r.method, r.path, 201);
  Json body{{"account", account_json(session.principal.account)},
            {"expires_at", checkout::format_utc(session.principal.expires_at)}};
  // The token goes in the body only for API clients that ask for it; a
  // browser keeps it in the HttpOnly cookie, out of reach of page scripts.
  if (bearer) body["token"] = session.token;
  http::Response response = json_response(201, body);
  response.headers.emplace_back("Set-Cookie", guard_->session_cookie(r, session.token));
  return response;
}

http::Response StaffRoutes::post_session(const http::Request& r) {
  if (r.header("origin") != nullptr && !StaffGuard::same_origin(r)) return cross_site_signin();
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  const Json& body = parsed.value();
  if (auto e = expect_object(body, "", {"username", "password", "bearer"}, {"username", "password"})) return *e;
  if (auto e = expect_string(body, "username", "", 64, true)) return *e;
  if (auto e = expect_string(body, "password", "", StaffAccounts::kMaxPassword, true)) return *e;
  if (body.contains("bearer") && !body.at("bearer").is_boolean()) {
    return api_error(400, "wrong_type", "bearer must be true or false.", "/bearer");
  }
  const std::string& username = body.at("username").get_ref<const std::string&>();
  if (auto limited = attempt_gate(r, username)) return *limited;
  std::optional<StaffSession> session = accounts_->sign_in(username, body.at("password").get<std::string>());
  if (!session) {
    throttle_->record_failure(r.remote_ip, username);
    return api_error(401, "invalid_credentials", "Unknown username or wrong password.");
  }
  return signed_in(r, *session, body.value("bearer", false));
}

http::Response StaffRoutes::post_link(const http::Request& r) {
  if (r.header("origin") != nullptr && !StaffGuard::same_origin(r)) return cross_site_signin();
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  const Json& body = parsed.value();
  if (auto e = expect_object(body, "", {"token", "bearer"}, {"token"})) return *e;
  if (auto e = expect_string(body, "token", "", 200, true)) return *e;
  if (body.contains("bearer") && !body.at("bearer").is_boolean()) {
    return api_error(400, "wrong_type", "bearer must be true or false.", "/bearer");
  }
  if (auto limited = attempt_gate(r, "")) return *limited;
  std::optional<StaffSession> session = accounts_->consume_link(body.at("token").get<std::string>());
  if (!session) {
    throttle_->record_failure(r.remote_ip, "");
    return api_error(401, "invalid_link", "This sign-in link is unknown, already used or expired; ask an admin for a new one.");
  }
  return signed_in(r, *session, body.value("bearer", false));
}

http::Response StaffRoutes::get_session(const http::Request& r) const {
  const StaffCredentials c = guard_->credentials(r);
  if (!c.principal) return api_error(401, "unauthorized", "Not signed in.");
  http::Response response = json_response(
      200, Json{{"account", account_json(c.principal->account)}, {"expires_at", checkout::format_utc(c.principal->expires_at)}});
  return response;
}

http::Response StaffRoutes::delete_session(const http::Request& r) const {
  const StaffCredentials c = guard_->credentials(r);
  if (c.principal) accounts_->sign_out(c.principal->token_hash);
  http::Response response = json_response(200, Json{{"signed_out", true}});
  response.headers.emplace_back("Set-Cookie", guard_->cleared_cookie(r));
  return response;
}

http::Response StaffRoutes::post_password(const http::Request& r) const {
  const StaffCredentials c = guard_->credentials(r);
  if (!c.principal) return api_error(401, "unauthorized", "Not signed in.");
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  const Json& body = parsed.value();
  if (auto e = expect_object(body, "", {"password"}, {"password"})) return *e;
  if (auto e = expect_string(body, "password", "", StaffAccounts::kMaxPassword, true)) return *e;
  if (auto e = check_password(body, "password", "/password")) return *e;
  if (!accounts_->set_password(c.principal->account.id, body.at("password").get<std::string>())) {
    return api_error(401, "unauthorized", "This account was revoked.");
  }
  return json_response(200, Json{{"password_set", true}});
}

http::Response StaffRoutes::get_accounts(const http::Request&) const {
  Json list = Json::array();
  for (const StaffAccount& a : accounts_->list()) list.push_back(account_json(a));
  return json_response(200, Json{{"accounts", std::move(list)}});
}

http::Response StaffRoutes::post_account(const http::Request& r) const {
  checkout::Result<Json> parsed = checkout::parse_strict_json(r.body);
  if (!parsed.ok()) return engine_error(parsed.error());
  const Json& body = parsed.value();
  if (auto e = expect_object(body, "", {"username", "role", "store", "password"}, {"username", "role"})) return *e;
  if (auto e = expect_string(body, "username", "", 64, true)) return *e;
  if (auto e = expect_string(body, "role", "", 10, true)) return *e;
  if (auto e = expect_string(body, "store", "", 200, false)) return *e;
  if (auto e = expect_string(body, "password", "", StaffAccounts::kMaxPassword, false)) return *e;
  const std::string& username = body.at("username").get_ref<const std::string&>();
  if (!valid_username(username)) {
    return api_error(400, "invalid_value", "A username is 1-64 of a-z, 0-9, '.', '_', '-', '@'.", "/username");
  }
  const std::string& role_text = body.at("role").get_ref<const std::string&>();
  if (role_text != "admin" && role_text != "store") {
    return api_error(400, "invalid_value", "role is \"admin\" or \"store\".", "/role");
  }
  const StaffRole role = role_text == "admin" ? StaffRole::Admin : StaffRole::Store;
  const std::string store = body.contains("store") ? body.at("store").get<std::string>() : "";
  if (role == StaffRole::Store && !catalog_->view().store(store)) {
    return api_error(400, "unknown_store", "A store account needs the id of one of the catalog's stores.", "/store",
                     Json{{"store", store}});
  }
  if (role == StaffRole::Admin && body.contains("store")) {
    return api_error(400, "invalid_value", "An admin account acts for every store: leave store out.", "/store");
  }
  std::optional<std::string> password;
  if (body.contains("password")) {
    if (auto e = check_password(body, "password", "/password")) return *e;
    password = body.at("password").get<std::string>();
  }
  std::optional<StaffAccount> account = accounts_->create(username, role, store, password);
  if (!account) return api_error(409, "username_taken", "An account with this username exists.", "/username");
  Json out{{"account", account_json(*account)}, {"signin_link", signin_link_path(accounts_->issue_link(account->id))}};
  http::Response response = json_response(201, out);
  return response;
}

http::Response StaffRoutes::post_revoke(const http::Request&, const std::string& account_id) const {
  int64_t id = 0;
  if (account_id.empty() || account_id.size() > 18) return api_error(404, "not_found", "No such account.");
  for (char c : account_id) {
    if (c < '0' || c > '9') return api_error(404, "not_found", "No such account.");
    id = id * 10 + (c - '0');
  }
  if (!accounts_->revoke(id)) return api_error(404, "not_found", "No such account.");
  std::optional<StaffAccount> account = accounts_->find_id(id);
  if (!account) return api_error(404, "not_found", "No such account.");
  return json_response(200, Json{{"account", account_json(*account)}});
}

http::Response StaffRoutes::get_actions(const http::Request& r) const {
  int32_t limit = 100;
  const std::string limit_param = r.query_param("limit");
  if (!limit_param.empty()) {
    limit = 0;
    for (char c : limit_param) {
      if (c < '0' || c > '9' || limit > 1000) return limit_out_of_range(1000);
      limit = limit * 10 + (c - '0');
    }
    if (limit < 1 || limit > 1000) return limit_out_of_range(1000);
  }
  Json rows = Json::array();
  for (const StaffAction& a : accounts_->actions(limit)) {
    rows.push_back(Json{{"id", a.id},
                        {"at", checkout::format_utc(a.at)},
                        {"account_id", a.account_id},
                        {"username", a.username},
                        {"method", a.method},
                        {"path", a.path},
                        {"status", a.status}});
  }
  return json_response(200, Json{{"actions", std::move(rows)}});
}

}  // namespace server
