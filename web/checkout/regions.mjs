// The questions the widget asks about a postal address, answered by the core
// (shared-core/src/address_rules.cpp, through the JS API), which the server
// asks too: which region a postal code places an address in (so a shopper
// who types only a ZIP in the cart already sees the right tax and shipping
// options), its normal form, and what is wrong with it for the shopper to
// fix. The form's labels and region lists are i18n/address-formats.mjs.
import { addressFormat, regionName } from './i18n/address-formats.mjs';
import { createMessages } from './i18n/messages.mjs';

let core = null;

// The loaded core (wasm/js/checkout.mjs) these functions ask; the widget
// hands it over once it has loaded. Until then nothing is a valid ZIP code.
export function useAddressRules(loadedCore) {
  core = loadedCore;
}

// The core the address and digit rules ask (i18n/digits.mjs too), or null.
export function addressRulesCore() {
  return core;
}

function check(address) {
  return core ? core.checkAddress(address) : null;
}

// The region a postal code places an address in (US: the state of a ZIP
// code, CA: the province of a postal code's first letter), or null.
export function placedRegion(country, postalCode) {
  const r = check({ country, postal_code: String(postalCode ?? '') });
  return r?.ok && r.address.region ? r.address.region : null;
}

// The state a US ZIP code (or ZIP+4) belongs to, or null.
export const stateForZip = (zip) => placedRegion('US', zip);

export const isUsZip = (zip) => stateForZip(zip) !== null;

// The postal code in its one normal form ("100131234" -> "10013-1234",
// "۰۰۹۵۰" -> "00-950" in PL), or the text as typed when the core cannot read it.
export function normalPostalCode(country, postalCode) {
  const r = check({ country, postal_code: String(postalCode ?? '') });
  return r?.ok ? r.address.postal_code : String(postalCode ?? '').trim();
}

// The message catalog of a locale (i18n/messages.mjs) as loaded now; not
// kept, so a catalog that arrives later is used from then on.
export function messagesFor(locale) {
  return createMessages({ locale: locale || 'en' });
}

const english = messagesFor('en');

// What is wrong with an address's postal code and region for the shopper to
// fix: { postal_code?, region? } -> message in the locale of `messages`
// (i18n/messages.mjs); {} when the core accepts them (or has not loaded).
export function postalAddressProblems({ country, region, postal_code: postalCode }, messages = english) {
  const t = (key, params) => messages.t(key, params);
  const format = addressFormat(country);
  const us = country === 'US';
  const problems = {};
  if (format?.region?.required && !region) problems.region = t(us ? 'field.choose_state' : 'address.error.region_choose');
  if (!String(postalCode ?? '').trim()) {
    problems.postal_code = t(us ? 'field.zip_invalid' : 'field.enter_postal');
    return problems;
  }
  const r = check({ country, region: region || '', postal_code: postalCode });
  if (!r || r.ok) return problems;
  const { code } = r.error;
  if (code === 'unknown_region') problems.region = t('address.error.region_choose');
  else if (code === 'postal_code_mismatch') {
    const params = { region: regionName(country, region, messages.locale) };
    problems.postal_code = t(us ? 'address.error.zip_mismatch' : 'address.error.postal_mismatch', params);
  } else if (r.error.path === '/postal_code') {
    problems.postal_code = us ? t('field.zip_invalid')
      : format ? t('field.postal_invalid', { example: format.postal.example }) : t('field.enter_postal');
  }
  return problems;
}

// The postal code's problem alone, or null (the cart's ZIP fields).
export function postalCodeProblem(address, messages = english) {
  return postalAddressProblems(address, messages).postal_code ?? null;
}
