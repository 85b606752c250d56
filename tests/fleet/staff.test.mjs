// Staff accounts across the fleet (fleet.mjs): sessions, sign-in links,
// revokes and the sign-in throttle live in the database the instances share
// (PostgreSQL; one SQLite file when run without it), so whichever instance a
// staff member's request reaches must answer the same.
//
// Requests sent straight to an instance come from 127.0.0.1, the trusted
// proxy, so an X-Forwarded-For header names the client: each case uses
// addresses of its own and the throttle's counts never leak between cases.
// Through nginx the client is always 127.0.0.1 (nginx overwrites the header).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, postJson, signIn, staffAuth, TEST_ADMIN, TEST_PASSWORD } from '../server/helpers.mjs';
import { startFleet } from './fleet.mjs';

let fleet;
before(async () => {
  fleet = await startFleet({ instances: 3 });
  console.log(`fleet: 3 instances on ${fleet.backend}, nginx at ${fleet.url}`);
});
after(async () => { await fleet?.stop(); });

const bearer = (token) => ({ authorization: `Bearer ${token}` });
const whoAmI = (url, token) => getJson(`${url}/api/staff/session`, { headers: bearer(token) });
const useLink = (url, token, client) =>
  postJson(`${url}/api/staff/link`, { token, bearer: true }, { 'x-forwarded-for': client });
const signInAs = (url, username, password, client) =>
  postJson(`${url}/api/staff/session`, { username, password, bearer: true }, client ? { 'x-forwarded-for': client } : {});

// A new account made by the test admin on instance `on`; its one-time link token.
async function newAccount(username, { on = 0, password } = {}) {
  const server = fleet.servers[on];
  const r = await postJson(`${server.url}/api/admin/accounts`,
    { username, role: 'store', store: 'boston-back-bay', ...(password ? { password } : {}) }, staffAuth(server));
  assert.equal(r.status, 201, r.text);
  return { account: r.body.account, link: r.body.signin_link.split('#signin=')[1] };
}

test('a session made by signing in on one instance works on every other', async () => {
  const token = await signIn(fleet.servers[0].url, TEST_ADMIN, TEST_PASSWORD);
  for (const s of fleet.servers) {
    const r = await whoAmI(s.url, token);
    assert.equal(r.status, 200, `${s.url}: ${r.text}`);
    assert.equal(r.body.account.username, TEST_ADMIN);
  }
  // Signed out on the second, refused by all three.
  const out = await getJson(`${fleet.servers[1].url}/api/staff/session`, { method: 'DELETE', headers: bearer(token) });
  assert.equal(out.status, 200, out.text);
  for (const s of fleet.servers) assert.equal((await whoAmI(s.url, token)).status, 401, s.url);
});

test('one sign-in link used on all three instances at once opens exactly one session', async () => {
  const rounds = 8;
  let exactlyOne = 0;
  for (let round = 0; round < rounds; ++round) {
    const { link } = await newAccount(`linkrace${round}`, { on: round % 3 });
    const results = await Promise.all(fleet.servers.map((s) => useLink(s.url, link, `198.51.100.${round + 1}`)));
    const won = results.filter((r) => r.status === 201);
    assert.equal(won.length, 1, JSON.stringify(results.map((r) => [r.status, r.body?.error?.code])));
    for (const r of results.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 401, r.text);
      assert.equal(r.body.error.code, 'invalid_link');
    }
    // The winner's session is good everywhere.
    for (const s of fleet.servers) assert.equal((await whoAmI(s.url, won[0].body.token)).status, 200);
    exactlyOne += 1;
  }
  console.log(`fleet link race: ${rounds} links each used on 3 instances at once, ${exactlyOne} opened exactly one session`);
});

test('an account revoked on one instance is refused by the others on the next request', async () => {
  const { account, link } = await newAccount('revokee');
  const session = (await useLink(fleet.servers[0].url, link, '198.51.100.100')).body.token;
  assert.ok(session);
  const orders = (url) => getJson(`${url}/api/stores/boston-back-bay/orders`, { headers: bearer(session) });
  for (const s of fleet.servers) assert.equal((await orders(s.url)).status, 200, `before the revoke, on ${s.url}`);

  const revoked = await postJson(`${fleet.servers[1].url}/api/admin/accounts/${account.id}/revoke`, {}, staffAuth(fleet.servers[1]));
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.body.account.revoked, true);
  for (const s of [fleet.servers[0], fleet.servers[2], fleet.servers[1]]) {
    const r = await orders(s.url);
    assert.equal(r.status, 401, `after the revoke, ${s.url} still serves the revoked session: ${r.text}`);
    assert.equal((await whoAmI(s.url, session)).status, 401);
  }
});

test('failed sign-ins spread over the instances add up to one limit per username and per client', async (t) => {
  if (fleet.backend !== 'postgresql') {
    t.skip('shared in PostgreSQL only (each SQLite process throttles in its own memory)');
    return;
  }
  const password = 'the right password for this case';
  await newAccount('throttled', { password });
  // Through nginx, round robin: five wrong passwords reach all three instances.
  for (let i = 0; i < 5; ++i) {
    const r = await signInAs(fleet.url, 'throttled', `wrong password number ${i}`);
    assert.equal(r.status, 401, `attempt ${i}: ${r.text}`);
  }
  // Now even the right password is refused, on every instance and from anywhere.
  for (const [i, s] of fleet.servers.entries()) {
    const r = await signInAs(s.url, 'throttled', password, `203.0.113.${i + 1}`);
    assert.equal(r.status, 429, `${s.url}: ${r.text}`);
    assert.equal(r.body.error.code, 'too_many_attempts');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
  }
  // Twenty failures from one client address, spread over the instances and
  // over usernames, close it for every username, a link included.
  const client = '203.0.113.50';
  for (let i = 0; i < 20; ++i) {
    const r = await signInAs(fleet.servers[i % 3].url, `nobody${i}`, 'not a password at all', client);
    assert.equal(r.status, 401, `failure ${i}: ${r.text}`);
  }
  for (const s of fleet.servers) {
    assert.equal((await signInAs(s.url, TEST_ADMIN, TEST_PASSWORD, client)).status, 429, s.url);
    assert.equal((await useLink(s.url, 'some-link-token', client)).status, 429, s.url);
  }
  // Another address is not affected.
  assert.equal((await signInAs(fleet.servers[0].url, TEST_ADMIN, TEST_PASSWORD, '203.0.113.51')).status, 201);
});
