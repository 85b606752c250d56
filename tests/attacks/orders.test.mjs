// Order-flow attacks: the address or shipping method changed between the
// quote and the order, captured order requests replayed, and the cart or the
// stock changing while an order is being placed. The server re-quotes every
// order itself, so each either gets the server's amounts or a 409 with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, post, quote, orderBody, placeOrder, audit, stockOf, freshKey, limitsCatalog, NY, NY_ADDRESS,
} from './harness.mjs';

let demo, limits;
before(async () => {
  [demo, limits] = await Promise.all([startServer(), startServer({ args: ['--data', limitsCatalog] })]);
});
after(async () => { await Promise.all([demo?.stop(), limits?.stop()]); });

const TEE = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 2 }], shipping_method: 'standard' };
const OREGON = { country: 'US', region: 'OR', postal_code: '97201' };  // no tax rule in the demo
const OREGON_ADDRESS = { name: 'Ada', line1: '1 Main St', city: 'Portland', region: 'OR', postal_code: '97201', country: 'US' };

test('a quote for a tax-free destination does not buy a New York delivery tax-free', async () => {
  const cheap = await quote(demo, TEE, { destination: OREGON });
  assert.equal(cheap.binding.totals.tax, 0);
  // Same cart, the Oregon quote's numbers, but the goods go to New York; the
  // client even keeps context.destination on Oregon.
  const r = await placeOrder(demo, orderBody(TEE, { destination: OREGON }, cheap, { address: NY_ADDRESS }));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.body.error.code, 'quote_changed');
  assert.ok(r.body.quote.binding.totals.tax > 0, 'the server taxed New York');
  assert.equal(r.body.quote.binding.lines[0].tax_rate, '8.875');
  const reasons = Object.fromEntries(r.body.diff.map((d) => [d.path, d.reason]));
  assert.equal(reasons['/binding/totals/tax'], 'tax_changed', r.text);
  assert.equal(reasons['/binding/lines/0/tax'], 'tax_changed', r.text);
  assert.equal(reasons['/binding/totals/grand_total'], 'total_changed', r.text);
  // The honest order for Oregon goes through with Oregon's numbers.
  const ok = await placeOrder(demo, orderBody(TEE, { destination: OREGON }, cheap, { address: OREGON_ADDRESS }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.grand_total, cheap.binding.totals.grand_total);
});

test('a shipping method changed after the quote is a 409, with the method in the diff', async () => {
  const standard = await quote(demo, TEE, { destination: NY });
  const express = { ...TEE, shipping_method: 'express' };
  const body = orderBody(express, { destination: NY }, standard);  // with the binding the customer saw
  const r = await placeOrder(demo, body);
  assert.equal(r.status, 409, r.text);
  const reasons = Object.fromEntries(r.body.diff.map((d) => [d.path, d.reason]));
  assert.equal(reasons['/binding/shipping/selected'], 'shipping_changed', r.text);
  assert.equal(reasons['/binding/totals/grand_total'], 'total_changed', r.text);
  assert.equal(r.body.quote.binding.shipping.selected, 'express');
  // A method that does not serve the address cannot be slipped in either:
  // next-day-west only serves western states, so the quote falls back.
  const west = await quote(demo, { ...TEE, shipping_method: 'next-day-west' }, { destination: NY });
  assert.notEqual(west.binding.shipping.selected, 'next-day-west');
});

test('a replayed order request never places a second order or reserves twice', async () => {
  const cart = { lines: [{ sku: 'NW-LTD-LANTERN', quantity: 1, fulfilment: { type: 'pickup', store: 'boston-back-bay' } }] };
  const q = await quote(demo, cart, {});
  const body = JSON.stringify(orderBody(cart, {}, q, { address: null }));
  const key = freshKey('replay');
  const first = await placeOrder(demo, body, key);
  assert.equal(first.status, 201, first.text);
  const afterFirst = await stockOf(demo, 'boston-back-bay', 'NW-LTD-LANTERN');
  // The captured request, replayed five times, some at once.
  const replays = await Promise.all(Array.from({ length: 5 }, () => placeOrder(demo, body, key)));
  for (const r of replays) {
    assert.equal(r.status, 201);
    assert.equal(r.headers['idempotent-replayed'], 'true');
    assert.equal(r.body.order_id, first.body.order_id);
  }
  assert.deepEqual(await stockOf(demo, 'boston-back-bay', 'NW-LTD-LANTERN'), afterFirst);
  // The same key with any other bytes (even whitespace) is refused, not re-priced.
  for (const other of [` ${body}`, body.replace('"quantity":1', '"quantity":2')]) {
    const r = await placeOrder(demo, other, key);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.code, 'idempotency_key_reused');
  }
  // Cancelled by the store, a replay still only returns the old answer.
  const cancel = await post(demo, `/api/stores/boston-back-bay/orders/${first.body.order_id}/status`, { status: 'cancelled' });
  assert.equal(cancel.status, 200, cancel.text);
  const stockAfterCancel = await stockOf(demo, 'boston-back-bay', 'NW-LTD-LANTERN');
  const late = await placeOrder(demo, body, key);
  assert.equal(late.status, 201);
  assert.equal(late.body.order_id, first.body.order_id);
  assert.deepEqual(await stockOf(demo, 'boston-back-bay', 'NW-LTD-LANTERN'), stockAfterCancel);
  // Keys that are not printable ASCII, or too long, are refused.
  for (const bad of ['', 'k'.repeat(256), 'caf\u00e9']) {
    const r = await post(demo, '/api/orders', body, { 'idempotency-key': Buffer.from(bad, 'latin1').toString('latin1') }).catch((e) => ({ status: 0, e }));
    assert.ok(r.status === 400, `key ${JSON.stringify(bad)}: ${r.status}`);
  }
  assert.equal((await audit(demo)).consistent, true);
});

test('a cart changed after the quote is a 409; the quote of one unit does not buy five', async () => {
  const one = { lines: [{ sku: 'PEN', quantity: 1 }], shipping_method: 'standard' };
  const q = await quote(limits, one, { destination: NY });
  for (const changed of [
    { ...one, lines: [{ sku: 'PEN', quantity: 5 }] },
    { ...one, lines: [{ sku: 'PEN', quantity: 1 }, { sku: 'MUG', quantity: 1 }] },
    { ...one, lines: [{ sku: 'MUG', quantity: 1 }] },
  ]) {
    const r = await placeOrder(limits, orderBody(changed, { destination: NY }, q));
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.code, 'quote_changed');
  }
});

test('orders racing a counter sale for the last units: never oversold, every refusal explained', async () => {
  // 10 mugs at Main St. 12 pickup orders of 1 and 3 counter sales of 2 race:
  // at most 10 units leave, stock never goes negative, the audit holds.
  const cart = { lines: [{ sku: 'MUG', quantity: 1, fulfilment: { type: 'pickup', store: 'main-st' } }] };
  const q = await quote(limits, cart, {});
  const orders = Array.from({ length: 12 }, (_, i) =>
    placeOrder(limits, orderBody(cart, {}, q, { address: null, customer: { name: 'R', email: `r${i}@example.com` } })));
  const sales = Array.from({ length: 3 }, () =>
    post(limits, '/api/stores/main-st/sales', { cart: { lines: [{ sku: 'MUG', quantity: 2 }] } }));
  const [o, s] = [await Promise.all(orders), await Promise.all(sales)];
  const units = o.filter((r) => r.status === 201).length + 2 * s.filter((r) => r.status === 201).length;
  assert.ok(units <= 10, `${units} units left a shelf of 10`);
  for (const r of [...o, ...s]) {
    assert.ok(r.status === 201 || r.status === 409, `${r.status} ${r.text.slice(0, 300)}`);
    if (r.status === 409) assert.ok(['insufficient_stock', 'quote_changed'].includes(r.body.error.code), r.text.slice(0, 300));
  }
  const stock = await stockOf(limits, 'main-st', 'MUG');
  assert.ok(stock.available >= 0);
  assert.equal(stock.on_hand, stock.available + stock.reserved + stock.committed);
  assert.equal((await audit(limits)).consistent, true);
});

test('one key used concurrently for two different carts (two tabs) makes one order', async () => {
  const key = freshKey('tabs');
  const a = { lines: [{ sku: 'PEN', quantity: 1 }], shipping_method: 'standard' };
  const b = { lines: [{ sku: 'PEN', quantity: 2 }], shipping_method: 'standard' };
  const [qa, qb] = [await quote(limits, a, { destination: NY }), await quote(limits, b, { destination: NY })];
  const bodies = [JSON.stringify(orderBody(a, { destination: NY }, qa)), JSON.stringify(orderBody(b, { destination: NY }, qb))];
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => placeOrder(limits, bodies[i % 2], key)));
  const created = results.filter((r) => r.status === 201);
  assert.equal(new Set(created.map((r) => r.body.order_id)).size, 1, 'exactly one order id');
  const winner = created[0].body.grand_total;
  for (const r of results) {
    assert.ok(r.status === 201 || (r.status === 422 && r.body.error.code === 'idempotency_key_reused'), `${r.status} ${r.text.slice(0, 200)}`);
    if (r.status === 201) assert.equal(r.body.grand_total, winner);
  }
});
