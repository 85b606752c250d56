// The quote benchmark page: the same workloads and timing code as node
// (bench/quote-runner.mjs), on the browser build of the core (ES6 module +
// .wasm), timed with performance.now. Query: ?wasm=/build/bench-wasm/&data=/build/bench-data/&reps=5&minBatchMs=60
// (&only=L10_P10_S10,demo_L10: just these workloads)
// Sets window.__benchResult (or window.__benchError) when done.
import { DEFAULTS, runQuoteBenchmarks } from '../quote-runner.mjs';
import { selection } from '../selection.mjs';

const params = new URLSearchParams(location.search);
const wasmDir = params.get('wasm') ?? '/build/bench-wasm/';
const dataDir = params.get('data') ?? '/build/bench-data/';
const only = params.get('only')?.split(',') ?? null;
const options = { ...DEFAULTS, reps: Number(params.get('reps') ?? DEFAULTS.reps), minBatchMs: Number(params.get('minBatchMs') ?? DEFAULTS.minBatchMs) };
const logElement = document.getElementById('log');
const log = (s) => {
  console.log(s);
  logElement.textContent += `${s}\n`;
};

async function text(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}

async function main() {
  const manifest = JSON.parse(await text(`${dataDir}manifest.json`));
  const catalogs = new Map(await Promise.all(manifest.catalogs.map(async (c) => [c.id, await text(dataDir + c.file)])));
  const workloads = await Promise.all(manifest.workloads.filter((w) => !only || only.includes(w.id)).map(async (w) => ({ ...w, text: await text(dataDir + w.request) })));
  const factory = (await import(`${wasmDir}checkout-core.mjs`)).default;
  const module = await factory({});
  const { loadCheckoutCore } = await import(`${wasmDir}checkout.mjs`);
  const api = await loadCheckoutCore();
  // Yield once so the page paints before the long synchronous run.
  await new Promise((r) => setTimeout(r, 50));
  const results = runQuoteBenchmarks({ module, api, catalogs, workloads, select: selection, options, now: () => performance.now(), log });
  window.__benchResult = { runtime: 'chromium', userAgent: navigator.userAgent, options, results };
}

main().catch((e) => {
  log(`FAILED: ${e.stack ?? e}`);
  window.__benchError = String(e.stack ?? e);
});
