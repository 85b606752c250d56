# AddressSanitizer + UndefinedBehaviorSanitizer (issue 6): the native unit
# tests (core, HTTP transport, server application), the golden vectors and a
# random parity sample through the sanitized native CLI, and the server's own
# tests (tests/server) against the sanitized server. Build: build/asan
# (clang, -DCHECKOUT_SANITIZE=ON, -O0 to keep the build short), compiled with
# coverage instrumentation too (-fsanitize=fuzzer-no-link) so that
# scripts/suites/25-fuzz.sh links its fuzz targets against the same objects.
# Any sanitizer report, even one at process exit (leaks), fails the suite:
# reports go to build/asan/sanitizer-logs/ and are printed at the end.
#   --build-only   configure and build, run nothing (used by 25-fuzz.sh)
# Env: CHECKOUT_ASAN_DIR (default build/asan), PARITY_COUNT (default 2000).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${CHECKOUT_ASAN_DIR:-build/asan}

cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER=clang++ -DCHECKOUT_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
cmake --build "$dir" -j 2 --target core_unit_tests http_tests server_unit_tests checkout-cli checkout-server
[ "${1:-}" = --build-only ] && exit 0

logs="$PWD/$dir/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
symbolizer=$(command -v llvm-symbolizer || ls /usr/lib/llvm-14/bin/llvm-symbolizer 2>/dev/null || true)
export ASAN_SYMBOLIZER_PATH=$symbolizer
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
export NODE_PATH=/usr/share/nodejs

status=0
# Unit tests and the native side of golden + parity (the parity tests compare
# with build/wasm; 2000 random requests are plenty to find memory errors).
export PARITY_COUNT=${PARITY_COUNT:-2000}
ctest --test-dir "$dir" --output-on-failure -j 2 \
  -R '^(core_unit_tests|http_tests|server_unit_tests|parity_golden|parity_parity)$' || status=1

# The server's own tests (tests/server) against the sanitized server.
if compgen -G "tests/server/*.test.mjs" >/dev/null; then
  CHECKOUT_SERVER="$PWD/$dir/checkout-server" node --test --test-concurrency=1 tests/server/ || status=1
fi

if compgen -G "$logs/*" >/dev/null; then
  echo "sanitizer reports:"
  for f in "$logs"/*; do echo "--- $f"; head -c 20000 "$f"; done
  status=1
fi
exit $status
