#include "stock_refusal.h"

namespace server {

Json stock_shortage_body(const std::string& message, const std::vector<Shortage>& shortages) {
  Json lines = Json::array();
  for (const Shortage& s : shortages) {
    lines.push_back(Json{{"line", s.line},
                         {"sku", s.sku},
                         {"location", s.location},
                         {"location_kind", location_kind_name(s.kind)},
                         {"requested", s.requested},
                         {"available", s.available}});
  }
  Json params = Json::object();
  if (!shortages.empty()) {
    const Shortage& first = shortages.front();
    params = Json{{"sku", first.sku}, {"requested", first.requested}, {"available", first.available},
                  {"short_lines", shortages.size()}};
    if (first.kind == LocationKind::Store) params["store"] = first.location;
  }
  Json body = error_body("insufficient_stock", message, "/cart/lines", params);
  body["lines"] = std::move(lines);
  return body;
}

}  // namespace server
