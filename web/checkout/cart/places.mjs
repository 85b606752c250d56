// Where the shopper is and where the goods go, from what they type: ZIP codes
// for the store search and the delivery estimate. Plain functions, no DOM:
// each returns the new state and the message to show (or '').
import { englishText } from '../i18n/messages.mjs';
import { isUsZip, normalPostalCode, placedRegion, postalCodeProblem } from '../regions.mjs';

export const knownPostalCode = (index, zip) => (index.catalog.postal_codes ?? []).some((p) => p.postal_code === zip);

// The store search: a ZIP the catalog can place sorts stores by distance;
// another valid ZIP shows every store (location cleared); anything else is
// refused (location unchanged).
export function storeSearch(value, index, country = 'US', t = englishText) {
  const zip = normalPostalCode(country, value);  // typed Persian or full-width digits count
  const known = knownPostalCode(index, zip);
  if (!zip || (!known && !isUsZip(zip))) return { ok: false, message: t('field.zip_invalid') };
  if (!known) return { ok: true, location: undefined, message: t('shipping.unknown_postal', { postal: zip }) };
  return { ok: true, location: { country, postal_code: zip }, message: '' };
}

// The delivery estimate: the destination (with the state a US ZIP implies),
// and the ZIP as the shopper's location too when none is known yet.
export function deliveryZip(value, { index, country, location, t = englishText }) {
  if (country === 'US' && !isUsZip(value)) return { ok: false, message: t('field.zip_invalid') };
  // Elsewhere the core's rule for the country; its problem in the shopper's words.
  const problem = value.trim() ? postalCodeProblem({ country, postal_code: value }, { t, locale: undefined }) : null;
  if (problem) return { ok: false, message: problem };
  const zip = normalPostalCode(country, value);
  const region = placedRegion(country, zip) ?? undefined;
  return {
    ok: true, message: '', zip, region,
    destination: { country, ...(region ? { region } : {}), postal_code: zip },
    location: !location && knownPostalCode(index, zip) ? { country, postal_code: zip } : location,
  };
}
