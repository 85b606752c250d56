// Staff find an order by the short number the shopper reads out, without the
// shopper's email (shoppers still need it): staff of the pickup store and
// admins, any staff for a shipped order; staff of another store get the same
// 404 as a wrong number. A return a staff member records is in the staff
// action log like their other changes; a shopper's return by mail is not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  NYC_DESTINATION, TEST_ADMIN, TEST_PASSWORD, freshKey, getJson, orderBody, placeOrder, postJson, quote, signIn,
  startServer, staffAuth,
} from './helpers.mjs';

const STORE = 'philadelphia-center-city';
let server;
let clerk;       // staff of STORE
let otherClerk;  // staff of nyc-soho

before(async () => {
  server = await startServer();
  const admin = { authorization: `Bearer ${await signIn(server.url, TEST_ADMIN, TEST_PASSWORD)}` };
  const account = async (username, store) => {
    const made = await postJson(`${server.url}/api/admin/accounts`,
      { username, role: 'store', store, password: `${username} long password` }, admin);
    assert.equal(made.status, 201, made.text);
    return { authorization: `Bearer ${await signIn(server.url, username, `${username} long password`)}` };
  };
  clerk = await account('center-city-clerk', STORE);
  otherClerk = await account('soho-clerk', 'nyc-soho');
});
after(async () => { await server.stop(); });

async function order(cart, context) {
  const q = await quote(server, cart, context);
  const r = await placeOrder(server, orderBody(cart, context, q));
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const byNumber = (number, headers = {}, email) =>
  getJson(`${server.url}/api/orders/${encodeURIComponent(number)}${email ? `?email=${encodeURIComponent(email)}` : ''}`, { headers });

test('a pickup order by its number: its store\'s staff and admins without the email, other stores\' staff not', async () => {
  const placed = await order({ lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1, fulfilment: { type: 'pickup', store: STORE } }] },
    { location: { country: 'US', postal_code: '19103' } });
  assert.match(placed.number, /^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  assert.equal((await byNumber(placed.number)).status, 404, 'a shopper without the email');
  assert.equal((await byNumber(placed.number, {}, 'ada@example.com')).status, 200, 'a shopper with it');

  const asClerk = await byNumber(placed.number.toLowerCase().replace('-', ' '), clerk);
  assert.equal(asClerk.status, 200, asClerk.text);
  assert.equal(asClerk.body.order_id, placed.order_id);
  assert.equal(asClerk.body.customer.email, 'ada@example.com');
  assert.equal((await byNumber(placed.number, staffAuth(server))).status, 200, 'an admin');
  assert.equal((await byNumber(placed.number, otherClerk)).status, 404, 'staff of another store');
  assert.equal((await byNumber(placed.number, { authorization: 'Bearer not-a-session' })).status, 404);
});

test('a shipped order by its number: any store\'s staff; a staff return is in the action log, a shopper\'s is not', async () => {
  const placed = await order({ lines: [{ sku: 'NW-BASIC-TEE-L', quantity: 2 }] }, { destination: NYC_DESTINATION });
  const found = await byNumber(placed.number, otherClerk);
  assert.equal(found.status, 200, found.text);

  const line = [{ line: 0, quantity: 1, condition: 'sellable' }];
  const atStore = await postJson(`${server.url}/api/orders/${placed.order_id}/returns`,
    { lines: line, received: { kind: 'store', store: 'nyc-soho' } }, { ...otherClerk, 'idempotency-key': freshKey('ret') });
  assert.equal(atStore.status, 201, atStore.text);
  const byMail = await postJson(`${server.url}/api/orders/${placed.order_id}/returns`,
    { lines: line, received: { kind: 'mail' }, email: 'ada@example.com' }, { 'idempotency-key': freshKey('ret') });
  assert.equal(byMail.status, 201, byMail.text);

  const log = (await getJson(`${server.url}/api/admin/actions?limit=1000`)).body.actions;
  const returns = log.filter((a) => a.path === `/api/orders/${placed.order_id}/returns`);
  assert.deepEqual(returns.map((a) => [a.username, a.method, a.status]), [['soho-clerk', 'POST', 201]]);
});
