// The session part of wasm/js/checkout.d.ts as a caller writes it, type-checked
// by tests/parity/js_session.test.mjs (tsc, strict): if the declarations drift
// from what callers write, this stops compiling.
import type { CheckoutEngine, CheckoutSession, EditResult, SessionTotals } from '../../../wasm/js/checkout.js';

export function reprice(engine: CheckoutEngine): number | null {
  const opened = engine.session({ cart: { lines: [{ sku: 'TEE', quantity: 1 }] }, context: { now: '2026-11-23T10:00:00Z' } });
  if (!opened.ok) {
    console.warn(opened.error.code, opened.error.path);
    return null;
  }
  const session: CheckoutSession = opened.session;
  const edits: EditResult[] = [
    session.setQuantity(0, 3),
    session.setQuantity(0, 3n),
    session.addLine({ sku: 'TEE', quantity: 1, fulfilment: { type: 'pickup', store: 'soho' } }),
    session.setFulfilment(1, { type: 'ship' }),
    session.applyCoupon('SAVE10'),
    session.removeCoupon('SAVE10'),
    session.setShippingMethod(null),
    session.setDestination({ country: 'US', region: 'NY' }),
    session.setLocation(null),
    session.setNow(new Date()),
    session.removeLine(1),
  ];
  for (const e of edits) if (!e.ok) console.warn(e.error.code);
  // @ts-expect-error a fulfilment is ship or pickup
  session.setFulfilment(0, { type: 'drone' });
  const t: SessionTotals = session.totals();
  if (!t.ok) return null;
  const lineTotals: number[] = t.lines.map((l) => l.total);
  const method: string | null = t.shipping.selected;
  const codes: string[] = t.messages.map((m) => `${m.code}@${m.line}`);
  console.log(lineTotals, method, codes, t.rejected.map((r) => r.reason));
  // What a cart page draws from the view alone (names come from the catalog view).
  const shares: number[] = t.lines.flatMap((l) => l.discounts.map((d) => d.amount + l.unit_price));
  const prices: string[] = t.shipping.options.map((o) => `${o.method} ${o.free ? 0 : o.price} by ${o.delivery.latest}`);
  const stores: string[] = t.pickup.stores.map((s) => `${s.store} ${s.distance_m ?? '?'} m ${s.availability} ${s.ready_local ?? ''}`);
  const short: number = t.pickup.stores.flatMap((s) => s.lines).filter((l) => l.available < l.requested).length;
  const saved: number = t.applied.reduce((sum, p) => sum + p.amount + p.shipping_discount, 0);
  const named: Array<number | string | undefined> = t.messages.map((m) => m.params.available ?? m.params.store);
  // @ts-expect-error availability is all, partial or none
  const never: boolean = t.pickup.stores.some((s) => s.availability === 'some');
  console.log(shares, prices, stores, short, saved, named, never);
  const q = session.quote();
  if (q.ok) console.log(q.quote.fingerprint);
  const p = session.price();
  if (p.ok) console.log(p.fingerprint());
  session.dispose();
  return t.totals.grand_total;
}
