// The cart as plain data (web/checkout/cart/cart-state.mjs), the one saved
// cart of an origin's tabs (cart/shared-cart.mjs), the form checks and the
// order request's text, under node without a DOM or a core.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as carts from '../../web/checkout/cart/cart-state.mjs';
import { CatalogIndex } from '../../web/checkout/pricing.mjs';
import { SharedCart } from '../../web/checkout/cart/shared-cart.mjs';
import { validateCheckout } from '../../web/checkout/form/checkout-validation.mjs';
import { formOfBody, orderBody } from '../../web/checkout/order/order-body.mjs';
import { useAddressRules } from '../../web/checkout/regions.mjs';
import { loadWasmApi } from '../../tests/parity/clis.mjs';

// Postal codes are the core's rule (regions.mjs asks it), as in the widget.
before(async () => { useAddressRules(await (await loadWasmApi()).loadCheckoutCore()); });

// Just enough catalog, read through the widget's real CatalogIndex: A (max 3
// per order, all its lines together), B (ships only), C, store s1. The view
// stands for the core's catalog view (engine.catalogView()).
const index = new CatalogIndex({
  currency: 'USD',
  products: [{ id: 'p', title: 'P', variants: [{ sku: 'A', price: 1 }, { sku: 'B', price: 1 }, { sku: 'C', price: 1 }] }],
  stores: [{ id: 's1' }],
  shipping: { methods: [{ id: 'std' }] },
}, {
  variant: (sku) => ({
    A: { pickup_eligible: true, max_per_order: 3 }, B: { pickup_eligible: false, max_per_order: 0 }, C: { pickup_eligible: true, max_per_order: 0 },
  })[sku],
});

test('adding merges units of the same SKU and fulfilment, capped at the limit of all its lines', () => {
  const cart = carts.emptyCart('c1');
  carts.addLine(cart, index, { sku: 'A', quantity: 2 });
  carts.addLine(cart, index, { sku: 'A', quantity: 2 });
  assert.deepEqual(cart.lines, [{ sku: 'A', quantity: 3, fulfilment: { type: 'ship' } }]);
  const r = carts.addLine(cart, index, { sku: 'C', quantity: 1, fulfilment: { type: 'pickup', store: 's1' } });
  assert.deepEqual(r, { added: true, pickupStore: 's1' }, 'the first pickup store asked for becomes the pickup store');
  assert.equal(cart.lines.length, 2);
  // A's shipped line already holds its 3: a pickup line of A cannot be added.
  assert.deepEqual(carts.addLine(cart, index, { sku: 'A', quantity: 1, fulfilment: { type: 'pickup' }, pickupStore: 's1' }), { added: false, pickupStore: 's1' });
  // B cannot be picked up: it ships.
  carts.addLine(cart, index, { sku: 'B', quantity: 1, fulfilment: { type: 'pickup', store: 's1' }, pickupStore: 's1' });
  assert.deepEqual(cart.lines[2].fulfilment, { type: 'ship' });
});

test('quantity, removal, fulfilment and the one pickup store', () => {
  const cart = carts.emptyCart('c1');
  carts.addLine(cart, index, { sku: 'A', quantity: 1 });
  carts.addLine(cart, index, { sku: 'B', quantity: 1 });
  assert.equal(carts.setLineQuantity(cart, index, 0, 9), true);
  assert.equal(cart.lines[0].quantity, 3);
  assert.equal(carts.setLineQuantity(cart, index, 5, 1), false);
  carts.setLineFulfilment(cart, 0, 'pickup', 's1');
  assert.equal(carts.pickupStoreUsed(cart), 's1');
  assert.equal(carts.needsShippingAddress(cart), true);
  const waiting = new Set([cart.lines[1]]);
  carts.movePickupLines(cart, 's2', waiting);
  assert.deepEqual(cart.lines.map((l) => l.fulfilment), [{ type: 'pickup', store: 's2' }, { type: 'pickup', store: 's2' }]);
  assert.equal(carts.needsShippingAddress(cart), false);
  assert.equal(carts.removeLine(cart, 0).sku, 'A');
  assert.equal(carts.itemCount(cart.lines), 1);
});

test('codes: case-insensitive, never twice', () => {
  const cart = carts.emptyCart();
  assert.equal(carts.addCoupon(cart, ' save10 '), true);
  assert.equal(carts.addCoupon(cart, 'SAVE10'), false);
  carts.removeCoupon(cart, 'Save10');
  assert.deepEqual(cart.coupons, []);
});

test('a saved cart is restored against the catalog', () => {
  const { cart, dropped } = carts.restoreCart({
    id: 'c7', lines: [{ sku: 'A', quantity: 50 }, { sku: 'GONE', quantity: 1 }, { sku: 'B', quantity: 1, fulfilment: { type: 'pickup', store: 's1' } }, { sku: 'A', quantity: 1, fulfilment: { type: 'pickup', store: 's1' } }],
    coupons: ['X'], shipping_method: 'nope',
  }, index);
  assert.equal(cart.id, 'c7');
  assert.deepEqual(dropped, ['GONE', 'A'], 'a second line of A over its limit is dropped');
  assert.deepEqual(cart.lines, [{ sku: 'A', quantity: 3, fulfilment: { type: 'ship' } }, { sku: 'B', quantity: 1, fulfilment: { type: 'ship' } }]);
  assert.equal(cart.shipping_method, undefined, 'an unknown method is dropped');
});

test('the order key follows the cart: same id and content, same key, whatever the order of codes', () => {
  const a = { id: 'c1', lines: [{ sku: 'A', quantity: 1, fulfilment: { type: 'ship' } }], coupons: ['X', 'y'] };
  const b = { id: 'c1', lines: [{ quantity: 1, fulfilment: { type: 'ship' }, sku: 'A' }], coupons: ['Y', 'x'] };
  assert.equal(carts.orderKeyFor(a), carts.orderKeyFor(b));
  assert.match(carts.orderKeyFor(a), /^c1\.[0-9a-f]{16}$/);
  assert.notEqual(carts.orderKeyFor(a), carts.orderKeyFor({ ...a, lines: [{ ...a.lines[0], quantity: 2 }] }));
  assert.notEqual(carts.orderKeyFor(a), carts.orderKeyFor({ ...a, id: 'c2' }), 'a new cart (after an order) is a new key');
  assert.notEqual(carts.newCartId(), carts.newCartId());
});

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) };
}

test('the shared cart numbers its writes, writes only changes and sees other tabs\' writes', () => {
  const area = memoryStorage();
  const tabA = new SharedCart(area, 'k');
  const tabB = new SharedCart(area, 'k');
  const state = { cart: { id: 'c1', lines: [{ sku: 'A', quantity: 1, fulfilment: { type: 'ship' } }], coupons: [] } };
  assert.equal(tabA.save(state), true);
  assert.equal(tabA.save(structuredClone(state)), false, 'nothing changed: no write (no echo between tabs)');
  assert.deepEqual(tabB.newerThanSeen().cart.lines, state.cart.lines, 'B has not seen A\'s write');
  tabB.load();
  assert.equal(tabB.newerThanSeen(), null);
  tabB.save({ ...state, pendingOrder: { key: 'k1', body: '{}' } });
  assert.equal(tabA.load().pendingOrder.key, 'k1');
  assert.equal(tabA.load().rev, 2);
  tabA.close();
  tabB.close();
});

test('the checkout form: contact always, the address only when something ships', () => {
  const form = { customer: { name: ' ', email: 'x', phone: '' }, address: { line1: '', line2: '', city: '', region: '', postal_code: '123', country: 'US' } };
  assert.deepEqual(Object.keys(validateCheckout(form, { needsAddress: false })), ['name', 'email']);
  assert.deepEqual(Object.keys(validateCheckout(form, { needsAddress: true })).sort(), ['city', 'email', 'line1', 'name', 'postal_code', 'region']);
});

test('an order request carries the form and reads back into it', () => {
  const text = orderBody({
    request: { cart: { lines: [], coupons: [], currency: 'USD' }, context: { now: 'x', channel: 'web', exhausted_promotions: ['p'] } },
    customer: { name: ' Ada ', email: 'ada@example.com', phone: '' },
    address: { line1: '1 Main', line2: '', city: 'NYC', region: 'NY', postal_code: '10012', country: 'US' },
    needsAddress: true, clientQuote: { fingerprint: 'f', grand_total: 5, binding: {} }, now: '2026-01-01T00:00:00Z',
  });
  const body = JSON.parse(text);
  assert.equal(body.context.now, '2026-01-01T00:00:00Z');
  assert.equal(body.context.exhausted_promotions, undefined, 'the server counts usage itself');
  assert.equal(body.customer.phone, undefined);
  assert.equal(body.shipping_address.name, 'Ada');
  const form = formOfBody(text);
  assert.deepEqual(form.customer, { name: 'Ada', email: 'ada@example.com', phone: '' });
  assert.equal(form.address.postal_code, '10012');
  assert.equal(formOfBody('not json'), null);
});
