// Shared pieces of the attack tests: the real checkout-server started on a
// loopback port with a temporary database under a 256 MB address-space limit
// (prlimit --as; the release build: ASan cannot run under such a limit), a
// /api/health watcher that runs throughout a test file, and raw-socket and
// JSON helpers for requests no well-behaved client would send.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBinary = resolve(repoRoot, process.env.CHECKOUT_SERVER || 'build/native/checkout-server');
export const limitsCatalog = join(repoRoot, 'tests/attacks/fixtures/limits-catalog.json');
export const MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

// Every attack server has a test admin (--create-staff); request() signs
// /api/stores/* and /api/admin/* requests that bring no authorization of
// their own with its bearer session.
const ADMIN = 'attack-admin';
const PASSWORD = 'attack suite admin password';

// Starts the server; resolves once it printed its URL.
export async function startServer({ args = [], env = {}, memoryLimit = MEMORY_LIMIT_BYTES } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'checkout-attacks-'));
  writeFileSync(join(dir, 'staff-password'), `${PASSWORD}\n`, { mode: 0o600 });
  const serverArgs = ['--port', '0', '--db', join(dir, 'checkout.db'), '--create-staff', `admin:${ADMIN}`,
    '--staff-password-file', join(dir, 'staff-password'), ...args];
  const [cmd, argv] = memoryLimit
    ? ['prlimit', [`--as=${memoryLimit}`, '--', serverBinary, ...serverArgs]]
    : [serverBinary, serverArgs];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHECKOUT_STAFF_TOKEN: '', ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20000); });
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+?)\/?\s/);
      if (m) { clearTimeout(timer); resolveUrl(m[1]); }
    });
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`server exited (${code ?? signal}): ${stderr}`)); });
  });
  const { hostname, port } = new URL(url);
  const server = {
    url, host: hostname, port: Number(port), pid: child.pid, dir,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    // Resident memory in bytes (Linux /proc), 0 once it is gone.
    rss() {
      try {
        const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
        return m ? Number(m[1]) * 1024 : 0;
      } catch { return 0; }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const signedIn = await post(server, '/api/staff/session', { username: ADMIN, password: PASSWORD, bearer: true });
  if (signedIn.status !== 201) throw new Error(`staff sign-in failed: ${signedIn.text}`);
  server.staffToken = signedIn.body.token;
  return server;
}

// Polls GET /api/health on a fresh connection every `everyMs` until stop();
// stop() resolves with the slowest answer and every failure (an error, a
// status other than 200, or no answer within `limitMs`).
export function watchHealth(server, { everyMs = 100, limitMs = 1000 } = {}) {
  const failures = [];
  let slowest = 0, checks = 0, stopped = false, inFlight = Promise.resolve();
  const once = () => new Promise((done) => {
    const start = process.hrtime.bigint();
    const req = http.get({ host: server.host, port: server.port, path: '/api/health', agent: false, timeout: limitMs }, (res) => {
      res.resume();
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        slowest = Math.max(slowest, ms);
        checks++;
        if (res.statusCode !== 200) failures.push(`status ${res.statusCode}`);
        else if (ms > limitMs) failures.push(`answered in ${ms.toFixed(0)} ms`);
        done();
      });
    });
    req.on('timeout', () => { failures.push(`no answer within ${limitMs} ms`); req.destroy(); });
    req.on('error', (e) => { if (!failures.at(-1)?.startsWith('no answer')) failures.push(e.message); done(); });
  });
  const loop = async () => {
    while (!stopped) {
      inFlight = once();
      await inFlight;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  const running = loop();
  return {
    async stop() { stopped = true; await running; return { slowest, checks, failures }; },
  };
}

// Sends raw bytes (a string, Buffer or array of them, each written as it
// comes, `gapMs` apart) and collects the answer until the server closes or
// `timeoutMs` passes. Resolves { status, head, body, closed, ms, error }.
export function raw(server, pieces, { timeoutMs = 5000, gapMs = 0, localAddress } = {}) {
  const list = Array.isArray(pieces) ? pieces : [pieces];
  return new Promise((resolveRaw) => {
    const start = Date.now();
    const socket = connect({ host: server.host, port: server.port, localAddress });
    let data = Buffer.alloc(0), done = false, error;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = data.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolveRaw({ status: status ? Number(status[1]) : 0, head: split >= 0 ? text.slice(0, split) : text,
        body: split >= 0 ? text.slice(split + 4) : '', closed, ms: Date.now() - start, error });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (d) => { data = Buffer.concat([data, d]); });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => { error = e.code; });
    socket.on('connect', async () => {
      for (const p of list) {
        if (done || socket.destroyed) return;
        socket.write(p);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

// JSON over HTTP without fetch's politeness: the body is sent exactly as
// given (a string or Buffer), so invalid UTF-8 and odd numbers reach the server.
export function request(server, method, path, body, headers = {}, { localAddress } = {}) {
  return new Promise((resolveReq, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const staffPath = path.startsWith('/api/stores/') || path.startsWith('/api/admin/');
    const ownAuth = Object.keys(headers).some((k) => ['authorization', 'cookie'].includes(k.toLowerCase()));
    if (server.staffToken && staffPath && !ownAuth) headers = { ...headers, authorization: `Bearer ${server.staffToken}` };
    const req = http.request({
      host: server.host, port: server.port, method, path, agent: false, localAddress,
      headers: { 'content-type': 'application/json', ...(payload ? { 'content-length': payload.length } : {}), ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolveReq({ status: res.statusCode, headers: res.headers, text, body: json });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export const post = (server, path, body, headers, options) => request(server, 'POST', path, body, headers, options);
export const get = (server, path, headers, options) => request(server, 'GET', path, undefined, headers, options);

let keys = 0;
export const freshKey = (prefix = 'attack') => `${prefix}-${process.pid}-${Date.now()}-${++keys}`;

// Quotes depend on the instant (a pickup is ready at `now` to the second), so
// like the widget a test quotes at an explicit `now` and orders at that same
// instant: orderBody() reuses the quote's `now` unless the context has one.
const quotedAt = new WeakMap();
const currentSecond = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

// Quotes at the server; throws unless 200.
export async function quote(server, cart, context = {}, customer) {
  const now = context.now ?? currentSecond();
  const r = await post(server, '/api/quote', { cart, context: { ...context, now }, ...(customer ? { customer } : {}) });
  if (r.status !== 200) throw new Error(`quote ${r.status}: ${r.text}`);
  quotedAt.set(r.body, now);
  return r.body;
}

export const NY = { country: 'US', region: 'NY', postal_code: '10012' };
export const NY_ADDRESS = { name: 'Ada Lovelace', line1: '512 Broadway', city: 'New York', region: 'NY', postal_code: '10012', country: 'US' };

// A well-formed order body for a cart quoted with `q`.
export function orderBody(cart, context, q, { customer = { name: 'Ada Lovelace', email: 'ada@example.com' }, address = NY_ADDRESS } = {}) {
  if (context && context.now === undefined && quotedAt.has(q)) context = { ...context, now: quotedAt.get(q) };
  // The shopper accepted q's binding: the server refuses only if something in it changed.
  const body = { cart, context, client_quote: { fingerprint: q.fingerprint, grand_total: q.binding.totals.grand_total, binding: q.binding }, customer };
  if (address) body.shipping_address = address;
  return body;
}

export const placeOrder = (server, body, key = freshKey('order')) =>
  post(server, '/api/orders', body, { 'idempotency-key': key });

export async function audit(server) {
  const r = await get(server, '/api/admin/audit');
  if (r.status !== 200) throw new Error(`audit ${r.status}: ${r.text}`);
  return r.body;
}

export async function stockOf(server, store, sku) {
  const r = await get(server, `/api/stores/${store}/stock?sku=${encodeURIComponent(sku)}`);
  if (r.status !== 200) throw new Error(`stock ${r.status}: ${r.text}`);
  return r.body.stock[0];
}
