#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster, so the tests need no
# running database server (a fresh Debian 12 machine has no systemd).
#
#   scripts/lib/with-postgres.sh COMMAND [ARGS...]
#
# Starts a cluster with its data under build/pg/ (fsync off, trust auth, Unix
# socket only: no port to collide with), creates the database `checkout_test`,
# exports for COMMAND:
#   CHECKOUT_TEST_DATABASE_URL  postgresql:///checkout_test?host=SOCKDIR&port=PORT&user=postgres
#   CHECKOUT_TEST_PGDATA        the cluster's data directory
#   PGHOST PGPORT PGUSER PGDATABASE  the same, for psql and libpq defaults
# runs COMMAND, stops the cluster even when COMMAND fails, and exits with
# COMMAND's status. Exit 127 (before running COMMAND) if PostgreSQL is not
# installed or the cluster does not start.
#
# If CHECKOUT_TEST_DATABASE_URL is already set, COMMAND runs against it as is.
#
#   scripts/lib/with-postgres.sh --ctl ACTION
# runs `pg_ctl ACTION` (stop, start, restart) on the cluster named by
# CHECKOUT_TEST_PGDATA, as the right user: for tests that restart the database.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null)
    [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

# initdb and the server refuse to run as root: run them as `postgres` then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bindir=$(find_bindir) || { echo "with-postgres: PostgreSQL is not installed (Debian: postgresql-15)" >&2; exit 127; }

if [ "${1:-}" = "--ctl" ]; then
  [ -n "${CHECKOUT_TEST_PGDATA:-}" ] || { echo "with-postgres --ctl: CHECKOUT_TEST_PGDATA is not set" >&2; exit 2; }
  as_owner "$bindir/pg_ctl" -D "$CHECKOUT_TEST_PGDATA" -w -l "$CHECKOUT_TEST_PGDATA/server.log" "${@:2}" >/dev/null
  exit $?
fi

[ $# -ge 1 ] || { echo "usage: with-postgres.sh COMMAND [ARGS...] | --ctl ACTION" >&2; exit 2; }

if [ -n "${CHECKOUT_TEST_DATABASE_URL:-}" ]; then
  "$@"
  exit $?
fi

mkdir -p "$root/build/pg"
base=$(mktemp -d "$root/build/pg/run-XXXXXX")
data="$base/data"
# A Unix socket path is limited to 107 bytes: fall back to /tmp for deep checkouts.
sock="$base"
if [ ${#sock} -gt 80 ]; then sock=$(mktemp -d /tmp/pgsock-XXXXXX); fi
port=5432
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$base" "$sock"; fi
chmod 755 "$base" "$sock"  # the socket is reached through them; data/ itself is 0700

cleanup() {
  as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$base"
  [ "$sock" = "$base" ] || rm -rf "$sock"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2; cat "$base/initdb.log" >&2; exit 127
fi
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$sock'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
if ! as_owner "$bindir/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" start >/dev/null; then
  echo "with-postgres: the server did not start:" >&2; cat "$data/server.log" >&2; exit 127
fi
if ! as_owner "$bindir/psql" -h "$sock" -p "$port" -U postgres -d postgres -qAt \
     -c "CREATE DATABASE checkout_test" >/dev/null; then
  echo "with-postgres: could not create the test database" >&2; exit 127
fi

export CHECKOUT_TEST_DATABASE_URL="postgresql:///checkout_test?host=$sock&port=$port&user=postgres"
export CHECKOUT_TEST_PGDATA="$data"
export PGHOST="$sock" PGPORT="$port" PGUSER=postgres PGDATABASE=checkout_test
"$@"
status=$?
exit $status
