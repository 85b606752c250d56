// The pricing stages over a loaded cart and context, stopping before the
// quote writer (engine.cpp). Engine::price writes what this returns; a
// Session (session.cpp) keeps it to read its compact view and writes the
// quote only when asked. The state points into all four arguments.
#pragma once
#include "model.h"
#include "pricing_state.h"

namespace checkout {

// `distances`: a session's cache of store distances (pricing_state.h), or
// none; the result is the same either way.
QuoteState run_pricing(const Catalog& catalog, const StockLevels& stock, const Cart& cart, const Context& context,
                       StoreDistances* distances = nullptr);

}  // namespace checkout
