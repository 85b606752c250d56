// The route table: which handler a method and path reach, path parameters,
// 404/405/401 from the table alone; and the server's own table as data.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

#include "app.h"
#include "route_table.h"

namespace server {
namespace {

http::Request request(const std::string& method, const std::string& path) {
  http::Request r;
  r.method = method;
  r.path = path;
  return r;
}

// A handler that answers with its name and the arguments it was given.
RouteHandler echo(const std::string& name, std::vector<std::string> keys = {}) {
  return [name, keys](const http::Request&, const PathArgs& args) {
    http::Response r;
    r.body = name;
    for (const std::string& k : keys) r.body += " " + k + "=" + args[k];
    return r;
  };
}

const std::string* header(const http::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

class RouteTableTest : public ::testing::Test {
 protected:
  RouteTable table_{{
      {"GET", "/api/orders", Access::Public, echo("list")},
      {"POST", "/api/orders", Access::Public, echo("place")},
      {"GET", "/api/orders/{order}", Access::Public, echo("one", {"order"})},
      {"POST", "/api/stores/{store}/orders/{order}/status", Access::StoreStaff, echo("status", {"store", "order"})},
      {"GET", "/files/{path...}", Access::Public, echo("file", {"path"})},
  }};
  bool staff_ = false;
  std::vector<std::string> guarded_;  // "access store" per guarded call
  http::Response go(const std::string& method, const std::string& path) {
    return table_.dispatch(request(method, path), [this](const http::Request&, Access access, const PathArgs& args,
                                                         const std::function<http::Response()>& run) {
      guarded_.push_back(std::string(access_name(access)) + " " + args["store"]);
      if (access != Access::Public && !staff_) {
        http::Response denied;
        denied.status = 401;
        return denied;
      }
      return run();
    });
  }
};

TEST_F(RouteTableTest, ReachesTheHandlerWithPathArguments) {
  EXPECT_EQ(go("GET", "/api/orders").body, "list");
  EXPECT_EQ(go("POST", "/api/orders").body, "place");
  EXPECT_EQ(go("GET", "/api/orders/ord_1").body, "one order=ord_1");
  EXPECT_EQ(go("GET", "/api/orders/").body, "one order=");  // an empty segment is still a segment
  staff_ = true;
  EXPECT_EQ(go("POST", "/api/stores/s1/orders/o9/status").body, "status store=s1 order=o9");
}

TEST_F(RouteTableTest, RestParameterTakesOneOrMoreSegments) {
  EXPECT_EQ(go("GET", "/files/a/b/c.js").body, "file path=a/b/c.js");
  EXPECT_EQ(go("GET", "/files/").body, "file path=");
  EXPECT_EQ(go("GET", "/files").status, 404);
}

TEST_F(RouteTableTest, UnknownPathsAre404) {
  for (const char* path : {"/", "/api", "/api/orders/a/b", "/api/stores/s1/orders/o9", "/api/nope"}) {
    const http::Response r = go("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.body.find("\"not_found\""), std::string::npos) << path;
  }
}

TEST_F(RouteTableTest, OtherMethodsAre405WithEveryAllowedMethod) {
  http::Response r = go("DELETE", "/api/orders");
  EXPECT_EQ(r.status, 405);
  ASSERT_NE(header(r, "Allow"), nullptr);
  EXPECT_EQ(*header(r, "Allow"), "GET, POST");
  r = go("POST", "/api/orders/ord_1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*header(r, "Allow"), "GET");
}

TEST_F(RouteTableTest, TheGuardDecidesWithTheRoutesAccessAndArguments) {
  http::Response r = go("POST", "/api/stores/s1/orders/o9/status");
  EXPECT_EQ(r.status, 401);
  // Not even which methods exist is told without the guard's consent.
  r = go("GET", "/api/stores/s1/orders/o9/status");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(header(r, "Allow"), nullptr);
  EXPECT_EQ(guarded_, (std::vector<std::string>{"store_staff s1", "store_staff s1"}));
  staff_ = true;
  r = go("GET", "/api/stores/s1/orders/o9/status");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*header(r, "Allow"), "POST");
}

TEST_F(RouteTableTest, ListsItsRoutesInOrder) {
  const std::vector<RouteInfo> routes = table_.routes();
  ASSERT_EQ(routes.size(), 5u);
  EXPECT_EQ(routes[3].method, "POST");
  EXPECT_EQ(routes[3].pattern, "/api/stores/{store}/orders/{order}/status");
  EXPECT_EQ(routes[3].access, Access::StoreStaff);
  EXPECT_STREQ(access_name(routes[0].access), "public");
}

TEST(RouteTableDeclarationTest, RefusesMalformedPatterns) {
  EXPECT_THROW(RouteTable({{"GET", "api", Access::Public, echo("x")}}), std::invalid_argument);
  EXPECT_THROW(RouteTable({{"GET", "/{rest...}/x", Access::Public, echo("x")}}), std::invalid_argument);
}

// The server's table: store endpoints are for that store's staff, admin
// endpoints for admins, and nothing else needs an account but the staff
// session itself. (The written authorization policy of docs/security.md;
// staff_authz_test.cpp checks what each level answers.)
TEST(AppRoutesTest, StoreAndAdminEndpointsNeedTheirAccessLevel) {
  char dir[] = "/tmp/server-routes-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  SqliteOptions o;
  o.path = std::string(dir) + "/checkout.db";
  {
    App app(AppConfig{}, open_sqlite_storage(o),
            LiveCatalog::load_file(std::string(CHECKOUT_SOURCE_DIR) + "/server-stub/data/demo/catalog.json"),
            [](const std::string&, const std::string&) {}, [] { return int64_t{1'800'000'000}; });
    for (const RouteInfo& r : app.routes()) {
      Access expected = Access::Public;
      if (r.pattern.rfind("/api/stores/", 0) == 0) expected = Access::StoreStaff;
      if (r.pattern.rfind("/api/admin/", 0) == 0) expected = Access::Admin;
      if (r.pattern.rfind("/api/staff/", 0) == 0 && r.pattern != "/api/staff/link" &&
          !(r.method == "POST" && r.pattern == "/api/staff/session")) {
        expected = Access::Signed;
      }
      EXPECT_EQ(r.access, expected) << r.method << " " << r.pattern;
    }
  }
  std::system((std::string("rm -rf ") + dir).c_str());
}

}  // namespace
}  // namespace server
