// Units of SKUs at a location as the engine counts them when it prices:
// at a store, what it can hand over for online pickup (on hand minus the
// store's safety stock, never below 0; 0 for a SKU that cannot be picked
// up); at a warehouse, what it can ship (on hand). Read from the engine's
// stock levels, so the answer matches a quote priced by the same engine.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "checkout/engine.h"
#include "checkout/result.h"

namespace checkout {

enum class LocationKind : uint8_t { Store, Warehouse };

struct SkuAvailability {
  std::string sku;
  int64_t available = 0;
};

// One entry per SKU, in the order given. Errors: "unknown_store" (or
// "invalid_value" for a warehouse) as Engine::with_store_stock answers,
// "unknown_sku" with the path "/skus/N" of the first unknown SKU.
Result<std::vector<SkuAvailability>> availability(const Engine& engine, LocationKind kind,
                                                  const std::string& location_id,
                                                  const std::vector<std::string>& skus);

}  // namespace checkout
