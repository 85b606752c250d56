// The session API (engine.session, wasm/js/checkout.mjs) over the real wasm
// core, against the one-shot engine. Random requests from the parity
// generator are opened as sessions and changed by random edits, some of them
// invalid; the test keeps its own copy of { cart, context } and applies each
// edit to it by hand. After every edit a refused edit is the error
// engine.quote gives for the edited document, and an applied one gives the
// same quote bytes as engine.quote of the document, with totals() holding the
// quote's own numbers and codes. Also: amounts beyond 2^53 are never rounded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { loadWasmApi, repoRoot, wasmDir } from './clis.mjs';
import { generateRequests, Rng } from './generate.mjs';

const built = existsSync(join(wasmDir, 'node.mjs')) && existsSync(join(wasmDir, 'checkout-core-node.cjs'));
const skip = built ? false : `not built: ${wasmDir}/node.mjs`;
const REQUESTS = Number(process.env.SESSION_REQUESTS ?? 300);
const EDITS = 10;

// What an edit may pick from, read off the catalog.
function choicesOf(catalog) {
  const skus = (catalog.products ?? []).flatMap((p) => (p.variants ?? []).map((v) => v.sku));
  const stores = (catalog.stores ?? []).map((s) => s.id);
  const methods = (catalog.shipping?.methods ?? []).map((m) => m.id);
  const codes = (catalog.promotions ?? []).flatMap((p) => p.codes ?? []);
  return {
    skus: [...skus, 'NO-SUCH-SKU'], stores: [...stores, 'no-such-store'],
    methods: [...methods, 'no-such-method'], codes: [...codes, 'NOPE-9', ' save10 '],
  };
}

const quantity = (r) => r.pick([0, 1.5, '2', 2 ** 31, 1_000_001, r.int(1, 12), r.int(1, 12), r.int(1, 12), r.int(1, 12)]);
const fulfilment = (r, c) => (r.chance(0.3) ? { type: 'ship' } : { type: 'pickup', store: r.pick(c.stores) });

// One random edit on `session` and on `doc`; -> [name, result, missingLine].
function randomEdit(r, session, doc, c) {
  const { cart, context } = doc;
  const n = cart.lines.length;
  const line = r.chance(0.1) ? n : r.int(0, Math.max(n - 1, 0));
  const exists = line < n;
  switch (r.int(0, 10)) {
    case 0: {
      const q = quantity(r);
      if (exists) cart.lines[line].quantity = q;
      return [`setQuantity(${line}, ${JSON.stringify(q)})`, session.setQuantity(line, q), !exists];
    }
    case 1: {
      const l = { sku: r.pick(c.skus), quantity: quantity(r) };
      if (r.chance(0.3)) l.fulfilment = fulfilment(r, c);
      cart.lines.push(structuredClone(l));
      return [`addLine(${JSON.stringify(l)})`, session.addLine(l), false];
    }
    case 2:
      if (exists) cart.lines.splice(line, 1);
      return [`removeLine(${line})`, session.removeLine(line), !exists];
    case 3: {
      const f = fulfilment(r, c);
      if (exists) cart.lines[line].fulfilment = structuredClone(f);
      return [`setFulfilment(${line}, ${JSON.stringify(f)})`, session.setFulfilment(line, f), !exists];
    }
    case 4: {
      const code = r.pick(c.codes);
      (cart.coupons ??= []).push(code);
      return [`applyCoupon(${code})`, session.applyCoupon(code), false];
    }
    case 5: {
      const code = cart.coupons?.length && r.chance(0.5) ? r.pick(cart.coupons) : r.pick(c.codes);
      if (cart.coupons) cart.coupons = cart.coupons.filter((k) => k !== code);
      return [`removeCoupon(${code})`, session.removeCoupon(code), false];
    }
    case 6: {
      const method = r.chance(0.25) ? null : r.pick(c.methods);
      if (method === null) delete cart.shipping_method;
      else cart.shipping_method = method;
      return [`setShippingMethod(${method})`, session.setShippingMethod(method), false];
    }
    case 7: {
      const d = r.pick([null, { country: 'US', region: 'NY', postal_code: '10012' }, { country: 'DE' }, { country: 'GB', postal_code: 'SW1A 1AA' }, { country: 'usa' }]);
      if (d === null) delete context.destination;
      else context.destination = structuredClone(d);
      return [`setDestination(${JSON.stringify(d)})`, session.setDestination(d), false];
    }
    case 8: {
      const l = r.pick([null, { lat_e6: 40723300, lon_e6: -74003000 }, { lat_e6: 52520000, lon_e6: 13405000 }, { lat_e6: 91000000, lon_e6: 0 }]);
      if (l === null) delete context.location;
      else context.location = structuredClone(l);
      return [`setLocation(${JSON.stringify(l)})`, session.setLocation(l), false];
    }
    case 9: {
      const now = r.pick(['2026-03-29T00:30:00Z', '2026-11-23T10:00:00Z', '2027-01-01T23:59:59Z', 'yesterday']);
      context.now = now;
      return [`setNow(${now})`, session.setNow(now), false];
    }
    default: {
      context.customer_group = r.pick(['vip', 'staff', 'wholesale']);
      return [`setContext(customer_group ${context.customer_group})`, session.setContext(structuredClone(context)), false];
    }
  }
}

// totals() holds the quote's own numbers, codes and pickup/shipping facts;
// what it leaves out (names, titles, English sentences) is the catalog's.
function checkTotals(t, quote, label) {
  const b = quote.binding;
  const d = quote.details;
  assert.deepEqual(t.totals, b.totals, label);
  assert.deepEqual(t.lines, b.lines.map(({ subtotal, discount_total, net, tax, total, unit_price, discounts }) => (
    { subtotal, discount_total, net, tax, total, unit_price, discounts })), label);
  assert.equal(t.shipping.selected, b.shipping.selected ?? null, label);
  assert.equal(t.shipping.price, b.shipping.price ?? 0, label);
  assert.equal(t.shipping.needed, b.shipping.needed, label);
  assert.deepEqual(t.shipping.options, d.shipping.options.map(({ name, free_reason, ships_on, ...o }) => o), label);
  assert.deepEqual(t.promotions, b.promotions.map((p) => p.id), label);
  assert.deepEqual(t.applied, b.promotions.map((p, i) => ({ ...p, free_shipping: d.promotions.applied[i].free_shipping })), label);
  assert.deepEqual(t.rejected, d.promotions.rejected.map(({ code, reason, params }) => ({ code, reason, params: params ?? {} })), label);
  assert.deepEqual(t.messages, d.messages.map((m) => ({ code: m.code, line: m.line ?? -1, params: m.params ?? {} })), label);
  assert.deepEqual(t.pickup.stores, d.pickup.stores.map(({ name, phone, curbside, ready_at, ...s }) => s), label);
}

test('a session edited at random quotes the same bytes as one-shot quotes of the same cart', { skip }, async () => {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const engines = new Map();  // catalog text -> engine
  const r = new Rng(20261206);
  let opened = 0;
  let compared = 0;
  for (const line of generateRequests({ seed: 4242, count: REQUESTS })) {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      continue;  // a breaker that is not JSON at all: nothing to open
    }
    if (request?.catalog === undefined || typeof request !== 'object') continue;
    const catalogText = JSON.stringify(request.catalog);
    if (!engines.has(catalogText)) engines.set(catalogText, core.createEngine(catalogText));
    const loaded = engines.get(catalogText);
    if (!loaded.ok) continue;
    const { engine } = loaded;
    const doc = { cart: request.cart, context: request.context };
    const docText = line.slice(0);  // as given, for the message
    const first = engine.quote(doc);
    const s = engine.session(doc);
    if (!s.ok) {
      assert.equal(first.ok, false, `session refused what the engine quotes: ${docText.slice(0, 300)}`);
      assert.equal(s.json, first.json);
      continue;
    }
    opened++;
    const { session } = s;
    const c = choicesOf(request.catalog);
    const log = [];
    for (let step = 0; step < EDITS; step++) {
      const before = structuredClone(doc);
      const [name, edit, missingLine] = randomEdit(r, session, doc, c);
      log.push(`${name} -> ${edit.ok ? 'ok' : edit.error.code}`);
      const label = log.join('; ');
      if (missingLine) {
        assert.equal(edit.ok, false, label);
        assert.equal(edit.error.code, 'invalid_value', label);
        assert.equal(edit.error.path, `/cart/lines/${doc.cart.lines.length}`, label);
        assert.deepEqual(session.cartAndContext(), doc, label);
        continue;
      }
      const expected = engine.quote(doc);
      if (!edit.ok) {
        assert.equal(expected.ok, false, label);
        assert.equal(edit.json, expected.json, label);
        Object.assign(doc, before);
        assert.deepEqual(session.cartAndContext(), doc, label);
        continue;
      }
      assert.deepEqual(session.cartAndContext(), doc, label);
      const got = session.quote();
      assert.equal(got.json, expected.json, label);
      // Now and then the truly one-shot request too, catalog included.
      if (r.chance(0.1)) assert.equal(core.quoteRequest({ catalog: request.catalog, ...doc }).json, got.json, label);
      const totals = session.totals();
      if (!expected.ok) {
        assert.equal(totals.ok, false, label);
        continue;
      }
      compared++;
      checkTotals(totals, expected.quote, label);
      const priced = session.price();
      assert.equal(priced.fingerprint(), expected.quote.fingerprint, label);
    }
    session.dispose();
  }
  for (const e of engines.values()) if (e.ok) e.engine.dispose();
  assert.ok(opened > REQUESTS / 2, `only ${opened} sessions opened`);
  assert.ok(compared > opened * 2, `only ${compared} quotes compared`);
});

// Prices are at most 10^15; 2^53 - 1 = 9 x 10^15 + 7199254740991.
const bigCatalog = {
  currency: 'USD',
  products: [{ id: 'gold', title: 'Gold bar', variants: [
    { sku: '90071992547409930000', price: 10 ** 15 }, { sku: 'REST', price: 7199254740991 }] }],
};
const now = '2026-11-23T10:00:00Z';

test('an amount beyond 2^53 is never rounded: an error value, the exact text in json', { skip }, async () => {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const loaded = core.createEngine(bigCatalog);
  assert.ok(loaded.ok, loaded.error?.message);
  const { engine } = loaded;
  const sku = bigCatalog.products[0].variants[0].sku;  // digits in a string are not a number
  const nine = { cart: { lines: [{ sku, quantity: 9 }, { sku: 'REST', quantity: 1 }] }, context: { now } };
  const exact = engine.quote(nine);
  assert.ok(exact.ok, exact.error?.message);
  assert.equal(exact.quote.binding.totals.grand_total, Number.MAX_SAFE_INTEGER);  // the largest exact amount

  // 10 x 10^15 = 10^16 > 2^53: JSON.parse would give a number, maybe not this one.
  const ten = { cart: { lines: [{ sku, quantity: 10 }] }, context: { now } };
  const big = engine.quote(ten);
  assert.equal(big.ok, false);
  assert.equal(big.error.code, 'unsafe_integer');
  assert.match(big.json, /"grand_total":10000000000000000[,}]/);
  assert.equal(engine.price(ten).error.code, 'unsafe_integer');
  assert.equal(core.quoteRequest({ catalog: bigCatalog, ...ten }).error.code, 'unsafe_integer');

  const { session } = engine.session(nine);
  assert.equal(session.totals().totals.grand_total, Number.MAX_SAFE_INTEGER);
  assert.ok(session.setQuantity(1, 2).ok);  // 2^53 - 1 + 7199254740991
  const totals = session.totals();
  assert.equal(totals.ok, false);
  assert.equal(totals.error.code, 'unsafe_integer');
  assert.equal(session.quote().error.code, 'unsafe_integer');
  assert.equal(session.quote().json, engine.quote(session.cartAndContext()).json);  // the exact text is still there
  assert.match(session.quote().json, /"grand_total":9014398509481982[,}]/);
  session.dispose();
  engine.dispose();
});

test('edits are values: wrong types and dead handles', { skip }, async () => {
  const { loadCheckoutCore, CheckoutError } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const { engine } = core.createEngine(bigCatalog);
  const sku = bigCatalog.products[0].variants[0].sku;
  const bad = engine.session({ cart: { lines: [{ sku, quantity: 0 }] }, context: { now } });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.path, '/cart/lines/0/quantity');
  const { session } = engine.session({ cart: { lines: [{ sku, quantity: 1 }] }, context: { now } });
  for (const r of [session.setQuantity('0', 2), session.setQuantity(0, 1.5), session.applyCoupon(7), session.setQuantity(0, 2 ** 60)]) {
    assert.equal(r.ok, false);
    assert.ok(r.error instanceof CheckoutError);
  }
  assert.equal(session.setQuantity(0, 1.5).error.path, '/cart/lines/0/quantity');
  const other = core.createEngine(bigCatalog).engine;
  assert.equal(session.setEngine(other).error.code, 'invalid_value');
  session.dispose();
  assert.throws(() => session.totals(), /after dispose/);
  other.dispose();
  engine.dispose();
});

test('the session types check with tsc (strict)', { skip }, () => {
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  if (!existsSync(tsc)) return;  // typescript is a devDependency: present after npm ci
  const dir = mkdtempSync(join(tmpdir(), 'checkout-session-types-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false },
      files: [join(repoRoot, 'tests/parity/typescript/session.mts')],
    }));
    const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
