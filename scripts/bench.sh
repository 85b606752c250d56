#!/usr/bin/env bash
# Runs every benchmark of the project and writes docs/benchmarks.md (issue 5).
# Builds what it needs first, in its own build dirs:
#   build/bench-native   the root project + bench/ (core_bench, checkout-server), Release
#   build/bench-wasm     the root project with Emscripten (the shipped browser and node modules)
#   build/bench-wasm-LEVEL  the same core at another -O level (bench/wasm_variant.sh), for comparison
# then: workloads (bench/workloads.mjs) -> native (Google Benchmark) -> callgrind
# instruction counts -> wasm under node -> Chromium (quotes, time to first quote)
# -> payload -> server (wrk) -> report (bench/report.mjs).
# A failing step does not stop the others; its section of the report says n/a.
# Not part of scripts/test.sh: nothing here asserts a timing.
#
# Knobs (environment):
#   BENCH_ROUNDS=2            rounds of native + node + Chromium quote timing, interleaved,
#                             so a burst of load on a shared machine hits one round, not one runtime
#   BENCH_REPS=3              repetitions of every timed figure, per round
#   BENCH_MIN_TIME=0.1        Google Benchmark seconds per repetition
#   BENCH_MIN_BATCH_MS=60     wasm: minimum batch length
#   BENCH_SERVER_DURATION=10  seconds per wrk run
#   BENCH_WASM_VARIANTS=O2    other -O levels to compare with the shipped build ("" for none)
#   BENCH_CALLGRIND=1         instruction counts with valgrind (0 to skip)
#   BENCH_LOADS=5             page loads per throttling rate for time to first quote
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Emscripten's optimiser needs Debian's acorn

rounds=${BENCH_ROUNDS:-2}
reps=${BENCH_REPS:-3}
min_time=${BENCH_MIN_TIME:-0.1}
min_batch=${BENCH_MIN_BATCH_MS:-60}
duration=${BENCH_SERVER_DURATION:-10}
variants=${BENCH_WASM_VARIANTS-O2}
callgrind=${BENCH_CALLGRIND:-1}
loads=${BENCH_LOADS:-5}
jobs=2   # the machine is shared; never more
results=build/bench-results
mkdir -p "$results"
rm -f "$results"/*.json "$results"/*.jsonl
log=$results/log.txt
: >"$log"
steps=()
start_all=$SECONDS

step() {  # step NAME COMMAND...: runs, logs, records status and duration
  local name=$1; shift
  local t0=$SECONDS
  echo "==> $name" | tee -a "$log"
  "$@" 2>&1 | tee -a "$log"
  local status=${PIPESTATUS[0]}
  steps+=("{\"name\":\"$name\",\"status\":$status,\"seconds\":$((SECONDS - t0))}")
  ((status == 0)) || echo "<== $name FAILED ($status)" | tee -a "$log"
  return 0
}

loadavg() { awk '{printf "[%s,%s,%s]", $1, $2, $3}' /proc/loadavg; }
load_start=$(loadavg)

build_native() {
  cmake -S . -B build/bench-native -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PROJECT_storefront_checkout_INCLUDE="$PWD/bench/with-bench.cmake" >/dev/null &&
  cmake --build build/bench-native -j "$jobs" --target core_bench checkout-server
}
build_wasm() {
  cmake -S . -B build/bench-wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null &&
  cmake --build build/bench-wasm -j "$jobs" --target checkout-core checkout-core-node checkout-js
}
npm_packages() {
  node -e "require.resolve('playwright-core')" 2>/dev/null && return 0
  npm ci --no-audit --no-fund --loglevel=error
}
native_bench() {  # native_bench ROUND
  build/bench-native/core_bench --data=build/bench-data --benchmark_repetitions="$reps" \
    --benchmark_min_time="$min_time" --benchmark_display_aggregates_only=true \
    --benchmark_out="$results/native.r$1.json" --benchmark_out_format=json
}
callgrind_counts() {
  command -v valgrind >/dev/null || { echo "valgrind is not installed"; return 1; }
  # workload:iterations; the growth series and the headline workloads.
  local w id n
  for w in L1_P10_S10:20 L10_P10_S10:20 L100_P10_S10:5 L1000_P10_S10:2 L100_P0_S10:5 L100_P100_S10:3 \
           L10_P10_S100:20 L10_P10_S1000:20 L100_P100_S100:3 L100_P100_S1000:3 \
           L1_P100_S1000:20 L10_P100_S1000:10 demo_L10:20 L1000_P100_S1000:2; do
    id=${w%%:*} n=${w##*:}
    valgrind --tool=callgrind --callgrind-out-file="$results/callgrind.$id.out" --toggle-collect='checkout::Engine::quote*' \
      build/bench-native/core_bench --data=build/bench-data --profile="$id" --iterations="$n" >/dev/null 2>&1 || return 1
    node bench/callgrind_summary.mjs "$results/callgrind.$id.out" "$id" "$n" >>"$results/callgrind.jsonl" || return 1
    echo "callgrind $id: $(tail -1 "$results/callgrind.jsonl" | node -e 'let t="";process.stdin.on("data",d=>t+=d).on("end",()=>console.log(JSON.parse(t).instructions_per_quote))') instructions per quote"
  done
}
node_variants() {  # node_variants ROUND
  local v
  for v in $variants; do
    node bench/node_bench.mjs --wasm "build/bench-wasm-$v" --raw-only --reps "$reps" --min-batch-ms "$min_batch" \
      --out "$results/node-$v.r$1.json" || return 1
  done
}
build_variants() {
  local v
  for v in $variants; do WASM_VARIANT_NODE_ONLY=1 bench/wasm_variant.sh "$v" || return 1; done  # node runs them only
}

machine_info() {
  node --input-type=module - "$results/machine.json" "$reps" "$min_time" "$load_start" "$variants" "$rounds" <<'JS'
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const [out, reps, minTime, loadStart, variants, rounds] = process.argv.slice(2);
const sh = (c) => { try { return execSync(c, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; } };
const lscpu = sh('lscpu') ?? '';
const field = (name) => (new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(lscpu) ?? [])[1];
const mem = /MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'));
const cache = sh("grep -E 'CMAKE_CXX_FLAGS_RELEASE:|CMAKE_CXX_COMPILER:' build/bench-native/CMakeCache.txt") ?? '';
const size = (f) => existsSync(f) ? { raw: readFileSync(f).length, gzip: gzipSync(readFileSync(f), { level: 9 }).length } : null;
const sizes = { shipped: size('build/bench-wasm/checkout-core.wasm') };
for (const v of variants.split(/\s+/).filter(Boolean)) sizes[v] = size(`build/bench-wasm-${v}/checkout-core-node.wasm`);
writeFileSync(out, JSON.stringify({
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  commit: sh('git rev-parse --short HEAD') + (sh('git status --porcelain -- shared-core wasm bench') ? ' (+ uncommitted changes)' : ''),
  cpu: field('Model name'), nproc: Number(sh('nproc')), hypervisor: field('Hypervisor vendor'),
  memory: mem ? `${(Number(mem[1]) / 1048576).toFixed(1)} GiB` : null,
  os: `${sh('. /etc/os-release && echo "$PRETTY_NAME"')}, Linux ${sh('uname -r')}`,
  cxx: sh('c++ --version | head -1'),
  native_flags: `CMAKE_BUILD_TYPE=Release: ${(/CMAKE_CXX_FLAGS_RELEASE:STRING=(.*)/.exec(cache) ?? [])[1] ?? '-O3 -DNDEBUG'} -std=c++17 (no -march: baseline x86-64)`,
  emcc: sh('emcc --version | head -1'),
  wasm_flags: 'compile -Oz -flto, link -O3 -flto, -fwasm-exceptions, -sALLOW_MEMORY_GROWTH=1 --bind -sDYNAMIC_EXECUTION=0 -sMODULARIZE=1',
  node: process.version, benchmark: sh("dpkg-query -W -f='${Version}' libbenchmark-dev"), wrk: sh("dpkg-query -W -f='${Version}' wrk"),
  reps: Number(reps), rounds: Number(rounds), native_cmd: `core_bench --benchmark_repetitions=${reps} --benchmark_min_time=${minTime}`,
  loadavg_start: JSON.parse(loadStart), wasm_sizes: sizes,
}, null, 1));
JS
}

step "npm packages" npm_packages
step "native build (build/bench-native)" build_native
step "wasm build (build/bench-wasm)" build_wasm
[ -n "$variants" ] && step "wasm variants ($variants)" build_variants
step "workloads (build/bench-data)" node bench/workloads.mjs
((callgrind)) && step "instruction counts (callgrind)" callgrind_counts
for round in $(seq "$rounds"); do
  step "native benchmarks, round $round" native_bench "$round"
  step "wasm under node, round $round" node bench/node_bench.mjs --reps "$reps" --min-batch-ms "$min_batch" --out "$results/node.r$round.json"
  [ -n "$variants" ] && step "wasm variants under node, round $round" node_variants "$round"
  # Time to first quote once, in the last round.
  first_quote=--skip-first-quote
  ((round == rounds)) && first_quote=""
  step "Chromium, round $round" node bench/browser/run.mjs --reps "$reps" --min-batch-ms "$min_batch" --loads "$loads" \
    $first_quote --out "$results/chromium.r$round.json"
done
# First priced cart at 4x CPU on Slow/Fast 4G, unbundled and bundled (web/dist).
step "web bundle (web/dist)" node scripts/build-web.mjs
step "Chromium on Slow 4G and Fast 4G" node bench/browser/network.mjs --server build/bench-native/checkout-server \
  --loads "$loads" --out "$results/network.json"
step "payload" node bench/payload.mjs --out "$results/payload.json"
step "server (wrk)" bench/server_bench.sh --duration "$duration" --out "$results/server.json"

machine_info
node -e '
  const fs = require("fs"); const f = process.argv[1];
  const m = JSON.parse(fs.readFileSync(f, "utf8"));
  m.loadavg_end = JSON.parse(process.argv[2]); m.total_seconds = Number(process.argv[3]);
  fs.writeFileSync(f, JSON.stringify(m, null, 1));' "$results/machine.json" "$(loadavg)" "$((SECONDS - start_all))"
(IFS=,; printf '[%s]\n' "${steps[*]}") >"$results/steps.json"
node bench/report.mjs --results "$results" --out docs/benchmarks.md || { echo "bench: the report failed"; exit 1; }
echo "bench: done in $((SECONDS - start_all)) s; figures in docs/benchmarks.md, raw results in $results/"
