// The local pricing engine: the wasm core behind the documented JS API
// (wasm/js/checkout.mjs). The widget never holds Embind handles; this file
// only uses createEngine / quote / withStoreStock / dispose.

const corePromises = new Map();

// One core per module URL per page, shared by every widget instance.
export function loadCore(moduleUrl) {
  let p = corePromises.get(moduleUrl);
  if (!p) {
    p = import(moduleUrl).then((api) => api.loadCheckoutCore());
    p.catch(() => corePromises.delete(moduleUrl));
    corePromises.set(moduleUrl, p);
  }
  return p;
}

// Catalog lookups the UI needs (titles, images, eligibility, store details)
// that the quote does not carry.
export class CatalogIndex {
  constructor(catalog) {
    this.catalog = catalog;
    this.currency = catalog.currency;
    this.variants = new Map();   // sku -> { product, variant }
    for (const product of catalog.products ?? []) {
      for (const variant of product.variants ?? []) this.variants.set(variant.sku, { product, variant });
    }
    this.stores = new Map((catalog.stores ?? []).map((s) => [s.id, s]));
    this.methods = new Map((catalog.shipping?.methods ?? []).map((m) => [m.id, m]));
  }

  has(sku) { return this.variants.has(sku); }
  product(sku) { return this.variants.get(sku)?.product; }
  variant(sku) { return this.variants.get(sku)?.variant; }
  store(id) { return this.stores.get(id); }
  pickupEligible(sku) { return this.variant(sku)?.pickup_eligible !== false; }
  maxPerOrder(sku) { return this.variant(sku)?.max_per_order || 1_000_000; }
  // Countries any shipping method serves, for the address form.
  shippingCountries() {
    const set = new Set();
    for (const m of this.methods.values()) for (const z of m.zones ?? []) set.add(z.country);
    return [...set].sort();
  }
}

export class PricingEngine {
  #engine = null;

  constructor(core) {
    this.core = core;
  }

  // `catalog`: its UTF-8 bytes (fastest) or text. Returns null on success or the CheckoutError.
  load(catalog) {
    const r = this.core.createEngine(catalog);
    if (!r.ok) return r.error;
    this.#replace(r.engine);
    return null;
  }

  // A sale or restock in one store, from the live event stream.
  setStoreStock(storeId, sku, onHand) {
    if (!this.#engine) return null;
    const r = this.#engine.withStoreStock(storeId, sku, onHand);
    if (!r.ok) return r.error;
    this.#replace(r.engine);
    return null;
  }

  setWarehouseStock(warehouseId, sku, onHand) {
    if (!this.#engine) return null;
    const r = this.#engine.withWarehouseStock(warehouseId, sku, onHand);
    if (!r.ok) return r.error;
    this.#replace(r.engine);
    return null;
  }

  // { cart, context } -> { ok, quote, json, fingerprint() } | { ok: false, error }:
  // priced without hashing; fingerprint() hashes the binding when an order needs it.
  quote(cartAndContext) {
    if (!this.#engine) return { ok: false, error: { code: 'not_loaded', message: 'The catalog is not loaded yet.' } };
    return this.#engine.price(cartAndContext);
  }

  get loaded() { return this.#engine !== null; }

  #replace(engine) {
    this.#engine?.dispose();
    this.#engine = engine;
  }

  dispose() {
    this.#engine?.dispose();
    this.#engine = null;
  }
}
