// RapidCheck generators of valid pricing requests (docs/formats.md): a small
// catalog with every promotion effect, tax rules, shipping and stores with
// stock, and a cart of 1..20 lines mixing ship and pickup, with coupons.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>
#include <rapidcheck.h>

namespace property {

using Json = nlohmann::json;

// One generated request: the catalog the engine loads once and the
// {"cart", "context"} document it quotes.
struct Scenario {
  Json catalog;
  Json cart;
  Json context;

  Json cart_and_context() const { return Json{{"cart", cart}, {"context", context}}; }
  // The one-shot {"catalog", "cart", "context"} request of quote_request().
  Json request() const { return Json{{"catalog", catalog}, {"cart", cart}, {"context", context}}; }
};

// Prints the one-shot request on one line, so a shrunk counterexample can be
// saved as it is under tests/property/regressions/ and replayed.
inline std::ostream& operator<<(std::ostream& os, const Scenario& s) { return os << s.request().dump(); }

rc::Gen<Scenario> scenarios();

// A uniform pick in [lo, hi] (inclusive) that shrinks towards lo. Unlike a
// bare rc::gen::inRange it ignores RapidCheck's size, which would narrow the
// range in early cases and starve the later choices of every list.
inline int64_t pick(int64_t lo, int64_t hi) { return *rc::gen::resize(100, rc::gen::inRange<int64_t>(lo, hi + 1)); }

// A coupon code that no generated catalog defines (catalog codes are CODE<n>...).
std::string unknown_code(int n);

}  // namespace property
