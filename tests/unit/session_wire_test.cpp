// The session view's wire form: its layout is read by sessionView() in
// wasm/js/checkout.mjs, so every position and key here is part of a contract.
// The view is written by hand, so the expected wire is independent of pricing.
#include "checkout/session_wire.h"

#include <gtest/gtest.h>

namespace checkout {
namespace {

SessionView two_line_view() {
  SessionView v;
  v.totals = {3000, 300, 500, 272, 3472};
  v.shipping_price = 500;
  SessionView::Line tee{2000, 300, 1700, 170, 1870, 1000, {{"tenoff", 200}, {"auto", 100}}};
  SessionView::Line mug{1000, 0, 1000, 102, 1102, 500, {}};
  v.lines = {tee, mug};
  v.shipping_needed = true;
  v.shipping_selected = "standard";
  SessionView::ShippingOption standard{"standard", 500, 500, false, 5000, 2000, "2026-11-25", "2026-11-27"};
  v.shipping_options = {standard};
  v.promotions = {"auto", "tenoff"};
  v.applied = {{"auto", "", 100, 0, false}, {"tenoff", "SAVE", 200, 0, true}};
  v.rejected = {{"OLD", "expired", {{"ended", "2026-01-01", 0, false}}}};
  v.messages = {{"free_shipping_progress", -1, {{"remaining", "", 2000, true}}}};
  SessionView::PickupStore near{"s1", 900, "partial", {{0, 2, 1}, {1, 1, 1}}, "2026-11-23T10:30:00-05:00"};
  SessionView::PickupStore far{"s2", std::nullopt, "none", {{0, 2, 0}}, std::nullopt};
  v.pickup_stores = {near, far};
  return v;
}

TEST(SessionWire, NumbersAreTotalsThenLinesThenPickupTriples) {
  const SessionWire wire = session_wire(two_line_view());
  const std::vector<int64_t> expected = {
      3000, 300, 500, 272, 3472, 500,     // totals, shipping price
      2000, 300, 1700, 170, 1870, 1000,   // line 0
      1000, 0, 1000, 102, 1102, 500,      // line 1
      0, 2, 1, 1, 1, 1,                   // s1: line 0 two asked one there, line 1
      0, 2, 0};                           // s2
  EXPECT_EQ(wire.numbers, expected);
}

TEST(SessionWire, TextHoldsTheRestInCanonicalKeyOrder) {
  const SessionWire wire = session_wire(two_line_view());
  EXPECT_EQ(wire.text,
            "{\"applied\":[[\"auto\",\"\",100,0,false],[\"tenoff\",\"SAVE\",200,0,true]],"
            "\"discounts\":[[[\"tenoff\",200],[\"auto\",100]],[]],"
            "\"messages\":[[\"free_shipping_progress\",-1,{\"remaining\":2000}]],"
            "\"pickup\":[{\"availability\":\"partial\",\"distance_m\":900,\"lines\":2,"
            "\"ready_local\":\"2026-11-23T10:30:00-05:00\",\"store\":\"s1\"},"
            "{\"availability\":\"none\",\"lines\":1,\"store\":\"s2\"}],"
            "\"promotions\":[\"auto\",\"tenoff\"],"
            "\"rejected\":[[\"OLD\",\"expired\",{\"ended\":\"2026-01-01\"}]],"
            "\"shipping\":{\"needed\":true,\"options\":[{\"base_price\":500,\"earliest\":\"2026-11-25\","
            "\"free\":false,\"free_over\":5000,\"latest\":\"2026-11-27\",\"method\":\"standard\","
            "\"price\":500,\"remaining_for_free\":2000}],\"selected\":\"standard\"}}");
}

TEST(SessionWire, NoSelectedMethodIsNull) {
  SessionView v;
  const SessionWire wire = session_wire(v);
  EXPECT_EQ(wire.numbers, std::vector<int64_t>(6, 0));
  EXPECT_EQ(wire.text,
            "{\"applied\":[],\"discounts\":[],\"messages\":[],\"pickup\":[],\"promotions\":[],\"rejected\":[],"
            "\"shipping\":{\"needed\":false,\"options\":[],\"selected\":null}}");
}

}  // namespace
}  // namespace checkout
