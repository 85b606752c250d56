// What every fuzz target that prices something checks beyond "no sanitizer
// report": the engine's own promises, so a wrong answer is a finding too, not
// only a crash. Any violation aborts with a message (libFuzzer then saves the
// input as a crash artifact).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checkout/engine.h"
#include "json_strict.h"
#include "checkout/sha256.h"

namespace fuzz {

[[noreturn]] inline void violated(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n*** fuzz oracle violated: %s\n%s\n", what, detail.substr(0, 4000).c_str());
  std::abort();
}

// An error is the caller's fault, described in valid JSON; "internal" means
// an exception the loaders did not anticipate (e.g. a nlohmann type_error)
// or a guard inside the engine tripped: a bug either way.
inline void check_error(const checkout::Error& e) {
  if (e.code == "internal" || e.message.rfind("internal", 0) == 0) {
    violated("engine reported an internal error", e.code + ": " + e.message + " at " + e.path);
  }
  if (e.code.empty() || e.message.empty()) violated("error without code or message", e.code + "|" + e.message);
  if (!e.path.empty() && e.path[0] != '/') violated("error path is not a JSON Pointer", e.path);
  const std::string text = checkout::error_json(e);
  try {
    checkout::parse_json_strict(text);
  } catch (...) {
    violated("error_json is not valid JSON", text);
  }
}

inline int64_t int_at(const checkout::Json& j, const char* key, const std::string& quote) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) violated("quote lacks an integer", std::string(key) + " in " + quote);
  return it->get<int64_t>();
}

// A quote is canonical JSON, its fingerprint is the SHA-256 of its binding, and
// the money adds up (formats.md, totals.cpp):
//   line: subtotal = unit_price x quantity, net = subtotal - discount_total >= 0
//   totals: subtotal = sum of line subtotals, discounts = sum of line discounts,
//           grand_total = subtotal - discounts + shipping (+ tax unless included) >= 0.
inline void check_quote(const std::string& quote) {
  checkout::Json q;
  try {
    q = checkout::parse_json_strict(quote);
  } catch (...) {
    violated("quote is not strict JSON", quote);
  }
  if (checkout::canonical_dump(q) != quote) violated("quote is not canonical", quote);
  auto fp = q.find("fingerprint");
  if (fp == q.end() || !fp->is_string()) violated("quote has no fingerprint", quote);
  const std::string fingerprint = fp->get<std::string>();
  if (!q.contains("binding") || !q.contains("details")) violated("quote lacks binding or details", quote);
  if (checkout::sha256_hex(checkout::canonical_dump(q.at("binding"))) != fingerprint) violated("fingerprint mismatch", quote);
  q = checkout::Json(q.at("binding"));

  int64_t sum_subtotal = 0, sum_discounts = 0;
  for (const checkout::Json& line : q.at("lines")) {
    const int64_t unit = int_at(line, "unit_price", quote), qty = int_at(line, "quantity", quote);
    const int64_t subtotal = int_at(line, "subtotal", quote), discount = int_at(line, "discount_total", quote);
    const int64_t net = int_at(line, "net", quote);
    __int128 product = static_cast<__int128>(unit) * qty;
    if (product != subtotal) violated("line subtotal != unit_price x quantity", quote);
    if (discount < 0 || discount > subtotal || net != subtotal - discount) violated("line discount out of range", quote);
    if (int_at(line, "tax", quote) < 0) violated("negative line tax", quote);
    sum_subtotal += subtotal;  // bounded: the engine refuses carts whose subtotal overflows
    sum_discounts += discount;
  }
  const checkout::Json& t = q.at("totals");
  const int64_t subtotal = int_at(t, "subtotal", quote), discounts = int_at(t, "discounts", quote);
  const int64_t shipping = int_at(t, "shipping", quote), tax = int_at(t, "tax", quote);
  const int64_t grand = int_at(t, "grand_total", quote);
  if (subtotal != sum_subtotal || discounts != sum_discounts) violated("totals do not sum the lines", quote);
  if (shipping < 0 || tax < 0 || grand < 0) violated("negative total", quote);
  const bool included = q.at("rounding").at("prices_include_tax").get<bool>();
  const __int128 expected = static_cast<__int128>(subtotal) - discounts + shipping + (included ? 0 : tax);
  if (expected != grand) violated("grand_total does not add up", quote);
}

// Checks one engine answer, whichever kind it is.
inline void check_result(const checkout::Result<std::string>& r) {
  if (r.ok()) check_quote(r.value());
  else check_error(r.error());
}

inline std::string answer_text(const checkout::Result<std::string>& r) {
  return r.ok() ? r.value() : checkout::error_json(r.error());
}

}  // namespace fuzz
