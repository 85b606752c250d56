// The merchant API checks its input (under node, no browser): quantities are
// positive integers (digit strings converted, anything else a typed error),
// unknown SKUs are refused once the catalog is there and queued adds are
// checked when it arrives; the imperative controller has every member the
// element has.
import assert from 'node:assert/strict';
import { test } from 'node:test';

// Just enough of the DOM for the modules to load and a widget to hold state.
globalThis.CSSStyleSheet ??= class { replaceSync() {} };
globalThis.HTMLElement ??= class {};
globalThis.customElements ??= { get: () => undefined, define: () => {} };

const { CheckoutInputError, toQuantity } = await import('../../web/checkout/merchant-input.mjs');
const { CheckoutWidget } = await import('../../web/checkout/widget.mjs');
const { CatalogIndex } = await import('../../web/checkout/pricing.mjs');
const api = await import('../../web/storefront-checkout.mjs');
const { useAddressRules } = await import('../../web/checkout/regions.mjs');
const { loadWasmApi } = await import('../../tests/parity/clis.mjs');

const catalog = {
  currency: 'USD',
  products: [{ id: 'tee', title: 'Tee', variants: [{ sku: 'TEE-S', price: 1000 }, { sku: 'TEE-M', price: 1000, max_per_order: 5 }] }],
  stores: [],
};
// What the core's catalog view (engine.catalogView()) says of it: the widget
// takes pickup eligibility and max_per_order from there, defaults applied.
const view = {
  variant: (sku) => ({
    'TEE-S': { sku: 'TEE-S', product: 'tee', title: '', price: 1000, pickup_eligible: true, max_per_order: 0 },
    'TEE-M': { sku: 'TEE-M', product: 'tee', title: '', price: 1000, pickup_eligible: true, max_per_order: 5 },
  })[sku],
};

function widget({ loaded = true } = {}) {
  const events = [];
  const w = new CheckoutWidget({}, { adoptedStyleSheets: [], replaceChildren() {}, addEventListener() {} }, (type, detail) => events.push({ type, detail }));
  w.requote = () => ({ ok: true });  // pricing is the core's; here only the cart's state matters
  if (loaded) w.session = { index: new CatalogIndex(catalog, view) };  // the catalog session, loaded
  return { w, events };
}

const throwsInput = (fn, code) => assert.throws(fn, (e) => e instanceof CheckoutInputError && e instanceof TypeError && e.code === code);

test('a quantity is a positive integer; digit strings are converted', () => {
  assert.equal(toQuantity(3), 3);
  assert.equal(toQuantity('3'), 3);
  assert.equal(toQuantity(' 12 '), 12);
  for (const bad of [0, -5, 1.5, NaN, Infinity, 2 ** 53, '', '-1', '1.5', '3 items', '0x10', null, true, {}, [2], 2n]) {
    throwsInput(() => toQuantity(bad), 'invalid_quantity');
  }
  throwsInput(() => toQuantity('0'), 'invalid_quantity');
});

test('a quantity typed in Persian, Arabic-Indic or full-width digits is read by the core', async () => {
  throwsInput(() => toQuantity('۳'), 'invalid_quantity');  // before the core has loaded: ASCII only
  useAddressRules(await (await loadWasmApi()).loadCheckoutCore());
  try {
    assert.equal(toQuantity('۳'), 3);
    assert.equal(toQuantity('١٢'), 12);
    assert.equal(toQuantity(' ３ '), 3);
    assert.equal(toQuantity('7'), 7);
    for (const bad of ['۰', '۲٫۵', '-۱', '12345678', 'three']) throwsInput(() => toQuantity(bad), 'invalid_quantity');
  } finally {
    useAddressRules(null);
  }
});

test('addItem: a string quantity from a <select> adds, never concatenates', () => {
  const { w } = widget();
  assert.equal(w.addItem('TEE-S', 6), true);
  assert.equal(w.addItem('TEE-S', '3'), true);
  assert.deepEqual(w.cart.lines.map((l) => [l.sku, l.quantity]), [['TEE-S', 9]]);
  assert.equal(w.itemCount(), 9);
});

test('addItem: a bad quantity or SKU throws and leaves the cart alone', () => {
  const { w } = widget();
  w.addItem('TEE-S', 1);
  throwsInput(() => w.addItem('TEE-S', -5), 'invalid_quantity');
  throwsInput(() => w.addItem('TEE-S', 'many'), 'invalid_quantity');
  throwsInput(() => w.addItem(42, 1), 'invalid_sku');
  throwsInput(() => w.addItem('', 1), 'invalid_sku');
  assert.deepEqual(w.cart.lines.map((l) => l.quantity), [1]);
});

test('addItem: an unknown SKU is refused with an error event once the catalog is there', () => {
  const { w, events } = widget();
  assert.equal(w.addItem('NO-SUCH-SKU', 1), false);
  assert.deepEqual(w.cart.lines, []);
  assert.deepEqual(events.map((e) => [e.type, e.detail.code]), [['error', 'unknown_sku']]);
});

test('adds queued before the catalog are checked when it arrives', () => {
  const { w, events } = widget({ loaded: false });
  assert.equal(w.addItem('TEE-S', '2'), true, 'queued');
  assert.equal(w.addItem('NO-SUCH-SKU', 1), true, 'queued: not known yet');
  throwsInput(() => w.addItem('TEE-S', 0), 'invalid_quantity');  // the kind is checked at once
  w.session = { index: new CatalogIndex(catalog, view) };
  w.applyQueuedAdds();
  assert.deepEqual(w.cart.lines.map((l) => [l.sku, l.quantity]), [['TEE-S', 2]]);
  assert.deepEqual(events.map((e) => [e.type, e.detail.code, e.detail.sku]), [['error', 'unknown_sku', 'NO-SUCH-SKU']]);
});

test('setQuantity: validated, capped at the SKU\'s max per order, false for a SKU not in the cart', () => {
  const { w } = widget();
  w.addItem('TEE-M', 1);
  assert.equal(w.setItemQuantity('TEE-M', '4'), true);
  assert.equal(w.cart.lines[0].quantity, 4);
  assert.equal(w.setItemQuantity('TEE-M', 50), true);
  assert.equal(w.cart.lines[0].quantity, 5, 'max_per_order 5');
  throwsInput(() => w.setItemQuantity('TEE-M', -1), 'invalid_quantity');
  throwsInput(() => w.setQuantity(0, 2.5), 'invalid_quantity');
  assert.equal(w.cart.lines[0].quantity, 5);
  assert.equal(w.setItemQuantity('TEE-S', 2), false);
});

test('the imperative controller offers every public member of the element', () => {
  const lifecycle = new Set(['constructor', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback']);
  const members = Object.getOwnPropertyNames(api.StorefrontCheckoutElement.prototype).filter((n) => !lifecycle.has(n)).sort();
  const controller = [...api.CONTROLLER_METHODS, ...api.CONTROLLER_PROPERTIES].sort();
  assert.deepEqual(controller, members);
  for (const name of ['checkout', 'locate', 'pickupStore', 'itemCount', 'currency', 'timings', 'setQuantity']) {
    assert.ok(controller.includes(name), name);
  }
});
