// A read-only view of an engine's catalog as the core understood it: every
// default applied (a variant without "pickup_eligible" can be picked up, one
// without "max_per_order" has no limit), ids resolved. Whoever needs a fact
// of the catalog (the server, the widget through the JS API) reads it here
// instead of re-reading the catalog JSON and re-deciding its defaults.
//
// Values are copied out on each call; the view shares the engine's catalog
// (not its stock), so it stays valid after the engine is dropped.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checkout/engine.h"

namespace checkout {

struct StoreFacts {
  std::string id;
  std::string name;
  std::string address;
  std::string phone;  // "" or international form: "+1 212 555 0100"
  std::string country, region, postal_code;
  int32_t lat_e6 = 0, lon_e6 = 0;
  bool curbside = false;
  int64_t safety_stock = 0;  // units per SKU held back from online pickup
  int32_t hold_days = 0;     // days a ready pickup order waits before it lapses; 0 = until collected
};

// Units of a SKU one customer (normalised email) and one client address may
// buy per window; declared in the catalog, counted by the server.
struct PurchaseLimitFacts {
  std::optional<int64_t> per_customer, per_client;
  int64_t window_seconds = 0;
};

struct VariantFacts {
  std::string sku;
  std::string product_id;
  std::string title;
  int64_t price = 0;            // per unit, minor units
  bool pickup_eligible = true;
  int64_t max_per_order = 0;    // units of this SKU in one order, all lines together; 0 = no limit
  std::optional<PurchaseLimitFacts> purchase_limit;  // flash-sale caps across orders (formats.md)
};

struct ShippingMethodFacts {
  std::string id;
  std::string name;
  std::string warehouse;  // the warehouse its parcels leave from
  std::vector<std::string> countries;  // the countries its zones serve, sorted, once each
};

// Where a postal code is, for store search (microdegrees).
struct PlaceFacts {
  int32_t lat_e6 = 0, lon_e6 = 0;
};

// Usage limits are declared in the catalog and counted by the server.
struct PromotionLimits {
  std::string id;
  std::optional<int64_t> usage_limit;
  std::optional<int64_t> usage_limit_per_customer;
};

class CatalogView {
 public:
  explicit CatalogView(const Engine& engine) : catalog_(engine.shared_catalog()) {}

  const std::string& currency() const;
  int32_t exponent() const;          // minor units per major unit, as a power of ten
  bool prices_include_tax() const;   // prices and totals carry their tax
  std::vector<StoreFacts> stores() const;  // by id
  std::optional<StoreFacts> store(const std::string& id) const;
  std::optional<VariantFacts> variant(const std::string& sku) const;
  // Every SKU in the catalog's order: the order of the compact stock form
  // (docs/formats.md "stock").
  std::vector<std::string> skus() const;
  std::vector<std::string> warehouses() const;  // ids, sorted
  bool has_warehouse(const std::string& id) const;
  std::vector<ShippingMethodFacts> shipping_methods() const;  // by id
  std::optional<ShippingMethodFacts> shipping_method(const std::string& id) const;
  // The promotions that have a usage limit of either kind, by id.
  std::vector<PromotionLimits> limited_promotions() const;
  // The limits of one promotion; nullopt when it has none (or is unknown).
  std::optional<PromotionLimits> promotion_limits(const std::string& id) const;
  // Where a quote's context.location {country, postal_code} puts the shopper:
  // the longest catalog "postal_codes" entry that begins the code (normal
  // form, so "31-021" finds "31"); nullopt when none does, which a quote
  // refuses. Digits are read as ASCII only, as the quote reads them.
  std::optional<PlaceFacts> locate(const std::string& country, const std::string& postal_code) const;

 private:
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace checkout
