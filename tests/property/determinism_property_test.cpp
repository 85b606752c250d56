// Property 5: quoting is deterministic and the quote is canonical. The same
// request gives the same bytes however it reaches the engine, and the
// fingerprint is the SHA-256 of the canonical binding.
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

RC_GTEST_PROP(Determinism, FingerprintIsHashOfTheBinding, ()) {
  const Scenario s = *scenarios();
  const Quoted quoted = quote_scenario(s);

  // Canonical: nlohmann's compact dump sorts keys (std::map) and adds no
  // whitespace, so re-dumping the parsed quote must give the same bytes.
  const Json parsed = Json::parse(quoted.text);
  RC_ASSERT(parsed.dump() == quoted.text);

  RC_ASSERT(parsed.contains("fingerprint"));
  const std::string fingerprint = parsed.at("fingerprint").get<std::string>();
  RC_ASSERT(fingerprint.size() == 64u);
  RC_ASSERT(fingerprint == checkout::sha256_hex(parsed.at("binding").dump()));
}

}  // namespace
}  // namespace property
