#!/usr/bin/env bash
# Throughput of several instances on one database (issue 13): POST /api/quote
# and POST /api/orders (a unique Idempotency-Key each, bench/wrk-post.lua)
# through nginx (deploy/nginx/, round robin) in front of 1, 2 and 3 instances
# on PostgreSQL, and 1, 2, 3 instances on one SQLite file, with the bench-only
# merchant of bench/workloads.mjs (stock no run exhausts). Each configuration
# gets a fresh database. Everything (wrk, nginx, PostgreSQL, the instances)
# runs on this machine and shares its CPUs. Not a test: it asserts nothing.
#
#   bench/fleet_bench.sh [--server build/native/checkout-server] [--data build/bench-data]
#       [--out build/bench-results/fleet.json] [--duration 10] [--connections 32] [--workers 4]
#
# PostgreSQL comes from scripts/lib/with-postgres.sh (the script re-runs
# itself under it when CHECKOUT_TEST_DATABASE_URL is unset); the PostgreSQL
# rows are left out when the server was built without the PostgreSQL backend.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${CHECKOUT_TEST_DATABASE_URL:-}" ] && [ -z "${FLEET_BENCH_NO_PG:-}" ]; then
  exec scripts/lib/with-postgres.sh "$0" "$@"
fi
server=build/native/checkout-server data=build/bench-data out=build/bench-results/fleet.json
duration=10 connections=32 workers=4
while (($#)); do
  case $1 in
    --server) server=$2 ;; --data) data=$2 ;; --out) out=$2 ;; --duration) duration=$2 ;;
    --connections) connections=$2 ;; --workers) workers=$2 ;;
    *) echo "fleet_bench: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
export PATH="$PATH:/usr/sbin"
command -v wrk >/dev/null || { echo "fleet_bench: wrk is not installed" >&2; exit 1; }
command -v nginx >/dev/null || { echo "fleet_bench: nginx is not installed" >&2; exit 1; }
[ -x "$server" ] || { echo "fleet_bench: no $server" >&2; exit 1; }
[ -f "$data/server/catalog.json" ] || node bench/workloads.mjs --out "$data" >/dev/null

tmp=$(mktemp -d)
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$tmp"' EXIT

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

start_instance() {  # start_instance NAME DB: appends to pids and instances
  local name=$1 db=$2
  "$server" --port 0 --db "$db" --data "$data/server/catalog.json" --workers "$workers" --trusted-proxy 127.0.0.1 \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  local pid=$! url=""
  for _ in $(seq 300); do
    url=$(grep -o 'http://[0-9.]*:[0-9]*' "$tmp/$name.out" 2>/dev/null | head -1 || true)
    [ -n "$url" ] && { instances+=("${url#http://}"); return 0; }
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/$name.err" >&2; echo "fleet_bench: $name exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "fleet_bench: $name did not start" >&2; exit 1
}

start_nginx() {  # start_nginx NAME: sets base
  local port; port=$(free_port)
  deploy/nginx/render.sh "$tmp/nginx-$1" "$port" "${instances[@]}"
  nginx -p "$tmp/nginx-$1" -c conf/nginx.conf -e logs/error.log 2>>"$tmp/nginx-$1.err" &
  pids+=($!)
  base="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -sf "$base/api/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "fleet_bench: nginx did not start" >&2; exit 1
}

make_order_body() {
  node --input-type=module - "$base" "$data/server/order.json" "$tmp/order.json" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
const [base, orderFile, outFile] = process.argv.slice(2);
const order = JSON.parse(readFileSync(orderFile, 'utf8'));
order.context.now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const r = await fetch(`${base}/api/quote`, { method: 'POST', body: JSON.stringify({ cart: order.cart, context: order.context, customer: { email: order.customer.email } }) });
const quote = await r.json();
if (r.status !== 200) throw new Error(`quote for the order: ${r.status} ${JSON.stringify(quote)}`);
order.client_quote = { fingerprint: quote.fingerprint, grand_total: quote.binding.totals.grand_total, binding: quote.binding };
writeFileSync(outFile, JSON.stringify(order));
JS
}

run_wrk() {  # run_wrk PATH BODY [orders]: the WRK_JSON object
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s bench/wrk-post.lua "$base$1" -- "$2" ${3:-} \
    | grep '^WRK_JSON ' | sed 's/^WRK_JSON //'
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
runs=()
measure() {  # measure BACKEND N: N instances on a fresh database, nginx in front
  local backend=$1 n=$2 db
  if [ "$backend" = postgresql ]; then
    local name="bench_${n}_$$_$RANDOM"
    psql -qAt -d postgres -c "CREATE DATABASE $name" >/dev/null
    db=$(printf '%s' "$CHECKOUT_TEST_DATABASE_URL" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\\1$name#")
  else
    db="$tmp/sqlite-$n.db"
  fi
  instances=()
  start_instance "$backend-$n-0" "$db"  # creates the schema alone
  for ((i = 1; i < n; ++i)); do start_instance "$backend-$n-$i" "$db"; done
  start_nginx "$backend-$n"
  echo "fleet_bench: $backend x$n quotes" >&2
  local quotes; quotes=$(run_wrk /api/quote "$data/server/quote.json")
  make_order_body
  echo "fleet_bench: $backend x$n orders" >&2
  local orders; orders=$(run_wrk /api/orders "$tmp/order.json" orders)
  runs+=("{\"backend\":\"$backend\",\"instances\":$n,\"quotes\":$quotes,\"orders\":$orders}")
  stop_all
}

backends=(sqlite)
help=$("$server" --help)
if [ -n "${CHECKOUT_TEST_DATABASE_URL:-}" ] && [[ $help == *postgresql://* ]]; then backends=(postgresql sqlite); fi
for backend in "${backends[@]}"; do
  for n in 1 2 3; do measure "$backend" "$n"; done
done

mkdir -p "$(dirname "$out")"
{
  printf '{"at":"%s","commit":"%s","nproc":%s,"load_start":"%s","load_end":"%s","cpu":"%s","wrk":{"threads":2,"connections":%s,"duration_s":%s},"workers":%s,"runs":[' \
    "$(date -u +%FT%TZ)" "$(git rev-parse --short HEAD)" "$(nproc)" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" "$connections" "$duration" "$workers"
  (IFS=,; printf '%s' "${runs[*]}")
  printf ']}\n'
} >"$out"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const x of r.runs) {
    const f = (w) => `${w.requests_per_s.toFixed(0).padStart(6)}/s p99 ${(w.latency_us.p99 / 1000).toFixed(1).padStart(6)} ms ${JSON.stringify(w.statuses)}`;
    console.log(`${x.backend.padEnd(10)} x${x.instances}  quotes ${f(x.quotes)}  orders ${f(x.orders)}`);
  }
' "$out"
