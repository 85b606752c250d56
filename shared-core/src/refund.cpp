// Refund quotes (include/checkout/refund.h). Rules and worked examples:
// docs/pricing/returns.md.
//
// Everything is worked out cumulatively. For the set S of units returned so
// far (earlier returns and this one), refundable(S) is what the order would
// have cost without them, taken from what was paid:
//   the returned units' nets (each line's net split over its units, the first
//   net % quantity units one minor unit larger, as the per-unit tax split)
//   - discounts the kept units no longer earn (policy "take_back")
//   + tax: the order's tax minus the tax the kept units would carry at the
//     order's calculation and rounding (added only when prices exclude tax)
//   + shipping, once every shipped unit is back (policy "when_all_returned")
//   - restocking fees.
// This return refunds refundable(S) minus what was refunded before, kept
// within what is left of the grand total. Returning everything therefore
// refunds the grand total under the default policy, and no sequence of
// returns refunds more than was paid.
#include "checkout/refund.h"

#include <algorithm>
#include <exception>
#include <map>
#include <new>
#include <set>
#include <utility>

#include "catalog_loader.h"
#include "checkout/sha256.h"
#include "civil_time.h"
#include "error.h"
#include "guarded.h"
#include "json_reader.h"
#include "json_strict.h"
#include "model.h"
#include "money.h"
#include "pricing_state.h"
#include "refund_order.h"
#include "request_loader.h"
#include "return_policy.h"
#include "tax_calculator.h"

namespace checkout {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

// ---- units of a line ----------------------------------------------------

// The nets of units [from, to) of a line: net / quantity each, the first
// net % quantity units one more.
int64_t units_net(const OrderLine& line, int64_t from, int64_t to) {
  const int64_t base = line.net / line.quantity;
  const int64_t larger = line.net % line.quantity;
  const int64_t larger_in_range = std::max<int64_t>(0, std::min(to, larger) - from);
  return checked_add(checked_mul(base, to - from), larger_in_range);
}

int64_t units_fee(const OrderLine& line, int64_t from, int64_t to, Rate fee, RoundingMode mode) {
  if (fee.e8 == 0 || to <= from) return 0;
  const int64_t base = line.net / line.quantity;
  const int64_t larger = line.net % line.quantity;
  const int64_t larger_in_range = std::max<int64_t>(0, std::min(to, larger) - from);
  return checked_add(checked_mul(to - from - larger_in_range, apply_rate(base, fee, mode)),
                     checked_mul(larger_in_range, apply_rate(base + 1, fee, mode)));
}

bool fee_applies(const ReturnPolicy& policy, ReturnCondition c) {
  return c == ReturnCondition::Sellable ? policy.fee_on_sellable : policy.fee_on_damaged;
}

// Splits a signed total over non-negative weights (allocate_largest_remainder
// on its magnitude).
std::vector<int64_t> allocate_signed(int64_t total, const std::vector<int64_t>& weights) {
  std::vector<int64_t> shares = allocate_largest_remainder(total < 0 ? -total : total, weights);
  if (total < 0) {
    for (int64_t& s : shares) s = -s;
  }
  return shares;
}

// ---- promotions the kept units no longer earn ---------------------------

struct PromotionCheck {
  std::string id;
  bool holds = true;          // its conditions still hold for the kept units
  int64_t unearned = 0;       // merchandise discount the kept units no longer earn
  int64_t shipping = 0;       // free shipping no longer earned
  std::vector<int64_t> unearned_by_line;  // by order line position
};

// The kept units re-priced as an order of their own: the order's unit prices,
// the order's promotions as the catalog defines them (their conditions and
// effects, not their dates, channels, groups, codes or usage limits: those
// were settled when the order was placed). Discount per promotion id.
std::map<std::string, int64_t> reprice_kept(const Catalog& catalog, const Order& order,
                                            const std::vector<int64_t>& kept) {
  Catalog promotions_only;
  promotions_only.currency = order.currency;
  promotions_only.exponent = order.exponent;
  promotions_only.rounding = order.rounding;
  std::set<std::string> ordered;
  for (const OrderPromotion& p : order.promotions) ordered.insert(p.id);
  for (const Promotion& p : catalog.promotions) {  // already in (priority, id) order
    if (ordered.count(p.id) == 0) continue;
    Promotion copy = p;
    copy.codes.clear();
    copy.valid_from.reset();
    copy.valid_until.reset();
    copy.channels.clear();
    copy.customer_groups.clear();
    promotions_only.promotions.push_back(std::move(copy));
  }

  Cart cart;
  std::vector<Variant> unknown;  // SKUs the catalog no longer sells: matched by sku only
  unknown.reserve(order.lines.size());
  for (size_t i = 0; i < order.lines.size(); ++i) {
    if (kept[i] == 0) continue;
    const OrderLine& ol = order.lines[i];
    CartLine cl;
    cl.sku = ol.sku;
    cl.quantity = kept[i];
    cl.fulfilment = ol.fulfilment;
    cl.store_id = ol.store;
    cart.lines.push_back(std::move(cl));
  }
  Context context;
  QuoteState q;
  q.catalog = &promotions_only;
  q.cart = &cart;
  q.context = &context;
  size_t k = 0;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    if (kept[i] == 0) continue;
    const OrderLine& ol = order.lines[i];
    LineState line;
    line.index = static_cast<int32_t>(k);
    line.cart = &cart.lines[k++];
    const auto v = catalog.variant_by_sku.find(ol.sku);
    if (v != catalog.variant_by_sku.end()) {
      line.variant = &catalog.variants[static_cast<size_t>(v->second)];
      line.product = &catalog.products[static_cast<size_t>(line.variant->product_index)];
    } else {
      Variant stub;
      stub.sku = ol.sku;
      unknown.push_back(stub);
      line.variant = &unknown.back();
    }
    line.unit_price = ol.unit_price;
    line.subtotal = checked_mul(ol.unit_price, line.cart->quantity);
    q.lines.push_back(std::move(line));
  }
  apply_promotions(q);
  std::map<std::string, int64_t> discount;
  for (const AppliedPromotion& a : q.applied) discount[a.id] = a.amount;  // free shipping: 0, present
  return discount;
}

bool amount_follows_quantity(EffectType type) {
  // Effects whose size depends on how much is bought beyond their condition:
  // fewer units can earn less even while the promotion still applies.
  return type == EffectType::BuyXGetY || type == EffectType::Tiered;
}

std::vector<PromotionCheck> check_promotions(const Catalog& catalog, const Order& order,
                                             const std::vector<int64_t>& returned, bool shipping_kept) {
  std::vector<PromotionCheck> checks;
  std::vector<int64_t> kept(order.lines.size());
  bool any_returned = false, any_kept = false;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    kept[i] = order.lines[i].quantity - returned[i];
    any_returned = any_returned || returned[i] > 0;
    any_kept = any_kept || kept[i] > 0;
  }
  if (!any_returned || !any_kept) return checks;  // nothing changed, or nothing left to earn anything

  // What each promotion gave the kept units when the order was priced: each
  // line's kept discount split over its promotions by their shares.
  std::map<std::string, std::vector<int64_t>> kept_share;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const OrderLine& line = order.lines[i];
    if (kept[i] == 0 || line.discounts.empty()) continue;
    const int64_t kept_discount =
        checked_sub(checked_mul(line.unit_price, kept[i]), units_net(line, returned[i], line.quantity));
    std::vector<int64_t> weights;
    for (const DiscountShare& d : line.discounts) weights.push_back(d.amount);
    const std::vector<int64_t> shares = allocate_largest_remainder(std::max<int64_t>(0, kept_discount), weights);
    for (size_t d = 0; d < shares.size(); ++d) {
      std::vector<int64_t>& by_line = kept_share[line.discounts[d].promotion_id];
      by_line.resize(order.lines.size(), 0);
      by_line[i] = checked_add(by_line[i], shares[d]);
    }
  }

  const std::map<std::string, int64_t> now = reprice_kept(catalog, order, kept);
  std::map<std::string, const Promotion*> defined;
  for (const Promotion& p : catalog.promotions) defined[p.id] = &p;
  for (const OrderPromotion& p : order.promotions) {
    const auto definition = defined.find(p.id);
    if (definition == defined.end()) continue;  // gone from the catalog: nothing to judge it by, kept
    PromotionCheck check;
    check.id = p.id;
    std::vector<int64_t> shares = kept_share[p.id];
    shares.resize(order.lines.size(), 0);
    int64_t earned_before = 0;
    for (int64_t s : shares) earned_before = checked_add(earned_before, s);
    const auto applied = now.find(p.id);
    if (applied == now.end()) {
      check.holds = false;
      check.unearned = earned_before;
      if (shipping_kept) check.shipping = p.shipping_discount;
    } else if (amount_follows_quantity(definition->second->effect.type) && applied->second < earned_before) {
      check.holds = false;
      check.unearned = earned_before - applied->second;
    }
    if (check.holds) continue;
    check.unearned_by_line = allocate_largest_remainder(check.unearned, shares);
    checks.push_back(std::move(check));
  }
  return checks;
}

// ---- refundable(S) ------------------------------------------------------

struct Refundable {
  int64_t merchandise = 0;  // returned units' nets as allocated
  int64_t taken_back = 0;   // unearned discounts taken back (policy take_back)
  std::vector<PromotionCheck> promotions;
  std::vector<int64_t> line_tax;  // tax refunded per order line (per_unit / per_line)
  int64_t tax_lines = 0;          // tax refunded on merchandise
  int64_t tax_shipping = 0;
  bool shipping_refunded = false;
  int64_t shipping = 0;
  int64_t fees = 0;

  int64_t total(bool prices_include_tax) const {
    int64_t t = checked_sub(merchandise, taken_back);
    if (!prices_include_tax) t = checked_add(t, checked_add(tax_lines, tax_shipping));
    return checked_sub(checked_add(t, shipping), fees);
  }
};

bool all_shipped_units_returned(const Order& order, const std::vector<int64_t>& returned) {
  bool any_shipped = false;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    if (order.lines[i].fulfilment != Fulfilment::Ship) continue;
    any_shipped = true;
    if (returned[i] < order.lines[i].quantity) return false;
  }
  return any_shipped;
}

// The rate whose tax line holds the shipping under whole-order rounding: the
// group taxing exactly the shipping price beyond its lines' nets.
std::optional<int64_t> shipping_rate_group(const Order& order, const std::map<int64_t, int64_t>& taxable,
                                           const std::map<int64_t, int64_t>& line_nets) {
  if (order.shipping_tax == 0 || order.shipping_price == 0) return std::nullopt;
  for (const auto& [rate, amount] : taxable) {
    const auto nets = line_nets.find(rate);
    const int64_t lines = nets == line_nets.end() ? 0 : nets->second;
    if (amount - lines == order.shipping_price) return rate;
  }
  return std::nullopt;
}

void refundable_tax(const Order& order, const std::vector<int64_t>& returned, const std::vector<int64_t>& kept_net,
                    const std::vector<bool>& changed, Refundable& r) {
  const TaxCalculator calc(order.prices_include_tax, order.rounding);
  r.line_tax.assign(order.lines.size(), 0);
  if (order.tax_calculation != TaxCalculation::PerOrder) {
    for (size_t i = 0; i < order.lines.size(); ++i) {
      const OrderLine& line = order.lines[i];
      if (!line.tax_rate || !changed[i]) continue;
      const int64_t kept_units = line.quantity - returned[i];
      const int64_t kept_tax = order.tax_calculation == TaxCalculation::PerUnit
                                   ? calc.per_unit(kept_net[i], kept_units, *line.tax_rate)
                                   : calc.on(kept_net[i], *line.tax_rate);
      r.line_tax[i] = checked_sub(line.tax, kept_tax);
      r.tax_lines = checked_add(r.tax_lines, r.line_tax[i]);
    }
    if (r.shipping_refunded) r.tax_shipping = order.shipping_tax;
    return;
  }
  // Whole-order rounding: one tax per rate, as the order was charged. The
  // binding names each line's rate, not its rule, so tax lines of one rate
  // are refunded as one group (docs/pricing/returns.md).
  std::map<int64_t, int64_t> taxable, charged, line_nets, kept, rate_of_changed;
  for (const OrderTaxLine& t : order.tax_lines) {
    taxable[t.rate.e8] = checked_add(taxable[t.rate.e8], t.taxable);
    charged[t.rate.e8] = checked_add(charged[t.rate.e8], t.amount);
  }
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const OrderLine& line = order.lines[i];
    if (!line.tax_rate) continue;
    const int64_t rate = line.tax_rate->e8;
    line_nets[rate] = checked_add(line_nets[rate], line.net);
    kept[rate] = checked_add(kept[rate], kept_net[i]);
    if (changed[i]) rate_of_changed[rate] = 1;
  }
  const std::optional<int64_t> shipping_group = shipping_rate_group(order, taxable, line_nets);
  if (shipping_group) {
    if (r.shipping_refunded) {
      rate_of_changed[*shipping_group] = 1;
    } else {
      kept[*shipping_group] = checked_add(kept[*shipping_group], order.shipping_price);
    }
  } else if (r.shipping_refunded) {
    r.tax_shipping = order.shipping_tax;
  }
  for (const auto& [rate, was_taxable] : taxable) {
    if (rate_of_changed.count(rate) == 0) continue;
    const int64_t kept_amount = kept[rate];
    int64_t refunded = charged[rate];
    if (kept_amount > 0) {
      refunded = std::min(charged[rate], checked_sub(calc.on(was_taxable, Rate{rate}), calc.on(kept_amount, Rate{rate})));
    }
    if (shipping_group && *shipping_group == rate && r.shipping_refunded) {
      r.tax_shipping = order.shipping_tax;
      refunded = checked_sub(refunded, order.shipping_tax);
    }
    r.tax_lines = checked_add(r.tax_lines, refunded);
  }
}

Refundable refundable(const Catalog& catalog, const ReturnPolicy& policy, const Order& order,
                      const std::vector<ReturnEntry>& entries) {
  Refundable r;
  std::vector<int64_t> returned(order.lines.size(), 0);
  for (const ReturnEntry& e : entries) {
    const OrderLine& line = order.lines[static_cast<size_t>(e.line)];
    int64_t& from = returned[static_cast<size_t>(e.line)];
    r.merchandise = checked_add(r.merchandise, units_net(line, from, from + e.quantity));
    if (fee_applies(policy, e.condition)) {
      r.fees = checked_add(r.fees, units_fee(line, from, from + e.quantity, policy.restocking_fee, order.rounding));
    }
    from += e.quantity;
  }
  r.shipping_refunded = policy.shipping == ShippingRefund::WhenAllReturned && order.shipping_price > 0 &&
                        all_shipped_units_returned(order, returned);
  if (r.shipping_refunded) r.shipping = order.shipping_price;

  r.promotions = check_promotions(catalog, order, returned, !r.shipping_refunded);
  std::vector<int64_t> kept_net(order.lines.size());
  std::vector<bool> changed(order.lines.size());
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const OrderLine& line = order.lines[i];
    kept_net[i] = units_net(line, returned[i], line.quantity);
    changed[i] = returned[i] > 0;
  }
  if (policy.broken_promotions == BrokenPromotions::TakeBack) {
    for (const PromotionCheck& p : r.promotions) {
      r.taken_back = checked_add(r.taken_back, checked_add(p.unearned, p.shipping));
      for (size_t i = 0; i < kept_net.size(); ++i) {
        if (p.unearned_by_line[i] == 0) continue;
        kept_net[i] = checked_add(kept_net[i], p.unearned_by_line[i]);
        changed[i] = true;
      }
    }
  }
  refundable_tax(order, returned, kept_net, changed, r);
  return r;
}

// ---- the refund quote ---------------------------------------------------

std::string money_text(const Order& order, int64_t minor) {
  return order.currency + " " + format_amount(minor, order.exponent);
}

Json reason(const std::string& code, const std::string& message) { return Json{{"code", code}, {"message", message}}; }

Json policy_json(const ReturnPolicy& policy) {
  Json p{{"window_days", policy.window_days},
         {"shipping", shipping_refund_name(policy.shipping)},
         {"broken_promotions", broken_promotions_name(policy.broken_promotions)}};
  if (policy.restocking_fee.e8 > 0) {
    Json conditions = Json::array();
    if (policy.fee_on_sellable) conditions.push_back("sellable");
    if (policy.fee_on_damaged) conditions.push_back("damaged");
    p["restocking_fee"] = Json{{"percent", format_percent(policy.restocking_fee)}, {"conditions", conditions}};
  }
  return p;
}

struct RefundInput {
  Order order;
  std::vector<ReturnEntry> previous;
  std::vector<ReturnEntry> entries;
  int64_t refunded_before = 0;
  int64_t now = 0;
};

RefundInput read_refund_input(const Json& doc, bool exchange) {
  JsonReader root(doc, "");
  if (exchange) {
    root.expect_only({"order", "returns", "previous", "cart", "context"});
  } else {
    root.expect_only({"order", "returns", "previous", "context"});
  }
  RefundInput in;
  in.order = read_order(root.field("order"));
  std::vector<int64_t> returned(in.order.lines.size(), 0);
  if (auto previous = root.optional_field("previous")) {
    previous->expect_only({"returns", "refunded"});
    in.previous = read_return_entries(previous->field("returns"), in.order, returned, 0);
    in.refunded_before = previous->field("refunded").as_int(0, in.order.grand_total);
  }
  in.entries = read_return_entries(root.field("returns"), in.order, returned, 1);
  const JsonReader context = root.field("context");
  if (!exchange) context.expect_only({"now"});
  in.now = context.field("now").as_instant();
  return in;
}

RefundQuote make_refund(const Catalog& catalog, const RefundInput& in) {
  const Order& order = in.order;
  const ReturnPolicy& policy = catalog.returns;
  if (catalog.currency != order.currency) {
    fail(err::currency_mismatch, "The order is in " + order.currency + ", the catalog in " + catalog.currency + ".",
         "/order/binding/currency");
  }
  const int64_t window_ends = checked_add(order.placed_at, checked_mul(policy.window_days, kSecondsPerDay));
  const bool eligible = in.now < window_ends;

  std::vector<ReturnEntry> all = in.previous;
  if (eligible) all.insert(all.end(), in.entries.begin(), in.entries.end());
  const Refundable before = refundable(catalog, policy, order, in.previous);
  const Refundable after = refundable(catalog, policy, order, all);
  const bool inclusive = order.prices_include_tax;

  // This return's total: what the order owes back now, within what is left.
  const int64_t left = checked_sub(order.grand_total, in.refunded_before);
  const int64_t owed = checked_sub(std::max<int64_t>(0, after.total(inclusive)), in.refunded_before);
  const int64_t total = eligible ? std::clamp<int64_t>(owed, 0, left) : 0;

  // Each entry's units: nets as allocated, fees, and its part of the tax.
  std::vector<int64_t> returned(order.lines.size(), 0);
  for (const ReturnEntry& e : in.previous) returned[static_cast<size_t>(e.line)] += e.quantity;
  std::vector<int64_t> entry_net, entry_fee, entry_tax(in.entries.size(), 0);
  std::vector<std::pair<int64_t, int64_t>> entry_range;
  for (const ReturnEntry& e : in.entries) {
    const OrderLine& line = order.lines[static_cast<size_t>(e.line)];
    int64_t& from = returned[static_cast<size_t>(e.line)];
    entry_range.emplace_back(from, from + e.quantity);
    entry_net.push_back(eligible ? units_net(line, from, from + e.quantity) : 0);
    entry_fee.push_back(eligible && fee_applies(policy, e.condition)
                            ? units_fee(line, from, from + e.quantity, policy.restocking_fee, order.rounding)
                            : 0);
    from += e.quantity;
  }
  if (eligible) {
    if (order.tax_calculation == TaxCalculation::PerOrder) {
      const std::vector<int64_t> shares = allocate_signed(after.tax_lines - before.tax_lines, entry_net);
      entry_tax = shares;
    } else {
      for (size_t l = 0; l < order.lines.size(); ++l) {
        std::vector<size_t> on_line;
        std::vector<int64_t> weights;
        for (size_t k = 0; k < in.entries.size(); ++k) {
          if (static_cast<size_t>(in.entries[k].line) != l) continue;
          on_line.push_back(k);
          weights.push_back(entry_net[k]);
        }
        if (on_line.empty()) continue;
        const std::vector<int64_t> shares = allocate_signed(after.line_tax[l] - before.line_tax[l], weights);
        for (size_t k = 0; k < on_line.size(); ++k) entry_tax[on_line[k]] = shares[k];
      }
    }
  }

  RefundView view;
  view.eligible = eligible;
  view.window_ends = format_utc(window_ends);
  view.currency = order.currency;
  view.total = total;
  view.refunded_after = checked_add(in.refunded_before, total);
  view.shipping_refunded = eligible && after.shipping_refunded && !before.shipping_refunded;

  Json entries = Json::array();
  for (size_t k = 0; k < in.entries.size(); ++k) {
    const ReturnEntry& e = in.entries[k];
    const OrderLine& line = order.lines[static_cast<size_t>(e.line)];
    const int64_t paid_price = checked_mul(line.unit_price, e.quantity);
    int64_t refund = checked_sub(entry_net[k], entry_fee[k]);
    if (!inclusive) refund = checked_add(refund, entry_tax[k]);
    Json units = Json::array();
    if (eligible) {
      const int64_t larger = line.net % line.quantity;
      const auto [from, to] = entry_range[k];
      const int64_t larger_units = std::max<int64_t>(0, std::min(to, larger) - from);
      if (larger_units > 0) units.push_back(Json{{"count", larger_units}, {"net", line.net / line.quantity + 1}});
      if (to - from - larger_units > 0) {
        units.push_back(Json{{"count", to - from - larger_units}, {"net", line.net / line.quantity}});
      }
    }
    entries.push_back(Json{{"line", line.index},
                           {"sku", line.sku},
                           {"quantity", e.quantity},
                           {"condition", return_condition_name(e.condition)},
                           {"unit_price", line.unit_price},
                           {"discount", eligible ? checked_sub(paid_price, entry_net[k]) : 0},
                           {"net", entry_net[k]},
                           {"tax", entry_tax[k]},
                           {"fee", entry_fee[k]},
                           {"refund", refund},
                           {"units", units}});
    view.entries.push_back(
        RefundView::Entry{line.index, line.sku, e.quantity, e.condition == ReturnCondition::Sellable, refund});
  }

  Json reasons = Json::array();
  Json promotions = Json::array();
  int64_t merchandise = 0, taken_back = 0, tax = 0, shipping = 0, shipping_tax = 0, fees = 0;
  if (!eligible) {
    reasons.push_back(reason("outside_window", "The return window of " + std::to_string(policy.window_days) +
                                                   " days ended at " + format_utc(window_ends) + "."));
  } else {
    merchandise = after.merchandise - before.merchandise;
    taken_back = after.taken_back - before.taken_back;
    tax = checked_sub(checked_add(after.tax_lines, after.tax_shipping), checked_add(before.tax_lines, before.tax_shipping));
    shipping_tax = after.tax_shipping - before.tax_shipping;
    shipping = after.shipping - before.shipping;
    fees = after.fees - before.fees;
    const bool take_back = policy.broken_promotions == BrokenPromotions::TakeBack;
    std::map<std::string, int64_t> earlier;
    for (const PromotionCheck& p : before.promotions) earlier[p.id] = checked_add(p.unearned, p.shipping);
    for (const PromotionCheck& p : after.promotions) {
      const int64_t unearned = checked_add(p.unearned, p.shipping);
      const int64_t now_taken = take_back ? unearned - earlier[p.id] : 0;
      promotions.push_back(Json{{"promotion", p.id}, {"unearned", unearned}, {"taken_back", now_taken}});
      reasons.push_back(take_back ? reason("promotion_taken_back",
                                           p.id + " no longer applies to the items kept: " +
                                               money_text(order, unearned) + " of its discount is taken back.")
                                  : reason("promotion_kept", p.id + " no longer applies to the items kept; its " +
                                                                 money_text(order, unearned) +
                                                                 " discount stays with you (return policy)."));
    }
    for (const PromotionCheck& p : before.promotions) {  // earlier taken back, now earned again or moot
      bool still = false;
      for (const PromotionCheck& q : after.promotions) still = still || q.id == p.id;
      if (still || !take_back) continue;
      const int64_t given_back = checked_add(p.unearned, p.shipping);
      promotions.push_back(Json{{"promotion", p.id}, {"unearned", 0}, {"taken_back", -given_back}});
      reasons.push_back(reason("promotion_given_back", money_text(order, given_back) + " taken back for " + p.id +
                                                           " earlier is refunded: nothing it was taken back for is kept."));
    }
    if (shipping > 0) {
      reasons.push_back(reason("shipping_refunded", "Shipping is refunded: every shipped item is back."));
    } else if (order.shipping_price > 0 && !before.shipping_refunded) {
      reasons.push_back(policy.shipping == ShippingRefund::Never
                            ? reason("shipping_not_refunded", "Shipping is not refunded (return policy).")
                            : reason("shipping_not_refunded", "Shipping is refunded once every shipped item is back."));
    }
    if (fees > 0) {
      reasons.push_back(reason("restocking_fee", format_percent(policy.restocking_fee) + "% restocking fee: " +
                                                     money_text(order, fees) + "."));
    }
  }
  int64_t components = checked_sub(checked_add(merchandise, shipping), checked_add(taken_back, fees));
  if (!inclusive) components = checked_add(components, tax);
  const int64_t adjustment = checked_sub(total, components);
  if (adjustment != 0) {
    reasons.push_back(reason("limited_to_paid", "The refund is limited to what is left of the amount paid (" +
                                                     money_text(order, left) + ") and never below zero."));
  }

  Json refund{
      {"currency", order.currency},
      {"exponent", order.exponent},
      {"prices_include_tax", inclusive},
      {"eligible", eligible},
      {"window_ends", format_utc(window_ends)},
      {"policy", policy_json(policy)},
      {"lines", entries},
      {"promotions", promotions},
      {"shipping", Json{{"refunded", view.shipping_refunded}, {"price", shipping}, {"tax", shipping_tax}}},
      {"totals", Json{{"merchandise", merchandise},
                      {"taken_back", taken_back},
                      {"tax", tax},
                      {"shipping", shipping},
                      {"fees", fees},
                      {"adjustment", adjustment}}},
      {"total", total},
      {"paid", order.grand_total},
      {"refunded_before", in.refunded_before},
      {"refunded_after", view.refunded_after},
      {"reasons", reasons},
  };
  return RefundQuote(std::move(view), canonical_dump(refund));
}

Error internal_error() { return Error{err::internal, "Internal error while computing a refund.", ""}; }

template <class T, class Body>
Result<T> guarded(Body&& body) { return guarded_call<T>(std::forward<Body>(body), internal_error); }

std::string exchange_text(const Engine& engine, const Json& request) {
  const RefundQuote refunded = make_refund(engine.catalog(), read_refund_input(request, true));
  Json cart_and_context{{"cart", request.at("cart")}, {"context", request.at("context")}};
  Result<PricedQuote> priced = engine.price(cart_and_context);
  if (!priced.ok()) throw InputError(priced.error());
  const int64_t refund_total = refunded.view().total;
  const int64_t new_total = priced.value().view().totals.grand_total;
  const int64_t credit = std::min(refund_total, new_total);
  Json exchange{{"credit", credit}, {"due", new_total - credit}, {"refund_due", refund_total - credit}};
  Json quote = parse_json_strict(priced.value().text());
  Json bound{{"exchange", exchange}, {"quote", quote.at("binding")}, {"refund", parse_json_strict(refunded.refund_text())}};
  const std::string fingerprint = sha256_hex(canonical_dump(bound));
  Json out{{"exchange", std::move(exchange)},
           {"fingerprint", fingerprint},
           {"quote", std::move(quote)},
           {"refund", std::move(bound["refund"])}};
  return canonical_dump(out);
}

}  // namespace

const std::string& RefundQuote::fingerprint() const {
  if (fingerprint_.empty()) fingerprint_ = sha256_hex(text_);
  return fingerprint_;
}

std::string RefundQuote::fingerprinted_text() const {
  // {"fingerprint":"...","refund":{...}}: keys already in canonical order.
  return "{\"fingerprint\":\"" + fingerprint() + "\",\"refund\":" + text_ + "}";
}

Result<RefundQuote> refund(const Engine& engine, std::string_view request_json) {
  return guarded<RefundQuote>(
      [&] { return make_refund(engine.catalog(), read_refund_input(parse_json_strict(request_json), false)); });
}

Result<RefundQuote> refund(const Engine& engine, const nlohmann::json& request) {
  return guarded<RefundQuote>([&] { return make_refund(engine.catalog(), read_refund_input(request, false)); });
}

Result<std::string> exchange(const Engine& engine, const nlohmann::json& request) {
  return guarded<std::string>([&] { return exchange_text(engine, request); });
}

Result<std::string> return_quote(const Engine& engine, std::string_view request_json) {
  return guarded<std::string>([&] {
    Json doc = parse_json_strict(request_json);
    JsonReader(doc, "").expect_object();
    if (doc.contains("cart")) return exchange_text(engine, doc);
    return make_refund(engine.catalog(), read_refund_input(doc, false)).fingerprinted_text();
  });
}

Result<std::string> returns_request(std::string_view request_json) {
  return guarded<std::string>([&] {
    Json doc = parse_json_strict(request_json);
    JsonReader root(doc, "");
    root.expect_object();
    Result<Engine> engine = Engine::load(root.field("catalog").json(), "/catalog");
    if (!engine.ok()) throw InputError(engine.error());
    Json rest = doc;
    rest.erase("catalog");
    if (rest.contains("cart")) return exchange_text(engine.value(), rest);
    return make_refund(engine.value().catalog(), read_refund_input(rest, false)).fingerprinted_text();
  });
}

}  // namespace checkout
