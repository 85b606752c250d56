// Store operations: the pickup queue, legal and illegal transitions, and
// cancellation releasing stock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, postJson, getJson, storeStock, audit } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const STORE = 'philadelphia-center-city';
const SKU = 'NW-BASIC-TEE-M';

async function pickupOrder(quantity) {
  const cart = { lines: [{ sku: SKU, quantity, fulfilment: { type: 'pickup', store: STORE } }] };
  const context = { location: { country: 'US', postal_code: '19103' } };
  const q = await quote(server, cart, context);
  const r = await placeOrder(server, orderBody(cart, context, q));
  assert.equal(r.status, 201, r.text);
  return r.body.order_id;
}

const setStatus = (order, status, store = STORE) =>
  postJson(`${server.url}/api/stores/${store}/orders/${order}/status`, { status });

test('placed -> ready_for_pickup -> picked_up moves stock reserved -> committed -> gone', async () => {
  const start = await storeStock(server, STORE, SKU);
  const order = await pickupOrder(3);
  let s = await storeStock(server, STORE, SKU);
  assert.deepEqual([s.available, s.reserved, s.committed, s.on_hand], [start.available - 3, 3, 0, start.on_hand]);

  const queue = await getJson(`${server.url}/api/stores/${STORE}/orders?status=placed`);
  assert.deepEqual(queue.body.orders.map((o) => o.order_id), [order]);
  assert.equal(queue.body.orders[0].lines[0].title, 'Northwind Basics Tee');
  assert.ok(queue.body.orders[0].ready_at);

  let r = await setStatus(order, 'ready_for_pickup');
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'ready_for_pickup');
  s = await storeStock(server, STORE, SKU);
  assert.deepEqual([s.available, s.reserved, s.committed, s.on_hand], [start.available - 3, 0, 3, start.on_hand]);

  r = await setStatus(order, 'ready_for_pickup');
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'illegal_transition');

  r = await setStatus(order, 'picked_up');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.history.map((h) => h.status), ['placed', 'ready_for_pickup', 'picked_up']);
  s = await storeStock(server, STORE, SKU);
  assert.deepEqual([s.available, s.reserved, s.committed, s.on_hand], [start.available - 3, 0, 0, start.on_hand - 3]);

  r = await setStatus(order, 'cancelled');
  assert.equal(r.status, 409, 'a handed-over order cannot be cancelled');
  assert.equal((await audit(server)).consistent, true);
});

test('cancel releases stock, from placed and from ready', async () => {
  const start = await storeStock(server, STORE, SKU);
  const a = await pickupOrder(2);
  const b = await pickupOrder(1);
  assert.equal((await setStatus(b, 'ready_for_pickup')).status, 200);
  assert.equal((await setStatus(a, 'cancelled')).status, 200);
  assert.equal((await setStatus(b, 'cancelled')).status, 200);
  const s = await storeStock(server, STORE, SKU);
  assert.deepEqual([s.available, s.reserved, s.committed, s.on_hand], [start.available, 0, 0, start.on_hand]);
  assert.equal((await setStatus(a, 'ready_for_pickup')).status, 409, 'cancelled is final');
  const cancelled = await getJson(`${server.url}/api/stores/${STORE}/orders?status=cancelled`);
  assert.deepEqual(cancelled.body.orders.map((o) => o.order_id).sort(), [a, b].sort());
});

test('wrong store, unknown order, unknown status and bad methods are refused', async () => {
  const order = await pickupOrder(1);
  assert.equal((await setStatus(order, 'ready_for_pickup', 'nyc-soho')).status, 404);
  assert.equal((await setStatus('ord_doesnotexist', 'ready_for_pickup')).status, 404);
  assert.equal((await setStatus(order, 'shipped')).status, 400);
  assert.equal((await setStatus(order, 'placed')).status, 400);
  assert.equal((await getJson(`${server.url}/api/stores/no-such-store/orders`)).status, 404);
  const wrongMethod = await getJson(`${server.url}/api/stores/${STORE}/orders/${order}/status`);
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get('allow'), 'POST');
});

test('--staff-token is gone: the server refuses to start with it rather than run open', async () => {
  await assert.rejects(startServer({ args: ['--staff-token', 's3cret-token'], staff: false }), /--staff-token was removed/);
});
