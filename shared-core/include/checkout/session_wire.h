// The session view's wire form: how a SessionView crosses a language
// boundary (the wasm bindings) without a JSON round trip for the numbers a
// cart page redraws on every edit. Written here, beside the view, so its
// layout has one author and is tested natively; the JS reader is
// sessionView() in wasm/js/checkout.mjs (docs/formats.md "Session view").
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "checkout/session.h"

namespace checkout {

struct SessionWire {
  // [subtotal, discounts, shipping, tax, grand_total, shipping price, then
  // per line: subtotal, discount_total, net, tax, total, unit_price, then per
  // pickup store (in view order) per availability line: line, requested,
  // available].
  std::vector<int64_t> numbers;
  // Everything else, as canonical JSON:
  // {"applied":[[id,code,amount,shipping_discount,free_shipping]...],
  //  "discounts":[[[promotion,amount]...] per line],
  //  "messages":[[code,line,params]...],"pickup":[{availability,distance_m?,
  //  lines:<how many triples>,ready_local?,store}...],"promotions":[id...],
  //  "rejected":[[code,reason,params]...],"shipping":{"needed":bool,
  //  "options":[{base_price,earliest,free,free_over?,latest,method,price,
  //  remaining_for_free?}...],"selected":id|null}} (code "" for an automatic promotion).
  std::string text;
};

SessionWire session_wire(const SessionView& view);

}  // namespace checkout
