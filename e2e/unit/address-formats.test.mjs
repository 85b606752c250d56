// The address form's per-country data (web/checkout/i18n/address-formats.mjs,
// generated from the hand-written table tests/address/address-formats.json):
// every country the issue names, field orders, labels in every locale, region
// lists; and the form's problems for the shopper, which ask the core (wasm,
// through the JS API) as the widget does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import {
  ADDRESS_FORMATS, addressFormat, FIELDS, fieldOrder, regionName, regionOptions,
} from '../../web/checkout/i18n/address-formats.mjs';
import { createMessages } from '../../web/checkout/i18n/messages.mjs';
import de from '../../web/checkout/i18n/locales/de.mjs';
import en from '../../web/checkout/i18n/locales/en.mjs';
import fa from '../../web/checkout/i18n/locales/fa.mjs';
import hy from '../../web/checkout/i18n/locales/hy.mjs';
import pl from '../../web/checkout/i18n/locales/pl.mjs';
import zh from '../../web/checkout/i18n/locales/zh.mjs';
import { placedRegion, postalAddressProblems, useAddressRules } from '../../web/checkout/regions.mjs';
import { loadWasmApi } from '../../tests/parity/clis.mjs';
import { addressFormatsData, dataPath, jsonPath } from '../../tools/gen-address-formats.mjs';

const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'PL', 'AM', 'CN', 'IR'];
const LOCALES = { en, pl, fa, hy, zh, de };
const table = JSON.parse(readFileSync(jsonPath, 'utf8'));

before(async () => { useAddressRules(await (await loadWasmApi()).loadCheckoutCore()); });

test('the countries the issue names are all there', () => {
  for (const c of COUNTRIES) assert.ok(ADDRESS_FORMATS[c], c);
});

test('web/checkout/i18n/address-formats.data.mjs is what tools/gen-address-formats.mjs writes', () => {
  assert.equal(readFileSync(dataPath, 'utf8'), addressFormatsData(), 'run: node tools/gen-address-formats.mjs');
});

test('the form gets no test cases, only what it shows', () => {
  for (const format of Object.values(ADDRESS_FORMATS)) {
    assert.deepEqual(Object.keys(format.postal).filter((k) => !['label', 'example', 'inputmode', 'max_length'].includes(k)), []);
  }
});

for (const [country, format] of Object.entries(ADDRESS_FORMATS)) {
  test(`${country}: field order uses every form field once, region only with a list`, () => {
    const expected = FIELDS.filter((f) => f !== 'region' || format.region);
    assert.deepEqual([...format.order].sort(), [...expected].sort());
  });

  test(`${country}: labels are message keys of every locale`, () => {
    const keys = [format.postal.label, format.region?.label].filter(Boolean);
    for (const [tag, catalog] of Object.entries(LOCALES)) for (const k of keys) assert.ok(k in catalog, `${tag} ${k}`);
  });

  test(`${country}: the postal field's length takes every valid code as typed, and not much more`, () => {
    const typed = table.countries[country].postal.valid.map(([t]) => t.trim());
    const longest = Math.max(...typed.map((t) => t.length), format.postal.example.length);
    assert.ok(format.postal.max_length >= longest, `${format.postal.max_length} < ${longest}`);
    assert.ok(format.postal.max_length <= longest + 2, 'room for a stray space or separator, no more');
  });

  test(`${country}: the table's typed cases read as the form shows them`, () => {
    const cases = table.countries[country].postal;
    for (const [typed] of cases.valid) {
      assert.deepEqual(postalAddressProblems({ country, region: '', postal_code: typed }).postal_code, undefined, typed);
    }
    for (const typed of cases.invalid) {
      const problem = postalAddressProblems({ country, region: '', postal_code: typed }).postal_code;
      assert.ok(problem, typed);
      if (country !== 'US') assert.ok(problem.includes(format.postal.example), `${typed}: the problem shows the example`);
    }
  });

  if (format.region) {
    test(`${country}: regions are unique codes; required, so an empty one is a problem`, () => {
      const codes = format.region.list.map((r) => r.code);
      assert.equal(new Set(codes).size, codes.length);
      const missing = country === 'US' ? 'Choose a state.' : 'Choose one from the list.';
      assert.equal(postalAddressProblems({ country, region: '', postal_code: format.postal.example }).region, missing);
      assert.equal(postalAddressProblems({ country, region: 'XX', postal_code: format.postal.example }).region, 'Choose one from the list.');
    });
  }
}

test('region list sizes: 50 states + DC, 13 provinces and territories, 11 marzer, 31 and 31 provinces', () => {
  assert.equal(ADDRESS_FORMATS.US.region.list.length, 51);
  assert.equal(ADDRESS_FORMATS.CA.region.list.length, 13);
  assert.equal(ADDRESS_FORMATS.AM.region.list.length, 11);
  assert.equal(ADDRESS_FORMATS.CN.region.list.length, 31);
  assert.equal(ADDRESS_FORMATS.IR.region.list.length, 31);
  assert.equal(ADDRESS_FORMATS.GB.region, null);
  assert.deepEqual(postalAddressProblems({ country: 'PL', region: '', postal_code: '00-950' }), {}, 'no region list: nothing to choose');
});

test('region names in the language of the country where the shopper reads it', () => {
  assert.equal(regionName('AM', 'ER', 'hy-AM'), 'Երևան');
  assert.equal(regionName('AM', 'ER', 'en'), 'Yerevan');
  assert.equal(regionName('CN', 'BJ', 'zh'), '北京市');
  assert.equal(regionName('IR', '07', 'fa'), 'تهران');
  assert.equal(regionName('IR', '07', 'pl'), 'Tehran');
  assert.equal(regionOptions('US', 'en')[0].text, 'Alabama');
  assert.deepEqual(regionOptions('GB', 'en'), []);
});

test('a country the table does not know: the default field order, any postal code', () => {
  assert.equal(addressFormat('FR'), null);
  assert.deepEqual(fieldOrder('FR'), ['name', 'street', 'apartment', 'city', 'region', 'postal_code']);
  assert.deepEqual(fieldOrder('pl'), ['name', 'street', 'apartment', 'postal_code', 'city']);
  assert.deepEqual(postalAddressProblems({ country: 'FR', region: '', postal_code: '75001' }), {});
  assert.equal(postalAddressProblems({ country: 'FR', region: '', postal_code: ' ' }).postal_code, 'Enter the postal code.');
});

test('problems in the shopper\'s language, the region by its name', () => {
  const en = postalAddressProblems({ country: 'CA', region: 'QC', postal_code: 'K1A 0B1' });
  assert.equal(en.postal_code, 'This postal code is not in Quebec. Check the postal code or the province.');
  assert.equal(postalAddressProblems({ country: 'US', region: 'NY', postal_code: '90013' }).postal_code,
    'This ZIP code is not in New York. Check the ZIP code or the state.');
  const polish = postalAddressProblems({ country: 'PL', region: '', postal_code: '0-950' }, createMessages({ locale: 'pl', overrides: { pl } }));
  assert.equal(polish.postal_code, 'Wpisz kod pocztowy w formie 00-950.');
  assert.equal(placedRegion('CA', 'h2x1y4'), 'QC');
  assert.equal(placedRegion('US', '۱۰۰۱۳'), 'NY');
  assert.equal(placedRegion('PL', '00-950'), null);
});
