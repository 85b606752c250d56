// How many units of a SKU a location can give to an order: one rule for the
// pricing stages (pickup.cpp, shipping.cpp) and the public availability view.
#pragma once
#include <algorithm>
#include <cstdint>

#include "model.h"
#include "money.h"

namespace checkout {

// Online pickup leaves the store's safety stock on the shelf.
inline int64_t pickup_units(const Store& store, int64_t on_hand) {
  return std::max<int64_t>(0, checked_sub(on_hand, store.safety_stock));
}

inline int64_t shipping_units(int64_t on_hand) { return std::max<int64_t>(0, on_hand); }

}  // namespace checkout
