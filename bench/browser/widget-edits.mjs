#!/usr/bin/env node
// Time per edit in Chromium through the widget: the demo merchant's widget
// (the unbundled sources of --web, the core of --wasm, served by the real
// checkout-server) with a saved 10-line cart, at 4x CPU throttling (DevTools
// Emulation.setCPUThrottlingRate), no network throttling. Reported, per kind
// of edit, the median over --reps edits of
//   edit_ms:  the shopper's action as the page runs it (the click or submit
//             handler: the cart change, the re-price and the redraw; all
//             synchronous in the widget),
//   price_ms: the re-price alone (the widget's timings.lastQuoteMs);
// and the first priced cart (navigation start to the widget's
// 'storefront-checkout:first-quote' mark), median of --loads page loads.
// A benchmark, not a test: it reports, it asserts nothing.
//
//   node bench/browser/widget-edits.mjs [--web web] [--wasm build/wasm]
//     [--server build/native/checkout-server] [--reps 21] [--loads 5] [--cpu 4] [--out build/bench-results/widget-edits.json]
// "Before" figures: --web a checkout of an older web/ (e.g. `git archive main web`).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const webSource = resolve(arg('--web', join(repo, 'web')));
const wasmDir = resolve(arg('--wasm', join(repo, 'build/wasm')));
const serverBin = resolve(arg('--server', join(repo, 'build/native/checkout-server')));
const reps = Number(arg('--reps', 21));
const loads = Number(arg('--loads', 5));
const outFile = resolve(arg('--out', join(repo, 'build/bench-results/widget-edits.json')));
const CPU = Number(arg('--cpu', 4));  // DevTools CPU throttling rate

const PAGE = `<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>edits</title>
<script type="module" src="/web/storefront-checkout.mjs"></script>
</head><body><storefront-checkout id="checkout" locale="en-US"></storefront-checkout></body></html>`;

const catalog = JSON.parse(readFileSync(join(repo, 'server-stub/data/demo/catalog.json'), 'utf8'));
const lines = catalog.products.flatMap((p) => p.variants).filter((v) => v.pickup_eligible !== false).slice(0, 10)
  .map((v) => ({ sku: v.sku, quantity: 1, fulfilment: { type: 'ship' } }));
const saved = { v: 1, cart: { lines, coupons: [] }, destination: { country: 'US', region: 'NY', postal_code: '10012' } };
const methods = catalog.shipping.methods.map((m) => m.id);

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function startServer(tmp) {
  const web = join(tmp, 'web');
  cpSync(webSource, web, { recursive: true });
  writeFileSync(join(web, 'bench-edits.html'), PAGE);
  const child = spawn(serverBin, ['--port', '0', '--db', join(tmp, 'bench.db'), '--web', web, '--wasm', wasmDir], { stdio: ['ignore', 'pipe', 'ignore'] });
  const origin = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/[^/\s]+)\//.exec(out); if (m) ok(m[1]); });
    child.on('exit', (code) => fail(new Error(`checkout-server exited ${code}`)));
  });
  return { child, origin };
}

// Opens the page with the saved cart at 4x CPU; -> { tab, firstMs }.
async function open(context, origin) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  await tab.goto(`${origin}/web/bench-edits.html`);
  await tab.waitForFunction(() => performance.getEntriesByName('storefront-checkout:first-quote').length > 0, null, { timeout: 120000 });
  const firstMs = await tab.evaluate(() => performance.getEntriesByName('storefront-checkout:first-quote')[0].startTime);
  return { tab, firstMs };
}

// In the page: one kind of edit `reps` times, each timed around the
// shopper's action (the handler runs the whole edit synchronously).
async function timeEdits(tab, kind) {
  return tab.evaluate(({ kind, reps, methods, sku }) => {
    const el = document.querySelector('storefront-checkout');
    const root = el.shadowRoot;
    const q = (selector) => root.querySelector(selector);
    const submit = (input, value) => { input.value = value; input.form.requestSubmit(); };
    const actions = {
      quantity: (i) => q(`[data-focus-key="line-0-${sku}-${i % 2 ? 'dec' : 'inc'}"]`).click(),
      coupon: (i) => (i % 2 ? q('[data-focus-key="coupon-remove-WELCOME10"]').click() : submit(q('[data-focus-key="coupon-input"]'), 'WELCOME10')),
      destination: (i) => submit(q('[data-focus-key="dest-zip"]'), i % 2 ? '10012' : '94103'),
      shipping: (i) => q(`[data-focus-key="ship-${methods[i % 2]}"]`).click(),
      pickup_store: (i) => [...root.querySelectorAll('[data-focus-key^="store-"]')].filter((b) => /^store-(?!zip|find|geo)/.test(b.dataset.focusKey))[i % 2].click(),
      add_remove: (i) => (i % 2 ? q('li.line:last-child [data-focus-key$="-remove"]').click() : el.addItem(sku, 1, { type: 'pickup' })),
    };
    if (kind === 'pickup_store') submit(q('[data-focus-key="store-zip"]'), '10012');
    const edit = [];
    const price = [];
    for (let i = 0; i < reps; i++) {
      const before = el.timings.lastQuoteMs;
      const t0 = performance.now();
      actions[kind](i);
      edit.push(performance.now() - t0);
      price.push(el.timings.lastQuoteMs === before && i > 0 ? NaN : el.timings.lastQuoteMs);
    }
    return { edit, price };
  }, { kind, reps, methods, sku: lines[0].sku });
}

const tmp = mkdtempSync(join(tmpdir(), 'bench-edits-'));
const { child, origin } = await startServer(tmp);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = { web: webSource, cpu_throttling: CPU, reps, first_priced_cart_ms: [], edits: {} };
try {
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();  // a cold HTTP cache each time
    await context.addInitScript(([k, v]) => { if (!localStorage.getItem(k)) localStorage.setItem(k, v); },
      [`storefront-checkout:v1:${origin}`, JSON.stringify(saved)]);
    const { tab, firstMs } = await open(context, origin);
    results.first_priced_cart_ms.push(firstMs);
    console.log(`first priced cart #${i + 1}: ${firstMs.toFixed(0)} ms`);
    if (i === loads - 1) {
      for (const kind of ['quantity', 'coupon', 'destination', 'shipping', 'pickup_store', 'add_remove']) {
        await timeEdits(tab, kind);  // warm-up: the first edits of a kind compile its code
        const { edit, price } = await timeEdits(tab, kind);
        const priced = price.filter((x) => !Number.isNaN(x));
        results.edits[kind] = { edit_median_ms: median(edit), price_median_ms: priced.length ? median(priced) : null };
        console.log(`${kind}: edit ${median(edit).toFixed(2)} ms, re-price ${priced.length ? median(priced).toFixed(2) : '-'} ms`);
      }
    }
    await context.close();
  }
  results.first_priced_cart_median_ms = median(results.first_priced_cart_ms);
  console.log(`first priced cart: median ${results.first_priced_cart_median_ms.toFixed(0)} ms`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 1)}\n`);
