// Flash-sale caps: which purchase-limit counters an order or sale adds to,
// and the refusal when one is full. The counting itself is the storage's,
// in the transaction that moves the stock (Storage::place_order, record_sale).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "api_support.h"
#include "checkout/quote_view.h"
#include "http_server.h"
#include "live_catalog.h"
#include "storage.h"

namespace server {

// One cap per capped SKU of the quote's lines (their quantities summed) and
// subject: the customer's email key (skipped when "") and the client address
// (skipped when ""), in the fixed window containing `now` (windows start at
// multiples of the window length since the Unix epoch).
std::vector<PurchaseCap> purchase_caps(const LiveCatalog& catalog, const std::vector<checkout::QuoteView::Line>& quote_lines,
                                       const std::string& email_key,
                                       const std::string& client_address, int64_t now);

// 409 purchase_limit_reached at the first line of the SKU, with the limit.
http::Response purchase_limit_refusal(const PurchaseRefusal& refusal,
                                      const std::vector<checkout::QuoteView::Line>& quote_lines);

}  // namespace server
