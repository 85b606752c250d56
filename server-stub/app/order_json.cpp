#include "order_json.h"

#include "checkout/civil_time.h"

namespace server {

Json order_summary(const OrderRecord& o) {
  const Json quote = Json::parse(o.quote_json, nullptr, false);
  Json lines = Json::array();
  for (const OrderLineRecord& l : o.lines) {
    Json line{{"line", l.line}, {"sku", l.sku}, {"quantity", l.quantity}};
    line["fulfilment"] = l.kind == LocationKind::Store ? Json{{"type", "pickup"}, {"store", l.location}}
                                                       : Json{{"type", "ship"}, {"warehouse", l.location}};
    // The stored quote: binding.lines[i] and details.lines[i] are cart line i.
    const Json bound = quote.is_object() ? quote.value("/binding/lines"_json_pointer, Json::array()) : Json::array();
    const Json described = quote.is_object() ? quote.value("/details/lines"_json_pointer, Json::array()) : Json::array();
    if (l.line >= 0 && static_cast<size_t>(l.line) < bound.size() && static_cast<size_t>(l.line) < described.size()) {
      const Json& b = bound.at(static_cast<size_t>(l.line));
      const Json& d = described.at(static_cast<size_t>(l.line));
      line["title"] = d.value("title", "");
      if (d.contains("variant_title")) line["variant_title"] = d.at("variant_title");
      line["total"] = b.value("total", int64_t{0});
    }
    lines.push_back(std::move(line));
  }
  Json customer{{"name", o.customer.name}, {"email", o.customer.email}};
  if (!o.customer.phone.empty()) customer["phone"] = o.customer.phone;
  Json history = Json::array();
  for (const StatusChange& h : o.history) {
    history.push_back(Json{{"status", order_status_name(h.status)}, {"at", checkout::format_utc(h.at)}});
  }
  Json out{{"order_id", o.public_id},
           {"status", order_status_name(o.status)},
           {"channel", o.channel},
           {"customer", std::move(customer)},
           {"lines", std::move(lines)},
           {"grand_total", o.grand_total},
           {"currency", o.currency},
           {"created_at", checkout::format_utc(o.created_at)},
           {"updated_at", checkout::format_utc(o.updated_at)},
           {"history", std::move(history)}};
  if (!o.pickup_store.empty()) {
    out["pickup_store"] = o.pickup_store;
    // When the store promised it would be ready, as quoted at order time.
    if (quote.is_object()) {
      for (const Json& s : quote.value("/details/pickup/stores"_json_pointer, Json::array())) {
        if (s.value("store", "") == o.pickup_store && s.contains("ready_at")) out["ready_at"] = s.at("ready_at");
      }
    }
  }
  if (!o.shipping_address_json.empty()) {
    out["shipping_address"] = Json::parse(o.shipping_address_json, nullptr, false);
  }
  return out;
}

std::string order_document(const OrderRecord& order) {
  return with_raw_members(order_summary(order), {{"quote", &order.quote_json}});
}

}  // namespace server
