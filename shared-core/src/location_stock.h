// A location's stock levels, copy-on-write in runs (model.h's StockLevels).
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace checkout {

// One location's units on hand by SKU; a SKU not listed has 0. Immutable and
// shared: the levels are held in runs of about kRun SKUs (ascending, disjoint),
// each behind its own shared_ptr, and with() copies only the runs a change
// falls into. So a live update (Engine::with_stock_levels) copies a few dozen
// levels, not the location's thousands, and every engine shares the rest.
class LocationStock {
 public:
  using Levels = std::map<std::string, int64_t>;
  static constexpr size_t kRun = 64;

  LocationStock() = default;
  LocationStock(const Levels& levels) : LocationStock(Levels(levels)) {}
  // Moves the map's nodes into the runs: no SKU string is copied (a catalog
  // load builds every location this way).
  LocationStock(Levels&& levels) {
    while (!levels.empty()) {
      Levels run;
      for (size_t n = 0; n < kRun && !levels.empty(); ++n) run.insert(run.end(), levels.extract(levels.begin()));
      runs_.push_back(std::make_shared<const Levels>(std::move(run)));
    }
  }
  // So a literal such as {{"TEE", 5}} reads as this location's levels.
  LocationStock(std::initializer_list<Levels::value_type> levels) : LocationStock(Levels(levels)) {}

  int64_t on_hand(const std::string& sku) const {
    if (runs_.empty()) return 0;
    const Levels& run = *runs_[run_index(sku)];
    const auto it = run.find(sku);
    return it == run.end() ? 0 : it->second;
  }

  // This location with `changes` set (a SKU not listed yet is added to the
  // run its name sorts into; runs are not re-split, as live updates change
  // listed SKUs). Runs no change falls into are shared with this one.
  LocationStock with(const Levels& changes) const {
    LocationStock out = *this;
    if (changes.empty()) return out;
    if (out.runs_.empty()) return LocationStock(changes);
    size_t index = out.run_index(changes.begin()->first);
    Levels run = *out.runs_[index];
    for (const auto& [sku, units] : changes) {  // ascending, so run indices only grow
      const size_t next = out.run_index(sku);
      if (next != index) {
        out.runs_[index] = std::make_shared<const Levels>(std::move(run));
        index = next;
        run = *out.runs_[index];
      }
      run[sku] = units;
    }
    out.runs_[index] = std::make_shared<const Levels>(std::move(run));
    return out;
  }

  // Every listed (sku, units), SKUs ascending.
  template <class Visit>
  void for_each(Visit visit) const {
    for (const auto& run : runs_) {
      for (const auto& [sku, units] : *run) visit(sku, units);
    }
  }

  // How many runs of storage the two share (for tests of the copy-on-write).
  size_t runs_shared_with(const LocationStock& other) const {
    size_t shared = 0;
    for (const auto& run : runs_) {
      for (const auto& theirs : other.runs_) shared += run == theirs ? 1 : 0;
    }
    return shared;
  }
  size_t runs() const { return runs_.size(); }

 private:
  // The last run whose first SKU is <= sku (the first run when none is).
  size_t run_index(const std::string& sku) const {
    size_t lo = 0, hi = runs_.size();  // first run whose first SKU is > sku, in [lo, hi]
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (sku < runs_[mid]->begin()->first) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo == 0 ? 0 : lo - 1;
  }

  std::vector<std::shared_ptr<const Levels>> runs_;  // each non-empty
};

}  // namespace checkout
