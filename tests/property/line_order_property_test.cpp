// Property 4: the quote does not depend on the order of the cart lines.
// The permuted cart's quote is mapped back to the original line indexes and
// must then be the same quote; lines identical in sku, fulfilment (with
// store) and quantity are interchangeable (line_order_compare.h).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "line_order_compare.h"
#include "quote_access.h"
#include "request_generators.h"

namespace property {
namespace {

// Quotes the scenario's cart and a random permutation of it; returns the
// difference line_order_difference() finds.
std::string difference_after_permuting(const Scenario& s, LineOrderComparison what) {
  const size_t n = s.cart.at("lines").size();
  // Fisher-Yates with RapidCheck picks, so the permutation shrinks too.
  std::vector<size_t> order(n);  // order[k] = original line now at position k
  for (size_t k = 0; k < n; ++k) order[k] = k;
  for (size_t k = n; k > 1; --k) std::swap(order[k - 1], order[static_cast<size_t>(pick(0, static_cast<int64_t>(k) - 1))]);
  bool moved = false;
  for (size_t k = 0; k < n; ++k) moved = moved || order[k] != k;
  RC_CLASSIFY(moved, "lines moved");

  Scenario permuted = s;
  for (size_t k = 0; k < n; ++k) permuted.cart["lines"][k] = s.cart["lines"][order[k]];
  const checkout::Engine engine = load_engine(s);
  return line_order_difference(quote_with(engine, s.cart_and_context()).json,
                               quote_with(engine, permuted.cart_and_context()).json, order, what);
}

// Everything: lines, discount shares, totals, tax lines, shipping, pickup stores
// and messages, with each store's units compared per SKU in total.
RC_GTEST_PROP(LineOrder, PermutingLinesGivesTheSameQuote, ()) {
  const Scenario s = *scenarios();
  const std::string difference = difference_after_permuting(s, LineOrderComparison{false});
  if (!difference.empty()) RC_FAIL(difference);
}

// Also which line gets a store's units and the shortfall message. Fails
// today: see regressions/README.md (pickup draws follow cart order).
RC_GTEST_PROP(LineOrder, PickupUnitsPerLineDoNotDependOnLineOrder, ()) {
  const Scenario s = *scenarios();
  const std::string difference = difference_after_permuting(s, LineOrderComparison{true});
  if (!difference.empty()) RC_FAIL(difference);
}

}  // namespace
}  // namespace property
