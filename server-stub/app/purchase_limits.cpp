#include "purchase_limits.h"

#include <map>

namespace server {
namespace {

constexpr const char* kCustomer = "customer:";
constexpr const char* kClient = "client:";

}  // namespace

std::vector<PurchaseCap> purchase_caps(const LiveCatalog& catalog,
                                       const std::vector<checkout::QuoteView::Line>& quote_lines,
                                       const std::string& email_key,
                                       const std::string& client_address, int64_t now) {
  std::map<std::string, int64_t> units;  // ordered: the caps come out in SKU order
  for (const checkout::QuoteView::Line& line : quote_lines) units[line.sku] += line.quantity;
  std::vector<PurchaseCap> caps;
  for (const auto& [sku, quantity] : units) {
    const std::optional<checkout::VariantFacts> v = catalog.view().variant(sku);
    if (!v || !v->purchase_limit) continue;
    const checkout::PurchaseLimitFacts& limit = *v->purchase_limit;
    const int64_t window_start = now - now % limit.window_seconds;
    if (limit.per_customer && !email_key.empty()) {
      caps.push_back(PurchaseCap{sku, kCustomer + email_key, window_start, *limit.per_customer, quantity});
    }
    if (limit.per_client && !client_address.empty()) {
      caps.push_back(PurchaseCap{sku, kClient + client_address, window_start, *limit.per_client, quantity});
    }
  }
  return caps;
}

http::Response purchase_limit_refusal(const PurchaseRefusal& refusal,
                                      const std::vector<checkout::QuoteView::Line>& quote_lines) {
  const PurchaseCap& cap = refusal.cap;
  std::string path = "/cart/lines";
  for (const checkout::QuoteView::Line& line : quote_lines) {
    if (line.sku == cap.sku) {
      path += "/" + std::to_string(line.index) + "/quantity";
      break;
    }
  }
  const bool per_customer = cap.subject.rfind(kCustomer, 0) == 0;
  const std::string who = per_customer ? "customer" : "client";
  Json limit{{"sku", cap.sku}, {"per", who}, {"units", cap.limit}, {"remaining", refusal.remaining}, {"requested", cap.units}};
  Json body = error_body("purchase_limit_reached",
                         "At most " + std::to_string(cap.limit) + " of \"" + cap.sku + "\" per " + who +
                             " in this sale period; " + std::to_string(refusal.remaining) + " more can be bought now.",
                         path, limit);
  body["limit"] = std::move(limit);
  return json_response(409, body);
}

}  // namespace server
