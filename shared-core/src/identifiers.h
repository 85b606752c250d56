// How the identifiers a shopper or merchant types are compared: one rule per
// kind, applied to both sides of every comparison (catalog and request), so
// "sw1a 1aa" and "SW1A 1AA", or " 10013" and "10013", are the same place
// everywhere: tax rules, shipping zones and store search (docs/formats.md,
// "Identifiers").
#pragma once
#include <string>
#include <string_view>

namespace checkout {

// Postal codes: surrounding and inner ASCII whitespace and hyphens removed,
// ASCII letters upper-cased ("sw1a 1aa" -> "SW1A1AA", "10013-1234" ->
// "100131234"). Rules and zones match by prefix on this form, so a US ZIP+4
// matches the rules of its five-digit ZIP.
std::string normalise_postal_code(std::string_view s);

// Promotion codes: surrounding ASCII whitespace trimmed, letters upper-cased.
// Their length limits are measured on this form.
std::string normalise_promotion_code(std::string_view s);

// Channels and customer groups: surrounding ASCII whitespace trimmed, letters
// lower-cased ("Web " -> "web", "VIP" -> "vip").
std::string normalise_label(std::string_view s);

}  // namespace checkout
