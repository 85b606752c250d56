// Who may call what, generated from the server's route table: every route
// that needs an account, called by each kind of caller, in process through
// App::handle. The documented table below is docs/api.md's "Access" column;
// a route the server gains without a row here fails the test.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "sqlite_db.h"

namespace server {
namespace {

struct Documented {
  const char* method;
  const char* pattern;
  Access access;
};

// docs/api.md, "Endpoints and who may call them".
const std::vector<Documented> kDocumented = {
    {"GET", "/api/health", Access::Public},
    {"GET", "/api/catalog", Access::Public},
    {"POST", "/api/quote", Access::Public},
    {"GET", "/api/availability", Access::Public},
    {"GET", "/api/events", Access::Public},
    {"POST", "/api/orders", Access::Public},
    {"GET", "/api/orders/{order}", Access::Public},
    {"POST", "/api/orders/{order}/returns/quote", Access::Public},  // the handler asks staff_may_act
    {"POST", "/api/orders/{order}/returns", Access::Public},
    {"POST", "/api/staff/session", Access::Public},
    {"GET", "/api/staff/session", Access::Signed},
    {"DELETE", "/api/staff/session", Access::Signed},
    {"POST", "/api/staff/link", Access::Public},
    {"POST", "/api/staff/password", Access::Signed},
    {"GET", "/api/stores/{store}/orders", Access::StoreStaff},
    {"POST", "/api/stores/{store}/orders/{order}/status", Access::StoreStaff},
    {"POST", "/api/stores/{store}/orders/{order}/hold", Access::StoreStaff},
    {"POST", "/api/stores/{store}/sales", Access::StoreStaff},
    {"GET", "/api/stores/{store}/stock", Access::StoreStaff},
    {"GET", "/api/admin/audit", Access::Admin},
    {"POST", "/api/admin/pickup-holds/lapse", Access::Admin},
    {"GET", "/api/admin/actions", Access::Admin},
    {"GET", "/api/admin/accounts", Access::Admin},
    {"POST", "/api/admin/accounts", Access::Admin},
    {"POST", "/api/admin/accounts/{account}/revoke", Access::Admin},
    {"GET", "/", Access::Public},
    {"GET", "/index.html", Access::Public},
    {"GET", "/web/{path...}", Access::Public},
    {"GET", "/wasm/{path...}", Access::Public},
};

enum class Caller { None, Expired, Revoked, ThisStore, OtherStore, Admin };
const Caller kCallers[] = {Caller::None, Caller::Expired, Caller::Revoked, Caller::ThisStore, Caller::OtherStore,
                           Caller::Admin};

const char* caller_name(Caller c) {
  switch (c) {
    case Caller::None: return "no credentials";
    case Caller::Expired: return "expired session";
    case Caller::Revoked: return "revoked account";
    case Caller::ThisStore: return "staff of this store";
    case Caller::OtherStore: return "staff of another store";
    case Caller::Admin: return "admin";
  }
  return "?";
}

// The documented answer: 401, 403, or 0 for "let through" (the handler's
// own answer, e.g. 200, 400 or 404 for the made-up ids below).
int32_t expected_status(Access access, Caller caller) {
  if (caller == Caller::None || caller == Caller::Expired || caller == Caller::Revoked) return 401;
  switch (access) {
    case Access::Public:
    case Access::Signed:
      return 0;
    case Access::StoreStaff:
      return caller == Caller::OtherStore ? 403 : 0;
    case Access::Admin:
      return caller == Caller::Admin ? 0 : 403;
  }
  return 401;
}

constexpr const char* kStore = "nyc-soho";
constexpr const char* kOtherStore = "boston-back-bay";

class StaffAuthzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/server-authz-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    SqliteOptions o;
    o.path = dir_ + "/checkout.db";
    app_ = std::make_unique<App>(
        AppConfig{}, open_sqlite_storage(o),
        LiveCatalog::load_file(std::string(CHECKOUT_SOURCE_DIR) + "/server-stub/data/demo/catalog.json"),
        [](const std::string&, const std::string&) {}, [this] { return now_; });
    app_->start();
  }
  void TearDown() override {
    app_.reset();
    std::system(("rm -rf " + dir_).c_str());
  }

  // A fresh session token (signing out in one cell must not change the next).
  std::string session(StaffRole role, const std::string& store) {
    StaffAccounts& accounts = app_->staff_accounts();
    std::optional<StaffAccount> a = accounts.create("user" + std::to_string(++users_), role, store, std::nullopt);
    std::optional<StaffSession> s = accounts.consume_link(accounts.issue_link(a->id));
    last_account_ = a->id;
    return s->token;
  }

  std::string credential(Caller caller) {
    switch (caller) {
      case Caller::None:
        return "";
      case Caller::Expired: {
        const int64_t real = now_;
        now_ = real - StaffAccounts::kSessionSeconds - 1;
        std::string token = session(StaffRole::Store, kStore);
        now_ = real;
        return token;
      }
      case Caller::Revoked: {
        std::string token = session(StaffRole::Store, kStore);
        app_->staff_accounts().revoke(last_account_);
        return token;
      }
      case Caller::ThisStore:
        return session(StaffRole::Store, kStore);
      case Caller::OtherStore:
        return session(StaffRole::Store, kOtherStore);
      case Caller::Admin:
        return session(StaffRole::Admin, "");
    }
    return "";
  }

  http::Response call(const std::string& method, const std::string& path, const std::string& token,
                      const std::string& body = "{}") {
    http::Request r;
    r.method = method;
    r.path = path;
    r.target = path;
    r.body = body;
    r.remote_ip = "192.0.2.1";
    r.headers.emplace_back("host", "shop.example");
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    return app_->handle(r);
  }

  std::string dir_;
  int64_t now_ = 1'800'000'000;
  int32_t users_ = 0;
  int64_t last_account_ = 0;
  std::unique_ptr<App> app_;
};

// "/api/stores/{store}/orders/{order}/status" -> a path of this store.
std::string concrete(const std::string& pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      out += pattern[i++];
      continue;
    }
    const size_t end = pattern.find('}', i);
    const std::string name = pattern.substr(i + 1, end - i - 1);
    out += name == "store" ? kStore : name == "account" ? "999999" : name == "order" ? "ord_nosuchorder" : "x";
    i = end + 1;
  }
  return out;
}

TEST_F(StaffAuthzTest, TheRouteTableIsTheDocumentedOne) {
  const std::vector<RouteInfo> routes = app_->routes();
  ASSERT_EQ(routes.size(), kDocumented.size()) << "a route was added or removed: document its access here and in docs/api.md";
  for (size_t i = 0; i < routes.size(); ++i) {
    EXPECT_EQ(routes[i].method, kDocumented[i].method) << i;
    EXPECT_EQ(routes[i].pattern, kDocumented[i].pattern) << i;
    EXPECT_EQ(routes[i].access, kDocumented[i].access) << routes[i].method << " " << routes[i].pattern;
  }
}

TEST_F(StaffAuthzTest, EveryGuardedRouteAnswersEachCallerAsDocumented) {
  int32_t cells = 0, guarded = 0;
  for (const RouteInfo& route : app_->routes()) {
    if (route.access == Access::Public) continue;
    ++guarded;
    for (Caller caller : kCallers) {
      const http::Response r = call(route.method, concrete(route.pattern), credential(caller));
      const int32_t want = expected_status(route.access, caller);
      const std::string cell = route.method + " " + route.pattern + " as " + caller_name(caller) + ": " +
                               std::to_string(r.status) + " " + r.body;
      if (want == 0) {
        EXPECT_NE(r.status, 401) << cell;
        EXPECT_NE(r.status, 403) << cell;
      } else {
        EXPECT_EQ(r.status, want) << cell;
      }
      ++cells;
    }
  }
  // 12 guarded routes x 6 callers when this was written; the count follows the table.
  EXPECT_GE(guarded, 12);
  EXPECT_EQ(cells, guarded * 6);
  std::printf("authorization matrix: %d routes x 6 callers = %d cells\n", guarded, cells);
}

TEST_F(StaffAuthzTest, MethodsAStoreResourceLacksAreNotToldToStrangers) {
  EXPECT_EQ(call("GET", "/api/stores/nyc-soho/sales", "").status, 401);
  EXPECT_EQ(call("GET", "/api/stores/nyc-soho/sales", credential(Caller::OtherStore)).status, 403);
  EXPECT_EQ(call("GET", "/api/stores/nyc-soho/sales", credential(Caller::ThisStore)).status, 405);
}

TEST_F(StaffAuthzTest, ACookieSessionCannotActFromAnotherSite) {
  const std::string token = credential(Caller::ThisStore);
  auto with_cookie = [&](const char* origin) {
    http::Request r;
    r.method = "POST";
    r.path = "/api/stores/nyc-soho/orders/ord_nosuchorder/status";
    r.body = R"({"status":"cancelled"})";
    r.headers.emplace_back("host", "shop.example");
    r.headers.emplace_back("cookie", "theme=dark; checkout_staff=" + token);
    if (origin != nullptr) r.headers.emplace_back("origin", origin);
    return app_->handle(r);
  };
  EXPECT_EQ(with_cookie("https://attacker.example").status, 403);
  EXPECT_EQ(with_cookie(nullptr).status, 403);
  // Same origin: let through to the handler, which has no such order.
  EXPECT_EQ(with_cookie("http://shop.example").status, 404);
}

TEST_F(StaffAuthzTest, SignOutEndsTheSessionAndTheActionLogNamesTheAccount) {
  const std::string admin = credential(Caller::Admin);
  const int64_t admin_id = last_account_;
  const std::string staff = credential(Caller::ThisStore);
  const int64_t staff_id = last_account_;
  EXPECT_EQ(call("POST", "/api/stores/nyc-soho/orders/ord_nosuchorder/status", staff, R"({"status":"cancelled"})").status,
            404);
  EXPECT_EQ(call("DELETE", "/api/staff/session", staff).status, 200);
  EXPECT_EQ(call("GET", "/api/staff/session", staff).status, 401);
  const http::Response log = call("GET", "/api/admin/actions", admin);
  ASSERT_EQ(log.status, 200);
  const Json actions = Json::parse(log.body).at("actions");
  ASSERT_GE(actions.size(), 2u);
  EXPECT_EQ(actions[0].at("account_id"), staff_id);
  EXPECT_EQ(actions[0].at("method"), "DELETE");
  EXPECT_EQ(actions[1].at("account_id"), staff_id);
  EXPECT_EQ(actions[1].at("path"), "/api/stores/nyc-soho/orders/ord_nosuchorder/status");
  EXPECT_EQ(actions[1].at("status"), 404);
  EXPECT_NE(admin_id, staff_id);
}

TEST_F(StaffAuthzTest, ASignInLinkWorksOnce) {
  StaffAccounts& accounts = app_->staff_accounts();
  const StaffAccount a = *accounts.create("linked", StaffRole::Store, kStore, std::nullopt);
  const std::string link = accounts.issue_link(a.id);
  const std::string body = Json{{"token", link}, {"bearer", true}}.dump();
  const http::Response first = call("POST", "/api/staff/link", "", body);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(call("GET", "/api/stores/nyc-soho/orders", Json::parse(first.body).at("token").get<std::string>()).status, 200);
  EXPECT_EQ(call("POST", "/api/staff/link", "", body).status, 401);
}

TEST_F(StaffAuthzTest, SignInFailuresAreRateLimitedPerUsername) {
  StaffAccounts& accounts = app_->staff_accounts();
  accounts.create("target", StaffRole::Store, kStore, std::string("the right password"));
  auto attempt = [&](const std::string& password) {
    return call("POST", "/api/staff/session", "", Json{{"username", "target"}, {"password", password}}.dump()).status;
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt("guess number " + std::to_string(i)), 401);
  // Now even the right password waits: the limiter cannot tell the attacker from the owner.
  EXPECT_EQ(attempt("the right password"), 429);
}

TEST_F(StaffAuthzTest, PasswordsAndTokensAreStoredAsHashesOnly) {
  StaffAccounts accounts(dir_ + "/staff.db", [this] { return now_; });
  const StaffAccount a = *accounts.create("hashed", StaffRole::Admin, "", std::string("a very secret phrase"));
  EXPECT_TRUE(accounts.sign_in("hashed", "a very secret phrase").has_value());
  EXPECT_FALSE(accounts.sign_in("hashed", "a very secret phrasE").has_value());
  EXPECT_FALSE(accounts.sign_in("nobody", "a very secret phrase").has_value());
  const std::string link = accounts.issue_link(a.id);
  const std::string session = accounts.consume_link(link)->token;

  SqliteConnection db(dir_ + "/staff.db", false);
  SqliteStatement hash = db.prepare("SELECT password_hash FROM staff_accounts WHERE username = 'hashed'");
  ASSERT_TRUE(hash.step());
  EXPECT_EQ(hash.text(0).rfind("$argon2id$", 0), 0u) << hash.text(0);
  EXPECT_EQ(hash.text(0).find("secret"), std::string::npos);
  SqliteStatement tokens = db.prepare("SELECT token_hash FROM staff_tokens");
  int32_t rows = 0;
  while (tokens.step()) {
    ++rows;
    EXPECT_NE(tokens.text(0), link);
    EXPECT_NE(tokens.text(0), session);
  }
  EXPECT_EQ(rows, 3);  // the password session, the link, the link's session
}

}  // namespace
}  // namespace server
