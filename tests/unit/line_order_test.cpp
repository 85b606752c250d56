#include <gtest/gtest.h>

#include <algorithm>

#include "pricing_state.h"

namespace checkout {
namespace {

struct Lines {
  std::vector<CartLine> cart;
  std::vector<LineState> states;

  void add(const char* sku, int64_t qty, const char* store = "") {
    CartLine c;
    c.sku = sku;
    c.quantity = qty;
    c.fulfilment = *store ? Fulfilment::Pickup : Fulfilment::Ship;
    c.store_id = store;
    cart.push_back(c);
  }
  // Built after every add() so the pointers into `cart` stay valid.
  const std::vector<LineState>& build() {
    states.clear();
    for (size_t i = 0; i < cart.size(); ++i) {
      LineState s;
      s.index = static_cast<int32_t>(i);
      s.cart = &cart[i];
      states.push_back(s);
    }
    return states;
  }
};

TEST(CanonicalLineOrder, SkuThenShipBeforePickupThenStoreThenQuantityDescendingThenIndex) {
  Lines l;
  l.add("B", 1);           // 0
  l.add("A", 1, "z");      // 1
  l.add("A", 2);           // 2
  l.add("A", 1, "m");      // 3
  l.add("A", 5);           // 4
  l.add("A", 5);           // 5: identical to 4, so cart index decides
  // A/ship/5 (4), A/ship/5 (5), A/ship/2 (2), A/pickup m (3), A/pickup z (1), B (0).
  EXPECT_EQ(canonical_line_order(l.build()), (std::vector<int32_t>{4, 5, 2, 3, 1, 0}));
}

TEST(CanonicalLineOrder, SameKeysInAnyCartOrder) {
  Lines forward, backward;
  const char* skus[] = {"C", "A", "B", "A"};
  const int64_t qty[] = {1, 3, 2, 7};
  for (int i = 0; i < 4; ++i) forward.add(skus[i], qty[i]);
  for (int i = 3; i >= 0; --i) backward.add(skus[i], qty[i]);
  auto keys = [](Lines& l) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (int32_t i : canonical_line_order(l.build())) out.emplace_back(l.cart[i].sku, l.cart[i].quantity);
    return out;
  };
  // A/7, A/3, B/2, C/1 whichever order the cart lists them in.
  std::vector<std::pair<std::string, int64_t>> expected{{"A", 7}, {"A", 3}, {"B", 2}, {"C", 1}};
  EXPECT_EQ(keys(forward), expected);
  EXPECT_EQ(keys(backward), expected);
}

TEST(CanonicalLineOrder, EmptyCart) { EXPECT_TRUE(canonical_line_order({}).empty()); }

}  // namespace
}  // namespace checkout
