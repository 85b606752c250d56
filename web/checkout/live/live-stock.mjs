// Live stock: the server's "stock" events applied to the local engine, and
// the words for a pickup line that a store can no longer supply. The widget
// decides when to say them (never for stock its own order just took).
import { englishText } from '../i18n/messages.mjs';

// Subscribes; returns close(). onStock(change) per valid event; onGap() when
// events may have been missed (first connect, reconnect): catch up then.
export function subscribeStock(api, { onStock, onGap }) {
  let status;
  return api.events(['stock'], (type, data) => {
    if (isStockChange(data)) onStock(data);
  }, (next) => {
    if (next === 'open' && status !== 'open') onGap();
    status = next;
  });
}

// { kind: "store" | "warehouse", location, sku, available }
export function isStockChange(c) {
  return typeof c?.location === 'string' && typeof c.sku === 'string' && Number.isSafeInteger(c.available);
}

// line index -> { available, requested } for pickup lines short at their store.
export function pickupShortfalls(cart, quote) {
  const out = new Map();
  if (!quote) return out;
  cart.lines.forEach((line, index) => {
    if (line.fulfilment.type !== 'pickup') return;
    const option = quote.pickup?.stores?.find((s) => s.store === line.fulfilment.store);
    const a = option?.lines?.find((l) => l.line === index);
    if (a && a.available < a.requested) out.set(index, { available: a.available, requested: a.requested });
  });
  return out;
}

// The shortfalls that are new or changed since `before`, in words.
export function shortfallMessages(before, after, { cart, quote, storeName, t = englishText }) {
  const out = [];
  for (const [index, short] of after) {
    if (before.has(index) && before.get(index).available === short.available) continue;
    const line = quote.lines[index];
    const storeId = cart.lines[index]?.fulfilment.store;
    const store = storeName(storeId) ?? storeId;
    const name = `${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}`;
    out.push(short.available === 0
      ? t('order.store_sold_out', { store, name })
      : t('order.store_only_has', { store, name, available: short.available }));
  }
  return out;
}
