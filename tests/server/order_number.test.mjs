// The short order number (issue 12): issued by the server with the order,
// readable (no 0/O, 1/I), unique per merchant, the same on a replay, and a
// way to read the order back together with the customer's email.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { NYC_DESTINATION, freshKey, getJson, orderBody, placeOrder, quote, startServer } from './helpers.mjs';

const NUMBER = /^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/;
const CART = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }] };

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

async function place(key = freshKey('number')) {
  const context = { destination: NYC_DESTINATION };
  const q = await quote(server, CART, context);
  const body = orderBody(CART, context, q);
  const r = await placeOrder(server, body, key);
  r.replay = () => placeOrder(server, body, key);
  return r;
}

test('an order gets a short readable number, kept on a replay and in the order', async () => {
  const placed = await place();
  assert.equal(placed.status, 201, placed.text);
  assert.match(placed.body.number, NUMBER);
  const again = await placed.replay();
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.body.number, placed.body.number);
  const stored = await getJson(`${server.url}/api/orders/${placed.body.order_id}`);
  assert.equal(stored.body.number, placed.body.number);
});

test('numbers differ between orders', async () => {
  const numbers = new Set();
  for (let i = 0; i < 20; i += 1) {
    const r = await place();
    assert.equal(r.status, 201, r.text);
    numbers.add(r.body.number);
  }
  assert.equal(numbers.size, 20);
});

test('GET /api/orders/{number} answers with the customer email, as typed', async () => {
  const placed = await place();
  const number = placed.body.number;
  const found = await getJson(`${server.url}/api/orders/${number}?email=ADA@example.com`);
  assert.equal(found.status, 200, found.text);
  assert.equal(found.body.order_id, placed.body.order_id);
  assert.equal(found.body.number, number);
  const typed = number.toLowerCase().replace('-', '');
  assert.equal((await getJson(`${server.url}/api/orders/${typed}?email=ada@example.com`)).status, 200);
  // A number alone is guessable: without the matching email it is not found.
  assert.equal((await getJson(`${server.url}/api/orders/${number}`)).status, 404);
  assert.equal((await getJson(`${server.url}/api/orders/${number}?email=eve@example.com`)).status, 404);
});
