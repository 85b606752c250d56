// Session (include/checkout/session.h): the cart and context as documents
// plus their loaded form, a pricing state kept between reads, and the quote
// written from that state only when asked.
//
// Every edit changes the document in place, then loads the half it touched
// with the request loaders (request_loader.h), so an edit is judged by the
// same rules, codes and paths as a whole request; a failed load puts the
// document back. The loaded cart and context are what the pricing state
// points into, so they are replaced only after a successful load.
#include "checkout/session.h"

#include <exception>
#include <new>
#include <utility>

#include "civil_time.h"
#include "error.h"
#include "guarded.h"
#include "json_reader.h"
#include "json_strict.h"
#include "model.h"
#include "pricing_run.h"
#include "pricing_state.h"
#include "quote_writer.h"
#include "request_loader.h"

namespace checkout {

struct Session::State {
  Engine engine;
  Json cart_json;
  Json context_json;
  Cart cart;
  Context context;
  // What the last read priced, dropped by every edit. `priced` is the error
  // when pricing failed (an overflow), so reads keep answering the same.
  std::optional<Result<QuoteState>> state;
  std::optional<Result<SessionView>> view;
  std::optional<Result<PricedQuote>> priced;
  // Kept across edits: it checks its own catalog, location and store limit.
  StoreDistances distances;

  void changed() {
    state.reset();
    view.reset();
    priced.reset();
  }

  // Applies `change` to the cart document and loads it; on failure `undo`
  // puts the document back and the error is the answer.
  template <class Change, class Undo>
  EditResult edit_cart(Change&& change, Undo&& undo);
  // The same for the context, whose document is small: the old one is kept whole.
  template <class Change>
  EditResult edit_context(Change&& change);
  // The pricing state of the current cart and context, priced once per change.
  const Result<QuoteState>& priced_state();
  // The quote written from that state, once per change.
  const Result<PricedQuote>& written();
};

namespace {

Error internal_error() { return Error{err::internal, "Internal error while quoting.", ""}; }

template <class T, class Body>
Result<T> guarded(Body&& body) { return guarded_call<T>(std::forward<Body>(body), internal_error); }

template <class Body>
EditResult guarded_edit(Body&& body) {
  try {
    body();
    return std::nullopt;
  } catch (const InputError& e) {
    return e.error();
  } catch (...) {
    return internal_error();
  }
}

std::string line_path(int64_t line) { return "/cart/lines/" + std::to_string(line); }

// The index of an existing line, or invalid_value at /cart/lines/<line>.
size_t existing_line(const Json& cart_json, int64_t line) {
  const Json& lines = cart_json.at("lines");
  if (line < 0 || static_cast<uint64_t>(line) >= lines.size()) {
    fail(err::invalid_value, "The cart has no line " + std::to_string(line) + ".", line_path(line));
  }
  return static_cast<size_t>(line);
}

std::vector<SessionView::Param> params_of(const std::vector<MessageParam>& params) {
  std::vector<SessionView::Param> out;
  out.reserve(params.size());
  for (const MessageParam& p : params) out.push_back(SessionView::Param{p.name, p.text, p.number, p.is_number});
  return out;
}

SessionView compact_view(const QuoteState& q) {
  const bool inclusive = q.catalog->prices_include_tax;
  SessionView v;
  v.totals = QuoteView::Totals{q.totals.subtotal, q.totals.discounts, q.totals.shipping, q.totals.tax,
                               q.totals.grand_total};
  v.lines.reserve(q.lines.size());
  for (const LineState& l : q.lines) {
    SessionView::Line line{l.subtotal, l.discount_total, l.net(), l.tax, l.total(inclusive), l.unit_price, {}};
    for (const DiscountShare& d : l.discounts) line.discounts.push_back(SessionView::Discount{d.promotion_id, d.amount});
    v.lines.push_back(std::move(line));
  }
  v.shipping_needed = q.shipping.needed;
  v.shipping_selected = q.shipping.selected;
  v.shipping_price = q.shipping.price;
  for (const ShippingOption& o : q.shipping.options) {
    v.shipping_options.push_back(SessionView::ShippingOption{o.method_id, o.base_price, o.price, o.free, o.free_over,
                                                             o.remaining_for_free, format_date(o.delivery.earliest_day),
                                                             format_date(o.delivery.latest_day)});
  }
  for (const AppliedPromotion& p : q.applied) {
    v.promotions.push_back(p.id);
    v.applied.push_back(SessionView::Applied{p.id, p.code, p.amount, p.shipping_discount, p.free_shipping});
  }
  for (const RejectedCode& r : q.rejected) v.rejected.push_back(SessionView::Rejected{r.code, r.reason, params_of(r.params)});
  for (const Message& m : q.messages) v.messages.push_back(SessionView::Message{m.code, m.line, params_of(m.params)});
  for (const PickupStoreOption& s : q.pickup.stores) {
    SessionView::PickupStore store{s.store_id, s.distance_m, s.availability, {}, std::nullopt};
    for (const PickupLineAvailability& a : s.lines) store.lines.push_back(SessionView::PickupLine{a.line, a.requested, a.available});
    // As the quote writes it (quote_writer.cpp make_view).
    if (s.ready_at) store.ready_local = format_local(*s.ready_at, s.ready_utc_offset_s);
    v.pickup_stores.push_back(std::move(store));
  }
  return v;
}

}  // namespace

template <class Change, class Undo>
EditResult Session::State::edit_cart(Change&& change, Undo&& undo) {
  return guarded_edit([&] {
    change(cart_json);
    try {
      Cart loaded = load_cart(cart_json, engine.catalog(), "/cart");
      changed();
      cart = std::move(loaded);
    } catch (...) {
      undo(cart_json);
      throw;
    }
  });
}

template <class Change>
EditResult Session::State::edit_context(Change&& change) {
  return guarded_edit([&] {
    Json before = context_json;
    change(context_json);
    try {
      Context loaded = load_context(context_json, engine.catalog(), "/context");
      changed();
      context = std::move(loaded);
    } catch (...) {
      context_json = std::move(before);
      throw;
    }
  });
}

const Result<QuoteState>& Session::State::priced_state() {
  if (!state) state = guarded<QuoteState>([&] { return run_pricing(engine.catalog(), engine.stock(), cart, context, &distances); });
  return *state;
}

Session::Session(std::unique_ptr<State> state) : state_(std::move(state)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

Result<Session> Session::open(const Engine& engine, std::string_view cart_and_context_json) {
  return guarded<Session>([&] {
    Result<Session> s = open(engine, parse_json_strict(cart_and_context_json));
    if (!s.ok()) throw InputError(s.error());
    return std::move(s.value());
  });
}

Result<Session> Session::open(const Engine& engine, const nlohmann::json& cart_and_context) {
  return guarded<Session>([&] {
    // As Engine::price reads the document: the same keys, order and paths.
    JsonReader root(cart_and_context, "");
    root.expect_only({"cart", "context"});
    const Json& cart_json = root.field("cart").json();
    Cart cart = load_cart(cart_json, engine.catalog(), "/cart");
    const Json& context_json = root.field("context").json();
    Context context = load_context(context_json, engine.catalog(), "/context");
    auto state = std::unique_ptr<State>(
        new State{engine, cart_json, context_json, std::move(cart), std::move(context), {}, {}, {}, {}});
    return Session(std::move(state));
  });
}

EditResult Session::set_quantity(int64_t line, const nlohmann::json& quantity) {
  Json before;
  size_t i = 0;
  if (EditResult e = guarded_edit([&] { i = existing_line(state_->cart_json, line); })) return e;
  return state_->edit_cart(
      [&](Json& cart) {
        Json& q = cart["lines"][i]["quantity"];
        before = std::move(q);
        q = quantity;
      },
      [&](Json& cart) { cart["lines"][i]["quantity"] = std::move(before); });
}

EditResult Session::add_line(const nlohmann::json& line) {
  return state_->edit_cart( [&](Json& cart) { cart["lines"].push_back(line); },
      [&](Json& cart) { cart["lines"].erase(cart["lines"].size() - 1); });
}

EditResult Session::remove_line(int64_t line) {
  Json removed;
  size_t i = 0;
  if (EditResult e = guarded_edit([&] { i = existing_line(state_->cart_json, line); })) return e;
  return state_->edit_cart(
      [&](Json& cart) {
        Json& lines = cart["lines"];
        removed = std::move(lines[i]);
        lines.erase(i);
      },
      [&](Json& cart) {
        Json& lines = cart["lines"];
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i), std::move(removed));
      });
}

EditResult Session::set_fulfilment(int64_t line, const nlohmann::json& fulfilment) {
  std::optional<Json> before;
  size_t i = 0;
  if (EditResult e = guarded_edit([&] { i = existing_line(state_->cart_json, line); })) return e;
  return state_->edit_cart(
      [&](Json& cart) {
        Json& l = cart["lines"][i];
        if (l.contains("fulfilment")) before = std::move(l["fulfilment"]);
        l["fulfilment"] = fulfilment;
      },
      [&](Json& cart) {
        Json& l = cart["lines"][i];
        if (before) {
          l["fulfilment"] = std::move(*before);
        } else {
          l.erase("fulfilment");
        }
      });
}

EditResult Session::apply_coupon(const std::string& code) {
  bool had_list = false;
  return state_->edit_cart(
      [&](Json& cart) {
        had_list = cart.contains("coupons");
        cart["coupons"].push_back(code);
      },
      [&](Json& cart) {
        if (had_list) {
          cart["coupons"].erase(cart["coupons"].size() - 1);
        } else {
          cart.erase("coupons");
        }
      });
}

EditResult Session::remove_coupon(const std::string& code) {
  std::optional<Json> before;
  return state_->edit_cart(
      [&](Json& cart) {
        if (!cart.contains("coupons")) return;
        Json& coupons = cart["coupons"];
        before = coupons;
        Json kept = Json::array();
        for (Json& c : coupons) {
          if (!(c.is_string() && c.get_ref<const std::string&>() == code)) kept.push_back(std::move(c));
        }
        coupons = std::move(kept);
      },
      [&](Json& cart) {
        if (before) cart["coupons"] = std::move(*before);
      });
}

EditResult Session::set_shipping_method(const std::optional<std::string>& method_id) {
  std::optional<Json> before;
  return state_->edit_cart(
      [&](Json& cart) {
        if (cart.contains("shipping_method")) before = std::move(cart["shipping_method"]);
        if (method_id) {
          cart["shipping_method"] = *method_id;
        } else {
          cart.erase("shipping_method");
        }
      },
      [&](Json& cart) {
        if (before) {
          cart["shipping_method"] = std::move(*before);
        } else {
          cart.erase("shipping_method");
        }
      });
}

// Sets or (null) removes one member of the context.
static void set_member(Json& object, const char* key, const Json& value) {
  if (value.is_null()) {
    object.erase(key);
  } else {
    object[key] = value;
  }
}

EditResult Session::set_destination(const nlohmann::json& destination) {
  return state_->edit_context([&](Json& c) { set_member(c, "destination", destination); });
}

EditResult Session::set_location(const nlohmann::json& location) {
  return state_->edit_context([&](Json& c) { set_member(c, "location", location); });
}

EditResult Session::set_now(const nlohmann::json& now) {
  return state_->edit_context([&](Json& c) { c["now"] = now; });
}

EditResult Session::set_context(const nlohmann::json& context) {
  return state_->edit_context([&](Json& c) { c = context; });
}

EditResult Session::set_engine(const Engine& engine) {
  if (engine.shared_catalog() != state_->engine.shared_catalog()) {
    return Error{err::invalid_value, "A session changes stock levels only: the engine must share its catalog.", ""};
  }
  state_->changed();
  state_->engine = engine;
  return std::nullopt;
}

Result<SessionView> Session::view() const {
  State& s = *state_;
  if (!s.view) {
    const Result<QuoteState>& q = s.priced_state();
    s.view = q.ok() ? guarded<SessionView>([&] { return compact_view(q.value()); }) : Result<SessionView>(q.error());
  }
  return *s.view;
}

const Result<PricedQuote>& Session::State::written() {
  if (!priced) {
    const Result<QuoteState>& q = priced_state();
    priced = q.ok() ? guarded<PricedQuote>([&] { return write_quote(q.value()); }) : Result<PricedQuote>(q.error());
  }
  return *priced;
}

Result<PricedQuote> Session::priced() const { return state_->written(); }

Result<std::string> Session::quote() const {
  const Result<PricedQuote>& p = state_->written();  // the kept one, so its fingerprint is hashed once
  if (!p.ok()) return p.error();
  return guarded<std::string>([&] { return p.value().fingerprinted_text(); });
}

nlohmann::json Session::cart_and_context() const {
  return Json{{"cart", state_->cart_json}, {"context", state_->context_json}};
}

}  // namespace checkout
