// <storefront-checkout>: the embeddable cart and checkout. One script tag and
// one element:
//
//   <script type="module" src="https://shop.example/web/storefront-checkout.mjs"></script>
//   <storefront-checkout locale="en-US"></storefront-checkout>
//
// or imperatively: mountCheckout(target, options) -> a controller with the
// element's methods and properties, plus destroy().
// The wasm pricing core stays inside: merchants see options, methods and events.
import { CheckoutWidget, DEFAULT_OPTIONS } from './checkout/widget.mjs';
import { CheckoutInputError } from './checkout/merchant-input.mjs';
// widget.mjs's own imports, named here too so the browser fetches them beside
// widget.mjs instead of only after it has downloaded and parsed it (one
// round trip less before the widget can start).
import './checkout/cart-storage.mjs';
import './checkout/dom.mjs';
import './checkout/format.mjs';
import './checkout/pricing.mjs';
import './checkout/quote-read.mjs';
import './checkout/regions.mjs';
import './checkout/server-api.mjs';
import './checkout/styles.mjs';
import './checkout/cart/cart-state.mjs';
import './checkout/cart/places.mjs';
import './checkout/cart/shared-cart.mjs';
import './checkout/catalog/catalog-session.mjs';
import './checkout/form/checkout-validation.mjs';
import './checkout/live/live-stock.mjs';
import './checkout/order/order-attempt.mjs';
import './checkout/order/order-body.mjs';
import './checkout/order/order-outcome.mjs';
import './checkout/order/order-words.mjs';
import './checkout/views/cart.mjs';
import './checkout/views/checkout.mjs';
import './checkout/views/layout.mjs';
import './checkout/views/quote-changed.mjs';

// Errors go out as "checkout-error": an event named "error" that reaches the
// window is taken for a script error by window.onerror and error trackers
// ("[object CustomEvent]"). on('error', fn) is kept as its alias.
const ERROR_EVENT = 'checkout-error';
const EVENTS = ['ready', 'change', 'order-placed', ERROR_EVENT];
const eventType = (type) => (type === 'error' ? ERROR_EVENT : type);
const ATTRIBUTES = { server: 'server', wasm: 'wasm', locale: 'locale', country: 'country', 'storage-key': 'storageKey', live: 'live' };

// Importing the module where there is no DOM (server-side rendering, node,
// a test runner) defines nothing and throws nothing.
const ElementBase = globalThis.HTMLElement ?? class {};

export class StorefrontCheckoutElement extends ElementBase {
  static observedAttributes = Object.keys(ATTRIBUTES);

  #widget = null;
  #options = {};
  #started = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open', delegatesFocus: false });
    this.#widget = new CheckoutWidget(this, root, (type, detail) => {
      this.dispatchEvent(new CustomEvent(eventType(type), { detail, bubbles: true, composed: true }));
    });
  }

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.#widget.setOptions(this.#collectOptions());
    this.#widget.start();
  }

  disconnectedCallback() {
    // A move within the page reconnects at once; only a real removal tears down.
    queueMicrotask(() => {
      if (!this.isConnected && this.#started) {
        this.#widget.destroy();
        this.#started = false;
        this.#widget = new CheckoutWidget(this, this.shadowRoot, this.#widget.emit);
      }
    });
  }

  attributeChangedCallback() {
    if (this.#started) this.#widget.setOptions(this.#collectOptions());
  }

  #collectOptions() {
    const fromAttributes = {};
    for (const [attr, key] of Object.entries(ATTRIBUTES)) {
      if (!this.hasAttribute(attr)) continue;
      const v = this.getAttribute(attr);
      fromAttributes[key] = key === 'live' ? v !== 'false' : v;
    }
    return { ...fromAttributes, ...this.#options };
  }

  /** Options as an object (theme, imageFor and cart can only be set this way). */
  get options() { return { ...this.#widget.options }; }
  set options(value) { this.update(value); }

  update(options = {}) {
    this.#options = { ...this.#options, ...options };
    this.#widget.setOptions(this.#collectOptions());
  }

  on(type, fn) {
    const name = eventType(type);
    if (!EVENTS.includes(name)) throw new TypeError(`Unknown event "${type}"; one of ${EVENTS.join(', ')}`);
    const listener = (e) => fn(e.detail);
    this.addEventListener(name, listener);
    return () => this.removeEventListener(name, listener);
  }

  /** Throws CheckoutInputError unless quantity is a positive integer (or its digits). */
  addItem(sku, quantity = 1, fulfilment = undefined) {
    return this.#widget.addItem(sku, quantity, fulfilment);
  }

  /** Sets the quantity of the SKU's line; false if the cart has none. Throws like addItem. */
  setQuantity(sku, quantity) {
    return this.#widget.setItemQuantity(sku, quantity);
  }

  /** Per-store availability of one SKU near the shopper (for product pages). */
  pickupAvailability(sku, quantity = 1) {
    return this.#widget.pickupAvailability(sku, quantity);
  }

  /** What the core decides about one SKU (pickup eligibility, units per order); null if unknown. */
  variantFacts(sku) {
    return this.#widget.variantFacts(sku);
  }

  /** Sets where the shopper is (a ZIP the catalog knows); false if unknown. */
  locate(postalCode) {
    return this.#widget.locate(postalCode);
  }

  /** Opens the checkout step (as the "Check out" button does). */
  checkout() { this.#widget.showCheckout(); }

  /** The shopper's chosen pickup store id, or null. */
  get pickupStore() { return this.#widget.pickupStore ?? null; }
  /** Whether the shopper gave a ZIP or location (store distances are then real). */
  get shopperLocated() { return this.#widget.shopperLocated; }
  get totals() { return this.#widget.totals; }
  get currency() { return this.#widget.currency; }
  /** Units in the cart; before the catalog has loaded, those of the saved cart. */
  get itemCount() { return this.#widget.itemCount(); }
  get timings() { return { ...this.#widget.timings }; }
}

if (globalThis.customElements && !customElements.get('storefront-checkout')) {
  customElements.define('storefront-checkout', StorefrontCheckoutElement);
}

/**
 * Imperative twin of the element: mounts a checkout into `target` (an element
 * or a CSS selector) and returns its controller.
 */
export function mountCheckout(target, options = {}) {
  const parent = typeof target === 'string' ? document.querySelector(target) : target;
  if (!parent) throw new TypeError('mountCheckout: target element not found');
  const element = document.createElement('storefront-checkout');
  element.update(options);
  parent.append(element);
  return controllerFor(element);
}

// The element's public methods and properties, so the two APIs cannot drift
// (e2e/unit checks every member of the element's prototype is here).
export const CONTROLLER_METHODS = ['update', 'on', 'addItem', 'setQuantity', 'pickupAvailability', 'variantFacts', 'locate', 'checkout'];
export const CONTROLLER_PROPERTIES = ['options', 'totals', 'currency', 'itemCount', 'timings', 'pickupStore', 'shopperLocated'];

function controllerFor(element) {
  const controller = { element, destroy: () => element.remove() };
  for (const name of CONTROLLER_METHODS) controller[name] = (...args) => element[name](...args);
  for (const name of CONTROLLER_PROPERTIES) {
    Object.defineProperty(controller, name, { get: () => element[name], enumerable: true });
  }
  return Object.freeze(controller);
}

export { CheckoutInputError, DEFAULT_OPTIONS };

/**
 * The merchant's catalog as the widget sees it (shares the widget's request
 * and cache), for storefront pages that list the same products.
 */
export async function loadCatalog(server = DEFAULT_OPTIONS.server) {
  const { ServerApi } = await import('./checkout/server-api.mjs');
  const r = await new ServerApi(server).catalog();
  return JSON.parse(r.text);
}
