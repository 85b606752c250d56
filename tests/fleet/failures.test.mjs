// The fleet (fleet.mjs) when parts of it fail: an instance killed with
// SIGKILL in the middle of a stream of orders, and the database restarted
// under load. Shoppers behave like the widget: a request that got no answer
// (or a 502/503/504) is sent again with the same Idempotency-Key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { quote, orderBody, getJson, postJson, freshKey, audit, repoRoot, NYC_DESTINATION } from '../server/helpers.mjs';
import { startFleet } from './fleet.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SKUS = ['NW-BASIC-TEE-S', 'NW-BASIC-TEE-M', 'NW-BASIC-TEE-L'];

// One shopper's order, retried under its key until it has a final answer.
// Every answer seen is pushed to `seen`.
async function orderUntilAnswered(url, body, key, seen, attempts = 40) {
  for (let i = 0; i < attempts; ++i) {
    let r;
    try {
      r = await postJson(`${url}/api/orders`, body, { 'idempotency-key': key });
    } catch (e) {
      seen.push({ status: 'network', text: String(e) });
      await sleep(250);
      continue;
    }
    seen.push(r);
    if (![502, 503, 504].includes(r.status)) return r;
    await sleep(250);
  }
  throw new Error(`no final answer for ${key}`);
}

// An event stream held open (and read) until closed; a dropped connection is expected.
function holdEvents(url) {
  let received = 0;
  const req = http.get(`${url}/api/events`, (res) => {
    res.on('data', (chunk) => { received += chunk.length; });
    res.on('error', () => {});
  });
  req.on('error', () => {});
  return { close: () => req.destroy(), received: () => received };
}

async function settledEtags(servers, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tags = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/api/catalog`)).headers.get('etag')));
    if (new Set(tags).size === 1 || Date.now() > deadline) return tags;
    await sleep(100);
  }
}

test('kill -9 of one instance mid-stream: the others keep serving and no acknowledged order is lost', async () => {
  const fleet = await startFleet({ instances: 3 });
  try {
    const context = { destination: NYC_DESTINATION };
    const carts = SKUS.map((sku) => ({ lines: [{ sku, quantity: 1 }], shipping_method: 'standard' }));
    const quotes = await Promise.all(carts.map((c) => quote({ url: fleet.url }, c, context)));
    const victim = fleet.servers[2];
    const streams = [holdEvents(victim.url), holdEvents(fleet.url)];

    const seen = [];
    const acknowledged = [];
    let started = 0;
    let killed = false;
    const inFlight = [];
    const shopper = async () => {
      while (started < 60) {
        const i = started++;
        if (i === 20 && !killed) {
          killed = true;
          // Orders in flight at the victim when it dies: whoever got no
          // answer sends again, same key, through nginx.
          for (let k = 0; k < 4; ++k) {
            const body = orderBody(carts[k % 3], context, quotes[k % 3], { name: `Direct ${k}`, email: `direct${k}@example.com` });
            const key = freshKey(`fleet-direct${k}`);
            inFlight.push(postJson(`${victim.url}/api/orders`, body, { 'idempotency-key': key })
              .catch((e) => ({ status: 'network', text: String(e) }))
              .then((r) => { seen.push(r); return r.status === 201 ? r : orderUntilAnswered(fleet.url, body, key, seen); }));
          }
          await sleep(5);
          await victim.kill9();
        }
        const r = await orderUntilAnswered(fleet.url, orderBody(carts[i % 3], context, quotes[i % 3],
          { name: `Shopper ${i}`, email: `kill${i}@example.com` }), freshKey(`fleet-kill${i}`), seen);
        if (r.status === 201) acknowledged.push(r.body.order_id);
        else assert.equal(r.status, 409, r.text);
      }
    };
    await Promise.all(Array.from({ length: 8 }, shopper));
    for (const r of await Promise.all(inFlight)) {
      assert.equal(r.status, 201, r.text);
      acknowledged.push(r.body.order_id);
    }
    for (const s of streams) s.close();
    assert.ok(killed);
    assert.ok(victim.child.signalCode === 'SIGKILL');

    // Every order a shopper was told about exists, read through any survivor.
    const survivors = fleet.servers.slice(0, 2);
    for (const id of acknowledged) {
      for (const s of survivors) {
        const r = await getJson(`${s.url}/api/orders/${id}`);
        assert.equal(r.status, 200, `acknowledged order ${id} is missing on ${s.url}`);
      }
    }
    assert.equal(new Set(acknowledged).size, acknowledged.length, 'no order was placed twice');
    assert.ok(acknowledged.length >= 50, `orders went on after the kill: ${acknowledged.length} of 64`);
    const health = await fetch(`${fleet.url}/api/health`);
    assert.equal(health.status, 200);
    assert.equal((await audit(survivors[0])).consistent, true);
    const witness = await fleet.witness();
    try {
      const tags = await settledEtags([...survivors, witness]);
      assert.equal(new Set(tags).size, 1, `the survivors serve the database's stock: ${tags}`);
    } finally {
      await witness.stop();
    }
    const statuses = {};
    for (const r of seen) statuses[r.status] = (statuses[r.status] || 0) + 1;
    console.log(`fleet kill -9: ${acknowledged.length} of 64 orders acknowledged, all found afterwards; answers seen ${JSON.stringify(statuses)} (${fleet.backend})`);
    fleet.servers.splice(2, 1);  // already gone
    await victim.stop();
  } finally {
    await fleet.stop();
  }
});

test('restarting PostgreSQL under load gives only clean 503s and a correct resync afterwards', async (t) => {
  const fleet = await startFleet({ instances: 3, args: ['--stock-resync-ms', '1000'] });
  try {
    if (fleet.backend !== 'postgresql') {
      t.skip('needs the PostgreSQL backend (CHECKOUT_TEST_DATABASE_URL and a server built with it)');
      return;
    }
    const context = { destination: NYC_DESTINATION };
    const carts = SKUS.map((sku) => ({ lines: [{ sku, quantity: 1 }], shipping_method: 'standard' }));
    const quotes = await Promise.all(carts.map((c) => quote({ url: fleet.url }, c, context)));
    const answers = [];
    let running = true;
    let n = 0;
    const load = async () => {
      while (running) {
        const i = n++;
        const useQuote = i % 2 === 0;
        try {
          const r = useQuote
            ? await postJson(`${fleet.url}/api/quote`, { cart: carts[i % 3], context })
            : await postJson(`${fleet.url}/api/orders`, orderBody(carts[i % 3], context, quotes[i % 3],
              { name: `Load ${i}`, email: `load${i}@example.com` }), { 'idempotency-key': freshKey(`fleet-pg${i}`) });
          answers.push(r);
        } catch (e) {
          answers.push({ status: 'network', text: String(e), headers: new Headers() });
        }
      }
    };
    const workers = Array.from({ length: 6 }, load);
    await sleep(500);
    execFileSync(join(repoRoot, 'scripts/lib/with-postgres.sh'), ['--ctl', 'restart', '-m', 'fast']);
    await sleep(2000);
    running = false;
    await Promise.all(workers);

    const unclean = answers.filter((r) => ![200, 201, 409, 503].includes(r.status));
    assert.deepEqual(unclean.map((r) => `${r.status} ${r.text}`.slice(0, 300)), []);
    const unavailable = answers.filter((r) => r.status === 503);
    for (const r of unavailable) {
      assert.ok(r.headers.get('retry-after'), `a 503 without Retry-After: ${r.text}`);
      assert.match(r.body.error.code, /\w+/);
    }
    // Orders go through again on every instance.
    for (const s of fleet.servers) {
      const r = await orderUntilAnswered(s.url, orderBody(carts[0], context, quotes[0]), freshKey('fleet-pg-after'), []);
      assert.equal(r.status, 201, r.text);
    }
    // Resync: every instance serves the database's levels, as an instance
    // started now from the database alone does.
    const witness = await fleet.witness();
    try {
      const tags = await settledEtags([...fleet.servers, witness]);
      assert.equal(new Set(tags).size, 1, `catalog ETags differ after the restart (last: a fresh instance): ${tags}`);
    } finally {
      await witness.stop();
    }
    assert.equal((await audit(fleet.servers[0])).consistent, true);
    console.log(`fleet PostgreSQL restart: ${answers.length} answers under load, ${unavailable.length} clean 503s, none unclean`);
  } finally {
    await fleet.stop();
  }
});
