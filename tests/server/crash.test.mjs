// kill -9 while orders stream in, restart on the same database: every order
// that got a 201 is there, the stock invariant holds, nothing is reserved twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, storeStock, audit, getJson, freshKey, currentSecond } from './helpers.mjs';

const STORE = 'nyc-soho';
const SKU = 'NW-BASIC-TEE-S';
const cart = { lines: [{ sku: SKU, quantity: 1, fulfilment: { type: 'pickup', store: STORE } }] };

// 409 because the store has no more to sell online (refused by the quote or by the reservation).
const soldOutAnswer = (r) => r.status === 409 && (r.body?.error?.code === 'insufficient_stock' ||
  r.body?.quote?.details?.messages?.some((m) => m.code === 'pickup_insufficient_stock'));

test('kill -9 during a stream of orders loses no acknowledged order and double-reserves nothing', async () => {
  let server = await startServer();
  const context = { location: { country: 'US', postal_code: '10012' }, now: currentSecond() };
  const q = await quote(server, cart, context);
  const initial = await storeStock(server, STORE, SKU);

  // Four clients place orders back to back; the server is killed while they
  // are in flight. Each request remembers its key so it can be retried.
  const acknowledged = new Map();  // key -> order id
  const unanswered = [];           // keys whose request died with the server
  let stopping = false;
  let soldOut = false;
  const client = async (n) => {
    for (let i = 0; !stopping; ++i) {
      const key = freshKey(`crash${n}-${i}`);
      const body = orderBody(cart, context, q, { name: `Crash ${n}`, email: `crash${n}@example.com` });
      let r;
      try {
        r = await placeOrder(server, body, key);
      } catch {
        unanswered.push({ key, body });
        return;
      }
      // A fast machine can sell the store's whole stock before the kill: the
      // order is then refused for stock (by the quote or by the reservation),
      // which ends this client's stream.
      if (soldOutAnswer(r)) {
        soldOut = true;
        return;
      }
      assert.equal(r.status, 201, r.text);
      acknowledged.set(key, { id: r.body.order_id, body });
    }
  };
  const clients = [0, 1, 2, 3].map(client);
  await new Promise((r) => setTimeout(r, 400 + Math.floor(Math.random() * 400)));
  await server.kill9();
  stopping = true;
  await Promise.all(clients);
  assert.ok(acknowledged.size > 0, 'some orders were acknowledged before the kill');

  server = await startServer({ dir: server.dir });
  try {
    for (const [, { id }] of acknowledged) {
      const r = await getJson(`${server.url}/api/orders/${id}`);
      assert.equal(r.status, 200, `acknowledged order ${id} survived`);
      assert.equal(r.body.status, 'placed');
    }
    // Retrying the requests that died with the server under their own keys:
    // each either replays an order committed before the kill, or places it now.
    for (const { key, body } of unanswered) {
      const r = await placeOrder(server, body, key);
      if (soldOutAnswer(r)) { soldOut = true; continue; }
      assert.equal(r.status, 201, r.text);
    }
    const queue = (await getJson(`${server.url}/api/stores/${STORE}/orders?limit=500`)).body.orders;
    const stock = await storeStock(server, STORE, SKU);
    // Sold out: only the store's safety stock (1 in the demo data) is left, which online pickup never takes.
    if (soldOut) assert.equal(stock.available, 1, 'sold out means nothing left to sell online');
    // One reservation per stored order, no more, no less.
    assert.equal(stock.reserved, queue.length);
    assert.equal(stock.available, initial.available - queue.length);
    assert.equal(stock.on_hand, stock.available + stock.reserved + stock.committed);
    const report = await audit(server);
    assert.deepEqual(report.violations, []);
    assert.ok(report.rows > 8000);
    console.log(`crash: ${acknowledged.size} orders acknowledged before kill -9, ${unanswered.length} in flight, ` +
      `${queue.length} stored after restart and retries; audit of ${report.rows} stock rows clean`);
  } finally {
    await server.stop();
  }
});
