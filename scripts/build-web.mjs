#!/usr/bin/env node
// Builds the merchant bundle into web/dist/ (served at /web/dist/):
//   storefront-checkout.<hash>.mjs   the element, the imperative API and the core's JS, one minified ES module
//   storefront-checkout-<version>.mjs  the same bytes at a stable versioned path
//   checkout-core.<hash>.wasm        the core, fetched by the bundle with its integrity
//   locale-<tag>.<hash>.mjs          one message catalog each (all but English, which is in
//                                    the bundle), imported by the bundle when a shopper's locale needs it
//   storefront-checkout.mjs          the npm package's entry (web/package.json): re-exports the hashed bundle
//   manifest.json                    file names and sha384 integrity values for script tags and preloads
// <hash> is the first 16 hex digits of the file's SHA-256; the server sends
// such names with immutable caching. Needs build/wasm (cmake --preset wasm).
// The unbundled sources (web/storefront-checkout.mjs) stay for development.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wasmBuild = resolve(process.env.CHECKOUT_WASM_DIR ?? join(repo, 'build/wasm'));
const outDir = resolve(process.argv[2] ?? join(repo, 'web/dist'));
const { version } = JSON.parse(readFileSync(join(repo, 'web/package.json'), 'utf8'));

const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const wasmBytes = readFileSync(join(wasmBuild, 'checkout-core.wasm'));
const wasm = { file: `checkout-core.${contentHash(wasmBytes)}.wasm`, integrity: integrity(wasmBytes) };

// Runs before the element module is evaluated (imports run in order), so the
// first widget on the page already finds the core built in.
const registerCore = `
import { registerBuiltInCore } from ${JSON.stringify(join(repo, 'web/checkout/builtin-core.mjs'))};
import { loadCheckoutCore } from ${JSON.stringify(join(repo, 'wasm/js/checkout.mjs'))};
let core = null;
registerBuiltInCore(() => {
  core ??= loadCheckoutCore({
    locateFile: () => new URL(${JSON.stringify(wasm.file)}, import.meta.url).href,
    wasmIntegrity: ${JSON.stringify(wasm.integrity)},
  });
  core.catch(() => { core = null; });
  return core;
});
`;

// The catalogs web/checkout/i18n/messages.mjs imports on demand, each its own
// minified module. They are built first (a catalog imports nothing) so the
// bundle's import() of each can name the hashed file. Not esbuild's
// `splitting`: it would also split off the Emscripten glue (wasm/js/checkout.mjs
// imports it dynamically), one more file before the core can start.
const localeDir = join(repo, 'web/checkout/i18n/locales');
const locales = {};
for (const source of readdirSync(localeDir).filter((f) => f.endsWith('.mjs') && f !== 'en.mjs').sort()) {
  const tag = source.slice(0, -'.mjs'.length);
  const out = await build({
    entryPoints: [join(localeDir, source)], bundle: true, format: 'esm', target: 'es2022', minify: true,
    // Letters as UTF-8, not \u escapes (Persian and Armenian twice as small
    // before compression); a module script is always decoded as UTF-8.
    charset: 'utf8', legalComments: 'none', write: false, logLevel: 'warning',
  });
  const bytes = Buffer.from(out.outputFiles[0].contents);
  locales[tag] = { file: `locale-${tag}.${contentHash(bytes)}.mjs`, integrity: integrity(bytes), bytes: bytes.length, contents: bytes };
}

const result = await build({
  stdin: {
    contents: `import 'storefront-checkout:register-core';\nexport * from './web/storefront-checkout.mjs';\n`,
    resolveDir: repo,
    sourcefile: 'storefront-checkout.bundle.mjs',
  },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
  // storefront-checkout.mjs names widget.mjs's imports only so unbundled
  // development fetches them in parallel; in the bundle they are dropped.
  logOverride: { 'ignored-bare-import': 'silent' },
  plugins: [{
    name: 'storefront-checkout-core',
    setup(b) {
      b.onResolve({ filter: /^storefront-checkout:register-core$/ }, (a) => ({ path: a.path, namespace: 'sc' }));
      b.onLoad({ filter: /.*/, namespace: 'sc' }, () => ({ contents: registerCore, resolveDir: repo }));
      // wasm/js/checkout.mjs imports the Emscripten glue beside it in build/wasm.
      b.onResolve({ filter: /^\.\/checkout-core\.mjs$/ }, () => ({ path: join(wasmBuild, 'checkout-core.mjs') }));
      // messages.mjs's import('./locales/pl.mjs'): the built chunk beside the bundle.
      b.onResolve({ filter: /^\.\/locales\/[a-z]+\.mjs$/ }, (a) => {
        const chunk = locales[a.path.slice('./locales/'.length, -'.mjs'.length)];
        if (a.kind !== 'dynamic-import' || !chunk) return undefined;  // en.mjs: in the bundle
        return { path: `./${chunk.file}`, external: true };
      });
    },
  }],
});
const js = Buffer.from(result.outputFiles[0].contents);
const bundle = {
  file: `storefront-checkout.${contentHash(js)}.mjs`,
  stable: `storefront-checkout-${version}.mjs`,
  integrity: integrity(js),
  bytes: js.length,
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, bundle.file), js);
writeFileSync(join(outDir, bundle.stable), js);
writeFileSync(join(outDir, wasm.file), wasmBytes);
for (const chunk of Object.values(locales)) writeFileSync(join(outDir, chunk.file), chunk.contents);
writeFileSync(join(outDir, 'storefront-checkout.mjs'), `export * from './${bundle.file}';\n`);
const manifest = {
  version, bundle, wasm: { ...wasm, bytes: wasmBytes.length },
  locales: Object.fromEntries(Object.entries(locales).map(([tag, { file, integrity: sri, bytes }]) => [tag, { file, integrity: sri, bytes }])),
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`web bundle: ${readdirSync(outDir).sort().join(', ')} (${js.length} B JS)`);
