#!/usr/bin/env node
// Cold catalog load: the first Engine load of a catalog in a fresh wasm
// instance (what a page pays once, on V8's baseline code), then the fastest
// of a few more loads in the same instance (warm). Each run is a new node
// process or a new Chromium page, so nothing is shared between runs.
// Prints medians; times are wall clock on whatever else the machine runs.
//
//   node bench/catalog_cold.mjs [--wasm build/wasm] [--catalog server-stub/data/demo/catalog.json]
//        [--runs 7] [--chromium] [--throttle 4]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const wasmDir = resolve(arg('--wasm', join(repo, 'build/wasm')));
const catalogFile = resolve(arg('--catalog', join(repo, 'server-stub/data/demo/catalog.json')));
const runs = Number(arg('--runs', 7));
const throttle = Number(arg('--throttle', 1));
const WARM_LOADS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One run in this process: {cold_ms, warm_ms}.
async function child() {
  const require = createRequire(import.meta.url);
  const factory = require(join(wasmDir, 'checkout-core-node.cjs'));
  const module = await factory({ wasmBinary: readFileSync(join(wasmDir, 'checkout-core-node.wasm')) });
  const text = readFileSync(catalogFile, 'utf8');
  const t0 = performance.now();
  module.RawEngine.load(text).delete();
  const cold = performance.now() - t0;
  let warm = Infinity;
  for (let i = 0; i < WARM_LOADS; ++i) {
    const t = performance.now();
    module.RawEngine.load(text).delete();
    warm = Math.min(warm, performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ cold_ms: cold, warm_ms: warm }));
}

function nodeRuns() {
  const out = [];
  for (let i = 0; i < runs; ++i) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--wasm', wasmDir, '--catalog', catalogFile], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    out.push(JSON.parse(r.stdout));
  }
  return out;
}

const PAGE = `<!doctype html><script type="module">
const factory = (await import('/wasm/checkout-core.mjs')).default;
const module = await factory({});
const text = await (await fetch('/catalog.json')).text();
await new Promise((r) => setTimeout(r, 50));
const t0 = performance.now();
module.RawEngine.load(text).delete();
const cold = performance.now() - t0;
let warm = Infinity;
for (let i = 0; i < ${WARM_LOADS}; ++i) { const t = performance.now(); module.RawEngine.load(text).delete(); warm = Math.min(warm, performance.now() - t); }
window.__result = { cold_ms: cold, warm_ms: warm };
</script>`;

async function chromiumRuns() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const out = [];
  try {
    for (let i = 0; i < runs; ++i) {
      const context = await browser.newContext();  // a fresh cache: the .wasm compiled anew
      const page = await context.newPage();
      await page.route('http://bench.invalid/**', (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
        if (path === '/catalog.json') return route.fulfill({ contentType: 'application/json', body: readFileSync(catalogFile) });
        const name = path.replace('/wasm/', '');
        const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
        return route.fulfill({ contentType: type, body: readFileSync(join(wasmDir, name)) });
      });
      if (throttle > 1) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      }
      await page.goto('http://bench.invalid/');
      await page.waitForFunction(() => window.__result, null, { timeout: 120_000 });
      out.push(await page.evaluate(() => window.__result));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

if (args.includes('--child')) {
  await child();
} else {
  const chromiumMode = args.includes('--chromium');
  const results = chromiumMode ? await chromiumRuns() : nodeRuns();
  const runtime = chromiumMode ? `chromium${throttle > 1 ? ` at ${throttle}x CPU` : ''}` : `node ${process.version}`;
  console.log(JSON.stringify({
    runtime, catalog: catalogFile, bytes: readFileSync(catalogFile).length, runs,
    cold_ms_median: Number(median(results.map((r) => r.cold_ms)).toFixed(1)),
    warm_ms_median: Number(median(results.map((r) => r.warm_ms)).toFixed(1)),
    cold_ms: results.map((r) => Number(r.cold_ms.toFixed(1))),
  }));
}
