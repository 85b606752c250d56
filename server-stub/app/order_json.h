// Orders as the API shows them (GET /api/orders/{id}, store queues, events).
#pragma once
#include <string>

#include "api_support.h"
#include "storage.h"

namespace server {

// Everything but the quote: id, status, store, customer, lines (with titles
// from the quote), totals, timestamps, history.
Json order_summary(const OrderRecord& order);
// The summary plus the stored quote, unchanged.
std::string order_document(const OrderRecord& order);

}  // namespace server
