// SIGTERM while orders stream in: the server stops accepting, answers every
// request it had already read, ends event streams with a retry hint and exits
// 0. A request is never committed without its answer reaching the client:
// after a restart on the same database, each request that got no answer is
// sent again under its own key, and a replay (it had been committed) is a
// lost answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, quote, orderBody, placeOrder, freshKey, NYC_DESTINATION } from './helpers.mjs';

const cart = { lines: [{ sku: 'NW-BASIC-TEE-S', quantity: 1 }] };
const CLIENTS = 32;

// Bytes of one event stream until the server closes it.
function collectStream(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/api/events`, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ text, clean: true }));
      res.on('error', () => resolve({ text, clean: false }));
      res.on('aborted', () => resolve({ text, clean: false }));
    });
    req.on('error', reject);
  });
}

test('SIGTERM during a burst of 32 order streams loses no committed answer', async () => {
  let server = await startServer();
  const context = { destination: NYC_DESTINATION };  // quote() adds the current second as now
  const q = await quote(server, cart, context);
  const stream = collectStream(server.url);

  const answered = [];    // status codes that reached a client
  const unanswered = [];  // {key, body}: a reset, an EOF or a refused connection
  let stopping = false;
  const client = async (n) => {
    for (let i = 0; !stopping; ++i) {
      const key = freshKey(`term${n}-${i}`);
      const body = orderBody(cart, context, q, { name: `Term ${n}`, email: `term${n}@example.com` });
      try {
        const r = await placeOrder(server, body, key);
        answered.push(r.status);
      } catch {
        unanswered.push({ key, body });
        return;  // the server is gone for this client
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
  await new Promise((r) => setTimeout(r, 600 + Math.floor(Math.random() * 400)));
  const exited = new Promise((r) => server.child.on('exit', (code, signal) => r({ code, signal })));
  server.child.kill('SIGTERM');
  const exit = await exited;
  stopping = true;
  await Promise.all(clients);
  const events = await stream;

  // Restart on the same database and ask about every unanswered request.
  server = await startServer({ dir: server.dir });
  let lost = 0;
  let notCommitted = 0;
  try {
    for (const { key, body } of unanswered) {
      const r = await placeOrder(server, body, key);
      if (r.headers.get('idempotent-replayed') === 'true') ++lost;
      else ++notCommitted;
    }
  } finally {
    await server.stop();
  }
  const created = answered.filter((s) => s === 201).length;
  console.log(`shutdown: ${answered.length} answered (${created} created), ${unanswered.length} unanswered: ` +
    `${lost} lost answers (committed, never acknowledged), ${notCommitted} cleanly refused (not committed); ` +
    `exit ${exit.code ?? exit.signal}`);
  assert.ok(created > 0, 'orders were placed before the signal');
  assert.equal(lost, 0, 'every committed order was acknowledged');
  assert.equal(exit.code, 0, 'a drained server exits 0');
  assert.match(events.text, /\nretry: \d+\n\n$/, 'the event stream ends with a retry hint');
  assert.ok(events.clean, 'the event stream ends with a clean close, not a reset');
  // No 5xx from the drain itself: every answer is a real answer.
  assert.deepEqual(answered.filter((s) => s >= 500), []);
});

test('a second signal exits at once, without waiting for the drain', async () => {
  const server = await startServer({ args: ['--drain-seconds', '120'] });
  // A request whose body never finishes keeps the drain waiting (for the body
  // timeout, then the drain deadline): only the second signal ends it early.
  const { port, hostname } = new URL(server.url);
  const net = await import('node:net');
  const socket = net.connect(Number(port), hostname);
  await new Promise((r) => socket.on('connect', r));
  socket.on('error', () => {});
  socket.write(`POST /api/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
  await new Promise((r) => setTimeout(r, 200));
  const exited = new Promise((r) => server.child.on('exit', (code, signal) => r({ code, signal })));
  server.child.kill('SIGTERM');
  // Still draining: the half-sent request keeps it alive.
  const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 500))]);
  assert.equal(early, 'running', 'the first signal waits for the request in progress');
  server.child.kill('SIGTERM');
  // A generous liveness bound: the drain alone would take 15 s (body timeout).
  const exit = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 10000))]);
  socket.destroy();
  assert.notEqual(exit, 'still running', 'the second signal ends the process');
  assert.equal(exit.code, 128 + 15);
  await server.stop();
});
