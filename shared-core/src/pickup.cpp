// Pickup stage: for the nearest stores (and every store a pickup line names),
// how much of the cart each can hand over and when it will be ready.
// Rules and worked examples: docs/pricing/shipping-and-pickup.md.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "checkout/codes.h"
#include "civil_time.h"
#include "geo.h"
#include "money.h"
#include "pricing_state.h"
#include "stock_rules.h"

namespace checkout {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;
// A store that cannot finish preparing within today and the next 14 local
// days gets no ready time rather than an ever longer search.
constexpr int32_t kReadyLookaheadDays = 14;  // within civil_time.h's kLatestQuoteInstant margin

struct Candidate {
  int32_t store_index = 0;
  std::optional<int64_t> distance_m;
};

const auto nearer = [](const Candidate& a, const Candidate& b) {
  const int64_t da = a.distance_m.value_or(0), db = b.distance_m.value_or(0);
  if (da != db) return da < db;
  return a.store_index < b.store_index;
};

// The `limit` stores nearest to `here`, in display order. Stores are sorted
// by id, so index order is id order: (distance, index) is a total order, and
// ordering only the nearest `limit` gives the same ranks as a full sort.
// Exact distances only where they can matter: stores leave a min-heap in
// order of a lower bound of their distance (geo.h), and the search stops
// when the next bound is beyond the limit-th nearest found so far (a bound
// equal to it could still tie and win on id).
std::vector<Candidate> nearest_stores(const Catalog& catalog, GeoPoint here, size_t limit) {
  struct Bound {
    int64_t metres;
    int32_t store_index;
  };
  const auto further = [](const Bound& a, const Bound& b) {
    return a.metres != b.metres ? a.metres > b.metres : a.store_index > b.store_index;
  };
  std::vector<Bound> bounds;
  bounds.reserve(catalog.stores.size());
  for (size_t i = 0; i < catalog.stores.size(); ++i) {
    bounds.push_back(Bound{distance_lower_bound_m(here, catalog.stores[i].location), static_cast<int32_t>(i)});
  }
  std::make_heap(bounds.begin(), bounds.end(), further);
  std::vector<Candidate> nearest;  // a max-heap under `nearer` of at most `limit` candidates
  while (limit > 0 && !bounds.empty()) {
    const Bound next = bounds.front();
    if (nearest.size() == limit && next.metres > nearest.front().distance_m.value_or(0)) break;
    std::pop_heap(bounds.begin(), bounds.end(), further);
    bounds.pop_back();
    const Candidate c{next.store_index, distance_m(here, catalog.stores[static_cast<size_t>(next.store_index)].location)};
    if (nearest.size() < limit) {
      nearest.push_back(c);
      std::push_heap(nearest.begin(), nearest.end(), nearer);
    } else if (nearer(c, nearest.front())) {
      std::pop_heap(nearest.begin(), nearest.end(), nearer);
      nearest.back() = c;
      std::push_heap(nearest.begin(), nearest.end(), nearer);
    }
  }
  std::sort_heap(nearest.begin(), nearest.end(), nearer);
  return nearest;
}

// What a session keeps for its location (StoreDistances): the nearest stores
// worked out on the first quote there, and each other store's distance once
// a line names it. Without a session every quote works them out again.
class Distances {
 public:
  Distances(const Catalog& catalog, GeoPoint here, size_t limit, StoreDistances* kept)
      : catalog_(catalog), here_(here), kept_(kept) {
    if (kept_ == nullptr) {
      nearest_ = nearest_stores(catalog, here, limit);
      return;
    }
    const bool same = kept_->limit == static_cast<int32_t>(limit) && kept_->catalog == &catalog &&
                      kept_->location.lat_e6 == here.lat_e6 && kept_->location.lon_e6 == here.lon_e6;
    if (!same) {
      *kept_ = StoreDistances{&catalog, here, static_cast<int32_t>(limit), {}, {}, {}};
      kept_->metres.assign(catalog.stores.size(), -1);
      for (const Candidate& c : nearest_stores(catalog, here, limit)) {
        kept_->nearest.push_back(c.store_index);
        kept_->nearest_metres.push_back(*c.distance_m);
        kept_->metres[static_cast<size_t>(c.store_index)] = *c.distance_m;
      }
    }
    nearest_.reserve(kept_->nearest.size());
    for (size_t i = 0; i < kept_->nearest.size(); ++i) nearest_.push_back(Candidate{kept_->nearest[i], kept_->nearest_metres[i]});
  }

  std::vector<Candidate>& nearest() { return nearest_; }

  int64_t to(size_t store_index) {
    if (kept_ == nullptr) return distance_m(here_, catalog_.stores[store_index].location);
    int64_t& m = kept_->metres[store_index];
    if (m < 0) m = distance_m(here_, catalog_.stores[store_index].location);
    return m;
  }

 private:
  const Catalog& catalog_;
  GeoPoint here_;
  StoreDistances* kept_;
  std::vector<Candidate> nearest_;
};

// Nearest max_pickup_stores stores (by id without a location), plus every
// store a pickup line names, in display order.
std::vector<Candidate> candidate_stores(const QuoteState& q) {
  const Catalog& catalog = *q.catalog;
  const Context& context = *q.context;
  const size_t limit =
      std::min(static_cast<size_t>(std::max<int32_t>(0, context.max_pickup_stores)), catalog.stores.size());
  std::vector<bool> named(catalog.stores.size(), false);
  for (const LineState& line : q.lines) {
    const int32_t s = line.cart->store_index;
    if (line.cart->fulfilment == Fulfilment::Pickup && s >= 0 && static_cast<size_t>(s) < named.size()) {
      named[static_cast<size_t>(s)] = true;
    }
  }

  std::vector<Candidate> chosen;
  if (!context.location) {
    for (size_t i = 0; i < catalog.stores.size(); ++i) {
      if (i < limit || named[i]) chosen.push_back(Candidate{static_cast<int32_t>(i), std::nullopt});
    }
    return chosen;
  }
  Distances distances(catalog, *context.location, limit, q.distances);
  // The nearest, then every named store beyond them, in the same order.
  chosen = std::move(distances.nearest());
  std::vector<bool> shown(catalog.stores.size(), false);
  for (const Candidate& c : chosen) shown[static_cast<size_t>(c.store_index)] = true;
  const size_t first_named = chosen.size();
  for (size_t i = 0; i < catalog.stores.size(); ++i) {
    if (named[i] && !shown[i]) chosen.push_back(Candidate{static_cast<int32_t>(i), distances.to(i)});
  }
  std::sort(chosen.begin() + static_cast<std::ptrdiff_t>(first_named), chosen.end(), nearer);
  return chosen;
}

int64_t store_units(const QuoteState& q, int32_t store_index, const std::string& sku) {
  if (q.stock == nullptr || static_cast<size_t>(store_index) >= q.stock->stores.size()) return 0;
  return q.stock->stores[static_cast<size_t>(store_index)].on_hand(sku);
}

// The cart's pickup-eligible lines in canonical order, and for each the slot
// of its SKU among the cart's distinct SKUs (canonical order sorts by SKU, so
// lines of one SKU are adjacent). Worked out once per quote, for every store.
struct EligibleLines {
  std::vector<const LineState*> lines;
  std::vector<int32_t> sku_slot;  // parallel to lines
  int32_t skus = 0;
};

EligibleLines eligible_lines(const QuoteState& q, const std::vector<int32_t>& canonical) {
  EligibleLines out;
  out.lines.reserve(canonical.size());
  out.sku_slot.reserve(canonical.size());
  const std::string* previous = nullptr;
  for (const int32_t index : canonical) {
    const LineState& line = q.lines[static_cast<size_t>(index)];
    if (!line.variant->pickup_eligible) continue;
    if (previous == nullptr || *previous != line.cart->sku) ++out.skus;
    previous = &line.cart->sku;
    out.lines.push_back(&line);
    out.sku_slot.push_back(out.skus - 1);
  }
  return out;
}

// Lines of one SKU share the store's sellable units. The lines already to be
// picked up at this store claim first, the rest of the cart (shown to answer
// "could everything come from here?") takes what is left. Otherwise an earlier
// shipped line would make a pickup line look short of stock the store really
// has for it. Within each group lines draw in canonical order, so which line
// is flagged short does not depend on the order the lines were added.
void fill_availability(const QuoteState& q, const EligibleLines& eligible, const Store& store, int32_t store_index,
                       std::vector<int64_t>& remaining, PickupStoreOption& option) {
  remaining.assign(static_cast<size_t>(eligible.skus), -1);  // -1: not looked up yet
  int64_t units_available = 0;
  bool every_line_full = true;
  option.lines.reserve(eligible.lines.size());
  for (const bool claims : {true, false}) {
    for (size_t i = 0; i < eligible.lines.size(); ++i) {
      const LineState& line = *eligible.lines[i];
      const bool here = line.cart->fulfilment == Fulfilment::Pickup && line.cart->store_index == store_index;
      if (here != claims) continue;
      int64_t& left = remaining[static_cast<size_t>(eligible.sku_slot[i])];
      if (left < 0) left = pickup_units(store, store_units(q, store_index, line.cart->sku));
      PickupLineAvailability availability;
      availability.line = line.index;
      availability.requested = line.cart->quantity;
      availability.available = std::min(availability.requested, left);
      left -= availability.available;
      units_available = checked_add(units_available, availability.available);
      if (availability.available < availability.requested) every_line_full = false;
      option.lines.push_back(availability);
    }
  }
  // Shown by line index (line indices are unique: a total order).
  std::sort(option.lines.begin(), option.lines.end(),
            [](const PickupLineAvailability& a, const PickupLineAvailability& b) { return a.line < b.line; });
  if (units_available == 0) {
    option.availability = "none";  // also when no line is pickup-eligible
  } else {
    option.availability = every_line_full ? "all" : "partial";
  }
}

// The store's zone with the DST changes memoised for every instant
// ready_time and the ready offset look at: local days from the day before
// now to the end of the lookahead.
TimeZone::Years zone_years(const Store& store, int64_t now) {
  return TimeZone::Years(store.tz, now - 2 * kSecondsPerDay, now + (kReadyLookaheadDays + 2) * kSecondsPerDay);
}

// Preparation runs only while the store is open. Each opening interval is
// converted from local wall time to UTC on its own day, so an interval on a
// DST change day has its true length.
std::optional<int64_t> ready_time(const Store& store, const TimeZone::Years& zone, int64_t now) {
  int64_t seconds_needed = int64_t{store.preparation_minutes} * 60;
  const int64_t today = floor_div(now + zone.offset_at(now), kSecondsPerDay);
  for (int64_t day = today; day <= today + kReadyLookaheadDays; ++day) {
    const int32_t weekday = weekday_from_days(static_cast<int32_t>(day));
    const int64_t midnight_local = day * kSecondsPerDay;
    for (const auto& [open, close] : store.hours[static_cast<size_t>(weekday)]) {
      const int64_t start = zone.local_to_utc(midnight_local + int64_t{open} * 60);
      const int64_t end = zone.local_to_utc(midnight_local + int64_t{close} * 60);
      const int64_t from = std::max(now, start);
      if (end <= from) continue;
      if (seconds_needed <= end - from) return from + seconds_needed;
      seconds_needed -= end - from;
    }
  }
  return std::nullopt;
}

}  // namespace

void quote_pickup(QuoteState& q) {
  const Catalog& catalog = *q.catalog;
  q.pickup = PickupState{};
  const EligibleLines eligible = eligible_lines(q, canonical_line_order(q.lines));
  std::vector<int64_t> remaining;
  for (const Candidate& candidate : candidate_stores(q)) {
    const Store& store = catalog.stores[static_cast<size_t>(candidate.store_index)];
    PickupStoreOption option;
    option.store_id = store.id;
    option.name = store.name;
    option.distance_m = candidate.distance_m;
    option.curbside = store.curbside;
    option.phone = store.phone;
    fill_availability(q, eligible, store, candidate.store_index, remaining, option);
    const TimeZone::Years zone = zone_years(store, q.context->now);
    option.ready_at = ready_time(store, zone, q.context->now);
    if (option.ready_at) option.ready_utc_offset_s = zone.offset_at(*option.ready_at);
    q.pickup.stores.push_back(std::move(option));
  }

  for (const LineState& line : q.lines) {
    if (line.cart->fulfilment != Fulfilment::Pickup) continue;
    const auto option = std::find_if(q.pickup.stores.begin(), q.pickup.stores.end(),
                                     [&](const PickupStoreOption& o) { return o.store_id == line.cart->store_id; });
    int64_t available = 0;
    std::string store_name = line.cart->store_id;
    if (option != q.pickup.stores.end()) {
      store_name = option->name;
      for (const PickupLineAvailability& a : option->lines) {
        if (a.line == line.index) available = a.available;
      }
    }
    if (available < line.cart->quantity) {
      q.messages.push_back(Message{msg::pickup_insufficient_stock,
                                   "Only " + std::to_string(available) + " of " + std::to_string(line.cart->quantity) +
                                       " available at " + store_name + ".",
                                   line.index,
                                   {number_param("available", available), number_param("requested", line.cart->quantity),
                                    text_param("store", store_name)}});
    }
  }
}

}  // namespace checkout
