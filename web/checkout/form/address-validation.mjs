// The shipping address's own checks, in one function so a rule about
// addresses has one place. Whether a postal code is well formed, in its
// country's form and in its region, and whether a region is one of the
// country's, is the core's rule (shared-core/src/address_rules.cpp), asked
// through regions.mjs; the server asks the same rule.
import { postalAddressProblems } from '../regions.mjs';

// address: { line1, line2, city, region, postal_code, country } -> field -> message.
// `messages` (i18n/messages.mjs) words the postal code and region problems; English by default.
export function validateAddress(address, messages) {
  const errors = {};
  const a = address;
  if (!a.line1.trim()) errors.line1 = 'Enter the street address.';
  if (!a.city.trim()) errors.city = 'Enter the city.';
  return { ...errors, ...postalAddressProblems(a, messages) };
}
