// The promotions stage: which promotions apply to the cart, in which order,
// why the others (entered as codes) do not, and what each takes off each line.
// The effects themselves are in promotion_effects.cpp. Rules with worked
// examples: docs/pricing/promotions.md.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checkout/civil_time.h"
#include "checkout/codes.h"
#include "identifiers.h"
#include "money.h"
#include "pricing_state.h"
#include "promotion_effects.h"

namespace checkout {
namespace {

// Codes match case-insensitively; ASCII only, so no locale is involved.
template <class T>
bool sorted_contains(const std::vector<T>& sorted, const T& value) {
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

bool line_targeted(const Target& target, const LineState& line) {
  if (target.all()) return true;
  const std::string& sku = line.variant ? line.variant->sku : line.cart->sku;
  if (sorted_contains(target.skus, sku)) return true;
  if (!line.product) return false;
  if (sorted_contains(target.product_ids, line.product->id)) return true;
  for (const std::string& category : line.product->categories) {
    if (sorted_contains(target.categories, category)) return true;
  }
  return false;
}

// A text for customers: "USD 12.40".
struct MoneyText {
  const Catalog& catalog;
  std::string operator()(int64_t minor) const {
    return catalog.currency + " " + format_amount(minor, catalog.exponent);
  }
};

std::string percent_text(Rate r) { return format_percent(r) + "%"; }

// What the effect does, for the reason sentence of an applied promotion.
std::string effect_text(const Promotion& p, const EffectOutcome& outcome, const MoneyText& money) {
  const Effect& e = p.effect;
  const std::string scope = p.target.all() ? "all items" : "eligible items";
  switch (e.type) {
    case EffectType::PercentOff: return percent_text(e.percent) + " off " + scope;
    case EffectType::AmountOff:
      if (e.per_unit) return money(e.amount) + " off each " + (p.target.all() ? "item" : "eligible item");
      return money(e.amount) + " off " + scope;
    case EffectType::FixedPrice: return scope + " at " + money(e.price) + " each";
    case EffectType::BuyXGetY: {
      std::string text = "buy " + std::to_string(e.buy) + ", get " + std::to_string(e.get) + " " +
                         (e.percent.e8 == kRateOne ? std::string("free") : percent_text(e.percent) + " off");
      if (e.max_applications > 0) text += ", up to " + std::to_string(e.max_applications) + " times";
      return text;
    }
    case EffectType::Tiered: {
      const Tier& t = *outcome.tier;
      return t.percent ? percent_text(*t.percent) + " off " + scope : money(t.amount.value_or(0)) + " off " + scope;
    }
    case EffectType::FreeShipping: return "free shipping";
  }
  return "";
}

// The condition that was met, for the reason sentence: "Spend USD 50.00+".
std::string condition_text(const Promotion& p, const EffectOutcome& outcome, const MoneyText& money) {
  if (p.effect.type == EffectType::Tiered) {
    const int64_t threshold = outcome.tier->threshold;
    return p.effect.tier_basis == TierBasis::Subtotal ? "Spend " + money(threshold) + "+"
                                                      : "Buy " + std::to_string(threshold) + "+ items";
  }
  if (p.min_subtotal > 0) return "Spend " + money(p.min_subtotal) + "+";
  if (p.min_quantity > 0) return "Buy " + std::to_string(p.min_quantity) + "+ items";
  return p.title.empty() ? p.id : p.title;
}

// "Code SAVE10: 10% off all items", "Spend USD 50.00+: free shipping",
// "Code BULK: spend USD 100.00+, 15% off all items".
std::string reason_text(const Promotion& p, const std::string& code, const EffectOutcome& outcome,
                        const MoneyText& money) {
  if (code.empty()) return condition_text(p, outcome, money) + ": " + effect_text(p, outcome, money);
  std::string text = "Code " + code + ": ";
  if (p.effect.type == EffectType::Tiered) {
    std::string condition = condition_text(p, outcome, money);
    condition[0] = static_cast<char>(condition[0] - 'A' + 'a');  // "Spend"/"Buy" mid-sentence
    text += condition + ", ";
  }
  return text + effect_text(p, outcome, money);
}

struct Refusal {
  RejectionReason reason;
  std::string message;
  std::vector<MessageParam> params = {};
};

// An applied promotion as later candidates see it.
struct AppliedSummary {
  bool exclusive = false;
  std::string name;  // how messages name it: its code, else its title
  bool by_code = false;
};

struct CandidateEnv {
  const QuoteState& q;
  const std::vector<AppliedSummary>& applied;
  const std::optional<AppliedSummary>& stopped_by;  // the applied stop_further promotion
  MoneyText money;
};

// Where a channel is, in the shopper's words: "online", "in store", "in the app".
std::string where_text(const std::string& channel) {
  if (channel == "web") return "online";
  if (channel == "store") return "in store";
  if (channel == "app") return "in the app";
  return "here";
}

// "Add USD 12.00 more to use this code." / "Add 2 more items to use this code."
Refusal minimum_refusal(int64_t missing, bool in_units, const MoneyText& money) {
  if (in_units) {
    return Refusal{rejection::minimum_not_met,
                   "Add " + std::to_string(missing) + (missing == 1 ? " more item" : " more items") + " to use this code.",
                   {number_param("units", missing)}};
  }
  return Refusal{rejection::minimum_not_met, "Add " + money(missing) + " more to use this code.", {number_param("amount", missing)}};
}

// Checks a-e of docs/pricing/promotions.md (usage, dates, channel, group,
// combination), in order: the first failure decides. They need no cart lines.
// What keeps `p` from combining with the promotions applied so far: a
// stop_further one, an exclusive one, or (when `p` is exclusive) the first applied.
const AppliedSummary* combination_blocker(const Promotion& p, const CandidateEnv& env) {
  if (env.stopped_by) return &*env.stopped_by;
  for (const AppliedSummary& a : env.applied) {
    if (a.exclusive) return &a;
  }
  if (p.exclusive && !env.applied.empty()) return &env.applied.front();
  return nullptr;
}

std::optional<Refusal> eligibility_refusal(const Promotion& p, const CandidateEnv& env) {
  const Context& ctx = *env.q.context;
  if (std::find(ctx.exhausted_promotions.begin(), ctx.exhausted_promotions.end(), p.id) !=
      ctx.exhausted_promotions.end()) {
    return Refusal{rejection::usage_limit_reached, "This offer has been used as many times as it can be."};
  }
  // Dates stay out of the sentence: the widget shows the promotion's
  // instants in the shopper's own time zone and language.
  if (p.valid_from && ctx.now < *p.valid_from) {
    return Refusal{rejection::not_yet_valid, "This offer hasn't started yet.", {text_param("date", format_utc(*p.valid_from))}};
  }
  if (p.valid_until && ctx.now >= *p.valid_until) {
    return Refusal{rejection::expired, "This offer has ended.", {text_param("date", format_utc(*p.valid_until))}};
  }
  if (!p.channels.empty() && std::find(p.channels.begin(), p.channels.end(), ctx.channel) == p.channels.end()) {
    return Refusal{rejection::channel, "This code can't be used " + where_text(ctx.channel) + "."};
  }
  if (!p.customer_groups.empty() && std::find(p.customer_groups.begin(), p.customer_groups.end(),
                                              ctx.customer_group) == p.customer_groups.end()) {
    return Refusal{rejection::customer_group, "This offer isn't available on your account."};
  }
  if (const AppliedSummary* blocker = combination_blocker(p, env)) {
    return Refusal{rejection::cannot_combine, "This code can't be combined with " + blocker->name + ".",
                   {text_param("other", blocker->name)}};
  }
  return std::nullopt;
}

// Checks f-g: something is targeted, and the targeted lines reach the minimums.
std::optional<Refusal> cart_refusal(const Promotion& p, const CandidateEnv& env,
                                    const std::vector<int32_t>& targeted) {
  if (targeted.empty()) return Refusal{rejection::not_applicable, "No item in your cart qualifies for this code."};
  int64_t net = 0, units = 0;
  for (int32_t pos : targeted) {
    net = checked_add(net, env.q.lines[pos].net());
    units = checked_add(units, line_quantity(env.q.lines[pos]));
  }
  if (net < p.min_subtotal) {
    return minimum_refusal(p.min_subtotal - net, false, env.money);
  }
  if (units < p.min_quantity) {
    return minimum_refusal(p.min_quantity - units, true, env.money);
  }
  return std::nullopt;
}

// Check h, and tiered's own minimum: the effect must actually do something.
std::optional<Refusal> effect_refusal(const Promotion& p, const EffectOutcome& outcome, const MoneyText& money) {
  if (p.effect.type == EffectType::FreeShipping) return std::nullopt;
  if (p.effect.type == EffectType::Tiered && !outcome.tier && !p.effect.tiers.empty()) {
    const bool in_units = p.effect.tier_basis == TierBasis::Quantity;
    return minimum_refusal(outcome.tier_shortfall, in_units, money);
  }
  if (outcome.group_shortfall > 0) {  // still "not_applicable", but say what would make it apply
    const int64_t needed = static_cast<int64_t>(p.effect.buy) + p.effect.get;
    return Refusal{rejection::not_applicable, "This code needs " + std::to_string(needed) + " eligible items; add " +
                                         std::to_string(outcome.group_shortfall) + " more."};
  }
  if (outcome.total == 0) {
    return Refusal{rejection::not_applicable, "This code gives no further discount on the items in your cart."};
  }
  return std::nullopt;
}

// Whether an automatic promotion kept out by a combination rule would
// otherwise have taken something off the cart as it now stands.
bool would_apply(const Promotion& p, const CandidateEnv& env, const std::vector<int32_t>& canonical) {
  std::vector<int32_t> targeted;
  for (int32_t pos : canonical) {
    if (line_targeted(p.target, env.q.lines[pos])) targeted.push_back(pos);
  }
  if (cart_refusal(p, env, targeted)) return false;
  if (p.effect.type == EffectType::FreeShipping) return true;
  const EffectOutcome outcome = compute_effect(p.effect, env.q.lines, targeted, env.q.catalog->rounding);
  return !effect_refusal(p, outcome, env.money);
}

// Books the shares on the lines and returns the applied record.
AppliedPromotion book(QuoteState& q, const Promotion& p, const std::string& code, const EffectOutcome& outcome,
                      const MoneyText& money) {
  AppliedPromotion a;
  a.id = p.id;
  a.title = p.title;
  a.code = code;
  a.reason = reason_text(p, code, outcome, money);
  for (size_t pos = 0; pos < q.lines.size(); ++pos) {
    const int64_t share = outcome.shares[pos];
    if (share <= 0) continue;
    LineState& line = q.lines[pos];
    line.discounts.push_back(DiscountShare{p.id, share});
    line.discount_total = checked_add(line.discount_total, share);
    a.allocations.push_back(Allocation{line.index, share});
    a.amount = checked_add(a.amount, share);
  }
  std::stable_sort(a.allocations.begin(), a.allocations.end(),
                   [](const Allocation& x, const Allocation& y) { return x.line < y.line; });
  if (p.effect.type == EffectType::FreeShipping) {
    a.free_shipping = true;
    q.free_shipping.push_back(FreeShippingGrant{p.id, p.effect.shipping_methods, p.effect.shipping_countries});
  }
  return a;
}

}  // namespace

void apply_promotions(QuoteState& q) {
  const Catalog& catalog = *q.catalog;
  const std::vector<Promotion>& promotions = catalog.promotions;
  const std::vector<std::string>& entered = q.cart->coupons;
  const MoneyText money{catalog};

  // 1. Codes, in the order entered. The first promotion (by priority, id)
  // claims a code should two ever share one.
  std::vector<int32_t> order(promotions.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    const Promotion& x = promotions[a];
    const Promotion& y = promotions[b];
    if (x.priority != y.priority) return x.priority < y.priority;
    return x.id < y.id;
  });
  std::map<std::string, int32_t> promotion_by_code;
  for (int32_t i : order) {
    for (const std::string& code : promotions[i].codes) promotion_by_code.emplace(normalise_promotion_code(code), i);
  }

  std::vector<std::pair<size_t, RejectedCode>> rejections;  // (entry index, rejection)
  auto reject = [&](size_t entry, RejectionReason reason, std::string message, std::vector<MessageParam> params = {}) {
    rejections.emplace_back(entry, RejectedCode{entered[entry], reason, std::move(message), std::move(params)});
  };
  std::vector<int32_t> selecting_entry(promotions.size(), -1);
  std::set<std::string> seen_codes;
  for (size_t entry = 0; entry < entered.size(); ++entry) {
    const std::string& code = entered[entry];
    const std::string normalised = normalise_promotion_code(code);
    if (!seen_codes.insert(normalised).second) {
      reject(entry, rejection::duplicate, "You already entered this code.");
      continue;
    }
    const auto found = promotion_by_code.find(normalised);
    if (found == promotion_by_code.end()) {
      reject(entry, rejection::unknown, "We don't recognise this code. Check it for typos.");
      continue;
    }
    int32_t& selector = selecting_entry[found->second];
    if (selector >= 0) {
      reject(entry, rejection::duplicate, "This code is for the same offer as " + entered[selector] + ".");
      continue;
    }
    selector = static_cast<int32_t>(entry);
  }

  // 2. Candidates in (priority, id) order.
  const std::vector<int32_t> canonical = canonical_line_order(q.lines);
  std::vector<AppliedSummary> applied;
  std::optional<AppliedSummary> stopped_by;
  const CandidateEnv env{q, applied, stopped_by, money};
  std::vector<Message> set_aside;  // automatic offers a code kept out, said in words
  for (int32_t index : order) {
    const Promotion& p = promotions[index];
    const bool by_code = !p.codes.empty();
    if (by_code && selecting_entry[index] < 0) continue;
    const size_t entry = by_code ? static_cast<size_t>(selecting_entry[index]) : 0;
    const std::string name = by_code ? entered[entry] : (p.title.empty() ? p.id : p.title);

    std::optional<Refusal> refusal = eligibility_refusal(p, env);
    const AppliedSummary* blocker = refusal && std::string(refusal->reason) == rejection::cannot_combine.text() ? combination_blocker(p, env) : nullptr;
    std::vector<int32_t> targeted;  // canonical order, which fixes every tie in the effects
    if (!refusal) {
      for (int32_t pos : canonical) {
        if (line_targeted(p.target, q.lines[pos])) targeted.push_back(pos);
      }
      refusal = cart_refusal(p, env, targeted);
    }
    EffectOutcome outcome;
    if (!refusal) {
      outcome = compute_effect(p.effect, q.lines, targeted, catalog.rounding);
      refusal = effect_refusal(p, outcome, money);
    }
    if (refusal) {
      if (by_code) {
        reject(entry, std::move(refusal->reason), std::move(refusal->message), std::move(refusal->params));
      } else if (blocker != nullptr && blocker->by_code && would_apply(p, env, canonical)) {
        // Automatic offers that do not apply are not shown, except one the
        // shopper loses by entering a code: that is said, not done silently.
        set_aside.push_back(Message{msg::promotion_set_aside,
                                    "Code " + blocker->name + " can't be combined with other offers, so \"" + name +
                                        "\" doesn't apply.",
                                    -1, {}});
      }
      continue;
    }

    const std::string code = by_code ? normalise_promotion_code(entered[entry]) : std::string();
    q.applied.push_back(book(q, p, code, outcome, money));
    applied.push_back(AppliedSummary{p.exclusive, by_code ? code : name, by_code});
    if (p.stop_further) stopped_by = applied.back();
  }
  for (Message& m : set_aside) q.messages.push_back(std::move(m));

  // 4. Rejections in the order the codes were entered (each entry has at most one).
  std::stable_sort(rejections.begin(), rejections.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& r : rejections) q.rejected.push_back(std::move(r.second));
}

}  // namespace checkout
