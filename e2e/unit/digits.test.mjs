// Digits as people type them (web/checkout/i18n/digits.mjs): Persian, Arabic-Indic
// and full-width digits become ASCII for quantities and postal codes. The rule
// is the core's (shared-core/src/digits.cpp, natively tests/unit/digits_test.cpp):
// these ask the wasm build through the JS API, as the widget does.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadWasmApi } from '../../tests/parity/clis.mjs';
import { normalizeDigits, parseQuantityInput } from '../../web/checkout/i18n/digits.mjs';
import { addressRulesCore, normalPostalCode, useAddressRules } from '../../web/checkout/regions.mjs';

before(async () => { useAddressRules(await (await loadWasmApi()).loadCheckoutCore()); });

test('before the core has loaded, text is kept and nothing is a quantity', () => {
  const core = addressRulesCore();
  useAddressRules(null);
  try {
    assert.equal(normalizeDigits('۱۲'), '۱۲');
    assert.equal(parseQuantityInput('12'), null);
  } finally {
    useAddressRules(core);
  }
});

test('Persian, Arabic-Indic and full-width digits become ASCII', () => {
  assert.equal(normalizeDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(normalizeDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(normalizeDigits('０１２３４５６７８９'), '0123456789');
  assert.equal(normalizeDigits('۱۱۹۳۶-۵۳۴۷۱'), '11936-53471');
  assert.equal(normalizeDigits('００－９５０'), '00-950', 'the full-width hyphen of a CJK keyboard');
});

test('everything that is not a digit stays as it is', () => {
  assert.equal(normalizeDigits('SW1A 1AA'), 'SW1A 1AA');
  assert.equal(normalizeDigits('ul. Nowy Świat ۱۵'), 'ul. Nowy Świat 15');
  assert.equal(normalizeDigits('٫۵'), '٫5', 'the Arabic decimal separator is not turned into a dot');
  assert.equal(normalizeDigits(''), '');
  assert.equal(normalizeDigits(null), '');
  assert.equal(normalizeDigits('𝟙'), '𝟙', 'mathematical digits are not keyboard digits');
});

test('a quantity field reads whole numbers in any of these digits', () => {
  assert.equal(parseQuantityInput('۳'), 3);
  assert.equal(parseQuantityInput(' ３ '), 3);
  assert.equal(parseQuantityInput('١٢'), 12);
  assert.equal(parseQuantityInput('0'), 0);
  assert.equal(parseQuantityInput('9999999'), 9999999);
  for (const bad of ['', ' ', '2.5', '۲٫۵', '-1', '1e3', 'three', '12345678']) assert.equal(parseQuantityInput(bad), null, bad);
});

test('postal fields: typed digits reach the normal form', () => {
  assert.equal(normalPostalCode('IR', '۱۱۹۳۶-۵۳۴۷۱'), '1193653471');
  assert.equal(normalPostalCode('PL', '００－９５０'), '00-950');
  assert.equal(normalPostalCode('US', '١٠٠١٣'), '10013');
});
