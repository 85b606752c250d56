// Coupon abuse: stacking, the same code over and over, alternating customers
// and codes to get past per-customer and total limits, and guessing codes.
// The fixture merchant (fixtures/limits-catalog.json) has THREE (3 uses in
// total), ONCE (once per customer), VIP (exclusive) and STACKA (stackable).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, post, get, quote, orderBody, placeOrder, audit, freshKey, limitsCatalog, NY,
} from './harness.mjs';

let server;
before(async () => { server = await startServer({ args: ['--data', limitsCatalog] }); });
after(async () => { await server?.stop(); });

const PEN = (quantity = 4) => ({ lines: [{ sku: 'PEN', quantity }] });
const applied = (q) => q.binding.promotions.map((p) => p.id).sort();
const rejected = (q) => q.details.promotions.rejected.map((p) => `${p.code}:${p.reason}`);
// Orders ship to New York (harness NY_ADDRESS), so quotes are made for there.
const ctx = { destination: NY };

test('an exclusive code does not stack, and one code entered many ways applies once', async () => {
  // 4 pens = 10.00. VIP (50 %, priority -1 so it is considered first) is
  // exclusive: STACKA cannot join it, in either order of entry.
  const q = await quote(server, { ...PEN(), coupons: ['VIP', 'STACKA'] });
  assert.deepEqual(applied(q), ['vip']);
  assert.equal(q.binding.totals.discounts, 500);
  assert.equal(q.details.promotions.rejected[0].reason, 'cannot_combine');
  const reversed = await quote(server, { ...PEN(), coupons: ['STACKA', 'VIP'] });
  assert.deepEqual(applied(reversed), ['vip']);
  // The same code in every spelling the matcher folds together counts once.
  const same = await quote(server, { ...PEN(), coupons: ['STACKA', 'stacka', ' StackA ', 'STACKA'] });
  assert.deepEqual(applied(same), ['stack-a']);
  assert.equal(same.binding.totals.discounts, 100);
  assert.ok(same.details.promotions.rejected.every((r) => r.reason === 'duplicate'), JSON.stringify(same.details.promotions.rejected));
  // More codes than a cart may carry is an error, not a slow path.
  const many = await post(server, '/api/quote', { cart: { ...PEN(), coupons: Array.from({ length: 21 }, (_, i) => `X${i}`) }, context: {} });
  assert.equal(many.status, 400, many.text);
  assert.equal(many.body.error.path, '/cart/coupons');
});

test('a stacked order is stored with the server\'s single application, whatever the client claims', async () => {
  const cart = { ...PEN(), coupons: ['VIP', 'STACKA', 'VIP'], shipping_method: 'standard' };
  const q = await quote(server, cart, ctx);
  const body = orderBody(cart, ctx, q, { customer: { name: 'Eve', email: 'eve@example.com' } });
  // A binding that claims both discounts is refused, naming the promotion the server does not give.
  const claimed = structuredClone(body);
  claimed.client_quote.binding.promotions.push({ id: 'stack-a', amount: 100, shipping_discount: 0 });
  const refused = await placeOrder(server, claimed);
  assert.equal(refused.status, 409, refused.text);
  assert.ok(refused.body.diff.some((d) => d.path === `/binding/promotions/${q.binding.promotions.length}` && d.server === null), refused.text);
  // The binding as quoted places the order with the single application.
  const r = await placeOrder(server, body);
  assert.equal(r.status, 201, r.text);
  const stored = await get(server, `/api/orders/${r.body.order_id}`);
  assert.deepEqual(applied(stored.body.quote), ['vip']);
  assert.equal(stored.body.grand_total, q.binding.totals.grand_total);
});

test('a once-per-customer code cannot be reused by alternating customers or spellings of an email', async () => {
  const cart = { ...PEN(), coupons: ['ONCE'], shipping_method: 'standard' };
  const customers = ['alice@example.com', 'bob@example.com'];
  for (const email of customers) {
    const q = await quote(server, cart, ctx, { email });
    assert.deepEqual(applied(q), ['once-each']);
    const r = await placeOrder(server, orderBody(cart, ctx, q, { customer: { name: 'C', email } }));
    assert.equal(r.status, 201, r.text);
  }
  // Alternate: A, B, A, B ... with case and space variants of the same addresses.
  for (const email of ['ALICE@example.com', ' bob@EXAMPLE.com ', 'alice@example.COM', 'Bob@Example.Com']) {
    const q = await quote(server, cart, ctx, { email });
    assert.deepEqual(rejected(q), ['ONCE:usage_limit_reached'], email);
    // A client that pretends the code applied gets a 409 with the real quote, never the discount.
    const stale = { ...q, fingerprint: 'f'.repeat(64), binding: { ...q.binding, totals: { ...q.binding.totals, grand_total: q.binding.totals.grand_total - 100 } } };
    const r = await placeOrder(server, orderBody(cart, ctx, stale, { customer: { name: 'C', email } }));
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.code, 'quote_changed');
    assert.deepEqual(rejected(r.body.quote), ['ONCE:usage_limit_reached']);
  }
});

test('a code limited to 3 uses is used 3 times, however the uses are spread or raced', async () => {
  const cart = (n) => ({ ...PEN(n), coupons: ['THREE'], shipping_method: 'standard' });
  // Two sequential uses by different customers.
  for (const email of ['u1@example.com', 'u2@example.com']) {
    const q = await quote(server, cart(1), ctx);
    const r = await placeOrder(server, orderBody(cart(1), ctx, q, { customer: { name: 'U', email } }));
    assert.equal(r.status, 201, r.text);
  }
  // Then 12 customers race for the last use, each with a quote that still shows it.
  const q = await quote(server, cart(2), ctx);
  assert.deepEqual(applied(q), ['three-uses']);
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
    placeOrder(server, orderBody(cart(2), ctx, q, { customer: { name: 'R', email: `racer${i}@example.com` } }))));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
  assert.ok(results.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'quote_changed')),
    results.map((r) => r.text.slice(0, 200)).join('\n'));
  // Used up: quotes say so and a fourth order is refused.
  const after = await quote(server, cart(1), ctx);
  assert.deepEqual(rejected(after), ['THREE:usage_limit_reached']);
  assert.equal((await audit(server)).consistent, true);
});

test('guessing codes: 429 after 10 unknown codes a minute per address, however they are sent', async () => {
  const cart = (codes) => ({ cart: { ...PEN(1), coupons: codes }, context: {} });
  // Twenty guesses in one request count as twenty: the next request with a code waits.
  const burst = await post(server, '/api/quote', cart(Array.from({ length: 20 }, (_, i) => `GUESS${i}`)), {}, { localAddress: '127.0.0.2' });
  assert.equal(burst.status, 200, burst.text);
  const blocked = await post(server, '/api/quote', cart(['ANOTHER']), {}, { localAddress: '127.0.0.2' });
  assert.equal(blocked.status, 429, blocked.text);
  assert.equal(blocked.body.error.code, 'rate_limited');
  assert.ok(Number(blocked.headers['retry-after']) >= 1);
  // A forged X-Forwarded-For does not make a new client.
  const forged = await post(server, '/api/quote', cart(['ANOTHER']), { 'x-forwarded-for': '203.0.113.9' }, { localAddress: '127.0.0.2' });
  assert.equal(forged.status, 429);
  // The order endpoint shares the same budget.
  const q = await quote(server, PEN(1), ctx);
  const viaOrder = await post(server, '/api/orders', orderBody({ ...PEN(1), coupons: ['GUESS100'], shipping_method: 'standard' }, ctx, q),
    { 'idempotency-key': freshKey() }, { localAddress: '127.0.0.2' });
  assert.equal(viaOrder.status, 429, viaOrder.text);
  // Another address is not affected, and health always answers.
  const other = await post(server, '/api/quote', cart(['STACKA']), {}, { localAddress: '127.0.0.3' });
  assert.equal(other.status, 200, other.text);
  assert.equal((await get(server, '/api/health', {}, { localAddress: '127.0.0.2' })).status, 200);
});

test('guessing codes at the store counter is rate-limited too', async () => {
  // The sales endpoint (here with the harness's admin session) prices codes
  // like /api/quote does, so it must not be a way around the limit.
  const statuses = [];
  for (let i = 0; i < 12; ++i) {
    const r = await post(server, '/api/stores/main-st/sales', { cart: { lines: [{ sku: 'PEN', quantity: 1 }], coupons: [`COUNTER${i}`] } },
      {}, { localAddress: '127.0.0.4' });
    statuses.push(r.status);
  }
  assert.equal(statuses.at(-1), 429, `statuses: ${statuses.join(' ')}`);
});
