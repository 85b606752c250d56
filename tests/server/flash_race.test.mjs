// Flash sale against the real server: 64 shoppers race for one SKU that has
// stock at a store and in the warehouse, shipped and pickup orders mixed,
// while the counter of another store sells the same SKU. An order may be
// refused only for a reason in what it binds (docs/formats.md "Binding
// changes"): here only the pickup store running out. Stock elsewhere must
// refuse nobody, and nothing is oversold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, storeStock, audit, postJson, freshKey, NYC_DESTINATION } from './helpers.mjs';

const SKU = 'NW-ALDE-LONGSL-SKY-L';  // demo data: 84 in wh-east, 13 at the Upper West Side (safety 1), 2 at SoHo (safety 1)
const PICKUP_STORE = 'nyc-upper-west-side';
const COUNTER_STORE = 'nyc-soho';  // listed in every shopper's pickup options, used by none
const REASONS = new Set(['cart_changed', 'price_changed', 'promotion_ended', 'promotion_used_up', 'promotion_changed',
  'promotion_added', 'tax_changed', 'shipping_changed', 'stock_at_location', 'total_changed', 'terms_changed']);

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('flash race: 64 shoppers, a counter sale elsewhere, refusals only for a bound reason', async () => {
  const start = await storeStock(server, PICKUP_STORE, SKU);
  const offered = start.available - 1;  // the safety stock stays on the shelf for online pickup
  assert.ok(offered > 0 && offered < 16, `the pickup store must be contested: ${JSON.stringify(start)}`);
  const counterStart = await storeStock(server, COUNTER_STORE, SKU);
  assert.ok(counterStart.available >= 1, 'the counter store has a unit to sell');

  // 48 ship from the warehouse (plenty of stock), 16 pick up at one store.
  const location = { country: 'US', postal_code: '10012' };
  const shoppers = Array.from({ length: 64 }, (_, i) => {
    const pickup = i % 4 === 3;
    const line = pickup ? { sku: SKU, quantity: 1, fulfilment: { type: 'pickup', store: PICKUP_STORE } } : { sku: SKU, quantity: 1 };
    const context = pickup ? { location } : { location, destination: NYC_DESTINATION };
    return { i, pickup, cart: { lines: [line], shipping_method: pickup ? undefined : 'standard' }, context };
  });
  for (const s of shoppers) {
    if (s.cart.shipping_method === undefined) delete s.cart.shipping_method;
    s.quote = await quote(server, s.cart, s.context);
    assert.ok(s.quote.details.pickup.stores.some((o) => o.store === COUNTER_STORE), 'the counter store is among the options');
  }
  const order = (s) => placeOrder(server, orderBody(s.cart, s.context, s.quote, { name: `Racer ${s.i}`, email: `racer${s.i}@example.com` }),
    freshKey(`flash${s.i}`));

  // Half the crowd orders while the counter sells; the other half after it sold.
  const sale = postJson(`${server.url}/api/stores/${COUNTER_STORE}/sales`, { cart: { lines: [{ sku: SKU, quantity: 1 }] } });
  const firstWave = shoppers.slice(0, 32).map(order);
  assert.equal((await sale).status, 201, 'the counter sale went through');
  const secondWave = shoppers.slice(32).map(order);
  const answers = await Promise.all([...firstWave, ...secondWave]);

  const results = shoppers.map((s, k) => ({ ...s, answer: answers[k] }));
  for (const r of results) assert.ok([201, 409].includes(r.answer.status), r.answer.text);
  const shipped = results.filter((r) => !r.pickup);
  const pickups = results.filter((r) => r.pickup);
  const falseRefusals = shipped.filter((r) => r.answer.status !== 201);
  const pickupPlaced = pickups.filter((r) => r.answer.status === 201).length;
  console.log(`flash race: ${shipped.length - falseRefusals.length}/${shipped.length} shipped placed, ` +
    `${pickupPlaced}/${pickups.length} pickups placed (${offered} offered), false refusals: ${falseRefusals.length}`);

  // Nothing a shipped order binds changed: the warehouse has the units, the
  // price, tax and shipping are the same. None may be refused.
  assert.deepEqual(falseRefusals.map((r) => r.answer.text), []);
  // The pickup store sells what it offers and not one unit more.
  assert.equal(pickupPlaced, offered);
  for (const r of pickups.filter((x) => x.answer.status === 409)) {
    const { error, diff } = r.answer.body;
    if (error.code === 'insufficient_stock') {
      assert.equal(r.answer.body.lines[0].location, PICKUP_STORE);
      continue;
    }
    assert.equal(error.code, 'quote_changed', r.answer.text);
    assert.ok(diff.length > 0, 'a refusal names what changed');
    for (const d of diff) {
      assert.ok(d.path.startsWith('/binding/'), `not a bound field: ${d.path}`);
      assert.ok(REASONS.has(d.reason), `not a reason: ${d.reason}`);
      assert.ok('client' in d && 'server' in d);
    }
    assert.ok(diff.some((d) => d.reason === 'stock_at_location' && d.path === '/binding/lines/0/fulfilment'), r.answer.text);
  }
  const end = await storeStock(server, PICKUP_STORE, SKU);
  assert.ok(end.available >= 0 && end.reserved + end.committed <= start.on_hand - 1, JSON.stringify(end));
  assert.equal(end.reserved + end.committed, offered);
  assert.equal((await audit(server)).consistent, true);
});
