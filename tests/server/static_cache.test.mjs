// Caching of static files: content-hashed names (the bundle in web/dist/)
// are immutable for a year; every other file is revalidated on each use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './helpers.mjs';

let server;
let webDir;

before(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'static-cache-web-'));
  mkdirSync(join(webDir, 'dist'));
  for (const name of ['storefront-checkout.0123456789abcdef.mjs', 'storefront-checkout-0.1.0.mjs',
    'storefront-checkout.0123456789ABCDEF.mjs', 'storefront-checkout.0123456789abcde.mjs', 'app.mjs']) {
    writeFileSync(join(webDir, 'dist', name), 'export {};\n');
  }
  server = await startServer({ args: ['--web', webDir] });
});
after(async () => {
  await server.stop();
  rmSync(webDir, { recursive: true, force: true });
});

test('a content-hashed file is cached for good, on a 200 and on a 304', async () => {
  const url = `${server.url}/web/dist/storefront-checkout.0123456789abcdef.mjs`;
  const r = await fetch(url);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const again = await fetch(url, { headers: { 'if-none-match': r.headers.get('etag') } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});

test('the stable versioned path and names that only look hashed are revalidated', async () => {
  for (const name of ['storefront-checkout-0.1.0.mjs', 'storefront-checkout.0123456789ABCDEF.mjs',
    'storefront-checkout.0123456789abcde.mjs', 'app.mjs']) {
    const r = await fetch(`${server.url}/web/dist/${name}`);
    assert.equal(r.status, 200, name);
    assert.equal(r.headers.get('cache-control'), 'no-cache', name);
  }
});
