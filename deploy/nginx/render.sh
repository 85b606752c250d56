#!/usr/bin/env bash
# Writes an nginx prefix directory for the instances given:
#   deploy/nginx/render.sh DIR LISTEN_PORT HOST:PORT [HOST:PORT...]
# then run: nginx -p DIR -c conf/nginx.conf   (foreground; stop with SIGQUIT or SIGTERM)
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: render.sh DIR LISTEN_PORT HOST:PORT..." >&2; exit 2; }
dir=$1 listen=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir/conf" "$dir/logs" "$dir/temp"
upstreams=""
for instance in "$@"; do
  upstreams+="    server $instance max_fails=1 fail_timeout=5s;"$'\n'
done
awk -v listen="$listen" -v upstreams="${upstreams%$'\n'}" \
  '{ gsub(/@LISTEN@/, listen); if ($0 == "@UPSTREAMS@") print upstreams; else print }' \
  "$here/nginx.conf.template" >"$dir/conf/nginx.conf"
