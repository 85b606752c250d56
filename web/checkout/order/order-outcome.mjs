// What the checkout does with an order outcome that is not "placed"
// (order-attempt.mjs): the message shown on the form, the error event for the
// merchant, whether to reload the catalog first, where focus goes, or the
// "total changed" dialog to open. A pure function: no DOM, no state.
import { englishText } from '../i18n/messages.mjs';
import { readQuote } from '../quote-read.mjs';
import * as words from './order-words.mjs';

// The server's error ({code, message, params?}) in the shopper's words, else its English text.
const englishError = (kind, code, params, english) => english;

// outcome -> { placeError?, event?, reload, focus?, dialog?: { serverQuote, diff } }
// quote: the quote shown; storeName(id) -> a store's name; t(key, params) the
// shopper's words; said(kind, code, params, english) a server code in them.
// The merchant's error event keeps the server's English message.
export function refusalOf(outcome, { quote, storeName, t = englishText, said = englishError }) {
  const serverSaid = (fallback) => {
    const e = outcome.error;
    return e?.code ? said('error', e.code, e.params, e.message || t(fallback)) : (e?.message || t(fallback));
  };
  switch (outcome.kind) {
    case 'unknown':
      return {
        placeError: { retry: true, kind: 'warn', message: t('order.unknown') }, focus: 'retry', reload: false,
        event: { code: 'network', message: outcome.error?.message ?? 'No answer from the store.' },
      };
    case 'unavailable':
      return { placeError: { retry: true, kind: 'warn', message: t('order.unavailable') }, reload: false };
    case 'quote_changed': {
      const serverQuote = readQuote(outcome.quote);
      if (!serverQuote) break;
      const diff = outcome.diff;
      if (diff.length && diff.every((d) => d.reason === 'stock_at_location')) {
        // Nothing to accept: the chosen store or warehouse can no longer
        // supply some lines, whatever the price. Say which, as for a sell-out.
        return { placeError: { message: t('order.sold_out_intro'), detail: diff.map((d) => words.unsuppliedText(d, serverQuote, storeName, t)) }, reload: true, focus: 'place-error' };
      }
      // Our prices were stale (or tampered with): the server's catalog is
      // loaded again and the shopper asked, with the reasons.
      return { dialog: { serverQuote, diff }, reload: true };
    }
    case 'insufficient_stock': {
      const detail = outcome.lines.map((s) => words.shortageText(s, quote, storeName, t));
      return { placeError: { message: t('order.sold_out_intro'), detail: detail.length ? detail : [serverSaid('error.insufficient_stock')] }, reload: true, focus: 'place-error' };
    }
    case 'not_fulfillable':
      return { placeError: { message: serverSaid('order.not_deliverable') }, reload: false };
    case 'already_placed':
      return { placeError: { message: t('order.already_placed') }, reload: false };
    case 'rate_limited':
      return { placeError: { retry: true, message: serverSaid('order.too_many_attempts') }, reload: false };
    default: break;
  }
  const error = outcome.error ?? {};
  const english = error.message || `The order could not be placed (HTTP ${outcome.status}).`;
  const message = error.code ? said('error', error.code, error.params, english) : (error.message || t('order.failed_http', { status: outcome.status }));
  return { placeError: { message }, event: { code: error.code || `http_${outcome.status}`, message: english }, reload: false };
}
