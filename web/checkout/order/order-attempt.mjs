// Placing an order exactly once, as a state machine over the server API with
// no DOM: what the widget shows is decided from the outcome it returns.
//
// The pending attempt ({ key, body }: the Idempotency-Key and the exact
// request text, which holds the cart, the accepted quote's binding and
// fingerprint, the contact and the address) is saved BEFORE the request
// leaves, in storage every tab of the origin shares. It is forgotten only on
// an answer that settles it: 2xx (placed) or 4xx (not placed). After a lost
// answer or a 5xx it stays, and the next attempt, in this tab, another tab or
// after a reload, first sends that very body under that very key again: the
// server replays the order if it exists and makes it if it does not, so
// whether the first request got through never has to be guessed.
//
// States: idle -> sending -> placed | refused | unknown (no answer, or 5xx:
// "checking whether your order went through") -> sending ... ; resolving is
// sending a saved attempt found on load.

export const OUTCOMES = Object.freeze([
  'placed',             // 200/201: { order, replayed, earlier }
  'quote_changed',      // 409: { quote, diff }
  'insufficient_stock', // 409: { lines }
  'not_fulfillable',    // 409
  'already_placed',     // 422 idempotency_key_reused: this cart was ordered with other details (another tab)
  'rate_limited',       // 429: { retryAfter }
  'refused',            // any other 4xx: { status, error }
  'unavailable',        // 5xx: not settled, try again
  'unknown',            // no answer at all: not settled, try again
]);

export class OrderAttempt {
  // api: { placeOrder(bodyText, key) -> { status, body, headers? } }, throws
  //   an error named NetworkError when no answer came back;
  // store: { load() -> { key, body } | null, save(pending | null) }, shared by tabs.
  constructor({ api, store }) {
    this.api = api;
    this.store = store;
    this.state = 'idle';
  }

  // A saved attempt: one not settled by an answer (maybe from another tab or
  // before a reload). The widget resolves it before anything else.
  get pending() {
    return this.store.load();
  }

  // Sends the saved attempt again, unchanged. null when there is none.
  async resolve() {
    const pending = this.store.load();
    if (!pending) return null;
    this.state = 'resolving';
    return { ...(await this.#send(pending)), resolved: true };
  }

  // Places the order `bodyText` under `key`. A saved attempt with another body
  // goes first: if it was placed, its order is the answer (earlier: true) and
  // the new body is never sent; if it is still unsettled, so is this one.
  async place(key, bodyText) {
    if (this.state === 'sending' || this.state === 'resolving') return { kind: 'busy' };
    const pending = this.store.load();
    if (pending && !(pending.key === key && pending.body === bodyText)) {
      this.state = 'resolving';
      const earlier = await this.#send(pending);
      if (earlier.kind === 'placed' || earlier.kind === 'unknown' || earlier.kind === 'unavailable' || earlier.kind === 'already_placed') {
        return { ...earlier, earlier: true };
      }
    }
    const attempt = { key, body: bodyText };
    this.store.save(attempt);  // before the request leaves
    return this.#send(attempt);
  }

  async #send(attempt) {
    this.state = 'sending';
    let answer;
    try {
      answer = await this.api.placeOrder(attempt.body, attempt.key);
    } catch (e) {
      if (e?.name !== 'NetworkError') { this.state = 'idle'; throw e; }
      this.state = 'unknown';
      return { kind: 'unknown', error: e };
    }
    const outcome = classify(answer);
    if (outcome.kind === 'unavailable') {
      this.state = 'unknown';
      return outcome;
    }
    // Settled: 2xx placed it, 4xx refused it; either way this body is done.
    if (sameAttempt(this.store.load(), attempt)) this.store.save(null);
    this.state = outcome.kind === 'placed' ? 'placed' : 'refused';
    return outcome;
  }
}

const sameAttempt = (a, b) => Boolean(a && b && a.key === b.key && a.body === b.body);

// One HTTP answer -> an outcome (see OUTCOMES).
export function classify({ status, body, headers }) {
  const error = body?.error ?? {};
  if (status === 200 || status === 201) {
    return { kind: 'placed', order: body, replayed: status === 200 || headers?.get?.('idempotent-replayed') === 'true' };
  }
  if (status === 409 && error.code === 'quote_changed' && body?.quote) {
    return { kind: 'quote_changed', quote: body.quote, diff: Array.isArray(body.diff) ? body.diff : [], error };
  }
  if (status === 409 && error.code === 'insufficient_stock') {
    return { kind: 'insufficient_stock', lines: Array.isArray(body.lines) ? body.lines : [], error };
  }
  if (status === 409 && error.code === 'not_fulfillable') return { kind: 'not_fulfillable', error };
  if (status === 422 && error.code === 'idempotency_key_reused') return { kind: 'already_placed', error };
  if (status === 429) return { kind: 'rate_limited', retryAfter: Number(headers?.get?.('retry-after')) || undefined, error };
  if (status >= 500) return { kind: 'unavailable', status, error };
  return { kind: 'refused', status, error };
}
