#!/usr/bin/env node
// Writes docs/benchmarks.md from the results scripts/bench.sh collected in
// build/bench-results/: every figure beside its target from issue 5, the
// wasm/native ratio from the same run, growth tables, and the hand-written
// analysis in bench/analysis.md. Reports only; nothing here fails on a figure.
//
//   node bench/report.mjs [--results build/bench-results] [--out docs/benchmarks.md]
import { networkSection } from './network_report.mjs';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const dir = resolve(arg('--results', join(repo, 'build/bench-results')));
const outFile = resolve(arg('--out', join(repo, 'docs/benchmarks.md')));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// Google Benchmark writes NaN (e.g. the cv of a constant counter): not JSON.
const load = (name) => (existsSync(join(dir, name))
  ? JSON.parse(readFileSync(join(dir, name), 'utf8').replace(/:\s*-?(?:nan|NaN|inf|Infinity)\b/g, ': null')) : null);
const machine = load('machine.json') ?? {};
const steps = load('steps.json') ?? [];
// Each round writes NAME.rN.json; a figure is the best over every round.
const roundFiles = (base) => readdirSync(dir).filter((f) => f === `${base}.json` || (f.startsWith(`${base}.r`) && /\.r\d+\.json$/.test(f)));
const mergeRuntime = (base) => {
  const parts = roundFiles(base).map(load).filter(Boolean);
  if (!parts.length) return null;
  const merged = Object.assign({}, ...parts);
  const byKey = new Map();
  for (const r of parts.flatMap((x) => x.results ?? [])) {
    const key = `${r.kind}|${r.mode ?? ''}|${r.workload ?? r.catalog}`;
    const e = byKey.get(key);
    if (!e) {
      byKey.set(key, { ...r, rounds: 1 });
      continue;
    }
    e.wall_us = [...e.wall_us, ...r.wall_us];
    e.wall_min_us = Math.min(e.wall_min_us, r.wall_min_us);
    e.wall_median_us = median(e.wall_us);
    if (r.cpu_us) {
      e.cpu_us = [...(e.cpu_us ?? []), ...r.cpu_us];
      e.cpu_min_us = Math.min(e.cpu_min_us ?? Infinity, r.cpu_min_us);
    }
    e.rounds += 1;
  }
  merged.results = [...byKey.values()];
  merged.first_quote = parts.find((x) => x.first_quote)?.first_quote;
  return merged;
};
const nativeRaw = { benchmarks: roundFiles('native').map(load).filter(Boolean).flatMap((x) => x.benchmarks ?? []) };
const node = mergeRuntime('node');
const chromium = mergeRuntime('chromium');
const payload = load('payload.json');
const server = load('server.json');
const network = load('network.json');
const callgrind = existsSync(join(dir, 'callgrind.jsonl'))
  ? readFileSync(join(dir, 'callgrind.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const variants = [...new Set(readdirSync(dir).filter((f) => /^node-.+\.json$/.test(f)).map((f) => f.slice(5).replace(/(\.r\d+)?\.json$/, '')))]
  .map((level) => ({ level, data: mergeRuntime(`node-${level}`) }));
const manifest = existsSync(join(repo, 'build/bench-data/manifest.json'))
  ? JSON.parse(readFileSync(join(repo, 'build/bench-data/manifest.json'), 'utf8')) : { workloads: [] };

// ------------------------------------------------------------------ helpers

const us = (x) => {
  if (x === undefined || x === null || Number.isNaN(x)) return 'n/a';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} s`;
  if (x >= 1000) return `${(x / 1000).toFixed(x >= 1e5 ? 0 : x >= 1e4 ? 1 : 2)} ms`;
  return `${x.toFixed(x >= 100 ? 0 : 1)} µs`;
};
const num = (x, d = 0) => (x === undefined || x === null ? 'n/a' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const verdict = (ok) => (ok === null ? 'n/a' : ok ? '**met**' : '**missed**');
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// Google Benchmark JSON -> name -> {min_real_us, median_real_us, min_cpu_us, counters}
const native = new Map();
for (const b of nativeRaw?.benchmarks ?? []) {
  if (b.run_type === 'aggregate' || b.error_occurred) continue;
  const scale = { ns: 1e-3, us: 1, ms: 1e3, s: 1e6 }[b.time_unit] ?? 1e-3;
  const e = native.get(b.run_name) ?? { real: [], cpu: [], b };
  e.real.push(b.real_time * scale);
  e.cpu.push(b.cpu_time * scale);
  native.set(b.run_name, e);
}
const nat = (name) => {
  const e = native.get(name);
  return e ? { min: Math.min(...e.real), median: median(e.real), cpu: Math.min(...e.cpu), reps: e.real.length, b: e.b } : null;
};
const wasmResult = (data, mode, workload) => data?.results?.find((r) => r.kind === 'quote' && r.mode === mode && r.workload === workload) ?? null;
const wasmLoad = (data, catalog) => data?.results?.find((r) => r.kind === 'catalog_load' && r.catalog === catalog) ?? null;
const cg = (workload) => callgrind.find((c) => c.workload === workload) ?? null;

const workloads = manifest.workloads;
const headline = { ten: 'L10_P10_S10', demo: 'demo_L10', big: 'L1000_P100_S1000' };

// ------------------------------------------------------------------ figures

// ratio: wasm fastest batch / native fastest repetition (both wall clock);
// vsCpu: the same over native CPU time, which load inflates least (the
// conservative figure: wasm's wall clock against native's best case);
// cpuRatio: CPU over CPU (node only).
const ratios = (data) => workloads.map((w) => {
  const n = nat(`quote/${w.id}`);
  const r = wasmResult(data, 'raw', w.id);
  return n && r ? { id: w.id, ratio: r.wall_min_us / n.min, vsCpu: r.wall_min_us / n.cpu, cpuRatio: r.cpu_min_us && n.cpu ? r.cpu_min_us / n.cpu : null } : null;
}).filter(Boolean);
const worst = (list, key = 'ratio') => list.reduce((a, b) => (b[key] !== null && (a === null || b[key] > a[key]) ? b : a), null);

const chromeRatios = ratios(chromium);
const nodeRatios = ratios(node);
const fq = chromium?.first_quote?.runs ?? [];
const fqMedian = (rate) => {
  const xs = fq.filter((r) => r.cpu_throttling === rate).map((r) => r.first_quote_ms);
  return xs.length ? median(xs) : null;
};
const serverRun = (name) => server?.runs?.find((r) => r.name === name) ?? null;

const targets = [];
{
  const n10 = nat(`quote/${headline.ten}`);
  const nDemo = nat(`quote/${headline.demo}`);
  targets.push(['10-line cart quote, native', '≤ 20 µs',
    n10 ? `${us(n10.min)} (${headline.ten}); ${nDemo ? us(nDemo.min) : 'n/a'} (${headline.demo})` : 'n/a', verdict(n10 ? n10.min <= 20 : null)]);
  const c10 = wasmResult(chromium, 'raw', headline.ten);
  const c10o = wasmResult(chromium, 'object', headline.ten);
  targets.push(['10-line cart quote, wasm in Chromium', '≤ 40 µs',
    c10 ? `${us(c10.wall_min_us)} raw binding; ${c10o ? us(c10o.wall_min_us) : 'n/a'} through the JS API as the widget calls it` : 'n/a',
    verdict(c10 ? c10.wall_min_us <= 40 : null)]);
  const cBig = wasmResult(chromium, 'raw', headline.big);
  targets.push(['1,000 lines, 100 promotions, 1,000 stores, Chromium', '≤ 2 ms', cBig ? us(cBig.wall_min_us) : 'n/a', verdict(cBig ? cBig.wall_min_us <= 2000 : null)]);
  for (const [name, list] of [['Chromium', chromeRatios], ['node', nodeRatios]]) {
    const wall = worst(list);
    const cpu = worst(list, 'vsCpu');
    targets.push([`wasm/native ratio, every workload (${name}, shipped build)`, '≤ 2.0',
      wall ? `worst ${cpu.vsCpu.toFixed(2)} (${cpu.id}) against native CPU time, ${wall.ratio.toFixed(2)} (${wall.id}) against native wall time; median ${median(list.map((r) => r.vsCpu)).toFixed(2)} / ${median(list.map((r) => r.ratio)).toFixed(2)}` : 'n/a',
      verdict(cpu ? cpu.vsCpu <= 2 : null)]);
  }
  if (payload) {
    targets.push(['Everything the widget loads, gzip', '≤ 150 KiB',
      `${kib(payload.all.gzip)} with the demo catalog; code alone ${kib(payload.code.gzip)} (brotli ${kib(payload.all.brotli)} / ${kib(payload.code.brotli)})`,
      verdict(payload.all.gzip <= 150 * 1024)]);
  } else targets.push(['Everything the widget loads, gzip', '≤ 150 KiB', 'n/a', verdict(null)]);
  const f4 = fqMedian(4);
  const f1 = fqMedian(1);
  targets.push(['First quote after navigation start, 4× CPU throttling', '≤ 300 ms',
    f4 !== null ? `${f4.toFixed(0)} ms (median of ${fq.filter((r) => r.cpu_throttling === 4).length}); unthrottled ${f1?.toFixed(0) ?? 'n/a'} ms` : 'n/a',
    verdict(f4 !== null ? f4 <= 300 : null)]);
  const q = serverRun('quote');
  const o = serverRun('orders');
  const od = serverRun('orders_durable_sync');
  targets.push(['Server: quotes/s', '≥ 10,000', q ? num(q.result.requests_per_s) : 'n/a', verdict(q ? q.result.requests_per_s >= 10000 : null)]);
  targets.push(['Server: durable orders/s', '≥ 1,000',
    o ? `${num(o.result.requests_per_s)} (synchronous=NORMAL: survives a crash); ${od ? num(od.result.requests_per_s) : 'n/a'} with --durable-sync` : 'n/a',
    verdict(o ? o.result.requests_per_s >= 1000 : null)]);
  for (const [label, r] of [['quote', q], ['orders', o]]) {
    targets.push([`Server: p99 latency, ${label}`, '≤ 20 ms', r ? `${(r.result.latency_us.p99 / 1000).toFixed(1)} ms` : 'n/a', verdict(r ? r.result.latency_us.p99 <= 20000 : null)]);
  }
}

// ------------------------------------------------------------------ sections

const out = [];
const p = (...lines) => out.push(...lines, '');

p('# Benchmarks',
  '<!-- Generated by scripts/bench.sh (bench/report.mjs) from build/bench-results/; the analysis section is bench/analysis.md. -->');
p('One command builds what it needs, runs every benchmark and rewrites this file:',
  '```sh\nscripts/bench.sh            # BENCH_REPS, BENCH_MIN_TIME, BENCH_SERVER_DURATION, BENCH_WASM_VARIANTS, BENCH_CALLGRIND: see the script\n```',
  'Benchmarks are not part of `scripts/test.sh` and nothing asserts a timing: figures are reported against the targets of issue 5.');
const la = machine.loadavg_start;
const busy = la && machine.nproc && la[0] > machine.nproc;
p(`> **Run of ${machine.date ?? 'n/a'}, commit ${machine.commit ?? 'n/a'}.** Load average at the start ${la ? la.join(' / ') : 'n/a'}, at the end ${machine.loadavg_end ? machine.loadavg_end.join(' / ') : 'n/a'} (1 / 5 / 15 min) on ${machine.nproc ?? '?'} CPUs.` +
  (busy ? ' **The machine was shared with other heavy jobs during this run: wall-clock figures are noisy and pessimistic.** Each figure is the fastest of its repetitions (closest to an unloaded machine); instruction counts (callgrind) do not depend on load. Re-run on a quiet machine for release figures.' : ''));

p('## Targets');
p(table(['figure', 'target', 'measured', ''], targets));

p('## Machine and build',
  table(['', ''], [
    ['CPU', `${machine.cpu ?? 'n/a'} (${machine.nproc ?? '?'} CPUs${machine.hypervisor ? `, ${machine.hypervisor} guest` : ''})`],
    ['Memory', machine.memory ?? 'n/a'],
    ['OS', machine.os ?? 'n/a'],
    ['Native compiler', machine.cxx ?? 'n/a'],
    ['Native flags', machine.native_flags ?? 'n/a'],
    ['Emscripten', machine.emcc ?? 'n/a'],
    ['wasm flags (shipped build, wasm/CMakeLists.txt)', machine.wasm_flags ?? 'n/a'],
    ['node / V8', node ? `${node.node} / ${node.v8}` : machine.node ?? 'n/a'],
    ['Chromium', chromium?.version ?? 'n/a'],
    ['Google Benchmark', machine.benchmark ?? 'n/a'],
    ['wrk', machine.wrk ?? 'n/a'],
  ]));

p('## Method',
  `- **Workloads** (\`bench/workloads.mjs\`, deterministic): catalogs of 2,000 SKUs with 0, 10 or 100 promotions (every effect type, all stackable, every fifth one behind a code) and 10, 100 or 1,000 stores (150 stocked SKUs each, POSIX time zones, split opening hours); carts of 1, 10, 100 or 1,000 distinct lines, every fourth picked up at the store next to the customer, up to three coupons, a New York destination and location. Workload \`LxPySz\` = x lines, y promotions, z stores. \`demo_L10\` is a 10-line cart on the demo merchant (server-stub/data/demo). The native, node and Chromium runs price exactly these files.`,
  `- **Native**: Google Benchmark (\`bench/core_bench.cpp\`), \`${machine.native_cmd ?? 'core_bench'}\`. \`quote/*\` is \`Engine::quote(text)\` (parse, validate, price, write the canonical quote with its SHA-256 fingerprint). Figure: the fastest repetition's wall time; CPU time beside it.`,
  `- **wasm** (\`bench/quote-runner.mjs\`, shared by node and the Chromium page): warm-up, then batches of at least ${node?.options?.minBatchMs ?? '?'} ms, ${node?.options?.reps ?? '?'} repetitions; the figure is the fastest batch's mean (\`performance.now\`). Modes: **raw** = the Embind binding \`RawEngine.quote(text)\`, text in and text out, the same work as native (used for every ratio); **api** = the JS API \`engine.quote(text)\` (adds \`JSON.parse\` of the quote); **object** = \`engine.quote({cart, context})\`, what the widget does on each change (adds the exact-integer serialiser).`,
  '- **Ratio** = wasm raw fastest batch / native fastest repetition, same workload, same run. On a loaded machine the two are measured at different moments and inflated by different amounts, so ratios move by ±50 % between runs; the target row uses native CPU time (the least inflated native figure), which makes it the conservative one.',
  '- **Instruction counts**: `valgrind --tool=callgrind` over `core_bench --profile=W --iterations=N`, collecting only inside `Engine::quote`; repeatable to the instruction, independent of load.',
  `- **Chromium**: Debian's \`/usr/bin/chromium\` ${chromium?.version ?? ''} driven by playwright-core (\`bench/browser/run.mjs\`). First quote: the widget embedded as in docs/embedding.md (\`bench/browser/embed.html\`) served by the real \`checkout-server\` with the demo merchant and a saved 10-line cart, in a fresh browser context per load (empty HTTP cache), time from navigation start to the widget's \`storefront-checkout:first-quote\` mark; CPU throttling through DevTools \`Emulation.setCPUThrottlingRate\`; loopback network, not throttled.`,
  `- **Server**: \`wrk -t${server?.wrk?.threads ?? '?'} -c${server?.wrk?.connections ?? '?'} -d${server?.wrk?.duration_s ?? '?'}s\` on loopback (\`bench/server_bench.sh\`, \`bench/wrk-post.lua\`), server with \`--workers ${server?.server_workers ?? '?'}\`, a fresh SQLite database and the bench merchant (demo catalog with stock no run can exhaust). Orders: two shipped lines, a unique Idempotency-Key per request, \`client_quote\` matching the server's quote. wrk shares the ${server?.nproc ?? '?'} CPUs with the server. Peak RSS = \`VmHWM\` of the server process.`,
  `- **Repetitions**: ${machine.rounds ?? 1} rounds of native, node and Chromium quote timing one after the other, ${machine.reps ?? '?'} repetitions per figure per round; a figure is the best over all of them (fewer repetitions than a release measurement would use, to keep the whole run near 15 minutes on 2 CPUs).`);

if (steps.length) {
  const failed = steps.filter((s) => s.status !== 0);
  p(`Steps of this run: ${steps.map((s) => `${s.name} ${s.status === 0 ? 'ok' : `**failed (${s.status})**`} (${s.seconds} s)`).join(', ')}.` +
    (failed.length ? ' Sections of failed steps show n/a.' : ''));
}

// Quote times
p('## Quote time per workload');
p('Fastest repetition, wall clock. Ratios = wasm raw / native wall time, and (in brackets) / native CPU time.');
p(table(['workload', 'lines', 'promos', 'stores', 'quote size', 'native', 'native CPU', 'node raw', 'Chromium raw', 'ratio node', 'ratio Chromium'],
  workloads.map((w) => {
    const n = nat(`quote/${w.id}`);
    const nr = wasmResult(node, 'raw', w.id);
    const cr = wasmResult(chromium, 'raw', w.id);
    return [w.id, w.lines, w.promotions, w.stores, n?.b?.quote_bytes ? kib(n.b.quote_bytes) : (nr ? kib(nr.quote_bytes) : 'n/a'),
      us(n?.min), us(n?.cpu), us(nr?.wall_min_us), us(cr?.wall_min_us),
      n && nr ? `${(nr.wall_min_us / n.min).toFixed(2)} (${(nr.wall_min_us / n.cpu).toFixed(2)})` : 'n/a',
      n && cr ? `${(cr.wall_min_us / n.min).toFixed(2)} (${(cr.wall_min_us / n.cpu).toFixed(2)})` : 'n/a'];
  })));

p('### Through the JS API', 'What the widget pays per re-price on top of the core (raw = binding only; api adds `JSON.parse` of the quote; object adds serialising the request object). session = the session API instead: one edit (a quantity) and `totals()`, the compact view, no quote text and no hash.');
p(table(['workload', 'runtime', 'raw', 'api', 'object', 'object / raw', 'session'],
  ['L10_P10_S10', 'demo_L10', 'L1000_P100_S1000'].flatMap((id) => [['node', node], ['Chromium', chromium]].map(([name, data]) => {
    const r = wasmResult(data, 'raw', id);
    const a = wasmResult(data, 'api', id);
    const o = wasmResult(data, 'object', id);
    const s = wasmResult(data, 'session', id);
    return [id, name, us(r?.wall_min_us), us(a?.wall_min_us), us(o?.wall_min_us), r && o ? (o.wall_min_us / r.wall_min_us).toFixed(2) : 'n/a', us(s?.wall_min_us)];
  }))));

if (variants.length) {
  p('### Optimisation level of the wasm build',
    'The shipped module is compiled `-Oz` and linked `-O3 -flto` with emmalloc and Binaryen\'s inlining limit at 14 (wasm/CMakeLists.txt). `bench/wasm_variant.sh LEVEL` builds the same sources at another level (no LTO) for node; raw binding, same run:');
  const rows = [];
  for (const id of ['L1_P10_S10', 'L10_P10_S10', 'demo_L10', 'L100_P10_S100', 'L1000_P100_S1000']) {
    const n = nat(`quote/${id}`);
    const base = wasmResult(node, 'raw', id);
    const row = [id, `${us(n?.min)} (CPU ${us(n?.cpu)})`, `${us(base?.wall_min_us)} (${n && base ? (base.wall_min_us / n.cpu).toFixed(2) : 'n/a'})`];
    for (const v of variants) {
      const r = wasmResult(v.data, 'raw', id);
      row.push(`${us(r?.wall_min_us)} (${n && r ? (r.wall_min_us / n.cpu).toFixed(2) : 'n/a'})`);
    }
    rows.push(row);
  }
  const worstV = [['-Oz, link -O3 -flto (shipped)', node], ...variants.map((v) => [`-${v.level}`, v.data])].map(([name, data]) => {
    const list = ratios(data);
    const w = worst(list, 'vsCpu');
    return w ? `${name}: worst ${w.vsCpu.toFixed(2)} (${w.id}), median ${median(list.map((r) => r.vsCpu)).toFixed(2)}` : null;
  }).filter(Boolean);
  p(table(['workload', 'native', 'node shipped (ratio to native CPU)', ...variants.map((v) => `node -${v.level} (ratio)`)], rows));
  const sizeRows = [['-Oz, link -O3 -flto (shipped)', machine.wasm_sizes?.shipped]].concat(variants.map((v) => [`-${v.level}`, machine.wasm_sizes?.[v.level]]));
  p(table(['build', '.wasm raw', '.wasm gzip'], sizeRows.map(([name, s]) => [name, s ? kib(s.raw) : 'n/a', s ? kib(s.gzip) : 'n/a'])));
  if (worstV.length) p(`wasm (node) / native CPU time over all ${workloads.length} workloads: ${worstV.join('; ')}.`);
}

// Stage breakdown
p('## Where a quote\'s time goes');
if (callgrind.length) {
  p('Instructions per quote (callgrind, inclusive of callees; shares of the whole `Engine::quote`). Writing = streaming the canonical JSON of the quote (binding, then details) straight from the priced state with its typed view; the fingerprint hashes the binding only, and `Engine::price` (a keystroke\'s re-price) skips it.');
  const ids = callgrind.filter((c) => ['L10_P10_S10', 'demo_L10', 'L1000_P100_S1000'].includes(c.workload));
  if (ids.length) {
    const stageNames = ids[0].stages.map((s) => s.stage);
    p(table(['stage', ...ids.map((c) => c.workload)],
      [['**whole quote**', ...ids.map((c) => `**${num(c.instructions_per_quote)}**`)],
        ...stageNames.map((name) => [name.replace(/^ {2}/, '&nbsp;&nbsp;'), ...ids.map((c) => {
          const s = c.stages.find((x) => x.stage === name);
          return s ? `${num(s.instructions)} (${pct(s.share)})` : 'n/a';
        })])]));
    const c10 = ids[0];
    p(`Hottest functions by their own instructions, ${c10.workload}:`);
    p(table(['function', 'instructions', 'share'], c10.top_self.slice(0, 10).map((t) => [`\`${t.function.replace(/\|/g, '\\|')}\``, num(t.instructions), pct(t.share)])));
  }
}
const stageIds = [...new Set([...native.keys()].filter((k) => k.startsWith('stage/')).map((k) => k.split('/')[1]))];
if (stageIds.length) {
  p('Native time of each part (fastest repetition), and its share of the whole quote:');
  const parts = ['parse', 'load', 'price', 'sha256', 'write'];
  p(table(['workload', 'whole quote', ...parts], stageIds.map((id) => {
    const whole = nat(`quote/${id}`)?.min;
    return [id, us(whole), ...parts.map((part) => {
      const s = nat(`stage/${id}/${part}`);
      return s ? `${us(s.min)}${whole ? ` (${pct(s.min / whole)})` : ''}` : 'n/a';
    })];
  })));
  p('`write` = streaming the canonical JSON and the typed view; `sha256` = the fingerprint over the binding; `parse` + `load` + `price` + `write` + `sha256` ≈ the whole quote.');
}

const worstCart = nat('worst_cart/bxgy_5000_lines_x_1e6_units');
if (worstCart) {
  p(`Worst buy-X-get-Y cart (5,000 lines of 1,000,000 units, "buy 2 get 1"; the timed assertion that was in \`promotions_test.cpp\`): ${us(worstCart.min)} native, fastest repetition. Units are priced in groups, so this does not grow with the 5e9 units.`);
}

// Growth
p('## Growth');
p('Marginal cost = extra instructions (or time) per added line, promotion or store between two neighbouring sizes. Linear growth keeps it flat; n log n lets it creep up by the log factor (about 1.2-1.5× per tenfold step); quadratic growth multiplies it by about 10 per tenfold step. The verdict compares the last two marginal costs (instructions where profiled: callgrind counts are free of machine noise; native time otherwise). k is the exponent of the whole time between the two largest sizes (fixed costs pull it below 1).');
const growth = (title, ids, sizeOf, unit) => {
  const rows = ids.map((id) => {
    const n = nat(`quote/${id}`);
    const c = wasmResult(chromium, 'raw', id);
    const g = cg(id);
    return { id, size: sizeOf(id), native: n?.cpu, chrome: c?.wall_min_us, instr: g?.instructions_per_quote };
  }).filter((r) => r.size !== undefined);
  const marginal = (key) => rows.map((r, i) => (i && r[key] && rows[i - 1][key] ? (r[key] - rows[i - 1][key]) / (r.size - rows[i - 1].size) : null));
  const mInstr = marginal('instr');
  const mNative = marginal('native');
  const basis = mInstr.slice(-2).every((x) => x !== null) ? ['instructions', mInstr] : ['native CPU time', mNative];
  const [a, b] = basis[1].slice(-2);
  const k = (key) => {
    const [x, y] = rows.slice(-2);
    return x?.[key] && y?.[key] ? Math.log(y[key] / x[key]) / Math.log(y.size / x.size) : null;
  };
  // A marginal cost near zero (the size barely matters) makes the ratio
  // meaningless; then the whole-time exponent decides.
  const r = a > 0 && b > 0 ? b / a : null;
  const kk = k(basis[0] === 'instructions' ? 'instr' : 'native');
  const word = r !== null
    ? (r <= 1.3 ? 'linear (marginal cost flat)' : r <= 2.5 ? 'n log n at most' : r < 6 ? 'super-linear: check' : 'quadratic')
    : kk === null ? 'n/a' : kk <= 1.15 ? 'linear or better (the cost barely depends on it)' : 'super-linear: check';
  const one = unit.replace(/s$/, '');
  p(`### ${title}`);
  p(table([unit, 'workload', 'native CPU', 'instructions', `marginal instructions per ${one}`, `marginal native time per ${one}`, 'Chromium raw'], rows.map((row, i) => [
    row.size, row.id, us(row.native), row.instr ? num(row.instr) : 'n/a', mInstr[i] !== null ? num(mInstr[i]) : '', mNative[i] !== null ? us(mNative[i]) : '', us(row.chrome)])));
  p(`**${word}** (last marginal cost / the one before = ${r === null ? 'n/a' : r.toFixed(2)}, from ${basis[0]}). k: native ${k('native')?.toFixed(2) ?? 'n/a'}, instructions ${k('instr')?.toFixed(2) ?? 'n/a'}, Chromium ${k('chrome')?.toFixed(2) ?? 'n/a'}.`);
};
const byId = Object.fromEntries(workloads.map((w) => [w.id, w]));
growth('Lines (10 promotions, 10 stores)', ['L1_P10_S10', 'L10_P10_S10', 'L100_P10_S10', 'L1000_P10_S10'], (id) => byId[id]?.lines, 'lines');
growth('Lines (100 promotions, 1,000 stores)', ['L1_P100_S1000', 'L10_P100_S1000', 'L100_P100_S1000', 'L1000_P100_S1000'], (id) => byId[id]?.lines, 'lines');
growth('Promotions (100 lines, 10 stores)', ['L100_P0_S10', 'L100_P10_S10', 'L100_P100_S10'], (id) => byId[id]?.promotions, 'promotions');
growth('Stores (10 lines, 10 promotions)', ['L10_P10_S10', 'L10_P10_S100', 'L10_P10_S1000'], (id) => byId[id]?.stores, 'stores');
growth('Stores (100 lines, 100 promotions)', ['L100_P100_S10', 'L100_P100_S100', 'L100_P100_S1000'], (id) => byId[id]?.stores, 'stores');

// Catalog load
p('## Catalog load');
p(table(['catalog', 'size', 'native parse', 'native load (parse + validate)', 'node load', 'Chromium load', 'native with_store_stock'],
  ['demo', 'P10_S10', 'P100_S1000'].map((id) => {
    const c = nat(`catalog_load/${id}`);
    const pr = nat(`catalog_parse/${id}`);
    const w = nat(`with_store_stock/${id}`);
    return [id, c?.b?.catalog_bytes ? kib(c.b.catalog_bytes) : 'n/a', us(pr?.min), us(c?.min), us(wasmLoad(node, id)?.wall_min_us), us(wasmLoad(chromium, id)?.wall_min_us), us(w?.min)];
  })));
p('`with_store_stock` is what the server and the widget pay for every live stock change (a new engine sharing the catalog and every stock run the change does not touch: only the run of 64 levels holding the changed SKU is copied).');

// Payload
p('## Payload');
if (payload) {
  p('Each file compressed on its own (gzip -9, brotli 11), as a server would send it (`bench/payload.mjs`).');
  p(table(['file', 'raw', 'gzip', 'brotli'], [
    ...payload.files.map((f) => [`\`${f.url}\``, num(f.raw), num(f.gzip), num(f.brotli)]),
    ...Object.entries(payload.groups).map(([g, t]) => [`*${g}*`, num(t.raw), num(t.gzip), num(t.brotli)]),
    ['**code (JS + wasm)**', `**${num(payload.code.raw)}**`, `**${num(payload.code.gzip)}**`, `**${num(payload.code.brotli)}**`],
    ['**everything, with the catalog**', `**${num(payload.all.raw)}**`, `**${num(payload.all.gzip)}**`, `**${num(payload.all.brotli)}**`],
  ]));
  p(`Target 150 KiB = ${num(150 * 1024)} bytes gzip. ${payload.images_note.charAt(0).toUpperCase()}${payload.images_note.slice(1)}.`);
  const seen = chromium?.first_quote?.responses ?? [];
  if (seen.length) {
    const listed = new Set(payload.files.map((f) => f.url));
    const extra = seen.filter((r) => !listed.has(r.url.split('?')[0]) && !/bench-embed\.html$/.test(r.url));
    const wire = seen.every((r) => Number.isFinite(r.wire))
      ? `, ${num(seen.reduce((t, r) => t + r.wire, 0))} bytes as sent (the server compresses by Accept-Encoding: ${[...new Set(seen.map((r) => r.encoding || 'identity'))].join(', ')})`
      : ' (sizes as sent were not recorded by this run)';
    p(`What Chromium fetched for the embedded widget (first load): ${seen.length} responses, ${num(seen.reduce((t, r) => t + r.bytes, 0))} bytes decoded${wire}. ` +
      (extra.length ? `Not in the list above: ${extra.map((r) => `\`${r.url}\` (${r.status}, ${num(r.bytes)} B)`).join(', ')}.` : 'Every one of them is in the list above (besides the page itself).'));
  }
}

// First quote
p('## Time to first quote (Chromium)');
if (fq.length) {
  p(table(['CPU throttling', 'first quote (ms after navigation start)', 'DOMContentLoaded', 'load event', 'widget: core + catalog loaded', 'widget: first quote after start'],
    [1, 4].map((rate) => {
      const runs = fq.filter((r) => r.cpu_throttling === rate);
      const m = (f) => (runs.length ? median(runs.map(f).filter((x) => typeof x === 'number')) : null);
      return [`${rate}×`, `${m((r) => r.first_quote_ms)?.toFixed(0)} (runs: ${runs.map((r) => r.first_quote_ms.toFixed(0)).join(', ')})`,
        m((r) => r.dom_content_loaded_ms)?.toFixed(0), m((r) => r.load_event_ms)?.toFixed(0),
        m((r) => r.widget?.loaded)?.toFixed(0), m((r) => r.widget?.firstQuote)?.toFixed(0)];
    })));
  p('Medians in ms. The widget starts when its module has loaded; "core + catalog loaded" is the wasm compile/instantiate and `/api/catalog` in parallel, measured by the widget itself (`element.timings`); from there to its first quote it loads the catalog into the engine, indexes it, renders and quotes.');
  const prof = chromium?.first_quote?.profile;
  if (prof) {
    p(`Where the time goes: one more load at ${prof.cpu_throttling}× throttling under the DevTools sampling profiler (${prof.sampling_interval_us} µs; the profiler slows the page: first quote at ${prof.first_quote_ms.toFixed(0)} ms), self time up to the first quote. "(program)" is the browser's own work (HTML/JS parsing, wasm compilation, style, layout); wasm functions are unnamed in the shipped (stripped) build.`);
    p(table(['group', 'ms'], prof.groups.map((g) => [g.group, g.ms.toFixed(0)])));
    p(table(['function (self time)', 'ms'], prof.top.filter((t) => !/^\((program|idle)\)/.test(t.function)).slice(0, 12).map((t) => [`\`${t.function}\``, t.ms.toFixed(0)])));
  }
}

// First priced cart on Slow 4G / Fast 4G, before and after the bundle
if (network) p(networkSection(network));

// Server
p('## Server');
if (server) {
  p(table(['run', 'requests/s', 'p50', 'p90', 'p99', 'p99.9', 'max', 'responses', 'peak RSS'], server.runs.map((r) => [
    `${r.name} (\`POST ${r.path}\`)`, num(r.result.requests_per_s), `${(r.result.latency_us.p50 / 1000).toFixed(1)} ms`,
    `${(r.result.latency_us.p90 / 1000).toFixed(1)} ms`, `${(r.result.latency_us.p99 / 1000).toFixed(1)} ms`,
    `${(r.result.latency_us.p999 / 1000).toFixed(1)} ms`, `${(r.result.latency_us.max / 1000).toFixed(1)} ms`,
    Object.entries(r.result.statuses).map(([s, n]) => `${s}: ${num(n)}`).join(', '), `${(r.peak_rss_kb / 1024).toFixed(1)} MiB`])));
  if (server.audit_after_orders) p(`Stock audit after the order run (\`GET /api/admin/audit\`): consistent = ${server.audit_after_orders.consistent}, ${num(server.audit_after_orders.rows)} rows, ${server.audit_after_orders.violations} violations.`);
}

// Several instances: hand-written with the figures of bench/fleet_bench.sh.
const fleet = join(repo, 'bench/fleet.md');
if (existsSync(fleet)) p(readFileSync(fleet, 'utf8').trim());

// Analysis
const analysis = join(repo, 'bench/analysis.md');
if (existsSync(analysis)) p(readFileSync(analysis, 'utf8').trim());
// Hand-kept before/after figures of the session API and the wasm build (issue 15).
const sessionNotes = join(repo, 'bench/session-and-wasm.md');
if (existsSync(sessionNotes)) p(readFileSync(sessionNotes, 'utf8').trim());
// Hand-kept: the .wasm's size profile and the optimisation flags measured for it (issue 15).
const sizeNotes = join(repo, 'bench/wasm-size.md');
if (existsSync(sizeNotes)) p(readFileSync(sizeNotes, 'utf8').trim());

writeFileSync(outFile, `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`);
console.log(`report: ${outFile}`);
