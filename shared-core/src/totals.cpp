// compute_totals (pricing_state.h): the cart totals from the line, shipping
// and tax results of the earlier stages.
#include "error.h"
#include "money.h"
#include "pricing_state.h"

namespace checkout {

void compute_totals(QuoteState& q) {
  // Line sums cannot overflow (the engine bounds the cart subtotal); tax and
  // shipping on top of a near-maximal cart can, and that is the cart's fault.
  const std::string path = "/cart";
  Totals t;
  int64_t line_tax = 0;
  for (const LineState& line : q.lines) {
    t.subtotal = checked_add(t.subtotal, line.subtotal, path);
    t.discounts = checked_add(t.discounts, line.discount_total, path);
    line_tax = checked_add(line_tax, line.tax, path);
  }
  t.shipping = q.shipping.price;
  t.tax = checked_add(line_tax, q.shipping.tax, path);
  int64_t grand = checked_add(checked_sub(t.subtotal, t.discounts, path), t.shipping, path);
  // Tax-inclusive prices already contain the tax; exclusive ones add it on top.
  if (!q.catalog->prices_include_tax) grand = checked_add(grand, t.tax, path);
  // Discounts are capped at each line's subtotal upstream, so this cannot
  // happen; if it ever does, refuse to quote rather than hide it with a clamp.
  if (grand < 0) fail(err::invalid_value, "internal: negative total");
  t.grand_total = grand;
  q.totals = t;
}

}  // namespace checkout
