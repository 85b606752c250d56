// Where the shopper is and where the goods go, from what they type: ZIP codes
// for the store search and the delivery estimate. Plain functions, no DOM:
// each returns the new state and the message to show (or '').
import { isUsZip, normalPostalCode, placedRegion, postalCodeProblem } from '../regions.mjs';

export const knownPostalCode = (index, zip) => (index.catalog.postal_codes ?? []).some((p) => p.postal_code === zip);

// The store search: a ZIP the catalog can place sorts stores by distance;
// another valid ZIP shows every store (location cleared); anything else is
// refused (location unchanged).
export function storeSearch(value, index, country = 'US') {
  const zip = normalPostalCode(country, value);  // typed Persian or full-width digits count
  const known = knownPostalCode(index, zip);
  if (!zip || (!known && !isUsZip(zip))) return { ok: false, message: 'Enter a 5-digit ZIP code.' };
  if (!known) return { ok: true, location: undefined, message: `We don't know ZIP ${zip} yet: showing all stores.` };
  return { ok: true, location: { country, postal_code: zip }, message: '' };
}

// The delivery estimate: the destination (with the state a US ZIP implies),
// and the ZIP as the shopper's location too when none is known yet.
export function deliveryZip(value, { index, country, location }) {
  const problem = value.trim() ? postalCodeProblem({ country, postal_code: value }) : null;
  if (country === 'US' && !isUsZip(value)) return { ok: false, message: 'Enter a 5-digit ZIP code.' };
  if (problem) return { ok: false, message: problem };
  const zip = normalPostalCode(country, value);
  const region = placedRegion(country, zip) ?? undefined;
  return {
    ok: true, message: '', zip, region,
    destination: { country, ...(region ? { region } : {}), postal_code: zip },
    location: !location && knownPostalCode(index, zip) ? { country, postal_code: zip } : location,
  };
}
