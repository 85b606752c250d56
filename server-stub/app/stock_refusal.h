// The 409 insufficient_stock answer of an order or a store sale: the error
// (its params name the first short line, so a client can say it in one
// sentence) and every short line with what it could still get.
#pragma once
#include <string>
#include <vector>

#include "api_support.h"
#include "storage/storage.h"

namespace server {

// {"error": {..., "params": {sku, requested, available, store?}}, "lines": [...]}
Json stock_shortage_body(const std::string& message, const std::vector<Shortage>& shortages);

}  // namespace server
