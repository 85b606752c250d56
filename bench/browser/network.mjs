#!/usr/bin/env node
// First priced cart on a phone's network: the widget embedded as a merchant
// would, unbundled (the sources, as before the bundle) and bundled
// (web/dist), at 4x CPU throttling with DevTools' Slow 4G and Fast 4G network
// profiles, cold (empty HTTP cache and storage) and warm (a reload in the same
// browser profile), with a saved 10-line cart. Time: navigation start to the
// widget's 'storefront-checkout:first-quote' mark; medians of --loads runs.
// Bytes on the wire (compressed bodies, as sent) by type, from a cold load.
// A benchmark, not a test: it reports, it asserts nothing.
//
//   node bench/browser/network.mjs [--server build/native/checkout-server] [--wasm build/wasm]
//     [--loads 5] [--out build/bench-results/network.json]
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const serverBin = resolve(arg('--server', join(repo, 'build/native/checkout-server')));
const wasmDir = resolve(arg('--wasm', join(repo, 'build/wasm')));
const loads = Number(arg('--loads', 5));
const outFile = resolve(arg('--out', join(repo, 'build/bench-results/network.json')));
// --web DIR: serve another checkout of web/ (e.g. main's, to measure "before");
// its web/dist is this repository's, so the bundled page is the same.
const webSource = resolve(arg('--web', join(repo, 'web')));
const CPU = 4;

// Chrome DevTools' presets (throughput in bytes/s, latency = added round trip).
const PROFILES = {
  'Slow 4G': { latency: 562.5, downloadThroughput: (1.44e6 / 8), uploadThroughput: (675e3 / 8) },
  'Fast 4G': { latency: 165, downloadThroughput: (9e6 / 8), uploadThroughput: (1.5e6 / 8) },
};

const manifest = JSON.parse(readFileSync(join(repo, 'web/dist/manifest.json'), 'utf8'));
// The two pages: what docs/embedding.md showed before the bundle (sources and
// their preload hints) and what it shows now (the bundle by its hashed name
// with integrity, which is cached for good, and the catalog preloaded).
const PAGES = {
  unbundled: `<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>unbundled</title>
<link rel="modulepreload" href="/web/checkout/widget.mjs">
<link rel="modulepreload" href="/wasm/checkout.mjs">
<link rel="modulepreload" href="/wasm/checkout-core.mjs">
<link rel="preload" href="/wasm/checkout-core.wasm" as="fetch" crossorigin>
<link rel="preload" href="/api/catalog" as="fetch" crossorigin>
<script type="module" src="/web/storefront-checkout.mjs"></script>
</head><body><storefront-checkout id="checkout" locale="en-US"></storefront-checkout></body></html>`,
  bundled: `<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>bundled</title>
<link rel="preload" href="/api/catalog" as="fetch" crossorigin>
<link rel="preload" href="/web/dist/${manifest.wasm.file}" as="fetch" integrity="${manifest.wasm.integrity}" crossorigin>
<script type="module" src="/web/dist/${manifest.bundle.file}" integrity="${manifest.bundle.integrity}" crossorigin></script>
</head><body><storefront-checkout id="checkout" locale="en-US"></storefront-checkout></body></html>`,
};

const catalog = JSON.parse(readFileSync(join(repo, 'server-stub/data/demo/catalog.json'), 'utf8'));
const lines = catalog.products.flatMap((p) => p.variants).filter((v) => v.pickup_eligible !== false).slice(0, 10)
  .map((v) => ({ sku: v.sku, quantity: 1, fulfilment: { type: 'ship' } }));
const saved = { v: 1, cart: { lines, coupons: [] }, destination: { country: 'US', region: 'NY', postal_code: '10012' } };

async function startServer(tmp) {
  const web = join(tmp, 'web');
  cpSync(webSource, web, { recursive: true });
  cpSync(join(repo, 'web/dist'), join(web, 'dist'), { recursive: true });
  for (const [name, html] of Object.entries(PAGES)) writeFileSync(join(web, `bench-${name}.html`), html);
  const child = spawn(serverBin, ['--port', '0', '--db', join(tmp, 'bench.db'), '--web', web, '--wasm', wasmDir], { stdio: ['ignore', 'pipe', 'ignore'] });
  const origin = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/[^/\s]+)\//.exec(out); if (m) ok(m[1]); });
    child.on('exit', (code) => fail(new Error(`checkout-server exited ${code}`)));
  });
  return { child, origin };
}

const typeOf = (url, contentType) => (url.endsWith('.wasm') ? 'wasm' : /javascript/.test(contentType) ? 'js'
  : url.includes('/api/catalog') ? 'catalog' : /html/.test(contentType) ? 'html' : 'other');

async function load(context, origin, page, profile) {
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PROFILES[profile] });
  const wire = [];
  tab.on('requestfinished', async (r) => {
    try {
      const sizes = await r.sizes();
      const response = await r.response();
      wire.push({ url: r.url().replace(origin, ''), status: response.status(), type: typeOf(r.url(), response.headers()['content-type'] ?? ''),
        body: sizes.responseBodySize, headers: sizes.responseHeadersSize });
    } catch { /* gone */ }
  });
  await tab.goto(`${origin}/web/bench-${page}.html`);
  await tab.waitForFunction(() => performance.getEntriesByName('storefront-checkout:first-quote').length > 0, null, { timeout: 120000 });
  const ms = await tab.evaluate(() => performance.getEntriesByName('storefront-checkout:first-quote')[0].startTime);
  if (process.env.BENCH_DEBUG) console.log(page, JSON.stringify(await tab.evaluate(() => ({ ...document.querySelector('storefront-checkout').timings, nav: performance.getEntriesByType('navigation')[0].responseEnd, res: performance.getEntriesByType('resource').map((r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseEnd), r.transferSize]) }))));
  await tab.waitForTimeout(200);
  await tab.close();
  return { ms, wire };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const tmp = mkdtempSync(join(tmpdir(), 'bench-network-'));
const { child, origin } = await startServer(tmp);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const only = process.env.BENCH_ONLY;
// One untimed load of each page first: the server compresses each file once
// (brotli) and caches it; the measured loads then see what a warmed-up
// server sends.
for (const page of Object.keys(PAGES)) {
  const context = await browser.newContext();
  await load(context, origin, page, 'Fast 4G');
  await context.close();
}
const results = { cpu_throttling: CPU, loads, profiles: PROFILES, saved_cart_lines: lines.length, runs: {} };
try {
  for (const page of Object.keys(PAGES)) {
    for (const profile of Object.keys(PROFILES)) {
      if (only && !`${page} / ${profile}`.startsWith(only)) continue;
      const cold = [];
      const warm = [];
      let bytes = null;
      for (let i = 0; i < loads; ++i) {
        const context = await browser.newContext();
        await context.addInitScript(([k, v]) => { if (!localStorage.getItem(k)) localStorage.setItem(k, v); },
          [`storefront-checkout:v1:${origin}`, JSON.stringify(saved)]);
        const first = await load(context, origin, page, profile);
        const again = await load(context, origin, page, profile);  // same profile: HTTP cache, Cache Storage
        cold.push(first.ms);
        warm.push(again.ms);
        if (i === 0) {
          const by = (w) => Object.fromEntries(['html', 'js', 'wasm', 'catalog', 'other'].map((t) => [t, w.filter((x) => x.type === t).reduce((n, x) => n + Math.max(0, x.body), 0)]));
          bytes = { cold: by(first.wire), warm: by(again.wire), cold_requests: first.wire.length, warm_requests: again.wire.length,
            warm_statuses: again.wire.map((x) => `${x.status} ${x.url}`) };
        }
        console.log(`${page} ${profile} #${i + 1}: cold ${first.ms.toFixed(0)} ms, warm ${again.ms.toFixed(0)} ms`);
        await context.close();
      }
      results.runs[`${page} / ${profile}`] = { cold_ms: cold, warm_ms: warm, cold_median_ms: median(cold), warm_median_ms: median(warm), bytes };
    }
  }
  // Re-pricing on a change (what e2e/quality.spec.mjs used to assert, < 16 ms):
  // 15 addItem calls on a warm engine at 4x CPU, median of lastQuoteMs.
  if (!only || only === 'requote') {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    await tab.goto(`${origin}/web/bench-bundled.html`);
    await tab.waitForFunction(() => performance.getEntriesByName('storefront-checkout:first-quote').length > 0, null, { timeout: 120000 });
    results.requote_median_ms = await tab.evaluate((sku) => {
      const el = document.querySelector('storefront-checkout');
      const times = [];
      for (let i = 0; i < 15; i++) { el.addItem(sku, 1); times.push(el.timings.lastQuoteMs); }
      return times.sort((a, b) => a - b)[7];
    }, lines[0].sku);
    console.log(`re-quote on a change (10-line cart, 4x CPU): median ${results.requote_median_ms.toFixed(1)} ms`);
    await context.close();
  }
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 1)}\n`);
for (const [k, r] of Object.entries(results.runs)) {
  const total = (b) => Object.values(b).reduce((n, x) => n + x, 0);
  console.log(`${k}: cold ${r.cold_median_ms.toFixed(0)} ms, warm ${r.warm_median_ms.toFixed(0)} ms; cold bytes ${JSON.stringify(r.bytes.cold)} = ${total(r.bytes.cold)}; requests cold ${r.bytes.cold_requests}, warm ${r.bytes.warm_requests}`);
}
