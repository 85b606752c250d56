# The validating server (issue 3) against the real release binary on loopback
# with temporary databases: tamper, oversell and coupon races, idempotency,
# kill -9 crash recovery, live events, store operations, rate limits, hostile HTTP.
set -euo pipefail
cd "$(dirname "$0")/../.."
CHECKOUT_SERVER="$PWD/build/native/checkout-server" node --test --test-concurrency=1 tests/server/
