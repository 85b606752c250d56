// The cart's pricing session: the widget's { cart, context } kept in the core
// (engine.session, docs/formats.md "Session view") and re-priced after every
// edit without a quote text, a JSON round trip of the whole quote or a hash.
// The widget keeps its cart as plain data (cart/cart-state.mjs) and asks for a
// price of each new request; what changed since the last one becomes small
// session edits (a quantity, a line, a coupon, the destination, ...). The
// views read the compact view joined with what the catalog says and the
// session leaves out (titles, names), in the shape quote-read.mjs gives a
// full quote. The full canonical quote and its fingerprint are written only
// for an order (full()).
import { readQuote } from '../quote-read.mjs';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// Edits taking the session's lines `before` to `after`: lines matched in
// order by SKU keep their place (their quantity and fulfilment are set),
// the others are removed, new ones are added at the end, which covers every
// edit the cart makes (cart-state.mjs); anything else is still correct, only
// longer. Indexes are the session's at the time of each edit.
export function lineEdits(before, after) {
  const removals = [];
  const changes = [];
  let j = 0;
  for (const line of before) {
    const next = after[j];
    if (next === undefined || next.sku !== line.sku) {
      removals.push(['removeLine', j]);
      continue;
    }
    if (next.quantity !== line.quantity) changes.push(['setQuantity', j, next.quantity]);
    if (!same(next.fulfilment, line.fulfilment)) changes.push(['setFulfilment', j, next.fulfilment]);
    j++;
  }
  const adds = after.slice(j).map((line) => ['addLine', line]);
  return [...removals, ...changes, ...adds];
}

// Edits taking the coupons `before` to `after` (entries as entered), or null
// when removals and appends cannot make it (the order of codes matters).
export function couponEdits(before, after) {
  const gone = [...new Set(before.filter((c) => !after.includes(c)))];
  const kept = before.filter((c) => !gone.includes(c));
  if (!same(kept, after.slice(0, kept.length))) return null;
  return [...gone.map((c) => ['removeCoupon', c]), ...after.slice(kept.length).map((c) => ['applyCoupon', c])];
}

const CONTEXT_EDITS = { destination: 'setDestination', location: 'setLocation', now: 'setNow' };

// Edits taking the context `before` to `after`: its own edit for each member
// that has one, the whole context when anything else changed.
export function contextEdits(before, after) {
  const rest = (c) => Object.fromEntries(Object.entries(c).filter(([k]) => !(k in CONTEXT_EDITS)));
  if (!same(rest(before), rest(after))) return [['setContext', after]];
  return Object.entries(CONTEXT_EDITS)
    .filter(([key]) => !same(before[key], after[key]))
    .map(([key, edit]) => [edit, after[key] ?? null]);
}

// The edits from one request to the next, or null when the cart must be opened anew.
export function requestEdits(before, after) {
  const { lines: linesBefore, coupons: couponsBefore = [], shipping_method: methodBefore, ...cartBefore } = before.cart;
  const { lines: linesAfter, coupons: couponsAfter = [], shipping_method: methodAfter, ...cartAfter } = after.cart;
  if (!same(cartBefore, cartAfter)) return null;  // the currency
  const coupons = couponEdits(couponsBefore, couponsAfter);
  if (!coupons) return null;
  const edits = [...lineEdits(linesBefore, linesAfter), ...coupons];
  if (methodBefore !== methodAfter) edits.push(['setShippingMethod', methodAfter ?? null]);
  return [...edits, ...contextEdits(before.context, after.context)];
}

// The compact view + the catalog's words -> the views' read model, as
// readQuote(full quote) gives it, for the members the views read. `request`
// is the one priced; `index` the CatalogIndex.
export function viewModel(view, request, index) {
  const lines = request.cart.lines.map((line, i) => {
    const variant = index.variant(line.sku);
    const v = view.lines[i];
    const out = {
      index: i, sku: line.sku, quantity: line.quantity, fulfilment: line.fulfilment,
      unit_price: v.unit_price, subtotal: v.subtotal, discounts: v.discounts, discount_total: v.discount_total,
      net: v.net, tax: v.tax, total: v.total, title: index.product(line.sku)?.title ?? line.sku,
    };
    if (variant?.title) out.variant_title = variant.title;
    if (variant?.compare_at_price !== undefined) out.compare_at_price = variant.compare_at_price;
    return out;
  });
  return {
    currency: index.view.currency,
    exponent: index.exponent,
    lines,
    promotions: {
      applied: view.applied.map((p) => ({ ...p, title: index.promotionTitle(p.id) })),
      rejected: view.rejected,
    },
    shipping: {
      needed: view.shipping.needed, price: view.shipping.price, ...(view.shipping.selected ? { selected: view.shipping.selected } : {}),
      options: view.shipping.options.map((o) => ({ ...o, name: index.methodName(o.method) })),
    },
    pickup: {
      stores: view.pickup.stores.map((s) => {
        const facts = index.storeFact(s.store);
        return { ...s, name: facts?.name ?? s.store, curbside: facts?.curbside ?? false, ...(facts?.phone ? { phone: facts.phone } : {}) };
      }),
    },
    totals: { ...view.totals, tax_included: index.pricesIncludeTax },
    messages: view.messages.map(({ code, line, params }) => (line >= 0 ? { code, line, params } : { code, params })),
  };
}

export class CartPricing {
  #session = null;
  #priced = null;     // the request the session holds
  #catalog = -1;      // which catalog load and stock it was opened on
  #stock = -1;
  #changes = 0;       // counts re-prices that changed the request

  // engine: the PricingEngine (catalog/catalog-session.mjs keeps it current).
  constructor(engine) {
    this.engine = engine;
  }

  // request ({ cart, context }) -> { ok: true, quote (the read model) } | { ok: false, error }.
  price(request, index) {
    const applied = this.#apply(request);
    if (!applied.ok) return applied;
    const view = this.#session.totals();
    if (!view.ok) return { ok: false, error: view.error };
    return { ok: true, quote: viewModel(view, request, index) };
  }

  // Which request the session last took: a change event's fingerprint is
  // read from the session only while it still holds that request.
  get version() { return this.#changes; }

  // The full canonical quote of the request last priced, and its
  // fingerprint: { ok: true, quote (read model of the full quote), fingerprint() } | { ok: false, error }.
  full() {
    if (!this.#session) return { ok: false, error: { code: 'not_loaded', message: 'Nothing priced yet.' } };
    const r = this.#session.price();
    if (!r.ok) return { ok: false, error: r.error };
    return { ok: true, quote: readQuote(r.quote), fingerprint: r.fingerprint };
  }

  // The fingerprint of `request` as priced at `version`, or of a one-shot price when the session moved on.
  fingerprintOf(request, version) {
    if (version === this.#changes && this.#session) return this.#session.price().fingerprint?.();
    const r = this.engine.quote(request);
    return r.ok ? r.fingerprint() : undefined;
  }

  #apply(request) {
    const engine = this.engine;
    const reopen = () => {
      this.#close();
      const opened = engine.openSession(request);
      if (!opened.ok) return { ok: false, error: opened.error };
      this.#session = opened.session;
      this.#catalog = engine.catalogLoads;
      this.#stock = engine.stockChanges;
      this.#remember(request);
      return { ok: true };
    };
    if (!this.#session || this.#catalog !== engine.catalogLoads) return reopen();
    if (this.#stock !== engine.stockChanges) {
      if (!engine.restock(this.#session).ok) return reopen();
      this.#stock = engine.stockChanges;
      this.#changes++;
    }
    const edits = requestEdits(this.#priced, request);
    if (!edits) return reopen();
    for (const [edit, ...args] of edits) {
      // A refused edit (or one the cart passes through on its way to a valid
      // one) changes nothing: the whole request then says what is wrong.
      if (!this.#session[edit](...args).ok) return reopen();
    }
    if (edits.length) this.#remember(request);
    return { ok: true };
  }

  #remember(request) {
    this.#priced = JSON.parse(JSON.stringify(request));  // plain JSON data: the cheaper copy
    this.#changes++;
  }

  #close() {
    this.#session?.dispose();
    this.#session = null;
    this.#priced = null;
  }

  dispose() { this.#close(); }
}
