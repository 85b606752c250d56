// Clients that never read: 1,000 live-stock subscribers and 1,000 connections
// downloading the catalog (8 times each, pipelined), all paused, while counter sales push thousands of stock events.
// Under 256 MB the server survives, /api/health keeps answering, resident
// memory stays within the output budget (plus the idle server), the slowest
// readers are the ones dropped, and clients that do read are served in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startServer, watchHealth, post, repoRoot } from './harness.mjs';
import { stockBySku } from '../server/helpers.mjs';

const MiB = 1024 * 1024;
// Small enough that the kernel's socket buffers cannot hide the non-readers
// (loopback takes a few MiB per connection before output waits in the server).
const OUTPUT_BUDGET_MIB = 8;
const SLACK_MIB = 64;          // allocator slack, kernel-facing copies, the engines swapped per sale
const PER_KIND = 1000;
const ROUNDS = 2;              // each round sells one unit of every stocked SKU at every store

const catalog = JSON.parse(readFileSync(join(repoRoot, 'server-stub/data/demo/catalog.json'), 'utf8'));

// A socket that sends its requests and then never reads (node stops reading
// a paused socket, so the kernel's buffers fill and the server's output waits).
function nonReader(server, path, pipelined = 1) {
  return new Promise((resolve) => {
    const s = connect({ host: server.host, port: server.port });
    const state = { socket: s };
    s.on('error', () => {});
    s.on('connect', () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`.repeat(pipelined));
      s.pause();
      resolve(state);
    });
  });
}

// A subscriber that reads: counts the stock events it receives.
function reader(server) {
  const state = { events: 0, ended: false };
  const req = http.get({ host: server.host, port: server.port, path: '/api/events', agent: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (d) => { state.events += d.split('event: stock').length - 1; });
    res.on('end', () => { state.ended = true; });
    res.on('error', () => { state.ended = true; });
  });
  req.on('error', () => { state.ended = true; });
  state.close = () => req.destroy();
  return state;
}

test('1,000 non-reading subscribers and 1,000 unread catalog downloads stay within the output budget', { timeout: 240000 }, async () => {
  const server = await startServer({ args: ['--output-budget-mb', String(OUTPUT_BUDGET_MIB)] });
  const health = watchHealth(server, { limitMs: 3000 });  // a generous liveness bound
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, server.rss()); }, 50);
  const sockets = [];
  try {
    const idleRss = server.rss();
    const live = reader(server);
    for (let i = 0; i < PER_KIND; ++i) sockets.push(await nonReader(server, '/api/events'));
    // Eight downloads pipelined on each: more than the kernel's buffers take,
    // so most of each waits in the server (one each would fit in the kernel).
    for (let i = 0; i < PER_KIND; ++i) sockets.push(await nonReader(server, '/api/catalog', 8));

    // Thousands of stock events, each fanned out to every subscriber.
    let sold = 0;
    const saleFailures = [];
    for (let round = 0; round < ROUNDS; ++round) {
      for (const store of catalog.stores) {
        const lines = Object.entries(stockBySku(catalog, store))
          .filter(([, units]) => units > ROUNDS)
          .map(([sku]) => ({ sku, quantity: 1 }));
        for (let i = 0; i < lines.length; i += 100) {
          const part = lines.slice(i, i + 100);
          const r = await post(server, `/api/stores/${store.id}/sales`, { cart: { lines: part } });
          if (r.status === 201) sold += part.length;
          else saleFailures.push(`${r.status} ${r.text.slice(0, 200)}`);
        }
      }
    }
    // A client that reads gets the whole catalog while the others do not read.
    const full = await new Promise((resolve) => {
      http.get({ host: server.host, port: server.port, path: '/api/catalog', agent: false }, (res) => {
        let bytes = 0;
        res.on('data', (d) => { bytes += d.length; });
        res.on('end', () => resolve({ status: res.statusCode, bytes, length: Number(res.headers['content-length']) }));
      }).on('error', (e) => resolve({ status: 0, error: e.message }));
    });
    await new Promise((r) => setTimeout(r, 1000));  // let the fan-out settle
    const endRss = server.rss();
    // A paused client cannot see its own end; the server says how many it dropped.
    const drops = [...server.stderr().matchAll(/dropped \d+ slowest reader\(s\), (\d+) in all/g)];
    const dropped = drops.length ? Number(drops.at(-1)[1]) : 0;
    const { slowest, checks, failures } = await health.stop();
    console.log(`slow readers: ${sold} stock events to ${PER_KIND} non-reading subscribers + ${PER_KIND} unread ` +
      `downloads; RSS idle ${(idleRss / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, end ` +
      `${(endRss / MiB).toFixed(1)} MiB; ${dropped} non-readers dropped; the reading subscriber got ` +
      `${live.events} events; ${saleFailures.length} sales failed; catalog to a reader: ${full.status}; health: ${checks} checks, slowest ${slowest.toFixed(0)} ms, ${failures.length} failures`);

    assert.ok(server.alive(), `the server survives: ${server.stderr().slice(-2000)}`);
    assert.deepEqual(failures, [], 'health answered throughout');
    assert.deepEqual(saleFailures, [], 'the counter keeps selling');
    assert.ok(peak - idleRss < (OUTPUT_BUDGET_MIB + SLACK_MIB) * MiB,
      `RSS grew ${((peak - idleRss) / MiB).toFixed(1)} MiB over the idle server`);
    assert.ok(dropped > 0, 'past the budget, non-readers are dropped');
    assert.equal(full.status, 200);
    assert.equal(full.bytes, full.length, 'a reading client gets the whole catalog');
    assert.ok(!live.ended, 'the subscriber that reads is never the one dropped');
    assert.equal(live.events, sold, 'the subscriber that reads saw every stock event');
    live.close();
  } finally {
    clearInterval(sampler);
    for (const s of sockets) s.socket.destroy();
    await server.stop();
  }
});
