// Concurrency: 64 clients racing for 5 units, a single-use coupon raced by
// 20 customers, and 50 identical POSTs under one Idempotency-Key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, storeStock, audit, getJson, freshKey, NYC_DESTINATION, currentSecond } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('oversell race: 64 clients for 5 lanterns give exactly 5 orders and stock 0', async () => {
  // Back Bay has 5 numbered lanterns and no safety stock (see tools/gen-demo-data.mjs).
  const cart = { lines: [{ sku: 'NW-LTD-LANTERN', quantity: 1, fulfilment: { type: 'pickup', store: 'boston-back-bay' } }] };
  const context = { location: { country: 'US', postal_code: '02116' }, now: currentSecond() };
  const start = await storeStock(server, 'boston-back-bay', 'NW-LTD-LANTERN');
  assert.deepEqual([start.on_hand, start.available], [5, 5]);
  const q = await quote(server, cart, context);

  const clients = 64;
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: clients }, (_, i) =>
    placeOrder(server, orderBody(cart, context, q, { name: `Racer ${i}`, email: `racer${i}@example.com` }), freshKey(`race${i}`))));
  const seconds = (performance.now() - t0) / 1000;

  const placed = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status === 409);
  assert.equal(placed.length, 5);
  assert.equal(refused.length, clients - 5, JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.text)));
  // Losers are told why: the stock ran out (or, once the server's quote
  // shows the lantern unavailable, that the quote changed).
  for (const r of refused) assert.ok(['insufficient_stock', 'quote_changed'].includes(r.body.error.code), r.text);
  const shortage = refused.find((r) => r.body.error.code === 'insufficient_stock');
  if (shortage) {
    assert.deepEqual(shortage.body.lines[0], { line: 0, sku: 'NW-LTD-LANTERN', location: 'boston-back-bay', location_kind: 'store', requested: 1, available: 0 });
    // What the shopper is told, by code and params (docs/api.md, "Errors in the shopper's language").
    assert.deepEqual(shortage.body.error.params, { sku: 'NW-LTD-LANTERN', store: 'boston-back-bay', requested: 1, available: 0, short_lines: 1 });
  }
  assert.equal(new Set(placed.map((r) => r.body.order_id)).size, 5);

  const end = await storeStock(server, 'boston-back-bay', 'NW-LTD-LANTERN');
  assert.deepEqual(end, { sku: 'NW-LTD-LANTERN', on_hand: 5, available: 0, reserved: 5, committed: 0 });
  const queue = await getJson(`${server.url}/api/stores/boston-back-bay/orders`);
  assert.equal(queue.body.orders.length, 5);
  assert.equal((await audit(server)).consistent, true);
  console.log(`oversell race: ${clients} concurrent orders in ${seconds.toFixed(3)} s (${(clients / seconds).toFixed(0)} requests/s), 5 placed`);
});

test('single-use coupon race: exactly one order gets ONETIME50', async () => {
  const cart = { lines: [{ sku: 'NW-BASIC-TEE-L', quantity: 3 }], coupons: ['ONETIME50'], shipping_method: 'standard' };
  const context = { destination: NYC_DESTINATION };
  const q = await quote(server, cart, context);
  assert.ok(q.binding.promotions.some((p) => p.id === 'onetime50'), 'the coupon applies before anyone used it');

  const racers = 20;
  const results = await Promise.all(Array.from({ length: racers }, (_, i) =>
    placeOrder(server, orderBody(cart, context, q, { name: `Coupon ${i}`, email: `coupon${i}@example.com` }), freshKey(`coupon${i}`))));
  const placed = results.filter((r) => r.status === 201);
  assert.equal(placed.length, 1);
  assert.ok(placed[0].body.quote.binding.promotions.some((p) => p.id === 'onetime50'));
  for (const r of results.filter((x) => x.status !== 201)) {
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'quote_changed');
    assert.deepEqual(r.body.quote.details.promotions.rejected, [{ code: 'ONETIME50', reason: 'usage_limit_reached', message: r.body.quote.details.promotions.rejected[0].message }]);
    assert.ok(r.body.diff.some((d) => d.path === '/binding/promotions/0' && d.reason === 'promotion_used_up'), r.text);
    assert.ok(r.body.diff.some((d) => d.path === '/binding/totals/grand_total' && d.reason === 'total_changed'));
  }
  // Everyone now sees it used up, in a plain quote too.
  const later = await quote(server, cart, context);
  assert.equal(later.details.promotions.rejected[0].reason, 'usage_limit_reached');
});

test('idempotency: 50 concurrent identical POSTs with one key make one order', async () => {
  const cart = { lines: [{ sku: 'NW-BASIC-TEE-S', quantity: 2, fulfilment: { type: 'pickup', store: 'nyc-soho' } }] };
  const context = { location: { country: 'US', postal_code: '10012' }, now: currentSecond() };
  const q = await quote(server, cart, context);
  const before = await storeStock(server, 'nyc-soho', 'NW-BASIC-TEE-S');
  const key = freshKey('same');
  const body = JSON.stringify(orderBody(cart, context, q));
  const results = await Promise.all(Array.from({ length: 50 }, () => placeOrder(server, body, key)));
  assert.deepEqual([...new Set(results.map((r) => r.status))], [201]);
  const ids = new Set(results.map((r) => r.body.order_id));
  assert.equal(ids.size, 1);
  assert.equal(new Set(results.map((r) => r.text)).size, 1, 'every response is the same bytes');
  assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 49);
  const after = await storeStock(server, 'nyc-soho', 'NW-BASIC-TEE-S');
  assert.equal(after.reserved - before.reserved, 2);

  // Same key, another body: refused, nothing placed.
  const other = orderBody({ lines: [{ ...cart.lines[0], quantity: 1 }] }, context, q);
  const reused = await placeOrder(server, other, key);
  assert.equal(reused.status, 422);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');
  assert.equal((await storeStock(server, 'nyc-soho', 'NW-BASIC-TEE-S')).reserved, after.reserved);
  assert.equal((await audit(server)).consistent, true);
});
