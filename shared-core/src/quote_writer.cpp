#include "quote_writer.h"

#include "civil_time.h"
#include "money.h"
#include "checkout/sha256.h"

namespace checkout {
namespace {

const char* tax_calculation_name(TaxCalculation t) {
  switch (t) {
    case TaxCalculation::PerUnit: return "per_unit";
    case TaxCalculation::PerOrder: return "per_order";
    case TaxCalculation::PerLine: break;
  }
  return "per_line";
}

Json line_json(const LineState& line, bool prices_include_tax) {
  Json j = Json::object();
  j["index"] = line.index;
  j["sku"] = line.variant->sku;
  j["title"] = line.product->title;
  if (!line.variant->title.empty()) j["variant_title"] = line.variant->title;
  j["unit_price"] = line.unit_price;
  if (line.variant->compare_at_price) j["compare_at_price"] = *line.variant->compare_at_price;
  j["quantity"] = line.cart->quantity;
  j["subtotal"] = line.subtotal;
  Json discounts = Json::array();
  for (const DiscountShare& d : line.discounts) discounts.push_back(Json{{"promotion", d.promotion_id}, {"amount", d.amount}});
  j["discounts"] = std::move(discounts);
  j["discount_total"] = line.discount_total;
  j["net"] = line.net();
  j["tax"] = line.tax;
  // An untaxed (exempt) line has no rate at all, which is not the same as 0 %.
  if (!line.tax_rule_id.empty()) j["tax_rate"] = format_percent(line.tax_rate);
  j["total"] = line.total(prices_include_tax);
  if (line.cart->fulfilment == Fulfilment::Pickup) {
    j["fulfilment"] = Json{{"type", "pickup"}, {"store", line.cart->store_id}};
  } else {
    j["fulfilment"] = Json{{"type", "ship"}};
  }
  return j;
}

Json promotions_json(const QuoteState& q) {
  Json applied = Json::array();
  for (const AppliedPromotion& p : q.applied) {
    Json a = Json::object();
    a["id"] = p.id;
    a["title"] = p.title;
    if (!p.code.empty()) a["code"] = p.code;  // automatic promotions have none
    a["reason"] = p.reason;
    a["amount"] = p.amount;
    Json allocations = Json::array();
    for (const Allocation& al : p.allocations) allocations.push_back(Json{{"line", al.line}, {"amount", al.amount}});
    a["allocations"] = std::move(allocations);
    a["free_shipping"] = p.free_shipping;
    a["shipping_discount"] = p.shipping_discount;
    applied.push_back(std::move(a));
  }
  Json rejected = Json::array();
  for (const RejectedCode& r : q.rejected) {
    rejected.push_back(Json{{"code", r.code}, {"reason", r.reason}, {"message", r.message}});
  }
  return Json{{"applied", std::move(applied)}, {"rejected", std::move(rejected)}};
}

Json shipping_json(const ShippingState& s) {
  Json j = Json::object();
  j["needed"] = s.needed;
  if (s.selected) j["selected"] = *s.selected;
  j["price"] = s.price;
  j["tax"] = s.tax;
  j["subtotal"] = s.shipped_subtotal;
  j["weight_g"] = s.shipped_weight_g;
  Json options = Json::array();
  for (const ShippingOption& o : s.options) {
    Json oj = Json::object();
    oj["method"] = o.method_id;
    oj["name"] = o.name;
    oj["base_price"] = o.base_price;
    oj["price"] = o.price;
    oj["free"] = o.free;
    oj["free_reason"] = o.free_reason;
    if (o.free_over) oj["free_over"] = *o.free_over;
    if (o.remaining_for_free) oj["remaining_for_free"] = *o.remaining_for_free;
    oj["ships_on"] = format_date(o.delivery.ships_day);
    oj["delivery"] = Json{{"earliest", format_date(o.delivery.earliest_day)},
                          {"latest", format_date(o.delivery.latest_day)}};
    options.push_back(std::move(oj));
  }
  j["options"] = std::move(options);
  return j;
}

Json pickup_json(const PickupState& p) {
  Json stores = Json::array();
  for (const PickupStoreOption& s : p.stores) {
    Json sj = Json::object();
    sj["store"] = s.store_id;
    sj["name"] = s.name;
    if (s.distance_m) sj["distance_m"] = *s.distance_m;
    sj["availability"] = s.availability;
    sj["curbside"] = s.curbside;
    if (s.ready_at) {
      sj["ready_at"] = format_utc(*s.ready_at);
      sj["ready_local"] = format_local(*s.ready_at, s.ready_utc_offset_s);
    }
    Json lines = Json::array();
    for (const PickupLineAvailability& l : s.lines) {
      lines.push_back(Json{{"line", l.line}, {"requested", l.requested}, {"available", l.available}});
    }
    sj["lines"] = std::move(lines);
    stores.push_back(std::move(sj));
  }
  return Json{{"stores", std::move(stores)}};
}

Json tax_lines_json(const std::vector<TaxLine>& tax_lines) {
  Json out = Json::array();
  for (const TaxLine& t : tax_lines) {
    out.push_back(Json{{"rule", t.rule_id},
                       {"name", t.name},
                       {"rate", format_percent(t.rate)},
                       {"taxable", t.taxable},
                       {"amount", t.amount}});
  }
  return out;
}

Json messages_json(const std::vector<Message>& messages) {
  Json out = Json::array();
  for (const Message& m : messages) {
    Json mj{{"code", m.code}, {"message", m.message}};
    if (m.line >= 0) mj["line"] = m.line;
    out.push_back(std::move(mj));
  }
  return out;
}

}  // namespace

Json quote_to_json(const QuoteState& q) {
  const Catalog& c = *q.catalog;
  Json j = Json::object();
  if (!c.version.empty()) j["catalog_version"] = c.version;
  j["currency"] = c.currency;
  j["exponent"] = c.exponent;
  j["rounding"] = Json{{"mode", rounding_mode_name(c.rounding)},
                       {"tax_calculation", tax_calculation_name(c.tax_calculation)},
                       {"prices_include_tax", c.prices_include_tax}};
  Json lines = Json::array();
  for (const LineState& line : q.lines) lines.push_back(line_json(line, c.prices_include_tax));
  j["lines"] = std::move(lines);
  j["promotions"] = promotions_json(q);
  j["shipping"] = shipping_json(q.shipping);
  j["pickup"] = pickup_json(q.pickup);
  j["tax_lines"] = tax_lines_json(q.tax_lines);
  j["totals"] = Json{{"subtotal", q.totals.subtotal},       {"discounts", q.totals.discounts},
                     {"shipping", q.totals.shipping},       {"tax", q.totals.tax},
                     {"grand_total", q.totals.grand_total}, {"tax_included", c.prices_include_tax}};
  j["messages"] = messages_json(q.messages);
  return j;
}

// The quote is dumped once: the fingerprint is spliced into the hashed text at
// its sorted place instead of dumping the whole document a second time (the
// second dump was ~14% of a 10-line quote; bench/ callgrind figures).
std::string write_quote(const QuoteState& q) {
  Json j = quote_to_json(q);
  std::string text = canonical_dump(j);
  const std::string fingerprint = sha256_hex(text);
  // Canonical text is "{" + "key":value members in key order + "}". The
  // members before "fingerprint" are short (no arrays or objects sort before
  // it), so rebuilding that prefix is cheap; it must match the dumped text.
  std::string prefix = "{";
  for (auto it = j.begin(); it != j.end() && it.key() < "fingerprint"; ++it) {
    prefix += canonical_dump(Json(it.key())) + ":" + canonical_dump(it.value()) + ",";
  }
  const std::string member = "\"fingerprint\":" + canonical_dump(Json(fingerprint));
  if (text.size() > prefix.size() && text.compare(0, prefix.size(), prefix) == 0) {
    text.insert(prefix.size(), member + ",");  // members follow "fingerprint"
    return text;
  }
  // Not reached with the fields quote_to_json writes ("lines" always follows);
  // kept so the output stays canonical whatever the document holds.
  j["fingerprint"] = fingerprint;
  return canonical_dump(j);
}

}  // namespace checkout
