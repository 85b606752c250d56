# Several server instances on one database behind nginx (issue 13):
# oversell, coupon and idempotency races across instances, live stock
# between instances, kill -9 of an instance, a database restart under load,
# staff sessions, sign-in links, revokes and sign-in throttling across
# instances; first the PostgreSQL change feed, coupon guard and sign-in
# throttle on their own (gtest).
# PostgreSQL is started for the suite (scripts/lib/with-postgres.sh) and
# stopped after. Without PostgreSQL or nginx the suite fails under CI=true
# and is skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
for f in build/native/checkout-server build/native/tests/server_unit/server_unit_tests; do
  [ -x "$f" ] || { echo "fleet: missing $f"; exit 1; }
done
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql-15)
if ((${#missing[@]})); then
  echo "fleet: not installed: ${missing[*]} (scripts/setup.sh installs them)"
  [ "${CI:-}" = true ] && exit 1
  echo "fleet: SKIPPED (set CI=true to make this a failure)"; exit 0
fi
export PATH="$PATH:/usr/sbin"
export CHECKOUT_SERVER="$PWD/build/native/checkout-server"
# The PostgreSQL change feed, coupon guard and sign-in throttle alone, then the fleet.
CHECKOUT_TEST_REQUIRE_POSTGRES=1 exec scripts/lib/with-postgres.sh bash -c \
  'build/native/tests/server_unit/server_unit_tests --gtest_filter="PostgresChangeFeed.*:PostgresCouponGuard.*:PostgresSignInThrottle.*" && node --test --test-concurrency=1 tests/fleet/'

