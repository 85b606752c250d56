// Cart and context JSON (docs/formats.md "cart", "context") -> validated Cart
// and Context, resolved against a loaded catalog. Errors carry the JSON
// Pointer of the offending value, prefixed by `path` (e.g. "/cart").
#pragma once
#include <string>

#include "json_strict.h"
#include "model.h"

namespace checkout {

Cart load_cart(const Json& cart_json, const Catalog& catalog, const std::string& path);
Context load_context(const Json& context_json, const Catalog& catalog, const std::string& path);

}  // namespace checkout
