// canonical_line_order (pricing_state.h): the order in which lines receive
// leftover cents, so a cart priced in any line order splits money the same way.
#include <algorithm>
#include <numeric>

#include "pricing_state.h"

namespace checkout {

std::vector<int32_t> canonical_line_order(const std::vector<LineState>& lines) {
  std::vector<int32_t> order(lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&lines](int32_t ia, int32_t ib) {
    const LineState& a = lines[static_cast<size_t>(ia)];
    const LineState& b = lines[static_cast<size_t>(ib)];
    const CartLine& ca = *a.cart;
    const CartLine& cb = *b.cart;
    if (ca.sku != cb.sku) return ca.sku < cb.sku;
    if (ca.fulfilment != cb.fulfilment) return ca.fulfilment == Fulfilment::Ship;  // ship before pickup
    if (ca.store_id != cb.store_id) return ca.store_id < cb.store_id;
    if (ca.quantity != cb.quantity) return ca.quantity > cb.quantity;            // larger first
    return a.index < b.index;
  });
  return order;
}

}  // namespace checkout
