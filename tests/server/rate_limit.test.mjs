// Coupon brute force: after 10 unknown codes in a minute from one address,
// coupon attempts get 429 with Retry-After, while /api/health, quotes
// without coupons and other clients keep working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, postJson, getJson, quote, orderBody, placeOrder, NYC_DESTINATION } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const cartWith = (code) => ({ lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }], coupons: [code] });

test('429 after repeated unknown coupons, health still answers', async () => {
  // A real code does not count.
  const valid = await quote(server, cartWith('WELCOME10'), {});
  assert.equal(valid.binding.promotions[0].id, 'welcome10');
  for (let i = 0; i < 10; ++i) {
    const r = await postJson(`${server.url}/api/quote`, { cart: cartWith(`GUESS${i}`), context: {} });
    assert.equal(r.status, 200, `attempt ${i + 1} is still answered`);
    assert.equal(r.body.details.promotions.rejected[0].reason, 'unknown');
  }
  const limited = await postJson(`${server.url}/api/quote`, { cart: cartWith('GUESS10'), context: {} });
  assert.equal(limited.status, 429);
  assert.equal(limited.body.error.code, 'rate_limited');
  const retryAfter = Number(limited.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  // Even a valid code waits: the guard cannot tell guesses from codes.
  assert.equal((await postJson(`${server.url}/api/quote`, { cart: cartWith('WELCOME10'), context: {} })).status, 429);

  const health = await getJson(`${server.url}/api/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: 'ok' });
  // Without coupons the shop still works for this client.
  const plain = await postJson(`${server.url}/api/quote`, { cart: { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }] }, context: {} });
  assert.equal(plain.status, 200);

  // Orders share the same budget.
  const cart = { ...cartWith('WELCOME10'), shipping_method: 'standard' };
  const context = { destination: NYC_DESTINATION };
  const order = await placeOrder(server, orderBody(cart, context, valid));
  assert.equal(order.status, 429);
});
