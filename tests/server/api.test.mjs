// The API's edges: catalog caching, strict bodies, errors, availability,
// static files with a CSP and no way out of their roots, the VAT merchant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startServer, postJson, getJson, quote, repoRoot, currentSecond, stockBySku } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('the catalog carries an ETag and answers 304 while nothing changed', async () => {
  const first = await getJson(`${server.url}/api/catalog`);
  assert.equal(first.status, 200);
  assert.equal(first.body.merchant, 'Northwind Outfitters');
  assert.ok(first.body.products.length >= 200);
  const etag = first.headers.get('etag');
  const again = await fetch(`${server.url}/api/catalog`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  // A sale changes stock, so the snapshot (which carries live stock) changes.
  const sale = await postJson(`${server.url}/api/stores/denver-larimer/sales`, { cart: { lines: [{ sku: 'NW-BASIC-TEE-S', quantity: 1 }] } });
  assert.equal(sale.status, 201);
  const changed = await getJson(`${server.url}/api/catalog`, { headers: { 'if-none-match': etag } });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.get('etag'), etag);
  const denver = (body) => stockBySku(body, body.stores.find((s) => s.id === 'denver-larimer'));
  assert.ok(Array.isArray(changed.body.stores[0].stock), 'the snapshot sends the compact stock form');
  assert.equal(denver(changed.body)['NW-BASIC-TEE-S'], denver(first.body)['NW-BASIC-TEE-S'] - 1);
});

test('the same request gives the same quote bytes, and quotes are canonical', async () => {
  const body = { cart: { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 2 }] }, context: { now: '2026-11-22T14:03:00Z', destination: { country: 'US', region: 'NY', postal_code: '10012' } } };
  const a = await postJson(`${server.url}/api/quote`, body);
  const b = await postJson(`${server.url}/api/quote`, body);
  assert.equal(a.status, 200);
  // context.now far from the server clock is replaced by the server's, so
  // compare with a fresh now: identical bytes for identical inputs.
  const now = currentSecond();
  const c = await postJson(`${server.url}/api/quote`, { ...body, context: { ...body.context, now } });
  const d = await postJson(`${server.url}/api/quote`, { ...body, context: { ...body.context, now } });
  assert.equal(c.text, d.text);
  assert.equal(a.body.binding.lines[0].tax_rate, '8.875');  // NYC, postal prefix 100
  assert.ok(!/\s/.test(a.text.replace(/"[^"]*"/g, '')), 'no whitespace outside strings');
  void b;
});

test('strict bodies: malformed, deep, duplicate keys, floats, unknown fields; engine errors pass through', async () => {
  const cases = [
    ['{"cart":', 'malformed_json'],
    [`${'['.repeat(40)}${']'.repeat(40)}`, 'too_deep'],
    ['{"cart":{"lines":[]},"cart":{"lines":[]},"context":{}}', 'duplicate_key'],
    // Floats reach the core's readers, which name the quantity's own error.
    ['{"cart":{"lines":[{"sku":"NW-BASIC-TEE-M","quantity":1.5}]},"context":{}}', 'invalid_quantity'],
    ['{"cart":{"lines":[{"sku":"NW-BASIC-TEE-M","quantity":1.0}]},"context":{}}', 'invalid_quantity'],
    ['{"cart":{"lines":[]},"context":{"max_pickup_stores":2.0}}', 'wrong_type'],
    ['{"cart":{"lines":[]},"context":{},"extra":1}', 'unknown_field'],
    ['{"cart":{"lines":[{"sku":"NOPE","quantity":1}]},"context":{}}', 'unknown_sku'],
    ['{"cart":{"lines":[{"sku":"NW-BASIC-TEE-M","quantity":0}]},"context":{}}', 'invalid_quantity'],
  ];
  for (const [text, code] of cases) {
    const r = await postJson(`${server.url}/api/quote`, text);
    assert.equal(r.status, 400, text);
    assert.equal(r.body.error.code, code, text);
    assert.equal(typeof r.body.error.path, 'string');
  }
  const deep = await postJson(`${server.url}/api/quote`, `{"cart":${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}}`);
  assert.equal(deep.status, 400);
  assert.equal(deep.body.error.code, 'too_deep');
  assert.equal((await getJson(`${server.url}/api/health`)).status, 200);
});

test('unknown endpoints are 404, wrong methods 405', async () => {
  const missing = await getJson(`${server.url}/api/nope`);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'not_found');
  const wrong = await getJson(`${server.url}/api/quote`);
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get('allow'), 'POST');
});

test('availability lists nearby stores with units after safety stock and ready times', async () => {
  const r = await getJson(`${server.url}/api/availability?skus=NW-LTD-LANTERN,NW-KAYAK-12-LAGOON-TEAL&postal_code=02139&limit=3`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.stores.length, 3);
  assert.equal(r.body.stores[0].store, 'boston-back-bay');
  const [lantern, kayak] = r.body.stores[0].items;
  assert.deepEqual(lantern, { sku: 'NW-LTD-LANTERN', available: 5, pickup_eligible: true });
  assert.deepEqual(kayak, { sku: 'NW-KAYAK-12-LAGOON-TEAL', available: 0, pickup_eligible: false });
  assert.ok(r.body.stores[0].ready_at);
  // SoHo has 2 lanterns and keeps 1 back as safety stock.
  const soho = r.body.stores.find((s) => s.store === 'nyc-soho');
  if (soho) assert.equal(soho.items[0].available, 1);
  assert.equal((await getJson(`${server.url}/api/availability?skus=NOPE`)).status, 404);
  assert.equal((await getJson(`${server.url}/api/availability`)).status, 400);
});

test('static files: placeholder or demo page at / with a CSP, no traversal', async () => {
  const home = await fetch(`${server.url}/`);
  assert.equal(home.status, 200);
  assert.match(home.headers.get('content-type'), /^text\/html/);
  const csp = home.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.ok(!csp.includes('unsafe-inline'));
  // Raw requests: fetch would normalise the dots away.
  for (const target of ['/web/../server-stub/data/demo/catalog.json', '/web/%2e%2e/%2e%2e/etc/passwd', '/wasm/../../etc/passwd', '/web/.git/config']) {
    const status = await rawStatus(server.url, target);
    assert.ok(status === 404 || status === 400, `${target} -> ${status}`);
  }
});

function rawStatus(base, target) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('end', () => resolve(Number(data.split(' ')[1])));
    socket.on('error', reject);
  });
}

test('the Polish merchant serves its page language and prices VAT 23 / 8 / 5 % per order', async () => {
  const pl = await startServer({ args: ['--data', join(repoRoot, 'server-stub/data/pl-demo')] });
  try {
    const catalog = await getJson(`${pl.url}/api/catalog`);
    assert.equal(catalog.body.locale, 'pl-PL');
    assert.equal(catalog.body.currency, 'PLN');
    const q = await quote(pl, {
      lines: [{ sku: 'PL-KUBEK-GROSZKI', quantity: 1 }, { sku: 'PL-LAWENDA', quantity: 1 }, { sku: 'PL-CHLEB-ZYTNI', quantity: 1 }],
      shipping_method: 'inpost-paczkomat',
    }, { destination: { country: 'PL', postal_code: '00-950' } });
    // 49.99 (23 %) + 24.99 (8 %) + 13.99 (5 %) = 88.97 < 199.00, 1950 g -> InPost 12.99, taxed at 23 %.
    // 23 %: (4999 + 1299) x 23 / 123 = 1177.67 -> 11.78; 8 %: 2499 x 8 / 108 = 185.11 -> 1.85;
    // 5 %: 1399 x 5 / 105 = 66.62 -> 0.67 (half up). Tax 14.30, all inside the prices.
    assert.deepEqual(q.binding.tax_lines.map((t) => [t.rate, t.taxable, t.amount]), [['5', 1399, 67], ['8', 2499, 185], ['23', 6298, 1178]]);
    assert.equal(q.binding.totals.tax, 1430);
    assert.equal(q.binding.totals.grand_total, 8897 + 1299);
  } finally {
    await pl.stop();
  }
});

test('the VAT merchant loads and prices VAT-inclusive in EUR', async () => {
  const vat = await startServer({ args: ['--data', join(repoRoot, 'server-stub/data/vat-demo')] });
  try {
    const q = await quote(vat, { lines: [{ sku: 'HC-FRIESENNERZ-M', quantity: 1 }], shipping_method: 'dhl-paket' },
      { destination: { country: 'DE', postal_code: '20457' } });
    assert.equal(q.binding.currency, 'EUR');
    assert.equal(q.binding.rounding.prices_include_tax, true);
    // 89.00 incl. 19 % VAT contains 89.00 * 19/119 = 14.21 of tax; over 50.00, DHL Paket is free.
    assert.equal(q.binding.totals.grand_total, 8900);
    assert.equal(q.binding.totals.tax, 1421);
  } finally {
    await vat.stop();
  }
});
