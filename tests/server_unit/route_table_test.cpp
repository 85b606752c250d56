// The route table: which handler a method and path reach, path parameters,
// 404/405/401 from the table alone; and the server's own table as data.
#include <gtest/gtest.h>

#include <cstdlib>
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
      {"POST", "/api/stores/{store}/orders/{order}/status", Access::Staff, echo("status", {"store", "order"})},
      {"GET", "/files/{path...}", Access::Public, echo("file", {"path"})},
  }};
  bool staff_ = false;
  http::Response go(const std::string& method, const std::string& path) {
    return table_.dispatch(request(method, path), [this](const http::Request&) { return staff_; });
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

TEST_F(RouteTableTest, StaffRoutesNeedAuthorisationBeforeAnythingElse) {
  http::Response r = go("POST", "/api/stores/s1/orders/o9/status");
  EXPECT_EQ(r.status, 401);
  ASSERT_NE(header(r, "WWW-Authenticate"), nullptr);
  // Not even which methods exist is told without the token.
  r = go("GET", "/api/stores/s1/orders/o9/status");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(header(r, "Allow"), nullptr);
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
  EXPECT_EQ(routes[3].access, Access::Staff);
  EXPECT_STREQ(access_name(routes[0].access), "public");
}

TEST(RouteTableDeclarationTest, RefusesMalformedPatterns) {
  EXPECT_THROW(RouteTable({{"GET", "api", Access::Public, echo("x")}}), std::invalid_argument);
  EXPECT_THROW(RouteTable({{"GET", "/{rest...}/x", Access::Public, echo("x")}}), std::invalid_argument);
}

// The server's table: every store and admin endpoint is staff-only, and
// nothing else is. (The written authorization policy of docs/security.md.)
TEST(AppRoutesTest, StoreAndAdminEndpointsAreStaffOnly) {
  char dir[] = "/tmp/server-routes-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  SqliteOptions o;
  o.path = std::string(dir) + "/checkout.db";
  {
    App app(AppConfig{}, open_sqlite_storage(o),
            LiveCatalog::load_file(std::string(CHECKOUT_SOURCE_DIR) + "/server-stub/data/demo/catalog.json"),
            [](const std::string&, const std::string&) {}, [] { return int64_t{1'800'000'000}; });
    const std::vector<RouteInfo> routes = app.routes();
    EXPECT_GE(routes.size(), 12u);
    int32_t staff = 0;
    for (const RouteInfo& r : routes) {
      const bool staff_path = r.pattern.rfind("/api/stores/", 0) == 0 || r.pattern.rfind("/api/admin/", 0) == 0;
      EXPECT_EQ(r.access == Access::Staff, staff_path) << r.method << " " << r.pattern;
      staff += r.access == Access::Staff ? 1 : 0;
    }
    EXPECT_EQ(staff, 5);
  }
  std::system((std::string("rm -rf ") + dir).c_str());
}

}  // namespace
}  // namespace server
