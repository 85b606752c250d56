// The shipped demo merchants load in the core and have what the demo and
// the server tests rely on.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "checkout/engine.h"

namespace {

std::string read_file(const std::string& relative) {
  std::ifstream in(std::string(CHECKOUT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DemoDataTest, NorthwindLoadsAndIsBigEnough) {
  const std::string text = read_file("server-stub/data/demo/catalog.json");
  checkout::Result<checkout::Engine> engine = checkout::Engine::load(std::string_view(text));
  ASSERT_TRUE(engine.ok()) << checkout::error_json(engine.error());
  const nlohmann::json c = nlohmann::json::parse(text);
  EXPECT_EQ(c.at("currency").get<std::string>(), "USD");
  EXPECT_GE(c.at("products").size(), 200u);
  EXPECT_GE(c.at("stores").size(), 8u);
  std::set<std::string> zones, codes;
  for (const auto& s : c.at("stores")) zones.insert(s.at("timezone").get<std::string>());
  EXPECT_GE(zones.size(), 2u);
  EXPECT_GE(c.at("promotions").size(), 10u);
  for (const auto& p : c.at("promotions")) {
    if (p.contains("codes")) for (const auto& code : p.at("codes")) codes.insert(code.get<std::string>());
  }
  for (const char* needed : {"WELCOME10", "SAVE20", "FREESHIP", "ONETIME50", "INSTORE5", "SUMMER15", "VIP25"}) {
    EXPECT_TRUE(codes.count(needed)) << needed;
  }
  EXPECT_EQ(c.at("shipping").at("warehouses").size(), 2u);
}

TEST(DemoDataTest, HafenLoadsWithVatInclusivePrices) {
  const std::string text = read_file("server-stub/data/vat-demo/catalog.json");
  checkout::Result<checkout::Engine> engine = checkout::Engine::load(std::string_view(text));
  ASSERT_TRUE(engine.ok()) << checkout::error_json(engine.error());
  const nlohmann::json c = nlohmann::json::parse(text);
  EXPECT_EQ(c.at("currency").get<std::string>(), "EUR");
  EXPECT_TRUE(c.at("prices_include_tax").get<bool>());
  EXPECT_EQ(c.at("stores").size(), 2u);
}

TEST(DemoDataTest, PolishMerchantLoadsWithThreeVatRates) {
  const std::string text = read_file("server-stub/data/pl-demo/catalog.json");
  checkout::Result<checkout::Engine> engine = checkout::Engine::load(std::string_view(text));
  ASSERT_TRUE(engine.ok()) << checkout::error_json(engine.error());
  const nlohmann::json c = nlohmann::json::parse(text);
  EXPECT_EQ(c.at("currency").get<std::string>(), "PLN");
  EXPECT_EQ(c.at("locale").get<std::string>(), "pl-PL");
  EXPECT_TRUE(c.at("prices_include_tax").get<bool>());
  EXPECT_EQ(c.at("tax_rules").at(0).at("second_reduced_rate").get<std::string>(), "5");
  EXPECT_EQ(c.at("stores").size(), 2u);
}

}  // namespace
