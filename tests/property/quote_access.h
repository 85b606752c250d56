// Runs generated scenarios through the public API (Engine::load /
// Engine::quote) and reads numbers out of the quote JSON, for the properties.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <rapidcheck.h>

#include "checkout/engine.h"
#include "request_generators.h"

namespace property {

// A quote as the engine wrote it, and parsed into one view: the binding's
// members with the details joined in by position (details.lines[i] describes
// binding.lines[i], ...), totals.tax_included from the rounding policy, as
// the properties were written against.
struct Quoted {
  std::string text;
  Json json;
};

inline Json joined_quote(const Json& quote) {
  const Json& b = quote.at("binding");
  const Json& d = quote.at("details");
  Json q = b;
  for (size_t i = 0; i < q["lines"].size(); ++i) q["lines"][i].update(d.at("lines").at(i));
  Json applied = b.at("promotions");
  for (size_t i = 0; i < applied.size(); ++i) applied[i].update(d.at("promotions").at("applied").at(i));
  q["promotions"] = Json{{"applied", std::move(applied)}, {"rejected", d.at("promotions").at("rejected")}};
  for (size_t i = 0; i < q["tax_lines"].size(); ++i) q["tax_lines"][i].update(d.at("tax_lines").at(i));
  q["shipping"].update(d.at("shipping"));
  q["pickup"] = d.at("pickup");
  q["messages"] = d.at("messages");
  q["totals"]["tax_included"] = b.at("rounding").at("prices_include_tax");
  if (quote.contains("catalog_version")) q["catalog_version"] = quote.at("catalog_version");
  q["fingerprint"] = quote.at("fingerprint");
  return q;
}

// The generators only make valid requests, so any error fails the property,
// except `overflow`: a 10^15 price times 10^6 units legitimately exceeds
// int64 and the engine must say so; such a case proves nothing here.
inline void reject_error(const checkout::Error& e, const char* stage) {
  if (e.code == "overflow") RC_DISCARD("amounts overflow int64 (legitimate overflow error)");
  RC_FAIL(std::string(stage) + " failed: " + checkout::error_json(e));
}

inline checkout::Engine load_engine(const Scenario& s) {
  // A std::string converts to both string_view and json: say which overload.
  const std::string text = s.catalog.dump();
  checkout::Result<checkout::Engine> engine = checkout::Engine::load(std::string_view(text), "/catalog");
  if (!engine.ok()) reject_error(engine.error(), "Engine::load");
  return std::move(engine.value());
}

inline Quoted quote_with(const checkout::Engine& engine, const Json& cart_and_context) {
  const std::string request = cart_and_context.dump();
  checkout::Result<std::string> text = engine.quote(std::string_view(request));
  if (!text.ok()) reject_error(text.error(), "Engine::quote");
  return Quoted{text.value(), joined_quote(Json::parse(text.value()))};
}

inline Quoted quote_scenario(const Scenario& s) { return quote_with(load_engine(s), s.cart_and_context()); }

inline int64_t money_at(const Json& object, const char* key) { return object.at(key).get<int64_t>(); }

}  // namespace property
