#!/usr/bin/env node
// Bytes and speed of several builds of the core's wasm side by side (the
// shipped build/wasm and variants from bench/wasm_variant.sh): .wasm raw, gzip
// -9 and brotli 11, then node's CPU time per call (bench/node_bench.mjs, the
// fastest batch's process.cpuUsage) for each workload and mode, the builds
// taking turns round by round so that load on a shared machine falls on all
// of them alike. The figure is the best over the rounds.
//
//   node bench/wasm_variant_table.mjs build/wasm build/bench-wasm-lto-Oz ...
//        [--rounds 3] [--only L10_P10_S10,L1000_P100_S1000] [--data build/bench-data] [--raw-only]
//        [--chromium]   also Chromium (bench/browser/run.mjs, wall time of the fastest batch:
//                       Chromium has no CPU clock per call), for builds with a browser module
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const valued = ['--rounds', '--only', '--data'];
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const dirs = args.filter((a, i) => !a.startsWith('--') && !valued.includes(args[i - 1])).map((d) => resolve(d));
if (dirs.length === 0) {
  console.error('usage: node bench/wasm_variant_table.mjs DIR... [--rounds N] [--only W1,W2] [--data DIR] [--raw-only]');
  process.exit(2);
}
const rounds = Number(opt('--rounds', 3));
const only = opt('--only', 'L10_P10_S10,L1000_P100_S1000');
const data = resolve(opt('--data', join(repo, 'build/bench-data')));
const label = (d) => (basename(d) === 'wasm' ? 'build/wasm (shipped flags)' : basename(d).replace(/^bench-wasm-/, ''));

const sizes = (file) => {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

const tmp = mkdtempSync(join(tmpdir(), 'wasm-variants-'));
const best = new Map();  // label -> Map(key -> cpu µs)
try {
  for (let round = 1; round <= rounds; round++) {
    for (const dir of dirs) {
      const out = join(tmp, `${round}-${basename(dir)}.json`);
      const nodeArgs = [join(repo, 'bench/node_bench.mjs'), '--wasm', dir, '--data', data, '--only', only, '--out', out];
      if (args.includes('--raw-only') || !existsSync(join(dir, 'node.mjs'))) nodeArgs.push('--raw-only');
      execFileSync(process.execPath, nodeArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
      const m = best.get(label(dir)) ?? new Map();
      for (const r of JSON.parse(readFileSync(out, 'utf8')).results) {
        const key = r.kind === 'quote' ? `${r.mode} ${r.workload}` : `load ${r.catalog}`;
        m.set(key, Math.min(m.get(key) ?? Infinity, r.cpu_min_us));
      }
      best.set(label(dir), m);
      if (args.includes('--chromium') && existsSync(join(dir, 'checkout-core.mjs'))) {
        execFileSync(process.execPath, [join(repo, 'bench/browser/run.mjs'), '--wasm', dir, '--data', data, '--only', only,
          '--skip-first-quote', '--reps', '20', '--min-batch-ms', '5', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
        for (const r of JSON.parse(readFileSync(out, 'utf8')).results) {
          const key = r.kind === 'quote' ? `Chromium ${r.mode} ${r.workload}` : `Chromium load ${r.catalog}`;
          m.set(key, Math.min(m.get(key) ?? Infinity, r.wall_min_us));
        }
      }
      console.error(`round ${round}/${rounds}: ${label(dir)} done`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const fmt = (n) => n.toLocaleString('en-US');
const time = (us) => (us === undefined ? '' : us >= 1000 ? `${(us / 1000).toPrecision(3)} ms` : `${us.toPrecision(3)} µs`);
const keys = [...new Set([...best.values()].flatMap((m) => [...m.keys()]))];
const labels = dirs.map(label);
console.log('| build | .wasm raw | gzip | brotli |\n|---|---|---|---|');
for (const dir of dirs) {
  const wasm = existsSync(join(dir, 'checkout-core.wasm')) ? join(dir, 'checkout-core.wasm') : join(dir, 'checkout-core-node.wasm');
  const s = sizes(wasm);
  console.log(`| ${label(dir)} | ${fmt(s.raw)} | ${fmt(s.gzip)} | ${fmt(s.brotli)} |`);
}
console.log(`\n| per call | ${labels.join(' | ')} |\n|---|${labels.map(() => '---').join('|')}|`);
for (const k of keys) console.log(`| ${k.startsWith('Chromium') ? k : `node ${k}`} | ${labels.map((l) => time(best.get(l).get(k))).join(' | ')} |`);
console.log(`\nnode ${process.version}; CPU time per call (process.cpuUsage), fastest batch${args.includes('--chromium') ? '; Chromium: wall time, fastest batch' : ''}; best of ${rounds} rounds taken in turns; workloads ${only} (bench/workloads.mjs).`);
