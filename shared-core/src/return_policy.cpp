#include "return_policy.h"

#include <string>

#include "error.h"

namespace checkout {

ReturnPolicy read_return_policy(const JsonReader& catalog_root) {
  ReturnPolicy policy;
  auto returns = catalog_root.optional_field("returns");
  if (!returns) return policy;
  returns->expect_only({"window_days", "shipping", "broken_promotions", "restocking_fee"});
  policy.window_days = returns->int32_or("window_days", 0, 3650, policy.window_days);
  policy.shipping = returns->enum_or("shipping", {"when_all_returned", "never"}, "when_all_returned") == "never"
                        ? ShippingRefund::Never
                        : ShippingRefund::WhenAllReturned;
  policy.broken_promotions = returns->enum_or("broken_promotions", {"keep", "take_back"}, "keep") == "take_back"
                                 ? BrokenPromotions::TakeBack
                                 : BrokenPromotions::Keep;
  if (auto fee = returns->optional_field("restocking_fee")) {
    fee->expect_only({"percent", "conditions"});
    policy.restocking_fee = fee->field("percent").as_percent(100);
    if (auto conditions = fee->optional_field("conditions")) {
      policy.fee_on_sellable = policy.fee_on_damaged = false;
      for (const JsonReader& c : conditions->items(1, 2)) {
        (c.as_enum({"sellable", "damaged"}) == "sellable" ? policy.fee_on_sellable : policy.fee_on_damaged) = true;
      }
    }
  }
  return policy;
}

const char* shipping_refund_name(ShippingRefund s) {
  return s == ShippingRefund::Never ? "never" : "when_all_returned";
}

const char* broken_promotions_name(BrokenPromotions b) {
  return b == BrokenPromotions::TakeBack ? "take_back" : "keep";
}

const char* return_condition_name(ReturnCondition c) { return c == ReturnCondition::Damaged ? "damaged" : "sellable"; }

}  // namespace checkout
