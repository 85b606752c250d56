// The idiomatic JavaScript API of the checkout core (browser and node).
//
//   const core = await loadCheckoutCore();
//   const { engine, error } = core.createEngine(catalog);   // object or JSON string
//   const r = engine.quote({ cart, context });              // { ok: true, quote, json } | { ok: false, error, json }
//   const p = engine.price({ cart, context });              // the same without hashing; p.fingerprint() when needed
//   const live = engine.withStoreStock('nyc-soho', 'TEE-RED-M', 3);
//   const { session } = engine.session({ cart, context });  // the cart kept in the core
//   session.setQuantity(0, 3); session.applyCoupon('SAVE10');  // { ok } | { ok: false, error }
//   session.totals();                                       // compact: amounts, shipping options, pickup stores, codes
//   session.quote();                                        // the full quote, as engine.quote gives it
//   const f = engine.refund({ order, returns, context });  // { ok: true, refund, json }: refund quote (exchange with cart)
//   const view = engine.catalogView();                      // the catalog's facts, defaults applied
//   view.variant('TEE-RED-M').max_per_order;                // 0 = no limit
//   engine.availability({ store: 'nyc-soho' }, ['TEE-RED-M']);  // { ok: true, items: [{ sku, available }] }
//   engine.dispose();
//
// Bad input never throws: it comes back as { ok: false, error: CheckoutError }.
// Callers never see Embind handles; the raw bindings (wasm/bindings.cpp) stay
// private to this file. A FinalizationRegistry frees engines that are dropped
// without dispose(), but dispose() is the way to release memory promptly.

export class CheckoutError extends Error {
  constructor(code, message, path = '', params = undefined) {
    super(message);
    this.name = 'CheckoutError';
    this.code = code;  // stable machine-readable code, e.g. "invalid_quantity"
    this.path = path;  // JSON Pointer into the input, e.g. "/cart/lines/2/quantity"
    if (params) this.params = params;  // what the message names, e.g. { max: 5, sku: "TEE-M" }
  }
}

const MAX_DEPTH = 64;

// Serialises a request value for the core. Unlike JSON.stringify it keeps
// BigInt exact and refuses numbers JS already rounded (integers beyond 2^53),
// which would otherwise reach the core as a different amount than intended.
// Floats are passed through so the core rejects them with its own path.
function toJsonText(value) {
  const parts = [];
  const walk = (v, path, depth) => {
    if (depth > MAX_DEPTH) throw new CheckoutError('too_deep', 'The input is nested too deeply.', path);
    if (v !== null && typeof v === 'object' && typeof v.toJSON === 'function') v = v.toJSON();
    switch (typeof v) {
      case 'bigint':
        parts.push(v.toString());
        return;
      case 'number':
        if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
          throw new CheckoutError('unsafe_integer',
            'A number is beyond 2^53 and was already rounded by JavaScript; pass it as a BigInt or in a JSON string.', path);
        }
        parts.push(Number.isFinite(v) ? String(v) : 'null');
        return;
      case 'string':
      case 'boolean':
        parts.push(JSON.stringify(v));
        return;
      case 'object':
        break;
      default:  // undefined, function, symbol at the top level or in an array
        parts.push('null');
        return;
    }
    if (v === null) {
      parts.push('null');
    } else if (Array.isArray(v)) {
      parts.push('[');
      v.forEach((item, i) => {
        if (i) parts.push(',');
        walk(item, `${path}/${i}`, depth + 1);
      });
      parts.push(']');
    } else {
      parts.push('{');
      let first = true;
      for (const key of Object.keys(v)) {
        const item = v[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        if (!first) parts.push(',');
        first = false;
        parts.push(JSON.stringify(key), ':');
        walk(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
      }
      parts.push('}');
    }
  };
  walk(value, '', 0);
  return parts.join('');
}

function errorFromJson(json) {
  const { code, message, path, params } = JSON.parse(json).error;
  return new CheckoutError(code, message, path, params);
}

function failure(error) {
  return { ok: false, error, json: JSON.stringify({ error: { code: error.code, message: error.message, path: error.path } }) };
}

// The core's quote JSON -> { ok, quote, json }. Amounts beyond 2^53 cannot be
// held exactly in a JS number; the core finds them (raw.unsafeAt: the byte
// offset of the first such integer, -1 for none), so a plain JSON.parse
// suffices, and such a quote is reported as an error (the exact text stays
// available in `json`) rather than silently rounded.
function quoteResult(raw) {
  if (!raw.ok) return { ok: false, error: errorFromJson(raw.json), json: raw.json };
  const unsafeAt = raw.unsafeAt ?? firstUnsafeKey(raw.json);  // an older core build does not say
  if (unsafeAt !== -1) {
    return {
      ok: false,
      error: new CheckoutError('unsafe_integer', `The quote holds an amount beyond 2^53 (${typeof unsafeAt === 'number' ? `at byte ${unsafeAt}` : `"${unsafeAt}"`}); read it from json.`, ''),
      json: raw.json,
    };
  }
  return { ok: true, quote: JSON.parse(raw.json), json: raw.json };
}

// For core builds without unsafeAt only: the key of the first unsafe number, or -1.
function firstUnsafeKey(json) {
  let unsafe = -1;
  JSON.parse(json, function (key, value) {
    if (unsafe === -1 && typeof value === 'number' && !Number.isSafeInteger(value)) unsafe = key;
    return value;
  });
  return unsafe;
}

// price(): the quote without "fingerprint", plus the canonical text of its
// binding; fingerprint() hashes that text in the core on first call.
function pricedResult(module, raw) {
  const r = quoteResult(raw);
  if (!r.ok) return r;
  let fingerprint = null;
  r.bindingJson = raw.binding;
  r.fingerprint = () => (fingerprint ??= module.fingerprint(raw.binding));
  return r;
}

// A refund quote (or exchange) JSON -> { ok, refund, json }, read as quotes are.
function refundResult(raw) {
  const r = quoteResult(raw);
  if (!r.ok) return r;
  return { ok: true, refund: r.quote, json: r.json };
}

function inputText(value) {
  return typeof value === 'string' ? value : toJsonText(value);
}

// call(JSON text of `value`); a value that cannot be input (a CheckoutError
// from inputText) is the failure result rather than a throw.
function withInputText(value, call) {
  let text;
  try {
    text = inputText(value);
  } catch (e) {
    if (e instanceof CheckoutError) return failure(e);
    throw e;
  }
  return call(text);
}

// The binding's compact view (wasm/bindings.cpp RawSessionView) -> the
// session's totals value. `numbers` is a view of the core's memory, valid
// until the next call into the core: read now, never kept.
const HEAD = 6;      // subtotal, discounts, shipping, tax, grand_total, shipping price
const PER_LINE = 6;  // subtotal, discount_total, net, tax, total, unit_price (then the pickup stores' triples)
function sessionView(numbers, text) {
  const lines = [];
  let i = HEAD;
  for (const shares of text.discounts) {  // one entry per line
    lines.push({
      subtotal: numbers[i], discount_total: numbers[i + 1], net: numbers[i + 2], tax: numbers[i + 3], total: numbers[i + 4],
      unit_price: numbers[i + 5], discounts: shares.map(([promotion, amount]) => ({ promotion, amount })),
    });
    i += PER_LINE;
  }
  // Then each pickup store's availability, (line, requested, available) per entry.
  const stores = text.pickup.map(({ lines: count, ...store }) => {
    const held = [];
    for (let k = 0; k < count; k++, i += 3) held.push({ line: numbers[i], requested: numbers[i + 1], available: numbers[i + 2] });
    return { ...store, lines: held };
  });
  return {
    ok: true,
    totals: { subtotal: numbers[0], discounts: numbers[1], shipping: numbers[2], tax: numbers[3], grand_total: numbers[4] },
    lines,
    shipping: {
      needed: text.shipping.needed, selected: text.shipping.selected, price: numbers[5],
      options: text.shipping.options.map(({ earliest, latest, ...o }) => ({ ...o, delivery: { earliest, latest } })),
    },
    promotions: text.promotions,
    applied: text.applied.map(([id, code, amount, shipping_discount, free_shipping]) => (
      code ? { id, code, amount, shipping_discount, free_shipping } : { id, amount, shipping_discount, free_shipping })),
    rejected: text.rejected.map(([code, reason, params]) => ({ code, reason, params })),
    messages: text.messages.map(([code, line, params]) => ({ code, line, params })),
    pickup: { stores },
  };
}

function createApi(module) {
  // Frees the Embind handle of an engine or view the caller dropped without dispose().
  const registry = new FinalizationRegistry((handle) => handle.delete());

  // The catalog's facts as the core read them: defaults applied
  // (pickup_eligible, max_per_order: 0 = no limit), in the catalog format's
  // field names. Read-only; it shares the engine's catalog, so it stays
  // valid after that engine is disposed (and across its stock updates).
  class CatalogView {
    #handle;
    #variants = new Map();  // sku -> facts or undefined: the catalog never changes
    #lists = null;

    constructor(handle) {
      this.#handle = handle;
      registry.register(this, handle, this);
    }

    #live() {
      if (this.#handle === null) throw new Error('CatalogView used after dispose()');
      return this.#handle;
    }

    get currency() { return this.#live().currency(); }
    // Minor units per major unit as a power of ten (2: cents), and whether prices carry their tax.
    get exponent() { return this.#live().exponent(); }
    get pricesIncludeTax() { return this.#live().pricesIncludeTax(); }

    // { sku, product, title, price, pickup_eligible, max_per_order } | undefined
    variant(sku) {
      const handle = this.#live();
      if (typeof sku !== 'string') return undefined;
      if (!this.#variants.has(sku)) this.#variants.set(sku, JSON.parse(handle.variant(sku)) ?? undefined);
      return this.#variants.get(sku);
    }

    // { id, name, address, phone?, country, region, postal_code, lat_e6, lon_e6, curbside, safety_stock, hold_days? } | undefined
    store(id) { return typeof id === 'string' ? JSON.parse(this.#live().store(id)) ?? undefined : undefined; }

    // { id, name, warehouse, countries } | undefined (countries: those its zones serve, sorted)
    shippingMethod(id) {
      return typeof id === 'string' ? JSON.parse(this.#live().shippingMethod(id)) ?? undefined : undefined;
    }

    // { lat_e6, lon_e6 } | undefined: where a quote's context.location
    // { country, postal_code } puts the shopper (the longest catalog
    // postal_codes entry that begins the code), undefined when the quote would refuse it.
    locate(country, postalCode) {
      const handle = this.#live();
      if (typeof country !== 'string' || typeof postalCode !== 'string') return undefined;
      if (typeof handle.locate !== 'function') return undefined;  // an older core build
      return JSON.parse(handle.locate(country, postalCode)) ?? undefined;
    }

    stores() { return this.#all().stores; }
    warehouses() { return this.#all().warehouses; }
    shippingMethods() { return this.#all().shipping_methods; }
    // Promotions with a usage limit: [{ id, usage_limit?, usage_limit_per_customer? }]
    limitedPromotions() { return this.#all().limited_promotions; }

    #all() {
      this.#lists ??= JSON.parse(this.#live().lists());
      return structuredClone(this.#lists);  // callers may change their copy
    }

    dispose() {
      if (this.#handle === null) return;
      registry.unregister(this);
      this.#handle.delete();
      this.#handle = null;
    }
  }

  // A cart held in the core (docs/formats.md "Session view"): edits are small
  // calls, totals() re-prices only after a change and brings back the compact
  // view (numbers without JSON, no quote text, no hash); quote() and price()
  // give the full canonical quote, byte-identical to engine.quote of
  // cartAndContext(). Every edit answers { ok: true } or { ok: false, error,
  // json } and a refused edit changes nothing.
  class Session {
    #handle;

    constructor(handle) {
      this.#handle = handle;
      registry.register(this, handle, this);
    }

    #live() {
      if (this.#handle === null) throw new Error('CheckoutSession used after dispose()');
      return this.#handle;
    }

    #edit(errorJson) {
      if (errorJson === '') return { ok: true };
      return { ok: false, error: errorFromJson(errorJson), json: errorJson };
    }

    // Values in the request format cross as JSON text, so the core judges them
    // exactly as in a whole request (a float quantity, a missing field, ...).
    // A string is a value here (a method id, an instant), never JSON text.
    #editWith(value, call) {
      let text;
      try {
        text = toJsonText(value);
      } catch (e) {
        if (e instanceof CheckoutError) return failure(e);
        throw e;
      }
      return this.#edit(call(text));
    }

    // A whole document (a line, a context): an object or its JSON text.
    #editWithDocument(value, call) {
      return withInputText(value, (text) => this.#edit(call(text)));
    }

    #line(line) {
      if (Number.isSafeInteger(line)) return null;
      return failure(new CheckoutError('invalid_value', 'A line is an index into the cart\'s lines.', '/cart/lines'));
    }

    setQuantity(line, quantity) {
      const handle = this.#live();
      return this.#line(line) ?? this.#editWith(quantity, (text) => handle.setQuantity(line, text));
    }

    // { sku, quantity, fulfilment? } as a cart line of the request format; it becomes the last line.
    addLine(line) {
      const handle = this.#live();
      return this.#editWithDocument(line, (text) => handle.addLine(text));
    }

    removeLine(line) {
      const handle = this.#live();
      return this.#line(line) ?? this.#edit(handle.removeLine(line));
    }

    // { type: 'pickup', store } | { type: 'ship' }
    setFulfilment(line, fulfilment) {
      const handle = this.#live();
      return this.#line(line) ?? this.#editWith(fulfilment, (text) => handle.setFulfilment(line, text));
    }

    applyCoupon(code) {
      const handle = this.#live();
      if (typeof code !== 'string') return failure(new CheckoutError('wrong_type', 'A coupon code is a string.', '/cart/coupons'));
      return this.#edit(handle.applyCoupon(code));
    }

    // Removes every coupon entered exactly as `code`.
    removeCoupon(code) {
      const handle = this.#live();
      if (typeof code !== 'string') return failure(new CheckoutError('wrong_type', 'A coupon code is a string.', '/cart/coupons'));
      return this.#edit(handle.removeCoupon(code));
    }

    // A method id, or null for the cheapest.
    setShippingMethod(methodId) {
      const handle = this.#live();
      return this.#editWith(methodId ?? null, (text) => handle.setShippingMethod(text));
    }

    // Context edits; null removes the member.
    setDestination(destination) {
      const handle = this.#live();
      return this.#editWith(destination ?? null, (text) => handle.setDestination(text));
    }

    setLocation(location) {
      const handle = this.#live();
      return this.#editWith(location ?? null, (text) => handle.setLocation(text));
    }

    // An RFC 3339 instant ("2026-11-23T10:00:00Z") or a Date.
    setNow(now) {
      const handle = this.#live();
      const value = now instanceof Date ? now.toISOString().replace(/\.\d{3}Z$/, 'Z') : now;
      return this.#editWith(value, (text) => handle.setNow(text));
    }

    // The whole context, for what has no edit of its own (channel, customer group, ...).
    setContext(context) {
      const handle = this.#live();
      return this.#editWithDocument(context, (text) => handle.setContext(text));
    }

    // Live stock: an engine derived from this session's by withStoreStock /
    // withWarehouseStock (the same catalog). The session does not own it.
    setEngine(engine) {
      const handle = this.#live();
      const raw = engineHandles.get(engine);
      if (!raw) return failure(new CheckoutError('invalid_value', 'Not a live engine of this core.', ''));
      return this.#edit(handle.setEngine(raw()));
    }

    // -> { ok: true, totals, lines, shipping, promotions, rejected, messages } | { ok: false, error, json }
    totals() {
      const raw = this.#live().view();  // the core keeps the view until the next edit
      if (!raw.ok) return { ok: false, error: errorFromJson(raw.text), json: raw.text };
      return sessionView(raw.numbers, JSON.parse(raw.text));
    }

    // The full quote, as engine.quote / engine.price of cartAndContext() answer.
    quote() { return quoteResult(this.#live().quote()); }
    price() { return pricedResult(module, this.#live().price()); }

    // The session's { cart, context } as a request would hold them.
    cartAndContext() { return JSON.parse(this.#live().cartAndContext()); }

    dispose() {
      if (this.#handle === null) return;
      registry.unregister(this);
      this.#handle.delete();
      this.#handle = null;
    }
  }

  // Engine -> its live Embind handle, for Session.setEngine (handles stay private).
  const engineHandles = new WeakMap();

  class Engine {
    #handle;

    constructor(handle) {
      this.#handle = handle;
      registry.register(this, handle, this);
      engineHandles.set(this, () => this.#live());
    }

    #live() {
      if (this.#handle === null) throw new Error('CheckoutEngine used after dispose()');
      return this.#handle;
    }

    // { cart, context } (object or JSON string) -> { ok: true, quote, json } | { ok: false, error, json }
    quote(cartAndContext) {
      const handle = this.#live();
      return withInputText(cartAndContext, (text) => quoteResult(handle.quote(text)));
    }

    // As quote(), for a re-price on every keystroke: the quote comes without
    // "fingerprint", and result.fingerprint() computes it when an order is placed.
    price(cartAndContext) {
      const handle = this.#live();
      return withInputText(cartAndContext, (text) => pricedResult(module, handle.price(text)));
    }

    // { cart, context } -> { ok: true, session } | { ok: false, error, json }: a
    // cart kept in the core for edits and cheap re-pricing (see Session). The
    // session shares this engine's catalog and stock and outlives it.
    session(cartAndContext) {
      const handle = this.#live();
      return withInputText(cartAndContext, (text) => {
        const raw = handle.session(text);
        if (raw.ok()) return { ok: true, session: new Session(raw) };
        const json = raw.error();
        raw.delete();
        return { ok: false, error: errorFromJson(json), json };
      });
    }

    // { order: { binding, placed_at }, returns, previous?, context: { now } }
    // -> { ok: true, refund, json } with refund = { fingerprint, refund: {...} };
    // with a cart (and a full quote context) an exchange: { exchange, fingerprint, quote, refund }.
    refund(request) {
      const handle = this.#live();
      return withInputText(request, (text) => refundResult(handle.refund(text)));
    }

    // A new engine with one store's stock of one SKU replaced; this engine is unchanged.
    withStoreStock(storeId, sku, onHand) {
      return this.#withStock('withStoreStock', storeId, sku, onHand);
    }

    withWarehouseStock(warehouseId, sku, onHand) {
      return this.#withStock('withWarehouseStock', warehouseId, sku, onHand);
    }

    // The catalog's facts (see CatalogView). Dispose it when done, or leave it to the registry.
    catalogView() {
      return new CatalogView(this.#live().catalogView());
    }

    // Units of `skus` at { store: id } (what online pickup can take: safety
    // stock held back, 0 for a SKU that cannot be picked up) or
    // { warehouse: id } (what can ship), as this engine counts them when it
    // prices. -> { ok: true, items: [{ sku, available }] } | { ok: false, error, json }
    availability(location, skus) {
      const handle = this.#live();
      const kind = typeof location?.store === 'string' ? 'store' : typeof location?.warehouse === 'string' ? 'warehouse' : null;
      if (kind === null) {
        return failure(new CheckoutError('wrong_type', 'The location is { store: id } or { warehouse: id }.', ''));
      }
      if (!Array.isArray(skus) || !skus.every((sku) => typeof sku === 'string')) {
        return failure(new CheckoutError('wrong_type', 'SKUs are an array of strings.', '/skus'));
      }
      const raw = handle.availability(kind, location[kind], JSON.stringify(skus));
      if (!raw.ok) return { ok: false, error: errorFromJson(raw.json), json: raw.json };
      return { ok: true, items: JSON.parse(raw.json) };
    }

    #withStock(method, id, sku, onHand) {
      const handle = this.#live();
      if (typeof id !== 'string' || typeof sku !== 'string') {
        return failure(new CheckoutError('wrong_type', 'Store/warehouse id and SKU must be strings.', ''));
      }
      if (!(typeof onHand === 'bigint' || Number.isSafeInteger(onHand))) {
        return failure(new CheckoutError('invalid_value', 'Stock on hand must be an integer.', ''));
      }
      return engineResult(handle[method](id, sku, String(onHand)));
    }

    dispose() {
      if (this.#handle === null) return;
      registry.unregister(this);
      this.#handle.delete();
      this.#handle = null;
    }
  }

  // Bytes go straight into the wasm heap (one copy, no JS loop over the
  // text), for the binding to read in place.
  function loadBytes(bytes) {
    if (typeof module.RawEngine.loadBytes !== 'function') {  // an older core build
      return module.RawEngine.load(new TextDecoder().decode(bytes));
    }
    const address = module._malloc(Math.max(bytes.length, 1));
    try {
      module.HEAPU8.set(bytes, address);  // read HEAPU8 after malloc: growing memory replaces it
      return module.RawEngine.loadBytes(address, bytes.length);
    } finally {
      module._free(address);
    }
  }

  function engineResult(handle) {
    if (handle.ok()) return { ok: true, engine: new Engine(handle) };
    const json = handle.error();
    handle.delete();
    return { ok: false, error: errorFromJson(json), json };
  }

  return {
    formatVersion: module.formatVersion(),

    // catalog (object, JSON string, or its UTF-8 bytes as a Uint8Array /
    // ArrayBuffer) -> { ok: true, engine } | { ok: false, error, json }
    createEngine(catalog) {
      if (catalog instanceof ArrayBuffer) catalog = new Uint8Array(catalog);
      if (catalog instanceof Uint8Array) return engineResult(loadBytes(catalog));
      return withInputText(catalog, (text) => engineResult(module.RawEngine.load(text)));
    },

    // { country, region?, postal_code } -> { ok: true, address } with the
    // postal code in its normal form and the region the code places it in
    // ("" where the core has no rule), or { ok: false, error } whose path is
    // relative to the address ("/postal_code", "/region").
    checkAddress(address) {
      const text = (key) => (typeof address?.[key] === 'string' ? address[key] : '');
      if (typeof module.checkAddress !== 'function') {  // an older core build
        return failure(new CheckoutError('internal', 'This core build cannot check addresses.', ''));
      }
      const raw = module.checkAddress(text('country'), text('region'), text('postal_code'));
      if (!raw.ok) return { ok: false, error: errorFromJson(raw.json), json: raw.json };
      return { ok: true, address: JSON.parse(raw.json), json: raw.json };
    },

    // Typed text -> the same text with Persian (۱۲), Arabic-Indic (١٢) and
    // full-width (１２) digits made ASCII, the full-width hyphen made "-";
    // the core's rule, which checkAddress applies to postal codes itself.
    normalizeDigits(text) {
      return module.normalizeDigits(String(text ?? ''));
    },

    // A quantity field's text -> a whole number 0..9,999,999, or null when
    // it is not one ("۳" -> 3, " ３ " -> 3, "2.5" -> null).
    readQuantity(text) {
      const n = module.readQuantity(String(text ?? ''));
      return n < 0 ? null : n;
    },

    // One-shot { catalog, cart, context } -> the same result shape as engine.quote.
    quoteRequest(request) {
      return withInputText(request, (text) => quoteResult(module.quoteRequest(text)));
    },

    // One-shot { catalog, order, returns, ... } -> the same result shape as engine.refund.
    returnsRequest(request) {
      return withInputText(request, (text) => refundResult(module.returnsRequest(text)));
    },
  };
}

// options.factory: an Emscripten module factory (default: the ES6 build
//   ./checkout-core.mjs next to this file; node passes the CommonJS build,
//   see node.mjs).
// options.wasmBinary: the .wasm bytes (node: needed, as node's fetch cannot
//   read file paths). options.locateFile: where the browser finds the .wasm.
// options.wasmIntegrity: the .wasm's Subresource Integrity ("sha384-..."):
//   the download is refused unless its bytes match (the bundle passes it).
export async function loadCheckoutCore(options = {}) {
  const moduleArgs = {};
  if (options.wasmBinary) moduleArgs.wasmBinary = options.wasmBinary;
  if (options.locateFile) moduleArgs.locateFile = options.locateFile;
  // In the browser the .wasm download (and its streaming compilation) starts
  // now, beside the glue's import, not after the glue has loaded and run.
  const early = options.factory || options.wasmBinary ? null : earlyWasm(options.locateFile, options.wasmIntegrity);
  if (early) moduleArgs.instantiateWasm = early.instantiateWasm;
  const factory = options.factory ?? (await import('./checkout-core.mjs')).default;
  const module = early ? await Promise.race([factory(moduleArgs), early.failed]) : await factory(moduleArgs);
  return createApi(module);
}

// Fetches the .wasm at once and hands Emscripten an instantiateWasm hook that
// compiles it with WebAssembly.instantiateStreaming (the server must send
// Content-Type: application/wasm; if not, it falls back to the bytes).
// `failed` rejects when the module cannot be had, as Emscripten would
// otherwise wait for the hook forever.
function earlyWasm(locateFile, integrity) {
  if (typeof fetch !== 'function' || typeof WebAssembly === 'undefined' || typeof WebAssembly.instantiateStreaming !== 'function') return null;
  const base = new URL('./', import.meta.url).href;
  const url = locateFile ? locateFile('checkout-core.wasm', base) : new URL('checkout-core.wasm', base).href;
  const init = integrity ? { credentials: 'same-origin', integrity } : { credentials: 'same-origin' };
  const response = fetch(url, init);
  response.catch(() => {});  // reported through `failed` once the hook runs
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  const instantiateWasm = (imports, receiveInstance) => {
    (async () => {
      const r = await response;
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      try {
        return await WebAssembly.instantiateStreaming(r, imports);
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;  // a compile error is real; a MIME type mismatch is not
        const bytes = await (await fetch(url, init)).arrayBuffer();
        return WebAssembly.instantiate(bytes, imports);
      }
    })().then(({ instance, module }) => receiveInstance(instance, module), fail);
    return {};  // asynchronous: Emscripten waits for receiveInstance
  };
  return { instantiateWasm, failed };
}
