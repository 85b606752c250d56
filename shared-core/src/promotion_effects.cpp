#include "promotion_effects.h"

#include <algorithm>

#include "money.h"

namespace checkout {

int64_t line_quantity(const LineState& line) { return line.cart ? line.cart->quantity : 0; }

namespace {

int64_t net_of(const LineState& line) { return std::max<int64_t>(0, line.net()); }

int64_t targeted_net_sum(const std::vector<LineState>& lines, const std::vector<int32_t>& targeted) {
  int64_t sum = 0;
  for (int32_t pos : targeted) sum = checked_add(sum, net_of(lines[pos]));
  return sum;
}

int64_t targeted_units(const std::vector<LineState>& lines, const std::vector<int32_t>& targeted) {
  int64_t units = 0;
  for (int32_t pos : targeted) units = checked_add(units, line_quantity(lines[pos]));
  return units;
}

// Spreads one already-rounded discount over the targeted lines in proportion
// to `weights` (parallel to `targeted`, canonical order), so the shares sum
// exactly to the discount. Rounding once over the set, then allocating, is
// what keeps "10% of the order" equal to 10% of the order to the cent.
void allocate(int64_t discount, const std::vector<int32_t>& targeted, const std::vector<int64_t>& weights,
              const std::vector<LineState>& lines, EffectOutcome& out) {
  if (discount <= 0) return;
  const std::vector<int64_t> parts = allocate_largest_remainder(discount, weights);
  for (size_t i = 0; i < targeted.size(); ++i) {
    const int32_t pos = targeted[i];
    // discount <= sum(weights) and weights <= nets already guarantee this;
    // the cap only makes "never below zero" independent of that reasoning.
    out.shares[pos] += std::min(parts[i], net_of(lines[pos]) - out.shares[pos]);
  }
}

std::vector<int64_t> targeted_nets(const std::vector<LineState>& lines, const std::vector<int32_t>& targeted) {
  std::vector<int64_t> nets;
  nets.reserve(targeted.size());
  for (int32_t pos : targeted) nets.push_back(net_of(lines[pos]));
  return nets;
}

void percent_off(Rate percent, const std::vector<LineState>& lines, const std::vector<int32_t>& targeted,
                 RoundingMode mode, EffectOutcome& out) {
  const int64_t base = targeted_net_sum(lines, targeted);
  const int64_t discount = std::min(apply_rate(base, percent, mode), base);
  allocate(discount, targeted, targeted_nets(lines, targeted), lines, out);
}

void amount_off_order(int64_t amount, const std::vector<LineState>& lines, const std::vector<int32_t>& targeted,
                      EffectOutcome& out) {
  const int64_t discount = std::min(std::max<int64_t>(0, amount), targeted_net_sum(lines, targeted));
  allocate(discount, targeted, targeted_nets(lines, targeted), lines, out);
}

// Products are taken in __int128: an amount or price times a million units
// beyond int64 is not an error, it simply exceeds (or undercuts) every net.
void amount_off_unit(int64_t amount, const std::vector<LineState>& lines, const std::vector<int32_t>& targeted,
                     EffectOutcome& out) {
  for (int32_t pos : targeted) {
    const __int128 off = static_cast<__int128>(std::max<int64_t>(0, amount)) * line_quantity(lines[pos]);
    const int64_t net = net_of(lines[pos]);
    out.shares[pos] = off < net ? static_cast<int64_t>(off) : net;
  }
}

void fixed_price(int64_t price, const std::vector<LineState>& lines, const std::vector<int32_t>& targeted,
                 EffectOutcome& out) {
  for (int32_t pos : targeted) {
    const __int128 cap = static_cast<__int128>(std::max<int64_t>(0, price)) * line_quantity(lines[pos]);
    const int64_t net = net_of(lines[pos]);
    out.shares[pos] = cap < net ? static_cast<int64_t>(net - cap) : 0;
  }
}

// Units of one line that currently share one value. A line's net is spread
// over its units as evenly as integers allow: net % qty units are worth one
// minor unit more than the rest. Never one element per unit (a line may have
// a million units).
struct UnitGroup {
  int64_t value = 0;
  int32_t rank = 0;   // index in `targeted`, i.e. canonical line order
  int64_t count = 0;
};

void buy_x_get_y(const Effect& e, const std::vector<LineState>& lines, const std::vector<int32_t>& targeted,
                 RoundingMode mode, EffectOutcome& out) {
  if (e.buy < 1 || e.get < 1) return;
  const int64_t units = targeted_units(lines, targeted);
  const int64_t group = static_cast<int64_t>(e.buy) + e.get;
  if (units < group) out.group_shortfall = group - units;
  int64_t free_units = (units / group) * e.get;  // <= units: no overflow
  if (e.max_applications > 0) {
    free_units = std::min(free_units, static_cast<int64_t>(e.max_applications) * e.get);
  }

  std::vector<UnitGroup> groups;
  groups.reserve(targeted.size() * 2);
  for (size_t i = 0; i < targeted.size(); ++i) {
    const LineState& line = lines[targeted[i]];
    const int64_t qty = line_quantity(line);
    if (qty <= 0) continue;
    const int64_t net = net_of(line);
    const int64_t low = net / qty, high_count = net % qty;
    const int32_t rank = static_cast<int32_t>(i);
    if (qty - high_count > 0) groups.push_back({low, rank, qty - high_count});
    if (high_count > 0) groups.push_back({low + 1, rank, high_count});
  }
  // Cheapest first; equal values go to the line earlier in canonical order.
  // (value, rank) is unique per group, so the order is total.
  std::stable_sort(groups.begin(), groups.end(), [](const UnitGroup& a, const UnitGroup& b) {
    if (a.value != b.value) return a.value < b.value;
    return a.rank < b.rank;
  });

  std::vector<int64_t> chosen(targeted.size(), 0);  // value of the chosen units, per targeted line
  int64_t chosen_sum = 0;
  int64_t left = free_units;
  for (const UnitGroup& g : groups) {
    if (left == 0) break;
    const int64_t take = std::min(left, g.count);
    const int64_t value = checked_mul(take, g.value);  // <= the line's net
    chosen[static_cast<size_t>(g.rank)] = checked_add(chosen[static_cast<size_t>(g.rank)], value);
    chosen_sum = checked_add(chosen_sum, value);
    left -= take;
  }
  const int64_t discount = std::min(apply_rate(chosen_sum, e.percent, mode), chosen_sum);
  allocate(discount, targeted, chosen, lines, out);
}

void tiered(const Effect& e, const std::vector<LineState>& lines, const std::vector<int32_t>& targeted,
            RoundingMode mode, EffectOutcome& out) {
  if (e.tiers.empty()) return;
  const int64_t basis = e.tier_basis == TierBasis::Subtotal ? targeted_net_sum(lines, targeted)
                                                             : targeted_units(lines, targeted);
  for (const Tier& t : e.tiers) {  // ascending thresholds: the last one reached wins
    if (t.threshold <= basis) out.tier = &t;
  }
  if (!out.tier) {
    out.tier_shortfall = e.tiers.front().threshold - basis;
    return;
  }
  if (out.tier->percent) {
    percent_off(*out.tier->percent, lines, targeted, mode, out);
  } else if (out.tier->amount) {
    amount_off_order(*out.tier->amount, lines, targeted, out);
  }
}

}  // namespace

EffectOutcome compute_effect(const Effect& effect, const std::vector<LineState>& lines,
                             const std::vector<int32_t>& targeted, RoundingMode mode) {
  EffectOutcome out;
  out.shares.assign(lines.size(), 0);
  switch (effect.type) {
    case EffectType::PercentOff: percent_off(effect.percent, lines, targeted, mode, out); break;
    case EffectType::AmountOff:
      if (effect.per_unit) {
        amount_off_unit(effect.amount, lines, targeted, out);
      } else {
        amount_off_order(effect.amount, lines, targeted, out);
      }
      break;
    case EffectType::FixedPrice: fixed_price(effect.price, lines, targeted, out); break;
    case EffectType::BuyXGetY: buy_x_get_y(effect, lines, targeted, mode, out); break;
    case EffectType::Tiered: tiered(effect, lines, targeted, mode, out); break;
    case EffectType::FreeShipping: break;
  }
  for (int64_t s : out.shares) out.total = checked_add(out.total, s);
  return out;
}

}  // namespace checkout
