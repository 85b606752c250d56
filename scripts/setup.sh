#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian 12 machine and
# builds the native and wasm targets. Idempotent: re-running only rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."

# libclang-rt-14-dev: clang's ASan/UBSan and libFuzzer runtimes (only recommended by clang).
# zlib1g-dev, libbrotli-dev (found with pkg-config): the server's gzip and brotli responses.
# libsodium-dev (pkg-config): staff passwords (Argon2id), session tokens and their hashes.
# postgresql-15, libpq-dev (pkg-config libpq): the PostgreSQL storage backend and the throwaway
# cluster the tests start (scripts/lib/with-postgres.sh).
# nginx: the load balancer in front of several instances (deploy/nginx/, tests/fleet/).
packages=(build-essential cmake clang lld libclang-rt-14-dev emscripten nlohmann-json3-dev libgtest-dev libbenchmark-dev
          librapidcheck-dev libsqlite3-dev chromium wrk pkg-config zlib1g-dev libbrotli-dev libsodium-dev
          postgresql-15 libpq-dev nginx)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Emscripten 3.1.6's optimiser needs acorn from Debian's node modules.
export NODE_PATH=/usr/share/nodejs

jobs=$(nproc)
echo "==> native build (build/native)"
cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs"
echo "==> wasm build (build/wasm)"
cmake --preset wasm >/dev/null
cmake --build --preset wasm -j "$jobs"

if [ -f package.json ]; then
  echo "==> npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi

# The merchant bundle (web/dist/: one minified module with the core's JS, the
# content-hashed .wasm, manifest.json with the integrity values).
echo "==> web bundle (web/dist)"
node scripts/build-web.mjs
