// The checkout controller: state, local re-pricing on every change, order
// placement, live stock. It renders into a shadow root it is given; the
// custom element and the imperative mount (storefront-checkout.mjs) are thin
// shells around it.
import { h, replaceKeepingFocus, uid } from './dom.mjs';
import { formatMoney, warmUpFormatters } from './format.mjs';
import { loadSavedState, saveState, storageKey } from './cart-storage.mjs';
import { NetworkError, OrderAttempts, ServerApi } from './server-api.mjs';
import { CatalogIndex, PricingEngine, loadCore } from './pricing.mjs';
import { builtInCore } from './builtin-core.mjs';
import { toQuantity, toSku } from './merchant-input.mjs';
import { readQuote, reasonSentences } from './quote-read.mjs';
import { isUsZip, stateForZip } from './regions.mjs';
import { widgetSheet } from './styles.mjs';
import {
  renderCoupon, renderDestination, renderLines, renderShipping, renderStoreSearch, renderStores, renderTotals,
} from './views-cart.mjs';
import { renderCheckoutForm, renderConfirmation, renderQuoteDiff, validateCheckout } from './views-checkout.mjs';

const MODULE_BASE = new URL('../', import.meta.url);  // .../web/

export const DEFAULT_OPTIONS = Object.freeze({
  server: new URL('../', MODULE_BASE).href,   // the origin that served the widget
  wasm: undefined,                            // default: <server>/wasm/checkout.mjs
  locale: undefined,                          // default: the page's language
  country: 'US',                              // default delivery country before an address is known
  storageKey: undefined,                      // default: the server's origin
  cart: undefined,                            // initial lines [{ sku, quantity }] when nothing is saved
  theme: undefined,                           // { '--sc-accent': '#0a6', ... }
  imageFor: undefined,                        // (product, variant) => image URL
  live: true,                                 // subscribe to live stock events
});

const THEME_PROPERTY = /^--sc-[a-z0-9-]+$/;
const SAFE_THEME_VALUE = /^[^;{}<>\\]*$/;

export class CheckoutWidget {
  constructor(host, root, emit) {
    this.host = host;        // the custom element (events are dispatched on it)
    this.root = root;        // its shadow root
    this.emit = emit;        // (type, detail) => void
    this.options = { ...DEFAULT_OPTIONS };
    this.cart = { lines: [], coupons: [] };
    this.destination = undefined;
    this.location = undefined;
    this.pickupStore = undefined;
    this.quote = null;
    this.quoteJson = '';
    this.view = 'loading';
    this.couponDraft = '';
    this.couponFeedback = null;
    this.notices = [];
    this.customer = { name: '', email: '', phone: '' };
    this.address = { line1: '', line2: '', city: '', region: '', postal_code: '', country: 'US' };
    this.formErrors = {};
    this.placing = false;
    this.placeError = null;
    this.order = null;
    this.regions = {};
    this.timings = {};
    this.pendingAdds = [];
    this.pendingPickup = new Set();  // lines whose shopper chose pickup before choosing a store
    this.closeEvents = () => {};
    this.themeSheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [widgetSheet(), this.themeSheet];
  }

  // ------------------------------------------------------------ options

  setOptions(options) {
    const before = this.options;
    this.options = { ...this.options, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.#applyTheme();
    if (this.view !== 'loading' && (before.locale !== this.options.locale)) this.render();
  }

  get locale() {
    return this.options.locale || this.host.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en-US';
  }

  #applyTheme() {
    const theme = this.options.theme ?? {};
    const declarations = Object.entries(theme)
      .filter(([k, v]) => THEME_PROPERTY.test(k) && typeof v === 'string' && SAFE_THEME_VALUE.test(v))
      .map(([k, v]) => `${k}: ${v};`).join(' ');
    this.themeSheet.replaceSync(declarations ? `:host { ${declarations} }` : '');
  }

  money(minor) {
    return formatMoney(minor, { locale: this.locale, currency: this.quote?.currency ?? this.index.currency, exponent: this.quote?.exponent ?? 2 });
  }

  promotionTitle(id) {
    return this.quote?.promotions?.applied?.find((p) => p.id === id)?.title ?? id;
  }

  // ------------------------------------------------------------ start-up

  async start() {
    const t0 = performance.now();
    this.timings.startedSinceNavigation = t0;
    this.api = new ServerApi(this.options.server);
    const key = storageKey(this.options.storageKey || this.api.base.origin);
    this.storage = { key, area: safeLocalStorage() };
    const saved = loadSavedState(this.storage.area, key);
    this.savedLines = saved?.cart.lines ?? [];
    this.renderLoading();
    this.attempts = new OrderAttempts(saved?.pendingOrder, (p) => { this.pendingOrder = p; this.persist(); });
    this.pendingOrder = saved?.pendingOrder ?? null;
    try {
      // An explicit `wasm` option wins; else the bundle's own core; else the server's.
      const builtIn = this.options.wasm ? null : builtInCore();
      const coreLoading = builtIn ? builtIn() : loadCore(this.options.wasm || this.api.url('wasm/checkout.mjs'));
      const since = () => performance.now() - t0;
      const loading = Promise.all([
        coreLoading.then((c) => { this.timings.coreLoaded = since(); return c; }),
        // A catalog kept from an earlier visit prices the saved cart at once;
        // it is revalidated as soon as the cart is shown (#catchUp below).
        this.api.cachedCatalog().then((c) => c ?? this.api.catalog())
          .then((c) => { this.timings.catalogLoaded = since(); return c; }),
      ]);
      // The requests are out; build the Intl formatters while they travel.
      setTimeout(() => warmUpFormatters(this.locale), 0);
      const [core, catalog] = await loading;
      this.timings.loaded = since();
      this.engine = new PricingEngine(core);
      const error = this.engine.load(catalog.bytes);
      if (error) throw new Error(`The catalog could not be loaded: ${error.message}`);
      this.timings.engineLoaded = since();
      this.index = new CatalogIndex(JSON.parse(catalog.text), this.engine.catalog);
      this.catalogTag = catalog.etag;
      this.catalogStale = Boolean(catalog.stale);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.#restore(saved);
    this.timings.indexed = performance.now() - t0;
    this.view = 'cart';
    this.render({ fill: false });  // requote() fills it: one pass over the regions, not two
    this.timings.rendered = performance.now() - t0;
    this.requote();
    this.timings.firstQuote = performance.now() - t0;
    this.timings.firstQuoteSinceNavigation = performance.now();
    performance.mark?.('storefront-checkout:first-quote');
    this.applyQueuedAdds();
    if (this.catalogStale) this.#catchUp();
    if (this.options.live) this.#subscribe();
    this.emit('ready', { timings: { ...this.timings }, totals: this.quote?.totals ?? null, currency: this.index.currency });
  }

  #restore(saved) {
    const dropped = [];
    const initial = saved?.cart ?? (Array.isArray(this.options.cart) ? { lines: this.options.cart, coupons: [] } : null);
    if (initial) {
      for (const line of initial.lines ?? []) {
        if (!this.index.has(line.sku)) { dropped.push(line.sku); continue; }
        // Lines restored in order share their SKU's max_per_order, as in the core.
        const quantity = Math.min(Math.max(1, Number(line.quantity) | 0), this.index.quantityLimit(this.cart.lines, line));
        if (quantity < 1) { dropped.push(line.sku); continue; }
        let fulfilment = line.fulfilment?.type === 'pickup' && this.index.store(line.fulfilment.store) && this.index.pickupEligible(line.sku)
          ? { type: 'pickup', store: line.fulfilment.store } : { type: 'ship' };
        this.cart.lines.push({ sku: line.sku, quantity, fulfilment });
      }
      this.cart.coupons = [...(initial.coupons ?? [])];
      if (initial.shipping_method && this.index.methods.has(initial.shipping_method)) this.cart.shipping_method = initial.shipping_method;
    }
    if (saved?.destination) this.destination = saved.destination;
    else if (this.options.country) this.destination = { country: this.options.country };
    if (saved?.location) this.location = saved.location;
    if (saved?.pickupStore && this.index.store(saved.pickupStore)) this.pickupStore = saved.pickupStore;
    if (this.destination?.postal_code) {
      this.address.postal_code = this.destination.postal_code;
      this.address.region = this.destination.region ?? '';
    }
    if (this.destination?.country) this.address.country = this.destination.country;
    if (dropped.length) this.notify('warn', `${dropped.length === 1 ? 'An item' : `${dropped.length} items`} in your saved cart ${dropped.length === 1 ? 'is' : 'are'} no longer sold and ${dropped.length === 1 ? 'was' : 'were'} removed.`);
  }

  // ------------------------------------------------------------ pricing

  request() {
    const cart = { lines: this.cart.lines.map((l) => ({ ...l })), coupons: [...this.cart.coupons], currency: this.index.currency };
    if (this.cart.shipping_method) cart.shipping_method = this.cart.shipping_method;
    const context = { now: new Date(this.api.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'), channel: 'web' };
    if (this.destination) context.destination = { ...this.destination };
    if (this.location) context.location = { ...this.location };
    if (this.exhaustedPromotions?.length) context.exhausted_promotions = [...this.exhaustedPromotions];
    return { cart, context };
  }

  // Re-prices locally (no network) and re-renders. Returns the result.
  requote({ silent = false } = {}) {
    const started = performance.now();
    this.lastRequest = this.request();
    const r = this.engine.quote(this.lastRequest);
    this.timings.lastQuoteMs = performance.now() - started;
    if (r.ok) {
      this.quote = readQuote(r.quote);
      this.priced = r;  // its fingerprint() is hashed only when an order is placed
      this.quoteJson = r.json;
      this.quoteError = null;
    } else {
      this.quoteError = r.error;
      this.emit('error', { code: r.error.code, message: r.error.message, path: r.error.path });
    }
    this.persist();
    this.refresh();
    if (!silent && r.ok) {
      const q = this.quote;
      this.emit('change', {
        totals: { ...q.totals }, currency: q.currency, exponent: q.exponent,
        itemCount: this.itemCount(), lines: this.cart.lines.map((l) => ({ ...l })),
        get fingerprint() { return r.fingerprint(); },  // hashed only if a listener reads it
      });
    }
    return r;
  }

  // Before the catalog is there: the saved cart's units, from local data.
  itemCount() {
    const lines = this.index ? this.cart.lines : this.savedLines ?? [];
    return lines.reduce((n, l) => n + l.quantity, 0);
  }

  persist() {
    if (!this.storage) return;
    saveState(this.storage.area, this.storage.key, {
      cart: this.cart, destination: this.destination, location: this.location, pickupStore: this.pickupStore,
      pendingOrder: this.pendingOrder ?? undefined,
    });
  }

  // ------------------------------------------------------------ cart actions

  // Throws CheckoutInputError for a quantity or SKU of the wrong kind. Before
  // the catalog is there the add is queued (true) and checked on arrival: an
  // unknown SKU then raises the error event, as it does at once afterwards (false).
  addItem(sku, quantity = 1, fulfilment = undefined) {
    toSku(sku);
    quantity = toQuantity(quantity);
    if (!this.index) { this.pendingAdds.push([sku, quantity, fulfilment]); return true; }
    if (!this.index.has(sku)) {
      this.emit('error', { code: 'unknown_sku', message: `Unknown SKU ${sku}.`, sku });
      return false;
    }
    const store = fulfilment?.type === 'pickup' ? (fulfilment.store ?? this.pickupStore) : undefined;
    const pickup = store && this.index.store(store) && this.index.pickupEligible(sku);
    const wanted = pickup ? { type: 'pickup', store } : { type: 'ship' };
    if (pickup && !this.pickupStore) this.pickupStore = store;
    const same = this.cart.lines.find((l) => l.sku === sku && l.fulfilment.type === wanted.type);
    // max_per_order counts every line of the SKU, as the core does.
    const limit = this.index.quantityLimit(this.cart.lines, same ?? { sku });
    if (!same && limit < 1) {
      const max = this.index.maxPerOrder(sku);
      this.emit('error', { code: 'quantity_too_large', message: `At most ${max} of "${sku}" can be ordered at once.`, sku });
      return false;
    }
    if (same) same.quantity = Math.min(limit, same.quantity + quantity);
    else this.cart.lines.push({ sku, quantity: Math.min(limit, Math.max(1, quantity)), fulfilment: wanted });
    if (this.view === 'confirmation') this.view = 'cart';
    this.couponFeedback = null;
    if (this.view === 'cart') this.render();
    this.requote();
    return true;
  }

  // The adds the page made before the catalog arrived, now checked against it.
  applyQueuedAdds() {
    for (const [sku, quantity, fulfilment] of this.pendingAdds.splice(0)) this.addItem(sku, quantity, fulfilment);
  }

  setQuantity(index, quantity) {
    quantity = toQuantity(quantity);
    const line = this.cart.lines[index];
    if (!line) return;
    line.quantity = Math.max(1, Math.min(this.index.quantityLimit(this.cart.lines, line), quantity));
    this.requote();
  }

  // From the page: the quantity of the SKU's line (its first, if shipped and
  // picked up). False when the cart has no such line (or is not loaded yet).
  setItemQuantity(sku, quantity) {
    toSku(sku);
    quantity = toQuantity(quantity);
    const index = this.cart.lines.findIndex((l) => l.sku === sku);
    if (!this.index || index < 0) return false;
    this.setQuantity(index, quantity);
    return true;
  }

  removeLine(index) {
    const [line] = this.cart.lines.splice(index, 1);
    this.pendingPickup.delete(line);
    if (line) this.announce(`Removed ${this.index.product(line.sku)?.title ?? line.sku} from your cart.`);
    this.requote();
  }

  setFulfilment(index, type) {
    const line = this.cart.lines[index];
    if (!line) return;
    this.pendingPickup.delete(line);
    if (type === 'pickup' && !this.pickupStore) {
      // No store yet: the line waits (still priced as shipped) until the
      // shopper picks one in the store chooser, where focus goes now.
      this.pendingPickup.add(line);
      this.refresh();
      this.regions.storesPanel?.scrollIntoView?.({ block: 'start' });
      this.announce('Choose a pickup store.');
      this.root.querySelector('[data-focus-key="store-zip"]')?.focus({ preventScroll: true });
      return;
    }
    line.fulfilment = type === 'pickup' ? { type: 'pickup', store: this.pickupStore } : { type: 'ship' };
    this.requote();
  }

  choosePickupStore(storeId) {
    this.pickupStore = storeId;
    // Every pickup line moves to the one pickup store; the line that asked
    // for a store becomes a pickup line now.
    for (const line of this.cart.lines) {
      if (line.fulfilment.type === 'pickup' || this.pendingPickup.has(line)) line.fulfilment = { type: 'pickup', store: storeId };
    }
    this.pendingPickup.clear();
    this.announce(`${this.index.store(storeId)?.name ?? storeId} is your pickup store.`);
    this.requote();
  }

  searchStores(value, errorId) {
    const zip = value.trim();
    const err = this.root.getElementById(errorId);
    const known = (this.index.catalog.postal_codes ?? []).some((p) => p.postal_code === zip);
    if (!zip || (!known && !isUsZip(zip))) {
      if (err) err.textContent = 'Enter a 5-digit ZIP code.';
      return;
    }
    if (!known) {
      if (err) err.textContent = `We don't know ZIP ${zip} yet: showing all stores.`;
      this.location = undefined;
    } else {
      if (err) err.textContent = '';
      this.location = { country: this.options.country || 'US', postal_code: zip };
    }
    this.requote();
  }

  // From the page (a product page's "pickup near" field): a ZIP the catalog
  // can place. Returns whether it was taken.
  locate(postalCode) {
    const zip = String(postalCode ?? '').trim();
    if (!this.index || !(this.index.catalog.postal_codes ?? []).some((p) => p.postal_code === zip)) return false;
    this.location = { country: this.options.country || 'US', postal_code: zip };
    this.requote();
    return true;
  }

  useMyLocation(errorId) {
    const err = this.root.getElementById(errorId);
    navigator.geolocation.getCurrentPosition((pos) => {
      // Microdegrees are the core's integer coordinates; rounding here is on
      // a location, never on money.
      this.location = { lat_e6: Math.round(pos.coords.latitude * 1e6), lon_e6: Math.round(pos.coords.longitude * 1e6) };
      if (err) err.textContent = '';
      this.requote();
    }, () => {
      if (err) err.textContent = 'Your location is not available. Enter a ZIP code instead.';
    }, { timeout: 10000, maximumAge: 600000 });
  }

  setDestinationZip(value, errorId) {
    const zip = value.trim();
    const err = this.root.getElementById(errorId);
    const country = this.destination?.country || this.options.country || 'US';
    if (country === 'US' && !isUsZip(zip)) {
      if (err) err.textContent = 'Enter a 5-digit ZIP code.';
      return;
    }
    if (err) err.textContent = '';
    const region = country === 'US' ? stateForZip(zip) : undefined;
    this.destination = { country, ...(region ? { region } : {}), postal_code: zip };
    this.address.postal_code = zip;
    if (region) this.address.region = region;
    if (!this.location && (this.index.catalog.postal_codes ?? []).some((p) => p.postal_code === zip)) {
      this.location = { country, postal_code: zip };
    }
    this.requote();
  }

  chooseShipping(method) {
    this.cart.shipping_method = method;
    this.requote();
  }

  applyCoupon(value) {
    const code = value.trim();
    if (!code) {
      this.couponFeedback = { ok: false, message: 'Enter a promo code.' };
      this.refresh();
      return;
    }
    const norm = code.toUpperCase();
    if (this.cart.coupons.some((c) => c.toUpperCase() === norm)) {
      this.couponFeedback = { ok: true, message: `${code} is already applied.` };
      this.refresh();
      return;
    }
    this.cart.coupons.push(code);
    const r = this.requote({ silent: true });
    const rejected = r.ok ? this.quote.promotions.rejected.find((x) => x.code.trim().toUpperCase() === norm) : null;
    if (!r.ok || rejected) {
      // A refused code is not kept: it must not ride along into the order.
      this.cart.coupons = this.cart.coupons.filter((c) => c !== code);
      this.couponFeedback = { ok: false, code, reason: rejected?.reason, message: rejected ? `${code}: ${rejected.message}` : `${code} could not be applied.` };
      this.requote();
    } else {
      const applied = this.quote.promotions.applied.find((p) => (p.code ?? '').toUpperCase() === norm);
      this.couponFeedback = { ok: true, code, message: applied ? `${code} applied: ${applied.title}.` : `${code} applied.` };
      this.couponDraft = '';
      this.requote();
    }
  }

  removeCoupon(code) {
    this.cart.coupons = this.cart.coupons.filter((c) => c.toUpperCase() !== code.toUpperCase());
    this.couponFeedback = { ok: true, message: `${code} removed.` };
    this.requote();
  }

  // ------------------------------------------------------------ checkout

  needsShippingAddress() {
    return this.cart.lines.some((l) => l.fulfilment.type === 'ship');
  }

  pickupStoreUsed() {
    return this.cart.lines.find((l) => l.fulfilment.type === 'pickup')?.fulfilment.store;
  }

  blockingProblems() {
    const problems = [];
    if (!this.cart.lines.length) problems.push('Your cart is empty.');
    for (const line of this.pendingPickup) problems.push(`${this.index.product(line.sku)?.title ?? line.sku}: choose a pickup store, or ship it.`);
    for (const m of this.quote?.messages ?? []) {
      if (['insufficient_stock', 'pickup_insufficient_stock', 'no_shipping_option'].includes(m.code)) {
        const line = m.line !== undefined ? this.quote.lines[m.line] : null;
        problems.push(line ? `${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}: ${m.message}` : m.message);
      }
    }
    return problems;
  }

  showCheckout() {
    const problems = this.blockingProblems();
    if (problems.length) {
      this.notify('error', 'Please fix your cart before checking out:', problems);
      this.focusNotices();
      return;
    }
    this.view = 'checkout';
    this.formErrors = {};
    this.placeError = null;
    this.render();
    this.root.querySelector('[data-focus-target="checkout"]')?.focus();
  }

  showCart() {
    this.view = 'cart';
    this.render();
    this.root.querySelector('[data-focus-target="cart"]')?.focus();
  }

  formFieldChanged(name) {
    if (this.formErrors[name]) {
      const errors = validateCheckout(this);
      this.formErrors = Object.fromEntries(Object.entries(this.formErrors).filter(([k]) => errors[k]).map(([k]) => [k, errors[k]]));
      this.#updateFieldError(name);
    }
    if (['postal_code', 'region', 'country'].includes(name) && this.needsShippingAddress()) {
      const a = this.address;
      if (a.country === 'US' && name === 'postal_code' && isUsZip(a.postal_code)) {
        const inferred = stateForZip(a.postal_code);
        if (inferred && !a.region) {
          a.region = inferred;
          const select = this.root.querySelector('[data-field="region"]');
          if (select) select.value = inferred;
          this.#updateFieldError('region');
        }
      }
      this.destination = this.#addressDestination();
      if (name === 'country') this.formNeedsRender = true;  // the region field changes kind
      this.requote();
    }
  }

  // Fixing a field clears its error in place: rebuilding the form here would
  // replace the field the shopper is moving into.
  #updateFieldError(name) {
    const field = this.root.querySelector(`[data-field="${name}"]`);
    const message = this.formErrors[name];
    if (field) {
      const errorEl = this.root.getElementById(`${field.id}-error`);
      if (message && errorEl) errorEl.textContent = message;
      if (!message) {
        field.removeAttribute('aria-invalid');
        errorEl?.remove();
        const describedBy = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== `${field.id}-error`);
        if (describedBy.length) field.setAttribute('aria-describedby', describedBy.join(' '));
        else field.removeAttribute('aria-describedby');
      }
    }
    const summary = this.root.querySelector('[data-role="form-errors"]');
    const count = Object.keys(this.formErrors).length;
    if (summary && count === 0) summary.remove();
    else if (summary) summary.firstChild.textContent = count === 1 ? 'Please correct 1 field.' : `Please correct ${count} fields.`;
  }

  // The form is rebuilt only when its structure changes (errors, a failed
  // attempt); a re-quote leaves the fields the shopper is typing in alone.
  refreshForm() {
    this.formNeedsRender = true;
    this.refresh();
  }

  #addressDestination() {
    const a = this.address;
    const destination = { country: a.country };
    if (a.region) destination.region = a.region;
    if (a.postal_code.trim()) destination.postal_code = a.postal_code.trim();
    return destination;
  }

  // clientQuote: { fingerprint, grand_total, binding } of the quote the
  // customer accepted; the server refuses only if something in the binding
  // changed, and says what.
  orderBody(clientQuote, now) {
    const { cart, context } = this.request();
    context.now = now;
    delete context.exhausted_promotions;  // the server counts usage itself
    const body = {
      cart, context,
      client_quote: { fingerprint: clientQuote?.fingerprint, grand_total: clientQuote?.grand_total, binding: clientQuote?.binding },
      customer: { name: this.customer.name.trim(), email: this.customer.email.trim() },
    };
    if (this.customer.phone.trim()) body.customer.phone = this.customer.phone.trim();
    if (this.needsShippingAddress()) {
      const a = this.address;
      body.shipping_address = {
        name: this.customer.name.trim(), line1: a.line1.trim(), city: a.city.trim(), postal_code: a.postal_code.trim(), country: a.country,
      };
      if (a.line2.trim()) body.shipping_address.line2 = a.line2.trim();
      if (a.region) body.shipping_address.region = a.region;
    }
    return body;
  }

  async placeOrder({ acceptedQuote } = {}) {
    if (this.placing) return;
    this.formErrors = validateCheckout(this);
    if (Object.keys(this.formErrors).length) {
      this.refreshForm();
      const first = Object.keys(this.formErrors)[0];
      this.root.querySelector(`[data-field="${first}"]`)?.focus();
      return;
    }
    const problems = this.blockingProblems();
    if (problems.length) {
      this.placeError = { message: 'Some items are no longer available as chosen:', detail: problems };
      this.refreshForm();
      return;
    }
    if (this.needsShippingAddress()) this.destination = this.#addressDestination();
    let shownQuote;
    let bodyText;
    if (acceptedQuote) {
      // The customer accepted the server's numbers: confirm exactly those,
      // priced at the same instant as the refused attempt.
      shownQuote = acceptedQuote;
      bodyText = JSON.stringify(this.orderBody(clientQuoteOf(acceptedQuote, acceptedQuote.fingerprint), this.quotedAt));
    } else {
      this.requote({ silent: true });
      if (!this.quote || this.quoteError) return;
      shownQuote = this.quote;
      bodyText = this.#retryOfPending();
      if (!bodyText) {
        this.quotedAt = this.lastRequest.context.now;
        bodyText = JSON.stringify(this.orderBody(clientQuoteOf(this.quote, this.priced.fingerprint()), this.quotedAt));
      }
    }
    const key = this.attempts.keyFor(bodyText);
    this.placing = true;
    this.placeError = null;
    this.refreshForm();
    let answer;
    try {
      answer = await this.api.placeOrder(bodyText, key);
    } catch (e) {
      this.placing = false;
      if (!(e instanceof NetworkError)) throw e;
      // The key stays with this body: "Try again" re-sends both, so an order
      // that did reach the server is found again instead of made twice.
      this.placeError = {
        retry: true,
        message: "We couldn't reach the store to place your order. Nothing was charged and your cart is saved. Check your connection and try again.",
      };
      this.emit('error', { code: 'network', message: e.message });
      this.refreshForm();
      this.root.querySelector('[data-focus-key="retry"]')?.focus();
      return;
    }
    this.placing = false;
    if (answer.status >= 502 && answer.status <= 504) {
      this.placeError = { retry: true, message: 'The store is busy right now. Your cart is saved; please try again in a moment.' };
      this.refreshForm();
      return;
    }
    this.attempts.settle();
    await this.#handleOrderAnswer(answer, shownQuote);
  }

  // When an attempt is still unanswered (the network failed, maybe even
  // before a reload) and the customer changed nothing, the retry must be the
  // very same body, so it keeps its Idempotency-Key and cannot order twice.
  #retryOfPending() {
    const pending = this.attempts.pending;
    if (!pending) return null;
    let old;
    try { old = JSON.parse(pending.body); } catch { return null; }
    const again = JSON.stringify(this.orderBody(old.client_quote, old.context?.now));
    if (again !== pending.body) return null;
    this.quotedAt = old.context.now;
    return pending.body;
  }

  async #handleOrderAnswer({ status, body }, shownQuote) {
    if (status === 200 || status === 201) {
      const order = normaliseOrder(body, this);
      this.order = order;
      this.lastShownQuote = shownQuote;
      this.cart = { lines: [], coupons: [] };
      this.couponFeedback = null;
      this.view = 'confirmation';
      this.persist();
      this.render();
      this.root.querySelector('[data-focus-target="confirmation"]')?.focus();
      this.requote();  // the (now empty) cart, so the page's cart badge follows
      this.emit('order-placed', { order: { id: order.id, status: order.status, totals: { ...order.quote.totals }, currency: order.quote.currency } });
      return;
    }
    const error = body?.error ?? {};
    if (status === 409 && error.code === 'quote_changed' && readQuote(body.quote)) {
      // Our prices were stale (or tampered with): load the server's catalog
      // again, and learn which promotions the server counts as used up, so
      // the cart shows what the server charges from now on.
      const serverQuote = readQuote(body.quote);
      const diff = Array.isArray(body.diff) ? body.diff : [];
      if (diff.length && diff.every((d) => d.reason === 'stock_at_location')) {
        // Nothing to accept: the chosen store or warehouse can no longer
        // supply some lines, whatever the price. Say which, as for a sell-out.
        await this.reloadCatalog();
        this.placeError = { message: 'Some items sold out while you were checking out:', detail: diff.map((d) => this.#unsuppliedText(d, serverQuote)) };
        this.refreshForm();
        this.root.querySelector('[data-role="place-error"]')?.focus?.();
        return;
      }
      this.#learnExhausted(serverQuote);
      await this.reloadCatalog();
      this.showQuoteChanged(shownQuote, serverQuote, diff);
      return;
    }
    if (status === 409 && error.code === 'insufficient_stock') {
      const shortages = Array.isArray(body.lines) ? body.lines : [];
      const detail = shortages.map((s) => this.#shortageText(s));
      await this.reloadCatalog();  // live stock levels, as the server has them now
      this.placeError = { message: 'Some items sold out while you were checking out:', detail: detail.length ? detail : [error.message ?? ''] };
      this.refreshForm();
      this.root.querySelector('[data-role="place-error"]')?.focus?.();
      return;
    }
    if (status === 409 && error.code === 'not_fulfillable') {
      this.placeError = { message: error.message || 'This order cannot be delivered as chosen.' };
      this.refreshForm();
      return;
    }
    if (status === 429) {
      this.placeError = { retry: true, message: error.message || 'Too many attempts. Please wait a moment and try again.' };
      this.refreshForm();
      return;
    }
    this.placeError = { message: error.message || `The order could not be placed (HTTP ${status}).` };
    this.emit('error', { code: error.code || `http_${status}`, message: this.placeError.message });
    this.refreshForm();
  }

  // A stock_at_location entry of a 409 diff ("/binding/lines/N/fulfilment") in words.
  #unsuppliedText(d, serverQuote) {
    const index = Number(/^\/binding\/lines\/(\d+)\//.exec(d.path ?? '')?.[1]);
    const line = serverQuote.lines[index];
    if (!line) return 'An item is no longer available where you chose to get it.';
    const title = `${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}`;
    const store = line.fulfilment?.type === 'pickup' ? line.fulfilment.store : null;
    const where = store ? `at ${this.index.store(store)?.name ?? store}` : 'to ship';
    return `${title}: no longer available ${where}.`;
  }

  #shortageText(s) {
    const line = this.quote?.lines?.[s.line];
    const title = line ? `${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}` : s.sku;
    const where = s.location_kind === 'warehouse' ? 'to ship' : `at ${this.index.store(s.location)?.name ?? s.location}`;
    return `${title}: only ${s.available} of ${s.requested} available ${where}.`;
  }

  // Codes the server refused as used up (its own usage counts) are priced
  // the same way locally from now on.
  #learnExhausted(serverQuote) {
    const used = (serverQuote.promotions?.rejected ?? []).filter((r) => r.reason === 'usage_limit_reached');
    if (!used.length) return;
    const ids = new Set(this.exhaustedPromotions ?? []);
    for (const r of used) {
      const code = r.code.trim().toUpperCase();
      for (const p of this.index.catalog.promotions ?? []) {
        if ((p.codes ?? []).some((c) => c.trim().toUpperCase() === code)) ids.add(p.id);
      }
    }
    this.exhaustedPromotions = [...ids].sort();
  }

  async reloadCatalog() {
    try {
      const catalog = await this.api.catalog({ reload: true });
      const error = this.engine.load(catalog.bytes);
      if (!error) {
        this.index = new CatalogIndex(JSON.parse(catalog.text), this.engine.catalog);
        this.catalogTag = catalog.etag;
      }
    } catch {
      // Keep the old engine; the dialog shows the server's numbers anyway.
    }
    this.requote();
  }

  // diff: the server's [{ path, reason, client, server }]; its reasons are
  // said in words above the old-and-new table.
  showQuoteChanged(before, after, diff = []) {
    this.regions.dialog?.remove();
    const titleId = uid('dialog-title');
    const accept = h('button', {
      type: 'button', class: 'primary', dataset: { role: 'accept-new-total' },
      text: `Place order for ${this.money(after.totals.grand_total)}`,
    });
    const back = h('button', { type: 'button', dataset: { role: 'back-to-cart' }, text: 'Back to cart' });
    const dialog = h('dialog', { aria: { labelledby: titleId }, dataset: { role: 'quote-changed' } },
      h('div', { class: 'dialog-body' },
        h('h2', { id: titleId, text: 'Your total has changed' }),
        h('p', { text: 'Something you are paying for changed since your cart was priced:' }),
        h('ul', { dataset: { role: 'change-reasons' } }, reasonSentences(diff).map((text) => h('li', { text }))),
        h('p', { text: 'Here is what the store will charge now:' }),
        renderQuoteDiff(this, before, after),
        h('p', {}, 'New total: ', h('strong', { dataset: { role: 'new-total' }, text: this.money(after.totals.grand_total) })),
        h('div', { class: 'actions' }, back, accept)));
    const close = () => { dialog.close(); dialog.remove(); this.regions.dialog = null; };
    accept.addEventListener('click', () => {
      close();
      this.placeOrder({ acceptedQuote: after });
    });
    back.addEventListener('click', () => { close(); this.showCart(); });
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); this.showCart(); });
    this.regions.dialog = dialog;
    this.root.append(dialog);
    dialog.showModal();
    accept.focus();
  }

  startOver() {
    this.order = null;
    this.view = 'cart';
    this.render();
    this.requote();
    this.root.querySelector('[data-focus-target="cart"]')?.focus();
  }

  // ------------------------------------------------------------ live stock

  #subscribe() {
    this.closeEvents();
    this.closeEvents = this.api.events(['stock'], (type, data) => this.onStockEvent(data), (status) => {
      // Events sent while we were not listening (before the first connect,
      // during a reconnect) are lost: catch up with the catalog's stock,
      // which costs a 304 when nothing changed.
      if (status === 'open' && this.liveStatus !== 'open') this.#catchUp();
      this.liveStatus = status;
    });
  }

  // One "stock" event: { kind: "store" | "warehouse", location, sku, available }.
  onStockEvent(c) {
    if (!this.engine?.loaded || typeof c?.location !== 'string' || typeof c.sku !== 'string' || !Number.isSafeInteger(c.available)) return;
    const before = this.#pickupShortfalls();
    const err = c.kind === 'warehouse'
      ? this.engine.setWarehouseStock(c.location, c.sku, c.available)
      : this.engine.setStoreStock(c.location, c.sku, c.available);
    if (err) return;
    // Stock of SKUs not in the cart changes no price or availability shown.
    if (!this.cart.lines.some((l) => l.sku === c.sku)) return;
    this.requote();
    const after = this.#pickupShortfalls();
    for (const [index, short] of after) {
      if (before.has(index) && before.get(index) === short) continue;
      const line = this.quote.lines[index];
      const store = this.index.store(this.cart.lines[index]?.fulfilment.store)?.name ?? 'the store';
      this.notify('warn', short.available === 0
        ? `${store} just sold out of ${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}. Choose another store or ship it to you.`
        : `${store} now has only ${short.available} of ${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}. Lower the quantity, choose another store or ship it.`,
      undefined, 'stock');
    }
  }

  async #catchUp() {
    try {
      const catalog = await this.api.catalog();
      if (!catalog.etag || catalog.etag === this.catalogTag || !this.engine) return;
      if (this.engine.load(catalog.bytes)) return;
      this.index = new CatalogIndex(JSON.parse(catalog.text), this.engine.catalog);
      this.catalogTag = catalog.etag;
      this.requote({ silent: true });
    } catch {
      // Offline: the next reconnect tries again.
    }
  }

  // line index -> { available, requested } for pickup lines short at their store.
  #pickupShortfalls() {
    const out = new Map();
    if (!this.quote) return out;
    this.cart.lines.forEach((line, index) => {
      if (line.fulfilment.type !== 'pickup') return;
      const option = this.quote.pickup?.stores?.find((s) => s.store === line.fulfilment.store);
      const a = option?.lines?.find((l) => l.line === index);
      if (a && a.available < a.requested) out.set(index, { available: a.available, requested: a.requested });
    });
    return out;
  }

  // ------------------------------------------------------------ messages

  notify(kind, message, detail, tag) {
    this.notices = this.notices.filter((n) => !(tag && n.tag === tag && n.message === message));
    this.notices.push({ kind, message, detail, tag, id: uid('notice') });
    if (this.notices.length > 4) this.notices.shift();
    this.refresh();
  }

  dismissNotice(id) {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.refresh();
  }

  focusNotices() {
    this.regions.notices?.querySelector('.notice:last-child')?.focus();
  }

  announce(text) {
    if (this.regions.announcer) {
      this.regions.announcer.textContent = '';
      this.regions.announcer.textContent = text;
    }
  }

  fail(error) {
    this.view = 'error';
    const retry = h('button', { type: 'button', class: 'primary', text: 'Try again', on: { click: () => { this.view = 'loading'; this.start(); } } });
    // The shopper gets words they can act on; the exception text goes to the
    // merchant's error event only.
    this.root.replaceChildren(h('div', { class: 'notice error', role: 'alert', dataset: { role: 'load-error' } },
      h('p', { text: 'The checkout could not load. Your cart is saved.' }),
      h('p', { class: 'muted', text: 'Check your connection and try again.' }),
      retry));
    this.emit('error', { code: 'load_failed', message: error?.message ?? String(error) });
  }

  // ------------------------------------------------------------ rendering

  // At once, from local data only: the saved cart's size and a placeholder
  // row per line, so the page does not jump when the priced cart replaces it.
  renderLoading() {
    const count = this.itemCount();
    const rows = (this.savedLines ?? []).slice(0, 10).map(() => h('li', { class: 'skeleton-line' }, h('span', { class: 'skeleton-thumb' }), h('span', { class: 'skeleton-text' })));
    this.root.replaceChildren(h('div', { class: 'layout-root', dataset: { view: 'loading' }, aria: { busy: 'true' } },
      h('section', { class: 'panel' },
        h('h2', { text: count ? `Your cart (${count} ${count === 1 ? 'item' : 'items'})` : 'Your cart' }),
        rows.length ? h('ul', { class: 'skeleton', aria: { hidden: 'true' } }, rows) : null,
        h('div', { class: 'loading', role: 'status', text: 'Loading your cart…' }))));
  }

  // Builds the skeleton of the current view; refresh() fills its regions
  // (at once unless `fill` is false because the caller refreshes next).
  render({ fill = true } = {}) {
    this.regions = { dialog: this.regions.dialog };
    const announcer = h('div', { class: 'visually-hidden', role: 'status', aria: { live: 'polite' } });
    this.regions.announcer = announcer;
    const notices = h('div', { dataset: { role: 'notices' } });
    this.regions.notices = notices;
    const totals = h('div', { dataset: { role: 'totals' }, aria: { live: 'polite', atomic: 'true', relevant: 'additions text' } });
    this.regions.totals = totals;
    let content;
    if (this.view === 'cart') content = this.#cartSkeleton(totals);
    else if (this.view === 'checkout') content = this.#checkoutSkeleton(totals);
    else if (this.view === 'confirmation') content = renderConfirmation(this, this.order);
    this.root.replaceChildren(h('div', { class: 'layout-root', dataset: { view: this.view } }, announcer, notices, content));
    if (this.regions.dialog) this.root.append(this.regions.dialog);
    if (fill) this.refresh();
  }

  #cartSkeleton(totals) {
    const r = this.regions;
    const title = h('h2', { tabindex: '-1', dataset: { focusTarget: 'cart' } });
    r.cartTitle = title;
    r.lines = h('div', { dataset: { role: 'lines' } });
    r.storeSearch = h('div');
    r.stores = h('div', { dataset: { role: 'stores' } });
    r.destination = h('div');
    r.shipping = h('div', { dataset: { role: 'shipping' } });
    r.coupon = h('div', { dataset: { role: 'coupon' } });
    r.checkoutButton = h('button', {
      type: 'button', class: 'primary wide', dataset: { role: 'checkout', focusKey: 'checkout' },
      on: { click: () => this.showCheckout() }, text: 'Check out',
    });
    const storesHeading = uid('h');
    const shipHeading = uid('h');
    const couponHeading = uid('h');
    const totalsHeading = uid('h');
    r.storesPanel = h('section', { class: 'panel', aria: { labelledby: storesHeading } },
      h('h3', { id: storesHeading, text: 'Pick up in store' }), r.storeSearch, r.stores);
    return h('div', { class: 'layout' },
      h('div', { class: 'main' },
        h('section', { class: 'panel', aria: { labelledby: 'cart-title' } }, title, r.lines),
        r.storesPanel),
      h('div', { class: 'summary' },
        h('section', { class: 'panel', aria: { labelledby: shipHeading } },
          h('h3', { id: shipHeading, text: 'Shipping' }), r.destination, r.shipping),
        h('section', { class: 'panel', aria: { labelledby: couponHeading } },
          h('h3', { id: couponHeading, text: 'Have a promo code?' }), r.coupon),
        h('section', { class: 'panel', aria: { labelledby: totalsHeading } },
          h('h3', { id: totalsHeading, text: 'Order summary' }), totals, r.checkoutButton)));
  }

  #checkoutSkeleton(totals) {
    const r = this.regions;
    r.form = h('div', { dataset: { role: 'checkout-form' } });
    r.shipping = h('div', { dataset: { role: 'shipping' } });
    r.summaryLines = h('ul', { class: 'muted', aria: { label: 'Items' } });
    const totalsHeading = uid('h');
    const shipHeading = uid('h');
    return h('div', { class: 'layout' },
      h('div', { class: 'main' },
        h('section', { class: 'panel' },
          h('h2', { tabindex: '-1', dataset: { focusTarget: 'checkout' }, text: 'Checkout' }),
          r.form)),
      h('div', { class: 'summary' },
        this.needsShippingAddress() ? h('section', { class: 'panel', aria: { labelledby: shipHeading } },
          h('h3', { id: shipHeading, text: 'Shipping method' }), r.shipping) : null,
        h('section', { class: 'panel', aria: { labelledby: totalsHeading } },
          h('h3', { id: totalsHeading, text: 'Order summary' }), r.summaryLines, totals)));
  }

  // Re-fills every region of the current view from the state.
  refresh() {
    const r = this.regions;
    if (!this.index || this.view === 'loading' || this.view === 'error') return;
    const put = (container, children) => container && replaceKeepingFocus(this.root, container, children);
    put(r.notices, [
      ...this.notices.map((n) => h('div', {
        class: ['notice', n.kind], tabindex: '-1', role: n.kind === 'error' || n.kind === 'warn' ? 'alert' : 'status',
        dataset: { notice: n.tag ?? n.kind },
      },
      h('p', { text: n.message }),
      n.detail ? h('ul', {}, n.detail.map((d) => h('li', { text: d }))) : null,
      h('button', { type: 'button', class: 'link', dataset: { focusKey: `dismiss-${n.id}` }, on: { click: () => this.dismissNotice(n.id) }, text: 'Dismiss' }))),
      this.quoteError ? h('div', { class: 'notice error', role: 'alert', dataset: { notice: 'quote-error' } }, h('p', { text: this.quoteError.message })) : null,
    ]);
    if (this.view === 'cart') {
      const count = this.itemCount();
      r.cartTitle.textContent = count ? `Your cart (${count} ${count === 1 ? 'item' : 'items'})` : 'Your cart';
      r.cartTitle.id = 'cart-title';
      put(r.lines, renderLines(this));
      if (!r.storeSearch.firstChild) put(r.storeSearch, [renderStoreSearch(this)]);
      put(r.stores, renderStores(this));
      if (!r.destination.firstChild || !r.destination.contains(this.root.activeElement)) put(r.destination, [renderDestination(this)]);
      put(r.shipping, renderShipping(this));
      put(r.coupon, renderCoupon(this));
      put(r.totals, renderTotals(this));
      r.checkoutButton.disabled = this.cart.lines.length === 0;
      r.checkoutButton.textContent = this.quote && this.cart.lines.length ? `Check out · ${this.money(this.quote.totals.grand_total)}` : 'Check out';
    } else if (this.view === 'checkout') {
      if (this.formNeedsRender || !r.form.firstChild) {
        this.formNeedsRender = false;
        put(r.form, [renderCheckoutForm(this)]);
      } else {
        const button = r.form.querySelector('[data-role="place-order"]');
        if (button && this.quote && !this.placing) button.textContent = `Place order · ${this.money(this.quote.totals.grand_total)}`;
      }
      put(r.shipping, renderShipping(this));
      put(r.summaryLines, (this.quote?.lines ?? []).map((l) => h('li', {
        text: `${l.quantity} × ${l.title}${l.variant_title ? ` (${l.variant_title})` : ''}: ${this.money(l.total)}${l.fulfilment.type === 'pickup' ? ' · pickup' : ''}`,
      })));
      put(r.totals, renderTotals(this));
    }
  }

  renderTotalsOf(quote) {
    return renderTotals(this, quote);
  }

  // Stock availability of one SKU at nearby stores, for product pages
  // ("available for pickup today at 3 stores near you").
  pickupAvailability(sku, quantity = 1) {
    if (!this.index?.has(sku)) return null;
    const request = this.request();
    request.cart = { lines: [{ sku, quantity, fulfilment: { type: 'ship' } }], coupons: [], currency: this.index.currency };
    const r = this.engine.quote(request);
    if (!r.ok) return null;
    const now = this.api.now();
    return r.quote.details.pickup.stores.map((s) => ({
      store: s.store, name: s.name, distanceMeters: s.distance_m, available: s.lines[0]?.available ?? 0,
      curbside: s.curbside, readyLocal: s.ready_local, readyToday: s.ready_local ? isSameStoreDay(s.ready_local, now) : false,
    }));
  }

  destroy() {
    this.closeEvents();
    this.engine?.dispose();
    this.engine = null;
    this.root.replaceChildren();
  }
}

function isSameStoreDay(readyLocal, nowMs) {
  const m = /([+-])(\d{2}):(\d{2})$|Z$/.exec(readyLocal);
  const offsetMin = !m || !m[1] ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const today = new Date(nowMs + offsetMin * 60000).toISOString().slice(0, 10);
  return readyLocal.slice(0, 10) === today;
}

// The server's order answer -> { id, status, quote, customer, pickup_store }.
function normaliseOrder(body, w) {
  const o = body ?? {};
  return {
    id: o.order_id,
    status: o.status ?? 'placed',
    quote: readQuote(o.quote) ?? w.quote,
    customer: o.customer ?? { email: w.customer.email },
    pickup_store: o.pickup_store || w.pickupStoreUsed(),
  };
}

// What the order request says about the quote the customer accepted.
function clientQuoteOf(quote, fingerprint) {
  return { fingerprint, grand_total: quote.totals.grand_total, binding: quote.binding };
}

function safeLocalStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
