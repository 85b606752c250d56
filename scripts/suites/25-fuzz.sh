# Fuzzing, bounded (issue 6): every crash input kept in fuzz/regressions/<target>/
# is replayed, then each libFuzzer target runs a fixed number of inputs
# mutated from its checked-in seed corpus (fuzz/corpus/<target>/) with a fixed
# seed, so a run is reproducible. New inputs go to a scratch directory; the
# checked-in corpus is never written. Long runs: scripts/fuzz.sh.
# The targets link the sanitized, coverage-instrumented libraries of build/asan
# (built here if 20-sanitizers.sh has not already); build: build/fuzz-ci.
# Env: FUZZ_RUNS (default 20000 per target; the server target a quarter).
set -euo pipefail
cd "$(dirname "$0")/../.."
asan=${CHECKOUT_ASAN_DIR:-build/asan}
dir=build/fuzz-ci
runs=${FUZZ_RUNS:-20000}

bash scripts/suites/20-sanitizers.sh --build-only
cmake -S fuzz -B "$dir" -DCMAKE_CXX_COMPILER=clang++ -DFUZZ_OPT_LEVEL=0 -DFUZZ_LIBS_FROM="$PWD/$asan" >/dev/null
cmake --build "$dir" -j 2

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
symbolizer=$(command -v llvm-symbolizer || ls /usr/lib/llvm-14/bin/llvm-symbolizer 2>/dev/null || true)
export ASAN_SYMBOLIZER_PATH=$symbolizer

# The lines of a libFuzzer log that say what broke and where (our frames only).
excerpt() {
  grep -E 'Running:|ERROR|runtime error|what\(\)|oracle violated|SUMMARY|in (checkout|server|http|fuzz)::|LLVMFuzzerTestOneInput' "$1" \
    | sed -E 's/nlohmann::json_abi_v[0-9_]+::basic_json<[^>]*>*//g' | head -n 40
}

status=0
while read -r target dict max_len target_runs; do
  fuzzer="$dir/${target}_fuzzer"
  # 1. Every regression input must pass (libFuzzer runs each file once).
  mapfile -t regressions < <(find "fuzz/regressions/$target" -type f ! -name '*.md' 2>/dev/null | sort)
  if ((${#regressions[@]})); then
    echo "== $target: replaying ${#regressions[@]} regression inputs"
    "$fuzzer" "${regressions[@]}" >"$dir/$target.replay.log" 2>&1 \
      || { echo "FAILED: a regression input of $target crashes again (log $dir/$target.replay.log):"; excerpt "$dir/$target.replay.log"; status=1; }
  fi
  # 2. A bounded run from the seed corpus.
  scratch="$dir/scratch/$target" artifacts="$dir/artifacts/$target/"
  rm -rf "$scratch" "$artifacts" && mkdir -p "$scratch" "$artifacts"
  echo "== $target: $target_runs runs from fuzz/corpus/$target"
  if "$fuzzer" -seed=1 -runs="$target_runs" -max_total_time=240 -len_control=0 -timeout=20 -rss_limit_mb=2048 \
      -max_len="$max_len" -dict="fuzz/dict/$dict" -artifact_prefix="$artifacts" -print_final_stats=1 \
      "$scratch" "fuzz/corpus/$target" >"$dir/$target.log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::new_units_added)' "$dir/$target.log" | tr '\n' ' '; echo
  else
    echo "FAILED: $target found a crash (input in $artifacts; log $dir/$target.log):"
    excerpt "$dir/$target.log"
    echo "Fix it, then keep the input: cp $artifacts<crash file> fuzz/regressions/$target/"
    status=1
  fi
done <<EOF
quote_request json.dict 16384 $runs
catalog_load json.dict 16384 $runs
http_request_parser http.dict 4096 $runs
server_request json.dict 8192 $((runs / 4))
EOF
exit $status
