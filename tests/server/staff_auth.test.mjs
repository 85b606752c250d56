// Staff sign-in against the real server: the first start's one-time link,
// store staff confined to their store, revocation, sign-in brute force, and
// a cross-site form post that must not change an order. The full access
// matrix is tests/server_unit/staff_authz_test.cpp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, quote, orderBody, placeOrder, postJson, getJson, signIn, TEST_ADMIN, TEST_PASSWORD } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const STORE = 'philadelphia-center-city';
const OTHER_STORE = 'boston-back-bay';
const bearer = (token) => ({ authorization: `Bearer ${token}` });

async function pickupOrder() {
  const cart = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1, fulfilment: { type: 'pickup', store: STORE } }] };
  const context = { location: { country: 'US', postal_code: '19103' } };
  const q = await quote(server, cart, context);
  const r = await placeOrder(server, orderBody(cart, context, q));
  assert.equal(r.status, 201, r.text);
  return r.body.order_id;
}

async function storeAccount(username, store) {
  const adminToken = await signIn(server.url, TEST_ADMIN, TEST_PASSWORD);
  const made = await postJson(`${server.url}/api/admin/accounts`, { username, role: 'store', store, password: `${username} long password` },
    bearer(adminToken));
  assert.equal(made.status, 201, made.text);
  return { account: made.body.account, token: await signIn(server.url, username, `${username} long password`) };
}

test('first start: no account, so an admin is made and its sign-in link printed once; the link works once', async () => {
  const fresh = await startServer({ staff: false });
  try {
    const links = fresh.stdout().match(/Staff sign-in link for admin \(one-time, 24 h\): (\S+)/g) ?? [];
    assert.equal(links.length, 1, fresh.stdout());
    const token = new URL(links[0].split(': ')[1]).hash.replace('#signin=', '');
    assert.equal((await getJson(`${fresh.url}/api/admin/audit`)).status, 401, 'nothing staff-only is open before sign-in');
    assert.equal((await getJson(`${fresh.url}/api/stores/${STORE}/orders`)).status, 401);
    const first = await postJson(`${fresh.url}/api/staff/link`, { token, bearer: true });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.account.role, 'admin');
    assert.match(first.headers.get('set-cookie'), /^checkout_staff=[^;]+; Path=\/api\/; HttpOnly; SameSite=Strict/);
    assert.equal((await getJson(`${fresh.url}/api/admin/audit`, { headers: bearer(first.body.token) })).status, 200);
    const again = await postJson(`${fresh.url}/api/staff/link`, { token });
    assert.equal(again.status, 401);
    assert.equal(again.body.error.code, 'invalid_link');
    await fresh.stop({ keep: true });
    // Restarted on the same database: the admin exists, nothing is printed.
    const restarted = await startServer({ dir: fresh.dir, staff: false });
    try {
      assert.doesNotMatch(restarted.stdout(), /sign-in link/);
    } finally {
      await restarted.stop();
    }
  } finally {
    await fresh.stop();
  }
});

test('store staff act on their own store only, and the action log names them', async () => {
  const { account, token } = await storeAccount('philly-clerk', STORE);
  const order = await pickupOrder();
  assert.equal((await getJson(`${server.url}/api/stores/${STORE}/orders`, { headers: bearer(token) })).status, 200);
  assert.equal((await getJson(`${server.url}/api/stores/${OTHER_STORE}/orders`, { headers: bearer(token) })).status, 403);
  assert.equal((await getJson(`${server.url}/api/admin/audit`, { headers: bearer(token) })).status, 403);
  const ready = await postJson(`${server.url}/api/stores/${STORE}/orders/${order}/status`, { status: 'ready_for_pickup' }, bearer(token));
  assert.equal(ready.status, 200, ready.text);
  const log = await getJson(`${server.url}/api/admin/actions`);
  const entry = log.body.actions.find((a) => a.path === `/api/stores/${STORE}/orders/${order}/status`);
  assert.equal(entry.account_id, account.id);
  assert.equal(entry.username, 'philly-clerk');
});

test('a revoked account loses its sessions at once', async () => {
  const { account, token } = await storeAccount('short-lived', STORE);
  assert.equal((await getJson(`${server.url}/api/stores/${STORE}/stock`, { headers: bearer(token) })).status, 200);
  const revoked = await postJson(`${server.url}/api/admin/accounts/${account.id}/revoke`, {},
    bearer(await signIn(server.url, TEST_ADMIN, TEST_PASSWORD)));
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal((await getJson(`${server.url}/api/stores/${STORE}/stock`, { headers: bearer(token) })).status, 401);
  const again = await postJson(`${server.url}/api/staff/session`, { username: 'short-lived', password: 'short-lived long password' });
  assert.equal(again.status, 401);
});

test('sign-in brute force is rate-limited per username', async () => {
  await storeAccount('brute-target', STORE);
  const statuses = [];
  for (let i = 0; i < 8; ++i) {
    statuses.push((await postJson(`${server.url}/api/staff/session`, { username: 'brute-target', password: `guess-${i}-xxxxxx` })).status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
  const right = await postJson(`${server.url}/api/staff/session`, { username: 'brute-target', password: 'brute-target long password' });
  assert.equal(right.status, 429, 'the owner waits too: the limiter cannot tell them apart');
  assert.ok(Number(right.headers.get('retry-after')) > 0);
});

test('a cross-site form post carrying the session cookie cannot change an order\'s status', async () => {
  const order = await pickupOrder();
  const signedIn = await postJson(`${server.url}/api/staff/session`, { username: TEST_ADMIN, password: TEST_PASSWORD });
  const cookie = signedIn.headers.get('set-cookie').split(';')[0];
  // What a browser would send for <form method=post action=...> on another site
  // if it attached the cookie at all (SameSite=Strict says it does not).
  const forged = await getJson(`${server.url}/api/stores/${STORE}/orders/${order}/status`, {
    method: 'POST',
    headers: { cookie, origin: 'https://attacker.example', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    body: 'status=cancelled',
  });
  // The CORS layer refuses a foreign Origin on any staff path first...
  assert.equal(forged.status, 403);
  assert.equal(forged.body.error.code, 'cross_origin_refused');
  // ...and the staff guard refuses a cookie-carried change that names no origin at all.
  const noOrigin = await getJson(`${server.url}/api/stores/${STORE}/orders/${order}/status`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'status=cancelled',
  });
  assert.equal(noOrigin.status, 403);
  assert.equal(noOrigin.body.error.code, 'cross_site_request');
  const after = await getJson(`${server.url}/api/orders/${order}`);
  assert.equal(after.body.status, 'placed');
  // The same cookie from the staff page itself (same origin) is fine.
  const host = new URL(server.url).host;
  const own = await getJson(`${server.url}/api/stores/${STORE}/orders/${order}/status`, {
    method: 'POST',
    headers: { cookie, origin: `http://${host}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'cancelled' }),
  });
  assert.equal(own.status, 200, own.text);
});
