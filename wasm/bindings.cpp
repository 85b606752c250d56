// Embind bindings of checkout::Engine. These are the *raw* bindings: strings
// in, {ok, json} out, and one handle class. They are private to wasm/js/
// checkout.mjs, which turns them into the idiomatic JS API (objects, errors as
// values, handles freed for you) - the split manifold uses, so the JS API can
// change shape without touching C++ and the C++ stays trivially auditable.
//
// Nothing thrown in C++ may reach JS: the core returns errors as values, and
// every entry point here also catches whatever else could escape (bad_alloc,
// a bug) and turns it into an error JSON with code "internal".
#include <emscripten/bind.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "checkout/address_rules.h"
#include "checkout/digits.h"
#include "checkout/availability.h"
#include "checkout/catalog_view.h"
#include "checkout/engine.h"
#include "checkout/refund.h"
#include "checkout/session.h"
#include "checkout/session_wire.h"
#include "checkout/sha256.h"
#include "checkout/strict_json.h"

namespace {

using checkout::CatalogView;
using checkout::Engine;
using checkout::Error;
using checkout::Result;
using Json = nlohmann::json;

// The largest integer a JS number holds exactly (Number.MAX_SAFE_INTEGER).
constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53) - 1;

// The byte offset of the first integer in canonical JSON (integers only, no
// floats or exponents: json_strict.h) that a JS number cannot hold exactly,
// or -1 when there is none. Strings are skipped, so digits in a SKU never
// count. This is what lets the JS API use a plain JSON.parse: the core's
// amounts are int64 and may exceed 2^53 (docs/formats.md "Numbers in JS").
int32_t first_unsafe_integer(std::string_view json) {
  static constexpr std::string_view kMax = "9007199254740991";
  const size_t n = json.size();
  size_t i = 0;
  while (i < n) {
    const char c = json[i];
    if (c == '"') {
      for (++i; i < n && json[i] != '"'; ++i) {
        if (json[i] == '\\') ++i;  // the escaped character, '"' included
      }
      ++i;
    } else if (c >= '0' && c <= '9') {
      const size_t start = i;
      while (i < n && json[i] >= '0' && json[i] <= '9') ++i;
      const size_t digits = i - start;
      if (digits > kMax.size() || (digits == kMax.size() && json.substr(start, digits) > kMax)) {
        return static_cast<int32_t>(start);
      }
    } else {
      ++i;
    }
  }
  return -1;
}

// What every call returns to JS: ok + either the quote JSON or the error JSON
// ({"error":{code,message,path}}), both in the core's canonical form.
// unsafeAt: first_unsafe_integer of a quote or refund json (-1 otherwise).
struct RawResult {
  bool ok = false;
  std::string json;
  int32_t unsafeAt = -1;
};

// What price() returns: the quote without its fingerprint, and the canonical
// text of its "binding", which JS hashes only when it needs the fingerprint.
struct RawPriced {
  bool ok = false;
  std::string json;     // the quote without "fingerprint", or the error JSON
  std::string binding;  // empty on error
  int32_t unsafeAt = -1;
};

RawResult quote_text(std::string text) {
  const int32_t unsafe = first_unsafe_integer(text);
  return RawResult{true, std::move(text), unsafe};
}

RawResult from_error(const Error& e) { return RawResult{false, checkout::error_json(e)}; }
RawResult internal_error() { return from_error(Error{"internal", "Internal error in the checkout core.", ""}); }

// The facts of the catalog view as the catalog format names them (snake_case,
// defaults applied), for JSON.parse on the JS side.
Json facts_json(const checkout::VariantFacts& v) {
  return Json{{"sku", v.sku},   {"product", v.product_id},         {"title", v.title},
              {"price", v.price}, {"pickup_eligible", v.pickup_eligible}, {"max_per_order", v.max_per_order}};
}

Json facts_json(const checkout::StoreFacts& s) {
  Json j{{"id", s.id},           {"name", s.name},       {"address", s.address},
              {"country", s.country}, {"region", s.region},   {"postal_code", s.postal_code},
              {"lat_e6", s.lat_e6},   {"lon_e6", s.lon_e6},   {"curbside", s.curbside},
              {"safety_stock", s.safety_stock}};
  if (!s.phone.empty()) j["phone"] = s.phone;
  if (s.hold_days > 0) j["hold_days"] = s.hold_days;
  return j;
}

Json facts_json(const checkout::ShippingMethodFacts& m) {
  return Json{{"id", m.id}, {"name", m.name}, {"warehouse", m.warehouse}, {"countries", m.countries}};
}

Json facts_json(const checkout::PlaceFacts& p) { return Json{{"lat_e6", p.lat_e6}, {"lon_e6", p.lon_e6}}; }

Json facts_json(const checkout::PromotionLimits& p) {
  Json j{{"id", p.id}};
  if (p.usage_limit) j["usage_limit"] = *p.usage_limit;
  if (p.usage_limit_per_customer) j["usage_limit_per_customer"] = *p.usage_limit_per_customer;
  return j;
}

template <class T>
std::string optional_json(const std::optional<T>& facts) {
  return facts ? facts_json(*facts).dump() : std::string("null");
}

// The core knows whether its quote's integers all fit a double
// (PricedQuote::safe_integers); the text is scanned for the offset only when not.
RawPriced priced_text(const checkout::PricedQuote& q) {
  const int32_t unsafe = q.safe_integers() ? -1 : first_unsafe_integer(q.text());
  return RawPriced{true, q.text(), std::string(q.binding_text()), unsafe};
}

class RawSession;

// checkout::CatalogView: shares the engine's catalog, so it outlives the
// engine it came from. Lookups answer JSON text ("null" when unknown).
class RawCatalogView {
 public:
  explicit RawCatalogView(CatalogView view) : view_(std::move(view)) {}

  std::string currency() const { return view_.currency(); }
  int32_t exponent() const { return view_.exponent(); }
  bool pricesIncludeTax() const { return view_.prices_include_tax(); }
  std::string variant(const std::string& sku) const { return guarded([&] { return optional_json(view_.variant(sku)); }); }
  std::string store(const std::string& id) const { return guarded([&] { return optional_json(view_.store(id)); }); }
  std::string shippingMethod(const std::string& id) const {
    return guarded([&] { return optional_json(view_.shipping_method(id)); });
  }
  std::string locate(const std::string& country, const std::string& postal_code) const {
    return guarded([&] { return optional_json(view_.locate(country, postal_code)); });
  }
  // {"stores": [...], "warehouses": [...], "shipping_methods": [...], "limited_promotions": [...]}
  std::string lists() const {
    return guarded([&] {
      Json out{{"stores", Json::array()}, {"warehouses", view_.warehouses()}, {"shipping_methods", Json::array()},
               {"limited_promotions", Json::array()}};
      for (const auto& s : view_.stores()) out["stores"].push_back(facts_json(s));
      for (const auto& m : view_.shipping_methods()) out["shipping_methods"].push_back(facts_json(m));
      for (const auto& p : view_.limited_promotions()) out["limited_promotions"].push_back(facts_json(p));
      return out.dump();
    });
  }

 private:
  template <class Body>
  static std::string guarded(Body&& body) {
    try {
      return body();
    } catch (...) {
      return "null";  // only allocation failure gets here
    }
  }

  CatalogView view_;
};

// One loaded catalog (+ stock). A failed load yields a RawEngine whose ok()
// is false and whose error() says why, so load never throws into JS.
class RawEngine {
 public:
  static RawEngine load_view(std::string_view catalog_json) {
    try {
      Result<Engine> r = Engine::load(catalog_json, "");
      if (!r.ok()) return RawEngine(from_error(r.error()).json);
      return RawEngine(std::move(r.value()));
    } catch (...) {
      return RawEngine(internal_error().json);
    }
  }

  static RawEngine load(const std::string& catalog_json) { return load_view(catalog_json); }

  // The catalog's UTF-8 bytes, which the JS API copied into the wasm heap
  // itself (one TypedArray.set): a 400 KB catalog passed as a JS string costs
  // Embind two JS loops over every character (measure, then UTF-8 encode),
  // a visible share of the widget's start-up. `data` is a heap address.
  static RawEngine loadBytes(uintptr_t data, uint32_t size) {  // the caller frees data afterwards
    return load_view(std::string_view(reinterpret_cast<const char*>(data), size));
  }

  bool ok() const { return engine_.has_value(); }
  std::string error() const { return error_json_; }

  // {"cart": ..., "context": ...} -> quote JSON.
  RawResult quote(const std::string& cart_and_context_json) const {
    if (!engine_) return RawResult{false, error_json_};
    try {
      Result<std::string> r = engine_->quote(std::string_view(cart_and_context_json));
      if (!r.ok()) return from_error(r.error());
      return quote_text(std::move(r.value()));
    } catch (...) {
      return internal_error();
    }
  }

  RawCatalogView catalogView() const {
    // A failed load has no catalog: JS never asks it (engineResult drops it).
    return RawCatalogView(CatalogView(*engine_));
  }

  // Units of `skus_json` (a JSON array of SKUs) at a store ("store") or
  // warehouse ("warehouse") as pricing counts them:
  // [{"sku", "available"}, ...] in the order given.
  RawResult availability(const std::string& kind, const std::string& location_id, const std::string& skus_json) const {
    if (!engine_) return RawResult{false, error_json_};
    try {
      Result<Json> parsed = checkout::parse_strict_json(skus_json);
      if (!parsed.ok()) return from_error(parsed.error());
      std::vector<std::string> skus;
      for (const Json& sku : parsed.value()) skus.push_back(sku.get<std::string>());  // the JS layer sends strings
      const auto location = kind == "warehouse" ? checkout::LocationKind::Warehouse : checkout::LocationKind::Store;
      Result<std::vector<checkout::SkuAvailability>> r = checkout::availability(*engine_, location, location_id, skus);
      if (!r.ok()) return from_error(r.error());
      Json out = Json::array();
      for (const auto& a : r.value()) out.push_back(Json{{"sku", a.sku}, {"available", a.available}});
      return RawResult{true, out.dump()};
    } catch (...) {
      return internal_error();
    }
  }

  // {"cart": ..., "context": ...} -> quote JSON without "fingerprint", and
  // its binding text: a re-price on every keystroke pays for no hash.
  RawPriced price(const std::string& cart_and_context_json) const {
    if (!engine_) return RawPriced{false, error_json_, ""};
    try {
      Result<checkout::PricedQuote> r = engine_->price(std::string_view(cart_and_context_json));
      if (!r.ok()) return RawPriced{false, from_error(r.error()).json, ""};
      return priced_text(r.value());
    } catch (...) {
      return RawPriced{false, internal_error().json, ""};
    }
  }

  // A session on this engine's catalog and stock (see RawSession).
  RawSession session(const std::string& cart_and_context_json) const;
  const std::optional<Engine>& engine() const { return engine_; }

  // {"order", "returns", "previous"?, "context"} -> refund quote JSON;
  // with a "cart" (and a full quote context) -> the exchange JSON.
  RawResult refund(const std::string& request_json) const {
    if (!engine_) return RawResult{false, error_json_};
    try {
      Result<std::string> r = checkout::return_quote(*engine_, std::string_view(request_json));
      if (!r.ok()) return from_error(r.error());
      return quote_text(std::move(r.value()));
    } catch (...) {
      return internal_error();
    }
  }

  // onHand travels as a decimal string: JS numbers are doubles and this
  // version of Embind has no int64 without BigInt; the JS layer checks
  // Number.isSafeInteger first, C++ parses exactly.
  RawEngine withStoreStock(const std::string& store_id, const std::string& sku,
                           const std::string& on_hand) const {
    return with_stock(store_id, sku, on_hand, &Engine::with_store_stock);
  }
  RawEngine withWarehouseStock(const std::string& warehouse_id, const std::string& sku,
                               const std::string& on_hand) const {
    return with_stock(warehouse_id, sku, on_hand, &Engine::with_warehouse_stock);
  }

 private:
  explicit RawEngine(Engine e) : engine_(std::move(e)) {}
  explicit RawEngine(std::string error_json) : error_json_(std::move(error_json)) {}

  using StockUpdate = Result<Engine> (Engine::*)(const std::string&, const std::string&, int64_t) const;

  RawEngine with_stock(const std::string& id, const std::string& sku, const std::string& on_hand,
                       StockUpdate update) const {
    if (!engine_) return RawEngine(error_json_);
    try {
      int64_t units = 0;
      const char* first = on_hand.data();
      const char* last = first + on_hand.size();
      auto [end, ec] = std::from_chars(first, last, units);
      if (on_hand.empty() || ec != std::errc() || end != last) {
        return RawEngine(from_error(Error{"invalid_value", "Stock on hand must be an integer.", ""}).json);
      }
      Result<Engine> r = ((*engine_).*update)(id, sku, units);
      if (!r.ok()) return RawEngine(from_error(r.error()).json);
      return RawEngine(std::move(r.value()));
    } catch (...) {
      return RawEngine(internal_error().json);
    }
  }

  std::optional<Engine> engine_;
  std::string error_json_;
};

// What RawSession::view returns: the session view's wire form
// (checkout/session_wire.h) with `numbers` as a Float64Array over this
// session's own buffer (JS copies it before the next call). On error `text`
// is the error JSON and `numbers` is null; an integer of either part beyond
// 2^53 is the error unsafe_integer.
struct RawSessionView {
  bool ok = false;
  emscripten::val numbers = emscripten::val::null();
  std::string text;
};

// checkout::Session behind Embind: edits answer "" when applied or the error
// JSON when not; arguments that are JSON values in the request format come
// as JSON text, so the core judges them as it judges a whole request.
class RawSession {
 public:
  explicit RawSession(checkout::Session s) : session_(std::move(s)) {}
  explicit RawSession(std::string error_json) : error_json_(std::move(error_json)) {}

  bool ok() const { return session_.has_value(); }
  std::string error() const { return error_json_; }

  std::string setQuantity(double line, const std::string& quantity_json) {
    return with_json(quantity_json, [&](const Json& q) { return session_->set_quantity(index(line), q); });
  }
  std::string addLine(const std::string& line_json) {
    return with_json(line_json, [&](const Json& l) { return session_->add_line(l); });
  }
  std::string removeLine(double line) { return edit([&] { return session_->remove_line(index(line)); }); }
  std::string setFulfilment(double line, const std::string& fulfilment_json) {
    return with_json(fulfilment_json, [&](const Json& f) { return session_->set_fulfilment(index(line), f); });
  }
  std::string applyCoupon(const std::string& code) { return edit([&] { return session_->apply_coupon(code); }); }
  std::string removeCoupon(const std::string& code) { return edit([&] { return session_->remove_coupon(code); }); }
  // A JSON string (the method id) or null (the cheapest).
  std::string setShippingMethod(const std::string& method_json) {
    return with_json(method_json, [&](const Json& m) {
      if (m.is_null()) return session_->set_shipping_method(std::nullopt);
      if (!m.is_string()) return checkout::EditResult(Error{"wrong_type", "A shipping method is a string.", "/cart/shipping_method"});
      return session_->set_shipping_method(m.get<std::string>());
    });
  }
  std::string setDestination(const std::string& json) {
    return with_json(json, [&](const Json& d) { return session_->set_destination(d); });
  }
  std::string setLocation(const std::string& json) {
    return with_json(json, [&](const Json& l) { return session_->set_location(l); });
  }
  std::string setNow(const std::string& json) {
    return with_json(json, [&](const Json& n) { return session_->set_now(n); });
  }
  std::string setContext(const std::string& json) {
    return with_json(json, [&](const Json& c) { return session_->set_context(c); });
  }
  std::string setEngine(const RawEngine& engine);

  RawSessionView view() {
    if (!session_) return RawSessionView{false, emscripten::val::null(), error_json_};
    try {
      Result<checkout::SessionView> r = session_->view();
      if (!r.ok()) return RawSessionView{false, emscripten::val::null(), from_error(r.error()).json};
      checkout::SessionWire wire = checkout::session_wire(r.value());
      numbers_.clear();
      numbers_.reserve(wire.numbers.size());
      bool exact = true;
      for (const int64_t x : wire.numbers) {
        exact = exact && x >= -kMaxSafeInteger && x <= kMaxSafeInteger;
        numbers_.push_back(static_cast<double>(x));
      }
      std::string text = std::move(wire.text);
      if (!exact || first_unsafe_integer(text) >= 0) {
        return RawSessionView{false, emscripten::val::null(),
                              from_error(Error{"unsafe_integer", "An amount is beyond 2^53; read the full quote's json.", ""}).json};
      }
      return RawSessionView{true, emscripten::val(emscripten::typed_memory_view(numbers_.size(), numbers_.data())),
                            std::move(text)};
    } catch (...) {
      return RawSessionView{false, emscripten::val::null(), internal_error().json};
    }
  }

  RawResult quote() const {
    if (!session_) return RawResult{false, error_json_};
    try {
      Result<std::string> r = session_->quote();
      if (!r.ok()) return from_error(r.error());
      return quote_text(std::move(r.value()));
    } catch (...) {
      return internal_error();
    }
  }

  RawPriced price() const {
    if (!session_) return RawPriced{false, error_json_, ""};
    try {
      Result<checkout::PricedQuote> r = session_->priced();
      if (!r.ok()) return RawPriced{false, from_error(r.error()).json, ""};
      return priced_text(r.value());
    } catch (...) {
      return RawPriced{false, internal_error().json, ""};
    }
  }

  std::string cartAndContext() const {
    if (!session_) return "null";
    try {
      return session_->cart_and_context().dump();  // sorted keys: the canonical form
    } catch (...) {
      return "null";
    }
  }

 private:
  // Line indexes arrive as JS numbers; the JS layer passes safe integers only.
  static int64_t index(double line) { return static_cast<int64_t>(line); }

  template <class Edit>
  std::string edit(Edit&& body) {
    if (!session_) return error_json_;
    try {
      checkout::EditResult e = body();
      return e ? from_error(*e).json : std::string();
    } catch (...) {
      return internal_error().json;
    }
  }

  template <class Edit>
  std::string with_json(const std::string& text, Edit&& body) {
    return edit([&] {
      Result<Json> parsed = checkout::parse_strict_json(text);
      if (!parsed.ok()) return checkout::EditResult(parsed.error());
      return body(parsed.value());
    });
  }

  std::optional<checkout::Session> session_;
  std::string error_json_;
  std::vector<double> numbers_;  // what the last view()'s Float64Array shows
};

RawSession RawEngine::session(const std::string& cart_and_context_json) const {
  if (!engine_) return RawSession(error_json_);
  try {
    Result<checkout::Session> s = checkout::Session::open(*engine_, std::string_view(cart_and_context_json));
    if (!s.ok()) return RawSession(from_error(s.error()).json);
    return RawSession(std::move(s.value()));
  } catch (...) {
    return RawSession(internal_error().json);
  }
}

std::string RawSession::setEngine(const RawEngine& engine) {
  return edit([&] {
    if (!engine.engine()) return checkout::EditResult(Error{"invalid_value", "The engine holds no catalog.", ""});
    return session_->set_engine(*engine.engine());
  });
}

// One-shot {"catalog","cart","context"} -> quote, as the CLI does.
RawResult quote_request(const std::string& request_json) {
  try {
    Result<std::string> r = checkout::quote_request(request_json);
    if (!r.ok()) return from_error(r.error());
    return quote_text(std::move(r.value()));
  } catch (...) {
    return internal_error();
  }
}

// One-shot {"catalog", "order", "returns", ...} -> refund (or exchange), as the CLI does.
RawResult returns_request(const std::string& request_json) {
  try {
    Result<std::string> r = checkout::returns_request(request_json);
    if (!r.ok()) return from_error(r.error());
    return quote_text(std::move(r.value()));
  } catch (...) {
    return internal_error();
  }
}

std::string format_version() { return checkout::kFormatVersion; }

// (country, region, postal code) -> {"country","postal_code","region"} in
// their normal form, or the error (paths relative to the address).
RawResult check_address(const std::string& country, const std::string& region, const std::string& postal_code) {
  try {
    checkout::Result<checkout::CheckedAddress> r = checkout::check_postal_address(country, region, postal_code);
    if (!r.ok()) return from_error(r.error());
    const checkout::CheckedAddress& a = r.value();
    nlohmann::json out{{"country", a.country}, {"postal_code", a.postal_code}, {"region", a.region}};
    return RawResult{true, out.dump()};
  } catch (...) {
    return internal_error();
  }
}

// Typed text with Persian, Arabic-Indic and full-width digits made ASCII.
std::string normalize_digits(const std::string& text) {
  try {
    return checkout::normalize_digits(text);
  } catch (...) {
    return text;
  }
}

// A quantity field's text -> its whole number, or -1 when it is not one
// (the JS API turns -1 into null).
double read_quantity(const std::string& text) {
  try {
    checkout::Result<int64_t> r = checkout::read_quantity(text);
    return r.ok() ? static_cast<double>(r.value()) : -1;
  } catch (...) {
    return -1;
  }
}

// The fingerprint of a binding text from price(): the same SHA-256 the
// native core puts in the quote.
std::string fingerprint(const std::string& binding_text) {
  try {
    return checkout::sha256_hex(binding_text);
  } catch (...) {
    return "";
  }
}

}  // namespace

EMSCRIPTEN_BINDINGS(checkout_core) {
  emscripten::value_object<RawResult>("RawResult")
      .field("ok", &RawResult::ok)
      .field("json", &RawResult::json)
      .field("unsafeAt", &RawResult::unsafeAt);
  emscripten::value_object<RawPriced>("RawPriced")
      .field("ok", &RawPriced::ok)
      .field("json", &RawPriced::json)
      .field("binding", &RawPriced::binding)
      .field("unsafeAt", &RawPriced::unsafeAt);
  emscripten::value_object<RawSessionView>("RawSessionView")
      .field("ok", &RawSessionView::ok)
      .field("numbers", &RawSessionView::numbers)
      .field("text", &RawSessionView::text);

  emscripten::class_<RawEngine>("RawEngine")
      .class_function("load", &RawEngine::load)
      .class_function("loadBytes", &RawEngine::loadBytes)
      .function("ok", &RawEngine::ok)
      .function("error", &RawEngine::error)
      .function("quote", &RawEngine::quote)
      .function("price", &RawEngine::price)
      .function("refund", &RawEngine::refund)
      .function("withStoreStock", &RawEngine::withStoreStock)
      .function("withWarehouseStock", &RawEngine::withWarehouseStock)
      .function("catalogView", &RawEngine::catalogView)
      .function("availability", &RawEngine::availability)
      .function("session", &RawEngine::session);

  emscripten::class_<RawSession>("RawSession")
      .function("ok", &RawSession::ok)
      .function("error", &RawSession::error)
      .function("setQuantity", &RawSession::setQuantity)
      .function("addLine", &RawSession::addLine)
      .function("removeLine", &RawSession::removeLine)
      .function("setFulfilment", &RawSession::setFulfilment)
      .function("applyCoupon", &RawSession::applyCoupon)
      .function("removeCoupon", &RawSession::removeCoupon)
      .function("setShippingMethod", &RawSession::setShippingMethod)
      .function("setDestination", &RawSession::setDestination)
      .function("setLocation", &RawSession::setLocation)
      .function("setNow", &RawSession::setNow)
      .function("setContext", &RawSession::setContext)
      .function("setEngine", &RawSession::setEngine)
      .function("view", &RawSession::view)
      .function("quote", &RawSession::quote)
      .function("price", &RawSession::price)
      .function("cartAndContext", &RawSession::cartAndContext);

  emscripten::class_<RawCatalogView>("RawCatalogView")
      .function("currency", &RawCatalogView::currency)
      .function("exponent", &RawCatalogView::exponent)
      .function("pricesIncludeTax", &RawCatalogView::pricesIncludeTax)
      .function("variant", &RawCatalogView::variant)
      .function("store", &RawCatalogView::store)
      .function("shippingMethod", &RawCatalogView::shippingMethod)
      .function("locate", &RawCatalogView::locate)
      .function("lists", &RawCatalogView::lists);

  emscripten::function("quoteRequest", &quote_request);
  emscripten::function("returnsRequest", &returns_request);
  emscripten::function("formatVersion", &format_version);
  emscripten::function("checkAddress", &check_address);
  emscripten::function("normalizeDigits", &normalize_digits);
  emscripten::function("readQuantity", &read_quantity);
  emscripten::function("fingerprint", &fingerprint);
}
