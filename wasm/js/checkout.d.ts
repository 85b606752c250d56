// Types of the checkout core's JavaScript API (wasm/js/checkout.mjs and node.mjs).
// The quote and request shapes are documented in docs/formats.md; they are
// typed loosely here (Record) so this file does not duplicate that contract.

export declare class CheckoutError extends Error {
  constructor(code: string, message: string, path?: string);
  readonly name: 'CheckoutError';
  /** Stable machine-readable code, e.g. "invalid_quantity", "unknown_sku", "unsafe_integer". */
  readonly code: string;
  /** JSON Pointer into the input, e.g. "/cart/lines/2/quantity"; "" for the whole input. */
  readonly path: string;
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

export type EngineResult =
  | { ok: true; engine: CheckoutEngine }
  | { ok: false; error: CheckoutError; json: string };

export interface CheckoutEngine {
  /** Prices { cart, context }. Never throws for bad input. */
  quote(cartAndContext: JsonInput): QuoteResult;
  /** As quote() without hashing, for a re-price on every keystroke. */
  price(cartAndContext: JsonInput): PricedResult;
  /** A new engine with one store's stock of one SKU replaced; this one is unchanged. */
  withStoreStock(storeId: string, sku: string, onHand: number | bigint): EngineResult;
  withWarehouseStock(warehouseId: string, sku: string, onHand: number | bigint): EngineResult;
  /** Frees the engine's wasm memory now. Using the engine afterwards throws. */
  dispose(): void;
}

export interface CheckoutCore {
  readonly formatVersion: string;
  /**
   * Loads a catalog snapshot. Never throws for bad input. Its UTF-8 bytes (e.g. a
   * fetch's arrayBuffer()) are the fastest input: copied into wasm memory in one go.
   */
  createEngine(catalog: JsonInput | Uint8Array | ArrayBuffer): EngineResult;
  /** One-shot { catalog, cart, context } -> quote. */
  quoteRequest(request: JsonInput): QuoteResult;
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
