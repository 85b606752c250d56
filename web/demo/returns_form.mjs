// The "return items" form both the shopper's page (returns.html) and the
// store staff page use: pick units and their condition, see the exact refund
// the server's core computes (…/returns/quote), confirm (…/returns). The
// page supplies how to call the API and where the units are received.
import { formatMoney } from '/web/checkout/format.mjs';
import { el } from '/web/demo/el.mjs';

const locale = document.documentElement.lang || 'en-US';

export function money(minor, currency, exponent) {
  return formatMoney(minor, { locale, currency, exponent });
}

// Units of each order line not returned yet.
function returnable(order) {
  const left = new Map(order.lines.map((l) => [l.line, l.quantity]));
  for (const r of order.returns ?? []) for (const l of r.lines) left.set(l.line, left.get(l.line) - l.quantity);
  return left;
}

// options: { api(path, init) -> {status, body}, body(): extra members (email, received, refund_method),
//            conditions: [[value, label]...] }
export function renderReturnForm(container, order, options) {
  const left = returnable(order);
  const exponent = order.quote?.binding?.exponent ?? 2;
  const fmt = (minor) => money(minor, order.currency, exponent);
  const rows = order.lines.map((l) => {
    const qtyId = `return-qty-${l.line}`;
    const condId = `return-cond-${l.line}`;
    const name = `${l.title ?? l.sku}${l.variant_title ? ` (${l.variant_title})` : ''}`;
    return {
      line: l,
      row: el('li', { class: 'return-line', 'data-line': l.line },
        el('span', { text: `${name} · ${left.get(l.line)} of ${l.quantity} returnable` }),
        el('label', { for: qtyId, text: `Units to return of ${name}` }),
        el('input', { id: qtyId, type: 'number', min: 0, max: left.get(l.line), value: 0, inputmode: 'numeric' }),
        el('label', { for: condId, text: `Condition of ${name}` }),
        el('select', { id: condId }, options.conditions.map(([v, text]) => el('option', { value: v, text })))),
    };
  });
  const result = el('div', { class: 'refund', 'data-role': 'refund', role: 'status', 'aria-live': 'polite' });
  const confirm = el('button', { type: 'button', class: 'primary', hidden: true, text: 'Confirm return' });
  const preview = el('button', { type: 'button', text: 'See refund' });
  const message = el('p', { class: 'error', role: 'alert' });

  const lines = () => rows.map(({ line, row }) => ({
    line: line.line,
    quantity: Number(row.querySelector('input').value),
    condition: row.querySelector('select').value,
  })).filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);

  let quoted = null;
  const explain = (r) => r.body?.error?.message ?? `The server answered HTTP ${r.status}.`;
  preview.addEventListener('click', async () => {
    message.textContent = '';
    confirm.hidden = true;
    const chosen = lines();
    if (!chosen.length) { message.textContent = 'Choose at least one unit to return.'; return; }
    const body = { ...options.body(), lines: chosen };
    const r = await options.api(`/api/orders/${encodeURIComponent(order.order_id)}/returns/quote`, { method: 'POST', body: JSON.stringify(body) });
    if (r.status !== 200) { message.textContent = explain(r); result.replaceChildren(); return; }
    const refund = r.body.refund;
    quoted = { body, key: crypto.randomUUID() };
    result.replaceChildren(
      el('p', {}, 'Refund: ', el('strong', { 'data-role': 'refund-total', text: fmt(refund.total) })),
      el('ul', {}, refund.lines.map((l) => el('li', { text: `${l.quantity} × ${l.sku} (${l.condition}): ${fmt(l.refund)}` }))),
      refund.shipping.refunded ? el('p', { text: `Shipping: ${fmt(refund.shipping.price + (refund.prices_include_tax ? 0 : refund.shipping.tax))}` }) : null,
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
    result.replaceChildren(el('p', { 'data-role': 'return-done', text:
      `Return ${r.body.return_id} recorded: ${fmt(r.body.refund.total)} refunded (${r.body.refund_method.replace('_', ' ')}).` }));
    options.onDone?.(r.body);
  });
  container.replaceChildren(
    el('ul', { class: 'return-lines', 'aria-label': 'Items in the order' }, rows.map((r) => r.row)),
    el('div', { class: 'actions' }, preview, confirm), message, result);
}
