// Types of the checkout core's JavaScript API (wasm/js/checkout.mjs and node.mjs).
// The quote and request shapes are documented in docs/formats.md; they are
// typed loosely here (Record) so this file does not duplicate that contract.
// The codes are generated from shared-core/codes/codes.json (codes.d.ts).

import type { ErrorCode, RejectionReason, MessageCode } from './codes.js';
export type { ErrorCode, RejectionReason, MessageCode };

export declare class CheckoutError extends Error {
  constructor(code: ErrorCode, message: string, path?: string, params?: Readonly<Record<string, number | string>>);
  readonly name: 'CheckoutError';
  /** Stable machine-readable code, e.g. "invalid_quantity", "unknown_sku", "unsafe_integer". */
  readonly code: ErrorCode;
  /** JSON Pointer into the input, e.g. "/cart/lines/2/quantity"; "" for the whole input. */
  readonly path: string;
  /** What the message names, for saying it in another language, e.g. { max: 5, sku: "TEE-M" }; absent when nothing. */
  readonly params?: Readonly<Record<string, number | string>>;
}

/** A JSON document as an object, or its text. BigInt values are written exactly. */
export type JsonInput = string | Record<string, unknown>;

/** What the shopper agrees to pay (docs/formats.md "binding"); the fingerprint hashes exactly this. */
export type QuoteBinding = Record<string, unknown> & {
  currency: string;
  exponent: number;
  lines: Array<Record<string, unknown>>;
  promotions: Array<{ id: string; code?: string; amount: number; shipping_discount: number }>;
  shipping: { needed: boolean; selected?: string; warehouse?: string; price: number; tax: number };
  totals: { subtotal: number; discounts: number; shipping: number; tax: number; grand_total: number };
};

export type Quote = Record<string, unknown> & {
  binding: QuoteBinding;
  /** What informs without binding: titles, shipping options, pickup stores, messages. */
  details: Record<string, unknown>;
  /** SHA-256 of the binding's canonical text; absent from price() results. */
  fingerprint: string;
};

/** `json` is the core's canonical JSON, byte-identical to the server's. */
export type QuoteResult =
  | { ok: true; quote: Quote; json: string }
  | { ok: false; error: CheckoutError; json: string };

/** engine.price(): the quote without "fingerprint"; fingerprint() hashes the binding once, on demand. */
export type PricedResult =
  | { ok: true; quote: Omit<Quote, 'fingerprint'>; json: string; bindingJson: string; fingerprint(): string }
  | { ok: false; error: CheckoutError; json: string };

/** A refund quote ({ fingerprint, refund }) or an exchange ({ exchange, fingerprint, quote, refund }); docs/formats.md. */
export type RefundResult =
  | { ok: true; refund: Record<string, unknown> & { fingerprint: string }; json: string }
  | { ok: false; error: CheckoutError; json: string };

export type EngineResult =
  | { ok: true; engine: CheckoutEngine }
  | { ok: false; error: CheckoutError; json: string };

/** A variant as the core read it: defaults applied. */
export interface VariantFacts {
  sku: string;
  /** The product id. */
  product: string;
  title: string;
  /** Per unit, minor units. */
  price: number;
  pickup_eligible: boolean;
  /** Units of this SKU in one order, all its lines together; 0 = no limit. */
  max_per_order: number;
}

export interface StoreFacts {
  id: string;
  name: string;
  address: string;
  /** International form ("+1 212 555 0100"); absent when the catalog gives none. */
  phone?: string;
  country: string;
  region: string;
  postal_code: string;
  lat_e6: number;
  lon_e6: number;
  curbside: boolean;
  /** Units per SKU held back from online pickup. */
  safety_stock: number;
  /** Days a ready pickup order waits before the server puts it back on sale; absent: until collected. */
  hold_days?: number;
}

export interface ShippingMethodFacts {
  id: string;
  name: string;
  /** The warehouse its parcels leave from. */
  warehouse: string;
  /** The countries its zones serve (ISO 3166-1 alpha-2), sorted, once each. */
  countries: string[];
}

export interface PromotionLimits {
  id: string;
  usage_limit?: number;
  usage_limit_per_customer?: number;
}

/**
 * The catalog's facts as the core read them (defaults applied). Shares the
 * engine's catalog: valid after that engine is disposed and across its stock updates.
 */
export interface CatalogView {
  readonly currency: string;
  /** Minor units per major unit as a power of ten (2: cents). */
  readonly exponent: number;
  /** Whether prices and totals carry their tax (the quote's rounding.prices_include_tax). */
  readonly pricesIncludeTax: boolean;
  variant(sku: string): VariantFacts | undefined;
  store(id: string): StoreFacts | undefined;
  shippingMethod(id: string): ShippingMethodFacts | undefined;
  /**
   * Where a quote's `context.location` `{ country, postal_code }` puts the shopper: the
   * longest entry of the catalog's `postal_codes` that begins the code (normal form);
   * undefined when none does (a quote would refuse it). ASCII digits only, as the quote reads them.
   */
  locate(country: string, postalCode: string): { lat_e6: number; lon_e6: number } | undefined;
  /** By id. */
  stores(): StoreFacts[];
  /** Ids, sorted. */
  warehouses(): string[];
  /** By id. */
  shippingMethods(): ShippingMethodFacts[];
  /** The promotions with a usage limit, by id. */
  limitedPromotions(): PromotionLimits[];
  /** Frees the view's wasm handle now. Using it afterwards throws. */
  dispose(): void;
}

export type StockLocation = { store: string } | { warehouse: string };

export type AvailabilityResult =
  | { ok: true; items: Array<{ sku: string; available: number }> }
  | { ok: false; error: CheckoutError; json: string };

/** A session edit: applied, or refused with nothing changed. */
export type EditResult = { ok: true } | { ok: false; error: CheckoutError; json: string };

/** Amounts of one cart line, minor units, as the quote's binding.lines[i] holds them. */
export interface SessionLineTotals {
  subtotal: number;
  discount_total: number;
  net: number;
  tax: number;
  total: number;
  unit_price: number;
  /** Each promotion's share of this line, in the order promotions applied. */
  discounts: Array<{ promotion: string; amount: number }>;
}

/** What a message or a rejected code names, as the quote's "params" (amounts in minor units). */
export type SessionParams = Record<string, number | string>;

/** A shipping option as details.shipping.options[i] holds it, without its name (the catalog's). */
export interface SessionShippingOption {
  method: string;
  base_price: number;
  price: number;
  free: boolean;
  free_over?: number;
  remaining_for_free?: number;
  delivery: { earliest: string; latest: string };
}

/** A pickup store as details.pickup.stores[i] holds it, without name, phone and curbside (the catalog's). */
export interface SessionPickupStore {
  store: string;
  distance_m?: number;
  availability: 'all' | 'partial' | 'none';
  lines: Array<{ line: number; requested: number; available: number }>;
  /** When the store has the items ready, at its own offset. */
  ready_local?: string;
}

/**
 * The compact view of a re-price (docs/formats.md "Session view"): what a cart page
 * redraws, without the quote's texts (titles, names, English sentences) and hash.
 * Error unsafe_integer when an amount is beyond 2^53 (then read session.quote().json).
 */
export type SessionTotals =
  | {
      ok: true;
      totals: { subtotal: number; discounts: number; shipping: number; tax: number; grand_total: number };
      /** In cart order. */
      lines: SessionLineTotals[];
      /** selected: the selected shipping method (null when none); price: after free shipping. */
      shipping: { needed: boolean; selected: string | null; price: number; options: SessionShippingOption[] };
      /** Ids of the applied promotions, in the order applied. */
      promotions: string[];
      /** The same promotions with their amounts (code: the one that triggered it; none for automatic ones). */
      applied: Array<{ id: string; code?: string; amount: number; shipping_discount: number; free_shipping: boolean }>;
      rejected: Array<{ code: string; reason: RejectionReason; params: SessionParams }>;
      /** line: the cart line index, -1 about the whole cart. */
      messages: Array<{ code: MessageCode; line: number; params: SessionParams }>;
      /** The nearest stores and every store a line names, nearest first. */
      pickup: { stores: SessionPickupStore[] };
    }
  | { ok: false; error: CheckoutError; json: string };

/**
 * A cart kept in the core: edits are small calls, totals() re-prices after a change;
 * quote() / price() give the full quote, byte-identical to engine.quote(cartAndContext()).
 * Values in the request format (quantity, line, fulfilment, destination, ...) are
 * judged as in a whole request, with the same error codes and paths.
 */
export interface CheckoutSession {
  setQuantity(line: number, quantity: number | bigint): EditResult;
  /** A cart line of the request format; it becomes the last line. */
  addLine(line: JsonInput): EditResult;
  removeLine(line: number): EditResult;
  setFulfilment(line: number, fulfilment: { type: 'ship' } | { type: 'pickup'; store: string }): EditResult;
  applyCoupon(code: string): EditResult;
  /** Removes every coupon entered exactly as `code`. */
  removeCoupon(code: string): EditResult;
  /** null: the cheapest method. */
  setShippingMethod(methodId: string | null): EditResult;
  /** null removes the destination. */
  setDestination(destination: Record<string, unknown> | null): EditResult;
  /** null removes the location. */
  setLocation(location: Record<string, unknown> | null): EditResult;
  /** RFC 3339 ("2026-11-23T10:00:00Z") or a Date. */
  setNow(now: string | Date): EditResult;
  /** The whole context (channel, customer group, ...). */
  setContext(context: JsonInput): EditResult;
  /** Live stock: an engine from this session's by withStoreStock / withWarehouseStock. */
  setEngine(engine: CheckoutEngine): EditResult;
  totals(): SessionTotals;
  quote(): QuoteResult;
  price(): PricedResult;
  /** The session's { cart, context } as a request would hold them. */
  cartAndContext(): { cart: Record<string, unknown>; context: Record<string, unknown> };
  /** Frees the session's wasm memory now. Using it afterwards throws. */
  dispose(): void;
}

export type SessionResult =
  | { ok: true; session: CheckoutSession }
  | { ok: false; error: CheckoutError; json: string };

export interface CheckoutEngine {
  /** Prices { cart, context }. Never throws for bad input. */
  quote(cartAndContext: JsonInput): QuoteResult;
  /** As quote() without hashing, for a re-price on every keystroke. */
  price(cartAndContext: JsonInput): PricedResult;
  /** A session on { cart, context }: the cart kept in the core for edits and cheap re-pricing. */
  session(cartAndContext: JsonInput): SessionResult;
  /** The refund for returned units of an order ({ order, returns, previous?, context }); with a cart, an exchange. */
  refund(request: JsonInput): RefundResult;
  /** A new engine with one store's stock of one SKU replaced; this one is unchanged. */
  withStoreStock(storeId: string, sku: string, onHand: number | bigint): EngineResult;
  withWarehouseStock(warehouseId: string, sku: string, onHand: number | bigint): EngineResult;
  /** The catalog's facts, defaults applied (pickup_eligible, max_per_order). */
  catalogView(): CatalogView;
  /**
   * Units of each SKU at a store (online pickup: safety stock held back, 0 when the SKU
   * cannot be picked up) or a warehouse (shipping), as this engine counts them when it prices.
   * Errors: unknown_store, invalid_value (warehouse), unknown_sku (path /skus/N), wrong_type.
   */
  availability(location: StockLocation, skus: string[]): AvailabilityResult;
  /** Frees the engine's wasm memory now. Using the engine afterwards throws. */
  dispose(): void;
}

/** A postal address as the core checks it; region "" when none was given. */
export interface PostalAddress {
  country: string;
  region?: string;
  postal_code: string;
}

/** checkAddress(): the postal code in its normal form ("10013-1234"), the region the code places it in. */
export type AddressResult =
  | { ok: true; address: { country: string; region: string; postal_code: string }; json: string }
  | { ok: false; error: CheckoutError; json: string };

export interface CheckoutCore {
  readonly formatVersion: string;
  /**
   * The core's address rule, per country (US, CA, GB, DE, PL, AM, CN, IR; elsewhere one
   * spelling only): the postal code's form, its normal form, and its region (a US ZIP code
   * must belong to the state: 90013 is not in New York). Typed Persian, Arabic-Indic and
   * full-width digits count. Errors: invalid_postal_code, unknown_region,
   * postal_code_mismatch, invalid_value; paths relative to the address.
   */
  checkAddress(address: PostalAddress): AddressResult;
  /** Typed text with Persian, Arabic-Indic and full-width digits made ASCII ("۱۲" -> "12"). */
  normalizeDigits(text: string): string;
  /** A quantity field's text -> a whole number 0..9,999,999, or null ("۳" -> 3, "2.5" -> null). */
  readQuantity(text: string): number | null;
  /**
   * Loads a catalog snapshot. Never throws for bad input. Its UTF-8 bytes (e.g. a
   * fetch's arrayBuffer()) are the fastest input: copied into wasm memory in one go.
   */
  createEngine(catalog: JsonInput | Uint8Array | ArrayBuffer): EngineResult;
  /** One-shot { catalog, cart, context } -> quote. */
  quoteRequest(request: JsonInput): QuoteResult;
  /** One-shot { catalog, order, returns, previous?, context } -> refund (exchange with a cart). */
  returnsRequest(request: JsonInput): RefundResult;
}

export interface LoadOptions {
  /** An Emscripten module factory; default: ./checkout-core.mjs beside this file. */
  factory?: (moduleArgs: object) => Promise<unknown>;
  /** The .wasm bytes (required under node; node.mjs supplies them). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * Where the browser fetches the .wasm from (default: checkout-core.wasm beside
   * this module). The browser fetches it as soon as loadCheckoutCore is called and
   * compiles it while it streams in (WebAssembly.instantiateStreaming).
   */
  locateFile?: (path: string, scriptDirectory: string) => string;
  /** Subresource Integrity of the .wasm ("sha384-..."); the download is refused unless it matches. */
  wasmIntegrity?: string;
}

export declare function loadCheckoutCore(options?: LoadOptions): Promise<CheckoutCore>;
