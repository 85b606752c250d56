// What the shopper is told about an order attempt: only what is known. No DOM.
// The sentences are the catalog's (web/checkout/i18n); `t` is the shopper's
// words, English when not given.
import { englishText } from '../i18n/messages.mjs';

export const lineTitle = (line) => `${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}`;

// A stock_at_location entry of a 409 diff ("/binding/lines/N/fulfilment") in words.
export function unsuppliedText(d, serverQuote, storeName, t = englishText) {
  const index = Number(/^\/binding\/lines\/(\d+)\//.exec(d.path ?? '')?.[1]);
  const line = serverQuote.lines[index];
  if (!line) return t('order.item_unavailable');
  const store = line.fulfilment?.type === 'pickup' ? line.fulfilment.store : null;
  const where = store ? t('order.at_store', { store: storeName(store) ?? store }) : t('order.to_ship');
  return t('order.no_longer_available', { name: lineTitle(line), where });
}

// One line of a 409 insufficient_stock answer in words.
export function shortageText(s, quote, storeName, t = englishText) {
  const line = quote?.lines?.[s.line];
  const name = line ? lineTitle(line) : s.sku;
  const where = s.location_kind === 'warehouse' ? t('order.to_ship') : t('order.at_store', { store: storeName(s.location) ?? s.location });
  return t('order.only_available', { name, available: s.available, requested: s.requested, where });
}
