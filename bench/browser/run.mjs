#!/usr/bin/env node
// Chromium benchmarks, driven with playwright-core and Debian's /usr/bin/chromium:
//  1. quote: bench/browser/quote.html times the browser build of the core on
//     the shared workloads (performance.now), served by a small static server;
//  2. first quote: the widget embedded as docs/embedding.md shows
//     (bench/browser/embed.html), served by the real checkout-server with the
//     demo merchant and a saved 10-line cart; time from navigation start to the
//     widget's 'storefront-checkout:first-quote' mark, unthrottled and with
//     DevTools CPU throttling (Emulation.setCPUThrottlingRate 4). Every
//     response the page loads is recorded (URL, bytes) for bench/payload.mjs.
//
//   node bench/browser/run.mjs [--wasm build/bench-wasm] [--data build/bench-data]
//     [--server build/bench-native/checkout-server] [--out build/bench-results/chromium.json]
//     [--reps 5] [--min-batch-ms 60] [--loads 5] [--skip-quote] [--skip-first-quote]
//     [--only L10_P10_S10,demo_L10]  (quote: just these workloads)
import { spawn } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const wasmDir = resolve(arg('--wasm', join(repo, 'build/bench-wasm')));
const dataDir = resolve(arg('--data', join(repo, 'build/bench-data')));
const serverBin = resolve(arg('--server', join(repo, 'build/bench-native/checkout-server')));
const outFile = resolve(arg('--out', join(repo, 'build/bench-results/chromium.json')));
const reps = Number(arg('--reps', 5));
const minBatchMs = Number(arg('--min-batch-ms', 60));
const loads = Number(arg('--loads', 5));
const only = arg('--only', null);

// From /work/shared/toolchain-notes.md: what works with Debian's Chromium.
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
const MIME = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.cjs': 'text/javascript' };

// Serves the repository files the quote page needs, and nothing else.
function staticServer() {
  const roots = { '/bench/': join(repo, 'bench'), '/build/bench-wasm/': wasmDir, '/build/bench-data/': dataDir };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    const file = prefix && resolve(roots[prefix], `.${path.slice(prefix.length - 1)}`);
    if (!file || relative(roots[prefix], file).startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function quoteBenchmark(browser) {
  const server = await staticServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const page = await browser.newPage();
  page.on('console', (m) => console.log(`chromium ${m.text()}`));
  const url = `${base}/bench/browser/quote.html?wasm=/build/bench-wasm/&data=/build/bench-data/&reps=${reps}&minBatchMs=${minBatchMs}${only ? `&only=${only}` : ''}`;
  await page.goto(url);
  await page.waitForFunction(() => window.__benchResult || window.__benchError, null, { timeout: 30 * 60 * 1000, polling: 1000 });
  const error = await page.evaluate(() => window.__benchError);
  if (error) throw new Error(`quote page: ${error}`);
  const result = await page.evaluate(() => window.__benchResult);
  await page.close();
  server.close();
  return result;
}

// The real server with the demo merchant; the widget page beside web/ (a
// copy, so nothing is added to the repository's web/).
async function startCheckoutServer(tmp) {
  const web = join(tmp, 'web');
  cpSync(join(repo, 'web'), web, { recursive: true });
  cpSync(join(repo, 'bench/browser/embed.html'), join(web, 'bench-embed.html'));
  const child = spawn(serverBin, ['--port', '0', '--db', join(tmp, 'bench.db'), '--data', join(repo, 'server-stub/data/demo'),
    '--web', web, '--wasm', wasmDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', () => {});
  const origin = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`checkout-server did not start: ${out}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[^/\s]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`checkout-server exited with ${code}: ${out}`)));
  });
  return { child, origin };
}

async function firstQuote(browser) {
  if (!existsSync(serverBin)) throw new Error(`no ${serverBin}`);
  const tmp = mkdtempSync(join(tmpdir(), 'bench-first-quote-'));
  const { child, origin } = await startCheckoutServer(tmp);
  // The saved cart: the demo_L10 workload's lines, so the first quote prices 10 lines.
  const demo = JSON.parse(readFileSync(join(dataDir, 'requests/demo_L10.json'), 'utf8'));
  const saved = { v: 1, cart: { lines: demo.cart.lines, coupons: demo.cart.coupons, shipping_method: demo.cart.shipping_method },
    destination: demo.context.destination, location: demo.context.location };
  const runs = [];
  let responses = [];
  let profile = null;
  try {
    for (const rate of [1, 4]) {
      for (let i = 0; i < loads; ++i) {
        const context = await browser.newContext();  // fresh HTTP cache and storage each load
        await context.addInitScript(([key, value]) => localStorage.setItem(key, value),
          [`storefront-checkout:v1:${origin}`, JSON.stringify(saved)]);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        const seen = [];
        page.on('pageerror', (e) => console.log(`chromium page error: ${e.message}`));
        page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`chromium console: ${m.text()}`); });
        page.on('response', async (r) => {
          try {
            const body = await r.body();  // decoded
            const sizes = await r.request().sizes();  // responseBodySize: as sent (compressed)
            seen.push({ url: r.url().replace(origin, ''), status: r.status(), bytes: body.length, wire: sizes.responseBodySize,
              encoding: r.headers()['content-encoding'] ?? '', type: r.headers()['content-type'] ?? '' });
          } catch { /* redirects and aborted loads have no body */ }
        });
        await page.goto(`${origin}/web/bench-embed.html`);
        await page.waitForFunction(() => performance.getEntriesByName('storefront-checkout:first-quote').length > 0, null, { timeout: 60000 });
        const t = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const el = document.getElementById('checkout');
          return {
            first_quote_ms: performance.getEntriesByName('storefront-checkout:first-quote')[0].startTime,
            dom_content_loaded_ms: nav.domContentLoadedEventEnd,
            load_event_ms: nav.loadEventEnd,
            widget: el.timings ?? null,
            grand_total: el.totals?.grand_total ?? null,
          };
        });
        await page.waitForTimeout(300);  // let late responses finish for the list
        runs.push({ cpu_throttling: rate, ...t });
        console.log(`chromium first quote x${rate} #${i + 1}: ${t.first_quote_ms.toFixed(0)} ms after navigation start (load event ${t.load_event_ms.toFixed(0)} ms, total ${t.grand_total})`);
        if (rate === 1 && i === 0) responses = seen;
        await context.close();
      }
    }
    try {
      profile = await profiledLoad(browser, origin, saved, 4);
    } catch (e) {
      console.log(`chromium: the profiled load failed: ${e.message}`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((ok) => { child.once('exit', ok); setTimeout(ok, 5000); });
    rmSync(tmp, { recursive: true, force: true });
  }
  return { origin_note: 'loopback, no network throttling', loads, runs, responses, profile };
}

// One more load of the widget page under the DevTools sampling profiler:
// where the time to first quote goes (self time by script and function).
async function profiledLoad(browser, origin, saved, rate) {
  const context = await browser.newContext();
  await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`storefront-checkout:v1:${origin}`, JSON.stringify(saved)]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(`${origin}/web/bench-embed.html`);
  await page.waitForFunction(() => performance.getEntriesByName('storefront-checkout:first-quote').length > 0, null, { timeout: 60000 });
  const { profile } = await cdp.send('Profiler.stop');
  const firstQuoteMs = await page.evaluate(() => performance.getEntriesByName('storefront-checkout:first-quote')[0].startTime);
  await context.close();
  // Self time of each sample's function, up to the first-quote mark.
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map();
  const byGroup = new Map();
  let t = profile.startTime;
  const navigationStart = profile.startTime;  // the profile starts just before navigation
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if ((t - navigationStart) / 1000 > firstQuoteMs + 50) return;
    const f = nodes.get(id).callFrame;
    const url = f.url.replace(origin, '');
    const group = f.url === '' ? (f.functionName.startsWith('(') ? f.functionName : 'browser built-ins')
      : url.endsWith('.wasm') ? 'core wasm' : url.startsWith('/wasm/') ? 'core JS (API + glue)' : url.startsWith('/web/') ? 'widget JS' : 'other';
    const key = `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    byGroup.set(group, (byGroup.get(group) ?? 0) + dt);
  });
  const ms = (x) => Math.round(x / 100) / 10;
  return {
    cpu_throttling: rate, first_quote_ms: firstQuoteMs, sampling_interval_us: 200,
    groups: [...byGroup].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: ms(us) })),
    top: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, us]) => ({ function: fn, ms: ms(us) })),
  };
}

const browser = await chromium.launch(LAUNCH);
const out = { runtime: 'chromium', version: browser.version() };
try {
  if (!args.includes('--skip-quote')) Object.assign(out, await quoteBenchmark(browser));
  if (!args.includes('--skip-first-quote')) out.first_quote = await firstQuote(browser);
} finally {
  await browser.close();
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out, null, 1));
console.log(`chromium: -> ${outFile}`);
