// A hand-built catalog, cart and QuoteState for the shipping, pickup and tax
// stage tests: the stages run as if promotions had just finished, without
// the JSON loaders in the way.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "civil_time.h"
#include "error.h"
#include "model.h"
#include "pricing_state.h"
#include "timezone.h"

namespace checkout::fulfilment_test {

inline TimeZone tz(const char* rule) { return TimeZone::parse(rule).value(); }
inline int64_t at(const char* rfc3339) { return parse_rfc3339(rfc3339).value(); }
inline int32_t day(const char* date) { return parse_date(date).value(); }
inline Rate percent(const char* text) { return parse_percent(text).value(); }

// Weekly hours from the same pattern every day listed in `days` ([0] = Sunday).
inline WeeklyHours hours(std::initializer_list<int32_t> days, std::vector<std::pair<int32_t, int32_t>> intervals) {
  WeeklyHours h;
  for (int32_t d : days) h[static_cast<size_t>(d)] = intervals;
  return h;
}
constexpr int32_t hhmm(int32_t h, int32_t m) { return h * 60 + m; }

class Fixture {
 public:
  Fixture() {
    catalog.currency = "USD";
    catalog.exponent = 2;
    Product product;
    product.id = "P";
    product.title = "Product";
    catalog.products.push_back(product);
  }

  void add_variant(const std::string& sku, int64_t price, int64_t weight_g = 0,
                   TaxCategory category = TaxCategory::Standard, bool pickup_eligible = true) {
    Variant v;
    v.sku = sku;
    v.price = price;
    v.weight_g = weight_g;
    v.tax_category = category;
    v.pickup_eligible = pickup_eligible;
    catalog.variant_by_sku[sku] = static_cast<int32_t>(catalog.variants.size());
    catalog.variants.push_back(v);
  }

  // Stores must be added in id order (the catalog keeps them sorted by id).
  Store& add_store(const std::string& id, const std::string& name) {
    Store s;
    s.id = id;
    s.name = name;
    s.tz = tz("EST5EDT,M3.2.0,M11.1.0");
    catalog.store_by_id[id] = static_cast<int32_t>(catalog.stores.size());
    catalog.stores.push_back(s);
    stock.stores.emplace_back();
    return catalog.stores.back();
  }

  Warehouse& add_warehouse(const std::string& id) {
    Warehouse w;
    w.id = id;
    w.tz = tz("EST5EDT,M3.2.0,M11.1.0");
    catalog.warehouse_by_id[id] = static_cast<int32_t>(catalog.warehouses.size());
    catalog.warehouses.push_back(w);
    stock.warehouses.emplace_back();
    return catalog.warehouses.back();
  }

  // Methods must be added in id order.
  ShippingMethod& add_method(const std::string& id, const std::string& name, const std::string& warehouse) {
    ShippingMethod m;
    m.id = id;
    m.name = name;
    m.warehouse_id = warehouse;
    m.warehouse_index = catalog.warehouse_by_id.at(warehouse);
    catalog.shipping_method_by_id[id] = static_cast<int32_t>(catalog.shipping_methods.size());
    catalog.shipping_methods.push_back(m);
    return catalog.shipping_methods.back();
  }

  TaxRule& add_rule(const std::string& id, const std::string& country, const std::string& region,
                    const std::string& postal_prefix, const char* rate) {
    TaxRule r;
    r.id = id;
    r.name = id + " tax";
    r.country = country;
    r.region = region;
    r.postal_prefix = postal_prefix;
    r.standard = percent(rate);
    r.reduced = r.standard;
    catalog.tax_rules.push_back(r);
    return catalog.tax_rules.back();
  }

  void ship(const std::string& sku, int64_t qty) { add_line(sku, qty, Fulfilment::Ship, ""); }
  void pickup(const std::string& sku, int64_t qty, const std::string& store) {
    add_line(sku, qty, Fulfilment::Pickup, store);
  }

  void destination(const std::string& country, const std::string& region = "", const std::string& postal = "") {
    context.destination = Destination{country, region, postal};
  }

  // Builds the QuoteState over everything added so far; call after the last
  // add_*, since it keeps pointers into the catalog and cart.
  QuoteState& state() {
    q = QuoteState{};
    q.catalog = &catalog;
    q.stock = &stock;
    q.cart = &cart;
    q.context = &context;
    for (size_t i = 0; i < cart.lines.size(); ++i) {
      const CartLine& c = cart.lines[i];
      const Variant& v = catalog.variants[static_cast<size_t>(c.variant_index)];
      LineState line;
      line.index = static_cast<int32_t>(i);
      line.cart = &c;
      line.variant = &v;
      line.product = &catalog.products[0];
      line.unit_price = v.price;
      line.subtotal = v.price * c.quantity;
      q.lines.push_back(line);
    }
    return q;
  }

  // A merchandise discount as the promotions stage would have left it.
  static void discount(LineState& line, const std::string& promotion, int64_t amount) {
    line.discounts.push_back(DiscountShare{promotion, amount});
    line.discount_total += amount;
  }

  Catalog catalog;
  StockLevels stock;
  Cart cart;
  Context context;
  QuoteState q;

 private:
  void add_line(const std::string& sku, int64_t qty, Fulfilment f, const std::string& store) {
    CartLine line;
    line.sku = sku;
    line.quantity = qty;
    line.fulfilment = f;
    line.variant_index = catalog.variant_by_sku.at(sku);
    if (f == Fulfilment::Pickup) {
      line.store_id = store;
      line.store_index = catalog.store_by_id.at(store);
    }
    cart.lines.push_back(line);
  }
};

// The messages with one code, in the order the stage emitted them.
inline std::vector<Message> messages_with(const QuoteState& q, const std::string& code) {
  std::vector<Message> out;
  for (const Message& m : q.messages) {
    if (m.code == code) out.push_back(m);
  }
  return out;
}

}  // namespace checkout::fulfilment_test
