// What one promotion's effect takes off each cart line, worked out on the
// lines' current net amounts (so it sees earlier promotions). Pure: it records
// nothing; promotions.cpp decides whether the promotion applies and books it.
#pragma once
#include <cstdint>
#include <vector>

#include "model.h"
#include "pricing_state.h"

namespace checkout {

struct EffectOutcome {
  std::vector<int64_t> shares;  // by position in `lines`; 0 where untouched; each <= that line's net
  int64_t total = 0;            // sum of shares
  const Tier* tier = nullptr;   // Tiered: the tier that applied
  int64_t tier_shortfall = 0;   // Tiered, no tier reached: what is missing to the first one
                                // (minor units or units, by the tier basis)
  int64_t group_shortfall = 0;  // BuyXGetY with no complete buy+get group: units missing for one
};

// `targeted` lists positions in `lines`, already in canonical line order: that
// order breaks every tie (leftover cents, equally cheap units). FreeShipping
// gives no shares.
EffectOutcome compute_effect(const Effect& effect, const std::vector<LineState>& lines,
                             const std::vector<int32_t>& targeted, RoundingMode mode);

// Units on the line (from its cart line).
int64_t line_quantity(const LineState& line);

}  // namespace checkout
