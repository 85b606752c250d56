#!/usr/bin/env bash
# Fuzz as long as you like (issue 6). Builds the libFuzzer targets of fuzz/
# (clang, ASan + UBSan, -O1) in build/fuzz and runs them, one after the other
# or side by side, each for SECONDS, starting from the checked-in seeds.
#
#   scripts/fuzz.sh                        # every target, 10 minutes each
#   scripts/fuzz.sh -t 3600 quote_request  # one target for an hour
#   scripts/fuzz.sh -t 28800 -j 2          # all targets, 2 at a time, 8 h each
#   scripts/fuzz.sh --merge quote_request  # fold new finds into fuzz/corpus/
#
# Targets: quote_request catalog_load http_request_parser server_request
# Working corpora grow in build/fuzz-corpus/<target>/ across runs (seeded from
# fuzz/corpus/<target>/); crashes land in build/fuzz-artifacts/<target>/.
# Every crash becomes a regression: fix the bug, then
#   cp build/fuzz-artifacts/<target>/crash-... fuzz/regressions/<target>/
# and scripts/suites/25-fuzz.sh replays it in every test run. A line per run
# is appended to build/fuzz-runs.log (target, seconds, executions, crashes).
# FUZZ_BUILD_DIR overrides the build directory (default build/fuzz).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=600 jobs=1 merge=0 targets=()
while (($#)); do
  case $1 in
    -t|--time) seconds=$2; shift 2 ;;
    -j|--jobs) jobs=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=(quote_request catalog_load http_request_parser server_request)

declare -A dict=([quote_request]=json [catalog_load]=json [http_request_parser]=http [server_request]=json)
declare -A max_len=([quote_request]=16384 [catalog_load]=16384 [http_request_parser]=4096 [server_request]=8192)

build=${FUZZ_BUILD_DIR:-build/fuzz}
cmake -S fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DFUZZ_OPT_LEVEL=1 >/dev/null || exit 1
cmake --build "$build" -j 2 || exit 1

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_one() {
  local t=$1 corpus=build/fuzz-corpus/$1 artifacts=build/fuzz-artifacts/$1/ log=build/fuzz-logs/$1.log
  [ -n "${dict[$t]:-}" ] || { echo "unknown target $t"; return 2; }
  mkdir -p "$corpus" "$artifacts" build/fuzz-logs
  if ((merge)); then
    # Keep only inputs that add coverage to the checked-in seeds.
    "$build/${t}_fuzzer" -merge=1 -max_len="${max_len[$t]}" "fuzz/corpus/$t" "$corpus" >"$log" 2>&1
    echo "$t: merged; review and commit fuzz/corpus/$t"
    return 0
  fi
  echo "$t: fuzzing for $seconds s (log $log)"
  # -fork keeps going after a crash (each one saved), so a long run is not
  # stopped by the first finding; -ignore_crashes needs -fork.
  "$build/${t}_fuzzer" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -len_control=0 -timeout=20 -rss_limit_mb=2048 -max_len="${max_len[$t]}" \
    -dict="fuzz/dict/${dict[$t]}.dict" -artifact_prefix="$artifacts" -print_final_stats=1 \
    "$corpus" "fuzz/corpus/$t" >"$log" 2>&1
  local execs crashes
  execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  crashes=$(find "$artifacts" -type f | wc -l)
  echo "$(date -u +%FT%TZ) $t seconds=$seconds executions=${execs:-?} artifacts=$crashes" | tee -a build/fuzz-runs.log
}

running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  if ((++running >= jobs)); then wait -n; ((running--)); fi
done
wait
if find build/fuzz-artifacts -type f 2>/dev/null | grep -q .; then
  echo "findings (reproduce: $build/<target>_fuzzer FILE):"
  find build/fuzz-artifacts -type f | sort
  exit 1
fi
