// The server's errors name what their English sentence is about in `params`
// (docs/api.md, "Errors in the shopper's language"), so the widget can say
// them in the shopper's language: quantities and limits as numbers, SKUs and
// store ids as text, the wait as retry_after seconds. Every body also matches
// docs/schema/error.schema.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  startServer, postJson, getJson, quote, orderBody, placeOrder, storeStock, freshKey, currentSecond,
} from './helpers.mjs';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validError = ajv.compile(JSON.parse(readFileSync(new URL('../../docs/schema/error.schema.json', import.meta.url), 'utf8')));

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

// The error of a refused request, checked against the schema.
function refusal(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.ok(validError(r.body), `${ajv.errorsText(validError.errors)}\n${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  return r.body.error;
}

const quoteBody = (lines, context = {}) => ({ cart: { lines }, context: { now: currentSecond(), ...context } });

test('quantity_too_large: the SKU and its limit per order (max_per_order, then the global 1,000,000)', async () => {
  // NW-LTD-LANTERN: max_per_order 2 (server-stub/data/demo).
  const perOrder = refusal(await postJson(`${server.url}/api/quote`, quoteBody([{ sku: 'NW-LTD-LANTERN', quantity: 3 }])), 400, 'quantity_too_large');
  assert.deepEqual(perOrder.params, { max: 2, sku: 'NW-LTD-LANTERN' });
  assert.equal(perOrder.path, '/cart/lines/0/quantity');
  const huge = refusal(await postJson(`${server.url}/api/quote`, quoteBody([{ sku: 'NW-BASIC-TEE-M', quantity: 1000001 }])), 400, 'quantity_too_large');
  assert.deepEqual(huge.params, { max: 1000000, sku: 'NW-BASIC-TEE-M' });
});

test('quantity_too_large at order time carries the same params', async () => {
  const body = {
    cart: { lines: [{ sku: 'NW-LTD-LANTERN', quantity: 3 }] }, context: { now: currentSecond() },
    client_quote: { fingerprint: '0'.repeat(64), grand_total: 1 }, customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
  };
  const e = refusal(await placeOrder(server, body), 400, 'quantity_too_large');
  assert.deepEqual(e.params, { max: 2, sku: 'NW-LTD-LANTERN' });
});

test('not_pickup_eligible: the SKU', async () => {
  const r = await postJson(`${server.url}/api/quote`,
    quoteBody([{ sku: 'NW-KAYAK-12-LAGOON-TEAL', quantity: 1, fulfilment: { type: 'pickup', store: 'nyc-soho' } }]));
  const e = refusal(r, 400, 'not_pickup_eligible');
  assert.deepEqual(e.params, { sku: 'NW-KAYAK-12-LAGOON-TEAL' });
  assert.equal(e.path, '/cart/lines/0/fulfilment');
});

test('unknown_sku and unknown_store name what is unknown', async () => {
  assert.deepEqual(refusal(await postJson(`${server.url}/api/quote`, quoteBody([{ sku: 'NO-SUCH', quantity: 1 }])), 400, 'unknown_sku').params,
    { sku: 'NO-SUCH' });
  const store = await postJson(`${server.url}/api/quote`, quoteBody([{ sku: 'NW-BASIC-TEE-M', quantity: 1, fulfilment: { type: 'pickup', store: 'atlantis' } }]));
  assert.deepEqual(refusal(store, 400, 'unknown_store').params, { store: 'atlantis' });
  assert.deepEqual(refusal(await getJson(`${server.url}/api/availability?skus=NW-BASIC-TEE-M,NOPE`), 404, 'unknown_sku').params, { sku: 'NOPE' });
  assert.deepEqual(refusal(await getJson(`${server.url}/api/stores/atlantis/stock`), 404, 'unknown_store').params, { store: 'atlantis' });
});

// An order's insufficient_stock is built by the same function as a sale's
// (stock_refusal.cpp; tests/server_unit/error_body_test.cpp): over HTTP only a
// race between the quote and the stock transaction reaches it (races.test.mjs).
test('insufficient_stock of a store sale names the store', async () => {
  const store = 'denver-larimer';
  const sku = 'NW-BASIC-TEE-L';
  const have = (await storeStock(server, store, sku)).available;
  const r = await postJson(`${server.url}/api/stores/${store}/sales`, { cart: { lines: [{ sku, quantity: have + 1 }] } });
  const e = refusal(r, 409, 'insufficient_stock');
  assert.deepEqual(e.params, { sku, requested: have + 1, available: have, store, short_lines: 1 });
});

test('illegal_transition names both statuses; days out of range names the range', async () => {
  const cart = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1, fulfilment: { type: 'pickup', store: 'nyc-soho' } }] };
  const context = { location: { country: 'US', postal_code: '10012' } };
  const q = await quote(server, cart, context);
  const placed = await placeOrder(server, orderBody(cart, context, q, { name: 'Params', email: 'params@example.com' }), freshKey('params'));
  assert.equal(placed.status, 201, placed.text);
  const path = `${server.url}/api/stores/nyc-soho/orders/${placed.body.order_id}`;
  assert.equal((await postJson(`${path}/status`, { status: 'cancelled' })).status, 200);
  assert.deepEqual(refusal(await postJson(`${path}/status`, { status: 'picked_up' }), 409, 'illegal_transition').params,
    { from: 'cancelled', to: 'picked_up' });
  assert.deepEqual(refusal(await postJson(`${path}/hold`, { days: 31 }), 400, 'invalid_value').params, { field: 'days', min: 1, max: 30 });
});

test('field checks name the field; limits name their range', async () => {
  const r = await placeOrder(server, { cart: { lines: [] }, context: {}, client_quote: { fingerprint: 'x', grand_total: 0 }, customer: { name: 'A' } });
  assert.deepEqual(refusal(r, 400, 'missing_field').params, { field: 'email' });
  const unknown = await postJson(`${server.url}/api/quote`, { cart: { lines: [] }, context: {}, colour: 'red' });
  assert.equal(unknown.status, 400);
  assert.ok(validError(unknown.body));
  assert.deepEqual(refusal(await getJson(`${server.url}/api/availability?skus=NW-BASIC-TEE-M&limit=99`), 400, 'invalid_value').params,
    { field: 'limit', min: 1, max: 50 });
  const many = Array.from({ length: 51 }, (_, i) => `S${i}`).join(',');
  assert.deepEqual(refusal(await getJson(`${server.url}/api/availability?skus=${many}`), 400, 'too_many').params, { max: 50 });
});

test('method_not_allowed names the allowed methods', async () => {
  const r = await getJson(`${server.url}/api/orders`, { method: 'DELETE' });
  const e = refusal(r, 405, 'method_not_allowed');
  assert.equal(e.params.allow, r.headers.get('allow'));
});

// Last: it leaves this address rate-limited.
test('rate_limited: retry_after, the same seconds as the Retry-After header', async () => {
  const cartWith = (code) => ({ lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }], coupons: [code] });
  let r;
  for (let i = 0; i < 20; ++i) {
    r = await postJson(`${server.url}/api/quote`, { cart: cartWith(`PARAMGUESS${i}`), context: {} });
    if (r.status === 429) break;
  }
  const e = refusal(r, 429, 'rate_limited');
  const seconds = Number(r.headers.get('retry-after'));
  assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${seconds}`);
  assert.deepEqual(e.params, { retry_after: seconds });
  assert.equal(e.path, '/cart/coupons');
});
