// Everything the widget asks the merchant's server: the catalog (cached, and
// revalidated with its ETag), placing an order (idempotently), and the live
// event stream. Prices are never asked for: the wasm core computes them.

const CATALOG_CACHE = 'storefront-checkout-catalog-v1';
const inFlightCatalogs = new Map();

export class NetworkError extends Error {
  constructor(message, cause) {
    super(message);
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

export class ServerApi {
  constructor(baseUrl) {
    this.base = new URL(baseUrl, document.baseURI);
    this.clockOffsetMs = 0;  // server time - local time, from the Date header
  }

  url(path) {
    return new URL(path.replace(/^\//, ''), this.base).href;
  }

  // The server's clock, so "now" in a local quote agrees with the server's.
  now() {
    return Date.now() + this.clockOffsetMs;
  }

  // Server time - local time from a response's Date header, or undefined.
  static clockOffset(response, sentAt) {
    const date = Date.parse(response.headers.get('date') || '');
    if (Number.isNaN(date)) return undefined;
    const receivedAt = Date.now();
    // The header has whole seconds: only correct clocks that are clearly off.
    const offset = date + 500 - (sentAt + receivedAt) / 2;
    return Math.abs(offset) > 2000 ? Math.round(offset) : 0;
  }

  // Returns { bytes, text, etag, fromCache }: the catalog's UTF-8 bytes (what
  // the wasm core loads fastest) and the same decoded (for JSON.parse).
  // `reload` skips the cached copy (after the server said our prices were stale).
  // Concurrent callers on one page (the widget, the storefront's product
  // grid) share one request.
  catalog({ reload = false } = {}) {
    const url = this.url('api/catalog');
    if (reload) return this.#fetchCatalog(url, true);
    let p = inFlightCatalogs.get(url);
    if (!p) {
      p = this.#fetchCatalog(url, false).finally(() => setTimeout(() => inFlightCatalogs.delete(url), 0));
      inFlightCatalogs.set(url, p);
    }
    return p.then((r) => { if (r.clockOffsetMs !== undefined) this.clockOffsetMs = r.clockOffsetMs; return r; });
  }

  // The copy kept from an earlier visit, without asking the server: the
  // widget prices the saved cart with it at once and revalidates right after
  // (the server re-quotes every order, so a stale price cannot be charged).
  // null when there is none.
  async cachedCatalog() {
    const cache = await openCache();
    const cached = cache ? await cache.match(this.url('api/catalog')) : undefined;
    if (!cached) return null;
    return { ...catalogBody(await cached.arrayBuffer()), etag: cached.headers.get('etag'), fromCache: true, stale: true };
  }

  async #fetchCatalog(url, reload) {
    const cache = await openCache();
    const cached = cache && !reload ? await cache.match(url) : undefined;
    const etag = cached?.headers.get('etag');
    // With a copy: revalidate it ourselves (no-store, our If-None-Match).
    // Without: a plain request, which a page's <link rel="preload" as="fetch"
    // crossorigin> for the catalog can answer (the response is no-cache, so
    // the HTTP cache never serves it unrevalidated).
    const init = etag
      ? { headers: { 'If-None-Match': etag }, cache: 'no-store', credentials: 'same-origin' }
      : { cache: reload ? 'no-store' : 'default', credentials: 'same-origin' };
    const sentAt = Date.now();
    let response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      if (cached) return { ...catalogBody(await cached.arrayBuffer()), etag, fromCache: true, offline: true };
      throw new NetworkError('The store could not be reached.', e);
    }
    const clockOffsetMs = ServerApi.clockOffset(response, sentAt);
    if (response.status === 304 && cached) return { ...catalogBody(await cached.arrayBuffer()), etag, fromCache: true, clockOffsetMs };
    if (!response.ok) throw new NetworkError(`The catalog could not be loaded (HTTP ${response.status}).`);
    const body = catalogBody(await response.arrayBuffer());
    const newTag = response.headers.get('etag');
    if (cache && newTag) {
      // Not awaited: storing 400 KB must not hold up the first quote.
      cache.put(url, new Response(body.bytes, { headers: { 'content-type': 'application/json', etag: newTag } })).catch(() => {});
    }
    return { ...body, etag: newTag, fromCache: false, clockOffsetMs };
  }

  // POST /api/orders with an Idempotency-Key. Returns { status, body } for any
  // HTTP answer; throws NetworkError only when no answer came back at all
  // (then the same key must be used again, see OrderAttempts).
  async placeOrder(bodyText, idempotencyKey) {
    let response;
    try {
      response = await fetch(this.url('api/orders'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: bodyText,
        credentials: 'same-origin',
      });
    } catch (e) {
      throw new NetworkError('The store could not be reached.', e);
    }
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    return { status: response.status, body };
  }

  async order(id) {
    const response = await fetch(this.url(`api/orders/${encodeURIComponent(id)}`), { credentials: 'same-origin' });
    if (!response.ok) throw new NetworkError(`HTTP ${response.status}`);
    return response.json();
  }

  // Live events. onEvent(type, data) for each parsed event; returns close().
  events(types, onEvent, onStatus = () => {}) {
    if (typeof EventSource === 'undefined') return () => {};
    const source = new EventSource(this.url('api/events'));
    const handlers = types.map((type) => {
      const fn = (e) => {
        let data;
        try { data = JSON.parse(e.data); } catch { return; }
        onEvent(type, data);
      };
      source.addEventListener(type, fn);
      return fn;
    });
    source.addEventListener('open', () => onStatus('open'));
    source.addEventListener('error', () => onStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'));
    return () => { source.close(); handlers.length = 0; };
  }
}

function catalogBody(buffer) {
  const bytes = new Uint8Array(buffer);
  return { bytes, text: new TextDecoder().decode(bytes) };
}

async function openCache() {
  try {
    return typeof caches !== 'undefined' ? await caches.open(CATALOG_CACHE) : null;
  } catch {
    return null;  // opaque origins and some privacy modes have no Cache Storage
  }
}

// One Idempotency-Key per distinct order body: a retry of the same body (after
// a network failure, even after a reload) reuses the key, so the server can
// never create the order twice; a changed body (the customer accepted new
// totals, edited the address) is a new attempt with a new key.
export class OrderAttempts {
  constructor(saved, persist) {
    this.pending = saved ?? null;  // { key, body }
    this.persist = persist;
  }

  keyFor(bodyText) {
    if (this.pending && this.pending.body === bodyText) return this.pending.key;
    this.pending = { key: newKey(), body: bodyText };
    this.persist(this.pending);
    return this.pending.key;
  }

  // The server answered (either way): this body's attempt is over.
  settle() {
    this.pending = null;
    this.persist(null);
  }
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
