// The core's address rule against the shared table tests/address/cases.json
// (the same cases the wasm JS API and the server answer in
// tests/address/address_cases.test.mjs).
#include "checkout/address_rules.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace checkout {
namespace {

nlohmann::json load_cases() {
  std::ifstream in(ADDRESS_CASES);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

std::string field(const nlohmann::json& address, const char* key) {
  return address.contains(key) ? address.at(key).get<std::string>() : "";
}

TEST(AddressRules, SharedCaseTable) {
  const nlohmann::json table = load_cases();
  ASSERT_GE(table.at("cases").size(), 10u);
  for (const nlohmann::json& c : table.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const nlohmann::json& a = c.at("address");
    Result<CheckedAddress> r = check_postal_address(field(a, "country"), field(a, "region"), field(a, "postal_code"));
    const nlohmann::json& expect = c.at("expect");
    if (expect.contains("error")) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, expect.at("error").at("code").get<std::string>());
      EXPECT_EQ(r.error().path, expect.at("error").at("path").get<std::string>());
      EXPECT_FALSE(r.error().message.empty());
    } else {
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(r.value().country, field(a, "country"));
      EXPECT_EQ(r.value().region, expect.at("region").get<std::string>());
      EXPECT_EQ(r.value().postal_code, expect.at("postal_code").get<std::string>());
    }
  }
}

TEST(AddressRules, MismatchNamesBothStates) {
  Result<CheckedAddress> r = check_postal_address("US", "NY", "90013");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "ZIP code 90013 is in California, not New York.");
}

TEST(AddressRules, EveryPrefixBoundary) {
  // Both ends of a range and the gap after it.
  EXPECT_EQ(check_postal_address("US", "", "14999").value().region, "NY");
  EXPECT_EQ(check_postal_address("US", "", "15000").value().region, "PA");
  EXPECT_EQ(check_postal_address("US", "", "99999").value().region, "AK");
  EXPECT_FALSE(check_postal_address("US", "", "00499").ok());
  EXPECT_EQ(check_postal_address("US", "", "00501").value().region, "NY");
  EXPECT_FALSE(check_postal_address("US", "", "96200").ok());  // military (AP)
}

TEST(AddressRules, CountryMustBeAnIsoCode) {
  Result<CheckedAddress> r = check_postal_address("us", "", "10013");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/country");
}

}  // namespace
}  // namespace checkout
