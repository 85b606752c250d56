// The session view's wire form (checkout/session_wire.h). The text half is
// streamed with the quote writer's appenders: building it as a DOM was most
// of a re-price's time under wasm.
#include "checkout/session_wire.h"

#include "json_writer.h"

namespace checkout {
namespace {

void append_params(std::string& out, const std::vector<SessionView::Param>& params) {
  out += '{';
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, params[i].name);
    out += ':';
    if (params[i].is_number) {
      append_json_int(out, params[i].number);
    } else {
      append_json_string(out, params[i].text);
    }
  }
  out += '}';
}

std::string wire_text(const SessionView& v) {
  using V = SessionView;
  std::string out;
  out.reserve(512 + 64 * v.lines.size() + 160 * v.shipping_options.size() + (96 + 16 * v.lines.size()) * v.pickup_stores.size());
  JsonObjectWriter o(out);
  append_json_array(o.key("applied"), v.applied, [](std::string& t, const V::Applied& p) {
    t += '[';
    append_json_string(t, p.id);
    t += ',';
    append_json_string(t, p.code);
    t += ',';
    append_json_int(t, p.amount);
    t += ',';
    append_json_int(t, p.shipping_discount);
    t += ',';
    append_json_bool(t, p.free_shipping);
    t += ']';
  });
  append_json_array(o.key("discounts"), v.lines, [](std::string& t, const V::Line& l) {
    append_json_array(t, l.discounts, [](std::string& u, const V::Discount& d) {
      u += '[';
      append_json_string(u, d.promotion);
      u += ',';
      append_json_int(u, d.amount);
      u += ']';
    });
  });
  append_json_array(o.key("messages"), v.messages, [](std::string& t, const V::Message& m) {
    t += '[';
    append_json_string(t, m.code);
    t += ',';
    append_json_int(t, m.line);
    t += ',';
    append_params(t, m.params);
    t += ']';
  });
  append_json_array(o.key("pickup"), v.pickup_stores, [](std::string& t, const V::PickupStore& s) {
    JsonObjectWriter store(t);
    store.string("availability", s.availability);
    if (s.distance_m) store.integer("distance_m", *s.distance_m);
    store.integer("lines", static_cast<int64_t>(s.lines.size()));  // its triples are in the numbers
    if (s.ready_local) store.string("ready_local", *s.ready_local);
    store.string("store", s.store);
    store.close();
  });
  append_json_array(o.key("promotions"), v.promotions, [](std::string& t, const std::string& id) { append_json_string(t, id); });
  append_json_array(o.key("rejected"), v.rejected, [](std::string& t, const V::Rejected& r) {
    t += '[';
    append_json_string(t, r.code);
    t += ',';
    append_json_string(t, r.reason);
    t += ',';
    append_params(t, r.params);
    t += ']';
  });
  {
    JsonObjectWriter shipping(o.key("shipping"));
    shipping.boolean("needed", v.shipping_needed);
    append_json_array(shipping.key("options"), v.shipping_options, [](std::string& t, const V::ShippingOption& x) {
      JsonObjectWriter option(t);
      option.integer("base_price", x.base_price);
      option.string("earliest", x.earliest);
      option.boolean("free", x.free);
      if (x.free_over) option.integer("free_over", *x.free_over);
      option.string("latest", x.latest);
      option.string("method", x.method);
      option.integer("price", x.price);
      if (x.remaining_for_free) option.integer("remaining_for_free", *x.remaining_for_free);
      option.close();
    });
    if (v.shipping_selected) {
      shipping.string("selected", *v.shipping_selected);
    } else {
      shipping.key("selected") += "null";
    }
    shipping.close();
  }
  o.close();
  return out;
}

}  // namespace

SessionWire session_wire(const SessionView& v) {
  SessionWire wire;
  size_t held = 0;
  for (const auto& store : v.pickup_stores) held += store.lines.size();
  wire.numbers.reserve(6 + 6 * v.lines.size() + 3 * held);
  const QuoteView::Totals& t = v.totals;
  wire.numbers.insert(wire.numbers.end(), {t.subtotal, t.discounts, t.shipping, t.tax, t.grand_total, v.shipping_price});
  for (const auto& l : v.lines) {
    wire.numbers.insert(wire.numbers.end(), {l.subtotal, l.discount_total, l.net, l.tax, l.total, l.unit_price});
  }
  for (const auto& store : v.pickup_stores) {
    for (const auto& l : store.lines) wire.numbers.insert(wire.numbers.end(), {l.line, l.requested, l.available});
  }
  wire.text = wire_text(v);
  return wire;
}

}  // namespace checkout
