// Random refund parity: orders priced from the random requests of
// generate.mjs (native CLI), then random returns of them (random units,
// conditions, earlier returns, return policies, times in and outside the
// window, and a share of broken requests) through the native CLI and the node
// CLI, compared line by line; a sample also through the Embind JS API.
// RETURNS_PARITY_SEED / RETURNS_PARITY_COUNT override the seed and count.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { loadWasmApi, missingBuilds, repoRoot, runJsonl } from './clis.mjs';
import { generateRequests, Rng } from './generate.mjs';
import { canonicalStringify, parseJsonExact } from './json_exact.mjs';

const seed = Number(process.env.RETURNS_PARITY_SEED ?? 20261206);
const count = Number(process.env.RETURNS_PARITY_COUNT ?? 3000);
const API_SAMPLE_EVERY = 10;
const DAY_MS = 86_400_000;

function randomPolicy(r) {
  const policy = {};
  if (r.chance(0.5)) policy.window_days = r.int(0, 60);
  if (r.chance(0.4)) policy.shipping = r.pick(['when_all_returned', 'never']);
  if (r.chance(0.5)) policy.broken_promotions = r.pick(['keep', 'take_back']);
  if (r.chance(0.4)) {
    policy.restocking_fee = { percent: r.pick(['5', '10', '12.5', '0.01', '100']) };
    if (r.chance(0.5)) policy.restocking_fee.conditions = r.some(['sellable', 'damaged']).concat(['damaged']).slice(0, 2);
  }
  return policy;
}

// Random units of the order's lines: some returned before, some now.
function randomReturns(r, binding) {
  const previous = [];
  const now = [];
  for (const line of binding.lines) {
    let left = line.quantity;
    while (left > 0 && r.chance(0.6)) {
      const n = r.int(1, left);
      left -= n;
      const entry = { line: line.index, quantity: n, condition: r.pick(['sellable', 'damaged']) };
      (r.chance(0.3) ? previous : now).push(entry);
    }
  }
  if (now.length === 0) now.push({ line: binding.lines[0].index, quantity: 1, condition: 'sellable' });
  return { previous, now };
}

function* refundRequests(r, orders) {
  for (const { catalog, binding, placedAt } of orders) {
    const { previous, now } = randomReturns(r, binding);
    const placed = Date.parse(placedAt);
    const when = new Date(placed + r.int(0, 45) * DAY_MS + r.int(-1, 1) * 1000).toISOString().replace('.000Z', 'Z');
    const request = {
      catalog: { ...catalog, returns: randomPolicy(r) },
      order: { binding, placed_at: placedAt },
      returns: now,
      context: { now: when },
    };
    // Amounts beyond 2^53 arrive as BigInt; what was refunded before stays a safe number below them.
    const paid = binding.totals.grand_total;
    const refundable = typeof paid === 'bigint' ? 2 ** 50 : paid;
    if (previous.length) request.previous = { returns: previous, refunded: r.int(0, refundable) };
    const roll = r.unit();
    if (roll < 0.05) request.returns[0].quantity += binding.lines[0].quantity;  // more than was ordered
    else if (roll < 0.08) request.order.binding.totals.grand_total = typeof paid === 'bigint' ? paid + 1n : paid + 1;       // a binding that does not add up
    else if (roll < 0.1) request.returns[0].condition = 'lost';
    yield canonicalStringify(request);
  }
}

const missing = missingBuilds();

test(`native and wasm agree on ${count} random refunds (seed ${seed})`,
  { skip: missing.length ? `not built: ${missing.join(', ')}` : false, timeout: 30 * 60 * 1000 }, async () => {
    const r = new Rng(seed);
    const quoteLines = [...generateRequests({ seed, count })];
    const quotes = runJsonl('native', quoteLines);
    const orders = [];
    quotes.forEach((text, i) => {
      if (!text.startsWith('{"binding":')) return;
      const request = parseJsonExact(quoteLines[i]);
      const binding = parseJsonExact(text).binding;
      if (typeof request.context?.now !== 'string' || binding.lines.length === 0) return;
      orders.push({ catalog: request.catalog, binding, placedAt: request.context.now });
    });
    const requests = [...refundRequests(r, orders)];
    const native = runJsonl('native', requests);
    const wasm = runJsonl('wasm', requests);
    const { loadCheckoutCore } = await loadWasmApi();
    const api = await loadCheckoutCore();

    const failuresDir = join(repoRoot, 'build', 'parity-failures');
    let differences = 0;
    let errors = 0;
    let refunds = 0;
    const errorCodes = {};
    for (let i = 0; i < requests.length; i++) {
      if (native[i].startsWith('{"error":')) {
        errors++;
        const { code } = JSON.parse(native[i]).error;
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      }
      else if (/"total":[1-9]/.test(native[i])) refunds++;
      const viaApi = i % API_SAMPLE_EVERY === 0 ? api.returnsRequest(requests[i]).json : native[i];
      if (wasm[i] !== native[i] || viaApi !== native[i]) {
        differences++;
        mkdirSync(failuresDir, { recursive: true });
        const base = join(failuresDir, `returns-seed${seed}-${i}`);
        writeFileSync(`${base}.request.json`, `${requests[i]}\n`);
        writeFileSync(`${base}.native.json`, `${native[i]}\n`);
        writeFileSync(`${base}.wasm.json`, `${wasm[i]}\n`);
      }
    }
    console.log(`seed ${seed}: ${requests.length} refund requests (${refunds} with money back, ${errors} errors), ${differences} differences`);
    console.log(`errors by code: ${JSON.stringify(errorCodes)}`);
    assert.equal(errorCodes.internal ?? 0, 0, 'an internal error is a bug');
    assert.equal(differences, 0, `${differences} differences; requests written to ${failuresDir}`);
    assert.ok(requests.length > count / 2, 'too few orders were priced: the generator is off');
    assert.ok(refunds > requests.length / 4, `too few refunds with money back (${refunds})`);
    assert.ok(errors < requests.length / 4, `too many errors (${errors})`);
  });
