#!/usr/bin/env bash
# checkout-server on PostgreSQL for test suites written for SQLite: stands in
# for the binary (CHECKOUT_SERVER=scripts/lib/pg-checkout-server.sh) and
# turns `--db DIR/FILE` into a database of the cluster with-postgres.sh
# started, one per DIR (a restart on the same DIR finds its data again); the
# staff accounts live in that database too. Every other argument passes through.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${CHECKOUT_TEST_DATABASE_URL:?run under scripts/lib/with-postgres.sh}"
binary="${CHECKOUT_SERVER_BINARY:-$root/build/native/checkout-server}"
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--db" ] && [ $# -ge 2 ]; then
    dir=$(dirname "$2")
    name="t_$(printf '%s' "$dir" | md5sum | cut -c1-20)"
    if [ -z "$(psql -d postgres -qAtc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
      psql -d postgres -qAtc "CREATE DATABASE $name" >/dev/null
    fi
    args+=(--db "postgresql:///$name?${CHECKOUT_TEST_DATABASE_URL#*\?}")
    shift 2
    continue
  fi
  args+=("$1")
  shift
done
exec "$binary" "${args[@]}"
