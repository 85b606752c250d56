// Tax stage: the jurisdiction and rule of every line (and of shipping), the
// tax at the catalog's calculation granularity, and the tax lines by rule and
// rate. Rules and worked examples: docs/pricing/tax.md.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checkout/codes.h"
#include "identifiers.h"
#include "money.h"
#include "pricing_state.h"
#include "tax_calculator.h"

namespace checkout {
namespace {

constexpr int32_t kShippingMember = -1;

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Longer postal prefix, then a region over none, then the smaller id.
bool more_specific(const TaxRule& a, const TaxRule& b) {
  if (a.postal_prefix.size() != b.postal_prefix.size()) return a.postal_prefix.size() > b.postal_prefix.size();
  if (a.region.empty() != b.region.empty()) return !a.region.empty();
  return a.id < b.id;
}

const TaxRule* find_rule(const Catalog& catalog, const std::string& country, const std::string& region,
                         const std::string& postal_code) {
  const TaxRule* best = nullptr;
  for (const TaxRule& rule : catalog.tax_rules) {
    if (rule.country != country) continue;
    if (!rule.region.empty() && rule.region != region) continue;
    if (!rule.postal_prefix.empty() && !starts_with(postal_code, rule.postal_prefix)) continue;
    if (best == nullptr || more_specific(rule, *best)) best = &rule;
  }
  return best;
}

bool has_rule_for_country(const Catalog& catalog, const std::string& country) {
  for (const TaxRule& rule : catalog.tax_rules) {
    if (rule.country == country) return true;
  }
  return false;
}

// nullopt = exempt: not taxed and on no tax line.
std::optional<Rate> rate_for(const TaxRule& rule, TaxCategory category) {
  switch (category) {
    case TaxCategory::Standard: return rule.standard;
    case TaxCategory::Reduced: return rule.reduced;
    case TaxCategory::SecondReduced: return rule.second_reduced;
    case TaxCategory::Zero: return Rate{0};
    case TaxCategory::Exempt: return std::nullopt;
  }
  return std::nullopt;
}

// One thing that is taxed: a cart line or the selected shipping.
struct Member {
  int32_t line = kShippingMember;  // position in QuoteState::lines, or kShippingMember
  int64_t amount = 0;              // net (exclusive) or gross (inclusive)
  int64_t quantity = 1;
  const TaxRule* rule = nullptr;
  Rate rate;
  int64_t tax = 0;
};

using GroupKey = std::pair<std::string, int64_t>;  // (rule id, rate e8)

// Whole-order rounding: one tax per (rule, rate) group, shared back over its
// members by amount. Members arrive in canonical line order with shipping
// last, which fixes who gets a leftover cent on a tie.
void tax_per_order(std::vector<Member>& members, const TaxCalculator& calc) {
  std::map<GroupKey, std::vector<size_t>> groups;
  for (size_t i = 0; i < members.size(); ++i) {
    groups[{members[i].rule->id, members[i].rate.e8}].push_back(i);
  }
  for (const auto& [key, indices] : groups) {
    int64_t group_amount = 0;
    std::vector<int64_t> weights;
    weights.reserve(indices.size());
    for (size_t i : indices) {
      group_amount = checked_add(group_amount, members[i].amount);
      weights.push_back(members[i].amount);
    }
    const std::vector<int64_t> shares = allocate_largest_remainder(calc.on(group_amount, members[indices[0]].rate), weights);
    for (size_t k = 0; k < indices.size(); ++k) members[indices[k]].tax = shares[k];
  }
}

}  // namespace

void compute_tax(QuoteState& q) {
  const Catalog& catalog = *q.catalog;
  const Context& context = *q.context;
  const TaxCalculator calc(catalog.prices_include_tax, catalog.rounding);

  for (LineState& line : q.lines) {
    line.tax = 0;
    line.tax_rule_id.clear();
    line.tax_rate = Rate{0};
  }
  q.shipping.tax = 0;
  q.shipping.tax_rule_id.clear();
  q.tax_lines.clear();

  // Every shipped line and the shipping are taxed at the destination: its rule is looked up once.
  const TaxRule* const destination_rule =
      context.destination ? find_rule(catalog, context.destination->country, context.destination->region,
                                      context.destination->postal_code)
                          : nullptr;
  std::vector<Member> members;
  members.reserve(q.lines.size() + 1);
  bool shipped_without_destination = false;
  bool shipped_without_rule = false;
  for (int32_t index : canonical_line_order(q.lines)) {
    const LineState& line = q.lines[static_cast<size_t>(index)];
    const TaxRule* rule = nullptr;
    if (line.cart->fulfilment == Fulfilment::Ship) {
      if (!context.destination) {
        shipped_without_destination = true;
        continue;
      }
      rule = destination_rule;
      if (rule == nullptr) shipped_without_rule = true;
    } else {
      const int32_t s = line.cart->store_index;
      if (s < 0 || static_cast<size_t>(s) >= catalog.stores.size()) continue;
      const Store& store = catalog.stores[static_cast<size_t>(s)];
      rule = find_rule(catalog, store.country, store.region, normalise_postal_code(store.postal_code));
    }
    if (rule == nullptr) continue;  // no rule for the place: untaxed, as the merchant configured
    const std::optional<Rate> rate = rate_for(*rule, line.variant->tax_category);
    if (!rate) continue;
    Member m;
    m.line = index;
    m.amount = line.net();
    m.quantity = line.cart->quantity;
    m.rule = rule;
    m.rate = *rate;
    members.push_back(m);
  }

  // Shipping is taxed where it is delivered, at its method's category.
  if (context.destination && q.shipping.selected && q.shipping.price > 0) {
    const TaxRule* rule = destination_rule;
    const ShippingMethod* method = nullptr;
    for (const ShippingMethod& m : catalog.shipping_methods) {
      if (m.id == *q.shipping.selected) method = &m;
    }
    if (rule != nullptr && rule->shipping_taxable && method != nullptr) {
      if (const std::optional<Rate> rate = rate_for(*rule, method->tax_category)) {
        Member m;
        m.line = kShippingMember;
        m.amount = q.shipping.price;
        m.rule = rule;
        m.rate = *rate;
        members.push_back(m);
      }
    }
  }

  switch (catalog.tax_calculation) {
    case TaxCalculation::PerLine:
      for (Member& m : members) m.tax = calc.on(m.amount, m.rate);
      break;
    case TaxCalculation::PerUnit:
      for (Member& m : members) m.tax = calc.per_unit(m.amount, m.quantity, m.rate);
      break;
    case TaxCalculation::PerOrder:
      tax_per_order(members, calc);
      break;
  }

  std::map<GroupKey, TaxLine> tax_lines;
  for (const Member& m : members) {
    if (m.line == kShippingMember) {
      q.shipping.tax = m.tax;
      q.shipping.tax_rule_id = m.rule->id;
    } else {
      LineState& line = q.lines[static_cast<size_t>(m.line)];
      line.tax = m.tax;
      line.tax_rule_id = m.rule->id;
      line.tax_rate = m.rate;
    }
    TaxLine& tl = tax_lines[{m.rule->id, m.rate.e8}];
    tl.rule_id = m.rule->id;
    tl.name = m.rule->name;
    tl.rate = m.rate;
    tl.taxable = checked_add(tl.taxable, m.amount);
    tl.amount = checked_add(tl.amount, m.tax);
  }
  for (auto& [key, tl] : tax_lines) q.tax_lines.push_back(std::move(tl));

  // A merchant without tax rules never collects tax: no promise of tax later.
  if (shipped_without_destination && !catalog.tax_rules.empty()) {
    q.messages.push_back(
        Message{msg::tax_needs_destination, "Tax is calculated once we know the delivery address.", -1, {}});
  }
  // The merchant taxes this country somewhere but no rule covers this
  // address: say so rather than charge 0 silently (a mistyped or unlisted
  // postal code, or a region the merchant does not collect in).
  if (shipped_without_rule && has_rule_for_country(catalog, context.destination->country)) {
    q.messages.push_back(Message{msg::tax_no_rule_for_destination,
                                 "No tax rule of this shop covers the delivery address, so no tax is charged on it.",
                                 -1, {}});
  }
}

}  // namespace checkout
