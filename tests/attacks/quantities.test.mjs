// Absurd quantities, quantity x price overflow and a foreign currency, sent
// to /api/quote, /api/orders and a store sale: each is a 400 with the core's
// own code and a JSON Pointer to the culprit, and nothing is reserved or sold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, post, quote, orderBody, placeOrder, audit, stockOf, limitsCatalog, NY,
} from './harness.mjs';

let demo, limits;
before(async () => {
  [demo, limits] = await Promise.all([startServer(), startServer({ args: ['--data', limitsCatalog] })]);
});
after(async () => { await Promise.all([demo?.stop(), limits?.stop()]); });

const line = (quantity) => `{"cart":{"lines":[{"sku":"NW-BASIC-TEE-M","quantity":${quantity},"fulfilment":{"type":"pickup","store":"boston-back-bay"}}]},"context":{}}`;

// [JSON text of the quantity, expected code]. Limits (formats.md): an
// integer 1..1,000,000; integers beyond 64 bits are refused by the strict
// body parser, floats by the core's quantity reader (as in the browser).
const BAD_QUANTITIES = [
  ['-1', 'invalid_quantity'],
  ['-9223372036854775808', 'invalid_quantity'],
  ['0', 'invalid_quantity'],
  ['-0', 'invalid_quantity'],
  ['1.5', 'invalid_quantity'],
  ['1.0', 'invalid_quantity'],
  ['1e2', 'invalid_quantity'],
  ['"2"', 'wrong_type'],
  ['"1e9"', 'wrong_type'],
  ['true', 'wrong_type'],
  ['null', 'wrong_type'],
  ['[1]', 'wrong_type'],
  ['{"n":1}', 'wrong_type'],
  ['1000001', 'quantity_too_large'],
  ['9223372036854775807', 'quantity_too_large'],
  ['18446744073709551615', 'quantity_too_large'],
];
const BEYOND_64_BITS = ['18446744073709551616', '99999999999999999999999999999', '-9223372036854775809'];

test('absurd quantities are refused at /api/quote with the code and path of the line', async () => {
  for (const [q, code] of BAD_QUANTITIES) {
    const r = await post(demo, '/api/quote', line(q));
    assert.equal(r.status, 400, `quantity ${q}: ${r.text}`);
    assert.equal(r.body.error.code, code, `quantity ${q}: ${r.text}`);
    assert.equal(r.body.error.path, '/cart/lines/0/quantity', `quantity ${q}`);
  }
  for (const q of BEYOND_64_BITS) {
    const r = await post(demo, '/api/quote', line(q));
    assert.equal(r.status, 400, `quantity ${q}: ${r.text}`);
    assert.ok(['wrong_type', 'overflow', 'quantity_too_large', 'invalid_quantity'].includes(r.body.error.code), `quantity ${q}: ${r.text}`);
    assert.equal(r.body.error.path, '/cart/lines/0/quantity', `quantity ${q}`);
  }
  // A number no double can hold is not JSON the parser accepts at all.
  const huge = await post(demo, '/api/quote', line('1e400'));
  assert.equal(huge.status, 400, huge.text);
  assert.equal(huge.body.error.code, 'malformed_json');
  // The largest legal quantity is priced (1,000,000 x 18.00 does not overflow).
  const most = await post(demo, '/api/quote', line('1000000'));
  assert.equal(most.status, 200, most.text);
  assert.equal(most.body.binding.lines[0].subtotal, 1800 * 1000000);
});

test('absurd quantities in an order or a store sale reserve and sell nothing', async () => {
  const before = await stockOf(demo, 'boston-back-bay', 'NW-BASIC-TEE-M');
  const q = await quote(demo, { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1, fulfilment: { type: 'pickup', store: 'boston-back-bay' } }] });
  for (const [qty, code] of [...BAD_QUANTITIES, ...BEYOND_64_BITS.map((b) => [b, null])]) {
    const body = JSON.stringify(orderBody({ lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1, fulfilment: { type: 'pickup', store: 'boston-back-bay' } }] }, {}, q, { address: null }))
      .replace('"quantity":1', `"quantity":${qty}`);
    const order = await placeOrder(demo, body);
    assert.equal(order.status, 400, `order quantity ${qty}: ${order.text}`);
    if (code) assert.equal(order.body.error.code, code, `order quantity ${qty}`);
    const sale = await post(demo, '/api/stores/boston-back-bay/sales', `{"cart":{"lines":[{"sku":"NW-BASIC-TEE-M","quantity":${qty}}]}}`);
    assert.equal(sale.status, 400, `sale quantity ${qty}: ${sale.text}`);
    if (code) assert.equal(sale.body.error.code, code, `sale quantity ${qty}`);
  }
  assert.deepEqual(await stockOf(demo, 'boston-back-bay', 'NW-BASIC-TEE-M'), before);
  assert.equal((await audit(demo)).consistent, true);
});

test('a line over max_per_order, also split over two lines, is refused', async () => {
  // MUG allows 3 per order; 2 + 2 crosses it at the second line.
  const r = await post(limits, '/api/quote', { cart: { lines: [{ sku: 'MUG', quantity: 2 }, { sku: 'MUG', quantity: 2 }] }, context: {} });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.error.code, 'quantity_too_large');
  assert.equal(r.body.error.path, '/cart/lines/1/quantity');
});

test('quantity x price beyond 64 bits is an overflow error, never a wrapped or clamped amount', async () => {
  // GOLD-BAR costs 10^15; 10,000 of them are 10^19 > 2^63 - 1 (about 9.22 x 10^18).
  const product = await post(limits, '/api/quote', { cart: { lines: [{ sku: 'GOLD-BAR', quantity: 10000 }] }, context: {} });
  assert.equal(product.status, 400, product.text);
  assert.equal(product.body.error.code, 'overflow');
  assert.equal(product.body.error.path, '/cart/lines/0/quantity');
  // Each line fits (5000 x 10^15 = 5 x 10^18); their sum (10^19) does not.
  const sum = await post(limits, '/api/quote', { cart: { lines: [{ sku: 'GOLD-BAR', quantity: 5000 }, { sku: 'GOLD-BAR', quantity: 5000, fulfilment: { type: 'pickup', store: 'main-st' } }] }, context: {} });
  assert.equal(sum.status, 400, sum.text);
  assert.equal(sum.body.error.code, 'overflow');
  assert.equal(sum.body.error.path, '/cart/lines/1/quantity');
  // 9,223 bars (9.223 x 10^18) fit; NY tax on top (8.875 %) does not.
  const tax = await post(limits, '/api/quote', { cart: { lines: [{ sku: 'GOLD-BAR', quantity: 9223 }] }, context: { destination: NY } });
  assert.equal(tax.status, 400, tax.text);
  assert.equal(tax.body.error.code, 'overflow');
  // Just below every limit, the amounts are exact: 9,000 x 10^15 with no tax destination.
  const fits = await quote(limits, { lines: [{ sku: 'GOLD-BAR', quantity: 9000 }] }, {});
  assert.equal(fits.binding.totals.subtotal, 9000 * 1e15);
  // An order for the overflowing cart is refused the same way and reserves nothing.
  const order = await placeOrder(limits, orderBody({ lines: [{ sku: 'GOLD-BAR', quantity: 10000 }] }, {}, fits));
  assert.equal(order.status, 400, order.text);
  assert.equal(order.body.error.code, 'overflow');
  assert.equal((await audit(limits)).consistent, true);
});

test('a cart in another currency than the price list is refused, never converted', async () => {
  for (const [currency, code] of [['EUR', 'currency_mismatch'], ['JPY', 'currency_mismatch'], ['XXX', null], ['usd', null], ['', null]]) {
    const cart = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }], currency };
    const r = await post(demo, '/api/quote', { cart, context: {} });
    assert.equal(r.status, 400, `${currency}: ${r.text}`);
    if (code) assert.equal(r.body.error.code, code, currency);
    assert.equal(r.body.error.path, '/cart/currency', currency);
    const q = await quote(demo, { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }] }, { destination: NY });
    const order = await placeOrder(demo, orderBody(cart, { destination: NY }, q));
    assert.equal(order.status, 400, `order in ${currency}: ${order.text}`);
    assert.equal(order.body.error.path, '/cart/currency', currency);
  }
  // The price list's own currency is fine.
  const same = await quote(demo, { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }], currency: 'USD' });
  assert.equal(same.binding.currency, 'USD');
});
