// Protocol abuse against the real server, started under a 256 MB address-space
// limit (prlimit --as): bodies over the limit with and without Content-Length,
// endless chunked bodies, many large bodies at once, slow headers and bodies,
// thousands of idle connections, JSON nested 100,000 deep, duplicate keys,
// invalid UTF-8 and numbers beyond 64 bits. Each gets a clear error or a
// closed connection. Every test has a server of its own, and /api/health is
// polled every 100 ms while the attack runs: each answer must come within a
// second, and the server must still be alive with consistent stock after it.
// tests/server/hostile.test.mjs covers the same transport limits without a
// memory limit; these add the memory limit, the health watch and the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import {
  startServer, watchHealth, raw, post, get, quote, orderBody, placeOrder, audit, freshKey, NY,
} from './harness.mjs';

let server;  // the server of the test that is running

// Declares a test whose attack runs against a fresh server under the memory
// limit, with /api/health watched throughout.
function attack(name, fn) {
  test(name, async () => {
    server = await startServer();
    const health = watchHealth(server);
    try {
      await fn();
    } finally {
      const stats = await health.stop();
      const alive = server.alive();
      const log = server.stderr().slice(-1500);
      const consistent = alive ? (await audit(server).catch(() => ({ consistent: 'unknown' }))).consistent : 'unknown';
      await server.stop();
      assert.ok(alive, `the server died during the attack; its log ends:\n${log}`);
      assert.deepEqual(stats.failures, [], `/api/health failed during the attack (slowest ${stats.slowest.toFixed(0)} ms)`);
      assert.equal(consistent, true, 'stock audit after the attack');
    }
  });
}

const MiB = 1024 * 1024;
const TEE = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }], shipping_method: 'standard' };
const codeOf = (r) => r.body?.error?.code;

function openSocket() {
  return new Promise((resolve, reject) => {
    const s = connect({ host: server.host, port: server.port }, () => resolve(s));
    s.on('error', reject);
  });
}

attack('within 256 MB of address space, 64 concurrent requests of every kind are answered normally', async () => {
  const q = await quote(server, TEE, { destination: NY });
  const kinds = [
    () => get(server, '/api/catalog'),
    () => post(server, '/api/quote', { cart: TEE, context: { destination: NY } }),
    () => get(server, '/api/availability?skus=NW-LTD-LANTERN,NW-BASIC-TEE-M&postal_code=02116'),
    () => get(server, '/api/stores/boston-back-bay/stock?sku=NW-BASIC-TEE-M'),
    () => placeOrder(server, orderBody(TEE, { destination: NY }, q)),
    () => get(server, '/api/admin/audit'),
  ];
  const results = await Promise.all(Array.from({ length: 64 }, (_, i) => kinds[i % kinds.length]()));
  const bad = results.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.text.slice(0, 120)}`);
  assert.deepEqual(bad, [], `server errors under the memory limit:\n${bad.join('\n')}\nserver log:\n${server.stderr().slice(-2000)}`);
  assert.ok(results.every((r) => r.status === 200 || r.status === 201), results.map((r) => r.status).join(' '));
});

attack('a body over the limit: 413 at once with Content-Length, 413 after 1 MiB when chunked', async () => {
  // Declared too large: refused before a byte of it is read.
  const declared = await raw(server, `POST /api/quote HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * MiB}\r\n\r\n`);
  assert.equal(declared.status, 413, declared.head);
  assert.match(declared.body, /"code":"too_large"/);
  assert.ok(declared.closed, 'connection closed');
  // One byte over, and actually sent.
  const over = await raw(server, [`POST /api/quote HTTP/1.1\r\nHost: x\r\nContent-Length: ${MiB + 1}\r\n\r\n`, Buffer.alloc(MiB + 1, 0x20)]);
  assert.equal(over.status, 413);
  // No Content-Length, chunked: the de-chunked size counts.
  const chunk = Buffer.from(`10000\r\n${' '.repeat(0x10000)}\r\n`);
  const chunked = await raw(server, ['POST /api/quote HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', ...Array(20).fill(chunk)], { gapMs: 1 });
  assert.equal(chunked.status, 413, chunked.head);
  assert.ok(chunked.closed);
});

attack('a body without any length is no body: the bytes after it are a bad next request, not a body', async () => {
  const garbage = Buffer.alloc(2 * MiB, 0x41);
  const r = await raw(server, ['POST /api/quote HTTP/1.1\r\nHost: x\r\n\r\n', garbage], { timeoutMs: 10000 });
  assert.equal(r.status, 400, r.head);
  assert.match(r.body, /malformed_json/);
  assert.ok(r.closed, 'the connection is closed after the garbage');
  const http10 = await raw(server, ['POST /api/quote HTTP/1.0\r\n\r\n{"cart":{"lines":[]},"context":{}}']);
  assert.equal(http10.status, 400);
});

attack('endless chunked bodies on 16 connections: each refused after about 1 MiB, memory bounded', async () => {
  const rssBefore = server.rss();
  const chunk = Buffer.from(`4000\r\n${'x'.repeat(0x4000)}\r\n`);
  const endless = () => new Promise((resolve) => {
    const s = connect({ host: server.host, port: server.port });
    let sent = 0, answer = '', done = false;
    const finish = () => { if (!done) { done = true; s.destroy(); resolve({ sent, status: Number(answer.split(' ')[1]) }); } };
    s.on('data', (d) => { answer += d; });
    s.on('close', finish);
    s.on('error', finish);
    s.on('connect', async () => {
      s.write('POST /api/orders HTTP/1.1\r\nHost: x\r\nIdempotency-Key: endless\r\nTransfer-Encoding: chunked\r\n\r\n');
      while (!done && !answer && sent < 64 * MiB) {
        sent += chunk.length;
        if (!s.write(chunk)) await new Promise((r) => { s.once('drain', r); s.once('close', r); });
        // Loopback often takes a write at once: without a turn of the event
        // loop the answer would sit unread while this loop keeps sending
        // into the server's lingering close, which discards it all.
        else await new Promise(setImmediate);
      }
      setTimeout(finish, 2000);
    });
  });
  const results = await Promise.all(Array.from({ length: 16 }, endless));
  // A 413, or (when the close overtakes the answer) a connection closed on
  // the sender; either way long before the sender gave up at 64 MiB.
  for (const r of results) {
    assert.ok(r.status === 413 || Number.isNaN(r.status), `status ${r.status}`);
    assert.ok(r.sent < 16 * MiB, `refused only after ${r.sent} bytes`);
  }
  assert.ok(results.some((r) => r.status === 413), 'at least one sender read the 413');
  const growth = (server.rss() - rssBefore) / MiB;
  assert.ok(growth < 64, `RSS grew ${growth.toFixed(1)} MiB`);
});

attack('300 connections each holding an almost complete 1 MiB body: the server survives and stays responsive', async () => {
  // Every connection is within the per-request limit; together they would
  // hold 300 MiB of bodies, more than the whole 256 MB the server may use.
  const body = Buffer.alloc(MiB - 16, 0x20);
  const sockets = [];
  for (let i = 0; i < 300; ++i) {
    const s = await openSocket().catch(() => null);
    if (!s) continue;
    s.on('error', () => {});
    s.write(`POST /api/quote HTTP/1.1\r\nHost: x\r\nContent-Length: ${MiB}\r\n\r\n`);
    s.write(body);
    sockets.push(s);
  }
  await new Promise((r) => setTimeout(r, 2000));
  try {
    assert.ok(server.alive(), `the server died: ${server.stderr().slice(-2000)}`);
    const h = await get(server, '/api/health');
    assert.equal(h.status, 200);
    const q = await post(server, '/api/quote', { cart: TEE, context: {} });
    assert.ok(q.status === 200 || q.status === 503, `${q.status} ${q.text.slice(0, 200)}`);
  } finally {
    for (const s of sockets) s.destroy();
  }
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(server.alive(), `the server died: ${server.stderr().slice(-2000)}`);
  assert.equal((await post(server, '/api/quote', { cart: TEE, context: {} })).status, 200);
});

attack('slow headers and slow bodies get 408 and are closed within their timeouts', async () => {
  // 100 clients dribble a header a byte every 500 ms; 20 send a body of 100
  // bytes a byte a second. Header timeout 10 s, body timeout 15 s (docs/api.md).
  const dribble = (head, pieces, gapMs) => raw(server, [head, ...pieces], { gapMs, timeoutMs: 25000 });
  const slowHeaders = Array.from({ length: 100 }, () =>
    dribble('GET /api/catalog HTTP/1.1\r\nHost: x\r\nX-Slow: ', Array(60).fill('a'), 500));
  const slowBodies = Array.from({ length: 20 }, () =>
    dribble('POST /api/quote HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n', Array(100).fill(' '), 1000));
  const [headers, bodies] = [await Promise.all(slowHeaders), await Promise.all(slowBodies)];
  for (const r of headers) {
    assert.equal(r.status, 408, r.head);
    assert.ok(r.closed && r.ms < 13000, `closed after ${r.ms} ms`);
  }
  for (const r of bodies) {
    assert.equal(r.status, 408, r.head);
    assert.ok(r.closed && r.ms < 18000, `closed after ${r.ms} ms`);
  }
});

attack('5000 idle connections do not stop health, quotes or orders', async () => {
  const sockets = [];
  for (let i = 0; i < 5000; ++i) {
    const s = await openSocket().catch(() => null);
    if (s) { s.on('error', () => {}); sockets.push(s); }
  }
  try {
    assert.ok(sockets.length >= 4900, `only ${sockets.length} connections opened`);
    const started = Date.now();
    assert.equal((await get(server, '/api/health')).status, 200);
    assert.ok(Date.now() - started < 1000);
    const q = await quote(server, TEE, { destination: NY });
    const order = await placeOrder(server, orderBody(TEE, { destination: NY }, q));
    assert.equal(order.status, 201, order.text);
  } finally {
    for (const s of sockets) s.destroy();
  }
});

attack('JSON nested 100,000 deep is refused at every endpoint that takes a body', async () => {
  const deepArray = `{"cart":${'['.repeat(100000)}${']'.repeat(100000)},"context":{}}`;
  const deepObject = `{"cart":${'{"a":'.repeat(100000)}1${'}'.repeat(100000)},"context":{}}`;
  const unclosed = `{"cart":${'['.repeat(100000)}`;
  const endpoints = [
    ['/api/quote', {}],
    ['/api/orders', { 'idempotency-key': freshKey('deep') }],
    ['/api/stores/boston-back-bay/sales', {}],
    ['/api/stores/boston-back-bay/orders/ord_x/status', {}],
  ];
  for (const [path, headers] of endpoints) {
    for (const body of [deepArray, deepObject, unclosed]) {
      const r = await post(server, path, body, headers);
      assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status} ${r.text.slice(0, 200)}`);
      if (r.status === 400) assert.equal(codeOf(r), 'too_deep', `${path}: ${r.text.slice(0, 200)}`);
    }
  }
  // Deep inside the client's copy of the binding, too.
  const q = await quote(server, TEE, { destination: NY });
  const shallow = orderBody(TEE, { destination: NY }, q);
  delete shallow.client_quote.binding;
  const body = JSON.stringify(shallow).replace('"client_quote":{', `"client_quote":{"binding":${'['.repeat(100000)}${']'.repeat(100000)},`);
  const r = await placeOrder(server, body);
  assert.equal(r.status, 400);
  assert.equal(codeOf(r), 'too_deep');
});

attack('duplicate keys are refused wherever they hide, before anything is priced or stored', async () => {
  const q = await quote(server, TEE, { destination: NY });
  const good = JSON.stringify(orderBody(TEE, { destination: NY }, q));
  const cases = [
    // One parser takes the first grand_total, another the last: refuse both.
    good.replace(`"grand_total":${q.binding.totals.grand_total},"binding"`, `"grand_total":${q.binding.totals.grand_total},"grand_total":1,"binding"`),
    good.replace('"quantity":1', '"quantity":1,"quantity":100'),
    good.replace('"cart":{', '"cart":{"currency":"USD","currency":"EUR",'),
    good.replace('"customer":{', '"customer":{"email":"a@example.com",'),
    good.slice(0, -1) + `,"cart":${JSON.stringify(TEE)}}`,
  ];
  for (const body of cases) {
    const r = await placeOrder(server, body);
    assert.equal(r.status, 400, body);
    assert.equal(codeOf(r), 'duplicate_key', r.text);
    assert.match(r.body.error.path, /^\//);
  }
  const sale = await post(server, '/api/stores/denver-larimer/sales', '{"cart":{"lines":[{"sku":"NW-BASIC-TEE-S","quantity":1,"quantity":-5}]}}');
  assert.equal(codeOf(sale), 'duplicate_key');
  const status = await post(server, '/api/stores/boston-back-bay/orders/ord_x/status', '{"status":"cancelled","status":"picked_up"}');
  assert.equal(status.status, 400);
  assert.equal(codeOf(status), 'duplicate_key');
});

attack('invalid UTF-8 in bodies, query strings, paths and headers is a 4xx, never a 500', async () => {
  const bytes = (...b) => Buffer.from(b);
  const invalid = [
    bytes(0xc3, 0x28),              // a lead byte without its continuation
    bytes(0xc0, 0xaf),              // overlong '/'
    bytes(0xed, 0xa0, 0x80),        // a UTF-16 surrogate encoded in UTF-8
    bytes(0xf8, 0x88, 0x80, 0x80, 0x80),  // 5-byte form
    bytes(0x80),                    // a lone continuation byte
    bytes(0xf4, 0x90, 0x80, 0x80),  // beyond U+10FFFF
  ];
  for (const bad of invalid) {
    for (const [before, after] of [['{"cart":{"lines":[{"sku":"NW-BASIC-TEE-M","quantity":1}],"coupons":["', '"]},"context":{}}'],
      ['{"cart":{"lines":[{"sku":"', '","quantity":1}]},"context":{}}']]) {
      const r = await post(server, '/api/quote', Buffer.concat([Buffer.from(before), bad, Buffer.from(after)]));
      assert.equal(r.status, 400, `${bad.toString('hex')}: ${r.text}`);
      assert.equal(codeOf(r), 'malformed_json');
    }
  }
  // Escapes that decode to a lone surrogate are not text either.
  const lone = await post(server, '/api/quote', '{"cart":{"lines":[],"coupons":["\\ud800"]},"context":{}}');
  assert.equal(lone.status, 400, lone.text);
  // Query strings and paths are percent-decoded by the server: %FF and
  // friends must not turn into a 500 when echoed in an error message.
  const targets = [
    '/api/availability?skus=%FF',
    '/api/availability?skus=NW-LTD-LANTERN&postal_code=%C3%28',
    '/api/availability?skus=NW-LTD-LANTERN&postal_code=02116&country=%ED%A0%80',
    '/api/stores/boston-back-bay/stock?sku=%FF',
    '/api/stores/boston-back-bay/orders?status=%FF',
    '/api/stores/%FF/orders',
    '/api/orders/%FF%FE',
    '/web/%FF.html',
  ];
  const failures = [];
  for (const target of targets) {
    const r = await get(server, target);
    if (!(r.status >= 400 && r.status < 500) && r.status !== 200) failures.push(`${target} -> ${r.status} ${r.text.slice(0, 100)}`);
    else if (r.status >= 400 && r.body === undefined) failures.push(`${target} -> ${r.status} not JSON: ${r.text.slice(0, 100)}`);
  }
  assert.deepEqual(failures, []);
  // Header bytes outside ASCII in the idempotency key.
  const q = await quote(server, TEE, { destination: NY });
  const order = await raw(server, Buffer.concat([
    Buffer.from(`POST /api/orders HTTP/1.1\r\nHost: x\r\nIdempotency-Key: k`), bytes(0xff, 0xfe),
    Buffer.from(`\r\nContent-Length: 2\r\n\r\n{}`)]));
  assert.equal(order.status, 400, order.head);
  void q;
});

attack('numbers beyond 64 bits are refused with a clear error wherever a number is read', async () => {
  const q = await quote(server, TEE, { destination: NY });
  const good = JSON.stringify(orderBody(TEE, { destination: NY }, q));
  for (const n of ['18446744073709551616', '-9223372036854775809', '340282366920938463463374607431768211456']) {
    const total = await placeOrder(server, good.replace(`"grand_total":${q.binding.totals.grand_total},"binding"`, `"grand_total":${n},"binding"`));
    assert.equal(total.status, 400, total.text);
    assert.equal(codeOf(total), 'overflow', total.text);
    assert.equal(total.body.error.path, '/client_quote/grand_total');
    const lat = await post(server, '/api/quote', `{"cart":{"lines":[{"sku":"NW-BASIC-TEE-M","quantity":1}]},"context":{"location":{"lat_e6":${n},"lon_e6":0}}}`);
    assert.equal(lat.status, 400, lat.text);
    assert.equal(lat.body.error.path, '/context/location/lat_e6');
    assert.equal(codeOf(lat), 'overflow', lat.text);
    const stores = await post(server, '/api/quote', `{"cart":{"lines":[]},"context":{"max_pickup_stores":${n}}}`);
    assert.equal(stores.status, 400, stores.text);
  }
  // Query parameters are bounded too.
  for (const target of ['/api/availability?skus=NW-LTD-LANTERN&lat_e6=99999999999999999999999&lon_e6=0',
    '/api/availability?skus=NW-LTD-LANTERN&limit=18446744073709551617',
    '/api/stores/boston-back-bay/orders?limit=-99999999999999999999']) {
    const r = await get(server, target);
    assert.equal(r.status, 400, `${target}: ${r.text}`);
  }
});
