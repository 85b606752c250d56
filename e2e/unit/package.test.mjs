// The npm package (web/package.json) as a merchant gets it: `npm pack` makes
// a tarball with the bundle, its .wasm and locale chunks, the .d.mts types and the Playwright
// page object, and nothing else; installed into an empty folder it imports
// under node (no DOM needed), and a merchant's TypeScript type-checks against
// it with tsc (strict), so the declarations cannot drift from the code.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
let dir;
let files;

before(() => {
  assert.ok(existsSync(join(repo, 'web/dist/manifest.json')), 'web/dist is built by scripts/setup.sh (node scripts/build-web.mjs)');
  dir = mkdtempSync(join(tmpdir(), 'storefront-checkout-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', join(repo, 'web'), '--json', '--pack-destination', dir], { encoding: 'utf8', cwd: dir }));
  files = packed[0].files.map((f) => f.path).sort();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'merchant-site', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', join(dir, packed[0].filename)], { cwd: dir, encoding: 'utf8' });
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the tarball holds the bundle, its .wasm and locale chunks, the types and the page object, not the sources', () => {
  const manifest = JSON.parse(readFileSync(join(repo, 'web/dist/manifest.json'), 'utf8'));
  for (const f of ['package.json', 'storefront-checkout.d.mts', 'testing/index.mjs', 'testing/index.d.mts',
    'dist/storefront-checkout.mjs', 'dist/manifest.json', `dist/${manifest.bundle.file}`, `dist/${manifest.wasm.file}`,
    ...Object.values(manifest.locales).map((l) => `dist/${l.file}`)]) {
    assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter((f) => /^(demo|checkout)\//.test(f) || f === 'storefront-checkout.mjs'), [], 'no sources or demo');
});

test('installed in an empty folder, both entries import under node', () => {
  const script = `
    const api = await import('storefront-checkout');
    const testing = await import('storefront-checkout/testing');
    console.log(JSON.stringify({
      api: Object.keys(api).sort(), testing: Object.keys(testing),
      inputError: new api.CheckoutInputError('invalid_quantity', 'm', 'quantity') instanceof TypeError,
      manifest: (await import('storefront-checkout/manifest.json', { with: { type: 'json' } })).default.version,
    }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }));
  for (const name of ['mountCheckout', 'StorefrontCheckoutElement', 'CheckoutInputError', 'loadCatalog', 'DEFAULT_OPTIONS']) {
    assert.ok(out.api.includes(name), name);
  }
  assert.deepEqual(out.testing, ['CheckoutPage']);
  assert.equal(out.inputError, true);
  assert.equal(out.manifest, JSON.parse(readFileSync(join(repo, 'web/package.json'), 'utf8')).version);
});

test('a merchant\'s TypeScript type-checks against the installed package (tsc, strict)', async () => {
  cpSync(join(repo, 'e2e/unit/typescript/merchant.mts'), join(dir, 'merchant.mts'));
  // The member list the runtime uses, as a type: it must equal keyof CheckoutApi.
  const { CONTROLLER_METHODS, CONTROLLER_PROPERTIES } = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e',
    "const m = await import('storefront-checkout'); console.log(JSON.stringify({ CONTROLLER_METHODS: m.CONTROLLER_METHODS, CONTROLLER_PROPERTIES: m.CONTROLLER_PROPERTIES }))"],
  { cwd: dir, encoding: 'utf8' }));
  writeFileSync(join(dir, 'runtime-members.mts'), `import type { CheckoutApi } from 'storefront-checkout';
type Runtime = ${[...CONTROLLER_METHODS, ...CONTROLLER_PROPERTIES].map((n) => JSON.stringify(n)).join(' | ')};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const declarationsMatchRuntime: Same<Runtime, keyof CheckoutApi> = true;
`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false },
    files: ['merchant.mts', 'runtime-members.mts'],
  }));
  const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc:\n${r.stdout}${r.stderr}`);
});
