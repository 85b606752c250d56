// Pickup holds: a ready order the shopper never collects lapses once its
// store's hold_days (the demo stores hold 7 days) have passed by the
// server's clock, and its units go back on sale exactly once, as a stock
// movement live listeners hear. Staff see when a hold ends and extend it.
// The clock moves by restarting the server on the same database with a
// later --fixed-clock; with --hold-check-seconds 0 nothing lapses until
// POST /api/admin/pickup-holds/lapse, so each test decides when.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_ADMIN, TEST_PASSWORD, audit, getJson, openEvents, orderBody, placeOrder, postJson, quote, signIn, startServer,
  storeStock,
} from './helpers.mjs';

const STORE = 'philadelphia-center-city';
const OTHER_STORE = 'nyc-soho';
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T15:00:00Z');
const at = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const running = new Set();
after(async () => { for (const s of running) await s.stop(); });

// A server whose clock stands at `ms`, on the database in `dir` (fresh when absent).
async function serverAt(ms, { dir, check = 0 } = {}) {
  const server = await startServer({ dir, args: ['--fixed-clock', at(ms), '--hold-check-seconds', String(check)] });
  running.add(server);
  return server;
}

async function restartAt(server, ms, options = {}) {
  running.delete(server);
  await server.stop({ keep: true });
  return serverAt(ms, { ...options, dir: server.dir });
}

const setStatus = (server, order, status, headers) =>
  postJson(`${server.url}/api/stores/${STORE}/orders/${order}/status`, { status }, headers);
const extend = (server, order, days, headers) =>
  postJson(`${server.url}/api/stores/${STORE}/orders/${order}/hold`, { days }, headers);
const lapseNow = async (server) => {
  const r = await postJson(`${server.url}/api/admin/pickup-holds/lapse`, {});
  assert.equal(r.status, 200, r.text);
  return r.body.lapsed.map((o) => o.order_id);
};
const statusOf = async (server, id) => (await getJson(`${server.url}/api/orders/${id}`)).body.status;
const stockOf = async (server, sku) => {
  const s = await storeStock(server, STORE, sku);
  return { available: s.available, reserved: s.reserved, committed: s.committed, on_hand: s.on_hand };
};

// A pickup order of `quantity` units of `sku`, placed and made ready at the server's instant `ms`.
async function readyOrder(server, ms, sku, quantity) {
  const cart = { lines: [{ sku, quantity, fulfilment: { type: 'pickup', store: STORE } }] };
  const context = { now: at(ms), location: { country: 'US', postal_code: '19103' } };
  const q = await quote(server, cart, context);
  const placed = await placeOrder(server, orderBody(cart, context, q));
  assert.equal(placed.status, 201, placed.text);
  const ready = await setStatus(server, placed.body.order_id, 'ready_for_pickup');
  assert.equal(ready.status, 200, ready.text);
  return { id: placed.body.order_id, ready: ready.body };
}

test('an uncollected order lapses when the hold ends: stock back once, heard live, audit consistent', async () => {
  const SKU = 'NW-BASIC-TEE-L';
  let server = await serverAt(T0);
  const start = await stockOf(server, SKU);
  const order = await readyOrder(server, T0, SKU, 3);
  assert.equal(order.ready.hold_ends_at, at(T0 + 7 * DAY), 'ready at T0, held 7 days');
  const queue = await getJson(`${server.url}/api/stores/${STORE}/orders?status=ready_for_pickup`);
  assert.equal(queue.body.orders.find((o) => o.order_id === order.id).hold_ends_at, at(T0 + 7 * DAY));

  server = await restartAt(server, T0 + 7 * DAY - 1000);
  assert.deepEqual(await lapseNow(server), [], 'one second before the end nothing lapses');
  assert.equal(await statusOf(server, order.id), 'ready_for_pickup');

  server = await restartAt(server, T0 + 7 * DAY);
  const events = openEvents(server);
  await events.ready;
  try {
    assert.deepEqual(await lapseNow(server), [order.id]);
    const heard = await events.waitFor((e) => e.event === 'stock' && e.data.location === STORE && e.data.sku === SKU);
    assert.equal(heard.data.available, start.available, 'the listener hears the units back on sale');
    await events.waitFor((e) => e.event === 'order' && e.data.order_id === order.id && e.data.status === 'lapsed');
  } finally {
    events.close();
  }
  const lapsed = (await getJson(`${server.url}/api/orders/${order.id}`)).body;
  assert.equal(lapsed.status, 'lapsed');
  assert.deepEqual(lapsed.history.map((h) => [h.status, h.at]),
    [['placed', at(T0)], ['ready_for_pickup', at(T0)], ['lapsed', at(T0 + 7 * DAY)]]);
  assert.deepEqual(await stockOf(server, SKU), start);

  // Exactly once: checking again, collecting or cancelling moves nothing.
  assert.deepEqual(await lapseNow(server), []);
  assert.equal((await setStatus(server, order.id, 'picked_up')).status, 409);
  assert.equal((await setStatus(server, order.id, 'cancelled')).status, 409);
  assert.equal((await setStatus(server, order.id, 'lapsed')).status, 400, 'staff cancel; only the hold lapses an order');
  assert.deepEqual(await stockOf(server, SKU), start);
  assert.equal((await audit(server)).consistent, true);
});

test('the timer lapses due orders at start-up, by the server clock', async () => {
  const SKU = 'NW-BASIC-TEE-S';
  let server = await serverAt(T0);
  const start = await stockOf(server, SKU);
  const order = await readyOrder(server, T0, SKU, 2);
  server = await restartAt(server, T0 + 8 * DAY, { check: 3600 });
  assert.equal(await statusOf(server, order.id), 'lapsed');
  assert.deepEqual(await stockOf(server, SKU), start);
});

test('collect and lapse racing for the same orders: each order is collected or lapsed, never both', async (t) => {
  const SKU = 'NW-BASIC-TEE-M';
  let server = await serverAt(T0);
  const start = await stockOf(server, SKU);
  const orders = [];
  for (let i = 0; i < 8; i++) orders.push((await readyOrder(server, T0, SKU, 1 + (i % 3))).id);
  const units = (i) => 1 + (i % 3);
  server = await restartAt(server, T0 + 7 * DAY);

  // A collect of each order (newest first) and a lapse run (oldest first)
  // after each of them, all in flight together.
  const inFlight = [...orders].reverse().flatMap((id) => [setStatus(server, id, 'picked_up'), lapseNow(server)]);
  const settled = await Promise.all(inFlight);
  const collects = [...orders].reverse().map((_, i) => settled[2 * i]).reverse();
  const runs = settled.filter((_, i) => i % 2 === 1);
  const lapsedByRuns = runs.flat();
  assert.equal(new Set(lapsedByRuns).size, lapsedByRuns.length, 'no order lapsed twice');
  let pickedUnits = 0;
  for (const [i, id] of orders.entries()) {
    const collected = collects[i].status === 200;
    assert.ok(collected || collects[i].status === 409, collects[i].text);
    assert.equal(collected, !lapsedByRuns.includes(id), `${id}: collected xor lapsed`);
    assert.equal(await statusOf(server, id), collected ? 'picked_up' : 'lapsed');
    if (collected) pickedUnits += units(i);
  }
  t.diagnostic(`lapsed ${lapsedByRuns.length} of ${orders.length}, collected the rest`);
  // Collected units left the shelf; lapsed ones are back on sale, once.
  assert.deepEqual(await stockOf(server, SKU), {
    available: start.available - pickedUnits, reserved: 0, committed: 0, on_hand: start.on_hand - pickedUnits,
  });
  assert.equal((await audit(server)).consistent, true);
});

test('staff extend a hold; other stores\' staff cannot; the extension is in the action log', async () => {
  const SKU = 'NW-BASIC-TEE-L';
  let server = await serverAt(T0);
  const order = await readyOrder(server, T0, SKU, 1);

  const admin = { authorization: `Bearer ${await signIn(server.url, TEST_ADMIN, TEST_PASSWORD)}` };
  for (const [username, store] of [['center-city-clerk', STORE], ['soho-clerk', OTHER_STORE]]) {
    const made = await postJson(`${server.url}/api/admin/accounts`,
      { username, role: 'store', store, password: `${username} long password` }, admin);
    assert.equal(made.status, 201, made.text);
  }
  const clerk = { authorization: `Bearer ${await signIn(server.url, 'center-city-clerk', 'center-city-clerk long password')}` };
  const otherClerk = { authorization: `Bearer ${await signIn(server.url, 'soho-clerk', 'soho-clerk long password')}` };

  const refused = await extend(server, order.id, 2, otherClerk);
  assert.equal(refused.status, 403, refused.text);
  let r = await extend(server, order.id, 2, clerk);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.hold_ends_at, at(T0 + 9 * DAY), 'two days after the end it had');
  for (const bad of [0, 31, 1.5, '2']) {
    const b = await extend(server, order.id, bad, clerk);
    assert.equal(b.status, 400, `${bad}: ${b.text}`);
    assert.equal(b.body.error.path, '/days');
  }
  const log = await getJson(`${server.url}/api/admin/actions`);
  assert.ok(log.body.actions.some((a) => a.path === `/api/stores/${STORE}/orders/${order.id}/hold` && a.status === 200),
    JSON.stringify(log.body.actions.slice(0, 5)));

  server = await restartAt(server, T0 + 9 * DAY - 1000);
  assert.deepEqual(await lapseNow(server), [], 'the extension holds it past the first end');
  // Extended after the end had passed in all but a second: counted from the end.
  r = await extend(server, order.id, 1);
  assert.equal(r.body.hold_ends_at, at(T0 + 10 * DAY));

  server = await restartAt(server, T0 + 10 * DAY);
  assert.deepEqual(await lapseNow(server), [order.id]);
  const late = await extend(server, order.id, 1);
  assert.equal(late.status, 409, 'a lapsed order has no hold left to extend');
  assert.equal(late.body.error.code, 'illegal_transition');
});
