// Seeded generator of random, mostly valid checkout requests covering the
// whole format of docs/formats.md, plus edge values and a share of invalid
// requests. Same seed -> same requests, on any machine (own PRNG, no Math.random).
//
//   node tests/parity/generate.mjs [--seed N] [--count N] > requests.jsonl
//
// Each output line is one request as the CLIs take it in --jsonl mode.

export const DEFAULT_SEED = 20261122;
export const DEFAULT_COUNT = 10000;

// mulberry32: tiny, fast, well-distributed 32-bit PRNG.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export class Rng {
  constructor(seed) { this.u32 = mulberry32(seed); }
  // Uniform in [0, 1) with 53 random bits.
  unit() { return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992; }
  int(lo, hi) { return lo + Math.floor(this.unit() * (hi - lo + 1)); }  // inclusive, |hi-lo| < 2^53
  chance(p) { return this.unit() < p; }
  pick(arr) { return arr[this.int(0, arr.length - 1)]; }
  some(arr, max = arr.length) {  // a random subset in original order
    const n = this.int(0, Math.min(max, arr.length));
    const chosen = new Set();
    while (chosen.size < n) chosen.add(this.int(0, arr.length - 1));
    return [...chosen].sort((x, y) => x - y).map((i) => arr[i]);
  }
}

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'CHF', 'SEK', 'JPY', 'KRW', 'CLP', 'KWD', 'BHD', 'JOD', 'TND'];
const TIMEZONES = [
  'EST5EDT,M3.2.0,M11.1.0', 'PST8PDT,M3.2.0,M11.1.0', 'CET-1CEST,M3.5.0,M10.5.0/3', 'GMT0BST,M3.5.0/1,M10.5.0',
  'JST-9', '<+0530>-5:30', 'AEST-10AEDT,M10.1.0,M4.1.0/3', 'UTC0', '<-03>3', 'NZST-12NZDT,M9.5.0,M4.1.0/3',
];
const COUNTRIES = {
  US: { regions: ['NY', 'CA', 'TX'], postal: ['10001', '10012', '94105', '73301'] },
  DE: { regions: ['BE', 'BY'], postal: ['10115', '80331'] },
  GB: { regions: ['ENG', 'SCT'], postal: ['SW1A 1AA', 'EH1 1YZ'] },
  JP: { regions: ['13', '27'], postal: ['100-0001', '530-0001'] },
};
const CATEGORIES = ['apparel', 'shoes', 'sale', 'food', 'books', 'gifts'];
const TAX_CATEGORIES = ['standard', 'reduced', 'second_reduced', 'zero', 'exempt'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const CHANNELS = ['web', 'app', 'store', 'phone'];
const GROUPS = ['vip', 'staff', 'wholesale'];
const CODES = ['SAVE10', 'WELCOME', 'FREESHIP', 'BOGO', 'VIP20', 'TIER'];

const pad = (n, w = 2) => String(n).padStart(w, '0');

function percentString(r, allowZero = true) {
  if (!allowZero) {
    const p = percentString(r);
    return Number(p) > 0 ? p : '5';
  }
  switch (r.int(0, 5)) {
    case 0: return String(r.int(0, 100));
    case 1: return `${r.int(0, 99)}.${r.int(0, 9)}`;
    case 2: return `${r.int(0, 30)}.${pad(r.int(0, 999), 3)}`;
    case 3: return `0.${pad(r.int(1, 999999), 6)}`;
    case 4: return r.pick(['100', '0', '8.875', '19', '7.5', '33.333333']);
    default: return r.int(0, 100);  // a JSON integer is accepted too
  }
}

function instant(r, year = 2026) {
  const month = r.int(1, 12);
  const day = r.int(1, 28);
  const t = `${year}-${pad(month)}-${pad(day)}T${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`;
  if (r.chance(0.7)) return `${t}Z`;
  const off = r.pick(['-05:00', '+01:00', '+09:00', '+05:30', '-03:00', '+00:00']);
  return t + off;
}

function date(r) { return `2026-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`; }

function money(r, exponent) {
  const scale = 10 ** exponent;
  switch (r.int(0, 9)) {
    case 0: return 0;
    case 1: return r.int(1, 99);
    case 2: return r.int(1, 1000000) * scale;
    default: return r.int(1, 300) * scale + (exponent ? r.int(0, scale - 1) : 0);
  }
}

function hours(r) {
  const h = {};
  for (const d of WEEKDAYS) {
    if (r.chance(0.15)) continue;  // closed (absent)
    if (r.chance(0.05)) { h[d] = []; continue; }
    if (r.chance(0.1)) { h[d] = [['00:00', '24:00']]; continue; }
    const open = r.int(6, 11);
    const close = r.int(open + 1, 23);
    if (r.chance(0.2) && close - open >= 3) {
      const lunch = r.int(open + 1, close - 2);
      h[d] = [[`${pad(open)}:00`, `${pad(lunch)}:00`], [`${pad(lunch + 1)}:${r.pick(['00', '30'])}`, `${pad(close)}:00`]];
    } else {
      h[d] = [[`${pad(open)}:${r.pick(['00', '30'])}`, `${pad(close)}:${r.pick(['00', '30'])}`]];
    }
  }
  return h;
}

function stockMap(r, skus) {
  const s = {};
  for (const sku of r.some(skus)) s[sku] = r.chance(0.1) ? 0 : r.int(1, r.chance(0.1) ? 1000000 : 20);
  return s;
}

function target(r, products, skus) {
  const t = {};
  if (r.chance(0.4)) t.skus = r.some(skus, 3);
  if (r.chance(0.3)) t.product_ids = r.some(products.map((p) => p.id), 2);
  if (r.chance(0.3)) t.categories = r.some(CATEGORIES, 2);
  return t;
}

function effect(r, exponent, methodIds) {
  const scale = 10 ** exponent;
  switch (r.int(0, 5)) {
    case 0: return { type: 'percent_off', percent: percentString(r, false) };
    case 1: {
      const e = { type: 'amount_off', amount: r.int(1, 50) * scale };
      if (r.chance(0.6)) e.per = r.pick(['order', 'unit']);
      return e;
    }
    case 2: return { type: 'fixed_price', price: r.int(0, 40) * scale };
    case 3: {
      const e = { type: 'buy_x_get_y', buy: r.int(1, 3), get: r.int(1, 2) };
      if (r.chance(0.4)) e.percent = percentString(r, false);
      if (r.chance(0.4)) e.max_applications = r.int(0, 3);
      return e;
    }
    case 4: {
      const basis = r.pick(['subtotal', 'quantity']);
      const tiers = [];
      let threshold = 0;
      for (let n = r.int(1, 4); n > 0; n--) {
        threshold += basis === 'subtotal' ? r.int(1, 100) * scale : r.int(1, 4);
        tiers.push(r.chance(0.6) ? { threshold, percent: percentString(r, false) } : { threshold, amount: r.int(1, 30) * scale });
      }
      return { type: 'tiered', basis, tiers };
    }
    default: {
      const e = { type: 'free_shipping' };
      if (r.chance(0.4) && methodIds.length) e.methods = r.some(methodIds, 2);
      if (r.chance(0.3)) e.countries = r.some(Object.keys(COUNTRIES), 2);
      return e;
    }
  }
}

// `codes` is the catalog's unused codes: a code belongs to one promotion.
function promotion(r, i, exponent, products, skus, methodIds, codes) {
  const p = { id: `promo-${i}-${r.int(0, 99)}`, title: `Promotion ${i}`, effect: effect(r, exponent, methodIds) };
  if (r.chance(0.6) && codes.length) {
    p.codes = codes.splice(0, r.int(1, 2)).map((c) => (r.chance(0.2) ? c.toLowerCase() : c));
  }
  if (r.chance(0.4)) p.priority = r.int(-5, 5);
  if (r.chance(0.3)) p.combination = r.pick(['stackable', 'exclusive']);
  if (r.chance(0.2)) p.stop_further = r.chance(0.5);
  if (r.chance(0.3)) p.valid_from = instant(r, r.pick([2025, 2026]));
  if (r.chance(0.3)) p.valid_until = instant(r, r.pick([2026, 2027]));
  if (p.valid_from && p.valid_until && r.chance(0.9)) p.valid_until = instant(r, 2027);
  if (r.chance(0.2)) p.channels = r.some(CHANNELS, 2);
  if (r.chance(0.2)) p.customer_groups = r.some(GROUPS, 2);
  if (r.chance(0.1)) p.usage_limit = r.int(1, 1000);
  if (r.chance(0.1)) p.usage_limit_per_customer = r.int(1, 5);
  if (r.chance(0.3)) {
    p.conditions = {};
    if (r.chance(0.6)) p.conditions.min_subtotal = r.int(0, 200) * 10 ** exponent;
    if (r.chance(0.5)) p.conditions.min_quantity = r.int(0, 5);
  }
  if (r.chance(0.5)) p.target = target(r, products, skus);
  return p;
}

function taxRule(r, i) {
  const country = r.pick(Object.keys(COUNTRIES));
  const t = { id: `tax-${i}`, name: `${country} tax ${i}`, country, rate: percentString(r) };
  if (r.chance(0.4)) t.region = r.pick(COUNTRIES[country].regions);
  if (r.chance(0.3)) t.postal_prefix = r.pick(COUNTRIES[country].postal).slice(0, r.int(1, 3));
  if (r.chance(0.4)) t.reduced_rate = percentString(r);
  if (r.chance(0.3)) t.second_reduced_rate = percentString(r);
  if (r.chance(0.4)) t.shipping_taxable = r.chance(0.5);
  return t;
}

function shipping(r, exponent, skus) {
  const scale = 10 ** exponent;
  const s = {};
  if (r.chance(0.5)) {
    s.calendar = {};
    if (r.chance(0.5)) s.calendar.weekend = r.some(WEEKDAYS, 2);
    if (r.chance(0.6)) s.calendar.holidays = [...new Set([date(r), date(r), '2026-12-25'])].sort();
  }
  const warehouses = [];
  for (let i = r.int(1, 2); i > 0; i--) {
    const w = { id: `wh-${i}`, timezone: r.pick(TIMEZONES) };
    if (r.chance(0.5)) w.cutoff = `${pad(r.int(8, 20))}:${r.pick(['00', '30'])}`;
    if (r.chance(0.5)) w.handling_days = r.int(0, 3);
    if (r.chance(0.5)) w.stock = stockMap(r, skus);
    warehouses.push(w);
  }
  s.warehouses = warehouses;
  const methods = [];
  for (let i = r.int(0, 3); i > 0; i--) {
    const zones = [];
    for (const country of r.some(Object.keys(COUNTRIES), 2)) {
      const z = { country };
      if (r.chance(0.3)) z.regions = r.some(COUNTRIES[country].regions, 1);
      if (r.chance(0.2)) z.postal_prefixes = [COUNTRIES[country].postal[0].slice(0, 2)];
      zones.push(z);
    }
    if (!zones.length) zones.push({ country: 'US' });
    const m = { id: `ship-${i}`, name: `Method ${i}`, warehouse: r.pick(warehouses).id, zones };
    const minT = r.int(0, 5);
    m.transit_days = { min: minT, max: minT + r.int(0, 4) };
    const useWeight = r.chance(0.6);
    if (useWeight) {
      let w = 0;
      m.weight_rates = [];
      for (let n = r.int(1, 3); n > 0; n--) {
        w += r.int(500, 5000);
        m.weight_rates.push({ max_weight_g: w, price: r.int(0, 30) * scale });
      }
    }
    if (!useWeight || r.chance(0.3)) {
      m.subtotal_rates = [{ min_subtotal: 0, price: r.int(0, 20) * scale }];
      let sub = 0;
      for (let n = r.int(0, 2); n > 0; n--) {
        sub += r.int(10, 200) * scale;
        m.subtotal_rates.push({ min_subtotal: sub, price: r.int(0, 10) * scale });
      }
    }
    if (r.chance(0.4)) m.free_over = r.int(10, 150) * scale;
    if (r.chance(0.2)) m.tax_category = r.pick(TAX_CATEGORIES);
    methods.push(m);
  }
  s.methods = methods;
  return s;
}

function store(r, i, skus) {
  const country = r.pick(Object.keys(COUNTRIES));
  const st = {
    id: `store-${i}`, name: `Store ${i}`, country,
    lat_e6: r.int(-60000000, 70000000), lon_e6: r.int(-179999999, 179999999),
    timezone: r.pick(TIMEZONES), hours: hours(r),
  };
  if (r.chance(0.5)) st.address = `${r.int(1, 999)} Main St`;
  if (r.chance(0.5)) st.region = r.pick(COUNTRIES[country].regions);
  if (r.chance(0.5)) st.postal_code = r.pick(COUNTRIES[country].postal);
  if (r.chance(0.5)) st.preparation_minutes = r.int(0, 240);
  if (r.chance(0.4)) st.curbside = r.chance(0.5);
  if (r.chance(0.3)) st.safety_stock = r.int(0, 3);
  if (r.chance(0.8)) st.stock = stockMap(r, skus);
  return st;
}

export function generateCatalog(r, index) {
  const currency = r.pick(CURRENCIES);
  const exponent = ['JPY', 'KRW', 'CLP'].includes(currency) ? 0 : ['KWD', 'BHD', 'JOD', 'TND'].includes(currency) ? 3 : 2;
  const products = [];
  const skus = [];
  for (let p = r.int(1, 6); p > 0; p--) {
    const product = { id: `p${p}`, title: `Product ${p}`, variants: [] };
    if (r.chance(0.3)) product.description = 'A thing.';
    if (r.chance(0.2)) product.image = `/img/p${p}.png`;
    if (r.chance(0.6)) product.categories = r.some(CATEGORIES, 2);
    if (r.chance(0.3)) product.tax_category = r.pick(TAX_CATEGORIES);
    for (let v = r.int(1, 3); v > 0; v--) {
      const sku = `SKU-${p}-${v}`;
      skus.push(sku);
      const variant = { sku, price: money(r, exponent) };
      if (r.chance(0.02)) variant.price = 10 ** 15;  // the largest price allowed
      if (r.chance(0.5)) variant.title = `Variant ${v}`;
      if (r.chance(0.3)) variant.compare_at_price = Math.min(10 ** 15, variant.price + r.int(0, 5000));
      if (r.chance(0.6)) variant.weight_g = r.int(0, 3000);
      if (r.chance(0.2)) variant.tax_category = r.pick(TAX_CATEGORIES);
      if (r.chance(0.2)) variant.pickup_eligible = r.chance(0.6);
      if (r.chance(0.1)) variant.max_per_order = r.int(0, 10);
      product.variants.push(variant);
    }
    products.push(product);
  }
  const catalog = { currency, products };
  if (r.chance(0.5)) catalog.merchant = 'Parity Shop';
  if (r.chance(0.6)) catalog.version = `v${index}`;
  if (r.chance(0.5)) catalog.prices_include_tax = r.chance(0.5);
  if (r.chance(0.7)) {
    catalog.rounding = {};
    if (r.chance(0.8)) catalog.rounding.mode = r.pick(['half_even', 'half_up', 'half_down']);
    if (r.chance(0.8)) catalog.rounding.tax_calculation = r.pick(['per_unit', 'per_line', 'per_order']);
  }
  if (r.chance(0.8)) catalog.shipping = shipping(r, exponent, skus);
  const methodIds = (catalog.shipping?.methods ?? []).map((m) => m.id);
  if (r.chance(0.8)) {
    catalog.promotions = [];
    const codes = [...CODES];
    for (let i = r.int(0, 5); i > 0; i--) catalog.promotions.push(promotion(r, i, exponent, products, skus, methodIds, codes));
  }
  if (r.chance(0.8)) {
    catalog.tax_rules = [];
    for (let i = r.int(0, 4); i > 0; i--) catalog.tax_rules.push(taxRule(r, i));
  }
  if (r.chance(0.7)) {
    catalog.stores = [];
    for (let i = r.int(0, 4); i > 0; i--) catalog.stores.push(store(r, i, skus));
  }
  if (r.chance(0.4)) {
    catalog.postal_codes = Object.entries(COUNTRIES).map(([country, c]) => ({
      country, postal_code: c.postal[0], lat_e6: r.int(-60000000, 70000000), lon_e6: r.int(-179999999, 179999999),
    }));
  }
  return { catalog, skus, exponent };
}

function cartAndContext(r, { catalog, skus }) {
  const stores = (catalog.stores ?? []).map((s) => s.id);
  const methods = (catalog.shipping?.methods ?? []).map((m) => m.id);
  const variantsBySku = new Map(catalog.products.flatMap((p) => p.variants).map((v) => [v.sku, v]));
  const lines = [];
  for (let n = r.chance(0.05) ? 0 : r.int(1, 5); n > 0; n--) {
    const sku = r.pick(skus);
    const max = variantsBySku.get(sku).max_per_order || 1000000;
    let quantity = r.chance(0.8) ? r.int(1, 4) : r.pick([1, 10, 100, 1000000]);
    if (r.chance(0.95)) quantity = Math.min(quantity, max);  // else: quantity_too_large
    const line = { sku, quantity };
    const pickupOk = variantsBySku.get(sku).pickup_eligible !== false || r.chance(0.05);
    if (stores.length && pickupOk && r.chance(0.35)) line.fulfilment = { type: 'pickup', store: r.pick(stores) };
    else if (r.chance(0.2)) line.fulfilment = { type: 'ship' };
    lines.push(line);
  }
  const cart = { lines };
  if (r.chance(0.4)) {
    cart.coupons = r.some([...CODES, 'BOGUS', ' save10 ', 'welcome'], 3);
  }
  if (methods.length && r.chance(0.5)) cart.shipping_method = r.pick(methods);
  if (r.chance(0.2)) cart.currency = catalog.currency;

  const context = { now: instant(r) };
  if (r.chance(0.5)) context.channel = r.pick(CHANNELS);
  if (r.chance(0.75)) {
    // Mostly somewhere a method ships to, so shipping options get exercised.
    const served = (catalog.shipping?.methods ?? []).flatMap((m) => m.zones.map((z) => z.country));
    const country = served.length && r.chance(0.7) ? r.pick(served) : r.pick(Object.keys(COUNTRIES));
    context.destination = { country };
    if (r.chance(0.7)) context.destination.region = r.pick(COUNTRIES[country].regions);
    if (r.chance(0.7)) context.destination.postal_code = r.pick(COUNTRIES[country].postal);
  }
  if (r.chance(0.5)) {
    if (catalog.postal_codes && r.chance(0.5)) {
      const known = r.pick(catalog.postal_codes);
      context.location = { country: known.country, postal_code: known.postal_code };
    } else if (r.chance(0.95)) {
      context.location = { lat_e6: r.int(-60000000, 70000000), lon_e6: r.int(-179999999, 179999999) };
    } else {
      context.location = { country: 'US', postal_code: '99999' };  // unknown postal code
    }
  }
  if (r.chance(0.3)) context.customer_group = r.pick(GROUPS);
  if (r.chance(0.2)) context.max_pickup_stores = r.int(0, 10);
  if (r.chance(0.15) && catalog.promotions?.length) {
    context.exhausted_promotions = [...new Set(r.some(catalog.promotions.map((p) => p.id), 2))].sort();
  }
  return { cart, context };
}

// Ways to break a valid request. Each returns the request line text.
const BREAKERS = [
  (r, q) => { delete q.catalog.currency; return JSON.stringify(q); },
  (r, q) => { q.cart.lines.push({ sku: 'NOPE', quantity: 1 }); return JSON.stringify(q); },
  (r, q) => { q.cart.lines.push({ sku: q.catalog.products[0].variants[0].sku, quantity: r.pick([0, -1, 1000001]) }); return JSON.stringify(q); },
  (r, q) => { q.cart.lines.push({ sku: q.catalog.products[0].variants[0].sku, quantity: 2.5 }); return JSON.stringify(q); },
  (r, q) => { q.cart.surprise = true; return JSON.stringify(q); },
  (r, q) => { q.context.now = 'yesterday'; return JSON.stringify(q); },
  (r, q) => { q.catalog.currency = 'XXX'; return JSON.stringify(q); },
  (r, q) => { q.cart.currency = q.catalog.currency === 'USD' ? 'EUR' : 'USD'; return JSON.stringify(q); },
  (r, q) => { q.catalog.products[0].variants[0].price = r.pick([-1, 10 ** 15 + 1, '12.00', null]); return JSON.stringify(q); },
  (r, q) => { q.catalog.rounding = { mode: 'bankers' }; return JSON.stringify(q); },
  (r, q) => { q.catalog.products.push(q.catalog.products[0]); return JSON.stringify(q); },  // duplicate id/sku
  (r, q) => { q.cart.lines.push({ sku: q.catalog.products[0].variants[0].sku, quantity: 1, fulfilment: { type: 'pickup', store: 'nowhere' } }); return JSON.stringify(q); },
  (r, q) => { q.cart.shipping_method = 'teleport'; return JSON.stringify(q); },
  (r, q) => JSON.stringify(q).slice(0, r.int(0, 200)),  // truncated JSON
  (r, q) => JSON.stringify(q).replace('{"catalog":{', '{"catalog":{"currency":"USD",'),  // duplicate key
  (r, q) => { let deep = 1; for (let i = 0; i < 40; i++) deep = [deep]; q.cart.deep = deep; return JSON.stringify(q); },
  (r, q) => { q.catalog.stores = [{ id: 's', name: 'S', country: 'US', lat_e6: 0, lon_e6: 0, timezone: 'Mars/Olympus', hours: {} }]; return JSON.stringify(q); },
  (r, q) => { q.catalog.tax_rules = [{ id: 't', name: 'T', country: 'US', rate: '8.1234567' }]; return JSON.stringify(q); },
  (r, q) => { q.context.destination = { country: 'US', extra: 1 }; return JSON.stringify(q); },
  (r, q) => JSON.stringify(q).replace(/"quantity":(\d+)/, '"quantity":99999999999999999999999'),
  (r, q) => 'null',
  (r, q) => '',
];

// Huge but individually valid values whose products overflow int64: the core
// must report "overflow", identically on both sides.
function overflowRequest(r, base) {
  const q = structuredClone(base);
  const sku = q.catalog.products[0].variants[0].sku;
  q.catalog.products[0].variants[0].price = 10 ** 15;
  delete q.catalog.products[0].variants[0].max_per_order;
  q.cart.lines = [{ sku, quantity: 1000000 }, { sku, quantity: r.int(1, 1000000) }];
  return JSON.stringify(q);
}

export function* generateRequests({ seed = DEFAULT_SEED, count = DEFAULT_COUNT } = {}) {
  const r = new Rng(seed);
  // A pool of catalogs shared by many requests, as in real traffic (and so
  // the CLIs' engine cache is exercised); some requests get a fresh catalog.
  const pool = [];
  for (let i = 0; i < 40; i++) pool.push(generateCatalog(r, i));
  for (let n = 0; n < count; n++) {
    const c = r.chance(0.9) ? r.pick(pool) : generateCatalog(r, 1000 + n);
    const request = { catalog: c.catalog, ...cartAndContext(r, c) };
    const roll = r.unit();
    if (roll < 0.1) yield r.pick(BREAKERS)(r, structuredClone(request));
    else if (roll < 0.12) yield overflowRequest(r, request);
    else yield JSON.stringify(request);
  }
}

function parseArgs(argv) {
  const opts = { seed: DEFAULT_SEED, count: DEFAULT_COUNT };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seed') opts.seed = Number(argv[++i]);
    else if (argv[i] === '--count') opts.count = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return opts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = parseArgs(process.argv.slice(2));
  process.stderr.write(`generate.mjs: seed ${opts.seed}, ${opts.count} requests\n`);
  for (const line of generateRequests(opts)) process.stdout.write(`${line}\n`);
}
