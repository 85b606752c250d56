// `npm pack build/wasm` yields an installable package: installed into an empty
// directory, `import '@storefront/checkout-core'` prices a cart under node.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { wasmDir } from './clis.mjs';

const skip = existsSync(join(wasmDir, 'package.json')) && existsSync(join(wasmDir, 'checkout-core-node.wasm'))
  ? false : `not built: ${wasmDir}`;

test('npm pack of build/wasm installs and quotes', { skip, timeout: 5 * 60 * 1000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkout-pack-'));
  try {
    execFileSync('npm', ['pack', wasmDir, '--pack-destination', dir, '--silent'], { stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack produced no tarball');
    writeFileSync(join(dir, 'package.json'), '{"name":"smoke","private":true,"type":"module"}\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', `./${tarball}`], { cwd: dir, stdio: 'pipe' });
    writeFileSync(join(dir, 'smoke.mjs'), `
      import { loadCheckoutCore } from '@storefront/checkout-core';
      const core = await loadCheckoutCore();
      const { engine } = core.createEngine({ currency: 'EUR', products: [{ id: 'p', title: 'P', variants: [{ sku: 'S', price: 250 }] }] });
      const r = engine.quote({ cart: { lines: [{ sku: 'S', quantity: 4 }] }, context: { now: '2026-11-23T10:00:00Z' } });
      console.log(r.quote.binding.totals.subtotal);
    `);
    const out = execFileSync(process.execPath, ['smoke.mjs'], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.trim(), '1000');  // 4 x 250
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
