// The widget's pricing path (web/checkout/catalog/cart-pricing.mjs) over the
// real wasm core, against one-shot quotes. A cart is changed as a shopper
// changes it (lines added, removed, re-counted, moved to pickup and back,
// codes applied and removed, a destination, a location, a shipping method,
// time passing, promotions used up), in random order, on the demo catalog and
// on generated ones. After every change the widget's read model (the session's
// compact view joined with the catalog's titles and names) must equal what
// quote-read.mjs reads from the one-shot quote of the same request, for every
// member the views read; the full quote the widget sends with an order must be
// that quote, fingerprint included; a request the core refuses is the same
// error.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { loadWasmApi, repoRoot, wasmDir } from './clis.mjs';
import { generateRequests, Rng } from './generate.mjs';
import { CatalogIndex, PricingEngine } from '../../web/checkout/pricing.mjs';
import { CartPricing, requestEdits } from '../../web/checkout/catalog/cart-pricing.mjs';
import { readQuote } from '../../web/checkout/quote-read.mjs';

const built = existsSync(join(wasmDir, 'node.mjs')) && existsSync(join(wasmDir, 'checkout-core-node.cjs'));
const skip = built ? false : `not built: ${wasmDir}/node.mjs`;
const STEPS = 15;

// What the views read of a read model (views/*.mjs, live/, order/), with the
// params a message has none of read as {}.
const pick = (o, keys) => (o ? Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) : o);
const said = (m, keys) => ({ ...pick(m, keys), params: m.params ?? {} });
function viewed(q) {
  return {
    currency: q.currency,
    exponent: q.exponent,
    totals: q.totals,
    lines: q.lines.map((l) => pick(l, ['index', 'sku', 'quantity', 'fulfilment', 'title', 'variant_title', 'compare_at_price',
      'unit_price', 'subtotal', 'discounts', 'discount_total', 'net', 'tax', 'total'])),
    applied: q.promotions.applied.map((p) => pick(p, ['id', 'code', 'title', 'amount', 'shipping_discount', 'free_shipping'])),
    rejected: q.promotions.rejected.map((r) => said(r, ['code', 'reason'])),
    shipping: {
      ...pick(q.shipping, ['needed', 'selected', 'price']),
      options: q.shipping.options.map((o) => pick(o, ['method', 'name', 'base_price', 'price', 'free', 'free_over', 'remaining_for_free', 'delivery'])),
    },
    stores: q.pickup.stores.map((s) => pick(s, ['store', 'name', 'distance_m', 'availability', 'lines', 'ready_local', 'curbside', 'phone'])),
    messages: q.messages.map((m) => said(m, ['code', 'line'])),
  };
}

function choicesOf(catalog) {
  return {
    skus: (catalog.products ?? []).flatMap((p) => (p.variants ?? []).map((v) => v.sku)),
    stores: (catalog.stores ?? []).map((s) => s.id),
    methods: (catalog.shipping?.methods ?? []).map((m) => m.id),
    codes: [...(catalog.promotions ?? []).flatMap((p) => p.codes ?? []), 'NOPE-9'],
    promotions: (catalog.promotions ?? []).map((p) => p.id),
  };
}

// One change a shopper (or another tab) makes; -> its name.
function change(r, request, c) {
  const { cart, context } = request;
  const n = cart.lines.length;
  const i = r.int(0, Math.max(n - 1, 0));
  const fulfilment = () => (r.chance(0.5) || !c.stores.length ? { type: 'ship' } : { type: 'pickup', store: r.pick(c.stores) });
  switch (r.int(0, 11)) {
    case 0: case 1:
      cart.lines.push({ sku: r.pick(c.skus), quantity: r.int(1, 4), fulfilment: fulfilment() });
      return 'add';
    case 2:
      if (n) cart.lines.splice(i, 1);
      return `remove ${i}`;
    case 3:
      if (n) cart.lines[i] = { ...cart.lines[i], quantity: r.int(1, 9) };
      return `quantity ${i}`;
    case 4:
      if (n) cart.lines[i] = { ...cart.lines[i], fulfilment: fulfilment() };
      return `fulfilment ${i}`;
    case 5:
      cart.coupons.push(r.pick(c.codes));
      return 'apply code';
    case 6:
      if (cart.coupons.length) {
        const code = r.pick(cart.coupons);
        cart.coupons = cart.coupons.filter((k) => k !== code);
      }
      return 'remove code';
    case 7:
      if (r.chance(0.3) || !c.methods.length) delete cart.shipping_method;
      else cart.shipping_method = r.pick(c.methods);
      return 'method';
    case 8:
      context.destination = r.pick([{ country: 'US', region: 'NY', postal_code: '10012' }, { country: 'US', region: 'CA', postal_code: '94103' },
        { country: 'DE', postal_code: '10115' }, { country: 'US' }]);
      return 'destination';
    case 9:
      if (r.chance(0.2)) delete context.location;
      else context.location = r.pick([{ lat_e6: 40723300, lon_e6: -74003000 }, { lat_e6: 34052200, lon_e6: -118243700 }, { lat_e6: 52520000, lon_e6: 13405000 }]);
      return 'location';
    case 10:
      context.now = r.pick(['2026-11-23T10:00:00Z', '2026-11-23T10:00:01Z', '2026-11-28T23:30:00Z', '2027-03-14T06:59:59Z']);
      return 'time';
    default:
      if (c.promotions.length && r.chance(0.7)) context.exhausted_promotions = [r.pick(c.promotions)];
      else delete context.exhausted_promotions;
      return 'used up';
  }
}

function* catalogs(count) {
  yield JSON.parse(readFileSync(join(repoRoot, 'server-stub/data/demo/catalog.json'), 'utf8'));
  const seen = new Set();
  for (const line of generateRequests({ seed: 777, count: count * 4 })) {
    let request;
    try { request = JSON.parse(line); } catch { continue; }
    const text = JSON.stringify(request?.catalog);
    if (!request?.catalog?.products || seen.has(text)) continue;
    seen.add(text);
    yield request.catalog;
    if (seen.size >= count) return;
  }
}

test('the widget prices through a session exactly as one-shot quotes do', { skip }, async () => {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const r = new Rng(20261206);
  let compared = 0;
  let refused = 0;
  for (const catalog of catalogs(12)) {
    const engine = new PricingEngine(core);
    if (engine.load(JSON.stringify(catalog))) continue;  // a generated catalog the core refuses
    const index = new CatalogIndex(catalog, engine.catalog);
    const c = choicesOf(catalog);
    if (!c.skus.length) continue;
    for (let cart = 0; cart < 4; cart++) {
      const pricing = new CartPricing(engine);
      const request = {
        cart: { lines: [{ sku: r.pick(c.skus), quantity: 1, fulfilment: { type: 'ship' } }], coupons: [], currency: catalog.currency },
        context: { now: '2026-11-23T10:00:00Z', channel: 'web' },
      };
      const log = [];
      for (let step = 0; step < STEPS; step++) {
        log.push(change(r, request, c));
        const label = log.join('; ');
        const got = pricing.price(structuredClone(request), index);
        const expected = engine.quote(request);
        if (!expected.ok) {
          refused++;
          assert.equal(got.ok, false, label);
          assert.equal(got.error.code, expected.error.code, label);
          assert.equal(got.error.path, expected.error.path, label);
          continue;
        }
        assert.ok(got.ok, `${label}: ${got.error?.code} ${got.error?.message}`);
        const want = readQuote(expected.quote);
        assert.deepEqual(viewed(got.quote), viewed(want), label);
        const full = pricing.full();
        assert.ok(full.ok, label);
        assert.deepEqual(full.quote.binding, want.binding, label);
        assert.equal(full.fingerprint(), expected.fingerprint(), label);
        compared++;
      }
      pricing.dispose();
    }
    engine.dispose();
  }
  assert.ok(compared > 300, `only ${compared} carts compared`);
  assert.ok(refused > 0 || compared > 0);
});

test('a change becomes the edits that lead to it', () => {
  const ship = { type: 'ship' };
  const line = (sku, quantity = 1, fulfilment = ship) => ({ sku, quantity, fulfilment });
  const request = (lines, coupons = [], context = { now: 'T1' }) => ({ cart: { lines, coupons, currency: 'USD' }, context });
  const before = request([line('A'), line('B'), line('C')], ['SAVE10']);
  assert.deepEqual(requestEdits(before, request([line('A'), line('C')], ['SAVE10'])), [['removeLine', 1]]);
  assert.deepEqual(requestEdits(before, request([line('A'), line('B', 3), line('C'), line('D')], ['SAVE10'])),
    [['setQuantity', 1, 3], ['addLine', line('D')]]);
  assert.deepEqual(requestEdits(before, request([line('A'), line('B'), line('C', 1, { type: 'pickup', store: 's' })], ['SAVE10', 'X'])),
    [['setFulfilment', 2, { type: 'pickup', store: 's' }], ['applyCoupon', 'X']]);
  assert.deepEqual(requestEdits(before, request([line('A'), line('B'), line('C')], [], { now: 'T2', location: { lat_e6: 1, lon_e6: 2 } })),
    [['removeCoupon', 'SAVE10'], ['setLocation', { lat_e6: 1, lon_e6: 2 }], ['setNow', 'T2']]);
  assert.deepEqual(requestEdits(before, request([line('A'), line('B'), line('C')], ['SAVE10'], { now: 'T1', channel: 'web' })),
    [['setContext', { now: 'T1', channel: 'web' }]]);
  // Codes are judged in order: one put before another cannot be an append.
  assert.equal(requestEdits(before, request(before.cart.lines, ['X', 'SAVE10'])), null);
  assert.equal(requestEdits(before, { ...before, cart: { ...before.cart, currency: 'EUR' } }), null);
});
