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
// three digits, for CA from its first letter; otherwise the region given,
// upper-cased where the country has a region list).
struct CheckedAddress {
  std::string country;
  std::string region;
  std::string postal_code;
};

// Checks country, region ("" when not given) and postal code together. The
// postal code is read as typed: Persian, Arabic-Indic and full-width digits
// count (normalize_digits), case, surrounding and repeated spaces do not.
//   US  ZIP code 10013, 10013-1234 or 100131234 -> "10013" / "10013-1234"; its
//       first three digits place it in a state, which `region` must be.
//   CA  K1A 0B1 or K1A0B1 -> "K1A 0B1"; its first letter places it in a
//       province (X: Northwest Territories or Nunavut), which `region` must be.
//   GB  SW1A 1AA, M1 1AE, B33 8TH..., space optional -> "SW1A 1AA".
//   DE  5 digits.  PL 00-950 or 00950 -> "00-950".  AM 4 digits.  CN 6 digits.
//   IR  1193653471 or 11936-53471 -> "1193653471".
//   AM, CN, IR: `region`, when given, is an ISO 3166-2 code of the country.
// Other countries: the postal code trimmed, upper-cased, inner spaces kept
// single; no pattern and no region rule.
// Errors, with a path relative to the address: invalid_postal_code
// ("/postal_code"), unknown_region ("/region"), postal_code_mismatch
// ("/postal_code"), invalid_value (empty or too long postal code, bad country).
Result<CheckedAddress> check_postal_address(std::string_view country, std::string_view region,
                                            std::string_view postal_code);

}  // namespace checkout
