#!/usr/bin/env node
// The peer comparison of issue 15, in one node process on the same carts:
//   medusa   Medusa's totals code, decorateCartTotals from @medusajs/utils
//            (a pinned devDependency), given each line's unit price,
//            quantity, tax rate and discount amounts and the shipping price.
//            It computes totals only: promotions, shipping options, pickup,
//            tax rules and rounding policy are decided before it is called,
//            so its input is taken from our own quote of the same cart.
//            It mutates its input, so each call gets a fresh plain object
//            (timed alone as "medusa input": subtract it if you like).
//   quote    the full wasm quote through the JS API: engine.quote(text)
//            (parse, validate, every stage, canonical JSON, SHA-256, JSON.parse)
//   raw      the same through the raw binding, text out (no JSON.parse)
//   session  the session API: setQuantity on line 0 (alternating) + totals()
// Carts: the bench workloads L1/L10/L100/L1000 on catalog P10_S10
// (bench/workloads.mjs). Nothing here asserts a timing.
//
//   node --expose-gc bench/peer_totals.mjs [--wasm build/wasm] [--data build/bench-data]
//        [--out build/bench-results/peer.json] [--reps 5] [--min-batch-ms 60]
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { DEFAULTS, measure } from './quote-runner.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const wasmDir = resolve(arg('--wasm', join(repo, 'build/wasm')));
const dataDir = resolve(arg('--data', join(repo, 'build/bench-data')));
const outFile = resolve(arg('--out', join(repo, 'build/bench-results/peer.json')));
const options = { ...DEFAULTS, reps: Number(arg('--reps', DEFAULTS.reps)), minBatchMs: Number(arg('--min-batch-ms', DEFAULTS.minBatchMs)) };
const WORKLOADS = ['L1_P10_S10', 'L10_P10_S10', 'L100_P10_S10', 'L1000_P10_S10'];

if (!existsSync(join(dataDir, 'manifest.json'))) {
  console.error(`no workloads in ${dataDir}: node bench/workloads.mjs --out ${dataDir}`);
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { decorateCartTotals } = require('@medusajs/utils');
const createModule = require(join(wasmDir, 'checkout-core-node.cjs'));
const module = await createModule({ wasmBinary: readFileSync(join(wasmDir, 'checkout-core-node.wasm')) });
const { loadCheckoutCore } = await import(pathToFileURL(join(wasmDir, 'node.mjs')).href);
const core = await loadCheckoutCore();

const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8'));
const catalogText = readFileSync(join(dataDir, manifest.catalogs.find((c) => c.id === 'P10_S10').file), 'utf8');
const { engine } = core.createEngine(catalogText);
const raw = module.RawEngine.load(catalogText);

// Medusa's input for the cart our quote priced: the same prices, quantities,
// rates and discounts, so both sides add up the same amounts.
function medusaInputMaker(binding) {
  const items = binding.lines.map((l) => ({
    id: `item-${l.index}`, unit_price: l.unit_price, quantity: l.quantity,
    rate: l.tax_rate === undefined ? 0 : Number(l.tax_rate),
    discounts: l.discounts.map((d) => d.amount),
  }));
  const shipping = binding.shipping.needed ? [{ id: 'ship-0', amount: binding.shipping.price }] : [];
  return () => ({
    currency_code: binding.currency.toLowerCase(),
    items: items.map((i) => ({
      id: i.id, unit_price: i.unit_price, quantity: i.quantity, is_tax_inclusive: false,
      tax_lines: [{ rate: i.rate, code: 'tax' }], adjustments: i.discounts.map((amount) => ({ amount })),
    })),
    shipping_methods: shipping.map((s) => ({ id: s.id, amount: s.amount, is_tax_inclusive: false, tax_lines: [], adjustments: [] })),
  });
}

const results = [];
const now = () => performance.now();
// On a shared machine the process's CPU time is the steadier figure (a
// descheduled process is not charged); both are kept, the table shows CPU.
const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
for (const id of WORKLOADS) {
  const w = manifest.workloads.find((x) => x.id === id);
  const text = readFileSync(join(dataDir, w.request), 'utf8');
  const first = engine.quote(text);
  if (!first.ok) throw new Error(`${id}: ${first.error.message}`);
  const makeInput = medusaInputMaker(first.quote.binding);
  const peer = decorateCartTotals(makeInput());
  const session = typeof engine.session === 'function' ? engine.session(text).session : null;  // an older core has none
  const quantity = JSON.parse(text).cart.lines[0].quantity;
  let flip = false;
  const runs = {
    quote: () => engine.quote(text),
    raw: () => raw.quote(text),
    session: () => {
      flip = !flip;
      session.setQuantity(0, flip ? quantity + 1 : quantity);
      return session.totals();
    },
    medusa: () => decorateCartTotals(makeInput()),
    'medusa input': () => makeInput(),
  };
  // Same amounts on both sides (Medusa's total rounds its own tax: it may differ by cents).
  const row = { workload: id, lines: w.lines, medusa_total: Number(peer.total), our_total: first.quote.binding.totals.grand_total };
  for (const [mode, fn] of Object.entries(runs)) {
    if (mode === 'session' && !session) continue;
    globalThis.gc?.();  // (--expose-gc) one mode's garbage is not collected on the next one's time
    const m = measure(fn, options, now, cpuMicros);
    row[mode] = m.cpu_min_us;
    row[`${mode} wall`] = m.wall_min_us;
    console.log(`${id.padEnd(14)} ${mode.padEnd(13)} ${m.cpu_min_us.toFixed(1).padStart(10)} us CPU, ${m.wall_min_us.toFixed(1).padStart(10)} us wall`);
  }
  results.push(row);
  session?.dispose();
}
engine.dispose();
raw.delete();

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ node: process.version, medusa: `@medusajs/utils ${JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies['@medusajs/utils']}`, wasm_dir: wasmDir, options, results }, null, 1));
console.log('\nCPU time per call (fastest batch):\n| lines | Medusa decorateCartTotals | wasm quote (JS API) | quote / Medusa | session re-price | session / Medusa |');
console.log('|---|---|---|---|---|---|');
const us = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(1)} µs`);
for (const r of results) {
  console.log(`| ${r.lines} | ${us(r.medusa)} (input ${us(r['medusa input'])}) | ${us(r.quote)} (raw ${us(r.raw)}) | ${(r.quote / r.medusa).toFixed(2)} | ${r.session ? us(r.session) : '-'} | ${r.session ? (r.session / r.medusa).toFixed(2) : '-'} |`);
}
