// The shipping address's own checks, in one function so a rule about
// addresses (a postal code consistent with its region, say) has one place.
import { isUsZip } from '../regions.mjs';

// address: { line1, line2, city, region, postal_code, country } -> field -> message.
export function validateAddress(address) {
  const errors = {};
  const a = address;
  if (!a.line1.trim()) errors.line1 = 'Enter the street address.';
  if (!a.city.trim()) errors.city = 'Enter the city.';
  if (a.country === 'US') {
    if (!a.region) errors.region = 'Choose a state.';
    if (!isUsZip(a.postal_code)) errors.postal_code = 'Enter a 5-digit ZIP code.';
  } else if (!a.postal_code.trim()) {
    errors.postal_code = 'Enter the postal code.';
  }
  return errors;
}
