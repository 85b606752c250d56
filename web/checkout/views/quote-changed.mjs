// The "your total has changed" dialog: the server's reasons in words, the old
// and new numbers, and a choice. Focus starts on the neutral action (back to
// the cart), never on the one that accepts a higher charge.
import { h, uid } from '../dom.mjs';
import { reasonSentences } from '../quote-read.mjs';
import { renderQuoteDiff } from './checkout.mjs';

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
      h('ul', { dataset: { role: 'change-reasons' } }, reasonSentences(diff).map((text) => h('li', { text }))),
      h('p', { text: 'Here is what the store will charge now:' }),
      renderQuoteDiff(s, before, after),
      h('p', {}, 'New total: ', h('strong', { dataset: { role: 'new-total' }, text: s.money(after.totals.grand_total) })),
      h('div', { class: 'actions' }, back, accept)));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); a.declineNewTotal(); });
  return { dialog, focus: back };
}
