#!/usr/bin/env bash
# Builds the core's Embind modules (node .cjs and browser .mjs, with the JS API
# beside them) with other optimisation flags than the shipped ones
# (wasm/CMakeLists.txt), into build/bench-wasm-<NAME>/, so the speed and bytes
# of each choice can be compared (scripts/bench.sh, docs/benchmarks.md).
# Same sources and link settings as the shipped modules; only these differ:
#
#   O2 | O3 | Os | Oz   every unit and the link at that level, no LTO
#   lto-<L>             every unit -Oz -flto, link at -<L> (lto-Oz: the build before the -O3 link;
#                       the shipped one is lto-O3 with WASM_VARIANT_LINK_FLAGS="-sMALLOC=emmalloc
#                       -sBINARYEN_EXTRA_PASSES=--flexible-inline-max-function-size=14")
#   hotlto-<H>-<L>      units of wasm/hot-units.txt -<H> -flto, the rest -Oz -flto; link -<L>
#   hot-<H>-<L>         hot units -<H> without LTO (LLVM finishes them at compile time), the rest -Oz -flto; link -<L>
# e.g. lto-Os, hotlto-O3-O3, hot-O3-Oz. With LTO, Emscripten 3.1.6 leaves wasm-ld's
# LTO at its default (O2, honouring each function's -Oz/-O3 attributes); the
# link's -O level selects Binaryen's whole-module optimisation.
#
# WASM_VARIANT_LINK_FLAGS="..." adds link flags (name the variant for them, e.g.
# lto-O3-emmalloc with -sMALLOC=emmalloc: a fourth part of the name is free text).
# WASM_HOT_UNITS=FILE: another list of hot units than wasm/hot-units.txt (name the variant for it too).
# WASM_VARIANT_NODE_ONLY=1 links only the node module (what bench/node_bench.mjs needs).
# Objects are kept per flag set in build/bench-wasm-obj/, so variants share them.
#   bench/wasm_variant.sh hot-O3-Oz   # -> build/bench-wasm-hot-O3-Oz/checkout-core{,-node}.{mjs,cjs,wasm}
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/wasm_variant.sh O2 | lto-Oz | hotlto-O3-O3 | hot-O3-Oz ... (see above)}
out=build/bench-wasm-$name
export NODE_PATH=/usr/share/nodejs   # emscripten's optimiser needs Debian's acorn

hot_flags= ; rest_flags= ; link_flags=
level() { case $1 in O[0-3sz]) echo "-$1" ;; *) echo "bad level $1 in $name" >&2; exit 2 ;; esac; }
IFS=- read -r kind a b _ <<<"$name"
case $kind in
  O[0-3sz]) hot_flags="-$kind"; rest_flags="-$kind"; link_flags="-$kind" ;;
  lto) hot_flags="-Oz -flto"; rest_flags="-Oz -flto"; link_flags="$(level "$a") -flto" ;;
  hotlto) hot_flags="$(level "$a") -flto"; rest_flags="-Oz -flto"; link_flags="$(level "$b") -flto" ;;
  hot) hot_flags="$(level "$a")"; rest_flags="-Oz -flto"; link_flags="$(level "$b") -flto" ;;
  *) echo "unknown variant $name" >&2; exit 2 ;;
esac
mapfile -t hot_units < <(grep -v '^#' "${WASM_HOT_UNITS:-wasm/hot-units.txt}" | sed '/^$/d')
is_hot() { local u; for u in "${hot_units[@]}"; do [ "$u" = "$1" ] && return 0; done; return 1; }

include=build/bench-wasm-obj/include
mkdir -p "$include" "$out"
[ -d "$include/nlohmann" ] || cp -r /usr/include/nlohmann "$include/"   # never -I/usr/include for wasm
common=(-fwasm-exceptions -std=c++17 -DNDEBUG -DJSON_USE_IMPLICIT_CONVERSIONS=0
        -Ishared-core/include -Ishared-core/src -I"$include")
objects=()
for src in shared-core/src/*.cpp wasm/bindings.cpp; do
  if is_hot "$src"; then flags=$hot_flags; else flags=$rest_flags; fi
  dir=build/bench-wasm-obj/$(echo "$flags" | tr -d ' ')
  mkdir -p "$dir"
  obj=$dir/$(basename "$src" .cpp).o
  objects+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
    # shellcheck disable=SC2086
    em++ $flags "${common[@]}" -c "$src" -o "$obj" &
    while (( $(jobs -rp | wc -l) >= 2 )); do wait -n; done
  fi
done
wait
link=(-fwasm-exceptions -sALLOW_MEMORY_GROWTH=1
      '-sINCOMING_MODULE_JS_API=[wasmBinary,locateFile,print,printErr,noExitRuntime,arguments,thisProgram,quit,onExit]'
      --bind -sFILESYSTEM=0 -sMODULARIZE=1 -sEXPORT_NAME=createCheckoutCore -sDYNAMIC_EXECUTION=0)
# shellcheck disable=SC2086
em++ $link_flags ${WASM_VARIANT_LINK_FLAGS:-} "${link[@]}" -sENVIRONMENT=node "${objects[@]}" -o "$out/checkout-core-node.cjs"
# shellcheck disable=SC2086
[ -n "${WASM_VARIANT_NODE_ONLY:-}" ] || em++ $link_flags ${WASM_VARIANT_LINK_FLAGS:-} "${link[@]}" -sEXPORT_ES6=1 -sENVIRONMENT=web "${objects[@]}" -o "$out/checkout-core.mjs"
cp wasm/js/checkout.mjs wasm/js/node.mjs wasm/js/package.json "$out/"
echo "wasm variant $name: $out/checkout-core-node.wasm ($(stat -c %s "$out/checkout-core-node.wasm") bytes)"
