// Catalog JSON (docs/formats.md "catalog") -> validated Catalog / StockLevels.
// Everything model.h promises downstream is checked here; a violation throws
// InputError with the JSON Pointer of the offending value, prefixed by `path`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "json_strict.h"
#include "model.h"

namespace checkout {

// Size caps (exceeding one is "too_many").
constexpr size_t kMaxProducts = 100'000;
constexpr size_t kMaxVariantsPerProduct = 100;
constexpr size_t kMaxPromotions = 10'000;
constexpr size_t kMaxStores = 10'000;
constexpr size_t kMaxTaxRules = 1'000;
constexpr size_t kMaxWarehouses = 1'000;
constexpr size_t kMaxShippingMethods = 1'000;
constexpr size_t kMaxPostalCodes = 100'000;

// Value ranges.
constexpr int64_t kMaxMoney = 1'000'000'000'000'000;  // 10^15 minor units
constexpr int64_t kMaxStock = 1'000'000'000'000;      // 10^12 units

// The whole catalog except the stock levels (see load_stock).
Catalog load_catalog(const Json& catalog_json, const std::string& path);

// stores[].stock and shipping.warehouses[].stock of the same catalog JSON,
// indexed like catalog.stores / catalog.warehouses. SKUs must exist.
StockLevels load_stock(const Json& catalog_json, const Catalog& catalog, const std::string& path);

// The key of Catalog::postal_codes: "US:SW1A1AA" (country, then the postal
// code normalised by identifiers.h, so "sw1a 1aa" finds it too).
std::string postal_code_key(const std::string& country, const std::string& postal_code);

// Store search by postal code: the centroid of the longest listed code that
// begins the given one (normalised), so "10013-1234" finds "10013" as tax
// rules and shipping zones do; nullptr when none does.
const GeoPoint* find_postal_code(const Catalog& catalog, const std::string& country, std::string_view postal_code);

}  // namespace checkout
