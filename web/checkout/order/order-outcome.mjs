// What the checkout does with an order outcome that is not "placed"
// (order-attempt.mjs): the message shown on the form, the error event for the
// merchant, whether to reload the catalog first, where focus goes, or the
// "total changed" dialog to open. A pure function: no DOM, no state.
import { readQuote } from '../quote-read.mjs';
import * as words from './order-words.mjs';

const SOLD_OUT = 'Some items sold out while you were checking out:';

// outcome -> { placeError?, event?, reload, focus?, dialog?: { serverQuote, diff } }
// quote: the quote shown; storeName(id) -> a store's name.
export function refusalOf(outcome, { quote, storeName }) {
  switch (outcome.kind) {
    case 'unknown':
      return {
        placeError: { retry: true, kind: 'warn', message: words.UNKNOWN }, focus: 'retry', reload: false,
        event: { code: 'network', message: outcome.error?.message ?? 'No answer from the store.' },
      };
    case 'unavailable':
      return { placeError: { retry: true, kind: 'warn', message: words.UNAVAILABLE }, reload: false };
    case 'quote_changed': {
      const serverQuote = readQuote(outcome.quote);
      if (!serverQuote) break;
      const diff = outcome.diff;
      if (diff.length && diff.every((d) => d.reason === 'stock_at_location')) {
        // Nothing to accept: the chosen store or warehouse can no longer
        // supply some lines, whatever the price. Say which, as for a sell-out.
        return { placeError: { message: SOLD_OUT, detail: diff.map((d) => words.unsuppliedText(d, serverQuote, storeName)) }, reload: true, focus: 'place-error' };
      }
      // Our prices were stale (or tampered with): the server's catalog is
      // loaded again and the shopper asked, with the reasons.
      return { dialog: { serverQuote, diff }, reload: true };
    }
    case 'insufficient_stock': {
      const detail = outcome.lines.map((s) => words.shortageText(s, quote, storeName));
      return { placeError: { message: SOLD_OUT, detail: detail.length ? detail : [outcome.error?.message ?? ''] }, reload: true, focus: 'place-error' };
    }
    case 'not_fulfillable':
      return { placeError: { message: outcome.error?.message || 'This order cannot be delivered as chosen.' }, reload: false };
    case 'already_placed':
      return { placeError: { message: words.ALREADY_PLACED }, reload: false };
    case 'rate_limited':
      return { placeError: { retry: true, message: outcome.error?.message || 'Too many attempts. Please wait a moment and try again.' }, reload: false };
    default: break;
  }
  const error = outcome.error ?? {};
  const message = error.message || `The order could not be placed (HTTP ${outcome.status}).`;
  return { placeError: { message }, event: { code: error.code || `http_${outcome.status}`, message }, reload: false };
}
