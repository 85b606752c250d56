// The public catalog view (include/checkout/catalog_view.h): model.h's
// validated structs, copied out into the public fact types.
#include "checkout/catalog_view.h"

#include <algorithm>

#include "catalog_loader.h"
#include "model.h"

namespace checkout {
namespace {

StoreFacts store_facts(const Store& s) {
  return StoreFacts{s.id,          s.name,           s.address,        s.phone,    s.country,     s.region,
                    s.postal_code, s.location.lat_e6, s.location.lon_e6, s.curbside, s.safety_stock,
                    s.hold_days};
}

ShippingMethodFacts method_facts(const ShippingMethod& m) {
  ShippingMethodFacts out{m.id, m.name, m.warehouse_id, {}};
  for (const Zone& z : m.zones) out.countries.push_back(z.country);
  std::sort(out.countries.begin(), out.countries.end());
  out.countries.erase(std::unique(out.countries.begin(), out.countries.end()), out.countries.end());
  return out;
}

}  // namespace

const std::string& CatalogView::currency() const { return catalog_->currency; }
int32_t CatalogView::exponent() const { return catalog_->exponent; }
bool CatalogView::prices_include_tax() const { return catalog_->prices_include_tax; }

std::vector<StoreFacts> CatalogView::stores() const {
  std::vector<StoreFacts> out;
  out.reserve(catalog_->stores.size());
  for (const Store& s : catalog_->stores) out.push_back(store_facts(s));
  return out;
}

std::optional<StoreFacts> CatalogView::store(const std::string& id) const {
  const auto it = catalog_->store_by_id.find(id);
  if (it == catalog_->store_by_id.end()) return std::nullopt;
  return store_facts(catalog_->stores[static_cast<size_t>(it->second)]);
}

std::optional<VariantFacts> CatalogView::variant(const std::string& sku) const {
  const auto it = catalog_->variant_by_sku.find(sku);
  if (it == catalog_->variant_by_sku.end()) return std::nullopt;
  const Variant& v = catalog_->variants[static_cast<size_t>(it->second)];
  const Product& p = catalog_->products[static_cast<size_t>(v.product_index)];
  VariantFacts facts{v.sku, p.id, v.title, v.price, v.pickup_eligible, v.max_per_order, std::nullopt};
  if (v.purchase_limit_window_s > 0) {
    PurchaseLimitFacts limit;
    if (v.purchase_limit_per_customer > 0) limit.per_customer = v.purchase_limit_per_customer;
    if (v.purchase_limit_per_client > 0) limit.per_client = v.purchase_limit_per_client;
    limit.window_seconds = v.purchase_limit_window_s;
    facts.purchase_limit = limit;
  }
  return facts;
}

std::vector<std::string> CatalogView::skus() const {
  std::vector<std::string> out;
  out.reserve(catalog_->variants.size());
  for (const Variant& v : catalog_->variants) out.push_back(v.sku);
  return out;
}

std::vector<std::string> CatalogView::warehouses() const {
  std::vector<std::string> out;
  for (const auto& [id, index] : catalog_->warehouse_by_id) out.push_back(id);
  return out;
}

bool CatalogView::has_warehouse(const std::string& id) const { return catalog_->warehouse_by_id.count(id) > 0; }

std::vector<ShippingMethodFacts> CatalogView::shipping_methods() const {
  std::vector<ShippingMethodFacts> out;
  for (const ShippingMethod& m : catalog_->shipping_methods) out.push_back(method_facts(m));
  return out;
}

std::optional<ShippingMethodFacts> CatalogView::shipping_method(const std::string& id) const {
  const auto it = catalog_->shipping_method_by_id.find(id);
  if (it == catalog_->shipping_method_by_id.end()) return std::nullopt;
  return method_facts(catalog_->shipping_methods[static_cast<size_t>(it->second)]);
}

std::vector<PromotionLimits> CatalogView::limited_promotions() const {
  std::vector<PromotionLimits> out;
  for (const Promotion& p : catalog_->promotions) {
    if (p.usage_limit || p.usage_limit_per_customer) {
      out.push_back(PromotionLimits{p.id, p.usage_limit, p.usage_limit_per_customer});
    }
  }
  // Catalog::promotions is in application order (priority, id): sort by id.
  std::sort(out.begin(), out.end(), [](const PromotionLimits& a, const PromotionLimits& b) { return a.id < b.id; });
  return out;
}

std::optional<PromotionLimits> CatalogView::promotion_limits(const std::string& id) const {
  for (const Promotion& p : catalog_->promotions) {
    if (p.id == id && (p.usage_limit || p.usage_limit_per_customer)) {
      return PromotionLimits{p.id, p.usage_limit, p.usage_limit_per_customer};
    }
  }
  return std::nullopt;
}

// The quote's own lookup (request_loader.cpp reads context.location with it).
std::optional<PlaceFacts> CatalogView::locate(const std::string& country, const std::string& postal_code) const {
  const GeoPoint* point = find_postal_code(*catalog_, country, postal_code);
  if (point == nullptr) return std::nullopt;
  return PlaceFacts{point->lat_e6, point->lon_e6};
}

}  // namespace checkout
