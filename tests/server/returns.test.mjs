// Returns (POST /api/orders/{id}/returns): two concurrent returns of the same
// unit, only one succeeds; sellable units back at the receiving store reach a
// live subscriber at once, damaged ones do not; an idempotent replay; the
// shopper's access by order number + email; GET order shows the returns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, postJson, getJson, storeStock, openEvents, freshKey, staffAuth, NYC_DESTINATION } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const EMAIL = 'ada@example.com';

async function shippedOrder(quantity = 2) {
  const cart = { lines: [{ sku: 'NW-BASIC-TEE-L', quantity }] };
  const context = { destination: NYC_DESTINATION };
  const q = await quote(server, cart, context);
  const order = await placeOrder(server, orderBody(cart, context, q));
  assert.equal(order.status, 201, order.text);
  return order.body;
}

const returnBody = (lines, received, extra = {}) => ({ lines, received, ...extra });
// A return received at a store is the store's staff's (the test admin here);
// by mail it is the shopper's, who names the order's email.
const postReturn = (orderId, body, key = freshKey('return')) =>
  postJson(`${server.url}/api/orders/${orderId}/returns`, body,
    { 'idempotency-key': key, ...(body.received.kind === 'store' ? staffAuth(server) : {}) });

test('the refund quote shows the refund without recording anything; the shopper needs the order email', async () => {
  const order = await shippedOrder(2);
  const lines = [{ line: 0, quantity: 1, condition: 'sellable' }];
  const wrong = await postJson(`${server.url}/api/orders/${order.order_id}/returns/quote`,
    returnBody(lines, { kind: 'mail' }, { email: 'eve@example.com' }));
  // A wrong email looks exactly like a wrong order number.
  assert.equal(wrong.status, 404, wrong.text);
  const preview = await postJson(`${server.url}/api/orders/${order.order_id}/returns/quote`,
    returnBody(lines, { kind: 'mail' }, { email: EMAIL }));
  assert.equal(preview.status, 200, preview.text);
  const unit = order.quote.binding.lines[0];
  // One of two undiscounted units: its net, and tax recomputed on the kept unit.
  assert.equal(preview.body.refund.totals.merchandise, unit.net / 2);
  assert.ok(preview.body.refund.total > 0);
  assert.match(preview.body.fingerprint, /^[0-9a-f]{64}$/);
  const got = await getJson(`${server.url}/api/orders/${order.order_id}`);
  assert.deepEqual(got.body.returns, []);
});

test('two concurrent returns of the same unit: exactly one succeeds', async () => {
  const order = await shippedOrder(1);
  const body = returnBody([{ line: 0, quantity: 1, condition: 'sellable' }], { kind: 'store', store: 'chicago-river-north' });
  const attempts = await Promise.all(Array.from({ length: 8 }, () => postReturn(order.order_id, body)));
  const created = attempts.filter((r) => r.status === 201);
  const refused = attempts.filter((r) => r.status === 409);
  assert.equal(created.length, 1, attempts.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join('\n'));
  assert.equal(refused.length, attempts.length - 1);
  for (const r of refused) assert.equal(r.body.error.code, 'return_exceeds_order');
  // Everything back: the refund is the order's grand total.
  assert.equal(created[0].body.refund.total, order.quote.binding.totals.grand_total);
  const got = await getJson(`${server.url}/api/orders/${order.order_id}`);
  assert.equal(got.body.returns.length, 1);
  assert.equal(got.body.returns[0].refund.amount, order.quote.binding.totals.grand_total);
  assert.equal(got.body.returns[0].refund.method, 'original_payment');
});

test('sellable units go back on the receiving store shelf and a live subscriber sees it; damaged ones do not', async () => {
  const order = await shippedOrder(3);
  const store = 'seattle-capitol-hill';
  const before = await storeStock(server, store, 'NW-BASIC-TEE-L');
  const events = openEvents(server);
  await events.ready;
  try {
    const r = await postReturn(order.order_id, returnBody(
      [{ line: 0, quantity: 2, condition: 'sellable' }, { line: 0, quantity: 1, condition: 'damaged' }],
      { kind: 'store', store }, { refund_method: 'cash' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.refund.total, order.quote.binding.totals.grand_total);
    const seen = await events.waitFor((e) => e.event === 'stock' && e.data.location === store && e.data.sku === 'NW-BASIC-TEE-L');
    assert.equal(seen.data.available, before.available + 2);
    const after = await storeStock(server, store, 'NW-BASIC-TEE-L');
    assert.equal(after.on_hand, before.on_hand + 2);
    const got = await getJson(`${server.url}/api/orders/${order.order_id}`);
    assert.deepEqual(got.body.returns[0].lines.map((l) => [l.quantity, l.condition]), [[2, 'sellable'], [1, 'damaged']]);
    assert.equal(got.body.returns[0].refund.method, 'cash');
  } finally {
    events.close();
  }
});

test('a retried return with the same Idempotency-Key replays the first answer; partial returns add up to the total', async () => {
  const order = await shippedOrder(2);
  const key = freshKey('replay');
  const body = returnBody([{ line: 0, quantity: 1, condition: 'sellable' }], { kind: 'mail' }, { email: EMAIL });
  const first = await postReturn(order.order_id, body, key);
  assert.equal(first.status, 201, first.text);
  const again = await postReturn(order.order_id, body, key);
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.text, first.text);
  const other = await postReturn(order.order_id, returnBody([{ line: 0, quantity: 1, condition: 'damaged' }], { kind: 'mail' }, { email: EMAIL }), key);
  assert.equal(other.status, 422);
  assert.equal(other.body.error.code, 'idempotency_key_reused');

  const rest = await postReturn(order.order_id, returnBody([{ line: 0, quantity: 1, condition: 'damaged' }], { kind: 'mail' }, { email: EMAIL }));
  assert.equal(rest.status, 201, rest.text);
  assert.equal(first.body.refund.total + rest.body.refund.total, order.quote.binding.totals.grand_total);
  const got = await getJson(`${server.url}/api/orders/${order.order_id}`);
  assert.equal(got.body.returns.length, 2);
});

test('the shopper returns by order number + email, by mail only; a store receives it through its staff', async () => {
  const cart = { lines: [{ sku: 'NW-BASIC-TEE-L', quantity: 1 }] };
  const q = await quote(server, cart, { destination: NYC_DESTINATION });
  const order = await placeOrder(server, orderBody(cart, { destination: NYC_DESTINATION }, q));
  assert.equal(order.status, 201, order.text);
  const id = order.body.order_id;
  const lines = [{ line: 0, quantity: 1, condition: 'sellable' }];
  const url = `${server.url}/api/orders/${id}/returns`;
  const wrongEmail = await postJson(`${url}/quote`, { lines, received: { kind: 'mail' }, email: 'eve@example.com' });
  assert.equal(wrongEmail.status, 404);
  const atStore = await postJson(`${url}/quote`, { lines, received: { kind: 'store', store: 'chicago-river-north' }, email: EMAIL });
  assert.equal(atStore.status, 403);
  const staff = await postJson(`${url}/quote`, { lines, received: { kind: 'store', store: 'chicago-river-north' } }, staffAuth(server));
  assert.equal(staff.status, 200, staff.text);
  const shopper = await postJson(url, { lines, received: { kind: 'mail' }, email: 'ADA@example.com' }, { 'idempotency-key': freshKey('own') });
  assert.equal(shopper.status, 201, shopper.text);
  assert.equal(shopper.body.channel, 'web');
});
