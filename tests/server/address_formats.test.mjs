// The per-country address table tests/address/address-formats.json on the two
// other sides: the wasm core through its JS API (what the widget asks) and the
// server's POST /api/orders (400 with a code and a path under
// /shipping_address, or 201 with the address stored in its normal form). The
// core's own run of the same table is tests/unit/address_rules_test.cpp.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { loadWasmApi } from '../parity/clis.mjs';
import { freshKey, getJson, orderBody, placeOrder, quote, repoRoot, startServer } from './helpers.mjs';

const { countries } = JSON.parse(readFileSync(join(repoRoot, 'tests/address/address-formats.json'), 'utf8'));
const CART = { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }] };
const upper = (s) => s.toUpperCase();

// Every case of the table as an address, with what the core must answer:
// { address, expect: { postal_code, region? } | { error: { code, path } } }.
function cases() {
  const out = [];
  for (const [country, f] of Object.entries(countries)) {
    const valid = f.postal.valid[0][1];
    for (const [typed, normal] of f.postal.valid) {
      // Where postal codes place the address (US, CA) the region is only known for the table's placed codes.
      const placed = f.region?.placed ? f.region.placed.find(([p]) => p === normal)?.[1] : '';
      out.push({ address: { country, postal_code: typed }, expect: { postal_code: normal, ...(placed === undefined ? {} : { region: placed }) } });
    }
    for (const typed of f.postal.invalid) out.push({ address: { country, postal_code: typed }, expect: { error: { code: 'invalid_postal_code', path: '/postal_code' } } });
    if (!f.region) continue;
    for (const [postal, region] of f.region.placed ?? []) out.push({ address: { country, postal_code: postal }, expect: { postal_code: postal, region } });
    for (const [region, postal] of f.region.consistent ?? []) out.push({ address: { country, region, postal_code: postal }, expect: { postal_code: postal, region: upper(region) } });
    for (const [region, postal] of f.region.mismatched ?? []) out.push({ address: { country, region, postal_code: postal }, expect: { error: { code: 'postal_code_mismatch', path: '/postal_code' } } });
    for (const region of f.region.unknown) out.push({ address: { country, region, postal_code: valid }, expect: { error: { code: 'unknown_region', path: '/region' } } });
  }
  return out;
}

const name = (c) => `${c.address.country} ${JSON.stringify(c.address.region ?? '')} ${JSON.stringify(c.address.postal_code)}`;

test('the table has cases of every kind for all eight countries', () => {
  const all = cases();
  assert.deepEqual(Object.keys(countries).sort(), ['AM', 'CA', 'CN', 'DE', 'GB', 'IR', 'PL', 'US']);
  for (const code of ['invalid_postal_code', 'postal_code_mismatch', 'unknown_region']) assert.ok(all.some((c) => c.expect.error?.code === code), code);
  assert.ok(all.filter((c) => !c.expect.error).length >= 40);
});

test('the wasm core answers every case as the table says', async () => {
  const core = await (await loadWasmApi()).loadCheckoutCore();
  for (const c of cases()) {
    const r = core.checkAddress(c.address);
    if (c.expect.error) {
      assert.equal(r.ok, false, name(c));
      assert.deepEqual({ code: r.error.code, path: r.error.path }, c.expect.error, name(c));
    } else {
      assert.equal(r.ok, true, `${name(c)}: ${r.error?.message}`);
      assert.deepEqual(r.address, { country: c.address.country, region: r.address.region, ...c.expect }, name(c));
    }
  }
});

// A data directory whose demo catalog ships to every country of the table.
function worldwideData() {
  const dir = mkdtempSync(join(tmpdir(), 'checkout-address-data-'));
  mkdirSync(dir, { recursive: true });
  const catalog = JSON.parse(readFileSync(join(repoRoot, 'server-stub/data/demo/catalog.json'), 'utf8'));
  const standard = catalog.shipping.methods.find((m) => m.id === 'standard');
  for (const country of Object.keys(countries)) if (!standard.zones.some((z) => z.country === country)) standard.zones.push({ country });
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
  return dir;
}

let world;
let demo;
before(async () => {
  [world, demo] = await Promise.all([startServer({ args: ['--data', worldwideData()] }), startServer()]);
});
after(() => Promise.all([world?.stop(), demo?.stop()]));

const contact = { name: 'Ada Lovelace', email: 'ada@example.com' };
const shippingAddress = (address) => ({ name: 'Ada Lovelace', line1: '1 Main St', city: 'Somewhere', ...address });

test('the server refuses every invalid case with its code and path', async () => {
  for (const c of cases().filter((x) => x.expect.error)) {
    // Refused before anything is quoted: the client quote's content does not matter.
    const body = { cart: CART, context: {}, client_quote: { fingerprint: 'x', grand_total: 0 }, customer: contact, shipping_address: shippingAddress(c.address) };
    const r = await placeOrder(world, body, freshKey('address'));
    assert.equal(r.status, 400, `${name(c)}: ${r.text}`);
    assert.equal(r.body.error.code, c.expect.error.code, name(c));
    assert.equal(r.body.error.path, `/shipping_address${c.expect.error.path}`, name(c));
    assert.ok(r.body.error.message.length > 10, name(c));
  }
});

test('the server places every valid case typed as shoppers type it and stores its normal form', async () => {
  // One typed spelling per country and kind is enough for the order path; the wasm and native runs cover every case.
  const valid = cases().filter((x) => !x.expect.error && x.expect.region !== undefined);
  const picked = [...new Map(valid.map((c) => [`${c.address.country}/${c.address.region ?? ''}/${/[^\x00-\x7f]/.test(c.address.postal_code)}`, c])).values()];
  assert.ok(picked.length >= 16);
  for (const c of picked) {
    const destination = { country: c.address.country, postal_code: c.expect.postal_code, ...(c.expect.region ? { region: c.expect.region } : {}) };
    const q = await quote(world, CART, { destination });
    const r = await placeOrder(world, orderBody(CART, { destination }, q, contact, { shipping_address: shippingAddress(c.address) }));
    assert.equal(r.status, 201, `${name(c)}: ${r.text}`);
    const stored = await getJson(`${world.url}/api/orders/${r.body.order_id}`);
    assert.equal(stored.body.shipping_address.postal_code, c.expect.postal_code, name(c));
    assert.equal(stored.body.shipping_address.region ?? '', c.expect.region, name(c));
  }
});

test('a country the merchant does not ship to is said as such, at the country', async () => {
  for (const address of [{ country: 'PL', postal_code: '00-950' }, { country: 'FR', postal_code: '75001' }]) {
    const body = { cart: CART, context: {}, client_quote: { fingerprint: 'x', grand_total: 0 }, customer: contact, shipping_address: shippingAddress(address) };
    const r = await placeOrder(demo, body, freshKey('address'));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, 'country_not_shipped');
    assert.equal(r.body.error.path, '/shipping_address/country');
    assert.match(r.body.error.message, new RegExp(address.country));
  }
  // A postal code wrong for its country is said first: it is what the shopper typed last.
  const r = await placeOrder(demo, { cart: CART, context: {}, client_quote: { fingerprint: 'x', grand_total: 0 }, customer: contact,
    shipping_address: shippingAddress({ country: 'PL', postal_code: '0950' }) }, freshKey('address'));
  assert.equal(r.body.error.code, 'invalid_postal_code');
});
