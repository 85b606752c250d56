// Catalog JSON (docs/formats.md "catalog") -> validated Catalog / StockLevels.
// Everything model.h promises downstream is checked here; a violation throws
// InputError with the JSON Pointer of the offending value, prefixed by `path`.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// The parts of a catalog catalog_direct.cpp reads straight from its text,
// without a DOM: every variant and every location's stock. The DOM it hands
// to load_catalog / load_stock holds null in their place. Values are as
// written (typed, not yet checked against the rules); the loaders apply the
// same rules to them as to the DOM, so what they accept is the same.
struct DirectVariant {
  // The members of kVariantFields by position; discarded = absent.
  std::array<Json, 9> fields{Json(Json::value_t::discarded), Json(Json::value_t::discarded),
                             Json(Json::value_t::discarded), Json(Json::value_t::discarded),
                             Json(Json::value_t::discarded), Json(Json::value_t::discarded),
                             Json(Json::value_t::discarded), Json(Json::value_t::discarded),
                             Json(Json::value_t::discarded)};
};
constexpr std::array<std::string_view, 9> kVariantFields = {
    "sku", "title", "price", "compare_at_price", "weight_g", "tax_category", "pickup_eligible", "max_per_order",
    "purchase_limit"};

// One location's "stock" as written: {sku: units} or the compact array
// (docs/formats.md), units non-negative; kNotListed is a compact null.
struct DirectStock {
  static constexpr uint64_t kNotListed = UINT64_MAX;
  bool present = false;
  bool compact = false;
  std::vector<std::pair<std::string, uint64_t>> entries;  // object form, in the text's order
  std::vector<uint64_t> units;                            // compact form
};

struct DirectParts {
  std::vector<std::vector<DirectVariant>> variants;  // [product position][variant position]
  std::vector<DirectStock> store_stock;              // [store position]
  std::vector<DirectStock> warehouse_stock;          // [warehouse position]
};

// The whole catalog except the stock levels (see load_stock). With `direct`,
// variants come from it instead of the DOM.
Catalog load_catalog(const Json& catalog_json, const std::string& path, const DirectParts* direct = nullptr);

// stores[].stock and shipping.warehouses[].stock of the same catalog JSON,
// indexed like catalog.stores / catalog.warehouses. SKUs must exist. With
// `direct`, the stock comes from it (and its SKU strings are moved out).
StockLevels load_stock(const Json& catalog_json, const Catalog& catalog, const std::string& path,
                       DirectParts* direct = nullptr);

// The key of Catalog::postal_codes: "US:SW1A1AA" (country, then the postal
// code normalised by identifiers.h, so "sw1a 1aa" finds it too).
std::string postal_code_key(const std::string& country, const std::string& postal_code);

// Store search by postal code: the centroid of the longest listed code that
// begins the given one (normalised), so "10013-1234" finds "10013" as tax
// rules and shipping zones do; nullptr when none does.
const GeoPoint* find_postal_code(const Catalog& catalog, const std::string& country, std::string_view postal_code);

}  // namespace checkout
