// Shared helpers for the server tests: start the real checkout-server on a
// loopback port with a temporary database, and talk to it over HTTP.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBinary = resolve(repoRoot, process.env.CHECKOUT_SERVER || 'build/native/checkout-server');

// The staff account every test server is started with (--create-staff), and
// whose bearer session getJson/postJson add to /api/stores/* and /api/admin/*
// requests that bring no authorization of their own. Tests of sign-in itself
// start with { staff: false } or pass their own headers.
export const TEST_ADMIN = 'test-admin';
export const TEST_PASSWORD = 'test password for the server suite';
const staffSessions = new Map();  // server URL -> bearer token

export async function signIn(url, username, password) {
  const r = await postJson(`${url}/api/staff/session`, { username, password, bearer: true });
  if (r.status !== 201) throw new Error(`sign-in failed ${r.status}: ${r.text}`);
  return r.body.token;
}

// Starts a server; resolves once it printed its URL. `dir` reuses a
// database directory (restart after a crash). `staff` (default true) creates
// and signs in the test admin.
export async function startServer({ dir, args = [], env = {}, staff = true } = {}) {
  const workDir = dir || mkdtempSync(join(tmpdir(), 'checkout-server-test-'));
  const db = join(workDir, 'checkout.db');
  const staffArgs = [];
  if (staff) {
    const passwordFile = join(workDir, 'staff-password');
    writeFileSync(passwordFile, `${TEST_PASSWORD}\n`, { mode: 0o600 });
    staffArgs.push('--create-staff', `admin:${TEST_ADMIN}`, '--staff-password-file', passwordFile);
  }
  const child = spawn(serverBinary, ['--port', '0', '--db', db, ...staffArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CHECKOUT_STAFF_TOKEN: '', ...env },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => { stdout += d; });
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in time: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Checkout server listening on (http:\/\/[^\s]+)\//);
      if (m) { clearTimeout(timer); resolveUrl(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr}`)); });
  });
  const exited = new Promise((r) => child.on('exit', r));
  if (staff) staffSessions.set(url, await signIn(url, TEST_ADMIN, TEST_PASSWORD));
  return {
    url, dir: workDir, db, child,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop({ keep = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (!keep) rmSync(workDir, { recursive: true, force: true });
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

// The test admin's Authorization header for a server startServer() made.
export function staffAuth(server) {
  const token = staffSessions.get(new URL(server.url).origin);
  if (!token) throw new Error('this server was started without the test admin');
  return { authorization: `Bearer ${token}` };
}

function withStaffSession(url, options) {
  const { origin, pathname } = new URL(url);
  const token = staffSessions.get(origin);
  const headers = options.headers ?? {};
  const staffPath = pathname.startsWith('/api/stores/') || pathname.startsWith('/api/admin/');
  const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization' || k.toLowerCase() === 'cookie');
  if (!token || !staffPath || hasAuth) return options;
  return { ...options, headers: { ...headers, authorization: `Bearer ${token}` } };
}

export async function getJson(url, options = {}) {
  const res = await fetch(url, withStaffSession(url, options));
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, headers: res.headers, body, text };
}

export async function postJson(url, payload, headers = {}) {
  return getJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

// context.now in whole seconds: the core reads no fractional seconds.
export const currentSecond = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

// Quotes depend on the instant (a pickup is ready at `now` to the second), so
// like the widget a test quotes at an explicit `now` and orders at that same
// instant: orderBody() reuses the quote's `now` unless the context has one.
const quotedAt = new WeakMap();

export async function quote(server, cart, context = {}, customer) {
  const now = context.now ?? currentSecond();
  const body = { cart, context: { ...context, now } };
  if (customer) body.customer = customer;
  const r = await postJson(`${server.url}/api/quote`, body);
  if (r.status !== 200) throw new Error(`quote failed ${r.status}: ${r.text}`);
  quotedAt.set(r.body, now);
  return r.body;
}

let keyCounter = 0;
export const freshKey = (prefix = 'key') => `${prefix}-${process.pid}-${Date.now()}-${++keyCounter}`;

export const NYC_ADDRESS = { name: 'Ada Lovelace', line1: '512 Broadway', city: 'New York', region: 'NY', postal_code: '10012', country: 'US' };
export const NYC_DESTINATION = { country: 'US', region: 'NY', postal_code: '10012' };

// What an order says about the quote the shopper accepted: its binding (the
// server refuses only if something in it changed), fingerprint and total.
export function clientQuote(q) {
  return { fingerprint: q.fingerprint, grand_total: q.binding.totals.grand_total, binding: q.binding };
}

// The body of POST /api/orders for a cart the caller quoted first.
export function orderBody(cart, context, q, customer = { name: 'Ada Lovelace', email: 'ada@example.com' }, extra = {}) {
  if (context && context.now === undefined && quotedAt.has(q)) context = { ...context, now: quotedAt.get(q) };
  const body = { cart, context, client_quote: clientQuote(q), customer, ...extra };
  const ships = cart.lines.some((l) => !l.fulfilment || l.fulfilment.type === 'ship');
  if (ships && !('shipping_address' in body)) body.shipping_address = NYC_ADDRESS;
  return body;
}

export function placeOrder(server, body, key = freshKey('order')) {
  return postJson(`${server.url}/api/orders`, body, { 'idempotency-key': key });
}

// A location's stock (a store or warehouse object of a catalog) as {sku: units},
// from either form of the format (docs/formats.md "stock"): /api/catalog and
// the demo catalogs use the compact one, in the catalog's SKU order.
export function stockBySku(catalog, location) {
  const stock = location.stock ?? {};
  if (!Array.isArray(stock)) return stock;
  const skus = catalog.products.flatMap((p) => p.variants.map((v) => v.sku));
  return Object.fromEntries(stock.map((units, i) => [skus[i], units]).filter(([, units]) => units !== null));
}

export async function storeStock(server, store, sku) {
  const r = await getJson(`${server.url}/api/stores/${store}/stock?sku=${encodeURIComponent(sku)}`);
  if (r.status !== 200) throw new Error(`stock failed ${r.status}: ${r.text}`);
  return r.body.stock[0];
}

export async function audit(server) {
  const r = await getJson(`${server.url}/api/admin/audit`);
  if (r.status !== 200) throw new Error(`audit failed ${r.status}: ${r.text}`);
  return r.body;
}

// A client of GET /api/events that collects events as they arrive.
export function openEvents(server) {
  const events = [];
  const waiters = [];
  let req;
  const ready = new Promise((resolveReady, reject) => {
    req = http.get(`${server.url}/api/events`, (res) => {
      if (res.statusCode !== 200) { reject(new Error(`events status ${res.statusCode}`)); return; }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (!data.length) continue;
          const parsed = { event, data: JSON.parse(data.join('\n')) };
          events.push(parsed);
          for (const w of [...waiters]) {
            if (w.match(parsed)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(parsed); }
          }
        }
      });
      resolveReady();
    });
    req.on('error', reject);
  });
  return {
    ready,
    events,
    // Resolves with the first event (past or future) for which match() is true.
    waitFor(match, timeoutMs = 5000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveEvent, reject) => {
        const w = { match, resolve: (e) => { clearTimeout(timer); resolveEvent(e); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching event within ${timeoutMs} ms; saw ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close() { req.destroy(); },
  };
}
