// The inputs of a refund, read and checked: the order's binding quote (as the
// core wrote it when the order was placed) and the returned units.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "json_reader.h"
#include "model.h"
#include "pricing_state.h"

namespace checkout {

struct OrderLine {
  int32_t index = 0;  // the line's "index" (its cart position when ordered)
  std::string sku;
  int64_t unit_price = 0, quantity = 0, subtotal = 0, discount_total = 0, net = 0, tax = 0;
  std::vector<DiscountShare> discounts;  // as allocated when the order was priced
  std::optional<Rate> tax_rate;          // none: untaxed
  Fulfilment fulfilment = Fulfilment::Ship;
  std::string store;  // pickup only
};

struct OrderPromotion {
  std::string id;
  int64_t amount = 0;
  int64_t shipping_discount = 0;
};

struct OrderTaxLine {
  Rate rate;
  int64_t taxable = 0, amount = 0;
};

// A placed order as far as refunds need it. Its sums are checked on reading,
// so a refund never works from a binding that does not add up.
struct Order {
  std::string currency;
  int32_t exponent = 2;
  RoundingMode rounding = RoundingMode::HalfEven;
  TaxCalculation tax_calculation = TaxCalculation::PerLine;
  bool prices_include_tax = false;
  std::vector<OrderLine> lines;
  std::vector<OrderPromotion> promotions;
  int64_t shipping_price = 0, shipping_tax = 0;
  std::vector<OrderTaxLine> tax_lines;
  int64_t tax_total = 0, grand_total = 0;
  int64_t placed_at = 0;  // unix seconds
};

// Units of one order line coming back in one condition.
struct ReturnEntry {
  int32_t line = 0;  // position in Order::lines
  int64_t quantity = 0;
  ReturnCondition condition = ReturnCondition::Sellable;
};

// {"binding": ..., "placed_at": ...}
Order read_order(const JsonReader& order);

// [{"line", "quantity", "condition"}]; `returned` counts the units of each
// order line returned so far and is advanced by these entries: more than a
// line's quantity is "return_exceeds_order".
std::vector<ReturnEntry> read_return_entries(const JsonReader& entries, const Order& order,
                                             std::vector<int64_t>& returned, size_t min_items);

}  // namespace checkout
