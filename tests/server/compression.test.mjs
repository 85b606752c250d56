// Compressed responses: static files (/web/, /wasm/) and the catalog go out
// as brotli or gzip by Accept-Encoding, decode to exactly the identity bytes,
// carry Vary and a tag per representation, and revalidate with 304.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer } from './helpers.mjs';

let server;
let webDir;
let wasmDir;
// Compressible text big enough to be worth it (the server skips tiny bodies).
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word-${i % 37}`))};\n`;
const wasmLike = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(20000, 7)]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(4000, 1)]);

before(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'compression-web-'));
  wasmDir = mkdtempSync(join(tmpdir(), 'compression-wasm-'));
  writeFileSync(join(webDir, 'app.mjs'), script);
  writeFileSync(join(webDir, 'tiny.mjs'), 'export {};\n');
  writeFileSync(join(webDir, 'photo.png'), png);
  writeFileSync(join(wasmDir, 'core.wasm'), wasmLike);
  server = await startServer({ args: ['--web', webDir, '--wasm', wasmDir] });
});
after(async () => {
  await server.stop();
  rmSync(webDir, { recursive: true, force: true });
  rmSync(wasmDir, { recursive: true, force: true });
});

// Raw GET (fetch would decode the body and hide what was sent).
function get(path, headers = {}) {
  return new Promise((ok, fail) => {
    const req = http.get(`${server.url}${path}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
  });
}

function decode(r) {
  const coding = r.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(r.body);
  if (coding === 'gzip') return gunzipSync(r.body);
  assert.equal(coding, undefined);
  return r.body;
}

test('the catalog: brotli, gzip or identity by Accept-Encoding, the same JSON either way', async () => {
  const plain = await get('/api/catalog');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(plain.headers.vary, /accept-encoding/i);
  const br = await get('/api/catalog', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  // The demo catalog is ~400 KB of JSON; brotli brings it well under a quarter.
  assert.ok(br.body.length * 4 < plain.body.length, `${br.body.length} vs ${plain.body.length}`);
  assert.deepEqual(decode(br), plain.body);
  const gz = await get('/api/catalog', { 'accept-encoding': 'br;q=0, gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(decode(gz), plain.body);
  const refused = await get('/api/catalog', { 'accept-encoding': 'gzip;q=0, br;q=0.0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  // Each representation has its own tag; all three name the same version.
  const tags = new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]);
  assert.equal(tags.size, 3);
  assert.equal(br.headers.etag, plain.headers.etag.replace(/"$/, '-br"'));
});

test('the catalog answers 304 to the tag of any representation the client holds', async () => {
  const br = await get('/api/catalog', { 'accept-encoding': 'br' });
  const again = await get('/api/catalog', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.headers.etag, br.headers.etag);
  assert.equal(again.body.length, 0);
  const plain = await get('/api/catalog');
  const held = await get('/api/catalog', { 'accept-encoding': 'br', 'if-none-match': `W/${plain.headers.etag}` });
  assert.equal(held.status, 304);
  assert.equal(held.headers.etag, plain.headers.etag);
  const other = await get('/api/catalog', { 'accept-encoding': 'br', 'if-none-match': '"not-this-one"' });
  assert.equal(other.status, 200);
});

test('static scripts and wasm are compressed and decode to the file on disk', async () => {
  for (const [path, bytes, type] of [['/web/app.mjs', Buffer.from(script), /^text\/javascript/], ['/wasm/core.wasm', wasmLike, /^application\/wasm$/]]) {
    for (const coding of ['br', 'gzip']) {
      const r = await get(path, { 'accept-encoding': coding });
      assert.equal(r.status, 200, path);
      assert.match(r.headers['content-type'], type);
      assert.equal(r.headers['content-encoding'], coding, path);
      assert.match(r.headers.vary, /accept-encoding/i);
      assert.ok(r.body.length < bytes.length / 2, `${path} ${coding}: ${r.body.length}`);
      assert.deepEqual(decode(r), bytes);
      assert.match(r.headers.etag, new RegExp(`-${coding}"$`));
    }
    const plain = await get(path);
    assert.deepEqual(plain.body, bytes);
    assert.equal(plain.headers['content-encoding'], undefined);
  }
});

test('images and tiny files are sent as they are', async () => {
  const image = await get('/web/photo.png', { 'accept-encoding': 'br, gzip' });
  assert.equal(image.headers['content-encoding'], undefined);
  assert.deepEqual(image.body, png);
  const tiny = await get('/web/tiny.mjs', { 'accept-encoding': 'br, gzip' });
  assert.equal(tiny.headers['content-encoding'], undefined);
  assert.equal(tiny.body.toString(), 'export {};\n');
  // Its 304 works with the tag it was sent with.
  const again = await get('/web/tiny.mjs', { 'accept-encoding': 'br, gzip', 'if-none-match': tiny.headers.etag });
  assert.equal(again.status, 304);
});

test('a static file revalidates with 304 until it changes on disk', async () => {
  const file = join(webDir, 'changing.mjs');
  writeFileSync(file, script);
  utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
  const first = await get('/web/changing.mjs', { 'accept-encoding': 'br' });
  assert.equal(first.headers['cache-control'], 'no-cache');
  const same = await get('/web/changing.mjs', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag });
  assert.equal(same.status, 304);
  const edited = `${script}export const more = 1;\n`;
  writeFileSync(file, edited);
  const changed = await get('/web/changing.mjs', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.etag, first.headers.etag);
  // The cache must not hand out the old compressed body for the new version.
  assert.equal(decode(changed).toString(), edited);
});
