// Shipping stage: which methods can carry the shipped lines to the
// destination, what each costs (brackets, threshold, promotion grants), when
// it arrives, which one is selected, and whether the warehouse has the stock.
// Rules and a worked example: docs/pricing/shipping-and-pickup.md.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "checkout/codes.h"
#include "business_calendar.h"
#include "civil_time.h"
#include "money.h"
#include "pricing_state.h"
#include "stock_rules.h"

namespace checkout {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool zone_matches(const Zone& zone, const Destination& dest) {
  if (zone.country != dest.country) return false;
  if (!zone.regions.empty() && !contains(zone.regions, dest.region)) return false;
  if (zone.postal_prefixes.empty()) return true;
  for (const std::string& prefix : zone.postal_prefixes) {
    if (starts_with(dest.postal_code, prefix)) return true;
  }
  return false;
}

bool method_serves(const ShippingMethod& method, const Destination& dest) {
  for (const Zone& zone : method.zones) {
    if (zone_matches(zone, dest)) return true;
  }
  return false;
}

// Methods are sorted by id (model.h).
const ShippingMethod* find_method(const Catalog& catalog, const std::string& id) {
  const auto it = std::lower_bound(catalog.shipping_methods.begin(), catalog.shipping_methods.end(), id,
                                   [](const ShippingMethod& m, const std::string& key) { return m.id < key; });
  return it != catalog.shipping_methods.end() && it->id == id ? &*it : nullptr;
}

bool grant_covers(const FreeShippingGrant& grant, const std::string& method_id, const std::string& country) {
  return (grant.methods.empty() || contains(grant.methods, method_id)) &&
         (grant.countries.empty() || contains(grant.countries, country));
}

// Weight bracket + subtotal bracket; false when the parcel is heavier than
// the method's last weight bracket.
bool method_price(const ShippingMethod& method, int64_t weight_g, int64_t subtotal, int64_t& price) {
  int64_t weight_part = 0;
  if (!method.weight_rates.empty()) {
    auto bracket = std::find_if(method.weight_rates.begin(), method.weight_rates.end(),
                                [&](const WeightBracket& b) { return b.max_weight_g >= weight_g; });
    if (bracket == method.weight_rates.end()) return false;
    weight_part = bracket->price;
  }
  int64_t subtotal_part = 0;
  for (const SubtotalBracket& b : method.subtotal_rates) {  // ascending: the last one reached wins
    if (b.min_subtotal <= subtotal) subtotal_part = b.price;
  }
  price = checked_add(weight_part, subtotal_part);
  return true;
}

DeliveryEstimate estimate_delivery(const ShippingMethod& method, const Catalog& catalog, int64_t now) {
  const Warehouse& warehouse = catalog.warehouses[static_cast<size_t>(method.warehouse_index)];
  const BusinessCalendar& calendar = catalog.calendar;
  const int64_t local = now + warehouse.tz.offset_at(now);
  const int32_t today = static_cast<int32_t>(floor_div(local, kSecondsPerDay));
  const int64_t minute_of_day = (local - int64_t{today} * kSecondsPerDay) / 60;
  const bool leaves_today = calendar.is_business_day(today) && minute_of_day < warehouse.cutoff_minutes;
  const int32_t dispatch_from = leaves_today ? today : calendar.next_business_day(today + 1);
  DeliveryEstimate estimate;
  estimate.ships_day = calendar.add_business_days(dispatch_from, warehouse.handling_days);
  estimate.earliest_day = calendar.add_business_days(estimate.ships_day, method.transit_days_min);
  estimate.latest_day = calendar.add_business_days(estimate.ships_day, method.transit_days_max);
  return estimate;
}

std::string money_text(const Catalog& catalog, int64_t amount) {
  return catalog.currency + " " + format_amount(amount, catalog.exponent);
}

std::string place_name(const Destination& dest) {
  return dest.region.empty() ? dest.country : dest.country + "/" + dest.region;
}

std::vector<ShippingOption> build_options(const QuoteState& q, const Destination& dest) {
  const Catalog& catalog = *q.catalog;
  const ShippingState& s = q.shipping;
  std::vector<ShippingOption> options;
  for (const ShippingMethod& method : catalog.shipping_methods) {
    if (!method_serves(method, dest)) continue;
    int64_t base_price = 0;
    if (!method_price(method, s.shipped_weight_g, s.shipped_subtotal, base_price)) continue;

    ShippingOption option;
    option.method_id = method.id;
    option.name = method.name;
    option.base_price = base_price;
    option.price = base_price;
    option.free_over = method.free_over;
    if (method.free_over) {
      if (s.shipped_subtotal >= *method.free_over) {
        option.free = true;
        option.free_reason = "threshold";
      } else {
        option.remaining_for_free = *method.free_over - s.shipped_subtotal;
      }
    }
    if (!option.free) {
      for (const FreeShippingGrant& grant : q.free_shipping) {
        if (grant_covers(grant, method.id, dest.country)) {
          option.free = true;
          option.free_reason = grant.promotion_id;
          break;
        }
      }
    }
    if (option.free) option.price = 0;
    option.delivery = estimate_delivery(method, catalog, q.context->now);
    options.push_back(std::move(option));
  }
  // method_id is unique, so this order is total.
  std::sort(options.begin(), options.end(), [](const ShippingOption& a, const ShippingOption& b) {
    if (a.price != b.price) return a.price < b.price;
    if (a.delivery.earliest_day != b.delivery.earliest_day) return a.delivery.earliest_day < b.delivery.earliest_day;
    return a.method_id < b.method_id;
  });
  return options;
}

const ShippingOption* select_option(QuoteState& q) {
  const std::vector<ShippingOption>& options = q.shipping.options;
  const std::optional<std::string>& wanted = q.cart->shipping_method;
  if (wanted) {
    for (const ShippingOption& option : options) {
      if (option.method_id == *wanted) return &option;
    }
    const ShippingMethod* known = find_method(*q.catalog, *wanted);
    const std::string wanted_name = known != nullptr ? known->name : *wanted;
    std::string text = wanted_name + " is not available for this order.";
    std::vector<MessageParam> params{text_param("method", wanted_name)};
    if (!options.empty()) {
      text += " Showing " + options.front().name + " instead.";
      params.push_back(text_param("other", options.front().name));
    }
    q.messages.push_back(Message{msg::shipping_method_unavailable, text, -1, std::move(params)});
  }
  return options.empty() ? nullptr : &options.front();
}

// Only the promotion that actually made the selected option free is credited
// with a shipping discount: when the method's own threshold made it free (or an
// earlier grant did), that promotion saved the customer nothing.
void attribute_promotion_discounts(QuoteState& q, const ShippingOption& selected) {
  for (AppliedPromotion& promotion : q.applied) {
    if (promotion.free_shipping && promotion.id == selected.free_reason) {
      promotion.shipping_discount = selected.base_price;
    }
  }
}

// The quote still prices an order the warehouse cannot fill; the server
// refuses it at placement. Every shipped line of a short SKU is flagged.
void check_warehouse_stock(QuoteState& q, const ShippingMethod& method) {
  std::map<std::string, int64_t> shipped_units;
  for (const LineState& line : q.lines) {
    if (line.cart->fulfilment != Fulfilment::Ship) continue;
    int64_t& units = shipped_units[line.cart->sku];
    units = checked_add(units, line.cart->quantity);
  }
  const LocationStock* on_hand = nullptr;
  const auto warehouse = static_cast<size_t>(method.warehouse_index);
  if (q.stock != nullptr && warehouse < q.stock->warehouses.size()) on_hand = &q.stock->warehouses[warehouse];
  for (const LineState& line : q.lines) {
    if (line.cart->fulfilment != Fulfilment::Ship) continue;
    const int64_t available = on_hand != nullptr ? shipping_units(on_hand->on_hand(line.cart->sku)) : 0;
    if (shipped_units[line.cart->sku] > available) {
      q.messages.push_back(Message{msg::insufficient_stock,
                                   available == 0 ? std::string("Out of stock for delivery.")
                                                  : "Only " + std::to_string(available) + " left to ship.",
                                   line.index, {number_param("available", available)}});
    }
  }
}

}  // namespace

void quote_shipping(QuoteState& q) {
  const Catalog& catalog = *q.catalog;
  ShippingState& s = q.shipping;
  s = ShippingState{};
  for (const LineState& line : q.lines) {
    if (line.cart->fulfilment != Fulfilment::Ship) continue;
    s.needed = true;
    s.shipped_subtotal = checked_add(s.shipped_subtotal, line.net());
    const std::string quantity_path = "/cart/lines/" + std::to_string(line.index) + "/quantity";
    s.shipped_weight_g = checked_add(s.shipped_weight_g,
                                     checked_mul(line.variant->weight_g, line.cart->quantity, quantity_path), quantity_path);
  }
  if (!s.needed) return;

  if (!q.context->destination) {
    q.messages.push_back(
        Message{msg::shipping_needs_destination, "Enter a delivery address to see shipping options.", -1, {}});
    return;
  }
  const Destination& dest = *q.context->destination;
  s.options = build_options(q, dest);

  const ShippingOption* selected = select_option(q);
  if (selected == nullptr) {
    q.messages.push_back(
        Message{msg::no_shipping_option, "We can't ship these items to " + place_name(dest) + ".", -1, {}});
    return;
  }
  s.selected = selected->method_id;
  s.price = selected->price;
  attribute_promotion_discounts(q, *selected);

  // Progress toward a threshold is only news while the customer still pays
  // for shipping; a promotion that already made it free makes it noise.
  if (!selected->free && selected->remaining_for_free && *selected->remaining_for_free > 0) {
    q.messages.push_back(Message{msg::free_shipping_progress,
                                 money_text(catalog, *selected->remaining_for_free) + " away from free shipping.", -1,
                                 {number_param("amount", *selected->remaining_for_free),
                                  text_param("method", selected->name)}});
  }
  check_warehouse_stock(q, *find_method(catalog, selected->method_id));
}

}  // namespace checkout
