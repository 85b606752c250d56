// Hostile HTTP against the real server: oversized and endless chunked
// bodies, slow headers, deep JSON. Errors are clear, memory stays bounded,
// and /api/health keeps answering throughout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, getJson, postJson } from './helpers.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const rssKb = () => Number(readFileSync(`/proc/${server.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);

function open() {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

// Sends `head`, then `body` chunks until the server answers or closes;
// resolves with the status line's code and how many body bytes went out.
async function pushUntilAnswered(head, nextChunk, maxBytes) {
  const socket = await open();
  let answer = '';
  let closed = false;
  socket.on('data', (d) => { answer += d; });
  socket.on('close', () => { closed = true; });
  socket.on('error', () => { closed = true; });
  socket.write(head);
  let sent = 0;
  while (!answer && !closed && sent < maxBytes) {
    const chunk = nextChunk();
    sent += chunk.length;
    if (!socket.write(chunk)) await new Promise((r) => { socket.once('drain', r); socket.once('close', r); });
    else await new Promise((r) => setImmediate(r));  // let the answer be read
  }
  await new Promise((r) => { if (answer || closed) r(); else { socket.once('data', r); socket.once('close', r); } });
  socket.destroy();
  return { status: Number(answer.split(' ')[1]), sent, answer };
}

test('oversized body with Content-Length: 413 before it is read', async () => {
  const r = await pushUntilAnswered(
    `POST /api/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`,
    () => Buffer.alloc(64 * 1024, 0x20), 64 * 1024 * 1024);
  assert.equal(r.status, 413);
  assert.match(r.answer, /"code":"too_large"/);
  assert.ok(r.sent < 8 * 1024 * 1024, `the server answered after ${r.sent} bytes`);
  assert.equal((await getJson(`${server.url}/api/health`)).status, 200);
});

test('endless chunked body: 413 once it passes the limit, memory bounded, health answers', async () => {
  const rssBefore = rssKb();
  const chunk = Buffer.from(`4000\r\n${' '.repeat(0x4000)}\r\n`);
  const results = await Promise.all(Array.from({ length: 8 }, () => pushUntilAnswered(
    'POST /api/orders HTTP/1.1\r\nHost: x\r\nIdempotency-Key: k\r\nTransfer-Encoding: chunked\r\n\r\n',
    () => chunk, 256 * 1024 * 1024)));
  for (const r of results) {
    assert.equal(r.status, 413);
    assert.ok(r.sent < 16 * 1024 * 1024, `answered after ${r.sent} bytes`);
  }
  assert.equal((await getJson(`${server.url}/api/health`)).status, 200);
  const growthMb = (rssKb() - rssBefore) / 1024;
  console.log(`hostile: 8 endless chunked bodies refused after at most ${Math.max(...results.map((r) => r.sent)) >> 10} KiB each; RSS growth ${growthMb.toFixed(1)} MiB`);
  assert.ok(growthMb < 64, `RSS grew ${growthMb} MiB`);
});

test('slow headers: 200 connections dribbling a header do not block health or orders', async () => {
  const sockets = await Promise.all(Array.from({ length: 200 }, () => open()));
  for (const s of sockets) { s.on('error', () => {}); s.write('GET /api/catalog HTTP/1.1\r\nHost: x\r\nX-Slow: '); }
  const dribble = setInterval(() => { for (const s of sockets) s.write('a'); }, 100);
  try {
    for (let i = 0; i < 5; ++i) {
      const health = await getJson(`${server.url}/api/health`);
      assert.equal(health.status, 200);
      await new Promise((r) => setTimeout(r, 100));
    }
    const q = await postJson(`${server.url}/api/quote`, { cart: { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }] }, context: {} });
    assert.equal(q.status, 200);
  } finally {
    clearInterval(dribble);
    for (const s of sockets) s.destroy();
  }
});

test('header flood: 431, deep JSON: 400, health answers', async () => {
  const socket = await open();
  let answer = '';
  socket.on('data', (d) => { answer += d; });
  socket.on('error', () => {});
  socket.write(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
  await new Promise((r) => { socket.once('close', r); setTimeout(r, 3000); });
  socket.destroy();
  assert.equal(Number(answer.split(' ')[1]), 431);
  const deep = await postJson(`${server.url}/api/orders`, `{"cart":${'['.repeat(500000)}`, { 'idempotency-key': 'deep-1' });
  assert.equal(deep.status, 400);
  assert.equal(deep.body.error.code, 'too_deep');
  assert.equal((await getJson(`${server.url}/api/health`)).status, 200);
});
