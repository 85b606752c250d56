#include "quote_writer.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "checkout/sha256.h"
#include "civil_time.h"
#include "json_writer.h"
#include "money.h"

namespace checkout {
namespace {

// The quote is streamed straight from QuoteState into one string: building an
// nlohmann DOM and dumping it was ~60% of a 10-line quote's instructions
// (bench/ callgrind). Every object below writes its members in sorted key
// order by hand; the unit tests check the text against canonical_dump() of
// its own parse, and the golden vectors pin every byte.
//
// The quote is {"binding": what the shopper pays, "details": what informs}
// (see checkout/quote_view.h); details arrays run parallel to the binding
// arrays they describe, so nothing is written twice.

// "params": {name: number | "text"} in byte order of the names, when there
// are any (a message about nothing in particular has none).
void write_params(JsonObjectWriter& o, const std::vector<MessageParam>& params) {
  if (params.empty()) return;
  std::vector<const MessageParam*> sorted;
  sorted.reserve(params.size());
  for (const MessageParam& p : params) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](const MessageParam* a, const MessageParam* b) { return a->name < b->name; });
  JsonObjectWriter w(o.key("params"));
  for (const MessageParam* p : sorted) {
    if (p->is_number) w.integer(p->name, p->number);
    else w.string(p->name, p->text);
  }
  w.close();
}

const char* tax_calculation_name(TaxCalculation t) {
  switch (t) {
    case TaxCalculation::PerUnit: return "per_unit";
    case TaxCalculation::PerOrder: return "per_order";
    case TaxCalculation::PerLine: break;
  }
  return "per_line";
}

// The bound part of a line: what is bought, from where, and every amount.
void write_bound_line(std::string& out, const LineState& line, bool prices_include_tax) {
  JsonObjectWriter o(out);
  o.integer("discount_total", line.discount_total);
  append_json_array(o.key("discounts"), line.discounts, [](std::string& s, const DiscountShare& d) {
    JsonObjectWriter share(s);
    share.integer("amount", d.amount);
    share.string("promotion", d.promotion_id);
    share.close();
  });
  {
    JsonObjectWriter f(o.key("fulfilment"));
    if (line.cart->fulfilment == Fulfilment::Pickup) {
      f.string("store", line.cart->store_id);
      f.string("type", "pickup");
    } else {
      f.string("type", "ship");
    }
    f.close();
  }
  o.integer("index", line.index);
  o.integer("net", line.net());
  o.integer("quantity", line.cart->quantity);
  o.string("sku", line.variant->sku);
  o.integer("subtotal", line.subtotal);
  o.integer("tax", line.tax);
  // An untaxed (exempt) line has no rate at all, which is not the same as 0 %.
  if (!line.tax_rule_id.empty()) o.string("tax_rate", format_percent(line.tax_rate));
  o.integer("total", line.total(prices_include_tax));
  o.integer("unit_price", line.unit_price);
  o.close();
}

// What describes a line without binding it (details.lines[i] is about binding.lines[i]).
void write_line_details(std::string& out, const LineState& line) {
  JsonObjectWriter o(out);
  if (line.variant->compare_at_price) o.integer("compare_at_price", *line.variant->compare_at_price);
  o.string("title", line.product->title);
  if (!line.variant->title.empty()) o.string("variant_title", line.variant->title);
  o.close();
}

void write_bound_promotion(std::string& out, const AppliedPromotion& p) {
  JsonObjectWriter a(out);
  a.integer("amount", p.amount);
  if (!p.code.empty()) a.string("code", p.code);  // automatic promotions have none
  a.string("id", p.id);
  a.integer("shipping_discount", p.shipping_discount);
  a.close();
}

// details.promotions: applied[i] describes binding.promotions[i]; rejected codes bind nothing.
void write_promotion_details(std::string& out, const QuoteState& q) {
  JsonObjectWriter o(out);
  append_json_array(o.key("applied"), q.applied, [](std::string& s, const AppliedPromotion& p) {
    JsonObjectWriter a(s);
    a.boolean("free_shipping", p.free_shipping);
    a.string("reason", p.reason);
    a.string("title", p.title);
    a.close();
  });
  append_json_array(o.key("rejected"), q.rejected, [](std::string& s, const RejectedCode& r) {
    JsonObjectWriter rj(s);
    rj.string("code", r.code);
    rj.string("message", r.message);
    write_params(rj, r.params);
    rj.string("reason", r.reason);
    rj.close();
  });
  o.close();
}

void write_shipping_option(std::string& out, const ShippingOption& opt) {
  JsonObjectWriter o(out);
  o.integer("base_price", opt.base_price);
  {
    JsonObjectWriter d(o.key("delivery"));
    d.string("earliest", format_date(opt.delivery.earliest_day));
    d.string("latest", format_date(opt.delivery.latest_day));
    d.close();
  }
  o.boolean("free", opt.free);
  if (opt.free_over) o.integer("free_over", *opt.free_over);
  o.string("free_reason", opt.free_reason);
  o.string("method", opt.method_id);
  o.string("name", opt.name);
  o.integer("price", opt.price);
  if (opt.remaining_for_free) o.integer("remaining_for_free", *opt.remaining_for_free);
  o.string("ships_on", format_date(opt.delivery.ships_day));
  o.close();
}

// The selected method's warehouse: the location every shipped line comes from.
const std::string* selected_warehouse(const QuoteState& q) {
  if (!q.shipping.selected) return nullptr;
  const auto method = q.catalog->shipping_method_by_id.find(*q.shipping.selected);
  if (method == q.catalog->shipping_method_by_id.end()) return nullptr;
  return &q.catalog->shipping_methods[static_cast<size_t>(method->second)].warehouse_id;
}

void write_bound_shipping(std::string& out, const QuoteState& q) {
  const ShippingState& s = q.shipping;
  JsonObjectWriter o(out);
  o.boolean("needed", s.needed);
  o.integer("price", s.price);
  if (s.selected) o.string("selected", *s.selected);
  o.integer("tax", s.tax);
  if (const std::string* warehouse = selected_warehouse(q)) o.string("warehouse", *warehouse);
  o.close();
}

void write_shipping_details(std::string& out, const ShippingState& s) {
  JsonObjectWriter o(out);
  append_json_array(o.key("options"), s.options, write_shipping_option);
  o.integer("subtotal", s.shipped_subtotal);
  o.integer("weight_g", s.shipped_weight_g);
  o.close();
}

// `shown` is the view's entry for this store: its ready times are formatted once, there.
void write_pickup_store(std::string& out, const PickupStoreOption& s, const QuoteView::PickupStore& shown) {
  JsonObjectWriter o(out);
  o.string("availability", s.availability);
  o.boolean("curbside", s.curbside);
  if (s.distance_m) o.integer("distance_m", *s.distance_m);
  append_json_array(o.key("lines"), s.lines, [](std::string& t, const PickupLineAvailability& l) {
    JsonObjectWriter lj(t);
    lj.integer("available", l.available);
    lj.integer("line", l.line);
    lj.integer("requested", l.requested);
    lj.close();
  });
  o.string("name", s.name);
  if (!s.phone.empty()) o.string("phone", s.phone);
  if (shown.ready_at) {
    o.string("ready_at", *shown.ready_at);
    o.string("ready_local", *shown.ready_local);
  }
  o.string("store", s.store_id);
  o.close();
}

void write_bound_tax_line(std::string& out, const TaxLine& t) {
  JsonObjectWriter o(out);
  o.integer("amount", t.amount);
  o.string("rate", format_percent(t.rate));
  o.string("rule", t.rule_id);
  o.integer("taxable", t.taxable);
  o.close();
}

void write_message(std::string& out, const Message& m) {
  JsonObjectWriter o(out);
  o.string("code", m.code);
  if (m.line >= 0) o.integer("line", m.line);
  o.string("message", m.message);
  write_params(o, m.params);
  o.close();
}

// A generous guess at the quote's length, so the text is written into one
// allocation in the common case (a short guess only costs a reallocation).
uint64_t estimated_length(const QuoteState& q) {
  uint64_t n = 1024;  // the fixed members: rounding, totals, shipping, the fingerprint
  for (const LineState& l : q.lines) {
    n += 360 + 2 * l.variant->sku.size() + l.product->title.size() + l.variant->title.size();
    for (const DiscountShare& d : l.discounts) n += 40 + d.promotion_id.size();
  }
  for (const AppliedPromotion& p : q.applied) {
    n += 160 + 2 * p.id.size() + p.title.size() + p.code.size() + p.reason.size();
  }
  for (const RejectedCode& r : q.rejected) n += 50 + r.code.size() + r.message.size() + r.reason.size();
  for (const ShippingOption& o : q.shipping.options) n += 260 + o.method_id.size() + o.name.size() + o.free_reason.size();
  for (const PickupStoreOption& s : q.pickup.stores) {
    n += 180 + s.store_id.size() + s.name.size() + 50 * s.lines.size();
  }
  n += 100 * q.tax_lines.size();
  for (const TaxLine& t : q.tax_lines) n += t.rule_id.size() + t.name.size();
  for (const Message& m : q.messages) n += 40 + m.code.size() + m.message.size();
  return n;
}

void write_binding(std::string& out, const QuoteState& q) {
  const Catalog& c = *q.catalog;
  JsonObjectWriter o(out);
  o.string("currency", c.currency);
  o.integer("exponent", c.exponent);
  append_json_array(o.key("lines"), q.lines,
              [&c](std::string& s, const LineState& line) { write_bound_line(s, line, c.prices_include_tax); });
  append_json_array(o.key("promotions"), q.applied, write_bound_promotion);
  {
    JsonObjectWriter r(o.key("rounding"));
    r.string("mode", rounding_mode_name(c.rounding));
    r.boolean("prices_include_tax", c.prices_include_tax);
    r.string("tax_calculation", tax_calculation_name(c.tax_calculation));
    r.close();
  }
  write_bound_shipping(o.key("shipping"), q);
  append_json_array(o.key("tax_lines"), q.tax_lines, write_bound_tax_line);
  {
    JsonObjectWriter t(o.key("totals"));
    t.integer("discounts", q.totals.discounts);
    t.integer("grand_total", q.totals.grand_total);
    t.integer("shipping", q.totals.shipping);
    t.integer("subtotal", q.totals.subtotal);
    t.integer("tax", q.totals.tax);
    t.close();
  }
  o.close();
}

void write_details(std::string& out, const QuoteState& q, const QuoteView& view) {
  JsonObjectWriter o(out);
  append_json_array(o.key("lines"), q.lines, write_line_details);
  append_json_array(o.key("messages"), q.messages, write_message);
  {
    JsonObjectWriter p(o.key("pickup"));
    std::string& stores = p.key("stores");
    stores += '[';
    for (size_t i = 0; i < q.pickup.stores.size(); ++i) {
      if (i > 0) stores += ',';
      write_pickup_store(stores, q.pickup.stores[i], view.pickup_stores[i]);
    }
    stores += ']';
    p.close();
  }
  write_promotion_details(o.key("promotions"), q);
  write_shipping_details(o.key("shipping"), q.shipping);
  append_json_array(o.key("tax_lines"), q.tax_lines, [](std::string& s, const TaxLine& t) {
    JsonObjectWriter n(s);
    n.string("name", t.name);
    n.close();
  });
  o.close();
}

// Whether every integer the quote writes is within +-(2^53 - 1), so a JSON
// parser that holds numbers as IEEE doubles (JavaScript's JSON.parse) reads
// them exactly. Only amounts and weights can leave that range (the loaders
// bound each price to 10^15, but a line multiplies it by up to 10^6 units);
// every integer field is checked anyway, so a new field cannot slip past.
bool integers_are_safe(const QuoteState& q) {
  constexpr int64_t kMaxSafe = (int64_t{1} << 53) - 1;
  int64_t largest = 0;
  const auto see = [&largest](int64_t v) {
    const int64_t magnitude = v < 0 ? (v < -kMaxSafe ? kMaxSafe + 1 : -v) : v;
    if (magnitude > largest) largest = magnitude;
  };
  const bool inclusive = q.catalog->prices_include_tax;
  for (const LineState& l : q.lines) {
    see(l.discount_total);
    for (const DiscountShare& d : l.discounts) see(d.amount);
    see(l.net());
    see(l.cart->quantity);
    see(l.subtotal);
    see(l.tax);
    see(l.total(inclusive));
    see(l.unit_price);
    if (l.variant->compare_at_price) see(*l.variant->compare_at_price);
  }
  for (const AppliedPromotion& p : q.applied) {
    see(p.amount);
    see(p.shipping_discount);
  }
  see(q.shipping.price);
  see(q.shipping.tax);
  see(q.shipping.shipped_subtotal);
  see(q.shipping.shipped_weight_g);
  for (const ShippingOption& o : q.shipping.options) {
    see(o.base_price);
    see(o.price);
    if (o.free_over) see(*o.free_over);
    if (o.remaining_for_free) see(*o.remaining_for_free);
  }
  for (const PickupStoreOption& s : q.pickup.stores) {
    if (s.distance_m) see(*s.distance_m);
    for (const PickupLineAvailability& a : s.lines) {
      see(a.available);
      see(a.requested);
    }
  }
  for (const TaxLine& t : q.tax_lines) {
    see(t.amount);
    see(t.taxable);
  }
  see(q.totals.discounts);
  see(q.totals.grand_total);
  see(q.totals.shipping);
  see(q.totals.subtotal);
  see(q.totals.tax);
  // Indices, the exponent and UTC offsets are small by construction.
  return largest <= kMaxSafe;
}

QuoteView make_view(const QuoteState& q) {
  const Catalog& c = *q.catalog;
  QuoteView v;
  v.currency = c.currency;
  v.exponent = c.exponent;
  v.prices_include_tax = c.prices_include_tax;
  v.lines.reserve(q.lines.size());
  for (const LineState& l : q.lines) {
    QuoteView::Line line;
    line.index = l.index;
    line.sku = l.variant->sku;
    line.quantity = l.cart->quantity;
    if (l.cart->fulfilment == Fulfilment::Pickup) {
      line.fulfilment = QuoteView::Fulfilment::Pickup;
      line.store = l.cart->store_id;
    }
    line.unit_price = l.unit_price;
    line.subtotal = l.subtotal;
    for (const DiscountShare& d : l.discounts) line.discounts.push_back(QuoteView::DiscountShare{d.promotion_id, d.amount});
    line.discount_total = l.discount_total;
    line.net = l.net();
    line.tax = l.tax;
    line.total = l.total(c.prices_include_tax);
    v.lines.push_back(std::move(line));
  }
  for (const AppliedPromotion& p : q.applied) {
    v.promotions.push_back(QuoteView::AppliedPromotion{p.id, p.code, p.amount, p.shipping_discount});
  }
  for (const RejectedCode& r : q.rejected) v.rejected.push_back(QuoteView::RejectedCode{r.code, r.reason});
  v.shipping.needed = q.shipping.needed;
  v.shipping.method = q.shipping.selected;
  if (const std::string* warehouse = selected_warehouse(q)) v.shipping.warehouse = *warehouse;
  v.shipping.price = q.shipping.price;
  v.shipping.tax = q.shipping.tax;
  v.totals = QuoteView::Totals{q.totals.subtotal, q.totals.discounts, q.totals.shipping, q.totals.tax,
                               q.totals.grand_total};
  for (const Message& m : q.messages) v.messages.push_back(QuoteView::Message{m.code, m.line});
  for (const PickupStoreOption& s : q.pickup.stores) {
    QuoteView::PickupStore store{s.store_id, s.curbside, s.distance_m, std::nullopt, std::nullopt};
    if (s.ready_at) {
      store.ready_at = format_utc(*s.ready_at);
      store.ready_local = format_local(*s.ready_at, s.ready_utc_offset_s);
    }
    v.pickup_stores.push_back(std::move(store));
  }
  return v;
}

}  // namespace

PricedQuote write_quote(const QuoteState& q) {
  QuoteView view = make_view(q);
  std::string text;
  text.reserve(static_cast<std::size_t>(estimated_length(q)));
  // "binding" sorts first, so its canonical text is one run of the quote's.
  text += "{\"binding\":";
  const std::size_t binding_begin = text.size();
  write_binding(text, q);
  const std::size_t binding_size = text.size() - binding_begin;
  if (!q.catalog->version.empty()) {
    text += ",\"catalog_version\":";
    append_json_string(text, q.catalog->version);
  }
  text += ",\"details\":";
  write_details(text, q, view);
  text += '}';
  return PricedQuote(std::move(view), std::move(text), binding_begin, binding_size, integers_are_safe(q));
}

const std::string& PricedQuote::fingerprint() const {
  if (fingerprint_.empty()) fingerprint_ = sha256_hex(binding_text());
  return fingerprint_;
}

std::string PricedQuote::fingerprinted_text() const {
  // "fingerprint" sorts last: it replaces the closing brace (hex needs no escaping).
  std::string out;
  out.reserve(text_.size() + 80);
  out.append(text_, 0, text_.size() - 1);
  out += ",\"fingerprint\":\"";
  out += fingerprint();
  out += "\"}";
  return out;
}

}  // namespace checkout
