#!/usr/bin/env bash
# Runs every test of the project: sets the machine up and builds first
# (scripts/setup.sh), then each suite in turn. A failing suite does not stop
# the others; the script exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || { echo "setup failed"; exit 1; }
export NODE_PATH=/usr/share/nodejs

passed=0; failed=0; failures=()
suite() {  # suite NAME COMMAND...
  local name=$1; shift
  echo; echo "==> $name"
  local start=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "<== $name: ok ($((SECONDS - start)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "<== $name: FAILED ($((SECONDS - start)) s)"; fi
}

for s in scripts/suites/*.sh; do
  suite "$(basename "$s" .sh)" bash "$s"
done

echo
((failed)) && printf 'failed suites: %s\n' "${failures[*]}"
echo "suites: $passed passed, $failed failed"
((failed == 0))
