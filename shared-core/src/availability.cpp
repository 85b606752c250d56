// The public availability view (include/checkout/availability.h), counted by
// the same rules the pricing stages use (stock_rules.h).
#include "checkout/availability.h"

#include "error.h"
#include "model.h"
#include "stock_rules.h"

namespace checkout {

Result<std::vector<SkuAvailability>> availability(const Engine& engine, LocationKind kind,
                                                  const std::string& location_id,
                                                  const std::vector<std::string>& skus) {
  try {
    const Catalog& catalog = engine.catalog();
    const StockLevels& stock = engine.stock();
    const bool store = kind == LocationKind::Store;
    const auto& by_id = store ? catalog.store_by_id : catalog.warehouse_by_id;
    const auto location = by_id.find(location_id);
    if (location == by_id.end()) {
      if (store) return Error{err::unknown_store, "Store \"" + location_id + "\" is not in the catalog.", "", {text_param("store", location_id)}};
      return Error{err::invalid_value, "Warehouse \"" + location_id + "\" is not in the catalog.", ""};
    }
    const auto index = static_cast<size_t>(location->second);
    const LocationStock& levels = store ? stock.stores[index] : stock.warehouses[index];
    std::vector<SkuAvailability> out;
    out.reserve(skus.size());
    for (size_t i = 0; i < skus.size(); ++i) {
      const auto variant = catalog.variant_by_sku.find(skus[i]);
      if (variant == catalog.variant_by_sku.end()) {
        return Error{err::unknown_sku, "SKU \"" + skus[i] + "\" is not in the catalog.", "/skus/" + std::to_string(i),
                     {text_param("sku", skus[i])}};
      }
      const int64_t on_hand = levels.on_hand(skus[i]);
      int64_t units = shipping_units(on_hand);
      if (store) {
        const bool eligible = catalog.variants[static_cast<size_t>(variant->second)].pickup_eligible;
        units = eligible ? pickup_units(catalog.stores[index], on_hand) : 0;
      }
      out.push_back(SkuAvailability{skus[i], units});
    }
    return out;
  } catch (const InputError& e) {
    return e.error();
  } catch (const std::exception&) {
    return Error{err::internal, "Internal error while counting stock.", ""};
  }
}

}  // namespace checkout
