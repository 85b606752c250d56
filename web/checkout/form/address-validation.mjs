// The shipping address's own checks, in one function so a rule about
// addresses has one place. Whether a postal code is well formed and belongs
// to its region is the core's rule (shared-core/src/address_rules.cpp), asked
// through regions.mjs; the server asks the same rule.
import { postalCodeProblem } from '../regions.mjs';

// address: { line1, line2, city, region, postal_code, country } -> field -> message.
export function validateAddress(address) {
  const errors = {};
  const a = address;
  if (!a.line1.trim()) errors.line1 = 'Enter the street address.';
  if (!a.city.trim()) errors.city = 'Enter the city.';
  if (a.country === 'US' && !a.region) errors.region = 'Choose a state.';
  if (a.country !== 'US' && !a.postal_code.trim()) {
    errors.postal_code = 'Enter the postal code.';
  } else {
    const problem = postalCodeProblem(a);
    if (problem) errors.postal_code = problem;
  }
  return errors;
}
