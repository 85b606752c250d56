// The cart's destination per country (web/checkout/cart/places.mjs): the
// delivery estimate's country and postal code, the store search's postal
// code, and the field each is typed in (i18n/address-formats.mjs postalInput),
// over the real wasm core and the demo merchants' catalogs: the Polish one
// (stores in Warsaw and Kraków, postal areas 00-04 and 30-31) and the US one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';

import * as places from '../../web/checkout/cart/places.mjs';
import { postalInput } from '../../web/checkout/i18n/address-formats.mjs';
import { createMessages, loadLocale } from '../../web/checkout/i18n/messages.mjs';
import { CatalogIndex } from '../../web/checkout/pricing.mjs';
import { countryChoices } from '../../web/checkout/views/address-fields.mjs';
import { useAddressRules } from '../../web/checkout/regions.mjs';
import { loadWasmApi } from '../../tests/parity/clis.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let core;
const indexes = {};

// The demo merchant's catalog as the widget holds it: the core's engine and its CatalogIndex.
function merchant(name, change = (c) => c) {
  const catalog = change(JSON.parse(readFileSync(resolve(repoRoot, `server-stub/data/${name}/catalog.json`), 'utf8')));
  const r = core.createEngine(JSON.stringify(catalog));
  assert.ok(r.ok, r.json);
  return { engine: r.engine, index: new CatalogIndex(catalog, r.engine.catalogView()) };
}

before(async () => {
  core = await (await loadWasmApi()).loadCheckoutCore();
  useAddressRules(core);
  await Promise.all(['pl', 'de'].map(loadLocale));
  indexes.pl = merchant('pl-demo');
  indexes.us = merchant('demo');
  // The US demo shop, shipping to Canada and the United Kingdom too.
  indexes.abroad = merchant('demo', (c) => {
    c.shipping.methods.find((m) => m.id === 'standard').zones.push({ country: 'CA' }, { country: 'GB' });
    return c;
  });
});

const pl = () => createMessages({ locale: 'pl-PL' });
const en = () => createMessages({ locale: 'en' });

// The stores of a quote at `location`, nearest first.
function storesNear(merchantOf, location) {
  const lines = [{ sku: merchantOf.index.catalog.products[0].variants[0].sku, quantity: 1 }];
  const r = merchantOf.engine.quote({ cart: { lines }, context: { now: '2026-11-23T10:00:00Z', location } });
  assert.ok(r.ok, r.json);
  return r.quote.details.pickup.stores.map((s) => s.store);
}

test('the cart starts on the merchant\'s home country unless the page\'s is shipped to', () => {
  assert.equal(places.startCountry(indexes.pl.index, 'US'), 'PL', 'the Polish shop does not ship to the US');
  assert.equal(places.startCountry(indexes.pl.index, 'PL'), 'PL');
  assert.equal(places.startCountry(indexes.us.index, 'US'), 'US');
  assert.equal(places.startCountry(indexes.abroad.index, 'GB'), 'GB', 'a country it ships to, as the page asks');
  assert.equal(places.startCountry(indexes.abroad.index, 'PL'), 'US', 'not shipped to: the stores\' country');
});

test('the store search reads postal codes of the country the stores are in', () => {
  assert.equal(places.storeSearchCountry(indexes.pl.index, 'PL'), 'PL');
  assert.equal(places.storeSearchCountry(indexes.abroad.index, 'GB'), 'US', 'no store in GB: the stores\' country');
  assert.equal(places.storeSearchCountry(indexes.abroad.index, 'US'), 'US');
});

test('Polish postal codes typed in full-width or Persian digits find the nearest store', () => {
  const { index } = indexes.pl;
  const krakow = places.storeSearch('۳۰-۰۰۱', { index, country: 'PL', messages: pl() });
  assert.deepEqual(krakow, { ok: true, location: { country: 'PL', postal_code: '30-001' }, message: '' });
  assert.deepEqual(storesNear(indexes.pl, krakow.location), ['krakow-florianska', 'warszawa-nowy-swiat']);
  const warsaw = places.storeSearch('００－００１', { index, country: 'PL', messages: pl() });
  assert.deepEqual(warsaw.location, { country: 'PL', postal_code: '00-001' });
  assert.deepEqual(storesNear(indexes.pl, warsaw.location), ['warszawa-nowy-swiat', 'krakow-florianska']);
  assert.deepEqual(places.storeSearch('00950', { index, country: 'PL' }).location, { country: 'PL', postal_code: '00-950' });
  assert.deepEqual(places.storeSearch('٣١-٠٢١', { index, country: 'PL' }).location, { country: 'PL', postal_code: '31-021' }, 'Arabic-Indic digits');
});

test('a well-formed postal code the catalog cannot place is said, and every store stays listed', () => {
  const gdansk = places.storeSearch('80-001', { index: indexes.pl.index, country: 'PL', messages: pl() });
  assert.deepEqual(gdansk, { ok: true, location: undefined, message: 'Nie znamy jeszcze kodu 80-001: pokazujemy wszystkie sklepy.' });
  const miami = places.storeSearch('33101', { index: indexes.us.index, country: 'US' });
  assert.equal(miami.location, undefined);
  assert.equal(miami.message, "We don't know where 33101 is yet: showing all stores.");
  // The quote agrees: it refuses that place as a location.
  const r = indexes.pl.engine.quote({ cart: { lines: [] }, context: { now: '2026-11-23T10:00:00Z', location: { country: 'PL', postal_code: '80-001' } } });
  assert.equal(r.error?.path, '/context/location/postal_code');
});

test('a malformed postal code is refused in the shopper\'s words with the country\'s example', () => {
  const { index } = indexes.pl;
  assert.deepEqual(places.storeSearch('AB-123', { index, country: 'PL', messages: pl() }),
    { ok: false, message: 'Wpisz kod pocztowy w formie 00-950.' });
  assert.deepEqual(places.storeSearch('1001', { index: indexes.us.index, country: 'US' }), { ok: false, message: 'Enter a 5-digit ZIP code.' });
  const gb = places.deliveryDestination('SW1A', { index: indexes.abroad.index, country: 'GB', messages: createMessages({ locale: 'de' }) });
  assert.deepEqual(gb, { ok: false, message: 'Gib eine Postleitzahl wie SW1A 1AA ein.' });
  assert.equal(places.deliveryDestination(' ', { index, country: 'PL', messages: pl() }).ok, false, 'nothing typed');
});

test('the delivery estimate: the destination in normal form, the region it places, the location when new', () => {
  const { index } = indexes.pl;
  const d = places.deliveryDestination('۰۲-۴۹۵', { index, country: 'PL', location: undefined, messages: pl() });
  assert.equal(d.ok, true);
  assert.deepEqual(d.destination, { country: 'PL', postal_code: '02-495' });
  assert.deepEqual(d.location, { country: 'PL', postal_code: '02-495' }, 'a place the catalog knows: the stores sort by it');
  const kept = { lat_e6: 1, lon_e6: 2 };
  assert.equal(places.deliveryDestination('02-495', { index, country: 'PL', location: kept }).location, kept, 'a location already given stays');

  const us = places.deliveryDestination('10012', { index: indexes.us.index, country: 'US' });
  assert.deepEqual(us.destination, { country: 'US', region: 'NY', postal_code: '10012' });
  const ca = places.deliveryDestination('h2x１y4', { index: indexes.abroad.index, country: 'CA' });
  assert.deepEqual(ca.destination, { country: 'CA', region: 'QC', postal_code: 'H2X 1Y4' });
  assert.equal(ca.location, undefined, 'no Canadian place in the catalog: no location');
  const gb = places.deliveryDestination('sw1a1aa', { index: indexes.abroad.index, country: 'GB' });
  assert.deepEqual(gb.destination, { country: 'GB', postal_code: 'SW1A 1AA' });
  // The core prices that destination: the standard method serves GB.
  const lines = [{ sku: indexes.abroad.index.catalog.products[0].variants[0].sku, quantity: 1 }];
  const q = indexes.abroad.engine.quote({ cart: { lines }, context: { now: '2026-11-23T10:00:00Z', destination: gb.destination } });
  assert.ok(q.ok, q.json);
  assert.deepEqual(q.quote.details.shipping.options.map((o) => o.method), ['standard']);
});

test('the country select offers the countries the merchant ships to, and says when the chosen one is not', () => {
  const m = en();
  const state = (index) => ({ index, locale: 'en', t: (k, p) => m.t(k, p) });
  assert.equal(countryChoices(state(indexes.pl.index), 'PL'), null, 'one country, the chosen one: nothing to choose');
  assert.deepEqual(countryChoices(state(indexes.abroad.index), 'US'), {
    options: [{ code: 'CA', text: 'Canada' }, { code: 'GB', text: 'United Kingdom' }, { code: 'US', text: 'United States' }],
    notShipped: null,
  });
  const saved = countryChoices(state(indexes.abroad.index), 'PL');
  assert.deepEqual(saved.options.map((o) => o.code), ['PL', 'CA', 'GB', 'US'], 'what is chosen stays shown');
  assert.equal(saved.notShipped, 'We do not ship to Poland. Choose another country or pick up in a store.');
});

test('another country chosen in the cart starts a fresh destination, shared with the checkout form', () => {
  assert.deepEqual(places.destinationCountry('GB'), {
    destination: { country: 'GB' }, address: { country: 'GB', region: '', postal_code: '' },
  });
});

test('the postal field of each country: label, keyboard, length and example from the one table', () => {
  assert.deepEqual(postalInput('US'), { label: 'address.postal.zip', example: '10013', inputmode: 'numeric', maxlength: 11 });
  assert.deepEqual(postalInput('GB'), { label: 'address.postal.postcode', example: 'SW1A 1AA', inputmode: undefined, maxlength: 10 });
  assert.equal(postalInput('CA').inputmode, undefined, 'Canadian codes have letters');
  assert.equal(postalInput('PL').inputmode, undefined, 'Polish codes have a hyphen');
  assert.equal(postalInput('pl').label, 'address.postal.postal_code');
  assert.deepEqual(postalInput('FR'), { label: 'address.postal.postal_code', example: null, inputmode: undefined, maxlength: 16 });
  // The words: "Deliver to ZIP code" for a US shopper, the country's own label elsewhere.
  const m = en();
  assert.equal(m.t('shipping.deliver_to_postal', { label: m.t(postalInput('US').label) }), 'Deliver to ZIP code');
  assert.equal(pl().t('shipping.deliver_to_postal', { label: pl().t(postalInput('PL').label) }), 'Kod pocztowy dostawy');
});
