// Per-country address formats (web/checkout/i18n/address-formats.mjs): postal code
// patterns against valid and invalid examples of each country, regions, field
// order, and the JSON copy (tests/address/address-formats.json) other sides read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ADDRESS_FORMATS, checkPostalCode, checkRegion, FIELDS, fieldOrder, normalizePostalCode,
} from '../../web/checkout/i18n/address-formats.mjs';
import { loadCatalog, SHIPPED_LOCALES } from '../../web/checkout/i18n/messages.mjs';
import { addressFormatsJson, jsonPath } from '../../tools/gen-address-formats.mjs';

const LOCALES = Object.fromEntries(await Promise.all(SHIPPED_LOCALES.map(async (tag) => [tag, await loadCatalog(tag)])));
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'PL', 'AM', 'CN', 'IR'];

test('the countries the issue names are all there', () => {
  for (const c of COUNTRIES) assert.ok(ADDRESS_FORMATS[c], c);
});

for (const [country, format] of Object.entries(ADDRESS_FORMATS)) {
  test(`${country}: valid postal codes pass, invalid ones fail`, () => {
    assert.ok(format.postal.valid.length >= 2 && format.postal.invalid.length >= 3);
    for (const v of format.postal.valid) assert.equal(checkPostalCode(country, v).ok, true, `${country} ${v}`);
    for (const v of format.postal.invalid) assert.deepEqual(checkPostalCode(country, v), { ok: false, reason: 'pattern', example: format.postal.example }, `${country} ${v}`);
    assert.equal(checkPostalCode(country, format.postal.example).ok, true, 'the example is valid');
    assert.deepEqual(checkPostalCode(country, '  '), { ok: false, reason: 'missing', example: format.postal.example });
  });

  test(`${country}: field order uses every form field once, region only with a list`, () => {
    const expected = FIELDS.filter((f) => f !== 'region' || format.region);
    assert.deepEqual([...format.order].sort(), [...expected].sort());
  });

  test(`${country}: labels are message keys of every locale`, () => {
    const keys = [format.postal.label, format.region?.label].filter(Boolean);
    for (const [tag, catalog] of Object.entries(LOCALES)) for (const k of keys) assert.ok(k in catalog, `${tag} ${k}`);
  });

  if (format.region) {
    test(`${country}: regions are unique codes, and a region outside the list is refused`, () => {
      const codes = format.region.list.map((r) => r.code);
      assert.equal(new Set(codes).size, codes.length);
      assert.equal(checkRegion(country, codes[0]), true);
      assert.equal(checkRegion(country, 'XX-NOPE'), false);
      assert.equal(checkRegion(country, ''), !format.region.required);
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
  assert.equal(checkRegion('PL', ''), true, 'no region list: nothing to choose');
});

test('normal form: digits as typed, case, spaces, the inward code of CA and GB', () => {
  assert.equal(normalizePostalCode('GB', ' sw1a1aa '), 'SW1A 1AA');
  assert.equal(normalizePostalCode('CA', 'k1a  0b1'), 'K1A 0B1');
  assert.equal(normalizePostalCode('IR', '۱۱۹۳۶-۵۳۴۷۱'), '11936-53471');
  assert.equal(normalizePostalCode('PL', '００－９５０'), '00-950');
  assert.equal(normalizePostalCode('DE', '10115'), '10115');
});

test('a country the table does not know: any non-empty postal code, the default field order', () => {
  assert.deepEqual(checkPostalCode('FR', '75001'), { ok: true, value: '75001' });
  assert.equal(checkPostalCode('FR', '').ok, false);
  assert.deepEqual(fieldOrder('FR'), ['name', 'street', 'apartment', 'city', 'region', 'postal_code']);
  assert.deepEqual(fieldOrder('pl'), ['name', 'street', 'apartment', 'postal_code', 'city']);
});

test('patterns need no lookaround or flags, so std::regex (ECMAScript) reads them too', () => {
  for (const [country, format] of Object.entries(ADDRESS_FORMATS)) {
    assert.doesNotMatch(format.postal.pattern, /\(\?[=!<]|\\[dDwWsSbB]/, country);
    assert.match(format.postal.pattern, /^\^.*\$$/, `${country}: anchored`);
  }
});

test('tests/address/address-formats.json is what tools/gen-address-formats.mjs writes', () => {
  assert.equal(readFileSync(jsonPath, 'utf8'), addressFormatsJson(), 'run: node tools/gen-address-formats.mjs');
});
