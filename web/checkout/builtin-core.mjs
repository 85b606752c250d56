// The pricing core compiled into the bundle (scripts/build-web.mjs registers
// it before the element is defined). The development sources register none
// and load the core from the server's /wasm/ at run time instead.
let loader = null;

export function registerBuiltInCore(load) {
  loader = load;
}

// () => Promise<core>, or null when this build has no core inside.
export function builtInCore() {
  return loader;
}
