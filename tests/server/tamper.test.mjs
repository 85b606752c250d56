// Client-sent prices, totals and discounts never become amounts: the server
// re-quotes from cart + context and compares the binding the client accepted
// (or its fingerprint) and grand total with its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, getJson, freshKey, NYC_DESTINATION } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const cart = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 3 }], coupons: ['SAVE20'], shipping_method: 'standard' };
const context = { destination: NYC_DESTINATION };

test('an edited binding is refused field by field with reasons, and no amount is taken from it', async () => {
  const q = await quote(server, cart, context);
  // 3 x 18.00 = 54.00 < 100.00: SAVE20's minimum is not met, so it is rejected.
  assert.equal(q.binding.totals.subtotal, 5400);
  assert.equal(q.details.promotions.rejected[0].code, 'SAVE20');
  const body = orderBody(cart, context, q);
  body.client_quote.binding = structuredClone(q.binding);
  body.client_quote.binding.lines[0].unit_price = 1;
  body.client_quote.binding.lines[0].discounts = [{ promotion: 'save20', amount: 2000 }];
  body.client_quote.binding.totals.discounts = 5399;
  const r = await placeOrder(server, body);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'quote_changed');
  const byPath = Object.fromEntries(r.body.diff.map((d) => [d.path, d]));
  assert.deepEqual(byPath['/binding/lines/0/unit_price'], { path: '/binding/lines/0/unit_price', reason: 'price_changed', client: 1, server: 1800 });
  assert.equal(byPath['/binding/lines/0/discounts'].reason, 'promotion_changed');
  assert.equal(byPath['/binding/totals/discounts'].reason, 'promotion_changed');
  assert.equal(r.body.quote.fingerprint, q.fingerprint);
  // The unedited binding places the order, at the server's amounts.
  const placed = await placeOrder(server, orderBody(cart, context, q));
  assert.equal(placed.status, 201, placed.text);
  const stored = await getJson(`${server.url}/api/orders/${placed.body.order_id}`);
  assert.equal(stored.body.quote.binding.lines[0].unit_price, 1800);
  assert.equal(stored.body.quote.binding.totals.grand_total, q.binding.totals.grand_total);
  assert.equal(stored.body.quote.fingerprint, q.fingerprint);
});

test('a lowered grand total is refused with 409 and a diff', async () => {
  const q = await quote(server, cart, context);
  const body = orderBody(cart, context, q);
  body.client_quote.grand_total = q.binding.totals.grand_total - 2000;
  const r = await placeOrder(server, body);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'quote_changed');
  assert.deepEqual(r.body.diff, [{ path: '/binding/totals/grand_total', reason: 'total_changed',
    client: q.binding.totals.grand_total - 2000, server: q.binding.totals.grand_total }]);
  assert.equal(r.body.quote.fingerprint, q.fingerprint);
});

test('a fingerprint alone that does not match is refused as binding_changed', async () => {
  const q = await quote(server, cart, context);
  const body = orderBody(cart, context, q);
  body.client_quote = { fingerprint: 'f'.repeat(64), grand_total: q.binding.totals.grand_total };
  const r = await placeOrder(server, body);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'quote_changed');
  assert.deepEqual(r.body.diff, [{ path: '/fingerprint', reason: 'binding_changed', client: 'f'.repeat(64), server: q.fingerprint }]);
  // The right fingerprint alone is enough.
  body.client_quote.fingerprint = q.fingerprint;
  assert.equal((await placeOrder(server, body)).status, 201);
});

test('price or discount fields smuggled into the cart are refused, and no order is stored', async () => {
  const pickupCart = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1, fulfilment: { type: 'pickup', store: 'nyc-soho' } }] };
  const stockBefore = await getJson(`${server.url}/api/stores/nyc-soho/stock?sku=NW-BASIC-TEE-M`);
  const q = await quote(server, pickupCart, context);
  for (const smuggled of [{ price: 1 }, { unit_price: 1 }, { discount: 5000 }]) {
    const tampered = { lines: [{ ...pickupCart.lines[0], ...smuggled }] };
    const r = await placeOrder(server, orderBody(tampered, context, q));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, 'unknown_field');
  }
  const r = await placeOrder(server, { ...orderBody(pickupCart, context, q), totals: { grand_total: 1 } });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.path, '/totals');
  const stockAfter = await getJson(`${server.url}/api/stores/nyc-soho/stock?sku=NW-BASIC-TEE-M`);
  assert.deepEqual(stockAfter.body, stockBefore.body);
  const queue = await getJson(`${server.url}/api/stores/nyc-soho/orders`);
  assert.equal(queue.body.orders.length, 0);
});

test('a destination the shipping address replaces is still checked by the core\'s rules', async () => {
  const q = await quote(server, cart, context);
  const cases = [
    [{ ...context, destination: 'anything' }, 'wrong_type', '/context/destination'],
    [{ ...context, destination: { ...NYC_DESTINATION, street: '1 Main St' } }, 'unknown_field', '/context/destination/street'],
    [{ ...context, destination: { region: 'NY' } }, 'missing_field', '/context/destination/country'],
    [{ ...context, planet: 'Mars' }, 'unknown_field', '/context/planet'],
  ];
  for (const [ctx, code, path] of cases) {
    const body = orderBody(cart, ctx, q);
    assert.ok(body.shipping_address);
    const r = await placeOrder(server, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, code, r.text);
    assert.equal(r.body.error.path, path, r.text);
  }
  // The same destination passes once it is well formed (the address still decides).
  const ok = await placeOrder(server, orderBody(cart, context, q));
  assert.equal(ok.status, 201, ok.text);
});

test('exhausted_promotions from the client is replaced by the server\'s counts', async () => {
  // The client claims SAVE20 is exhausted (harmless) and WELCOME10 is not: the server decides both.
  const c = { lines: [{ sku: 'NW-BASIC-TEE-L', quantity: 1 }], coupons: ['WELCOME10'] };
  const ctx = { ...context, exhausted_promotions: ['save20'] };
  const q = await quote(server, c, ctx);
  assert.ok(q.binding.promotions.some((p) => p.id === 'welcome10'));
  const email = { name: 'Grace', email: 'Grace@Example.com' };
  const first = await placeOrder(server, orderBody(c, ctx, q, email));
  assert.equal(first.status, 201, first.text);
  // Second use by the same customer (email compared case-insensitively): the client insists it is fine.
  const again = await placeOrder(server, orderBody(c, { ...context, exhausted_promotions: [] }, q, { name: 'G', email: ' grace@example.COM ' }));
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'quote_changed');
  assert.deepEqual(again.body.quote.details.promotions.rejected.map((x) => x.reason), ['usage_limit_reached']);
  assert.ok(again.body.diff.some((d) => d.path === '/binding/promotions/0' && d.reason === 'promotion_used_up'), again.text);
});

test('without an Idempotency-Key the order is refused', async () => {
  const q = await quote(server, cart, context);
  const r = await getJson(`${server.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(orderBody(cart, context, q)) });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'missing_idempotency_key');
  void freshKey;
});
