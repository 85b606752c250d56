// The checkout screen (contact and address form), the "your total changed"
// table and the confirmation: functions of (state, actions) that read the
// state and never write it; typing and choosing go to actions.
import { h, uid } from '../dom.mjs';
import { describeReadyTime, formatDateRange, formatOpeningHours } from '../format.mjs';
import { addressFields } from './address-fields.mjs';
import { renderTotals } from './cart.mjs';

function field(s, a, group, name, label, { type = 'text', autocomplete, required = true, inputmode, hint } = {}) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const error = s.formErrors[name];
  const input = h('input', {
    id, name, type, autocomplete, inputmode, required,
    value: s[group][name], dataset: { focusKey: `form-${name}`, field: name },
    aria: { invalid: error ? 'true' : undefined, describedby: [hintId, error ? errorId : null].filter(Boolean).join(' ') || undefined },
    on: {
      input: (e) => a.setField(group, name, e.target.value),
      change: () => a.fieldChanged(name),
    },
  });
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? null : h('span', { class: 'muted', text: ' (optional)' })),
    hint ? h('p', { id: hintId, class: 'muted', text: hint }) : null,
    input,
    error ? h('p', { id: errorId, class: 'error-text', text: error }) : null);
}

export function renderCheckoutForm(s, a, formId) {
  const errorCount = Object.keys(s.formErrors).length;
  const store = s.pickupStoreUsed ? s.index.store(s.pickupStoreUsed) : null;
  const pickupOption = store ? s.quote?.pickup?.stores?.find((s) => s.store === store.id) : null;
  const ready = pickupOption?.ready_local ? describeReadyTime(pickupOption.ready_local, s.now, s.locale) : null;
  return h('form', {
    id: formId, novalidate: true, aria: { label: 'Checkout' },
    on: { submit: (e) => { e.preventDefault(); a.placeOrder(); } },
  },
  errorCount ? h('div', { class: 'notice error', role: 'alert', dataset: { role: 'form-errors' } },
    h('p', { text: errorCount === 1 ? 'Please correct 1 field.' : `Please correct ${errorCount} fields.` })) : null,
  h('fieldset', {},
    h('legend', { text: 'Contact' }),
    h('div', { class: 'grid two' },
      field(s, a, 'customer', 'name', 'Full name', { autocomplete: 'name' }),
      field(s, a, 'customer', 'email', 'Email', { type: 'email', autocomplete: 'email', hint: 'In case the store needs to reach you about this order.' }),
      field(s, a, 'customer', 'phone', 'Phone', { type: 'tel', autocomplete: 'tel', required: false, inputmode: 'tel' }))),
  s.needsShippingAddress ? h('fieldset', {},
    h('legend', { text: 'Shipping address' }),
    h('div', { class: 'grid two' },
      addressFields(s, a, field, { street: 'Street address', apartment: 'Apartment, suite', city: 'City' }))) : null,
  store ? h('fieldset', {},
    h('legend', { text: 'Pickup' }),
    h('p', {}, h('strong', { text: store.name })),
    store.address ? h('p', { class: 'muted', text: store.address }) : null,
    ready ? h('p', { text: `Ready ${ready.text}.` }) : null,
    store.curbside ? h('p', { class: 'muted', text: 'Curbside pickup is available at this store.' }) : null) : null,
  s.placeError ? h('div', { class: ['notice', s.placeError.kind ?? 'error'], role: 'alert', dataset: { role: 'place-error' } },
    h('p', { text: s.placeError.message }),
    s.placeError.detail ? h('ul', {}, s.placeError.detail.map((t) => h('li', { text: t }))) : null,
    s.placeError.retry ? h('button', { type: 'submit', class: 'primary', dataset: { focusKey: 'retry' }, text: 'Try again' }) : null) : null,
  null);
}

// "Back to cart" and "Place order", after the summary; `formId` ties the
// submit button to the form it is outside of.
export function renderCheckoutActions(s, a, formId) {
  return h('div', { class: 'actions' },
    h('button', { type: 'button', dataset: { focusKey: 'back-to-cart' }, on: { click: () => a.showCart() }, text: 'Back to cart' }),
    h('button', {
      type: 'submit', form: formId, class: 'primary', dataset: { focusKey: 'place-order', role: 'place-order' }, disabled: s.placing,
      aria: { busy: s.placing ? 'true' : undefined },
      text: s.placing ? 'Placing order…' : (s.quote ? `Place order · ${s.money(s.quote.totals.grand_total)}` : 'Place order'),
    }));
}

// Old vs new, for the dialog shown when the server's quote differs from the
// one the customer saw. Rows that changed are marked in text, not only in style.
export function renderQuoteDiff(s, before, after) {
  const rows = [];
  const byIndex = new Map((before?.lines ?? []).map((l) => [l.index, l]));
  for (const line of after.lines) {
    const old = byIndex.get(line.index);
    const changed = !old || old.total !== line.total || old.unit_price !== line.unit_price || old.quantity !== line.quantity;
    rows.push(h('tr', { class: changed ? 'changed' : '' },
      h('td', {}, `${line.title}${line.variant_title ? `, ${line.variant_title}` : ''} × ${line.quantity}`,
        changed ? h('span', { class: 'visually-hidden', text: ' (changed)' }) : null),
      h('td', { class: 'num', text: old ? s.money(old.total) : '—' }),
      h('td', { class: 'num', dataset: { role: 'new-line-total' }, text: s.money(line.total) })));
  }
  const totalRow = (label, key) => {
    const a = before?.totals?.[key];
    const b = after.totals[key];
    const changed = a !== b;
    return h('tr', { class: changed ? 'changed' : '' },
      h('th', { scope: 'row' }, label, changed ? h('span', { class: 'visually-hidden', text: ' (changed)' }) : null),
      h('td', { class: 'num', text: a === undefined ? '—' : s.money(a) }),
      h('td', { class: 'num', dataset: { role: `new-${key}` }, text: s.money(b) }));
  };
  return h('table', { class: 'diff' },
    h('caption', { class: 'visually-hidden', text: 'What changed' }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Item' }), h('th', { scope: 'col', class: 'num', text: 'Before' }), h('th', { scope: 'col', class: 'num', text: 'Now' }))),
    h('tbody', {}, rows,
      totalRow('Subtotal', 'subtotal'), totalRow('Discounts', 'discounts'), totalRow('Shipping', 'shipping'),
      totalRow('Tax', 'tax'), totalRow('Total', 'grand_total')));
}

// "2 × Northwind Basics Tee, White / M" for each line, in a list the tests and
// assistive technology can find by role.
function itemList(lines, role) {
  return h('ul', { class: 'confirm-items', dataset: { role } },
    lines.map((l) => h('li', { text: `${l.quantity} × ${l.title ?? l.sku}${l.variant_title ? `, ${l.variant_title}` : ''}` })));
}

// The store's opening hours, on its own clock (that is when its doors open).
function openingHours(store, locale) {
  const rows = formatOpeningHours(store.hours, locale);
  if (!rows.length) return null;
  return h('div', { dataset: { role: 'store-hours' } },
    h('h4', { text: 'Opening hours (store time)' }),
    h('dl', { class: 'hours' }, rows.flatMap((r) => [
      h('dt', { text: r.days }),
      h('dd', { text: r.times.length ? r.times.join(', ') : 'Closed' }),
    ])));
}

function addressLines(a) {
  const cityLine = [a.city, [a.region, a.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.name, a.line1, a.line2, cityLine, a.country].filter(Boolean);
}

// What the shopper needs to receive the order, and nothing the system does
// not do: no receipt or email is promised (nothing sends mail), and a hold is
// named only when the store's catalog sets one (the server keeps it).
export function renderConfirmation(s, a, order = s.order) {
  const quote = order.quote;
  const store = order.pickup_store ? s.index.store(order.pickup_store) : null;
  const pickupOption = store ? quote.pickup?.stores?.find((s) => s.store === store.id) : null;
  const ready = pickupOption?.ready_local ? describeReadyTime(pickupOption.ready_local, s.now, s.locale) : null;
  const shippingOption = quote.shipping?.options?.find((o) => o.method === quote.shipping.selected);
  const phone = store?.phone ?? pickupOption?.phone;
  const number = order.number ?? order.id;  // the short number people read out; the id for older orders
  const holdDays = store ? s.index.holdDays(store.id) : 0;
  const pickedUp = quote.lines.filter((l) => l.fulfilment?.type === 'pickup');
  const shipped = quote.lines.filter((l) => l.fulfilment?.type !== 'pickup');
  const address = order.shipping_address ? addressLines(order.shipping_address) : [];
  const headingId = uid('confirm');
  return h('section', { class: 'panel confirmation', aria: { labelledby: headingId }, dataset: { role: 'confirmation' } },
    h('h2', { id: headingId, tabindex: '-1', dataset: { focusTarget: 'confirmation' }, text: 'Thank you! Your order is placed.' }),
    h('p', {}, 'Order number ', h('span', { class: 'order-number', dataset: { role: 'order-number', orderId: order.id }, text: number })),
    store && pickedUp.length ? h('div', { class: 'notice info', dataset: { role: 'pickup-instructions' } },
      h('h3', { text: `To pick up at ${store.name}` }),
      itemList(pickedUp, 'pickup-items'),
      ready ? h('p', { text: `Your items will be ready ${ready.text}.` }) : null,
      h('p', { dataset: { role: 'store-address' } }, h('strong', { text: store.name }), store.address ? ` · ${store.address}` : ''),
      phone ? h('p', {}, 'Phone ', h('a', { href: `tel:${phone.replace(/[ -]/g, '')}`, dataset: { role: 'store-phone' }, text: phone })) : null,
      openingHours(store, s.locale),
      h('p', { dataset: { role: 'pickup-terms' }, text: holdDays
        ? `Bring your order number (${number}) and a photo ID. Orders are held for ${holdDays} days.`
        : `Bring your order number (${number}) and a photo ID.` }),
      store.curbside ? h('p', { text: phone
        ? `Prefer to stay in your car? Park in a curbside spot and call the store at ${phone}; we will bring it out.`
        : 'Curbside pickup is available: tell the staff at the counter when you arrive.' }) : null) : null,
    shipped.length ? h('div', { class: 'notice', dataset: { role: 'shipping-summary' } },
      h('h3', { text: 'Shipping to you' }),
      itemList(shipped, 'shipped-items'),
      shippingOption ? h('p', {},
        `${shippingOption.name} delivery, arriving ${formatDateRange(shippingOption.delivery.earliest, shippingOption.delivery.latest, s.locale)}.`) : null,
      address.length ? h('div', {},
        h('h4', { text: 'Shipping address' }),
        h('address', { dataset: { role: 'shipping-address' } }, address.flatMap((line, i) => (i ? [h('br'), line] : [line])))) : null) : null,
    h('h3', { text: 'Order total' }),
    h('div', { dataset: { role: 'confirmation-totals' } }, renderTotals(s, quote)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', dataset: { focusKey: 'continue' }, on: { click: () => a.startOver() }, text: 'Continue shopping' })));
}
