// The one place the widget reads a quote's two halves together. The core's
// quote is { binding, details }: binding holds what the shopper pays (and
// what the fingerprint covers), details what describes it, in arrays that
// run parallel to the binding's (details.lines[i] is about binding.lines[i]).
// Views want both at once, so this joins them by position; it computes
// nothing and decides nothing.
import { englishText } from './i18n/messages.mjs';

// quote (as parsed from the core or the server) -> the joined read model:
// { currency, exponent, lines, promotions: { applied, rejected }, shipping,
//   pickup, tax_lines, totals, messages, binding, fingerprint? }
export function readQuote(quote) {
  if (!quote?.binding) return null;
  const b = quote.binding;
  const d = quote.details ?? {};
  const join = (bound, described = []) => bound.map((x, i) => ({ ...described[i], ...x }));
  return {
    currency: b.currency,
    exponent: b.exponent,
    rounding: b.rounding,
    lines: join(b.lines, d.lines),
    promotions: { applied: join(b.promotions, d.promotions?.applied), rejected: d.promotions?.rejected ?? [] },
    shipping: { ...d.shipping, ...b.shipping },
    pickup: d.pickup ?? { stores: [] },
    tax_lines: join(b.tax_lines, d.tax_lines),
    totals: { ...b.totals, tax_included: b.rounding.prices_include_tax },
    messages: d.messages ?? [],
    binding: b,
    fingerprint: quote.fingerprint,
  };
}

// Plain words for the reasons a server gives in a 409 quote_changed diff
// (docs/formats.md "Binding changes"), one sentence per reason: the catalog's
// change.<reason> keys (web/checkout/i18n).
const REASONS = ['price_changed', 'promotion_ended', 'promotion_used_up', 'promotion_changed', 'promotion_added',
  'tax_changed', 'shipping_changed', 'stock_at_location', 'total_changed', 'cart_changed', 'terms_changed'];

// A diff ([{ path, reason, client, server }]) -> distinct sentences, in the
// order the reasons first appear; total_changed only when nothing else explains it.
export function reasonSentences(diff, t = englishText) {
  const reasons = [];
  for (const d of Array.isArray(diff) ? diff : []) {
    if (typeof d?.reason === 'string' && !reasons.includes(d.reason)) reasons.push(d.reason);
  }
  const explained = reasons.filter((r) => r !== 'total_changed');
  return (explained.length ? explained : reasons).map((r) => t(REASONS.includes(r) ? `change.${r}` : 'change.something_changed'));
}
