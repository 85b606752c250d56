// The shipping address fields of the checkout form, per country: the country
// select (the countries the merchant's shipping methods serve), the postal
// code's label, example and keyboard, a region list or none, and the fields
// in the country's order (i18n/address-formats.mjs, from the hand-written
// table tests/address/address-formats.json). Words come from the message
// catalog; like every view it reads the state and never writes it.
import { h, uid } from '../dom.mjs';
import { addressFormat, fieldOrder, postalInput, regionOptions } from '../i18n/address-formats.mjs';
import { messagesFor } from '../regions.mjs';

// The widget's words (s.t, merchant overrides included), else the catalog of the state's locale.
const messagesOf = (s) => (s.t ? { t: s.t, locale: s.lang ?? s.locale } : messagesFor(s.locale));

function regionField(s, a, m, field) {
  const country = s.address.country;
  const format = addressFormat(country);
  // A country the table does not know: a free, optional region.
  if (!format) return field(s, a, 'address', 'region', m.t('checkout.state_province'), { autocomplete: 'address-level1', required: false });
  if (!format.region) return null;
  const id = uid('region');
  const error = s.formErrors.region;
  const select = h('select', {
    id, name: 'region', autocomplete: 'address-level1', required: format.region.required,
    dataset: { focusKey: 'form-region', field: 'region' },
    aria: { invalid: error ? 'true' : undefined, describedby: error ? `${id}-error` : undefined },
    on: { change: (e) => { a.setField('address', 'region', e.target.value); a.fieldChanged('region'); } },
  },
  h('option', { value: '', text: m.t('checkout.choose') }),
  regionOptions(country, s.locale).map((r) => h('option', { value: r.code, selected: s.address.region === r.code, text: r.text })));
  return h('div', { class: 'field' }, h('label', { for: id, text: m.t(format.region.label) }), select,
    error ? h('p', { id: `${id}-error`, class: 'error-text', text: error }) : null);
}

function postalField(s, a, m, field) {
  const postal = postalInput(s.address.country);
  return field(s, a, 'address', 'postal_code', m.t(postal.label), {
    autocomplete: 'postal-code',
    inputmode: postal.inputmode,
    maxlength: postal.maxlength,
    hint: postal.example ? m.t('address.postal.example', { example: postal.example }) : undefined,
  });
}

// The countries a country select offers for `current` (the countries the
// merchant's shipping methods serve), each named in the shopper's language;
// null when there is nothing to choose. A country the merchant does not ship
// to (a saved cart, a page's option) stays listed first, with `notShipped`
// saying so, so the select shows what is chosen. The checkout form's select
// and the cart's delivery estimate both use it.
export function countryChoices(s, current, m = messagesOf(s)) {
  const countries = s.index.shippingCountries();
  if (countries.length <= 1 && (countries.length === 0 || countries[0] === current)) return null;
  const names = new Intl.DisplayNames([s.locale], { type: 'region' });
  const shipped = countries.includes(current);
  return {
    options: (shipped ? countries : [current, ...countries]).map((c) => ({ code: c, text: names.of(c) ?? c })),
    notShipped: shipped ? null : m.t('address.error.not_shipped', { country: names.of(current) ?? current }),
  };
}

function countryField(s, a, m) {
  const current = s.address.country;
  const choices = countryChoices(s, current, m);
  if (!choices) return null;
  const id = uid('country');
  const errorId = `${id}-error`;
  const error = s.formErrors.country ?? choices.notShipped;
  return h('div', { class: 'field' }, h('label', { for: id, text: m.t('checkout.country') }),
    h('select', {
      id, name: 'country', autocomplete: 'country', dataset: { focusKey: 'form-country', field: 'country' },
      aria: { invalid: error ? 'true' : undefined, describedby: error ? errorId : undefined },
      on: { change: (e) => { a.setField('address', 'country', e.target.value); a.fieldChanged('country'); } },
    }, choices.options.map((c) => h('option', { value: c.code, selected: current === c.code, text: c.text }))),
    error ? h('p', { id: errorId, class: 'error-text', text: error }) : null);
}

// The address fieldset's grid: the country first (it decides the rest), then
// the country's fields in its order. `field` builds a text field as the rest
// of the form does; the contact's name field serves the address too.
export function addressFields(s, a, field, labels) {
  const m = messagesOf(s);
  const build = {
    name: () => null,
    street: () => field(s, a, 'address', 'line1', labels.street, { autocomplete: 'address-line1' }),
    apartment: () => field(s, a, 'address', 'line2', labels.apartment, { autocomplete: 'address-line2', required: false }),
    city: () => field(s, a, 'address', 'city', labels.city, { autocomplete: 'address-level2' }),
    region: () => regionField(s, a, m, field),
    postal_code: () => postalField(s, a, m, field),
  };
  return [countryField(s, a, m), ...fieldOrder(s.address.country).map((name) => build[name]())];
}
