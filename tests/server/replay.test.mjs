// An idempotent replay is the first answer again: the same status, the same
// header lines in the same order (Location included) and the same body bytes;
// it only adds `Idempotent-Replayed: true`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, quote, orderBody, freshKey, NYC_DESTINATION } from './helpers.mjs';

// POST with node's http module, which keeps the header lines as sent.
function rawPost(url, path, payload, headers) {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(JSON.stringify(payload));
    const req = http.request(`${url}${path}`, {
      method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const lines = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode, lines, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a replayed order answer has the first answer\'s status, headers and body', async () => {
  const server = await startServer();
  try {
    const cart = { lines: [{ sku: 'NW-BASIC-TEE-S', quantity: 1 }] };
    const context = { destination: NYC_DESTINATION };
    const q = await quote(server, cart, context);
    const body = orderBody(cart, context, q);
    const key = freshKey('replay');
    const first = await rawPost(server.url, '/api/orders', body, { 'idempotency-key': key });
    assert.equal(first.status, 201, first.body.toString());
    const orderId = JSON.parse(first.body).order_id;
    assert.ok(first.lines.includes(`Location: /api/orders/${orderId}`), first.lines.join('\n'));

    const again = await rawPost(server.url, '/api/orders', body, { 'idempotency-key': key });
    assert.equal(again.status, first.status);
    assert.deepEqual(again.lines.filter((l) => l !== 'Idempotent-Replayed: true'), first.lines);
    assert.ok(again.lines.includes('Idempotent-Replayed: true'));
    assert.ok(again.body.equals(first.body), 'the same body bytes');
  } finally {
    await server.stop();
  }
});
