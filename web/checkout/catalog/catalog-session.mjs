// The catalog session: the pricing core and the merchant's catalog loaded
// into it, kept current (revalidated by ETag, reloaded after the server said
// our prices were stale, live stock applied). Views read `index`; the cart
// is priced through `pricing` (a session in the core), one-off quotes
// (a product page's pickup stores) through `engine`.
import { CatalogIndex, PricingEngine, loadCore } from '../pricing.mjs';
import { CartPricing } from './cart-pricing.mjs';
import { builtInCore } from '../builtin-core.mjs';
import { useAddressRules } from '../regions.mjs';

export class CatalogSession {
  constructor(api) {
    this.api = api;
    this.engine = null;
    this.pricing = null;
    this.index = null;
    this.tag = undefined;
    this.stale = false;
  }

  // Loads the core (an explicit module URL wins, else the bundle's own core,
  // else the server's) and the catalog (a copy kept from an earlier visit
  // first: it prices the saved cart at once and is revalidated right after).
  // timings gets coreLoaded / catalogLoaded / loaded / engineLoaded (ms since t0).
  async load({ wasm }, timings, t0) {
    const since = () => performance.now() - t0;
    const builtIn = wasm ? null : builtInCore();
    const coreLoading = builtIn ? builtIn() : loadCore(wasm || this.api.url('wasm/checkout.mjs'));
    const loading = Promise.all([
      coreLoading.then((c) => { timings.coreLoaded = since(); return c; }),
      this.api.cachedCatalog().then((c) => c ?? this.api.catalog())
        .then((c) => { timings.catalogLoaded = since(); return c; }),
    ]);
    const [core, catalog] = await loading;
    timings.loaded = since();
    this.engine = new PricingEngine(core);
    this.pricing = new CartPricing(this.engine);
    useAddressRules(core);  // the form's postal-code rule is the core's
    const error = this.engine.load(catalog.bytes);
    if (error) throw new Error(`The catalog could not be loaded: ${error.message}`);
    timings.engineLoaded = since();
    this.index = new CatalogIndex(JSON.parse(catalog.text), this.engine.catalog);
    this.tag = catalog.etag;
    this.stale = Boolean(catalog.stale);
  }

  get loaded() { return Boolean(this.engine?.loaded && this.index); }

  // Revalidates (a 304 when nothing changed). True when a new catalog is in.
  async catchUp() {
    try {
      const catalog = await this.api.catalog();
      if (!catalog.etag || catalog.etag === this.tag || !this.engine) return false;
      return this.#take(catalog);
    } catch {
      return false;  // offline: the next reconnect tries again
    }
  }

  // Skips every cache: after the server refused our prices.
  async reload() {
    try {
      return this.#take(await this.api.catalog({ reload: true }));
    } catch {
      return false;  // keep the old one; the server's numbers are shown anyway
    }
  }

  #take(catalog) {
    if (!this.engine || this.engine.load(catalog.bytes)) return false;
    this.index = new CatalogIndex(JSON.parse(catalog.text), this.engine.catalog);
    this.tag = catalog.etag;
    return true;
  }

  // A live stock change; an error value when the core refused it.
  applyStock(c) {
    if (!this.engine?.loaded) return { code: 'not_loaded' };
    return c.kind === 'warehouse'
      ? this.engine.setWarehouseStock(c.location, c.sku, c.available)
      : this.engine.setStoreStock(c.location, c.sku, c.available);
  }

  dispose() {
    this.pricing?.dispose();
    this.pricing = null;
    this.engine?.dispose();
    this.engine = null;
  }
}
