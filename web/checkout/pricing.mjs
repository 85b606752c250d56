// The local pricing engine: the wasm core behind the documented JS API
// (wasm/js/checkout.mjs). The widget never holds Embind handles; this file
// only uses createEngine / price / session / withStoreStock / catalogView / dispose.

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

// The core's quantity limit for one line (formats.md), for a stepper of a
// SKU without max_per_order.
const MAX_QUANTITY = 1_000_000;

// Catalog lookups the UI needs that the quote does not carry: titles,
// images, store details from the catalog document; what the core decides
// (pickup eligibility, max_per_order, with their defaults) from the core's
// catalog view (`view`, engine.catalogView()), never re-read here.
export class CatalogIndex {
  constructor(catalog, view) {
    this.catalog = catalog;
    this.view = view;
    this.currency = catalog.currency;
    this.variants = new Map();   // sku -> { product, variant }
    for (const product of catalog.products ?? []) {
      for (const variant of product.variants ?? []) this.variants.set(variant.sku, { product, variant });
    }
    this.stores = new Map((catalog.stores ?? []).map((s) => [s.id, s]));
    this.methods = new Map((catalog.shipping?.methods ?? []).map((m) => [m.id, m]));
    this.promotions = new Map((catalog.promotions ?? []).map((p) => [p.id, p]));
    this.facts = null;  // the core's store and method facts by id, read on first use
  }

  // The currency's minor-unit exponent and whether prices carry tax, as the core read them.
  get exponent() { return this.view.exponent; }
  get pricesIncludeTax() { return this.view.pricesIncludeTax; }
  // What a quote names that the compact session view leaves to the catalog.
  promotionTitle(id) { return this.promotions.get(id)?.title ?? ''; }
  methodName(id) { return this.#facts().methods.get(id)?.name ?? id; }
  storeFact(id) { return this.#facts().stores.get(id); }

  #facts() {
    this.facts ??= {
      stores: new Map(this.view.stores().map((s) => [s.id, s])),
      methods: new Map(this.view.shippingMethods().map((m) => [m.id, m])),
    };
    return this.facts;
  }

  has(sku) { return this.variants.has(sku); }
  product(sku) { return this.variants.get(sku)?.product; }
  variant(sku) { return this.variants.get(sku)?.variant; }
  store(id) { return this.stores.get(id); }
  // Days the store holds a ready pickup order (the server then lapses it); 0: until collected.
  holdDays(id) { return this.view.store(id)?.hold_days ?? 0; }
  pickupEligible(sku) { return this.view.variant(sku)?.pickup_eligible === true; }
  // Units of `sku` one order may hold, all its lines together.
  maxPerOrder(sku) { return this.view.variant(sku)?.max_per_order || MAX_QUANTITY; }
  // The most `line` may hold next to the other lines of its SKU in `lines`:
  // max_per_order limits the whole order, as the core checks it.
  quantityLimit(lines, line) {
    let others = 0;
    for (const l of lines) if (l !== line && l.sku === line.sku) others += l.quantity;
    return Math.min(MAX_QUANTITY, Math.max(0, this.maxPerOrder(line.sku) - others));
  }
  // Countries any shipping method serves, for the address form (the core's view).
  shippingCountries() {
    return [...new Set(this.view.shippingMethods().flatMap((m) => m.countries))].sort();
  }
}

export class PricingEngine {
  #engine = null;
  #view = null;
  #catalogLoads = 0;
  #stockChanges = 0;

  constructor(core) {
    this.core = core;
  }

  // `catalog`: its UTF-8 bytes (fastest) or text. Returns null on success or the CheckoutError.
  load(catalog) {
    const r = this.core.createEngine(catalog);
    if (!r.ok) return r.error;
    this.#replace(r.engine);
    this.#catalogLoads++;
    // Stock updates keep the catalog, so the view lives until the next load.
    this.#view?.dispose();
    this.#view = r.engine.catalogView();
    return null;
  }

  // The core's catalog view of the loaded catalog (null before load).
  get catalog() { return this.#view; }

  // A sale or restock in one store, from the live event stream.
  setStoreStock(storeId, sku, onHand) {
    if (!this.#engine) return null;
    const r = this.#engine.withStoreStock(storeId, sku, onHand);
    if (!r.ok) return r.error;
    this.#replace(r.engine);
    this.#stockChanges++;
    return null;
  }

  setWarehouseStock(warehouseId, sku, onHand) {
    if (!this.#engine) return null;
    const r = this.#engine.withWarehouseStock(warehouseId, sku, onHand);
    if (!r.ok) return r.error;
    this.#replace(r.engine);
    this.#stockChanges++;
    return null;
  }

  // { cart, context } -> { ok, quote, json, fingerprint() } | { ok: false, error }:
  // priced without hashing; fingerprint() hashes the binding when an order needs it.
  quote(cartAndContext) {
    if (!this.#engine) return { ok: false, error: { code: 'not_loaded', message: 'The catalog is not loaded yet.' } };
    return this.#engine.price(cartAndContext);
  }

  // A pricing session (engine.session) on this engine's catalog and stock:
  // { ok: true, session } | { ok: false, error }.
  openSession(cartAndContext) {
    if (!this.#engine) return { ok: false, error: { code: 'not_loaded', message: 'The catalog is not loaded yet.' } };
    return this.#engine.session(cartAndContext);
  }

  // Moves a session of this catalog onto the current stock (after a stock event).
  restock(session) { return session.setEngine(this.#engine); }

  // Which catalog (a new one needs a new session) and which stock of it.
  get catalogLoads() { return this.#catalogLoads; }
  get stockChanges() { return this.#stockChanges; }

  get loaded() { return this.#engine !== null; }

  #replace(engine) {
    this.#engine?.dispose();
    this.#engine = engine;
  }

  dispose() {
    this.#engine?.dispose();
    this.#engine = null;
    this.#view?.dispose();
    this.#view = null;
  }
}
