// The working state of one quote as it moves through the stages:
//   promotions -> shipping -> pickup -> tax -> totals -> quote_writer.
// Each stage reads what earlier stages wrote and fills its own part.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checkout/error.h"
#include "model.h"

namespace checkout {

// What a message or a rejected code is about (checkout/error.h): errors carry the same.
using MessageParam = Param;

struct Message {
  std::string code;     // e.g. "pickup_insufficient_stock"
  std::string message;  // English sentence; the widget localises by code and params
  int32_t line = -1;    // cart line index, -1 when about the whole cart
  std::vector<MessageParam> params;  // what the sentence names, written as details "params"
};

struct DiscountShare {
  std::string promotion_id;
  int64_t amount = 0;   // > 0
};

struct LineState {
  int32_t index = 0;            // position in the cart
  const CartLine* cart = nullptr;
  const Variant* variant = nullptr;
  const Product* product = nullptr;
  int64_t unit_price = 0;       // Variant::price
  int64_t subtotal = 0;         // unit_price * quantity
  std::vector<DiscountShare> discounts;  // in the order promotions applied
  int64_t discount_total = 0;   // sum of discounts, <= subtotal
  int64_t tax = 0;              // exclusive: added on top; inclusive: contained in net()
  std::string tax_rule_id;      // empty when untaxed
  Rate tax_rate;

  int64_t net() const { return subtotal - discount_total; }  // after discounts
  // Tax-exclusive: net() + tax. Tax-inclusive: net().
  int64_t total(bool prices_include_tax) const { return prices_include_tax ? net() : net() + tax; }
};

// The canonical order in which lines receive leftover cents and other ties:
// by sku, then fulfilment (ship before pickup), then store id, then quantity
// descending, then cart index. Independent of cart order except between
// lines identical in all of these, which are interchangeable.
std::vector<int32_t> canonical_line_order(const std::vector<LineState>& lines);

struct Allocation {
  int32_t line = 0;
  int64_t amount = 0;
};

struct AppliedPromotion {
  std::string id;
  std::string title;
  std::string code;            // the code that triggered it; empty for automatic
  std::string reason;          // why it applied, e.g. "Spend 50.00, save 10%: subtotal 72.00 >= 50.00"
  int64_t amount = 0;          // merchandise discount (sum of allocations)
  std::vector<Allocation> allocations;  // by line index ascending, amounts > 0
  bool free_shipping = false;  // a FreeShipping effect: see ShippingState
  int64_t shipping_discount = 0;  // set by the shipping stage for free-shipping promotions
};

struct RejectedCode {
  std::string code;     // as entered
  std::string reason;   // unknown | expired | not_yet_valid | minimum_not_met | channel | customer_group |
                        // not_applicable | cannot_combine | duplicate | usage_limit_reached
  std::string message;  // e.g. "SAVE10 cannot be combined with WELCOME20."
  std::vector<MessageParam> params;  // e.g. other: "WELCOME20"
};

struct FreeShippingGrant {
  std::string promotion_id;
  std::vector<std::string> methods;    // empty = all
  std::vector<std::string> countries;  // empty = all
};

struct DeliveryEstimate {
  int32_t earliest_day = 0;  // days since epoch
  int32_t latest_day = 0;
  int32_t ships_day = 0;
};

struct ShippingOption {
  std::string method_id;
  std::string name;
  int64_t base_price = 0;      // before free shipping
  int64_t price = 0;           // what the customer pays
  bool free = false;
  std::string free_reason;     // "threshold" or a promotion id
  DeliveryEstimate delivery;
  std::optional<int64_t> free_over;          // the method's threshold
  std::optional<int64_t> remaining_for_free; // > 0 when a threshold exists and is not yet met
};

struct ShippingState {
  bool needed = false;                  // any shipped line
  int64_t shipped_subtotal = 0;         // discounted subtotal of shipped lines
  int64_t shipped_weight_g = 0;
  std::vector<ShippingOption> options;  // sorted by price, then earliest delivery, then method id
  std::optional<std::string> selected;  // method id
  int64_t price = 0;                    // of the selected option (0 when none)
  int64_t tax = 0;                      // tax on shipping, from the tax stage
  std::string tax_rule_id;
};

struct PickupLineAvailability {
  int32_t line = 0;
  int64_t requested = 0;
  int64_t available = 0;  // after safety stock and the other lines of the same sku, capped at requested
};

struct PickupStoreOption {
  std::string store_id;
  std::string name;
  std::optional<int64_t> distance_m;          // when the customer location is known
  std::string availability;                   // "all" | "partial" | "none"
  std::vector<PickupLineAvailability> lines;  // pickup-eligible lines, by line index
  std::optional<int64_t> ready_at;            // unix seconds; none if the store never opens
  int32_t ready_utc_offset_s = 0;             // store's UTC offset at ready_at
  bool curbside = false;
  std::string phone;                          // "" when the catalog gives none
};

struct PickupState {
  std::vector<PickupStoreOption> stores;  // by distance then id (by id when no location)
};

struct TaxLine {
  std::string rule_id;
  std::string name;
  Rate rate;
  int64_t taxable = 0;  // net amount taxed at this rate (exclusive) or gross (inclusive)
  int64_t amount = 0;
};

struct Totals {
  int64_t subtotal = 0;     // sum of line subtotals
  int64_t discounts = 0;    // merchandise discounts
  int64_t shipping = 0;     // after free shipping
  int64_t tax = 0;          // added (exclusive) or included (inclusive)
  int64_t grand_total = 0;  // >= 0
};

// Distances from one location to the catalog's stores, kept by a session
// (session.cpp) across re-prices: they depend on the catalog, the location
// and the store limit only, never on the cart, so the pickup stage works them
// out once and reuses them until one of those three changes (pickup.cpp).
struct StoreDistances {
  const Catalog* catalog = nullptr;
  GeoPoint location{0, 0};
  int32_t limit = -1;                    // -1: nothing kept yet
  std::vector<int32_t> nearest;          // store indexes, nearest first (ties by id)
  std::vector<int64_t> nearest_metres;   // parallel to nearest
  std::vector<int64_t> metres;           // by store index; -1 until asked for
};

struct QuoteState {
  const Catalog* catalog = nullptr;
  const StockLevels* stock = nullptr;
  const Cart* cart = nullptr;
  const Context* context = nullptr;
  std::vector<LineState> lines;
  std::vector<AppliedPromotion> applied;
  std::vector<RejectedCode> rejected;
  std::vector<FreeShippingGrant> free_shipping;
  ShippingState shipping;
  PickupState pickup;
  std::vector<TaxLine> tax_lines;  // sorted by rule id, then rate
  Totals totals;
  std::vector<Message> messages;
  StoreDistances* distances = nullptr;  // a session's cache; none for a one-shot quote
};

// The stages. Each throws InputError only for input the loaders could not
// catch (e.g. arithmetic overflow of huge but individually valid numbers).
void apply_promotions(QuoteState& q);  // promotions.cpp
void quote_shipping(QuoteState& q);    // shipping.cpp
void quote_pickup(QuoteState& q);      // pickup.cpp
void compute_tax(QuoteState& q);       // tax.cpp
void compute_totals(QuoteState& q);    // totals.cpp

}  // namespace checkout
