// Property 5: quoting is deterministic and the quote is canonical. The same
// request gives the same bytes however it reaches the engine, and the
// fingerprint is the SHA-256 of the canonical quote without it.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <string_view>

#include "quote_access.h"
#include "request_generators.h"
#include "checkout/sha256.h"

namespace property {
namespace {

RC_GTEST_PROP(Determinism, SameRequestSameBytes, ()) {
  const Scenario s = *scenarios();
  const checkout::Engine engine = load_engine(s);
  const std::string first = quote_with(engine, s.cart_and_context()).text;

  RC_ASSERT(quote_with(engine, s.cart_and_context()).text == first);

  // The JSON-value overload and a second engine from the same catalog.
  checkout::Result<std::string> from_value = engine.quote(s.cart_and_context());
  RC_ASSERT(from_value.ok());
  RC_ASSERT(from_value.value() == first);
  RC_ASSERT(quote_with(load_engine(s), s.cart_and_context()).text == first);

  // The one-shot request.
  const std::string one_shot_text = s.request().dump();
  checkout::Result<std::string> one_shot = checkout::quote_request(std::string_view(one_shot_text));
  RC_ASSERT(one_shot.ok());
  RC_ASSERT(one_shot.value() == first);
}

RC_GTEST_PROP(Determinism, FingerprintIsHashOfQuoteWithoutIt, ()) {
  const Scenario s = *scenarios();
  const Quoted quoted = quote_scenario(s);

  // Canonical: nlohmann's compact dump sorts keys (std::map) and adds no
  // whitespace, so re-dumping the parsed quote must give the same bytes.
  RC_ASSERT(quoted.json.dump() == quoted.text);

  Json without = quoted.json;
  RC_ASSERT(without.contains("fingerprint"));
  const std::string fingerprint = without.at("fingerprint").get<std::string>();
  without.erase("fingerprint");
  RC_ASSERT(fingerprint.size() == 64u);
  RC_ASSERT(fingerprint == checkout::sha256_hex(without.dump()));
}

}  // namespace
}  // namespace property
