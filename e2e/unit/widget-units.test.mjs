// Pure helpers of the widget, under node's test runner (no browser needed):
// exact money strings from integers, the saved-cart reader, ZIP -> state,
// the quote reader and the words for a refusal's reasons.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney, minorToDecimal } from '../../web/checkout/format.mjs';
import { cleanSavedState, STORAGE_VERSION } from '../../web/checkout/cart-storage.mjs';
import { stateForZip } from '../../web/checkout/regions.mjs';
import { readQuote, reasonSentences } from '../../web/checkout/quote-read.mjs';

test('minor units become an exact decimal string', () => {
  assert.equal(minorToDecimal(1240, 2), '12.40');
  assert.equal(minorToDecimal(5, 2), '0.05');
  assert.equal(minorToDecimal(-5, 2), '-0.05');
  assert.equal(minorToDecimal(500, 0), '500');
  assert.equal(minorToDecimal(1250, 3), '1.250');
  // Beyond 2^53 a float would already be wrong; a BigInt stays exact.
  assert.equal(minorToDecimal(123456789012345678901n, 2), '1234567890123456789.01');
});

test('money is formatted by Intl with the quote exponent, no float rounding', () => {
  const usd = { locale: 'en-US', currency: 'USD', exponent: 2 };
  assert.equal(formatMoney(451612, usd), '$4,516.12');
  assert.equal(formatMoney(0, usd), '$0.00');
  // 0.1 + 0.2 style artefacts cannot appear: 30 cents is "0.30".
  assert.equal(formatMoney(30, usd), '$0.30');
  assert.equal(formatMoney(500, { locale: 'en-US', currency: 'JPY', exponent: 0 }), '¥500');
  assert.match(formatMoney(1250, { locale: 'en-US', currency: 'KWD', exponent: 3 }), /1\.250/);
  assert.match(formatMoney(123456, { locale: 'de-DE', currency: 'EUR', exponent: 2 }), /^1\.234,56\s€$/);
});

test('a saved cart is read defensively', () => {
  const v = STORAGE_VERSION;
  assert.equal(cleanSavedState(null), null);
  assert.equal(cleanSavedState({ v: v + 1, cart: { lines: [] } }), null, 'another version is ignored');
  const s = cleanSavedState({
    v,
    cart: {
      lines: [
        { sku: 'A', quantity: 2, fulfilment: { type: 'pickup', store: 's1' } },
        { sku: 'B', quantity: 0 },                     // invalid quantity: dropped
        { sku: 'C', quantity: 1.5 },                   // not an integer: dropped
        { sku: 'D', quantity: 1, fulfilment: { type: 'teleport' } },  // unknown: shipped
        '<img src=x onerror=alert(1)>',
      ],
      coupons: ['SAVE20', 42],
    },
    destination: { country: 'US', region: 'NY', postal_code: '10012', extra: 'x' },
  });
  assert.deepEqual(s.cart.lines, [
    { sku: 'A', quantity: 2, fulfilment: { type: 'pickup', store: 's1' } },
    { sku: 'D', quantity: 1, fulfilment: { type: 'ship' } },
  ]);
  assert.deepEqual(s.cart.coupons, ['SAVE20']);
  assert.deepEqual(s.destination, { country: 'US', region: 'NY', postal_code: '10012' });
});

test('a US ZIP code tells its state', () => {
  assert.equal(stateForZip('10012'), 'NY');
  assert.equal(stateForZip('02116'), 'MA');
  assert.equal(stateForZip('90013'), 'CA');
  assert.equal(stateForZip('98122-1234'), 'WA');
  assert.equal(stateForZip('1001'), null);
  assert.equal(stateForZip('00000'), null);
});

test('a quote is read as binding joined with its details, by position', () => {
  const quote = {
    binding: {
      currency: 'USD', exponent: 2, rounding: { mode: 'half_even', tax_calculation: 'per_line', prices_include_tax: true },
      lines: [{ index: 0, sku: 'A', total: 100 }, { index: 1, sku: 'B', total: 200 }],
      promotions: [{ id: 'p', amount: 10, shipping_discount: 0 }],
      shipping: { needed: true, selected: 'std', price: 500, tax: 0 },
      tax_lines: [{ rule: 'r', rate: '7', taxable: 1, amount: 1 }],
      totals: { subtotal: 300, discounts: 10, shipping: 500, tax: 1, grand_total: 790 },
    },
    details: {
      lines: [{ title: 'Tee A' }, { title: 'Tee B', variant_title: 'M' }],
      promotions: { applied: [{ title: 'Ten', reason: 'why', free_shipping: false }], rejected: [] },
      shipping: { options: [{ method: 'std' }], subtotal: 290, weight_g: 0 },
      pickup: { stores: [] }, tax_lines: [{ name: 'VAT' }], messages: [],
    },
    fingerprint: 'f',
  };
  const q = readQuote(quote);
  assert.deepEqual(q.lines[1], { title: 'Tee B', variant_title: 'M', index: 1, sku: 'B', total: 200 });
  assert.equal(q.promotions.applied[0].title, 'Ten');
  assert.equal(q.promotions.applied[0].amount, 10);
  assert.equal(q.shipping.selected, 'std');
  assert.equal(q.shipping.options.length, 1);
  assert.equal(q.tax_lines[0].name, 'VAT');
  assert.equal(q.totals.tax_included, true);
  assert.equal(q.binding, quote.binding);
  assert.equal(readQuote({ error: {} }), null);
});

test('a 409 diff becomes plain sentences, one per reason', () => {
  const diff = [
    { path: '/binding/lines/0/unit_price', reason: 'price_changed' },
    { path: '/binding/lines/1/unit_price', reason: 'price_changed' },
    { path: '/binding/totals/grand_total', reason: 'total_changed' },
    { path: '/binding/lines/2/fulfilment', reason: 'stock_at_location' },
  ];
  assert.deepEqual(reasonSentences(diff), ['A price changed.', 'An item is no longer available where you chose to get it.']);
  assert.deepEqual(reasonSentences([{ reason: 'total_changed' }]), ['The total changed.']);
  assert.deepEqual(reasonSentences(undefined), []);
});
