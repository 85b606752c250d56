// Compares the quotes of one cart in two line orders, after mapping the
// second quote's line indexes back to the first's. Shared by the line-order
// properties and the replay of saved regressions.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace property {

using Json = nlohmann::json;

// What to compare. Pickup stock is drawn line by line, so which of several
// lines of one SKU gets the units (and the shortfall message) is compared
// only when `per_line_pickup` is set; otherwise each store's units are
// compared per SKU in total, which no order can change.
struct LineOrderComparison {
  bool per_line_pickup = true;
};

// `order[k]` is the original line now at position k of the permuted cart.
// Returns "" when the quotes agree, else which part differs and how.
std::string line_order_difference(const Json& original_quote, const Json& permuted_quote,
                                  const std::vector<size_t>& order, LineOrderComparison what);

// The permutation that turns `original_lines` into `permuted_lines` (cart
// lines, matched by content; equal lines in their order). Empty if the two
// carts do not hold the same lines.
std::vector<size_t> permutation_between(const Json& original_lines, const Json& permuted_lines);

}  // namespace property
