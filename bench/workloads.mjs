#!/usr/bin/env node
// The shared benchmark workloads: writes catalogs and {cart, context}
// requests into build/bench-data/ (or --out DIR) so the native benchmarks,
// the wasm benchmarks under node and the Chromium page all price exactly the
// same bytes. Deterministic: a fixed-seed PRNG and a fixed "now", no clock,
// so two runs write identical files.
//
//   node bench/workloads.mjs [--out build/bench-data]
//
// Matrix (issue 5): carts of 1, 10, 100, 1000 lines x 0, 10, 100 promotions
// x 10, 100, 1000 stores, on catalogs of 2000 SKUs. Plus "demo_L10": a
// 10-line cart on the demo merchant (server-stub/data/demo), and the
// bench-only server data (server/catalog.json: the demo merchant with
// enough warehouse and store stock for a sustained order benchmark).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const LINES = [1, 10, 100, 1000];
export const PROMOTIONS = [0, 10, 100];
export const STORES = [10, 100, 1000];
export const NOW = '2026-11-23T15:03:00Z';  // a Monday afternoon in New York: stores open, before cutoff
const PRODUCTS = 500;
const VARIANTS_PER_PRODUCT = 4;              // 2000 SKUs
const CATEGORIES = 20;
const STOCKED_SKUS_PER_STORE = 150;

// mulberry32: tiny and identical on every node version.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w) => String(n).padStart(w, '0');
const sortObject = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
const sku = (p, v) => `SKU-${pad(p, 3)}-${v}`;
const category = (i) => `cat-${pad(i % CATEGORIES, 2)}`;

const ZONES = [
  { tz: 'EST5EDT,M3.2.0,M11.1.0', regions: ['NY', 'MA', 'PA', 'NJ', 'GA', 'FL'], lon: [-84, -71] },
  { tz: 'CST6CDT,M3.2.0,M11.1.0', regions: ['IL', 'TX', 'MN', 'MO'], lon: [-97, -87] },
  { tz: 'MST7MDT,M3.2.0,M11.1.0', regions: ['CO', 'UT', 'NM'], lon: [-112, -104] },
  { tz: 'PST8PDT,M3.2.0,M11.1.0', regions: ['CA', 'WA', 'OR', 'NV'], lon: [-123, -115] },
];
const STATES = ['AL', 'AZ', 'CA', 'CO', 'CT', 'FL', 'GA', 'IL', 'IN', 'MA', 'MD', 'MI', 'MN', 'MO', 'NC', 'NJ', 'NM',
  'NV', 'NY', 'OH', 'OR', 'PA', 'TN', 'TX', 'UT', 'VA', 'WA', 'WI'];
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const CUSTOMER_LOCATION = { lat_e6: 40712800, lon_e6: -74006000 };  // lower Manhattan
const DESTINATION = { country: 'US', region: 'NY', postal_code: '10012' };

function products(rand) {
  const out = [];
  for (let p = 0; p < PRODUCTS; ++p) {
    const cats = [...new Set([category(p), category(p * 7 + 3)])].sort();
    const taxCategory = p % 50 === 49 ? 'exempt' : p % 10 === 9 ? 'reduced' : undefined;
    const base = 500 + Math.floor(rand() * 195) * 100 + (p % 3 === 0 ? 99 : 0);
    const variants = [];
    for (let v = 0; v < VARIANTS_PER_PRODUCT; ++v) {
      const variant = { sku: sku(p, v), title: ['XS', 'S', 'M', 'L'][v], price: base + v * 100,
        weight_g: 100 + Math.floor(rand() * 1900) };
      if (p % 4 === 0) variant.compare_at_price = base + v * 100 + 1000;
      if (!pickupEligible(variant.sku)) variant.pickup_eligible = false;
      variants.push(variant);
    }
    const product = { id: `prod-${pad(p, 3)}`, title: `Bench product ${p}`,
      description: 'A deterministic benchmark product with a description of ordinary length for a storefront.',
      image: `/web/demo/img/tees.svg`, categories: cats, variants };
    if (taxCategory) product.tax_category = taxCategory;
    out.push(product);
  }
  return out;
}

// Promotion i of n: the effect kinds rotate so every stage of the promotion
// engine is exercised; every fifth one needs a code. All stack, so each one
// is really evaluated against the cart (an exclusive one would cut work short).
function promotion(i) {
  const id = `promo-${pad(i, 3)}`;
  const p = { id, title: `Bench promotion ${i}`, priority: (i % 7) * 10 };
  if (i % 5 === 4) p.codes = [`CODE${i}`];
  if (i % 3 === 0) p.valid_from = '2026-01-01T00:00:00Z';
  if (i % 11 === 5) p.channels = ['web', 'app'];
  switch (i % 7) {
    case 0: p.target = { categories: [category(i)] }; p.effect = { type: 'percent_off', percent: '5' }; break;
    case 1: p.conditions = { min_subtotal: 5000 }; p.effect = { type: 'amount_off', amount: 300, per: 'order' }; break;
    case 2: p.target = { categories: [category(i + 1)] }; p.effect = { type: 'buy_x_get_y', buy: 2, get: 1, percent: '50' }; break;
    case 3: p.effect = { type: 'tiered', basis: 'subtotal', tiers: [{ threshold: 10000, percent: '2' }, { threshold: 50000, percent: '4' }] }; break;
    case 4: p.target = { skus: [sku(i % PRODUCTS, 0), sku((i * 3) % PRODUCTS, 1), sku((i * 5) % PRODUCTS, 2)].sort() };
      p.effect = { type: 'fixed_price', price: 999 }; break;
    case 5: p.target = { product_ids: [...new Set([i, i * 13, i * 29].map((x) => `prod-${pad(x % PRODUCTS, 3)}`))].sort() };
      p.effect = { type: 'amount_off', amount: 50, per: 'unit' }; break;
    default: p.effect = { type: 'free_shipping', methods: ['standard'], countries: ['US'] }; p.conditions = { min_subtotal: 20000 };
  }
  return p;
}

function store(i, rand) {
  // Store 0 is in SoHo, next to the customer, and takes the cart's pickup lines.
  const zone = ZONES[i % ZONES.length];
  const lat = i === 0 ? 40723300 : Math.round((30 + rand() * 17) * 1e6);
  const lon = i === 0 ? -73998600 : Math.round((zone.lon[0] + rand() * (zone.lon[1] - zone.lon[0])) * 1e6);
  const hours = {};
  for (const d of WEEK) hours[d] = d === 'sun' ? [['11:00', '18:00']] : d === 'sat' ? [['10:00', '20:00']] : [['09:00', '13:00'], ['14:00', '21:00']];
  const stock = {};
  for (let k = 0; k < STOCKED_SKUS_PER_STORE; ++k) {
    const p = Math.floor(rand() * PRODUCTS);
    stock[sku(p, Math.floor(rand() * VARIANTS_PER_PRODUCT))] = Math.floor(rand() * 20);
  }
  // The pickup store carries every SKU the carts ask for.
  if (i === 0) for (let n = 0; n < 1000; ++n) stock[cartSku(n)] = 50;
  return {
    id: `st-${pad(i, 4)}`, name: `Bench store ${i}`, address: `${i} Main St`, country: 'US',
    region: i === 0 ? 'NY' : zone.regions[i % zone.regions.length], postal_code: i === 0 ? '10012' : pad(10000 + i * 37 % 89999, 5),
    lat_e6: lat, lon_e6: lon, timezone: i === 0 ? ZONES[0].tz : zone.tz, hours,
    preparation_minutes: 30 + (i % 4) * 30, curbside: i % 2 === 0, safety_stock: i % 3, stock: sortObject(stock),
  };
}

// Cart line n's SKU: a stride through the 2000 SKUs that never repeats
// (7919 is prime, so coprime with 2000).
function cartSku(n) {
  const k = (n * 7919 + 11) % (PRODUCTS * VARIANTS_PER_PRODUCT);
  return sku(Math.floor(k / VARIANTS_PER_PRODUCT), k % VARIANTS_PER_PRODUCT);
}

// A few products (oversize goods) can only be shipped.
function pickupEligible(skuText) {
  return Number(skuText.slice(4, 7)) % 97 !== 13;
}

function taxRules() {
  const rules = STATES.map((s, i) => ({ id: `us-${s.toLowerCase()}`, name: `${s} sales tax`, country: 'US', region: s,
    rate: `${4 + (i % 5)}.${(i * 37) % 100}`.replace(/\.0$/, ''), reduced_rate: '1' }));
  for (const prefix of ['100', '101', '102', '103', '104']) {
    rules.push({ id: `us-ny-nyc-${prefix}`, name: 'NYC sales tax', country: 'US', region: 'NY', postal_prefix: prefix,
      rate: '8.875', reduced_rate: '4.5', shipping_taxable: true });
  }
  return rules;
}

function shipping() {
  const everySku = {};
  for (let p = 0; p < PRODUCTS; ++p) for (let v = 0; v < VARIANTS_PER_PRODUCT; ++v) everySku[sku(p, v)] = 100000;
  return {
    calendar: { weekend: ['sat', 'sun'], holidays: ['2026-11-26', '2026-12-25', '2027-01-01'] },
    warehouses: [
      { id: 'wh-east', timezone: ZONES[0].tz, cutoff: '16:00', handling_days: 0, stock: everySku },
      { id: 'wh-west', timezone: ZONES[3].tz, cutoff: '13:00', handling_days: 1, stock: everySku },
    ],
    methods: [
      { id: 'standard', name: 'Standard', warehouse: 'wh-east', zones: [{ country: 'US' }],
        weight_rates: [{ max_weight_g: 1000, price: 599 }, { max_weight_g: 5000, price: 899 }, { max_weight_g: 1000000000, price: 4999 }],
        free_over: 7500, transit_days: { min: 3, max: 5 } },
      { id: 'express', name: 'Express', warehouse: 'wh-east', zones: [{ country: 'US', regions: ['NY', 'NJ', 'MA', 'PA'] }],
        weight_rates: [{ max_weight_g: 5000, price: 1499 }, { max_weight_g: 1000000000, price: 9999 }],
        subtotal_rates: [{ min_subtotal: 0, price: 500 }, { min_subtotal: 100000, price: 0 }], transit_days: { min: 1, max: 2 } },
      { id: 'ground-west', name: 'Ground', warehouse: 'wh-west', zones: [{ country: 'US', postal_prefixes: ['9', '8'] }],
        weight_rates: [{ max_weight_g: 1000000000, price: 799 }], transit_days: { min: 4, max: 7 } },
    ],
  };
}

export function catalog(promotions, stores) {
  const rand = prng(20261123 + promotions * 7 + stores * 131);
  return {
    merchant: 'Bench Outfitters', version: `bench-P${promotions}-S${stores}`, currency: 'USD', prices_include_tax: false,
    rounding: { mode: 'half_even', tax_calculation: 'per_line' },
    products: products(prng(42)),
    promotions: Array.from({ length: promotions }, (_, i) => promotion(i)),
    tax_rules: taxRules(),
    shipping: shipping(),
    stores: Array.from({ length: stores }, (_, i) => store(i, rand)),
    postal_codes: [{ country: 'US', postal_code: '10012', lat_e6: 40725600, lon_e6: -73998100 }],
  };
}

// Every fourth line is picked up at store 0 (unless it cannot be); the rest ship. Coupons: the
// codes of the first three coded promotions that exist.
export function request(lines, promotions) {
  const cartLines = Array.from({ length: lines }, (_, n) => {
    const line = { sku: cartSku(n), quantity: 1 + (n % 3) };
    if (n % 4 === 3 && pickupEligible(line.sku)) line.fulfilment = { type: 'pickup', store: 'st-0000' };
    return line;
  });
  const coupons = [4, 9, 14].filter((i) => i < promotions).map((i) => `CODE${i}`);
  return {
    cart: { lines: cartLines, coupons, shipping_method: 'standard', currency: 'USD' },
    context: { now: NOW, channel: 'web', destination: DESTINATION, location: CUSTOMER_LOCATION },
  };
}

// The demo merchant: a realistic 10-line cart (one pickup line, one coupon).
function demoRequest(demo) {
  const skus = demo.products.flatMap((p) => p.variants.filter((v) => v.pickup_eligible !== false).map((v) => v.sku));
  const lines = Array.from({ length: 10 }, (_, n) => ({ sku: skus[(n * 113 + 7) % skus.length], quantity: 1 + (n % 2) }));
  lines[3].fulfilment = { type: 'pickup', store: 'nyc-soho' };
  return {
    cart: { lines, coupons: ['WELCOME10'], shipping_method: 'standard', currency: 'USD' },
    context: { now: NOW, channel: 'web', destination: DESTINATION, location: CUSTOMER_LOCATION },
  };
}

// The bench-only server merchant: the demo catalog with stock that a
// sustained order run cannot exhaust (orders reserve warehouse stock).
function serverCatalog(demo) {
  const c = structuredClone(demo);
  const skus = c.products.flatMap((p) => p.variants.map((v) => v.sku)).sort();
  for (const w of c.shipping.warehouses) w.stock = Object.fromEntries(skus.map((k) => [k, 1_000_000_000]));
  for (const s of c.stores) {
    // Either stock form (docs/formats.md "stock"); the demo catalog's is compact.
    if (Array.isArray(s.stock)) s.stock = s.stock.map((units) => (units === null ? null : 1_000_000_000));
    else for (const k of Object.keys(s.stock ?? {})) s.stock[k] = 1_000_000_000;
  }
  c.version = `${c.version ?? 'demo'}-bench`;
  return c;
}

// A small order: two shipped lines of the demo merchant, no coupon (coupon
// limits would make later orders differ). The server fills in the quote's
// fingerprint (bench/server_bench.sh asks /api/quote first).
function serverOrder(demo) {
  const skus = demo.products.flatMap((p) => p.variants.map((v) => v.sku));
  return {
    cart: { lines: [{ sku: skus[5], quantity: 1 }, { sku: skus[40], quantity: 2 }], coupons: [], shipping_method: 'standard' },
    context: { destination: DESTINATION },
    customer: { name: 'Bench Customer', email: 'bench@example.com' },
    shipping_address: { name: 'Bench Customer', line1: '512 Broadway', city: 'New York', region: 'NY', postal_code: '10012', country: 'US' },
  };
}

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = resolve(at >= 0 && args[at + 1] ? args[at + 1] : join(repo, 'build/bench-data'));
  for (const d of ['catalogs', 'requests', 'server']) mkdirSync(join(out, d), { recursive: true });
  const write = (rel, value) => {
    const text = JSON.stringify(value);
    writeFileSync(join(out, rel), text);
    return text.length;
  };

  const catalogs = [];
  const workloads = [];
  for (const p of PROMOTIONS) {
    for (const s of STORES) {
      const id = `P${p}_S${s}`;
      const c = catalog(p, s);
      catalogs.push({ id, file: `catalogs/${id}.json`, bytes: write(`catalogs/${id}.json`, c), promotions: p, stores: s,
        skus: PRODUCTS * VARIANTS_PER_PRODUCT });
      for (const l of LINES) {
        const wid = `L${l}_P${p}_S${s}`;
        workloads.push({ id: wid, lines: l, promotions: p, stores: s, catalog: id, request: `requests/${wid}.json`,
          bytes: write(`requests/${wid}.json`, request(l, p)) });
      }
    }
  }
  const demo = JSON.parse(readFileSync(join(repo, 'server-stub/data/demo/catalog.json'), 'utf8'));
  catalogs.push({ id: 'demo', file: 'catalogs/demo.json', bytes: write('catalogs/demo.json', demo),
    promotions: demo.promotions.length, stores: demo.stores.length,
    skus: demo.products.reduce((n, p) => n + p.variants.length, 0) });
  workloads.push({ id: 'demo_L10', lines: 10, promotions: demo.promotions.length, stores: demo.stores.length,
    catalog: 'demo', request: 'requests/demo_L10.json', bytes: write('requests/demo_L10.json', demoRequest(demo)) });

  write('server/catalog.json', serverCatalog(demo));
  write('server/order.json', serverOrder(demo));
  write('server/quote.json', { cart: serverOrder(demo).cart, context: { destination: DESTINATION } });

  const manifest = { now: NOW, lines: LINES, promotions: PROMOTIONS, stores: STORES, catalogs, workloads };
  write('manifest.json', manifest);
  console.log(`bench workloads: ${workloads.length} requests, ${catalogs.length} catalogs in ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
