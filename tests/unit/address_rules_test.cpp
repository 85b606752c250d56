// The core's address rule against the shared tables tests/address/cases.json
// and tests/address/address-formats.json (the same cases the wasm JS API and
// the server answer in tests/server/address_cases.test.mjs and
// tests/server/address_formats.test.mjs).
#include "checkout/address_rules.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace checkout {
namespace {

nlohmann::json load_json(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

std::string field(const nlohmann::json& address, const char* key) {
  return address.contains(key) ? address.at(key).get<std::string>() : "";
}

TEST(AddressRules, SharedCaseTable) {
  const nlohmann::json table = load_json(ADDRESS_CASES);
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

// Every country of the form's table, every case as a shopper types it.
TEST(AddressRules, PerCountryTable) {
  const nlohmann::json table = load_json(ADDRESS_FORMATS);
  const nlohmann::json& countries = table.at("countries");
  for (const char* country : {"US", "CA", "GB", "DE", "PL", "AM", "CN", "IR"}) {
    ASSERT_TRUE(countries.contains(country)) << country;
  }
  size_t checked = 0;
  for (const auto& [country, format] : countries.items()) {
    SCOPED_TRACE(country);
    const nlohmann::json& postal = format.at("postal");
    ASSERT_GE(postal.at("valid").size(), 3u);
    ASSERT_GE(postal.at("invalid").size(), 4u);
    for (const nlohmann::json& pair : postal.at("valid")) {
      const std::string typed = pair.at(0).get<std::string>();
      Result<CheckedAddress> r = check_postal_address(country, "", typed);
      ASSERT_TRUE(r.ok()) << typed << ": " << r.error().message;
      EXPECT_EQ(r.value().postal_code, pair.at(1).get<std::string>()) << typed;
      EXPECT_EQ(r.value().country, country);
      ++checked;
    }
    const std::string example = postal.at("example").get<std::string>();
    ASSERT_TRUE(check_postal_address(country, "", example).ok()) << "the form's example " << example;
    EXPECT_EQ(check_postal_address(country, "", example).value().postal_code, example) << "examples are in normal form";
    for (const nlohmann::json& typed : postal.at("invalid")) {
      Result<CheckedAddress> r = check_postal_address(country, "", typed.get<std::string>());
      ASSERT_FALSE(r.ok()) << typed;
      EXPECT_EQ(r.error().code, "invalid_postal_code") << typed;
      EXPECT_EQ(r.error().path, "/postal_code") << typed;
      EXPECT_FALSE(r.error().message.empty());
      ++checked;
    }
    const nlohmann::json& region = format.at("region");
    if (region.is_null()) continue;
    for (const nlohmann::json& pair : region.value("placed", nlohmann::json::array())) {
      Result<CheckedAddress> r = check_postal_address(country, "", pair.at(0).get<std::string>());
      ASSERT_TRUE(r.ok()) << pair;
      EXPECT_EQ(r.value().region, pair.at(1).get<std::string>()) << pair;
      ++checked;
    }
    for (const nlohmann::json& pair : region.value("consistent", nlohmann::json::array())) {
      const std::string named = pair.at(0).get<std::string>();
      Result<CheckedAddress> r = check_postal_address(country, named, pair.at(1).get<std::string>());
      ASSERT_TRUE(r.ok()) << pair << ": " << r.error().message;
      std::string upper = named;
      for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      EXPECT_EQ(r.value().region, upper) << pair;
      ++checked;
    }
    for (const nlohmann::json& pair : region.value("mismatched", nlohmann::json::array())) {
      Result<CheckedAddress> r = check_postal_address(country, pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
      ASSERT_FALSE(r.ok()) << pair;
      EXPECT_EQ(r.error().code, "postal_code_mismatch") << pair;
      EXPECT_EQ(r.error().path, "/postal_code") << pair;
      ++checked;
    }
    // Every region of the form's list is one the core knows; others are refused.
    const std::string valid_postal = postal.at("valid").at(0).at(1).get<std::string>();
    const bool placed_by_postal = region.contains("placed");
    for (const nlohmann::json& entry : region.at("list")) {
      const std::string code = entry.at("code").get<std::string>();
      Result<CheckedAddress> r = check_postal_address(country, code, valid_postal);
      if (placed_by_postal) {
        // The postal code places the address in one region: any other listed one is a mismatch, never unknown.
        EXPECT_TRUE(r.ok() || r.error().code == "postal_code_mismatch") << code << ": " << r.error().message;
      } else {
        EXPECT_TRUE(r.ok()) << code << ": " << r.error().message;
      }
      ++checked;
    }
    ASSERT_GE(region.at("unknown").size(), 1u);
    for (const nlohmann::json& named : region.at("unknown")) {
      Result<CheckedAddress> r = check_postal_address(country, named.get<std::string>(), valid_postal);
      ASSERT_FALSE(r.ok()) << named;
      EXPECT_EQ(r.error().code, "unknown_region") << named;
      EXPECT_EQ(r.error().path, "/region") << named;
      ++checked;
    }
  }
  EXPECT_GE(checked, 150u);
}

TEST(AddressRules, CountriesWithoutRulesKeepOneSpelling) {
  Result<CheckedAddress> r = check_postal_address("FR", "", "  75001 ");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().postal_code, "75001");
  EXPECT_EQ(check_postal_address("NL", "", "1011  ab").value().postal_code, "1011 AB");
  EXPECT_EQ(check_postal_address("FR", "", "۷۵۰۰۱").value().postal_code, "75001");
}

// Every short mix of letters, digits, spaces, hyphens, Persian digits and cut-off
// UTF-8 is answered (a normal form or an error with a path), never a crash: the
// matchers index into what they read.
TEST(AddressRules, EveryShortInputIsAnswered) {
  const char* const pieces[] = {"A", "1", " ", "-", "\xDB\xB1", "\xEF", "\xBC", "Z"};
  size_t answered = 0;
  for (const char* country : {"US", "CA", "GB", "DE", "PL", "AM", "CN", "IR", "FR"}) {
    std::vector<std::string> inputs{""};
    for (int length = 1; length <= 5; ++length) {  // every sequence of `length` pieces
      std::vector<std::string> longer;
      for (const std::string& s : inputs) {
        for (const char* p : pieces) longer.push_back(s + p);
      }
      for (const std::string& typed : longer) {
        Result<CheckedAddress> r = check_postal_address(country, "", typed);
        if (r.ok()) {
          EXPECT_FALSE(r.value().postal_code.empty()) << country << " " << typed;
        } else {
          EXPECT_FALSE(r.error().path.empty()) << country << " " << typed;
        }
        ++answered;
      }
      inputs = std::move(longer);
    }
  }
  EXPECT_GT(answered, 100000u);
}

TEST(AddressRules, TooLongIsRefusedBeforeItIsRead) {
  EXPECT_EQ(check_postal_address("GB", "", std::string(17, 'A')).error().code, "invalid_value");
  EXPECT_EQ(check_postal_address("IR", "", std::string(200, '1')).error().code, "invalid_value");
}

TEST(AddressRules, MismatchNamesBothStates) {
  Result<CheckedAddress> r = check_postal_address("US", "NY", "90013");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "ZIP code 90013 is in California, not New York.");
  Result<CheckedAddress> ca = check_postal_address("CA", "QC", "K1A 0B1");
  ASSERT_FALSE(ca.ok());
  EXPECT_EQ(ca.error().message, "Postal code K1A 0B1 is in Ontario, not Quebec.");
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
