// Reading a refund's inputs: the order's binding (docs/formats.md "Quote") and
// the returned units. The binding is the server's own stored record, but its
// sums are checked anyway: a refund computed from numbers that do not add up
// would be wrong in a way nobody could explain.
#include "refund_order.h"

#include <limits>
#include <map>
#include <string>

#include "error.h"
#include "money.h"

namespace checkout {
namespace {

constexpr int64_t kAnyAmount = std::numeric_limits<int64_t>::max();
constexpr size_t kMaxReturnEntries = 5'000;
constexpr size_t kMaxOrderPromotions = 10'000;

[[noreturn]] void does_not_add_up(const std::string& what, const std::string& path) {
  fail(err::invalid_order, "The order's " + what + " does not add up.", path);
}

OrderLine read_line(const JsonReader& r) {
  r.expect_only({"index", "sku", "unit_price", "quantity", "subtotal", "discounts", "discount_total", "net", "tax",
                 "tax_rate", "total", "fulfilment"});
  OrderLine line;
  line.index = r.field("index").as_int32(0, std::numeric_limits<int32_t>::max());
  line.sku = r.field("sku").as_string(128);
  line.unit_price = r.field("unit_price").as_int(0, kAnyAmount);
  line.quantity = r.field("quantity").as_int(1, kMaxQuantity);
  line.subtotal = r.field("subtotal").as_int(0, kAnyAmount);
  line.discount_total = r.field("discount_total").as_int(0, kAnyAmount);
  line.net = r.field("net").as_int(0, kAnyAmount);
  line.tax = r.field("tax").as_int(0, kAnyAmount);
  r.field("total").as_int(0, kAnyAmount);
  int64_t discounts = 0;
  for (const JsonReader& d : r.field("discounts").items(0, kMaxOrderPromotions)) {
    d.expect_only({"promotion", "amount"});
    DiscountShare share{d.field("promotion").as_string(128), d.field("amount").as_int(1, kAnyAmount)};
    discounts = checked_add(discounts, share.amount, d.path());
    line.discounts.push_back(std::move(share));
  }
  if (auto rate = r.optional_field("tax_rate")) line.tax_rate = rate->as_percent(1000);
  const JsonReader f = r.field("fulfilment");
  f.expect_only({"type", "store"});
  if (f.field("type").as_enum({"ship", "pickup"}) == "pickup") {
    line.fulfilment = Fulfilment::Pickup;
    line.store = f.field("store").as_string(128);
  }
  if (checked_mul(line.unit_price, line.quantity, r.path()) != line.subtotal) does_not_add_up("line subtotal", r.path());
  if (discounts != line.discount_total || line.subtotal - line.discount_total != line.net) {
    does_not_add_up("line discounts", r.path());
  }
  if (!line.tax_rate && line.tax != 0) does_not_add_up("untaxed line's tax", r.path());
  return line;
}

void read_rounding(const JsonReader& r, Order& order) {
  r.expect_only({"mode", "tax_calculation", "prices_include_tax"});
  order.rounding = *parse_rounding_mode(r.field("mode").as_enum({"half_even", "half_up", "half_down"}));
  const std::string calc = r.field("tax_calculation").as_enum({"per_unit", "per_line", "per_order"});
  order.tax_calculation = calc == "per_unit"    ? TaxCalculation::PerUnit
                          : calc == "per_order" ? TaxCalculation::PerOrder
                                                : TaxCalculation::PerLine;
  order.prices_include_tax = r.field("prices_include_tax").as_bool();
}

}  // namespace

Order read_order(const JsonReader& root) {
  root.expect_only({"binding", "placed_at"});
  Order order;
  order.placed_at = root.field("placed_at").as_instant();
  const JsonReader b = root.field("binding");
  b.expect_only({"currency", "exponent", "rounding", "lines", "promotions", "shipping", "tax_lines", "totals"});
  const JsonReader currency = b.field("currency");
  order.currency = currency.as_string(8);
  const std::optional<int32_t> exponent = currency_exponent(order.currency);
  if (!exponent) fail(err::unknown_currency, "Currency \"" + order.currency + "\" is not known.", currency.path());
  order.exponent = b.field("exponent").as_int32(0, 4);
  if (order.exponent != *exponent) does_not_add_up("currency exponent", b.child_path("exponent"));
  read_rounding(b.field("rounding"), order);

  std::map<int32_t, bool> seen;
  int64_t nets = 0, line_tax = 0;
  for (const JsonReader& l : b.field("lines").items(1, kMaxLines)) {
    OrderLine line = read_line(l);
    if (!seen.emplace(line.index, true).second) fail(err::duplicate_id, "Two order lines share one index.", l.path());
    nets = checked_add(nets, line.net, l.path());
    line_tax = checked_add(line_tax, line.tax, l.path());
    order.lines.push_back(std::move(line));
  }
  for (const JsonReader& p : b.field("promotions").items(0, kMaxOrderPromotions)) {
    p.expect_only({"id", "code", "amount", "shipping_discount"});
    order.promotions.push_back(OrderPromotion{p.field("id").as_string(128), p.field("amount").as_int(0, kAnyAmount),
                                              p.field("shipping_discount").as_int(0, kAnyAmount)});
  }
  const JsonReader s = b.field("shipping");
  s.expect_only({"needed", "selected", "price", "tax", "warehouse"});
  s.field("needed").as_bool();
  order.shipping_price = s.field("price").as_int(0, kAnyAmount);
  order.shipping_tax = s.field("tax").as_int(0, kAnyAmount);
  int64_t tax_lines = 0;
  for (const JsonReader& t : b.field("tax_lines").items(0, kMaxLines + 1)) {
    t.expect_only({"rule", "rate", "taxable", "amount"});
    t.field("rule").as_string(128);
    OrderTaxLine tl{t.field("rate").as_percent(1000), t.field("taxable").as_int(0, kAnyAmount),
                    t.field("amount").as_int(0, kAnyAmount)};
    tax_lines = checked_add(tax_lines, tl.amount, t.path());
    order.tax_lines.push_back(tl);
  }
  const JsonReader totals = b.field("totals");
  totals.expect_only({"subtotal", "discounts", "shipping", "tax", "grand_total"});
  order.tax_total = totals.field("tax").as_int(0, kAnyAmount);
  order.grand_total = totals.field("grand_total").as_int(0, kAnyAmount);
  if (totals.field("shipping").as_int(0, kAnyAmount) != order.shipping_price) does_not_add_up("shipping", s.path());
  if (checked_add(line_tax, order.shipping_tax) != order.tax_total || tax_lines != order.tax_total) {
    does_not_add_up("tax", totals.child_path("tax"));
  }
  int64_t grand = checked_add(nets, order.shipping_price);
  if (!order.prices_include_tax) grand = checked_add(grand, order.tax_total);
  if (grand != order.grand_total) does_not_add_up("grand total", totals.child_path("grand_total"));
  return order;
}

std::vector<ReturnEntry> read_return_entries(const JsonReader& entries, const Order& order,
                                             std::vector<int64_t>& returned, size_t min_items) {
  std::map<int32_t, int32_t> position_by_index;
  for (size_t i = 0; i < order.lines.size(); ++i) position_by_index[order.lines[i].index] = static_cast<int32_t>(i);
  std::vector<ReturnEntry> out;
  for (const JsonReader& e : entries.items(min_items, kMaxReturnEntries)) {
    e.expect_only({"line", "quantity", "condition"});
    const JsonReader line = e.field("line");
    const auto found = position_by_index.find(line.as_int32(0, std::numeric_limits<int32_t>::max()));
    if (found == position_by_index.end()) fail(err::unknown_line, "The order has no line with this index.", line.path());
    ReturnEntry entry;
    entry.line = found->second;
    const JsonReader quantity = e.field("quantity");
    entry.quantity = quantity.as_int(1, kMaxQuantity);
    entry.condition = e.field("condition").as_enum({"sellable", "damaged"}) == "damaged" ? ReturnCondition::Damaged
                                                                                          : ReturnCondition::Sellable;
    int64_t& count = returned[static_cast<size_t>(entry.line)];
    const OrderLine& ordered = order.lines[static_cast<size_t>(entry.line)];
    if (ordered.quantity - count < entry.quantity) {
      fail(err::return_exceeds_order,
           "Only " + std::to_string(ordered.quantity - count) + " of line " + std::to_string(ordered.index) +
               " can still be returned.",
           quantity.path(), {number_param("available", ordered.quantity - count), number_param("line", ordered.index)});
    }
    count += entry.quantity;
    out.push_back(entry);
  }
  return out;
}

}  // namespace checkout
