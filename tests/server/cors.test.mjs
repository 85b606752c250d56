// CORS for merchant pages on other origins: an allowed origin gets its exact
// origin echoed (with Vary: Origin) on the widget's files and the shopper API,
// preflights for orders and the catalog are granted; an origin not on the
// list, and every origin on a staff endpoint, is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { serverBinary, staffAuth, startServer } from './helpers.mjs';

const MERCHANT = 'http://merchant.test:8443';
const SECOND = 'https://shop.example';   // from CHECKOUT_ALLOWED_ORIGINS
const STRANGER = 'https://evil.example';
let server;
let host;

before(async () => {
  server = await startServer({
    args: ['--allow-origin', MERCHANT],
    env: { CHECKOUT_ALLOWED_ORIGINS: ` ${SECOND} , https://other.example` },
  });
  host = new URL(server.url).host;
});
after(async () => { await server.stop(); });

// Raw request: fetch() would not let a test choose the Origin header freely.
function send(method, path, headers = {}, body = undefined) {
  return new Promise((ok, fail) => {
    const req = http.request(`${server.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', fail);
    if (body) req.write(body);
    req.end();
  });
}

const preflight = (path, origin, method = 'POST', requestHeaders = 'content-type, idempotency-key') =>
  send('OPTIONS', path, { origin, 'access-control-request-method': method, 'access-control-request-headers': requestHeaders });

test('an allowed origin reads the catalog, the widget and the core, with its exact origin echoed', async () => {
  for (const path of ['/api/catalog', '/web/storefront-checkout.mjs']) {
    const r = await send('GET', path, { origin: MERCHANT });
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['access-control-allow-origin'], MERCHANT, path);
    assert.match(r.headers.vary, /\bOrigin\b/, path);
    assert.equal(r.headers['access-control-allow-credentials'], undefined, 'no cookies are shared');
  }
  // The core's files under /wasm/ too (whatever the build holds: the grant does not depend on it).
  const core = await send('GET', '/wasm/checkout-core.wasm', { origin: MERCHANT });
  assert.equal(core.headers['access-control-allow-origin'], MERCHANT);
  const catalog = await send('GET', '/api/catalog', { origin: SECOND });
  assert.equal(catalog.headers['access-control-allow-origin'], SECOND, 'origins from CHECKOUT_ALLOWED_ORIGINS count too');
  assert.match(catalog.headers['access-control-expose-headers'], /\bETag\b/, 'the widget revalidates the catalog by its ETag');
  assert.match(catalog.headers['access-control-expose-headers'], /\bDate\b/, 'the widget reads the server clock');
});

test('preflights of an order and of a catalog revalidation are granted to an allowed origin', async () => {
  const order = await preflight('/api/orders', MERCHANT);
  assert.equal(order.status, 204);
  assert.equal(order.headers['access-control-allow-origin'], MERCHANT);
  assert.match(order.headers['access-control-allow-methods'], /\bPOST\b/);
  assert.match(order.headers['access-control-allow-headers'], /\bIdempotency-Key\b/i);
  assert.match(order.headers['access-control-allow-headers'], /\bContent-Type\b/i);
  assert.match(order.headers.vary, /\bOrigin\b/);
  const catalog = await preflight('/api/catalog', MERCHANT, 'GET', 'if-none-match');
  assert.equal(catalog.status, 204);
  assert.match(catalog.headers['access-control-allow-headers'], /\bIf-None-Match\b/i);
});

test('an origin not on the list gets no grant and its preflight is refused', async () => {
  const r = await send('GET', '/api/catalog', { origin: STRANGER });
  assert.equal(r.status, 200, 'a plain GET is answered; the browser withholds it from the page');
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  assert.match(r.headers.vary, /\bOrigin\b/, 'the answer depends on Origin, so caches must key on it');
  const p = await preflight('/api/orders', STRANGER);
  assert.equal(p.status, 403);
  assert.equal(p.headers['access-control-allow-origin'], undefined);
  assert.equal(JSON.parse(p.text).error.code, 'origin_not_allowed');
  // A prefix or a trailing slash is another origin.
  for (const near of [`${MERCHANT}/`, 'http://merchant.test', 'http://merchant.test:8443.evil.example']) {
    const q = await send('GET', '/api/catalog', { origin: near });
    assert.equal(q.headers['access-control-allow-origin'], undefined, near);
  }
});

test('staff endpoints are never cross-origin, not even for an allowed origin', async () => {
  for (const path of ['/api/stores/nyc-soho/orders', '/api/admin/audit', '/api/stores/nyc-soho/stock']) {
    const p = await preflight(path, MERCHANT, 'GET', 'authorization');
    assert.equal(p.status, 403, path);
    assert.equal(p.headers['access-control-allow-origin'], undefined, path);
    const r = await send('GET', path, { origin: MERCHANT });
    assert.equal(r.status, 403, path);
    assert.equal(JSON.parse(r.text).error.code, 'cross_origin_refused');
    assert.equal(r.headers['access-control-allow-origin'], undefined, path);
  }
  const sale = await send('POST', '/api/stores/nyc-soho/sales', { origin: STRANGER, 'content-type': 'text/plain' }, '{}');
  assert.equal(sale.status, 403, 'a cross-site form post cannot record a sale');
  // The staff page itself (same origin: Origin names the Host) still works, signed in.
  const own = await send('GET', '/api/stores/nyc-soho/orders', { origin: `http://${host}`, ...staffAuth(server) });
  assert.equal(own.status, 200);
});

test('without an allowed list the server sends no CORS headers at all', async () => {
  const plain = await startServer();
  try {
    const r = await fetch(`${plain.url}/api/catalog`, { headers: { origin: MERCHANT } });
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    const p = await fetch(`${plain.url}/api/orders`, {
      method: 'OPTIONS', headers: { origin: MERCHANT, 'access-control-request-method': 'POST' },
    });
    assert.equal(p.status, 403);
  } finally {
    await plain.stop();
  }
});

test('an allowed origin that is not scheme://host[:port] stops the server at start', () => {
  for (const bad of ['https://shop.example/', '*', 'shop.example', 'https://shop.example/path', 'null']) {
    const r = spawnSync(serverBinary, ['--port', '0', '--db', ':memory:', '--allow-origin', bad], { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /allowed origin/, bad);
  }
});

test('the server\'s own pages may not be framed and get no CORS grant', async () => {
  const r = await send('GET', '/', { origin: MERCHANT });
  assert.equal(r.status, 200);
  assert.match(r.headers['content-security-policy'], /frame-ancestors 'self'/);
  assert.equal(r.headers['access-control-allow-origin'], undefined, 'the demo page is not for other origins');
});
