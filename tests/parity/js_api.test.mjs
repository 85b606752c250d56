// The JS API (wasm/js/checkout.mjs via node.mjs) over the real wasm core:
// results instead of exceptions, exact integers, engines as values, and
// handles freed by dispose() or, as a backstop, by the FinalizationRegistry.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { loadWasmApi, wasmDir } from './clis.mjs';

const built = existsSync(join(wasmDir, 'node.mjs')) && existsSync(join(wasmDir, 'checkout-core-node.cjs'));
const skip = built ? false : `not built: ${wasmDir}/node.mjs`;

const catalog = {
  currency: 'USD',
  products: [{ id: 'tee', title: 'Tee', variants: [{ sku: 'TEE', price: 1999 }] }],
  stores: [{ id: 'soho', name: 'SoHo', country: 'US', lat_e6: 40723300, lon_e6: -74003000,
    timezone: 'EST5EDT,M3.2.0,M11.1.0', hours: { mon: [['09:00', '21:00']] } }],
};
const request = { cart: { lines: [{ sku: 'TEE', quantity: 2 }] }, context: { now: '2026-11-23T10:00:00Z' } };

// Counts RawEngine handles deleted, by wrapping the real factory.
async function loadCounting() {
  const require = createRequire(import.meta.url);
  const factory = require(join(wasmDir, 'checkout-core-node.cjs'));
  const counter = { deleted: 0 };
  const counting = async (args) => {
    const module = await factory(args);
    const original = module.RawEngine.prototype.delete;
    module.RawEngine.prototype.delete = function countedDelete() {
      counter.deleted++;
      return original.call(this);
    };
    return module;
  };
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore({ factory: counting, wasmBinary: readFileSync(join(wasmDir, 'checkout-core-node.wasm')) });
  return { core, counter };
}

test('quotes from an object and from JSON text give the same canonical bytes', { skip }, async () => {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const a = core.createEngine(catalog);
  const b = core.createEngine(JSON.stringify(catalog));
  assert.ok(a.ok && b.ok);
  const qa = a.engine.quote(request);
  const qb = b.engine.quote(JSON.stringify(request));
  assert.ok(qa.ok);
  assert.equal(qa.json, qb.json);
  assert.equal(qa.quote.binding.totals.subtotal, 3998);  // 2 x 1999
  assert.equal(core.quoteRequest({ catalog, ...request }).json, qa.json);
  a.engine.dispose();
  b.engine.dispose();
});

test('price() gives the quote without hashing, and fingerprint() the same hash as quote()', { skip }, async () => {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  // Non-ASCII in the binding (a SKU), so the bytes hashed are UTF-8, not UTF-16.
  const { engine } = core.createEngine({ ...catalog, products: [{ id: 'tee', title: 'Tee', variants: [{ sku: 'TÉE-👕', price: 1999 }] }] });
  const req = { cart: { lines: [{ sku: 'TÉE-👕', quantity: 2 }] }, context: request.context };
  const quoted = engine.quote(req);
  const priced = engine.price(req);
  assert.ok(quoted.ok && priced.ok);
  assert.equal('fingerprint' in priced.quote, false);
  const { fingerprint, ...rest } = quoted.quote;
  assert.deepEqual(priced.quote, rest);
  assert.equal(priced.bindingJson, quoted.json.slice('{"binding":'.length, quoted.json.indexOf(',"details":')));
  assert.equal(priced.fingerprint(), fingerprint);
  assert.equal(priced.fingerprint(), fingerprint);  // cached, same answer
  assert.equal(createHash('sha256').update(priced.bindingJson, 'utf8').digest('hex'), fingerprint);
  const bad = engine.price({ cart: { lines: [{ sku: 'NOPE', quantity: 1 }] }, context: request.context });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.code, 'unknown_sku');
  engine.dispose();
});

test('a catalog given as UTF-8 bytes loads the same engine as its text', { skip }, async () => {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  // A non-ASCII title, so the bytes differ from the UTF-16 code units.
  const text = JSON.stringify({ ...catalog, products: [{ ...catalog.products[0], title: 'Tée “Ünïcode” 👕' }] });
  const bytes = new TextEncoder().encode(text);
  const fromText = core.createEngine(text);
  const fromBytes = core.createEngine(bytes);
  const fromBuffer = core.createEngine(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  assert.ok(fromText.ok && fromBytes.ok && fromBuffer.ok);
  const q = fromText.engine.quote(request);
  assert.ok(q.ok);
  assert.equal(q.quote.details.lines[0].title, 'Tée “Ünïcode” 👕');
  assert.equal(fromBytes.engine.quote(request).json, q.json);
  assert.equal(fromBuffer.engine.quote(request).json, q.json);
  // A view into a larger buffer: only its own bytes are read.
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  const fromView = core.createEngine(padded.subarray(4, 4 + bytes.length));
  assert.ok(fromView.ok);
  assert.equal(fromView.engine.quote(request).json, q.json);
  for (const r of [fromText, fromBytes, fromBuffer, fromView]) r.engine.dispose();
  // Bad bytes are an error value like bad text: not JSON, invalid UTF-8, nothing.
  for (const bad of [new TextEncoder().encode('{"currency":'), Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d), new Uint8Array(0)]) {
    const r = core.createEngine(bad);
    assert.equal(r.ok, false);
    assert.equal(r.error.name, 'CheckoutError');
  }
});

test('bad input comes back as CheckoutError values, never thrown', { skip }, async () => {
  const { loadCheckoutCore, CheckoutError } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const badCatalog = core.createEngine('{"currency":');
  assert.equal(badCatalog.ok, false);
  assert.ok(badCatalog.error instanceof CheckoutError && badCatalog.error instanceof Error);
  assert.equal(badCatalog.error.code, 'malformed_json');

  const { engine } = core.createEngine(catalog);
  const r = engine.quote({ cart: { lines: [{ sku: 'TEE', quantity: 0 }] }, context: request.context });
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'invalid_quantity');
  assert.equal(r.error.path, '/cart/lines/0/quantity');
  assert.equal(r.json, JSON.stringify({ error: { code: r.error.code, message: r.error.message, path: r.error.path } }));

  const unsafe = engine.quote({ cart: { lines: [{ sku: 'TEE', quantity: 2 ** 60 }] }, context: request.context });
  assert.equal(unsafe.error.code, 'unsafe_integer');
  assert.equal(unsafe.error.path, '/cart/lines/0/quantity');
  // A BigInt is written exactly, so the core itself judges it (too large).
  const big = engine.quote({ cart: { lines: [{ sku: 'TEE', quantity: 2n ** 60n }] }, context: request.context });
  assert.equal(big.ok, false);
  assert.notEqual(big.error.code, 'unsafe_integer');
  engine.dispose();
});

test('withStoreStock returns a new engine and leaves the old one unchanged', { skip }, async () => {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const { engine } = core.createEngine(catalog);
  const pickup = { cart: { lines: [{ sku: 'TEE', quantity: 2, fulfilment: { type: 'pickup', store: 'soho' } }] }, context: request.context };
  const before = engine.quote(pickup).quote.details.pickup.stores[0].lines[0].available;
  const updated = engine.withStoreStock('soho', 'TEE', 5);
  assert.ok(updated.ok);
  assert.equal(updated.engine.quote(pickup).quote.details.pickup.stores[0].lines[0].available, 2);  // 5 on hand, 2 requested
  assert.equal(engine.quote(pickup).quote.details.pickup.stores[0].lines[0].available, before);
  assert.equal(before, 0);  // no stock listed = 0 units

  assert.equal(engine.withStoreStock('nowhere', 'TEE', 5).error.code, 'unknown_store');
  assert.equal(engine.withStoreStock('soho', 'TEE', 1.5).error.code, 'invalid_value');
  assert.equal(engine.withStoreStock('soho', 'TEE', 7n).ok, true);
  updated.engine.dispose();
  engine.dispose();
});

test('dispose frees the handle once; use after dispose throws', { skip }, async () => {
  const { core, counter } = await loadCounting();
  const { engine } = core.createEngine(catalog);
  engine.dispose();
  engine.dispose();
  assert.equal(counter.deleted, 1);
  assert.throws(() => engine.quote(request), /after dispose/);
});

test('engines dropped without dispose are freed by the FinalizationRegistry', { skip }, async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const { core, counter } = await loadCounting();
  (() => {
    for (let i = 0; i < 20; i++) core.createEngine(catalog);
  })();
  for (let round = 0; round < 20 && counter.deleted < 20; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(counter.deleted, 20);
});
