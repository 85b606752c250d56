// Types of the embeddable checkout (web/storefront-checkout.mjs).
// Amounts are integers in the currency's minor units (USD 12.40 is 1240);
// format them with the quote's exponent, never with float arithmetic.

export interface CartLineInput {
  sku: string;
  quantity: number;
  fulfilment?: { type: 'ship' } | { type: 'pickup'; store: string };
}

export interface CheckoutOptions {
  /** Base URL of the merchant's checkout server. Default: the origin that served the widget. */
  server?: string;
  /** URL of the core's JS API module, to load the core from elsewhere. Default: the bundle's own core (unbundled sources: `${server}/wasm/checkout.mjs`). */
  wasm?: string;
  /** BCP 47 locale for money, dates and distances. Default: the page's `lang`, then the browser's. */
  locale?: string;
  /** Delivery country before the shopper gives an address (ISO 3166-1 alpha-2). Default "US". */
  country?: string;
  /** Namespace of the saved cart in localStorage. Default: the server's origin. */
  storageKey?: string;
  /** Lines for a first visit (ignored when a saved cart exists). */
  cart?: CartLineInput[];
  /** CSS custom properties, e.g. { '--sc-accent': '#0a6' }. Only --sc-* names are applied. */
  theme?: Record<`--sc-${string}`, string>;
  /** Image URL of a line when the catalog product has no `image`. */
  imageFor?: (product: CatalogProduct, variant: CatalogVariant) => string | undefined;
  /** Subscribe to live stock events (default true). */
  live?: boolean;
}

export interface CatalogVariant { sku: string; title?: string; price: number; [key: string]: unknown }
export interface CatalogProduct { id: string; title: string; description?: string; image?: string; categories?: string[]; variants: CatalogVariant[]; [key: string]: unknown }

export interface Totals {
  subtotal: number;
  discounts: number;
  shipping: number;
  tax: number;
  grand_total: number;
  tax_included: boolean;
}

export interface Timings {
  /** performance.now() when the widget started (ms since navigation: the page and its modules). */
  startedSinceNavigation?: number;
  /** ms from the widget's start to the core (glue + compiled .wasm) ready. */
  coreLoaded?: number;
  /** ms from the widget's start to the catalog fetched (or revalidated). */
  catalogLoaded?: number;
  /** ms from the widget's start to catalog + wasm loaded. */
  loaded?: number;
  /** ms from the widget's start to the catalog loaded into the core. */
  engineLoaded?: number;
  /** ms from the widget's start to the catalog indexed and the saved cart restored. */
  indexed?: number;
  /** ms from the widget's start to the cart view's skeleton built (before the first quote fills it). */
  rendered?: number;
  /** ms from the widget's start to its first local quote. */
  firstQuote?: number;
  /** performance.now() at the first quote (ms since navigation). */
  firstQuoteSinceNavigation?: number;
  /** ms the last local re-quote took. */
  lastQuoteMs?: number;
}

export interface ReadyDetail { timings: Timings; totals: Totals | null; currency: string }
export interface ChangeDetail {
  totals: Totals;
  currency: string;
  exponent: number;
  itemCount: number;
  lines: CartLineInput[];
  fingerprint: string;
}
export interface OrderPlacedDetail {
  order: { id: string; status: string; totals: Totals; currency: string };
}
export interface ErrorDetail {
  /** e.g. "load_failed", "unknown_sku", "network", a core error code, "http_<status>" or the server's code. */
  code: string;
  message: string;
  path?: string;
  /** For "unknown_sku": the SKU refused. */
  sku?: string;
}

/** Event details by the name `on()` takes ("error" is the alias of "checkout-error"). */
export interface CheckoutEventMap {
  ready: ReadyDetail;
  change: ChangeDetail;
  'order-placed': OrderPlacedDetail;
  'checkout-error': ErrorDetail;
  error: ErrorDetail;
}

/** DOM events dispatched on the element (they bubble and cross the shadow boundary). */
export interface CheckoutDomEventMap {
  ready: CustomEvent<ReadyDetail>;
  change: CustomEvent<ChangeDetail>;
  'order-placed': CustomEvent<OrderPlacedDetail>;
  'checkout-error': CustomEvent<ErrorDetail>;
}

/** Thrown by addItem / setQuantity for an argument of the wrong kind (a bug in the calling page). */
export declare class CheckoutInputError extends TypeError {
  readonly name: 'CheckoutInputError';
  readonly code: 'invalid_quantity' | 'invalid_sku';
  readonly argument: 'quantity' | 'sku';
}

/** What a quantity may be: a positive integer, or its decimal digits (a <select>'s value). */
export type QuantityInput = number | `${number}`;
type PickupChoice = CartLineInput['fulfilment'] | { type: 'pickup'; store?: string };

export interface StorePickupAvailability {
  store: string;
  name: string;
  distanceMeters?: number;
  /** Units of the SKU the store can promise (after its safety stock), capped at the quantity asked. */
  available: number;
  curbside: boolean;
  /** Store-local ready time, RFC 3339 with the store's offset. */
  readyLocal?: string;
  readyToday: boolean;
}

/** What the core decides about one SKU, with the catalog's defaults applied. */
export interface VariantFacts {
  sku: string;
  /** Whether the SKU may be picked up in a store. */
  pickupEligible: boolean;
  /** Units of the SKU one order may hold, all its lines together. */
  maxPerOrder: number;
}

/** The members the element and the imperative controller share. */
export interface CheckoutApi {
  readonly options: CheckoutOptions;
  update(options: CheckoutOptions): void;
  /** Subscribes to an event's detail; returns the unsubscribe function. */
  on<K extends keyof CheckoutEventMap>(type: K, listener: (detail: CheckoutEventMap[K]) => void): () => void;
  /**
   * Adds units (merged with a line of the same SKU and fulfilment). False, with a
   * "checkout-error" event (code "unknown_sku"), for a SKU the catalog does not sell.
   * Before the catalog is loaded the add is queued (true) and checked when it arrives.
   * @throws CheckoutInputError for a quantity that is not a positive integer, or a SKU that is not a non-empty string
   */
  addItem(sku: string, quantity?: QuantityInput, fulfilment?: PickupChoice): boolean;
  /**
   * Sets the quantity of the SKU's line (capped at its max per order); false if the cart has none.
   * @throws CheckoutInputError like addItem
   */
  setQuantity(sku: string, quantity: QuantityInput): boolean;
  /** Per-store availability of one SKU near the shopper; null before the catalog is loaded. */
  pickupAvailability(sku: string, quantity?: number): StorePickupAvailability[] | null;
  /** What the core decides about one SKU, defaults applied; null before the catalog is loaded or for an unknown SKU. */
  variantFacts(sku: string): VariantFacts | null;
  /** Sets where the shopper is, for store distances (a postal code the catalog knows); false if unknown. */
  locate(postalCode: string): boolean;
  /** Opens the checkout step. */
  checkout(): void;
  /** The shopper's chosen pickup store id, or null. */
  readonly pickupStore: string | null;
  /** Whether the shopper gave a ZIP or location, so store distances are real. */
  readonly shopperLocated: boolean;
  readonly totals: Totals | null;
  readonly currency: string | null;
  readonly itemCount: number;
  readonly timings: Timings;
}

// The element has every member of CheckoutApi (declaration merging), plus
// typed DOM events; options is also settable as a property.
export interface StorefrontCheckoutElement extends CheckoutApi {}
export declare class StorefrontCheckoutElement extends HTMLElement {
  options: CheckoutOptions;
  addEventListener<K extends keyof CheckoutDomEventMap>(type: K, listener: (ev: CheckoutDomEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

export interface CheckoutController extends CheckoutApi {
  readonly element: StorefrontCheckoutElement;
  /** Removes the widget and releases its engine and event stream. */
  destroy(): void;
}

/** Mounts a checkout into `target` (an element or a CSS selector). */
export declare function mountCheckout(target: Element | string, options?: CheckoutOptions): CheckoutController;

/** The merchant's catalog as the widget loads it (shares its request and cache). */
export declare function loadCatalog(server?: string): Promise<{ currency: string; products: CatalogProduct[]; [key: string]: unknown }>;

export declare const DEFAULT_OPTIONS: Readonly<CheckoutOptions>;

/** Names of the controller's methods and properties (the element's public members). */
export declare const CONTROLLER_METHODS: readonly string[];
export declare const CONTROLLER_PROPERTIES: readonly string[];

declare global {
  interface HTMLElementTagNameMap { 'storefront-checkout': StorefrontCheckoutElement }
}
