// Property 6: entering a code no promotion has changes nothing but the list
// of rejected codes, wherever among the other codes it is typed.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "quote_access.h"
#include "request_generators.h"

namespace property {
namespace {

RC_GTEST_PROP(UnknownCoupon, ChangesOnlyTheRejections, ()) {
  const Scenario s = *scenarios();
  const std::string code = unknown_code(static_cast<int>(pick(100, 199)));  // never among the scenario's own codes

  Scenario with_code = s;
  Json coupons = s.cart.contains("coupons") ? s.cart.at("coupons") : Json::array();
  const size_t at = static_cast<size_t>(pick(0, static_cast<int64_t>(coupons.size())));
  coupons.insert(coupons.begin() + static_cast<std::ptrdiff_t>(at), code);
  with_code.cart["coupons"] = coupons;

  const checkout::Engine engine = load_engine(s);
  const Json before = quote_with(engine, s.cart_and_context()).json;
  const Json after = quote_with(engine, with_code.cart_and_context()).json;

  RC_ASSERT(after.at("totals") == before.at("totals"));
  for (const char* part : {"lines", "shipping", "pickup", "tax_lines", "messages"}) {
    if (after.at(part) != before.at(part)) {
      RC_FAIL(std::string(part) + " changed by the unknown code " + code + "\n  before: " + before.at(part).dump() +
              "\n  after:  " + after.at(part).dump());
    }
  }
  RC_ASSERT(after.at("promotions").at("applied") == before.at("promotions").at("applied"));

  // Exactly one more rejection: the new code, as unknown; the others unchanged.
  Json rejected = after.at("promotions").at("rejected");
  size_t found = rejected.size();
  for (size_t i = 0; i < rejected.size(); ++i) {
    if (rejected[i].at("code") == code) {
      RC_ASSERT(found == rejected.size());  // listed once
      found = i;
    }
  }
  RC_ASSERT(found < rejected.size());
  RC_ASSERT(rejected[found].at("reason") == "unknown");
  rejected.erase(found);
  RC_ASSERT(rejected == before.at("promotions").at("rejected"));
}

}  // namespace
}  // namespace property
