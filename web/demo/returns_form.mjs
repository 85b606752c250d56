// The "return items" form both the shopper's page (returns.html) and the
// store staff page use: pick units and their condition, see the exact refund
// the server's core computes (…/returns/quote), confirm (…/returns). The
// page supplies how to call the API and where the units are received.
import { formatMoney } from '/web/checkout/format.mjs';
import { shownErrorParams } from '/web/checkout/i18n/error-params.mjs';
import { loadMessages } from '/web/checkout/i18n/messages.mjs';
import { el } from '/web/demo/el.mjs';

const REFUND_METHODS = { original_payment: 'returns.method_original_payment', store_credit: 'returns.method_store_credit', cash: 'returns.method_cash' };

const locale = document.documentElement.lang || 'en-US';
// The page's words, loaded with the module (its lang does not change).
const pageWords = await loadMessages({ locale });

export function money(minor, currency, exponent, inLocale = locale) {
  return formatMoney(minor, { locale: inLocale, currency, exponent });
}

// Units of each order line not returned yet.
function returnable(order) {
  const left = new Map(order.lines.map((l) => [l.line, l.quantity]));
  for (const r of order.returns ?? []) for (const l of r.lines) left.set(l.line, left.get(l.line) - l.quantity);
  return left;
}

// options: { api(path, init) -> {status, body}, body(): extra members (email, received, refund_method),
//            conditions: [[value, label]...], words?: loadMessages(...)'s (default: the page's lang) }
export function renderReturnForm(container, order, options) {
  const left = returnable(order);
  const exponent = order.quote?.binding?.exponent ?? 2;
  const terms = { currency: order.currency, exponent };
  const words = options.words ?? pageWords;
  const fmt = (minor) => money(minor, order.currency, exponent, words.locale);
  const t = (key, params) => words.t(key, params, terms);
  const conditionLabel = (value) => options.conditions.find(([v]) => v === value)?.[1] ?? value;
  const rows = order.lines.map((l) => {
    const qtyId = `return-qty-${l.line}`;
    const condId = `return-cond-${l.line}`;
    const name = `${l.title ?? l.sku}${l.variant_title ? ` (${l.variant_title})` : ''}`;
    return {
      line: l,
      row: el('li', { class: 'return-line', 'data-line': l.line },
        el('span', { text: t('returns.returnable', { name, left: left.get(l.line), quantity: l.quantity }) }),
        el('label', { for: qtyId, text: t('returns.units_of', { name }) }),
        el('input', { id: qtyId, type: 'number', min: 0, max: left.get(l.line), value: 0, inputmode: 'numeric' }),
        el('label', { for: condId, text: t('returns.condition_of', { name }) }),
        el('select', { id: condId }, options.conditions.map(([v, text]) => el('option', { value: v, text })))),
    };
  });
  const result = el('div', { class: 'refund', 'data-role': 'refund', role: 'status', 'aria-live': 'polite' });
  const confirm = el('button', { type: 'button', class: 'primary', hidden: true, text: t('returns.confirm') });
  const preview = el('button', { type: 'button', text: t('returns.see_refund') });
  const message = el('p', { class: 'error', role: 'alert' });

  const lines = () => rows.map(({ line, row }) => ({
    line: line.line,
    quantity: Number(row.querySelector('input').value),
    condition: row.querySelector('select').value,
  })).filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);

  let quoted = null;
  const explain = (r) => {
    const e = r.body?.error;
    if (!e) return t('staff.server_answered', { status: r.status });
    return words.code('error', e.code, shownErrorParams(e.params), terms, e.message);
  };
  preview.addEventListener('click', async () => {
    message.textContent = '';
    confirm.hidden = true;
    const chosen = lines();
    if (!chosen.length) { message.textContent = t('returns.choose_units'); return; }
    const body = { ...options.body(), lines: chosen };
    const r = await options.api(`/api/orders/${encodeURIComponent(order.order_id)}/returns/quote`, { method: 'POST', body: JSON.stringify(body) });
    if (r.status !== 200) { message.textContent = explain(r); result.replaceChildren(); return; }
    const refund = r.body.refund;
    quoted = { body, key: crypto.randomUUID() };
    result.replaceChildren(
      el('p', {}, ...words.parts('returns.refund', {
        total: el('strong', {}, el('bdi', { 'data-role': 'refund-total', text: fmt(refund.total) })),
      })),
      el('ul', {}, refund.lines.map((l) => el('li', { text: t('returns.refund_line', { quantity: l.quantity, sku: l.sku, condition: conditionLabel(l.condition), refund: l.refund }) }))),
      refund.shipping.refunded ? el('p', { text: t('returns.shipping', { amount: refund.shipping.price + (refund.prices_include_tax ? 0 : refund.shipping.tax) }) }) : null,
      el('ul', { class: 'muted' }, refund.reasons.map((x) => el('li', { 'data-code': x.code, text: x.message }))));
    confirm.hidden = !refund.eligible;
  });
  confirm.addEventListener('click', async () => {
    if (!quoted) return;
    confirm.disabled = true;
    const r = await options.api(`/api/orders/${encodeURIComponent(order.order_id)}/returns`, {
      method: 'POST', body: JSON.stringify(quoted.body), headers: { 'idempotency-key': quoted.key },
    });
    confirm.disabled = false;
    if (r.status !== 201) { message.textContent = explain(r); return; }
    confirm.hidden = true;
    preview.hidden = true;
    const method = REFUND_METHODS[r.body.refund_method] ? t(REFUND_METHODS[r.body.refund_method]) : r.body.refund_method;
    result.replaceChildren(el('p', { 'data-role': 'return-done', text:
      t('returns.done', { id: r.body.return_id, total: r.body.refund.total, method }) }));
    options.onDone?.(r.body);
  });
  container.replaceChildren(
    el('ul', { class: 'return-lines', 'aria-label': t('returns.items') }, rows.map((r) => r.row)),
    el('div', { class: 'actions' }, preview, confirm), message, result);
}
