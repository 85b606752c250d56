// Digits as people type them: Persian (۰-۹), Arabic-Indic (٠-٩) and full-width
// (０-９) digits are the ASCII digits 0-9, so "۱۲" in a quantity field is 12 and
// "００－９５０" a Polish postal code. The widget (through the JS API), the server
// and the address rule all read typed digits through these two functions, so
// native and wasm agree (docs/formats.md, "Addresses").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "checkout/result.h"

namespace checkout {

// `text` (UTF-8) with every Persian, Arabic-Indic and full-width digit made
// ASCII and the full-width hyphen-minus (U+FF0D, typed inside postal codes on
// CJK keyboards) made '-'; every other byte is kept as it is, invalid UTF-8
// included.
std::string normalize_digits(std::string_view text);

// A quantity field's text -> a whole number 0..9,999,999 ("۳" -> 3, " ３ " ->
// 3). Surrounding spaces are ignored; signs, separators, decimals and
// exponents are not numbers here. Error: invalid_quantity, path "".
Result<int64_t> read_quantity(std::string_view text);

}  // namespace checkout
