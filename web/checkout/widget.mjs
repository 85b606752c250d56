// The checkout controller: it owns the state, composes the parts and renders
// into a shadow root it is given; the custom element and the imperative mount
// (storefront-checkout.mjs) are thin shells around it. The parts:
//   cart/cart-state.mjs       the cart as plain data and the shopper's actions on it
//   cart/places.mjs           the delivery country and the postal codes typed for the estimate and store search
//   cart/shared-cart.mjs      one saved cart for every tab of the origin
//   catalog/catalog-session.mjs  the pricing core and the catalog in it
//   order/order-attempt.mjs   placing the order exactly once (a state machine over the API)
//   live/live-stock.mjs       the server's stock events
//   form/*.mjs                the checkout form's checks
//   views/*.mjs               functions of (state, actions) that return DOM
import { h, replaceKeepingFocus, uid } from './dom.mjs';
import { formatMoney, warmUpFormatters } from './format.mjs';
import { storageKey } from './cart-storage.mjs';
import { ServerApi } from './server-api.mjs';
import { toQuantity, toSku } from './merchant-input.mjs';
import { readQuote } from './quote-read.mjs';
import { normalPostalCode, placedRegion } from './regions.mjs';
import { widgetSheet } from './styles.mjs';
import { createMessages, isLocaleLoaded, loadLocale } from './i18n/messages.mjs';
import { shownErrorParams } from './i18n/error-params.mjs';
import * as carts from './cart/cart-state.mjs';
import * as places from './cart/places.mjs';
import { SharedCart } from './cart/shared-cart.mjs';
import { CatalogSession } from './catalog/catalog-session.mjs';
import { OrderAttempt } from './order/order-attempt.mjs';
import { clientQuoteOf, formOfBody, orderBody } from './order/order-body.mjs';
import { refusalOf } from './order/order-outcome.mjs';
import * as words from './order/order-words.mjs';
import { pickupShortfalls, shortfallMessages, subscribeStock } from './live/live-stock.mjs';
import { validateCheckout } from './form/checkout-validation.mjs';
import {
  renderCoupon, renderDestination, renderLines, renderShipping, renderStoreSearch, renderStores, renderTotals,
} from './views/cart.mjs';
import { renderCheckoutActions, renderCheckoutForm, renderConfirmation } from './views/checkout.mjs';
import { renderQuoteChanged } from './views/quote-changed.mjs';
import {
  cartSkeleton, cartTitle, checkoutSkeleton, renderLoadError, renderLoading, renderNotices, renderSummaryLines,
} from './views/layout.mjs';

const MODULE_BASE = new URL('../', import.meta.url);  // .../web/

export const DEFAULT_OPTIONS = Object.freeze({
  server: new URL('../', MODULE_BASE).href,   // the origin that served the widget
  wasm: undefined,                            // default: <server>/wasm/checkout.mjs
  locale: undefined,                          // default: the page's language, else the browser's
  messages: undefined,                        // the merchant's wording: { 'pl': { 'cart.title': 'Koszyk' }, ... }
  country: 'US',                              // default delivery country before an address is known
  storageKey: undefined,                      // default: the server's origin
  cart: undefined,                            // initial lines [{ sku, quantity }] when nothing is saved
  theme: undefined,                           // { '--sc-accent': '#0a6', ... }
  imageFor: undefined,                        // (product, variant) => image URL
  live: true,                                 // subscribe to live stock events
});

const THEME_PROPERTY = /^--sc-[a-z0-9-]+$/;
const SAFE_THEME_VALUE = /^[^;{}<>\\]*$/;
const BLOCKING_CODES = ['insufficient_stock', 'pickup_insufficient_stock', 'no_shipping_option'];

export class CheckoutWidget {
  constructor(host, root, emit) {
    this.host = host;        // the custom element (events are dispatched on it)
    this.root = root;        // its shadow root
    this.emit = emit;        // (type, detail) => void
    this.options = { ...DEFAULT_OPTIONS };
    this.cart = carts.emptyCart();
    this.destination = undefined;
    this.location = undefined;
    this.pickupStore = undefined;
    this.quote = null;
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
    this.showAllStores = false;
    this.destroyed = false;  // destroy() ran: pending work must not draw into the root
    this.storesAsked = false;        // the shopper unfolded the store chooser
    this.regions = {};
    this.timings = {};
    this.pendingAdds = [];
    this.pendingPickup = new Set();  // lines whose shopper chose pickup before choosing a store
    this.closeEvents = () => {};
    this.themeSheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [widgetSheet(), this.themeSheet];
    this.actions = this.#actions();
    root.addEventListener('pointerdown', () => this.#holdLayout(), true);
    root.addEventListener('click', () => this.#releaseLayout(), true);
  }

  // Between pointer-down and click nothing may move: a field left by that
  // pointer-down validates and re-prices on its "change", and a re-render
  // then would move the button away before the click lands (the click is
  // swallowed). Refreshes wait until the click (or the pointer's release).
  #holdLayout() {
    this.layoutHeld = true;
    const up = () => { removeEventListener('pointerup', up, true); setTimeout(() => this.#releaseLayout(), 0); };
    addEventListener('pointerup', up, true);
    clearTimeout(this.layoutTimer);
    this.layoutTimer = setTimeout(() => this.#releaseLayout(), 1000);
  }

  #releaseLayout() {
    if (!this.layoutHeld) return;
    this.layoutHeld = false;
    clearTimeout(this.layoutTimer);
    // After the click's own handlers (which may re-render anyway).
    if (this.refreshHeld) setTimeout(() => { if (this.refreshHeld) this.refresh(); }, 0);
  }

  // What the views may call: every change of state goes through one of these.
  #actions() {
    const w = this;
    return {
      setQuantity: (i, q) => w.setQuantity(i, q),
      removeLine: (i) => w.removeLine(i),
      setFulfilment: (i, type) => w.setFulfilment(i, type),
      choosePickupStore: (id) => w.choosePickupStore(id),
      toggleAllStores: () => { w.showAllStores = !w.showAllStores; w.refresh(); },
      toggleStores: () => w.toggleStores(),
      searchStores: (value, errorId) => w.searchStores(value, errorId),
      useMyLocation: (errorId) => w.useMyLocation(errorId),
      chooseShipping: (method) => w.chooseShipping(method),
      setDestinationZip: (value, errorId) => w.setDestinationZip(value, errorId),
      setDestinationCountry: (country) => w.setDestinationCountry(country),
      setCouponDraft: (value) => { w.couponDraft = value; },
      applyCoupon: (value) => w.applyCoupon(value),
      removeCoupon: (code) => w.removeCoupon(code),
      showCheckout: () => w.showCheckout(),
      showCart: () => w.showCart(),
      setField: (group, name, value) => w.setField(group, name, value),
      fieldChanged: (name) => w.formFieldChanged(name),
      placeOrder: () => w.placeOrder(),
      acceptNewTotal: (quote) => { w.#closeDialog(); w.placeOrder({ acceptedQuote: quote }); },
      declineNewTotal: () => { w.#closeDialog(); w.showCart(); },
      startOver: () => w.startOver(),
      dismissNotice: (id) => w.dismissNotice(id),
      restart: () => { w.view = 'loading'; w.start(); },
    };
  }

  // What the views read: a snapshot of the state, frozen at its top level.
  #viewState() {
    const index = this.index;
    return Object.freeze({
      cart: this.cart, quote: this.quote, quoteError: this.quoteError, index, order: this.order,
      pickupStore: this.pickupStore, pendingPickup: this.pendingPickup, destination: this.destination, location: this.location,
      storeCountry: index ? places.storeSearchCountry(index, this.#destinationCountry()) : undefined,
      showAllStores: this.showAllStores, couponDraft: this.couponDraft, couponFeedback: this.couponFeedback, notices: this.notices,
      customer: this.customer, address: this.address, formErrors: this.formErrors, placing: this.placing, placeError: this.placeError,
      needsShippingAddress: this.needsShippingAddress(), pickupStoreUsed: this.pickupStoreUsed(),
      locale: this.locale, now: this.api.now(), imageFor: this.options.imageFor,
      money: (minor) => this.money(minor),
      dir: this.messages.dir, lang: this.messages.locale,
      t: (key, params) => this.t(key, params),
      parts: (key, params) => this.messages.parts(key, params, this.#moneyTerms()),
      said: (kind, code, params, english) => this.said(kind, code, params, english),
      quoteMessage: (m) => this.quoteMessage(m),
      promotionTitle: (id) => this.quote?.promotions?.applied?.find((p) => p.id === id)?.title ?? id,
    });
  }

  get index() { return this.session?.index ?? null; }
  get engine() { return this.session?.engine ?? null; }

  // ------------------------------------------------------------ options

  setOptions(options) {
    const before = this.options;
    this.options = { ...this.options, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.#applyTheme();
    if (before.locale !== this.options.locale) this.#loadWords().then(() => { if (!this.destroyed && this.view !== 'loading') this.render(); });
    else if (this.view !== 'loading' && before.messages !== this.options.messages) this.render();
  }

  // The catalogs of the widget's locale (a chunk each in the bundle); a
  // failed fetch leaves English, which is never a reason not to sell.
  async #loadWords() {
    await loadLocale(this.locale).catch(() => {});
  }

  get locale() {
    return this.options.locale || this.host.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en-US';
  }

  // The shopper's words: the catalog in the widget's locale with the
  // merchant's overrides, rebuilt only when either changes.
  get messages() {
    const { locale } = this;
    const cached = this.catalogWords;
    if (cached?.locale !== locale || cached.overrides !== this.options.messages || (!cached.m.complete && isLocaleLoaded(locale))) {
      this.catalogWords = { locale, overrides: this.options.messages, m: createMessages({ locale, overrides: this.options.messages ?? {} }) };
    }
    return this.catalogWords.m;
  }

  #moneyTerms() {
    return { currency: this.quote?.currency ?? this.index?.currency ?? 'USD', exponent: this.quote?.exponent ?? 2 };
  }

  t(key, params) { return this.messages.t(key, params, this.#moneyTerms()); }

  // A code the core or the server sent ({code, params} beside its English
  // text) in the shopper's language; the English text when the catalog
  // lacks the code or a parameter it needs.
  said(kind, code, params, english) {
    return this.messages.code(kind, code, this.#shownParams(kind, params ?? {}), this.#moneyTerms(), english ?? '');
  }

  #shownParams(kind, params) {
    if (kind !== 'error') return params;
    return shownErrorParams(params, { productTitle: (sku) => this.index?.product(sku)?.title, storeName: (id) => this.index?.store(id)?.name });
  }

  // A quote message: its own parameters, and the name of the line it is about.
  quoteMessage(m) {
    const line = m.line !== undefined ? this.quote?.lines?.[m.line] : null;
    const params = { ...(line ? { name: words.lineTitle(line) } : {}), ...m.params };
    return this.said('message', m.code, params, m.message);
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

  // What the element exposes (storefront-checkout.mjs reads only these).
  get totals() { return this.quote ? { ...this.quote.totals } : null; }
  get currency() { return this.quote?.currency ?? null; }
  get shopperLocated() { return Boolean(this.location); }

  // ------------------------------------------------------------ start-up

  async start() {
    const t0 = performance.now();
    this.timings.startedSinceNavigation = t0;
    this.api = new ServerApi(this.options.server);
    this.shared?.close();
    this.shared = new SharedCart(safeLocalStorage(), storageKey(this.options.storageKey || this.api.base.origin));
    const saved = this.shared.load();
    this.savedLines = saved?.cart.lines ?? [];
    this.attempt = new OrderAttempt({
      api: this.api,
      store: { load: () => this.shared.load()?.pendingOrder ?? null, save: (p) => this.persist({ pendingOrder: p }) },
    });
    this.session = new CatalogSession(this.api);
    const loading = this.session.load({ wasm: this.options.wasm }, this.timings, t0);
    loading.catch(() => {});  // awaited below; not unhandled while the words load
    // The shopper's language travels beside the catalog and the core, and
    // arrives before the first word is shown: no English flash.
    await this.#loadWords();
    if (this.destroyed) return;  // removed while its words loaded: the root is another widget's now
    this.root.replaceChildren(renderLoading(this.#wordsOnly(), this.itemCount(), this.savedLines));
    try {
      // The requests are out; build the Intl formatters while they travel.
      setTimeout(() => warmUpFormatters(this.locale), 0);
      await loading;
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
    this.shared.subscribe((state) => this.#adopt(state));
    if (this.session.stale) this.#catchUp();
    if (this.options.live) this.#subscribe();
    this.emit('ready', { timings: { ...this.timings }, totals: this.quote?.totals ?? null, currency: this.index.currency });
    // An order attempt left unanswered (a reload, a lost connection, another
    // tab) is settled before anything else can be placed.
    if (this.attempt.pending) this.resolvePending();
  }

  #restore(saved) {
    const initial = saved?.cart ?? (Array.isArray(this.options.cart) ? { lines: this.options.cart, coupons: [] } : null);
    const { cart, dropped } = carts.restoreCart(initial, this.index);
    this.cart = cart;
    if (saved?.destination) this.destination = saved.destination;
    else if (this.options.country) this.destination = { country: places.startCountry(this.index, this.options.country) };
    if (saved?.location) this.location = saved.location;
    if (saved?.pickupStore && this.index.store(saved.pickupStore)) this.pickupStore = saved.pickupStore;
    if (this.destination?.postal_code) {
      this.address.postal_code = this.destination.postal_code;
      this.address.region = this.destination.region ?? '';
    }
    if (this.destination?.country) this.address.country = this.destination.country;
    if (dropped.length) this.notify('warn', this.t('cart.dropped_items', { count: dropped.length }));
  }

  // The one delivery country: the cart's estimate and the checkout form share it.
  #destinationCountry() {
    return this.destination?.country ?? this.address.country;
  }

  // Another tab saved the cart: take it. A checkout open on a cart that is no
  // longer the saved one goes back to the cart, so this tab cannot place it.
  #adopt(state) {
    if (!this.index) return;
    const before = this.cart;
    const { cart } = carts.restoreCart(state.cart, this.index);
    const changed = !carts.sameContent(before, cart) || before.id !== cart.id;
    this.cart = cart;
    this.pendingPickup.clear();
    this.destination = state.destination ?? this.destination;
    this.location = state.location;
    this.pickupStore = state.pickupStore && this.index.store(state.pickupStore) ? state.pickupStore : undefined;
    if (!changed) { this.requote({ silent: true }); return; }
    const placedElsewhere = state.placedOrder && state.placedOrder.cartId === before.id && this.view !== 'confirmation';
    if (placedElsewhere) {
      this.notify('info', this.t('order.placed_other_tab', { id: state.placedOrder.id }), undefined, 'other-tab');
    } else if (this.view === 'checkout') {
      this.notify('warn', this.t('order.changed_other_tab'), undefined, 'other-tab');
    }
    if (this.view === 'checkout' || placedElsewhere) {
      this.#closeDialog();
      this.view = 'cart';
      this.render({ fill: false });
    }
    this.requote();
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

  // Re-prices locally (no network) and re-renders. Returns the result. The
  // cart's pricing session turns what changed since the last request into
  // small edits and answers the compact view (catalog/cart-pricing.mjs).
  requote({ silent = false } = {}) {
    const started = performance.now();
    this.lastRequest = this.request();
    const pricing = this.session.pricing;
    const r = pricing.price(this.lastRequest, this.index);
    this.timings.lastQuoteMs = performance.now() - started;
    if (r.ok) {
      this.quote = r.quote;
      this.quoteError = null;
    } else {
      this.quoteError = r.error;
      this.emit('error', { code: r.error.code, message: r.error.message, path: r.error.path });
    }
    this.persist();
    this.refresh();
    if (!silent && r.ok) {
      const q = this.quote;
      const request = this.lastRequest;
      const version = pricing.version;
      this.emit('change', {
        totals: { ...q.totals }, currency: q.currency, exponent: q.exponent,
        itemCount: this.itemCount(), lines: this.cart.lines.map((l) => ({ ...l })),
        get fingerprint() { return pricing.fingerprintOf(request, version); },  // hashed only if a listener reads it
      });
    }
    return r;
  }

  // Before the catalog is there: the saved cart's units, from local data.
  itemCount() {
    return carts.itemCount(this.index ? this.cart.lines : this.savedLines ?? []);
  }

  // Saves the cart for every tab (a no-op when nothing changed). The pending
  // order and the placed order are kept as saved unless given.
  persist(extra = {}) {
    if (!this.shared || !this.index) return;
    const saved = this.shared.load();
    const state = {
      cart: this.cart, destination: this.destination, location: this.location, pickupStore: this.pickupStore,
      pendingOrder: saved?.pendingOrder, placedOrder: saved?.placedOrder, ...extra,
    };
    this.shared.save(state);
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
    const { added, pickupStore } = carts.addLine(this.cart, this.index, { sku, quantity, fulfilment, pickupStore: this.pickupStore });
    if (!added) {
      const max = this.index.maxPerOrder(sku);
      this.emit('error', { code: 'quantity_too_large', message: `At most ${max} of "${sku}" can be ordered at once.`, sku });
      return false;
    }
    this.pickupStore = pickupStore;
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
    if (carts.setLineQuantity(this.cart, this.index, index, toQuantity(quantity))) this.requote();
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
    const line = carts.removeLine(this.cart, index);
    if (!line) return;
    this.pendingPickup.delete(line);
    this.announce(this.t('cart.removed_item', { name: this.index.product(line.sku)?.title ?? line.sku }));
    this.requote();
    // Focus stays where the shopper is: the Remove of the line that took this
    // one's place (or of the one above), else the cart's heading.
    const removes = this.regions.lines?.querySelectorAll('li.line [data-focus-key$="-remove"]') ?? [];
    const next = removes[Math.min(index, removes.length - 1)] ?? this.root.querySelector('[data-focus-target="cart"]');
    next?.focus({ preventScroll: true });
    next?.scrollIntoView?.({ block: 'nearest' });
  }

  setFulfilment(index, type) {
    const line = this.cart.lines[index];
    if (!line) return;
    this.pendingPickup.delete(line);
    if (type === 'pickup' && !this.pickupStore) {
      // No store yet: the line waits (still priced as shipped) until the
      // shopper picks one in the store chooser, where focus goes now.
      this.pendingPickup.add(line);
      this.storesAsked = true;
      this.refresh();
      this.regions.storesPanel?.scrollIntoView?.({ block: 'start' });
      this.announce(this.t('pickup.choose_store'));
      this.root.querySelector('[data-focus-key="store-zip"]')?.focus({ preventScroll: true });
      return;
    }
    carts.setLineFulfilment(this.cart, index, type, this.pickupStore);
    this.requote();
  }

  // The store chooser is folded until the shopper asks for it (or a line is
  // picked up): on a phone it would otherwise push the totals off screen.
  storesOpen() {
    return this.storesAsked || this.pendingPickup.size > 0 || this.cart.lines.some((l) => l.fulfilment.type === 'pickup');
  }

  toggleStores() {
    this.storesAsked = !this.storesOpen();
    this.refresh();
    if (this.storesAsked) this.root.querySelector('[data-focus-key="store-zip"]')?.focus();
  }

  choosePickupStore(storeId) {
    this.pickupStore = storeId;
    carts.movePickupLines(this.cart, storeId, this.pendingPickup);
    this.pendingPickup.clear();
    this.announce(this.t('pickup.store_chosen', { store: this.index.store(storeId)?.name ?? storeId }));
    this.requote();
  }

  searchStores(value, errorId) {
    const country = places.storeSearchCountry(this.index, this.#destinationCountry());
    const found = places.storeSearch(value, { index: this.index, country, messages: this.messages });
    const err = this.root.getElementById(errorId);
    if (err) err.textContent = found.message;
    if (!found.ok) return;
    this.location = found.location;
    this.requote();
  }

  // From the page (a product page's "pickup near" field): a postal code (of
  // the store search's country) the catalog can place. Returns whether it was taken.
  locate(postalCode) {
    if (!this.index) return false;
    const country = places.storeSearchCountry(this.index, this.#destinationCountry());
    const location = places.locationOf(this.index, country, String(postalCode ?? ''));
    if (!location) return false;
    this.location = location;
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
      if (err) err.textContent = this.t('pickup.location_unavailable');
    }, { timeout: 10000, maximumAge: 600000 });
  }

  setDestinationZip(value, errorId) {
    const country = this.#destinationCountry();
    const d = places.deliveryDestination(value, { index: this.index, country, location: this.location, messages: this.messages });
    const err = this.root.getElementById(errorId);
    if (err) err.textContent = d.message;
    if (!d.ok) return;
    this.destination = d.destination;
    this.location = d.location;
    this.address.country = country;
    this.address.postal_code = d.postal;
    if (d.region) this.address.region = d.region;
    this.destinationNeedsRender = true;  // the code in its normal form ("sw1a1aa" -> "SW1A 1AA"), "Update"
    this.requote();
  }

  setDestinationCountry(country) {
    const next = places.destinationCountry(country);
    this.destination = next.destination;
    Object.assign(this.address, next.address);
    this.destinationNeedsRender = true;  // its postal field changes label, keyboard and length
    this.requote();
  }

  chooseShipping(method) {
    this.cart.shipping_method = method;
    this.requote();
  }

  applyCoupon(value) {
    const code = value.trim();
    if (!code) {
      this.couponFeedback = { ok: false, message: this.t('promo.enter_code') };
      this.refresh();
      return;
    }
    const norm = code.toUpperCase();
    if (!carts.addCoupon(this.cart, code)) {
      this.couponFeedback = { ok: true, message: this.t('promo.already_applied', { code }) };
      this.refresh();
      return;
    }
    const r = this.requote({ silent: true });
    const rejected = r.ok ? this.quote.promotions.rejected.find((x) => x.code.trim().toUpperCase() === norm) : null;
    if (!r.ok || rejected) {
      // A refused code is not kept: it must not ride along into the order.
      carts.removeCoupon(this.cart, code);
      const message = rejected
        ? this.said('rejection', rejected.reason, { code, ...rejected.params }, `${code}: ${rejected.message}`)
        : this.t('promo.could_not_apply', { code });
      this.couponFeedback = { ok: false, code, reason: rejected?.reason, message };
    } else {
      const applied = this.quote.promotions.applied.find((p) => (p.code ?? '').toUpperCase() === norm);
      this.couponFeedback = { ok: true, code, message: applied ? this.t('promo.applied_title', { code, title: applied.title }) : this.t('promo.applied', { code }) };
      this.couponDraft = '';
    }
    this.requote();
  }

  removeCoupon(code) {
    carts.removeCoupon(this.cart, code);
    this.couponFeedback = { ok: true, message: this.t('promo.removed', { code }) };
    this.requote();
  }

  // ------------------------------------------------------------ checkout

  needsShippingAddress() { return carts.needsShippingAddress(this.cart); }
  pickupStoreUsed() { return carts.pickupStoreUsed(this.cart); }

  blockingProblems() {
    const problems = [];
    if (!this.cart.lines.length) problems.push(this.t('cart.empty'));
    for (const line of this.pendingPickup) problems.push(this.t('cart.line_needs_pickup_store', { name: this.index.product(line.sku)?.title ?? line.sku }));
    for (const m of this.quote?.messages ?? []) {
      if (BLOCKING_CODES.includes(m.code)) {
        const line = m.line !== undefined ? this.quote.lines[m.line] : null;
        const text = this.quoteMessage(m);
        problems.push(line && m.message === text ? `${words.lineTitle(line)}: ${text}` : text);
      }
    }
    return problems;
  }

  showCheckout() {
    const problems = this.blockingProblems();
    if (problems.length) {
      this.notify('error', this.t('cart.fix_before_checkout'), problems);
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

  setField(group, name, value) {
    if (group !== 'customer' && group !== 'address') return;
    this[group][name] = value;
    if (group === 'address' && name === 'country') this.address.region = '';
  }

  formFieldChanged(name) {
    const a = this.address;
    // The core places US ZIP codes and Canadian postal codes in their region;
    // placed first, so the region's error below is judged on it.
    const inferred = name === 'postal_code' && !a.region && this.needsShippingAddress() ? placedRegion(a.country, a.postal_code) : null;
    if (inferred) {
      a.region = inferred;
      const select = this.root.querySelector('[data-field="region"]');
      if (select) select.value = inferred;
    }
    if (this.formErrors[name] || (inferred && this.formErrors.region)) {
      const errors = this.#validate();
      this.formErrors = Object.fromEntries(Object.entries(this.formErrors).filter(([k]) => errors[k]).map(([k]) => [k, errors[k]]));
      this.#updateFieldError(name);
      if (inferred) this.#updateFieldError('region');
    }
    if (['postal_code', 'region', 'country'].includes(name) && this.needsShippingAddress()) {
      this.destination = this.#addressDestination();
      if (name === 'country') {
        this.formNeedsRender = true;  // the region and postal fields change kind and order
        this.placeError = null;       // a refusal of the old country no longer applies
      }
      this.requote();
    }
  }

  // The form's checks answer in English sentences or { key, params }: shown in the shopper's words.
  #validate() {
    // The postal code's and region's problems come worded already (the core's rule, the shopper's words).
    const errors = validateCheckout({ customer: this.customer, address: this.address },
      { needsAddress: this.needsShippingAddress(), messages: this.messages });
    return Object.fromEntries(Object.entries(errors).map(([name, problem]) => [name, this.messages.translated(problem, this.#moneyTerms())]));
  }

  // What the views built before the catalog is there may read: the words only.
  #wordsOnly() {
    const m = this.messages;
    return { t: (key, params) => this.t(key, params), parts: (key, params) => m.parts(key, params, this.#moneyTerms()), dir: m.dir, lang: m.locale };
  }

  // A fixed field's error is cleared in place and its line keeps its room
  // (hidden, not removed): the shopper often fixes the last field and then
  // clicks "Place order", and a button that moved between pointer-down (the
  // field's blur) and click would swallow that click. The next submit
  // rebuilds the form without the room.
  #updateFieldError(name) {
    const field = this.root.querySelector(`[data-field="${name}"]`);
    const message = this.formErrors[name];
    if (field) {
      const errorEl = this.root.getElementById(`${field.id}-error`);
      if (message && errorEl) { errorEl.textContent = message; errorEl.classList.remove('resolved'); }
      if (!message) {
        field.removeAttribute('aria-invalid');
        errorEl?.classList.add('resolved');
        const describedBy = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== `${field.id}-error`);
        if (describedBy.length) field.setAttribute('aria-describedby', describedBy.join(' '));
        else field.removeAttribute('aria-describedby');
      }
    }
    const summary = this.root.querySelector('[data-role="form-errors"]');
    const count = Object.keys(this.formErrors).length;
    if (summary && count === 0) summary.classList.add('resolved');
    else if (summary) summary.firstChild.textContent = this.t('checkout.correct_fields', { count });
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
    if (a.postal_code.trim()) destination.postal_code = normalPostalCode(a.country, a.postal_code);
    return destination;
  }

  async placeOrder({ acceptedQuote } = {}) {
    if (this.placing) return;
    // A tab that missed another tab's change takes it and shows it first.
    const newer = this.shared.newerThanSeen();
    if (newer) {
      this.#adopt(newer);
      if (this.view !== 'checkout') return;
    }
    this.formErrors = this.#validate();
    if (Object.keys(this.formErrors).length) {
      this.refreshForm();
      const first = Object.keys(this.formErrors)[0];
      this.root.querySelector(`[data-field="${first}"]`)?.focus();
      return;
    }
    const problems = this.blockingProblems();
    if (problems.length) {
      this.placeError = { message: this.t('order.unavailable_intro'), detail: problems };
      this.refreshForm();
      return;
    }
    if (this.needsShippingAddress()) this.destination = this.#addressDestination();
    let shownQuote;
    let clientQuote;
    if (acceptedQuote) {
      // The customer accepted the server's numbers: confirm exactly those,
      // priced at the same instant as the refused attempt.
      shownQuote = acceptedQuote;
      clientQuote = clientQuoteOf(acceptedQuote, acceptedQuote.fingerprint);
    } else {
      this.requote({ silent: true });
      if (!this.quote || this.quoteError) return;
      // The one full quote of this cart: its binding and fingerprint go with the order.
      const full = this.session.pricing.full();
      if (!full.ok) return;
      shownQuote = full.quote;
      this.quotedAt = this.lastRequest.context.now;
      clientQuote = clientQuoteOf(full.quote, full.fingerprint());
    }
    const body = orderBody({
      request: this.request(), customer: this.customer, address: this.address,
      needsAddress: this.needsShippingAddress(), clientQuote, now: this.quotedAt,
    });
    this.placing = true;
    this.placeError = null;
    this.refreshForm();
    const outcome = await this.attempt.place(carts.orderKeyFor(this.cart), body);
    this.placing = false;
    await this.#settle(outcome, shownQuote);
  }

  // On start, with an attempt still unanswered: ask again (the same key and
  // body) and say what became of it.
  async resolvePending() {
    const pending = this.attempt.pending;
    const form = pending ? formOfBody(pending.body) : null;
    if (form) {
      Object.assign(this.customer, form.customer);
      if (form.address) Object.assign(this.address, form.address);
    }
    this.placing = true;
    this.notify('info', this.t('order.checking'), undefined, 'resolving');
    const outcome = await this.attempt.resolve();
    this.placing = false;
    this.notices = this.notices.filter((n) => n.tag !== 'resolving');
    if (!outcome) { this.refresh(); return; }
    if (outcome.kind === 'placed') {
      await this.#settle(outcome, this.quote, { note: this.t('order.went_through') });
      return;
    }
    if (outcome.kind === 'unknown' || outcome.kind === 'unavailable') {
      // Still unknown: the checkout with the saved details and "Try again".
      this.view = 'checkout';
      this.formErrors = {};
      this.render();
      await this.#settle(outcome, this.quote);
      return;
    }
    this.notify('warn', this.t(outcome.kind === 'already_placed' ? 'order.already_placed' : 'order.not_placed'), undefined, 'resolved');
    if (outcome.kind === 'quote_changed' || outcome.kind === 'insufficient_stock') await this.reloadCatalog();
    this.focusNotices();
  }

  // One outcome of order/order-attempt.mjs, shown.
  async #settle(outcome, shownQuote, { note } = {}) {
    if (outcome.kind === 'busy') return;
    if (outcome.kind === 'placed') { this.#placed(outcome, shownQuote, note); return; }
    const r = refusalOf(outcome, {
      quote: this.quote, storeName: (id) => this.index.store(id)?.name,
      t: (k, p) => this.t(k, p), said: (kind, code, p, english) => this.said(kind, code, p, english),
    });
    if (r.dialog) this.#learnExhausted(r.dialog.serverQuote);
    // The server's catalog and stock, so the cart shows what it charges from now on.
    if (r.reload) await this.reloadCatalog();
    if (r.dialog) { this.showQuoteChanged(shownQuote, r.dialog.serverQuote, r.dialog.diff); return; }
    this.placeError = r.placeError;
    if (r.event) this.emit('error', r.event);
    this.refreshForm();
    if (r.focus === 'retry') this.root.querySelector('[data-focus-key="retry"]')?.focus();
    if (r.focus === 'place-error') this.root.querySelector('[data-role="place-error"]')?.focus?.();
  }

  #placed({ order: body }, shownQuote, note) {
    const o = body ?? {};
    const order = {
      id: o.order_id,
      number: o.number,  // the short number people read out
      status: o.status ?? 'placed',
      quote: readQuote(o.quote) ?? shownQuote ?? this.quote,
      customer: o.customer ?? { email: this.customer.email },
      pickup_store: o.pickup_store || this.pickupStoreUsed(),
      shipping_address: o.shipping_address ?? null,  // as the server recorded it
    };
    const placedCart = this.cart.id;
    this.order = order;
    this.cart = carts.emptyCart();
    this.pendingPickup.clear();
    this.couponFeedback = null;
    // Stock the order itself took is no news to this shopper.
    this.notices = this.notices.filter((n) => n.tag !== 'stock' && n.tag !== 'other-tab');
    if (note) this.notices.push({ kind: 'info', message: note, tag: 'resolved', id: uid('notice') });
    this.#closeDialog();
    this.view = 'confirmation';
    this.persist({ pendingOrder: null, placedOrder: { id: String(order.id), cartId: placedCart } });
    this.render();
    this.root.querySelector('[data-focus-target="confirmation"]')?.focus();
    this.requote();  // the (now empty) cart, so the page's cart badge follows
    this.emit('order-placed', { order: { id: order.id, status: order.status, totals: { ...order.quote.totals }, currency: order.quote.currency } });
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
    await this.session.reload();
    this.requote();
  }

  // diff: the server's [{ path, reason, client, server }]; its reasons are
  // said in words above the old-and-new table.
  showQuoteChanged(before, after, diff = []) {
    this.#closeDialog();
    this.couponFeedback = null;  // a code's old "applied" line is no longer true
    this.notices = this.notices.filter((n) => n.kind === 'error');
    this.refresh();
    const { dialog, focus } = renderQuoteChanged(this.#viewState(), this.actions, { before, after, diff });
    this.regions.dialog = dialog;
    this.root.append(dialog);
    dialog.showModal();
    focus.focus();
  }

  #closeDialog() {
    const dialog = this.regions.dialog;
    if (!dialog) return;
    if (dialog.open) dialog.close();
    dialog.remove();
    this.regions.dialog = null;
  }

  startOver() {
    this.order = null;
    this.view = 'cart';
    this.notices = this.notices.filter((n) => n.tag !== 'resolved');
    this.render();
    this.requote();
    this.root.querySelector('[data-focus-target="cart"]')?.focus();
  }

  // ------------------------------------------------------------ live stock

  #subscribe() {
    this.closeEvents();
    // Events sent while we were not listening (before the first connect,
    // during a reconnect) are lost: catch up with the catalog's stock,
    // which costs a 304 when nothing changed.
    this.closeEvents = subscribeStock(this.api, { onStock: (c) => this.onStockEvent(c), onGap: () => this.#catchUp() });
  }

  onStockEvent(c) {
    if (!this.session?.loaded || this.session.applyStock(c)) return;
    // Stock of SKUs not in the cart changes no price or availability shown.
    if (!this.cart.lines.some((l) => l.sku === c.sku)) return;
    const before = pickupShortfalls(this.cart, this.quote);
    this.requote();
    // While an order is on its way its own reservation moves the stock: no alarm.
    if (this.placing || this.view === 'confirmation') return;
    const after = pickupShortfalls(this.cart, this.quote);
    const storeName = (id) => this.index.store(id)?.name;
    for (const message of shortfallMessages(before, after, { cart: this.cart, quote: this.quote, storeName, t: (k, p) => this.t(k, p) })) {
      this.notify('warn', message, undefined, 'stock');
    }
  }

  async #catchUp() {
    if (await this.session.catchUp()) this.requote({ silent: true });
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
    this.root.replaceChildren(renderLoadError(this.#wordsOnly(), this.actions));
    this.emit('error', { code: 'load_failed', message: error?.message ?? String(error) });
  }

  // ------------------------------------------------------------ rendering

  // Builds the skeleton of the current view; refresh() fills its regions
  // (at once unless `fill` is false because the caller refreshes next).
  render({ fill = true } = {}) {
    const r = { dialog: this.regions.dialog };
    this.regions = r;
    r.announcer = h('div', { class: 'visually-hidden', role: 'status', aria: { live: 'polite' } });
    r.notices = h('div', { dataset: { role: 'notices' } });
    r.totals = h('div', { dataset: { role: 'totals' }, aria: { live: 'polite', atomic: 'true', relevant: 'additions text' } });
    let content;
    if (this.view === 'cart') content = cartSkeleton(r, this.#wordsOnly(), this.actions);
    else if (this.view === 'checkout') content = checkoutSkeleton(r, this.#viewState());
    else if (this.view === 'confirmation') content = renderConfirmation(this.#viewState(), this.actions);
    this.root.replaceChildren(h('div', { class: 'layout-root', dir: this.messages.dir, lang: this.messages.locale, dataset: { view: this.view } }, r.announcer, r.notices, content));
    if (r.dialog) this.root.append(r.dialog);
    if (fill) this.refresh();
  }

  // Re-fills every region of the current view from the state.
  refresh() {
    const r = this.regions;
    if (!this.index || this.view === 'loading' || this.view === 'error') return;
    this.refreshHeld = this.layoutHeld;
    if (this.layoutHeld) return;
    const s = this.#viewState();
    const a = this.actions;
    const put = (container, children) => container && replaceKeepingFocus(this.root, container, children);
    put(r.notices, renderNotices(s, a));
    if (this.view === 'cart') {
      const open = this.storesOpen();
      r.storesBody.hidden = !open;
      r.storesToggle.setAttribute('aria-expanded', String(open));
      r.storesToggle.textContent = this.t(open ? 'cart.hide_stores' : 'cart.choose_store');
      r.storesToggle.hidden = open && !this.storesAsked;  // a pickup line keeps it open
      r.cartTitle.textContent = cartTitle(s, this.itemCount());
      put(r.lines, renderLines(s, a));
      if (r.storeSearch.firstChild?.dataset.country !== s.storeCountry) put(r.storeSearch, [renderStoreSearch(s, a)]);
      put(r.stores, renderStores(s, a));
      if (this.destinationNeedsRender || !r.destination.firstChild || !r.destination.contains(this.root.activeElement)) {
        this.destinationNeedsRender = false;
        put(r.destination, [renderDestination(s, a)]);
      }
      put(r.shipping, renderShipping(s, a));
      put(r.coupon, renderCoupon(s, a));
      put(r.totals, renderTotals(s));
      const label = this.quote && this.cart.lines.length ? this.t('cart.check_out_total', { total: this.quote.totals.grand_total }) : this.t('cart.check_out');
      for (const button of [r.checkoutButton, r.barButton]) {
        button.disabled = this.cart.lines.length === 0;
        button.textContent = label;
      }
      r.bar.hidden = this.cart.lines.length === 0 || !this.quote;
      r.barTotal.textContent = this.quote ? this.money(this.quote.totals.grand_total) : '';
    } else if (this.view === 'checkout') {
      if (this.formNeedsRender || !r.form.firstChild) {
        this.formNeedsRender = false;
        r.formId ??= uid('checkout-form');
        put(r.form, [renderCheckoutForm(s, a, r.formId)]);
        put(r.actions, [renderCheckoutActions(s, a, r.formId)]);
      } else {
        const button = r.actions.querySelector('[data-role="place-order"]');
        if (button && this.quote && !this.placing) button.textContent = this.t('checkout.place_order_total', { total: this.quote.totals.grand_total });
      }
      put(r.shipping, renderShipping(s, a));
      put(r.summaryLines, renderSummaryLines(s));
      put(r.totals, renderTotals(s));
    }
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

  // What the core decides about one SKU, for product pages: whether it can be
  // picked up and how many one order may hold (defaults applied by the core).
  variantFacts(sku) {
    if (!this.index?.has(sku)) return null;
    return { sku, pickupEligible: this.index.pickupEligible(sku), maxPerOrder: this.index.maxPerOrder(sku) };
  }

  destroy() {
    this.destroyed = true;
    this.closeEvents();
    this.shared?.close();
    this.session?.dispose();
    this.root.replaceChildren();
  }
}

function isSameStoreDay(readyLocal, nowMs) {
  const m = /([+-])(\d{2}):(\d{2})$|Z$/.exec(readyLocal);
  const offsetMin = !m || !m[1] ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const today = new Date(nowMs + offsetMin * 60000).toISOString().slice(0, 10);
  return readyLocal.slice(0, 10) === today;
}

function safeLocalStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
