// US states for the address form, and the questions the widget asks about a
// postal code: which state a ZIP code belongs to (so a shopper who types only
// a ZIP in the cart already sees the right tax and shipping options) and
// whether it belongs to the state chosen. The rule itself, USPS's ZIP
// prefixes per state, lives in the core (shared-core/src/address_rules.cpp),
// which the server asks too: these functions ask it through the JS API.

export const US_STATES = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'],
  ['CO', 'Colorado'], ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'],
  ['FL', 'Florida'], ['GA', 'Georgia'], ['HI', 'Hawaii'], ['ID', 'Idaho'], ['IL', 'Illinois'],
  ['IN', 'Indiana'], ['IA', 'Iowa'], ['KS', 'Kansas'], ['KY', 'Kentucky'], ['LA', 'Louisiana'],
  ['ME', 'Maine'], ['MD', 'Maryland'], ['MA', 'Massachusetts'], ['MI', 'Michigan'], ['MN', 'Minnesota'],
  ['MS', 'Mississippi'], ['MO', 'Missouri'], ['MT', 'Montana'], ['NE', 'Nebraska'], ['NV', 'Nevada'],
  ['NH', 'New Hampshire'], ['NJ', 'New Jersey'], ['NM', 'New Mexico'], ['NY', 'New York'],
  ['NC', 'North Carolina'], ['ND', 'North Dakota'], ['OH', 'Ohio'], ['OK', 'Oklahoma'], ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'], ['RI', 'Rhode Island'], ['SC', 'South Carolina'], ['SD', 'South Dakota'],
  ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'], ['VA', 'Virginia'],
  ['WA', 'Washington'], ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
];

let core = null;

// The loaded core (wasm/js/checkout.mjs) these functions ask; the widget
// hands it over once it has loaded. Until then nothing is a valid ZIP code.
export function useAddressRules(loadedCore) {
  core = loadedCore;
}

function check(address) {
  return core ? core.checkAddress(address) : null;
}

// The state a US ZIP code (or ZIP+4) belongs to, or null.
export function stateForZip(zip) {
  const r = check({ country: 'US', postal_code: String(zip ?? '') });
  return r?.ok ? r.address.region : null;
}

export const isUsZip = (zip) => stateForZip(zip) !== null;

// The postal code in its one normal form ("100131234" -> "10013-1234"), or
// the text as typed when the core cannot read it.
export function normalPostalCode(country, postalCode) {
  const r = check({ country, postal_code: String(postalCode ?? '') });
  return r?.ok ? r.address.postal_code : String(postalCode ?? '').trim();
}

// What is wrong with an address's postal code for the shopper to fix, or null.
export function postalCodeProblem({ country, region, postal_code: postalCode }) {
  const r = check({ country, region: region || '', postal_code: postalCode });
  if (!r || r.ok || r.error.path !== '/postal_code') return null;
  if (r.error.code === 'postal_code_mismatch') {
    const name = US_STATES.find(([code]) => code === region)?.[1] ?? region;
    return `This ZIP code is not in ${name}. Check the ZIP code or the state.`;
  }
  return country === 'US' ? 'Enter a 5-digit ZIP code.' : 'Enter the postal code.';
}
