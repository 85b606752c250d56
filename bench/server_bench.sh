#!/usr/bin/env bash
# Server throughput on loopback with wrk: POST /api/quote, then POST /api/orders
# with a unique Idempotency-Key per request (bench/wrk-post.lua), against the
# bench-only merchant of bench/workloads.mjs (the demo catalog with stock no
# run can exhaust) in a fresh SQLite database. Orders run twice: the default
# durability (synchronous=NORMAL: survives a process crash) and --durable-sync
# (synchronous=FULL: an fsync per commit). Peak RSS is VmHWM from /proc.
# wrk runs on the same machine as the server and takes CPU from it.
#
#   bench/server_bench.sh [--server build/bench-native/checkout-server] [--data build/bench-data]
#       [--out build/bench-results/server.json] [--duration 10] [--connections 16] [--threads 2] [--workers 4]
set -euo pipefail
cd "$(dirname "$0")/.."
server=build/bench-native/checkout-server data=build/bench-data out=build/bench-results/server.json
duration=10 connections=16 threads=2 workers=4
while (($#)); do
  case $1 in
    --server) server=$2 ;; --data) data=$2 ;; --out) out=$2 ;; --duration) duration=$2 ;;
    --connections) connections=$2 ;; --threads) threads=$2 ;; --workers) workers=$2 ;;
    *) echo "server_bench: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
command -v wrk >/dev/null || { echo "server_bench: wrk is not installed (Debian package wrk)" >&2; exit 1; }
[ -x "$server" ] || { echo "server_bench: no $server" >&2; exit 1; }
[ -f "$data/server/catalog.json" ] || { echo "server_bench: no $data/server (run node bench/workloads.mjs)" >&2; exit 1; }

tmp=$(mktemp -d)
pid=""
stop_server() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT
bench_password="bench admin password $RANDOM$RANDOM"
printf '%s\n' "$bench_password" >"$tmp/staff-password"

start_server() {  # start_server NAME [extra flags...]: sets pid and base
  local name=$1; shift
  "$server" --port 0 --db "$tmp/$name.db" --data "$data/server/catalog.json" --workers "$workers" \
    --create-staff admin:bench-admin --staff-password-file "$tmp/staff-password" "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  for _ in $(seq 300); do
    base=$(grep -o 'http://[0-9.]*:[0-9]*' "$tmp/$name.out" 2>/dev/null | head -1 || true)
    [ -n "$base" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/$name.err" >&2; echo "server_bench: server exited" >&2; exit 1; }
    sleep 0.2
  done
  echo "server_bench: server did not start" >&2; exit 1
}

rss() {  # rss FIELD: VmHWM (peak) or VmRSS of the server, in kB
  awk -v f="$1:" '$1 == f {print $2}' "/proc/$pid/status"
}

run_wrk() {  # run_wrk NAME PATH BODY [orders]: one JSON object on stdout
  local name=$1 path=$2 body=$3 mode=${4:-}
  local line
  line=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s -s bench/wrk-post.lua "$base$path" -- "$body" $mode \
         | grep '^WRK_JSON ' | sed 's/^WRK_JSON //')
  [ -n "$line" ] || { echo "server_bench: wrk printed no result for $name" >&2; exit 1; }
  printf '{"name":"%s","path":"%s","result":%s,"peak_rss_kb":%s,"rss_kb":%s}' "$name" "$path" "$line" "$(rss VmHWM)" "$(rss VmRSS)"
}

# The order body: the bench order with a client_quote the server will agree
# with (its own quote at a pinned "now", within the server's 300 s tolerance).
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
  local status
  status=$(curl -s -o "$tmp/check.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
           -H "Idempotency-Key: bench-check-$RANDOM-$$" --data-binary @"$tmp/order.json" "$base/api/orders")
  [ "$status" = 201 ] || { echo "server_bench: a test order answered $status: $(cat "$tmp/check.json")" >&2; exit 1; }
}

runs=()
start_server default
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$data/server/quote.json" "$base/api/quote")
[ "$status" = 200 ] || { echo "server_bench: /api/quote answered $status" >&2; exit 1; }
echo "server: wrk -t$threads -c$connections -d${duration}s POST /api/quote" >&2
runs+=("$(run_wrk quote /api/quote "$data/server/quote.json")")
make_order_body
echo "server: wrk -t$threads -c$connections -d${duration}s POST /api/orders (synchronous=NORMAL)" >&2
runs+=("$(run_wrk orders /api/orders "$tmp/order.json" orders)")
# The audit is admin-only: the bench server was started with a bench admin.
token=$(curl -s -H 'content-type: application/json' -d "{\"username\":\"bench-admin\",\"password\":\"$bench_password\",\"bearer\":true}" \
  "$base/api/staff/session" | node -e 'let t = ""; process.stdin.on("data", (d) => t += d).on("end", () => console.log(JSON.parse(t).token ?? ""));')
audit=$(curl -s -H "authorization: Bearer $token" "$base/api/admin/audit" | node -e '
  let t = ""; process.stdin.on("data", (d) => t += d).on("end", () => {
    try { const a = JSON.parse(t); console.log(JSON.stringify({ consistent: a.consistent, rows: a.rows, violations: (a.violations ?? []).length })); }
    catch { console.log("null"); }
  });')
stop_server

start_server durable --durable-sync
make_order_body
echo "server: wrk -t$threads -c$connections -d${duration}s POST /api/orders (--durable-sync)" >&2
runs+=("$(run_wrk orders_durable_sync /api/orders "$tmp/order.json" orders)")
stop_server

mkdir -p "$(dirname "$out")"
{
  printf '{"wrk":{"threads":%s,"connections":%s,"duration_s":%s},"server_workers":%s,"nproc":%s,' \
    "$threads" "$connections" "$duration" "$workers" "$(nproc)"
  printf '"audit_after_orders":%s,"runs":[' "${audit:-null}"
  (IFS=,; printf '%s' "${runs[*]}")
  printf ']}\n'
} >"$out"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const x of r.runs) console.log(`server ${x.name.padEnd(20)} ${x.result.requests_per_s.toFixed(0).padStart(7)} req/s  p50 ${(x.result.latency_us.p50/1000).toFixed(2)} ms  p99 ${(x.result.latency_us.p99/1000).toFixed(2)} ms  statuses ${JSON.stringify(x.result.statuses)}  peak RSS ${(x.peak_rss_kb/1024).toFixed(1)} MiB`);
' "$out"
