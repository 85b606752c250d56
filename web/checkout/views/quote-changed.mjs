// The "your total has changed" dialog: the server's reasons in words, the old
// and new numbers, and a choice. Focus starts on the neutral action (back to
// the cart), never on the one that accepts a higher charge.
import { h, uid } from '../dom.mjs';
import { reasonSentences } from '../quote-read.mjs';
import { renderQuoteDiff } from './checkout.mjs';

const lineOf = (quote, path) => quote?.lines?.[Number(/^\/binding\/lines\/(\d+)\//.exec(path)?.[1])];
const titled = (line) => `${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}`;

// Each cause of the server's diff in words, naming the line, promotion or
// amount where the diff says which; the rest by reason (quote-read.mjs).
export function changeCauses(s, diff, before, after) {
  const out = [];
  const generic = [];
  for (const d of diff) {
    const money = (v) => (Number.isSafeInteger(v) ? s.money(v) : null);
    const line = lineOf(after, d.path ?? '') ?? lineOf(before, d.path ?? '');
    let text = null;
    if (d.reason === 'price_changed' && line && /\/unit_price$/.test(d.path) && money(d.server) && money(d.client)) {
      text = `${titled(line)}: the price is now ${money(d.server)} (was ${money(d.client)}).`;
    } else if (d.reason === 'shipping_changed' && d.path === '/binding/totals/shipping' && money(d.server) && money(d.client)) {
      text = `Shipping is now ${money(d.server)} (was ${money(d.client)}).`;
    } else if (d.reason === 'tax_changed' && d.path === '/binding/totals/tax' && money(d.server) && money(d.client)) {
      text = `Tax is now ${money(d.server)} (was ${money(d.client)}).`;
    } else if ((d.reason === 'promotion_ended' || d.reason === 'promotion_used_up') && /^\/binding\/promotions\/\d+$/.test(d.path ?? '')) {
      const p = before?.promotions?.applied?.[Number(d.path.split('/').pop())];
      if (p) text = `${p.title}${p.code ? ` (${p.code})` : ''} ${d.reason === 'promotion_used_up' ? 'has been used up' : 'no longer applies'}.`;
    }
    if (text) { if (!out.includes(text)) out.push(text); } else generic.push(d);
  }
  // Reasons already named above are not said again in general words.
  const named = new Set(diff.filter((d) => !generic.includes(d)).map((d) => d.reason));
  const rest = generic.filter((d) => !named.has(d.reason) && !(d.reason === 'total_changed' && out.length));
  return [...out, ...reasonSentences(rest)];
}

// Returns { dialog, focus }: the caller shows it modal and focuses `focus`.
export function renderQuoteChanged(s, a, { before, after, diff }) {
  const titleId = uid('dialog-title');
  const accept = h('button', {
    type: 'button', class: 'primary', dataset: { role: 'accept-new-total' },
    text: `Place order for ${s.money(after.totals.grand_total)}`,
    on: { click: () => a.acceptNewTotal(after) },
  });
  const back = h('button', { type: 'button', dataset: { role: 'back-to-cart' }, text: 'Back to cart', on: { click: () => a.declineNewTotal() } });
  const dialog = h('dialog', { aria: { labelledby: titleId }, dataset: { role: 'quote-changed' } },
    h('div', { class: 'dialog-body' },
      h('h2', { id: titleId, text: 'Your total has changed' }),
      h('p', { text: 'Something you are paying for changed since your cart was priced:' }),
      h('ul', { dataset: { role: 'change-reasons' } }, changeCauses(s, diff, before, after).map((text) => h('li', { text }))),
      h('p', { text: 'Here is what the store will charge now:' }),
      renderQuoteDiff(s, before, after),
      h('p', {}, 'New total: ', h('strong', { dataset: { role: 'new-total' }, text: s.money(after.totals.grand_total) })),
      h('div', { class: 'actions' }, back, accept)));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); a.declineNewTotal(); });
  return { dialog, focus: back };
}
