#!/usr/bin/env bash
# Builds the core's Embind module for node at another optimisation level than
# the shipped one (wasm/CMakeLists.txt: -Oz -flto), into build/bench-wasm-<LEVEL>/,
# so scripts/bench.sh can show what the size-first choice costs in speed.
# Same sources and link settings as the shipped node module; only the
# optimisation flags differ (and no LTO, which would only lengthen the link).
#
#   bench/wasm_variant.sh O2     # -> build/bench-wasm-O2/checkout-core-node.{cjs,wasm}
set -euo pipefail
cd "$(dirname "$0")/.."
level=${1:?usage: bench/wasm_variant.sh O2|O3|Os}
out=build/bench-wasm-$level
export NODE_PATH=/usr/share/nodejs   # emscripten's optimiser needs Debian's acorn
mkdir -p "$out/obj" "$out/include"
[ -d "$out/include/nlohmann" ] || cp -r /usr/include/nlohmann "$out/include/"   # never -I/usr/include for wasm
flags=(-"$level" -fwasm-exceptions -std=c++17 -DNDEBUG -DJSON_USE_IMPLICIT_CONVERSIONS=0
       -Ishared-core/include -Ishared-core/src -I"$out/include")
objects=()
for src in shared-core/src/*.cpp wasm/bindings.cpp; do
  obj=$out/obj/$(basename "$src" .cpp).o
  objects+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
    em++ "${flags[@]}" -c "$src" -o "$obj" &
    while (( $(jobs -rp | wc -l) >= 2 )); do wait -n; done
  fi
done
wait
em++ -"$level" -fwasm-exceptions -sALLOW_MEMORY_GROWTH=1 \
  '-sINCOMING_MODULE_JS_API=[wasmBinary,locateFile,print,printErr,noExitRuntime,arguments,thisProgram,quit,onExit]' \
  --bind -sFILESYSTEM=0 -sMODULARIZE=1 -sEXPORT_NAME=createCheckoutCore -sDYNAMIC_EXECUTION=0 -sENVIRONMENT=node \
  "${objects[@]}" -o "$out/checkout-core-node.cjs"
echo "wasm variant -$level: $out/checkout-core-node.wasm ($(stat -c %s "$out/checkout-core-node.wasm") bytes)"
