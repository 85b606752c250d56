// The address cases of tests/address/cases.json on the two other sides: the
// wasm core through its JS API (what the widget asks), and the server's
// POST /api/orders (400 with a path under /shipping_address, or 201 with the
// address stored in its normal form). The core's own run of the same table is
// tests/unit/address_rules_test.cpp.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { loadWasmApi } from '../parity/clis.mjs';
import { freshKey, getJson, orderBody, placeOrder, quote, repoRoot, startServer } from './helpers.mjs';

const { cases } = JSON.parse(readFileSync(join(repoRoot, 'tests/address/cases.json'), 'utf8'));
const CART = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }] };

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

test('the table has cases of every kind', () => {
  assert.ok(cases.some((c) => c.expect.error?.code === 'postal_code_mismatch'));
  assert.ok(cases.some((c) => c.expect.error?.code === 'invalid_value'));
  assert.ok(cases.some((c) => !c.expect.error));
});

test('the wasm core answers every case as the table says', async () => {
  const core = await (await loadWasmApi()).loadCheckoutCore();
  for (const c of cases) {
    const r = core.checkAddress(c.address);
    if (c.expect.error) {
      assert.equal(r.ok, false, c.name);
      assert.equal(r.error.code, c.expect.error.code, c.name);
      assert.equal(r.error.path, c.expect.error.path, c.name);
    } else {
      assert.equal(r.ok, true, `${c.name}: ${r.error?.message}`);
      assert.deepEqual(r.address, { country: c.address.country, region: c.expect.region, postal_code: c.expect.postal_code }, c.name);
    }
  }
});

test('the server refuses or places every case as the table says', async () => {
  for (const c of cases.filter((x) => x.server !== false)) {
    const shippingAddress = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Somewhere', ...c.address };
    if (c.expect.error) {
      // Refused before anything is quoted: the client quote's content does not matter.
      const body = { cart: CART, context: {}, client_quote: { fingerprint: 'x', grand_total: 0 },
        customer: { name: 'Ada Lovelace', email: 'ada@example.com' }, shipping_address: shippingAddress };
      const r = await placeOrder(server, body, freshKey('address'));
      assert.equal(r.status, 400, `${c.name}: ${r.text}`);
      assert.equal(r.body.error.code, c.expect.error.code, c.name);
      assert.equal(r.body.error.path, `/shipping_address${c.expect.error.path}`, c.name);
      continue;
    }
    const destination = { country: c.address.country, region: c.expect.region, postal_code: c.expect.postal_code };
    const context = { destination };
    const q = await quote(server, CART, context);
    const r = await placeOrder(server, orderBody(CART, context, q, undefined, { shipping_address: shippingAddress }));
    assert.equal(r.status, 201, `${c.name}: ${r.text}`);
    const stored = await getJson(`${server.url}/api/orders/${r.body.order_id}`);
    assert.equal(stored.body.shipping_address.postal_code, c.expect.postal_code, c.name);
    assert.equal(stored.body.shipping_address.region, c.expect.region, c.name);
  }
});

test('Los Angeles with New York is refused, not taxed as New York', async () => {
  const r = await placeOrder(server, {
    cart: CART, context: {}, client_quote: { fingerprint: 'x', grand_total: 0 },
    customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
    shipping_address: { line1: '350 S Grand Ave', city: 'Los Angeles', region: 'NY', postal_code: '90013', country: 'US' },
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'postal_code_mismatch');
  assert.equal(r.body.error.path, '/shipping_address/postal_code');
  assert.match(r.body.error.message, /California/);
});
