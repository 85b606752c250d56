#!/usr/bin/env node
// Payload: raw, gzip (-9) and brotli (quality 11) bytes of everything the
// widget loads, as docs/embedding.md embeds it:
//   - its ES modules: web/storefront-checkout.mjs and every module it imports
//     (followed through static imports and literal dynamic imports);
//   - the core's JS API and Emscripten glue (the wasm build's checkout.mjs, which
//     the widget imports from ${server}/wasm/, and what it imports) and the .wasm;
//   - the catalog from /api/catalog (the demo merchant, compact JSON; the server
//     sends the same document with live stock levels of the same shape).
// Product images are the merchant's content and are listed apart.
// The browser run (bench/browser/run.mjs) records what the page really
// fetched; scripts/bench.sh's report puts both lists side by side.
//
//   node bench/payload.mjs [--wasm build/bench-wasm] [--out build/bench-results/payload.json]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const wasmDir = resolve(arg('--wasm', join(repo, 'build/bench-wasm')));
const outFile = resolve(arg('--out', join(repo, 'build/bench-results/payload.json')));

const IMPORT = /(?:\bimport\s*(?:[\w*{}\s,]+?\s*from\s*)?|\bexport\s*[\w*{}\s,]+?\s*from\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

// Module graph from `entry`, relative specifiers only (URLs like
// `${server}/wasm/...` are built at run time and listed by hand below).
function moduleGraph(entry) {
  const seen = new Set();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1];
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (existsSync(target)) stack.push(target);
    }
  }
  return [...seen].sort();
}

function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

const entries = [];
const add = (group, file, url, bytes = readFileSync(file)) => entries.push({ group, file: relative(repo, file), url, ...sizes(bytes) });

for (const f of moduleGraph(join(repo, 'web/storefront-checkout.mjs'))) add('widget JS', f, `/web/${relative(join(repo, 'web'), f)}`);
const coreEntry = join(wasmDir, 'checkout.mjs');
if (!existsSync(coreEntry)) throw new Error(`no ${coreEntry}: build the wasm first`);
for (const f of moduleGraph(coreEntry)) add('core JS (API + Emscripten glue)', f, `/wasm/${relative(wasmDir, f)}`);
add('core wasm', join(wasmDir, 'checkout-core.wasm'), '/wasm/checkout-core.wasm');
const demoCatalog = join(repo, 'server-stub/data/demo/catalog.json');
add('catalog (data)', demoCatalog, '/api/catalog', Buffer.from(JSON.stringify(JSON.parse(readFileSync(demoCatalog, 'utf8')))));

const sum = (list) => list.reduce((t, e) => ({ raw: t.raw + e.raw, gzip: t.gzip + e.gzip, brotli: t.brotli + e.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const groups = {};
for (const e of entries) (groups[e.group] ??= []).push(e);
const totals = Object.fromEntries(Object.entries(groups).map(([g, list]) => [g, sum(list)]));
const code = sum(entries.filter((e) => e.group !== 'catalog (data)'));
const all = sum(entries);
// Each file compressed on its own, as HTTP sends them; not one archive.
const result = { wasm_dir: relative(repo, wasmDir), files: entries, groups: totals, code, all, target_gzip: 150 * 1024,
  images_note: 'product images (catalog "image" URLs) are merchant content, not counted' };
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(result, null, 1));
for (const [g, t] of Object.entries(totals)) console.log(`payload ${g.padEnd(34)} raw ${String(t.raw).padStart(8)}  gzip ${String(t.gzip).padStart(7)}  brotli ${String(t.brotli).padStart(7)}`);
console.log(`payload ${'code (JS + wasm)'.padEnd(34)} raw ${String(code.raw).padStart(8)}  gzip ${String(code.gzip).padStart(7)}  brotli ${String(code.brotli).padStart(7)}`);
console.log(`payload ${'everything incl. catalog'.padEnd(34)} raw ${String(all.raw).padStart(8)}  gzip ${String(all.gzip).padStart(7)}  brotli ${String(all.brotli).padStart(7)}`);
