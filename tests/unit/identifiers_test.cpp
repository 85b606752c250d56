// One normal form per kind of identifier (identifiers.h), and the loaders
// applying it on both sides of every comparison.
#include "identifiers.h"

#include <gtest/gtest.h>

#include <string>

#include "catalog_loader.h"
#include "civil_time.h"
#include "error.h"
#include "request_loader.h"

namespace checkout {
namespace {

TEST(Identifiers, PostalCodesDropSpacesAndHyphensAndUpperCase) {
  EXPECT_EQ(normalise_postal_code("sw1a 1aa"), "SW1A1AA");
  EXPECT_EQ(normalise_postal_code("  SW1A   1AA\t"), "SW1A1AA");
  EXPECT_EQ(normalise_postal_code(" 10013"), "10013");
  EXPECT_EQ(normalise_postal_code("10013-1234"), "100131234");
  EXPECT_EQ(normalise_postal_code("00-950"), "00950");
  EXPECT_EQ(normalise_postal_code("k1a 0b1\r\n"), "K1A0B1");
  EXPECT_EQ(normalise_postal_code(" - "), "");
  // Non-ASCII bytes pass unchanged (no locale-dependent case mapping).
  EXPECT_EQ(normalise_postal_code("\xc3\xa9 1"), "\xc3\xa9" "1");
}

TEST(Identifiers, PromotionCodesAreTrimmedAndUpperCasedInside) {
  EXPECT_EQ(normalise_promotion_code("  save10\t"), "SAVE10");
  EXPECT_EQ(normalise_promotion_code("two words"), "TWO WORDS");  // inner spaces are part of the code
}

TEST(Identifiers, ChannelsAndCustomerGroupsAreTrimmedAndLowerCased) {
  EXPECT_EQ(normalise_label(" App "), "app");
  EXPECT_EQ(normalise_label("VIP"), "vip");
  EXPECT_EQ(normalise_label("Trade Partners"), "trade partners");
}

const Catalog& catalog() {
  static const Catalog c = load_catalog(Json::parse(R"({
    "currency": "USD",
    "products": [{"id": "tee", "title": "Tee", "variants": [{"sku": "TEE", "price": 1000}]}],
    "promotions": [{"id": "p", "title": "P", "codes": ["  0123456789012345678901234567890123456789012345678901234567890123  "],
                    "customer_groups": [" VIP "], "channels": ["App "], "effect": {"type": "amount_off", "amount": 1}}],
    "tax_rules": [{"id": "nyc", "name": "NYC", "country": "US", "postal_prefix": " 100-", "rate": "8.875"}],
    "shipping": {
      "warehouses": [{"id": "wh", "timezone": "UTC0"}],
      "methods": [{"id": "m", "name": "M", "warehouse": "wh", "zones": [{"country": "GB", "postal_prefixes": ["sw1a ", "SW1A"]}],
                   "subtotal_rates": [{"min_subtotal": 0, "price": 1}], "transit_days": {"min": 1, "max": 1}}]
    },
    "postal_codes": [{"country": "US", "postal_code": "10013", "lat_e6": 40720000, "lon_e6": -74000000},
                     {"country": "US", "postal_code": "1001", "lat_e6": 1, "lon_e6": 1}]
  })"), "");
  return c;
}

Context context(const std::string& json) { return load_context(Json::parse(json), catalog(), "/context"); }

Error context_error(const std::string& json) {
  try {
    context(json);
  } catch (const InputError& e) {
    return e.error();
  }
  ADD_FAILURE() << "accepted: " << json;
  return Error{};
}

TEST(Identifiers, TheCatalogStoresTheNormalForms) {
  const Promotion& p = catalog().promotions.at(0);
  // 64 characters once trimmed: the limit is measured after trimming.
  EXPECT_EQ(p.codes.at(0).size(), 64u);
  EXPECT_EQ(p.customer_groups, (std::vector<std::string>{"vip"}));
  EXPECT_EQ(p.channels, (std::vector<std::string>{"app"}));
  EXPECT_EQ(catalog().tax_rules.at(0).postal_prefix, "100");
  EXPECT_EQ(catalog().shipping_methods.at(0).zones.at(0).postal_prefixes, (std::vector<std::string>{"SW1A"}));
}

TEST(Identifiers, CatalogCodesAndPrefixesMayNotBeBlankOnceNormalised) {
  auto error_of = [](const char* catalog_json) {
    Json catalog = Json::parse(catalog_json);
    catalog["products"] = Json::parse(R"([{"id": "tee", "title": "Tee", "variants": [{"sku": "TEE", "price": 1000}]}])");
    try {
      load_catalog(catalog, "/catalog");
    } catch (const InputError& e) {
      return e.error();
    }
    ADD_FAILURE() << "accepted: " << catalog_json;
    return Error{};
  };
  Error e = error_of(R"({"currency": "USD", "promotions": [{"id": "p", "title": "P", "codes": ["   "],
                         "effect": {"type": "amount_off", "amount": 1}}]})");
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.path, "/catalog/promotions/0/codes/0");
  e = error_of(R"({"currency": "USD", "tax_rules": [{"id": "t", "name": "T", "country": "US", "postal_prefix": " - ", "rate": "1"}]})");
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.path, "/catalog/tax_rules/0/postal_prefix");
  e = error_of(R"({"currency": "USD", "promotions": [{"id": "p", "title": "P", "customer_groups": ["x", " "],
                   "effect": {"type": "amount_off", "amount": 1}}]})");
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.path, "/catalog/promotions/0/customer_groups/1");
  // 65 characters once trimmed is too long.
  e = error_of(R"({"currency": "USD", "promotions": [{"id": "p", "title": "P",
                   "codes": ["01234567890123456789012345678901234567890123456789012345678901234"],
                   "effect": {"type": "amount_off", "amount": 1}}]})");
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.path, "/catalog/promotions/0/codes/0");
}

TEST(Identifiers, TheContextIsReadInTheSameForms) {
  Context c = context(R"({"now": "2026-11-22T14:03:00Z", "channel": " APP", "customer_group": "Vip ",
                          "destination": {"country": "GB", "postal_code": "sw1a 1aa"}})");
  EXPECT_EQ(c.channel, "app");
  EXPECT_EQ(c.customer_group, "vip");
  EXPECT_EQ(c.destination->postal_code, "SW1A1AA");
}

TEST(Identifiers, CouponsAreMeasuredAfterTrimming) {
  const std::string hundred(100, 'A');
  Cart cart = load_cart(Json{{"lines", Json::array()}, {"coupons", Json::array({"  " + hundred + "  "})}}, catalog(), "/cart");
  EXPECT_EQ(cart.coupons, (std::vector<std::string>{hundred}));
  try {
    load_cart(Json{{"lines", Json::array()}, {"coupons", Json::array({hundred + "A"})}}, catalog(), "/cart");
    ADD_FAILURE() << "a 101-character coupon was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.error().code, "invalid_value");
    EXPECT_EQ(e.error().path, "/cart/coupons/0");
  }
}

TEST(Identifiers, StoreSearchFindsTheLongestListedPrefix) {
  // "10013-1234" -> "100131234": "10013" is listed, so its centroid.
  Context c = context(R"({"now": "2026-11-22T14:03:00Z", "location": {"country": "US", "postal_code": "10013-1234"}})");
  EXPECT_EQ(c.location->lat_e6, 40720000);
  c = context(R"({"now": "2026-11-22T14:03:00Z", "location": {"country": "US", "postal_code": " 10013 "}})");
  EXPECT_EQ(c.location->lat_e6, 40720000);
  c = context(R"({"now": "2026-11-22T14:03:00Z", "location": {"country": "US", "postal_code": "10019"}})");
  EXPECT_EQ(c.location->lat_e6, 1);  // only "1001" begins it
  Error e = context_error(R"({"now": "2026-11-22T14:03:00Z", "location": {"country": "US", "postal_code": "1000"}})");
  EXPECT_EQ(e.code, "invalid_value");
  EXPECT_EQ(e.path, "/context/location/postal_code");
}

TEST(InstantRange, NowIsLimitedSoEveryWrittenDateIsValid) {
  // The latest accepted instant is the second before 9979-01-01 (civil_time.h),
  // 7670 days before 9999-12-31: more than the 2 + 2 x 3700 days a quote reaches.
  EXPECT_EQ(days_from_civil(CivilDate{9979, 1, 1}), 2'925'227);
  EXPECT_EQ(kLatestQuoteInstant, int64_t{days_from_civil(CivilDate{9979, 1, 1})} * 86'400 - 1);
  EXPECT_GE(days_from_civil(CivilDate{9999, 12, 31}) - (days_from_civil(CivilDate{9979, 1, 1}) - 1), 2 + 2 * 3700);
  EXPECT_EQ(context(R"({"now": "1970-01-02T00:00:00Z"})").now, 86'400);
  EXPECT_EQ(context(R"({"now": "1970-01-02T23:59:00+23:59"})").now, 86'400);
  EXPECT_EQ(context(R"({"now": "9978-12-31T23:59:59Z"})").now, int64_t{2'925'227} * 86'400 - 1);
  for (const char* now : {"1970-01-01T23:59:59Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00+23:59",
                          "1970-01-02T00:00:00+00:01", "9979-01-01T00:00:00Z", "9978-12-31T23:59:59-00:01",
                          "9999-12-31T23:59:59Z"}) {
    Error e = context_error(std::string(R"({"now": ")") + now + "\"}");
    EXPECT_EQ(e.code, "invalid_value") << now;
    EXPECT_EQ(e.path, "/context/now") << now;
  }
}

}  // namespace
}  // namespace checkout
