// Addresses of other countries, as the form shows them: per country the postal
// code's label (a message key of ./locales), an example, input mode and length, the
// region list (or none) with its label, and the order of the form's fields.
// The data comes from the hand-written table tests/address/address-formats.json
// (tools/gen-address-formats.mjs writes ./address-formats.data.mjs from it).
// Whether a postal code or region is valid is not decided here: that is the
// core's rule, asked through ../regions.mjs.
import { COUNTRIES, FIELDS } from './address-formats.data.mjs';

export { FIELDS };
export const ADDRESS_FORMATS = Object.freeze(COUNTRIES);

// A country the table does not know: a free postal code, an optional free region.
const DEFAULT_ORDER = Object.freeze(['name', 'street', 'apartment', 'city', 'region', 'postal_code']);

// The format of a country; null for a country this table does not know.
export function addressFormat(country) {
  return ADDRESS_FORMATS[String(country ?? '').toUpperCase()] ?? null;
}

// What a postal code field of the country is like, for every field that asks
// for one (the checkout form's, the cart's delivery estimate and store
// search): { label (message key), example (null when the table does not know
// the country), inputmode (undefined: letters allowed), maxlength }.
// A country the table does not know: "Postal code", any text up to the
// core's 16 characters.
export function postalInput(country) {
  const postal = addressFormat(country)?.postal;
  if (!postal) return { label: 'address.postal.postal_code', example: null, inputmode: undefined, maxlength: 16 };
  return { label: postal.label, example: postal.example, inputmode: postal.inputmode, maxlength: postal.max_length };
}

// The form's fields in the country's order (the default order for an unknown country).
export function fieldOrder(country) {
  return addressFormat(country)?.order ?? DEFAULT_ORDER;
}

// The country's regions as the select shows them: [{ code, text }], each in the
// shopper's language where the table has it (Երևան for hy, 北京市 for zh,
// تهران for fa), else by its English name, sorted as the table lists them.
export function regionOptions(country, locale) {
  const region = addressFormat(country)?.region;
  if (!region) return [];
  const language = String(locale ?? '').toLowerCase().split('-')[0];
  const local = region.local_language === language;
  return region.list.map((r) => ({ code: r.code, text: local && r.local ? r.local : r.name }));
}

// The region's name for messages ("New York" for US NY), or the code itself.
export function regionName(country, code, locale) {
  return regionOptions(country, locale).find((r) => r.code === code)?.text ?? code;
}
