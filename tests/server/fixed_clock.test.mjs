// --fixed-clock: the deterministic mode for merchants' tests. The server's
// clock stands still, so the Date the widget sets its clock by, the instant
// a quote is priced at and an order's time are the same on every run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getJson, postJson, serverBinary, startServer } from './helpers.mjs';

const FIXED = '2026-03-02T15:00:00Z';
let server;

before(async () => { server = await startServer({ args: ['--fixed-clock', FIXED] }); });
after(async () => { await server.stop(); });

test('the catalog\'s Date is the fixed instant', async () => {
  const r = await getJson(`${server.url}/api/catalog`);
  assert.equal(r.status, 200);
  assert.equal(new Date(r.headers.get('date')).toISOString(), '2026-03-02T15:00:00.000Z');
});

test('a quote without a client clock, or with one far off, is priced at the fixed instant', async () => {
  const cart = { lines: [{ sku: 'NW-DRIF-CREWTE-CHARCOAL-XS', quantity: 1 }], coupons: [], currency: 'USD' };
  const plain = await postJson(`${server.url}/api/quote`, { cart, context: { destination: { country: 'US', region: 'NY', postal_code: '10012' } } });
  assert.equal(plain.status, 200, plain.text);
  const farOff = await postJson(`${server.url}/api/quote`, { cart, context: { now: '2030-01-01T00:00:00Z', destination: { country: 'US', region: 'NY', postal_code: '10012' } } });
  assert.equal(farOff.status, 200, farOff.text);
  // Delivery dates count from the fixed instant (a Monday), not from today.
  const earliest = plain.body.details.shipping.options.map((o) => o.delivery.earliest);
  assert.ok(earliest.length > 0);
  for (const day of earliest) assert.match(day, /^2026-03-0[3-9]$/);
  // The same instant gives the same quote, byte for byte (the fingerprint
  // covers only the binding part; the delivery dates are in the details).
  assert.equal(plain.text, farOff.text);
});

test('a --fixed-clock that is not an RFC 3339 instant stops the server at start', () => {
  const r = spawnSync(serverBinary, ['--port', '0', '--db', ':memory:', '--fixed-clock', 'tomorrow'], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--fixed-clock/);
});
