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
    const amounts = { now: d.server, was: d.client };
    if (d.reason === 'price_changed' && line && /\/unit_price$/.test(d.path) && money(d.server) && money(d.client)) {
      text = s.t('change.price_now', { name: titled(line), ...amounts });
    } else if (d.reason === 'shipping_changed' && d.path === '/binding/totals/shipping' && money(d.server) && money(d.client)) {
      text = s.t('change.shipping_now', amounts);
    } else if (d.reason === 'tax_changed' && d.path === '/binding/totals/tax' && money(d.server) && money(d.client)) {
      text = s.t('change.tax_now', amounts);
    } else if ((d.reason === 'promotion_ended' || d.reason === 'promotion_used_up') && /^\/binding\/promotions\/\d+$/.test(d.path ?? '')) {
      const p = before?.promotions?.applied?.[Number(d.path.split('/').pop())];
      const name = p ? `${p.title}${p.code ? ` (${p.code})` : ''}` : '';
      if (p) text = s.t(d.reason === 'promotion_used_up' ? 'change.promotion_used_up_named' : 'change.promotion_ended_named', { name });
    }
    if (text) { if (!out.includes(text)) out.push(text); } else generic.push(d);
  }
  // Reasons already named above are not said again in general words.
  const named = new Set(diff.filter((d) => !generic.includes(d)).map((d) => d.reason));
  const rest = generic.filter((d) => !named.has(d.reason) && !(d.reason === 'total_changed' && out.length));
  return [...out, ...reasonSentences(rest, s.t)];
}

// Returns { dialog, focus }: the caller shows it modal and focuses `focus`.
export function renderQuoteChanged(s, a, { before, after, diff }) {
  const titleId = uid('dialog-title');
  const accept = h('button', {
    type: 'button', class: 'primary', dataset: { role: 'accept-new-total' },
    text: s.t('checkout.place_order_for', { total: after.totals.grand_total }),
    on: { click: () => a.acceptNewTotal(after) },
  });
  const back = h('button', { type: 'button', dataset: { role: 'back-to-cart' }, text: s.t('checkout.back_to_cart'), on: { click: () => a.declineNewTotal() } });
  // Outside the widget's root element: it carries the direction itself.
  const dialog = h('dialog', { dir: s.dir, lang: s.lang, aria: { labelledby: titleId }, dataset: { role: 'quote-changed' } },
    h('div', { class: 'dialog-body' },
      h('h2', { id: titleId, text: s.t('order.total_changed') }),
      h('p', { text: s.t('order.changed_intro') }),
      h('ul', { dataset: { role: 'change-reasons' } }, changeCauses(s, diff, before, after).map((text) => h('li', { text }))),
      h('p', { text: s.t('order.store_charge_now') }),
      renderQuoteDiff(s, before, after),
      h('p', {}, s.parts('order.new_total', { total: h('strong', {}, h('bdi', { dataset: { role: 'new-total' }, text: s.money(after.totals.grand_total) })) })),
      h('div', { class: 'actions' }, back, accept)));
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); a.declineNewTotal(); });
  return { dialog, focus: back };
}
