# Business-logic attacks and protocol abuse (issue 6, tests/attacks/*.test.mjs)
# against the real release server (build/native/checkout-server) on loopback,
# each server under a 256 MB address-space limit (prlimit --as) with a
# temporary database; docs/security.md maps every attack to its test.
# CHECKOUT_SERVER=path runs them against another build.
set -euo pipefail
cd "$(dirname "$0")/../.."
server=${CHECKOUT_SERVER:-build/native/checkout-server}
[ -x "$server" ] || { echo "attacks: $server is not built (run scripts/setup.sh)"; exit 1; }
command -v prlimit >/dev/null || { echo "attacks: prlimit (util-linux) is missing"; exit 1; }
# 5000 idle connections need as many descriptors on both ends.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
CHECKOUT_SERVER="$server" exec node --test --test-concurrency=1 tests/attacks/
