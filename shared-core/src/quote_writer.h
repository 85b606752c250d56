// QuoteState -> the canonical quote JSON of docs/formats.md ("Quote"):
// {"binding", "catalog_version", "details"}, with its typed view; the
// fingerprint (SHA-256 of the binding text) is added by PricedQuote on demand.
#pragma once
#include "checkout/quote_view.h"
#include "pricing_state.h"

namespace checkout {

PricedQuote write_quote(const QuoteState& q);

}  // namespace checkout
