// Tax on one amount at the catalog's rounding, exclusive or inclusive: the
// one place both the tax stage (tax.cpp) and refunds (refund.cpp) compute it.
#pragma once
#include <cstdint>

#include "money.h"

namespace checkout {

class TaxCalculator {
 public:
  TaxCalculator(bool inclusive, RoundingMode mode) : inclusive_(inclusive), mode_(mode) {}

  // Tax on (exclusive) or contained in (inclusive) one amount.
  int64_t on(int64_t amount, Rate rate) const {
    return inclusive_ ? included_tax(amount, rate, mode_) : apply_rate(amount, rate, mode_);
  }

  // Each unit is taxed on its own; the cents a discount could not split
  // evenly go one each to the first net % qty units.
  int64_t per_unit(int64_t amount, int64_t quantity, Rate rate) const {
    if (quantity <= 1) return on(amount, rate);
    const int64_t base = amount / quantity;
    const int64_t larger_units = amount % quantity;
    return checked_add(checked_mul(quantity - larger_units, on(base, rate)),
                       checked_mul(larger_units, on(base + 1, rate)));
  }

 private:
  bool inclusive_;
  RoundingMode mode_;
};

}  // namespace checkout
