// QuoteState -> the canonical quote JSON of docs/formats.md ("Quote"), with
// its fingerprint: sha256 of the canonical quote without the "fingerprint"
// field, so browser and server can compare quotes by one string.
#pragma once
#include <string>

#include "json_strict.h"
#include "pricing_state.h"

namespace checkout {

// The canonical quote text (sorted keys, no whitespace) with "fingerprint".
std::string write_quote(const QuoteState& q);

}  // namespace checkout
