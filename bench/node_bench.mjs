#!/usr/bin/env node
// The wasm core under node on the shared workloads (bench/workloads.mjs):
// microseconds per quote through the raw binding and the JS API, and catalog
// load times. The same timing code runs in Chromium (bench/quote-runner.mjs).
//
//   node bench/node_bench.mjs [--wasm build/bench-wasm] [--data build/bench-data]
//        [--out build/bench-results/node.json] [--reps 5] [--min-batch-ms 60] [--raw-only]
//        [--only L10_P10_S10,demo_L10]  (just these workloads)
// --raw-only: only the raw binding (for the variant builds of bench/wasm_variant.sh,
// which have no JS API beside them).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

import { DEFAULTS, runQuoteBenchmarks } from './quote-runner.mjs';
import { selection } from './selection.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const wasmDir = resolve(arg('--wasm', join(repo, 'build/bench-wasm')));
const dataDir = resolve(arg('--data', join(repo, 'build/bench-data')));
const outFile = resolve(arg('--out', join(repo, 'build/bench-results/node.json')));
const options = { ...DEFAULTS, reps: Number(arg('--reps', DEFAULTS.reps)), minBatchMs: Number(arg('--min-batch-ms', DEFAULTS.minBatchMs)) };

const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8'));
const catalogs = new Map(manifest.catalogs.map((c) => [c.id, readFileSync(join(dataDir, c.file), 'utf8')]));
const only = arg('--only', null)?.split(',') ?? null;
const workloads = manifest.workloads.filter((w) => !only || only.includes(w.id)).map((w) => ({ ...w, text: readFileSync(join(dataDir, w.request), 'utf8') }));

// The raw Embind module (the CommonJS build for node, handed its .wasm bytes)
// and, separately, the public JS API on the same build.
const require = createRequire(import.meta.url);
const factory = require(join(wasmDir, 'checkout-core-node.cjs'));
const wasmBinary = readFileSync(join(wasmDir, 'checkout-core-node.wasm'));
const module = await factory({ wasmBinary });
const rawOnly = args.includes('--raw-only');
const api = rawOnly ? null : await (await import(pathToFileURL(join(wasmDir, 'node.mjs')).href)).loadCheckoutCore();
const select = rawOnly ? { modes: { raw: 'all' }, catalogLoads: selection.catalogLoads } : selection;

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const results = runQuoteBenchmarks({
  module, api, catalogs, workloads, select, options,
  now: () => performance.now(), cpuMicros, log: (s) => console.log(`node   ${s}`),
});

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ runtime: 'node', node: process.version, v8: process.versions.v8, wasm_dir: wasmDir, options, results }, null, 1));
console.log(`node: ${results.length} results -> ${outFile}`);
