// The "first priced cart on a phone network" section of docs/benchmarks.md,
// from bench/browser/network.mjs's results. Used by bench/report.mjs; run
// alone it replaces that section in docs/benchmarks.md:
//   node bench/network_report.mjs build/bench-results/network.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HEADING = '## First priced cart on a phone network (Chromium, 4× CPU)';
const TARGETS = { cold: 2000, warm: 800, bytes: 150 * 1024 };

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function networkSection(r) {
  const out = [HEADING, ''];
  const p = (...lines) => out.push(...lines, '');
  const profile = (name) => {
    const x = r.profiles[name];
    return `${name}: ${x.latency} ms added round trip, ${(x.downloadThroughput * 8 / 1e6).toFixed(2)} Mbit/s down, ${(x.uploadThroughput * 8 / 1e6).toFixed(2)} Mbit/s up`;
  };
  p(`\`bench/browser/network.mjs\`: the widget embedded in a page served by the real \`checkout-server\` with a saved ${r.saved_cart_lines}-line cart, ` +
    `${r.cpu_throttling}× CPU throttling and DevTools network emulation (\`Network.emulateNetworkConditions\`; ${Object.keys(r.profiles).map(profile).join('; ')}). ` +
    'Time from navigation start to the widget\'s `storefront-checkout:first-quote` mark. **Cold**: a fresh browser profile (empty HTTP cache and storage). ' +
    '**Warm**: a reload in the same profile. Medians of ' + `${r.loads} runs each (all runs listed). ` +
    '**unbundled** is the page as docs/embedding.md showed it before the bundle (the widget\'s sources as separate modules, with their preload hints); ' +
    '**bundled** is the page it shows now (the bundle by its hashed name with `integrity`, the `.wasm` and the catalog preloaded). ' +
    'Warm loads send only revalidations (`304`, empty bodies) or nothing for the immutable hashed files.');
  const rows = Object.entries(r.runs).map(([name, x]) => {
    const bytes = Object.values(x.bytes.cold).reduce((n, b) => n + b, 0);
    // The targets are for Slow 4G; other profiles are shown for comparison.
    const slow = name.includes('Slow 4G');
    const mark = (v, t) => (slow && v <= t ? `**${v.toFixed(0)}** ✓` : `${v.toFixed(0)}`);
    return [name, `${mark(x.cold_median_ms, TARGETS.cold)} (${x.cold_ms.map((v) => v.toFixed(0)).join(', ')})`,
      `${mark(x.warm_median_ms, TARGETS.warm)} (${x.warm_ms.map((v) => v.toFixed(0)).join(', ')})`,
      bytes <= TARGETS.bytes ? `**${kb(bytes)}** ✓` : kb(bytes), `${x.bytes.cold_requests} / ${x.bytes.warm_requests}`];
  });
  p(table(['page / network', 'cold, ms (runs)', 'warm, ms (runs)', 'cold bytes on the wire', 'requests cold / warm'], rows));
  p(`Targets (Slow 4G): cold ≤ ${TARGETS.cold} ms, warm ≤ ${TARGETS.warm} ms; cold bytes ≤ ${kb(TARGETS.bytes)} (✓ where met).`);
  if (r.analysis) p(r.analysis);
  p('Bytes on the wire by type (response bodies as sent, compressed; first cold and warm load):');
  p(table(['page / network', 'load', 'HTML', 'JS', 'wasm', 'catalog', 'other', 'total'], Object.entries(r.runs).flatMap(([name, x]) =>
    ['cold', 'warm'].map((w) => {
      const b = x.bytes[w];
      return [name, w, kb(b.html), kb(b.js), kb(b.wasm), kb(b.catalog), kb(b.other), kb(Object.values(b).reduce((n, v) => n + v, 0))];
    }))));
  if (r.requote_median_ms !== undefined) {
    p(`Re-pricing on a change (15 \`addItem\` calls on the warm engine, 10-line cart, ${r.cpu_throttling}× CPU): median **${r.requote_median_ms.toFixed(1)} ms** (target: within a frame, 16 ms). This and the first-quote time used to be asserted in e2e/quality.spec.mjs; correctness tests no longer assert timings.`);
  }
  return out.join('\n');
}

// Standalone: replace (or append) the section in docs/benchmarks.md.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const results = JSON.parse(readFileSync(resolve(process.argv[2] ?? join(repo, 'build/bench-results/network.json')), 'utf8'));
  const file = join(repo, 'docs/benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const section = networkSection(results);
  const start = doc.indexOf(HEADING);
  let next = start >= 0 ? doc.indexOf('\n## ', start + HEADING.length) : -1;
  const updated = start < 0 ? `${doc.trimEnd()}\n\n${section}`
    : `${doc.slice(0, start)}${section}${next >= 0 ? doc.slice(next) : '\n'}`;
  writeFileSync(file, updated.endsWith('\n') ? updated : `${updated}\n`);
  console.log(`docs/benchmarks.md: "${HEADING}" written`);
}
