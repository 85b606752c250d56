// Node entry point: the same API as checkout.mjs, loading the CommonJS build
// (checkout-core-node.cjs) and handing it the .wasm bytes, because the ES6
// build does not load under node with this Emscripten (see wasm/README.md).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { loadCheckoutCore as loadWith } from './checkout.mjs';

export { CheckoutError } from './checkout.mjs';

export async function loadCheckoutCore(options = {}) {
  const require = createRequire(import.meta.url);
  return loadWith({
    factory: require('./checkout-core-node.cjs'),
    wasmBinary: readFileSync(new URL('./checkout-core-node.wasm', import.meta.url)),
    ...options,
  });
}
