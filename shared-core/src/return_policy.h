// The catalog's "returns" object -> ReturnPolicy (model.h). Rules and
// examples: docs/pricing/returns.md.
#pragma once
#include "json_reader.h"
#include "model.h"

namespace checkout {

// The default policy when the catalog has no "returns".
ReturnPolicy read_return_policy(const JsonReader& catalog_root);

const char* shipping_refund_name(ShippingRefund s);
const char* broken_promotions_name(BrokenPromotions b);
const char* return_condition_name(ReturnCondition c);

}  // namespace checkout
