// Where the goods go and where the shopper is, from what they type in the
// cart: the delivery estimate's country and postal code, and the store
// search's postal code, per country. Plain functions, no DOM: each returns
// the new state and the message to show (or '').
//   - Whether a postal code is well formed, its normal form and the region it
//     places an address in are the core's rule (../regions.mjs), so Persian,
//     Arabic-Indic and full-width digits count, and a refusal is worded in the
//     shopper's language with the country's example.
//   - Where a postal code is (for store distances) is the core's lookup too
//     (the catalog view's locate(), the one a quote's context.location uses).
import { messagesFor, normalPostalCode, placedRegion, postalCodeProblem } from '../regions.mjs';

const english = messagesFor('en');

// The delivery country a cart starts on: the page's (`country` option) when
// the merchant ships there, else the merchant's home country (the first of
// its stores' countries it ships to), else the first country it ships to.
export function startCountry(index, pageCountry) {
  const shipped = index.shippingCountries();
  if (shipped.length === 0 || shipped.includes(pageCountry)) return pageCountry;
  const home = storeCountries(index).find((c) => shipped.includes(c));
  return home ?? shipped[0];
}

// The countries of the merchant's stores, in the core's store order, once each.
function storeCountries(index) {
  return [...new Set(index.view.stores().map((s) => s.country))];
}

// The country whose postal codes the store search reads: the delivery
// country when the merchant has stores there, else its stores' country.
export function storeSearchCountry(index, destinationCountry) {
  const countries = storeCountries(index);
  return countries.length === 0 || countries.includes(destinationCountry) ? destinationCountry : countries[0];
}

// Where the core puts a postal code of `country`, as a quote's
// context.location, or undefined when the catalog does not know the place.
export function locationOf(index, country, postalCode) {
  const postal = normalPostalCode(country, postalCode);
  return postal && index.view.locate(country, postal) ? { country, postal_code: postal } : undefined;
}

// A typed postal code of `country`: { postal } in its normal form, or
// { problem } in the words of `messages` (i18n/messages.mjs).
function readPostal(value, country, messages) {
  const problem = postalCodeProblem({ country, postal_code: String(value ?? '') }, messages);
  return problem ? { problem } : { postal: normalPostalCode(country, value) };
}

// The store search: a postal code the catalog can place sorts stores by
// distance; another well-formed one shows every store and says the place is
// unknown (location cleared); anything else is refused (location unchanged).
export function storeSearch(value, { index, country, messages = english }) {
  const { postal, problem } = readPostal(value, country, messages);
  if (problem) return { ok: false, message: problem };
  const location = locationOf(index, country, postal);
  if (!location) return { ok: true, location: undefined, message: messages.t('shipping.unknown_postal', { postal }) };
  return { ok: true, location, message: '' };
}

// The delivery estimate: the destination (with the region the postal code
// places it in, e.g. a US state), and the postal code as the shopper's
// location too when none is known yet and the catalog can place it.
export function deliveryDestination(value, { index, country, location, messages = english }) {
  const { postal, problem } = readPostal(value, country, messages);
  if (problem) return { ok: false, message: problem };
  const region = placedRegion(country, postal) ?? undefined;
  return {
    ok: true, message: '', postal, region,
    destination: { country, ...(region ? { region } : {}), postal_code: postal },
    location: location ?? locationOf(index, country, postal),
  };
}

// Another delivery country chosen in the cart: the old postal code and
// region belonged to the old country, so the destination starts afresh.
export function destinationCountry(country) {
  return { destination: { country }, address: { country, region: '', postal_code: '' } };
}
