// Idempotency keys belong to the client that sent them, known by the
// customer it orders for (normalised email): two clients that happen to use
// one key each get their own order; the same client's retry still replays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, NYC_DESTINATION } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const CART = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }], shipping_method: 'standard' };

test('two clients using the same idempotency key both get their own order', async () => {
  const q = await quote(server, CART, { destination: NYC_DESTINATION });
  const key = 'order-1';  // the kind of key a careless integration uses
  const ada = orderBody(CART, { destination: NYC_DESTINATION }, q, { name: 'Ada', email: 'ada@example.com' });
  const bob = orderBody(CART, { destination: NYC_DESTINATION }, q, { name: 'Bob', email: 'bob@example.com' });
  const [a, b] = await Promise.all([placeOrder(server, ada, key), placeOrder(server, bob, key)]);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.notEqual(a.body.order_id, b.body.order_id);
  assert.equal(a.headers.get('idempotent-replayed'), null);
  assert.equal(b.headers.get('idempotent-replayed'), null);
  // Each client's retry is still a replay of its own order.
  const retry = await placeOrder(server, bob, key);
  assert.equal(retry.status, 201);
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
  assert.equal(retry.body.order_id, b.body.order_id);
  // And the same client's key with another body is still refused.
  const changed = await placeOrder(server, { ...ada, customer: { name: 'Ada L.', email: 'ADA@example.com' } }, key);
  assert.equal(changed.status, 422);
});
