// Whether a postal address's region and postal code belong together, and the
// postal code's one normal form. The widget (through the JS API), the server
// (POST /api/orders) and the tests all ask this one rule, so "90013 in New
// York" is refused everywhere alike (docs/formats.md, "Addresses").
#pragma once
#include <string>
#include <string_view>

#include "checkout/result.h"

namespace checkout {

// An address whose postal code is in its normal form, with the region the
// postal code places it in (for the US, the state from the ZIP code's first
// three digits; "" where the core knows no such rule).
struct CheckedAddress {
  std::string country;
  std::string region;
  std::string postal_code;
};

// Checks country, region ("" when not given) and postal code together.
// US: a ZIP code of 5 digits, or ZIP+4 written "10013-1234" or "100131234",
// normalised to "10013" / "10013-1234"; its first three digits must belong to
// a state, and to `region` when one is given. Other countries: the postal
// code trimmed, upper-cased, inner spaces kept single; no region rule.
// Errors: invalid_value or postal_code_mismatch, with a path relative to the
// address ("/postal_code", "/region", "/country").
Result<CheckedAddress> check_postal_address(std::string_view country, std::string_view region,
                                            std::string_view postal_code);

}  // namespace checkout
