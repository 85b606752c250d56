// The order-attempt state machine (web/checkout/order/order-attempt.mjs)
// under node, against a scripted server: every answer it can get (201, 409,
// 422, 429, 503, no answer, a replay) and what it keeps in the shared store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrderAttempt, classify } from '../../web/checkout/order/order-attempt.mjs';

class NetworkError extends Error { constructor() { super('offline'); this.name = 'NetworkError'; } }

// A server that answers from a script, recording what it was sent, and a
// store that plays localStorage (shared by the "tabs" given the same one).
function setup(script) {
  const sent = [];
  const api = {
    async placeOrder(body, key) {
      sent.push({ key, body, storedBefore: store.value ? { ...store.value } : null });
      const next = script.shift();
      if (next === 'network') throw new NetworkError();
      if (typeof next === 'function') return next({ key, body });
      return next;
    },
  };
  const store = { value: null, load() { return this.value; }, save(v) { this.value = v; } };
  return { api, store, sent, attempt: new OrderAttempt({ api, store }) };
}

const created = { status: 201, body: { order_id: 'o-1', status: 'placed' } };
const headers = (h) => ({ get: (k) => h[k.toLowerCase()] ?? null });

test('201: placed; the attempt was saved before the request left and is forgotten after', async () => {
  const { attempt, store, sent } = setup([created]);
  const outcome = await attempt.place('k1', '{"a":1}');
  assert.equal(outcome.kind, 'placed');
  assert.equal(outcome.order.order_id, 'o-1');
  assert.deepEqual(sent[0].storedBefore, { key: 'k1', body: '{"a":1}' }, 'saved before sending');
  assert.equal(store.value, null);
  assert.equal(attempt.state, 'placed');
});

test('no answer: unknown, kept; the retry sends the same key and body and gets the order (a replay)', async () => {
  const { attempt, store, sent } = setup(['network', { status: 201, body: { order_id: 'o-1' }, headers: headers({ 'idempotent-replayed': 'true' }) }]);
  const first = await attempt.place('k1', 'B1');
  assert.equal(first.kind, 'unknown');
  assert.equal(attempt.state, 'unknown');
  assert.deepEqual(store.value, { key: 'k1', body: 'B1' });
  // The shopper retries; the page built a new body meanwhile (a new "now").
  const second = await attempt.place('k1', 'B2');
  assert.equal(second.kind, 'placed');
  assert.equal(second.replayed, true);
  assert.equal(second.earlier, true, 'the earlier body was the one placed');
  assert.deepEqual(sent.map((s) => [s.key, s.body]), [['k1', 'B1'], ['k1', 'B1']], 'B2 was never sent');
  assert.equal(store.value, null);
});

test('a saved attempt refused (409) lets the new body go', async () => {
  const { attempt, sent } = setup([
    'network',
    { status: 409, body: { error: { code: 'quote_changed' }, quote: { binding: {} }, diff: [{ reason: 'price_changed' }] } },
    created,
  ]);
  await attempt.place('k1', 'B1');
  const outcome = await attempt.place('k1', 'B2');
  assert.equal(outcome.kind, 'placed');
  assert.deepEqual(sent.map((s) => s.body), ['B1', 'B1', 'B2']);
});

test('409 quote_changed: refused with the quote and the diff; nothing kept', async () => {
  const diff = [{ path: '/binding/lines/0/unit_price', reason: 'price_changed', client: 1, server: 2 }];
  const { attempt, store } = setup([{ status: 409, body: { error: { code: 'quote_changed' }, quote: { binding: { x: 1 } }, diff } }]);
  const outcome = await attempt.place('k1', 'B1');
  assert.equal(outcome.kind, 'quote_changed');
  assert.deepEqual(outcome.diff, diff);
  assert.deepEqual(outcome.quote, { binding: { x: 1 } });
  assert.equal(store.value, null);
  assert.equal(attempt.state, 'refused');
});

test('409 insufficient_stock and not_fulfillable', async () => {
  const lines = [{ line: 0, sku: 'A', requested: 3, available: 1 }];
  const { attempt } = setup([
    { status: 409, body: { error: { code: 'insufficient_stock' }, lines } },
    { status: 409, body: { error: { code: 'not_fulfillable', message: 'No way to ship' } } },
  ]);
  const a = await attempt.place('k1', 'B1');
  assert.equal(a.kind, 'insufficient_stock');
  assert.deepEqual(a.lines, lines);
  const b = await attempt.place('k1', 'B1');
  assert.equal(b.kind, 'not_fulfillable');
  assert.equal(b.error.message, 'No way to ship');
});

test('422 idempotency_key_reused: this cart was already ordered (another tab), never a second order', async () => {
  const { attempt, store } = setup([{ status: 422, body: { error: { code: 'idempotency_key_reused' } } }]);
  const outcome = await attempt.place('k1', 'B-other-details');
  assert.equal(outcome.kind, 'already_placed');
  assert.equal(store.value, null);
});

test('429: rate limited, with its Retry-After; settled', async () => {
  const { attempt, store } = setup([{ status: 429, body: { error: { code: 'rate_limited', message: 'Slow down' } }, headers: headers({ 'retry-after': '7' }) }]);
  const outcome = await attempt.place('k1', 'B1');
  assert.equal(outcome.kind, 'rate_limited');
  assert.equal(outcome.retryAfter, 7);
  assert.equal(store.value, null);
});

test('503: unavailable, not settled: the attempt stays for the retry', async () => {
  const { attempt, store, sent } = setup([{ status: 503, body: { error: { code: 'overloaded' } } }, created]);
  const outcome = await attempt.place('k1', 'B1');
  assert.equal(outcome.kind, 'unavailable');
  assert.equal(attempt.state, 'unknown');
  assert.deepEqual(store.value, { key: 'k1', body: 'B1' });
  assert.equal((await attempt.place('k1', 'B1')).kind, 'placed');
  assert.equal(sent.length, 2);
});

test('other 4xx: refused with the server error, settled', async () => {
  const { attempt, store } = setup([{ status: 400, body: { error: { code: 'invalid_value', path: '/customer/email' } } }]);
  const outcome = await attempt.place('k1', 'B1');
  assert.deepEqual([outcome.kind, outcome.status, outcome.error.path], ['refused', 400, '/customer/email']);
  assert.equal(store.value, null);
});

test('on load: a saved attempt is resolved by sending it again; none -> null', async () => {
  const { attempt, store, sent } = setup([created]);
  assert.equal(await attempt.resolve(), null);
  store.value = { key: 'k9', body: 'B9' };  // left by a reload during placement
  const outcome = await attempt.resolve();
  assert.equal(outcome.kind, 'placed');
  assert.equal(outcome.resolved, true);
  assert.deepEqual(sent.map((s) => [s.key, s.body]), [['k9', 'B9']]);
  assert.equal(store.value, null);
});

test('two tabs sharing the store: the second sends the first one\'s attempt and gets its order back', async () => {
  const { api, store, sent } = setup(['network', { status: 200, body: { order_id: 'o-1' } }]);
  const tabA = new OrderAttempt({ api, store });
  const tabB = new OrderAttempt({ api, store });
  assert.equal((await tabA.place('k1', 'A-body')).kind, 'unknown');
  const b = await tabB.place('k1', 'B-body');
  assert.deepEqual([b.kind, b.earlier, b.order.order_id], ['placed', true, 'o-1']);
  assert.deepEqual(sent.map((s) => s.body), ['A-body', 'A-body']);
});

test('a second place() while one is on its way is refused as busy, not sent', async () => {
  let release;
  const { attempt, sent } = setup([() => new Promise((ok) => { release = () => ok(created); })]);
  const first = attempt.place('k1', 'B1');
  assert.equal((await attempt.place('k1', 'B1')).kind, 'busy');
  release();
  assert.equal((await first).kind, 'placed');
  assert.equal(sent.length, 1);
});

test('an error that is not the network is not swallowed', async () => {
  const { attempt } = setup([() => { throw new TypeError('bug'); }]);
  await assert.rejects(attempt.place('k1', 'B1'), TypeError);
});

test('classify: 200 without the header is a replay too', () => {
  assert.equal(classify({ status: 200, body: {} }).replayed, true);
  assert.equal(classify({ status: 201, body: {} }).replayed, false);
  assert.equal(classify({ status: 502, body: null }).kind, 'unavailable');
});

test('what the shopper is told for each outcome: only what is known', async () => {
  const { refusalOf } = await import('../../web/checkout/order/order-outcome.mjs');
  const ctx = { quote: { lines: [{ title: 'Tee', variant_title: 'M' }] }, storeName: (id) => ({ soho: 'Northwind SoHo' })[id] };
  const unknown = refusalOf({ kind: 'unknown', error: new Error('x') }, ctx);
  assert.match(unknown.placeError.message, /can't tell yet whether your order went through/);
  assert.doesNotMatch(unknown.placeError.message, /Nothing was charged/);
  assert.deepEqual([unknown.placeError.retry, unknown.focus, unknown.event.code], [true, 'retry', 'network']);
  assert.equal(refusalOf({ kind: 'unavailable', status: 503 }, ctx).placeError.retry, true);
  const stock = refusalOf({ kind: 'insufficient_stock', lines: [{ line: 0, location_kind: 'store', location: 'soho', available: 1, requested: 3 }] }, ctx);
  assert.deepEqual(stock.placeError.detail, ['Tee (M): only 1 of 3 available at Northwind SoHo.']);
  assert.equal(stock.reload, true);
  const binding = { currency: 'USD', exponent: 2, rounding: {}, lines: [{ fulfilment: { type: 'pickup', store: 'soho' } }], promotions: [], shipping: {}, tax_lines: [], totals: {} };
  const quote = { binding, details: { lines: [{ title: 'Tee' }] } };
  const soldOut = refusalOf({ kind: 'quote_changed', quote, diff: [{ path: '/binding/lines/0/fulfilment', reason: 'stock_at_location' }] }, ctx);
  assert.deepEqual(soldOut.placeError.detail, ['Tee: no longer available at Northwind SoHo.']);
  const priced = refusalOf({ kind: 'quote_changed', quote, diff: [{ path: '/binding/lines/0/unit_price', reason: 'price_changed' }] }, ctx);
  assert.equal(priced.dialog.serverQuote.lines[0].title, 'Tee');
  assert.equal(priced.placeError, undefined, 'asked in the dialog, not refused');
  assert.match(refusalOf({ kind: 'already_placed' }, ctx).placeError.message, /already placed/);
  assert.equal(refusalOf({ kind: 'rate_limited', error: {} }, ctx).placeError.retry, true);
  const other = refusalOf({ kind: 'refused', status: 400, error: { code: 'invalid_value', message: 'Bad email' } }, ctx);
  assert.deepEqual([other.placeError.message, other.event.code], ['Bad email', 'invalid_value']);
  assert.equal(refusalOf({ kind: 'refused', status: 418, error: {} }, ctx).event.code, 'http_418');
});
