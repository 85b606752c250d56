// The JS API's catalog view and availability (wasm/js/checkout.mjs) over the
// real wasm core: the catalog's facts with the core's defaults, units at a
// location as pricing counts them, and the widget's CatalogIndex reading
// its limits from them (max_per_order for the whole order, as the core).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CatalogIndex } from '../../web/checkout/pricing.mjs';
import { loadWasmApi, wasmDir } from './clis.mjs';

const built = existsSync(join(wasmDir, 'node.mjs')) && existsSync(join(wasmDir, 'checkout-core-node.cjs'));
const skip = built ? false : `not built: ${wasmDir}/node.mjs`;

const tz = 'EST5EDT,M3.2.0,M11.1.0';
// SoHo holds 2 of each SKU back from online pickup; the kayak cannot be
// picked up; the lantern is limited to 2 per order; ONCE has usage limits.
const catalog = {
  currency: 'USD',
  products: [
    { id: 'tee', title: 'Tee', variants: [{ sku: 'TEE', title: 'Red', price: 1999 }] },
    { id: 'lantern', title: 'Lantern', variants: [{ sku: 'LANTERN', price: 4500, max_per_order: 2 }] },
    { id: 'kayak', title: 'Kayak', variants: [{ sku: 'KAYAK', price: 89900, pickup_eligible: false }] },
  ],
  promotions: [
    { id: 'ONCE', title: 'Once', codes: ['ONCE'], usage_limit: 1, effect: { type: 'percent_off', percent: '50' } },
    { id: 'ALWAYS', title: 'Always', effect: { type: 'percent_off', percent: '1' } },
  ],
  shipping: {
    warehouses: [{ id: 'wh-east', timezone: tz, stock: { TEE: 84, KAYAK: 3 } }],
    methods: [{ id: 'standard', name: 'Standard', warehouse: 'wh-east', zones: [{ country: 'US' }],
      subtotal_rates: [{ min_subtotal: 0, price: 599 }], transit_days: { min: 3, max: 5 } }],
  },
  stores: [
    { id: 'soho', name: 'SoHo', country: 'US', region: 'NY', postal_code: '10012', lat_e6: 40723300, lon_e6: -74003000,
      timezone: tz, hours: { mon: [['09:00', '21:00']] }, safety_stock: 2, curbside: true, hold_days: 5, stock: { TEE: 5, LANTERN: 1, KAYAK: 4 } },
  ],
  postal_codes: [
    { country: 'US', postal_code: '10012', lat_e6: 40725800, lon_e6: -73998200 },
    { country: 'PL', postal_code: '31', lat_e6: 50061700, lon_e6: 19937300 },
  ],
};

async function engine() {
  const { loadCheckoutCore } = await loadWasmApi();
  const core = await loadCheckoutCore();
  const r = core.createEngine(catalog);
  assert.ok(r.ok, r.json);
  return r.engine;
}

test('the catalog view gives facts with the core\'s defaults applied', { skip }, async () => {
  const e = await engine();
  const view = e.catalogView();
  assert.equal(view.currency, 'USD');
  assert.equal(view.exponent, 2);  // the defaults: USD in cents, tax on top
  assert.equal(view.pricesIncludeTax, false);
  assert.deepEqual(view.variant('TEE'),
    { sku: 'TEE', product: 'tee', title: 'Red', price: 1999, pickup_eligible: true, max_per_order: 0 });
  assert.equal(view.variant('LANTERN').max_per_order, 2);
  assert.equal(view.variant('KAYAK').pickup_eligible, false);
  assert.equal(view.variant('NOPE'), undefined);
  assert.equal(view.variant(42), undefined);
  assert.deepEqual(view.store('soho'), {
    id: 'soho', name: 'SoHo', address: '', country: 'US', region: 'NY', postal_code: '10012',
    lat_e6: 40723300, lon_e6: -74003000, curbside: true, safety_stock: 2, hold_days: 5,
  });
  assert.equal(view.store('nowhere'), undefined);
  assert.deepEqual(view.stores().map((s) => s.id), ['soho']);
  assert.deepEqual(view.warehouses(), ['wh-east']);
  // countries: those its zones serve (one zone, US).
  assert.deepEqual(view.shippingMethod('standard'), { id: 'standard', name: 'Standard', warehouse: 'wh-east', countries: ['US'] });
  assert.deepEqual(view.shippingMethods().map((m) => m.warehouse), ['wh-east']);
  assert.deepEqual(view.limitedPromotions(), [{ id: 'ONCE', usage_limit: 1 }]);
  // A caller's copy of a list cannot change the view.
  view.stores()[0].name = 'changed';
  assert.equal(view.stores()[0].name, 'SoHo');
  view.dispose();
  assert.throws(() => view.variant('TEE'), /after dispose/);
  e.dispose();
});

test('the catalog view locates a postal code as a quote\'s context.location does', { skip }, async () => {
  const e = await engine();
  const view = e.catalogView();
  assert.deepEqual(view.locate('US', '10012-3456'), { lat_e6: 40725800, lon_e6: -73998200 });  // ZIP+4 -> its ZIP
  assert.deepEqual(view.locate('PL', '31-999'), { lat_e6: 50061700, lon_e6: 19937300 });      // the area "31"
  assert.equal(view.locate('PL', '30-001'), undefined);
  assert.equal(view.locate('US', 10012), undefined);
  assert.equal(view.locate(undefined, '10012'), undefined);
  // The quote agrees: what locate does not find, context.location refuses.
  const quote = (postal_code) => e.quote({ cart: { lines: [{ sku: 'TEE', quantity: 1 }] },
    context: { now: '2026-11-23T14:00:00Z', location: { country: 'PL', postal_code } } });
  assert.equal(quote('31-999').ok, true);
  assert.equal(quote('30-001').error.path, '/context/location/postal_code');
  view.dispose();
  e.dispose();
});

test('a catalog view outlives its engine and its stock updates', { skip }, async () => {
  const e = await engine();
  const view = e.catalogView();
  const updated = e.withStoreStock('soho', 'TEE', 1);
  assert.ok(updated.ok);
  e.dispose();
  updated.engine.dispose();
  assert.equal(view.variant('LANTERN').max_per_order, 2);
  view.dispose();
});

test('availability counts units as pricing does, at stores and warehouses', { skip }, async () => {
  const e = await engine();
  const soho = e.availability({ store: 'soho' }, ['TEE', 'LANTERN', 'KAYAK']);
  assert.ok(soho.ok, soho.json);
  // TEE 5 - 2 safety = 3; LANTERN 1 - 2 -> 0, never negative; KAYAK cannot be picked up.
  assert.deepEqual(soho.items, [{ sku: 'TEE', available: 3 }, { sku: 'LANTERN', available: 0 }, { sku: 'KAYAK', available: 0 }]);
  const wh = e.availability({ warehouse: 'wh-east' }, ['KAYAK', 'TEE']);
  assert.deepEqual(wh.items, [{ sku: 'KAYAK', available: 3 }, { sku: 'TEE', available: 84 }]);
  // A live update moves the count; the quote of the same engine agrees.
  const live = e.withStoreStock('soho', 'TEE', 3).engine;
  assert.deepEqual(live.availability({ store: 'soho' }, ['TEE']).items, [{ sku: 'TEE', available: 1 }]);
  const q = live.quote({ cart: { lines: [{ sku: 'TEE', quantity: 2, fulfilment: { type: 'pickup', store: 'soho' } }] },
    context: { now: '2026-11-23T14:00:00Z', max_pickup_stores: 0 } });
  assert.ok(q.ok, q.json);
  assert.equal(q.quote.details.pickup.stores[0].lines[0].available, 1);
  live.dispose();
  e.dispose();
});

test('availability errors are values with the core\'s codes', { skip }, async () => {
  const e = await engine();
  assert.equal(e.availability({ store: 'nowhere' }, ['TEE']).error.code, 'unknown_store');
  assert.equal(e.availability({ warehouse: 'soho' }, ['TEE']).error.code, 'invalid_value');
  const unknown = e.availability({ store: 'soho' }, ['TEE', 'NOPE']);
  assert.equal(unknown.ok, false);
  assert.equal(unknown.error.code, 'unknown_sku');
  assert.equal(unknown.error.path, '/skus/1');
  assert.equal(e.availability('soho', ['TEE']).error.code, 'wrong_type');
  assert.equal(e.availability({ store: 'soho' }, 'TEE').error.code, 'wrong_type');
  assert.equal(e.availability({ store: 'soho' }, [1]).error.code, 'wrong_type');
  e.dispose();
});

test('the widget\'s CatalogIndex takes its limits from the core and counts max_per_order per order', { skip }, async () => {
  const e = await engine();
  const view = e.catalogView();
  const index = new CatalogIndex(catalog, view);
  assert.equal(index.pickupEligible('TEE'), true);   // not stated in the catalog: the core's default
  assert.equal(index.pickupEligible('KAYAK'), false);
  assert.equal(index.pickupEligible('NOPE'), false);
  assert.equal(index.maxPerOrder('LANTERN'), 2);
  assert.equal(index.maxPerOrder('TEE'), 1_000_000);  // no max_per_order: the core's quantity limit
  // Two lines of the lantern (shipped and picked up) share its limit of 2.
  const shipped = { sku: 'LANTERN', quantity: 1, fulfilment: { type: 'ship' } };
  const pickup = { sku: 'LANTERN', quantity: 1, fulfilment: { type: 'pickup', store: 'soho' } };
  const tee = { sku: 'TEE', quantity: 5, fulfilment: { type: 'ship' } };
  const lines = [shipped, pickup, tee];
  assert.equal(index.quantityLimit(lines, shipped), 1);
  assert.equal(index.quantityLimit(lines, { sku: 'LANTERN' }), 0);  // no room for a third line
  assert.equal(index.quantityLimit([shipped], pickup), 1);
  assert.equal(index.quantityLimit(lines, tee), 1_000_000);
  // The core agrees: 2 + 1 lanterns are refused at the line that passes the limit.
  const over = e.quote({ cart: { lines: [{ sku: 'LANTERN', quantity: 2 }, { sku: 'LANTERN', quantity: 1 }] },
    context: { now: '2026-11-23T14:00:00Z' } });
  assert.equal(over.error.code, 'quantity_too_large');
  assert.equal(over.error.path, '/cart/lines/1/quantity');
  view.dispose();
  e.dispose();
});
