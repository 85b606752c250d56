// The server's error bodies (docs/api.md, "Errors in the shopper's language"):
// params beside code, message and path, left out when empty; the 409
// insufficient_stock of an order or a sale, which only a race between the
// quote and the stock transaction reaches over HTTP.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_support.h"
#include "stock_refusal.h"

namespace server {
namespace {

TEST(ErrorBodyTest, ParamsBesideCodeMessageAndPath) {
  const Json body = error_body("quantity_too_large", "At most 2 of \"LAMP\" can be ordered at once.", "/cart/lines/0/quantity",
                               Json{{"max", 2}, {"sku", "LAMP"}});
  EXPECT_EQ(body.dump(), R"({"error":{"code":"quantity_too_large","message":"At most 2 of \"LAMP\" can be ordered at once.",)"
                         R"("params":{"max":2,"sku":"LAMP"},"path":"/cart/lines/0/quantity"}})");
  // Nothing named: no params member at all.
  EXPECT_EQ(error_body("not_found", "No such order.").dump(), R"({"error":{"code":"not_found","message":"No such order.","path":""}})");
}

TEST(ErrorBodyTest, TheCoresParamsAsNumbersAndText) {
  const checkout::Error e{"quantity_too_large", "x", "/cart/lines/1/quantity",
                          {checkout::number_param("max", 3), checkout::text_param("sku", "TEE")}};
  EXPECT_EQ(params_json(e.params).dump(), R"({"max":3,"sku":"TEE"})");
  const http::Response r = engine_error(e);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["params"], (Json{{"max", 3}, {"sku", "TEE"}}));
}

TEST(ErrorBodyTest, RetryLaterSaysTheSecondsInTheHeaderAndInParams) {
  const http::Response r = retry_later("rate_limited", "Too many unknown coupon codes; try again in 42 s.", 42, "/cart/coupons");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(Json::parse(r.body)["error"]["params"], (Json{{"retry_after", 42}}));
  bool header = false;
  for (const auto& [name, value] : r.headers) header |= name == "Retry-After" && value == "42";
  EXPECT_TRUE(header);
}

TEST(StockShortageBodyTest, TheFirstShortLineInParamsEveryLineInLines) {
  const std::vector<Shortage> shortages{
      {1, "LAMP", LocationKind::Store, "soho", 3, 1},
      {2, "TENT", LocationKind::Warehouse, "wh-east", 5, 0},
  };
  const Json body = stock_shortage_body("Not enough stock.", shortages);
  EXPECT_EQ(body["error"]["code"], "insufficient_stock");
  EXPECT_EQ(body["error"]["path"], "/cart/lines");
  EXPECT_EQ(body["error"]["params"],
            (Json{{"sku", "LAMP"}, {"requested", 3}, {"available", 1}, {"store", "soho"}, {"short_lines", 2}}));
  ASSERT_EQ(body["lines"].size(), 2u);
  EXPECT_EQ(body["lines"][1], (Json{{"line", 2}, {"sku", "TENT"}, {"location", "wh-east"}, {"location_kind", "warehouse"},
                                    {"requested", 5}, {"available", 0}}));
  // A warehouse names no store.
  const Json shipped = stock_shortage_body("x", {shortages[1]});
  EXPECT_EQ(shipped["error"]["params"], (Json{{"sku", "TENT"}, {"requested", 5}, {"available", 0}, {"short_lines", 1}}));
}

}  // namespace
}  // namespace server
