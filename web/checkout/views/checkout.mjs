// The checkout screen (contact and address form), the "your total changed"
// table and the confirmation: functions of (state, actions) that read the
// state and never write it; typing and choosing go to actions.
import { h, uid } from '../dom.mjs';
import { formatDateRange, formatOpeningHours } from '../format.mjs';
import { addressFields } from './address-fields.mjs';
import { readyWords, renderTotals } from './cart.mjs';

function field(s, a, group, name, label, { type = 'text', autocomplete, required = true, inputmode, maxlength, hint } = {}) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const error = s.formErrors[name];
  const input = h('input', {
    id, name, type, autocomplete, inputmode, maxlength, required,
    // Addresses, numbers and codes are typed left to right even in a right-to-left page.
    dir: type === 'email' || type === 'tel' || inputmode === 'numeric' ? 'ltr' : 'auto',
    value: s[group][name], dataset: { focusKey: `form-${name}`, field: name },
    aria: { invalid: error ? 'true' : undefined, describedby: [hintId, error ? errorId : null].filter(Boolean).join(' ') || undefined },
    on: {
      input: (e) => a.setField(group, name, e.target.value),
      change: () => a.fieldChanged(name),
    },
  });
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? null : h('span', { class: 'muted', text: ` ${s.t('checkout.optional')}` })),
    hint ? h('p', { id: hintId, class: 'muted', text: hint }) : null,
    input,
    error ? h('p', { id: errorId, class: 'error-text', text: error }) : null);
}

export function renderCheckoutForm(s, a, formId) {
  const errorCount = Object.keys(s.formErrors).length;
  const store = s.pickupStoreUsed ? s.index.store(s.pickupStoreUsed) : null;
  const pickupOption = store ? s.quote?.pickup?.stores?.find((s) => s.store === store.id) : null;
  const ready = pickupOption?.ready_local ? readyWords(s, pickupOption.ready_local) : null;
  return h('form', {
    id: formId, novalidate: true, aria: { label: s.t('checkout.title') },
    on: { submit: (e) => { e.preventDefault(); a.placeOrder(); } },
  },
  errorCount ? h('div', { class: 'notice error', role: 'alert', dataset: { role: 'form-errors' } },
    h('p', { text: s.t('checkout.correct_fields', { count: errorCount }) })) : null,
  h('fieldset', {},
    h('legend', { text: s.t('checkout.contact') }),
    h('div', { class: 'grid two' },
      field(s, a, 'customer', 'name', s.t('checkout.full_name'), { autocomplete: 'name' }),
      field(s, a, 'customer', 'email', s.t('checkout.email'), { type: 'email', autocomplete: 'email', hint: s.t('checkout.email_hint') }),
      field(s, a, 'customer', 'phone', s.t('checkout.phone'), { type: 'tel', autocomplete: 'tel', required: false, inputmode: 'tel' }))),
  s.needsShippingAddress ? h('fieldset', {},
    h('legend', { text: s.t('checkout.shipping_address') }),
    h('div', { class: 'grid two' },
      addressFields(s, a, field, { street: s.t('checkout.street'), apartment: s.t('checkout.apartment'), city: s.t('checkout.city') }))) : null,
  store ? h('fieldset', {},
    h('legend', { text: s.t('checkout.pickup') }),
    h('p', {}, h('strong', { text: store.name })),
    store.address ? h('p', { class: 'muted', text: store.address }) : null,
    ready ? h('p', { text: s.t('checkout.ready', { ready }) }) : null,
    store.curbside ? h('p', { class: 'muted', text: s.t('pickup.curbside_available') }) : null) : null,
  s.placeError ? h('div', { class: ['notice', s.placeError.kind ?? 'error'], role: 'alert', dataset: { role: 'place-error' } },
    h('p', { text: s.placeError.message }),
    s.placeError.detail ? h('ul', {}, s.placeError.detail.map((t) => h('li', { text: t }))) : null,
    s.placeError.retry ? h('button', { type: 'submit', class: 'primary', dataset: { focusKey: 'retry' }, text: s.t('order.try_again') }) : null) : null,
  null);
}

// "Back to cart" and "Place order", after the summary; `formId` ties the
// submit button to the form it is outside of.
export function renderCheckoutActions(s, a, formId) {
  return h('div', { class: 'actions' },
    h('button', { type: 'button', dataset: { focusKey: 'back-to-cart' }, on: { click: () => a.showCart() }, text: s.t('checkout.back_to_cart') }),
    h('button', {
      type: 'submit', form: formId, class: 'primary', dataset: { focusKey: 'place-order', role: 'place-order' }, disabled: s.placing,
      aria: { busy: s.placing ? 'true' : undefined },
      text: s.placing ? s.t('checkout.placing_order') : (s.quote ? s.t('checkout.place_order_total', { total: s.quote.totals.grand_total }) : s.t('checkout.place_order')),
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
      h('td', {}, s.t('summary.item', { quantity: line.quantity, name: `${line.title}${line.variant_title ? `, ${line.variant_title}` : ''}` }),
        changed ? h('span', { class: 'visually-hidden', text: ` ${s.t('order.changed_mark')}` }) : null),
      h('td', { class: 'num' }, h('bdi', { text: old ? s.money(old.total) : '—' })),
      h('td', { class: 'num', dataset: { role: 'new-line-total' } }, h('bdi', { text: s.money(line.total) }))));
  }
  const totalRow = (label, key) => {
    const a = before?.totals?.[key];
    const b = after.totals[key];
    const changed = a !== b;
    return h('tr', { class: changed ? 'changed' : '' },
      h('th', { scope: 'row' }, label, changed ? h('span', { class: 'visually-hidden', text: ` ${s.t('order.changed_mark')}` }) : null),
      h('td', { class: 'num' }, h('bdi', { text: a === undefined ? '—' : s.money(a) })),
      h('td', { class: 'num', dataset: { role: `new-${key}` } }, h('bdi', { text: s.money(b) })));
  };
  return h('table', { class: 'diff' },
    h('caption', { class: 'visually-hidden', text: s.t('order.what_changed') }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: s.t('order.item') }), h('th', { scope: 'col', class: 'num', text: s.t('order.before') }), h('th', { scope: 'col', class: 'num', text: s.t('order.now') }))),
    h('tbody', {}, rows,
      totalRow(s.t('summary.subtotal'), 'subtotal'), totalRow(s.t('summary.discounts'), 'discounts'), totalRow(s.t('summary.shipping'), 'shipping'),
      totalRow(s.t('summary.tax'), 'tax'), totalRow(s.t('summary.total'), 'grand_total')));
}

// "2 × Northwind Basics Tee, White / M" for each line, in a list the tests and
// assistive technology can find by role.
function itemList(s, lines, role) {
  return h('ul', { class: 'confirm-items', dataset: { role } },
    lines.map((l) => h('li', { text: s.t('confirm.item_line', {
      quantity: l.quantity, name: `${l.title ?? l.sku}${l.variant_title ? `, ${l.variant_title}` : ''}` }) })));
}

// The store's opening hours, on its own clock (that is when its doors open).
function openingHours(s, store) {
  const rows = formatOpeningHours(store.hours, s.locale);
  if (!rows.length) return null;
  return h('div', { dataset: { role: 'store-hours' } },
    h('h4', { text: s.t('confirm.opening_hours') }),
    h('dl', { class: 'hours' }, rows.flatMap((r) => [
      h('dt', { text: r.days }),
      h('dd', { text: r.times.length ? r.times.join(', ') : s.t('confirm.closed') }),
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
  const ready = pickupOption?.ready_local ? readyWords(s, pickupOption.ready_local) : null;
  const shippingOption = quote.shipping?.options?.find((o) => o.method === quote.shipping.selected);
  const phone = store?.phone ?? pickupOption?.phone;
  const number = order.number ?? order.id;  // the short number people read out; the id for older orders
  const holdDays = store ? s.index.holdDays(store.id) : 0;
  const pickedUp = quote.lines.filter((l) => l.fulfilment?.type === 'pickup');
  const shipped = quote.lines.filter((l) => l.fulfilment?.type !== 'pickup');
  const address = order.shipping_address ? addressLines(order.shipping_address) : [];
  const headingId = uid('confirm');
  return h('section', { class: 'panel confirmation', aria: { labelledby: headingId }, dataset: { role: 'confirmation' } },
    h('h2', { id: headingId, tabindex: '-1', dataset: { focusTarget: 'confirmation' }, text: s.t('confirm.thank_you') }),
    h('p', {}, s.parts('confirm.order_number', { id: h('bdi', { class: 'order-number', dataset: { role: 'order-number', orderId: order.id }, text: number }) })),
    store && pickedUp.length ? h('div', { class: 'notice info', dataset: { role: 'pickup-instructions' } },
      h('h3', { text: s.t('confirm.pickup_at', { store: store.name }) }),
      itemList(s, pickedUp, 'pickup-items'),
      ready ? h('p', { text: s.t('confirm.ready_pickup', { ready }) }) : null,
      h('p', { dataset: { role: 'store-address' } }, h('strong', { text: store.name }), store.address ? ` · ${store.address}` : ''),
      phone ? h('p', {}, s.parts('confirm.store_phone', {
        phone: h('a', { href: `tel:${phone.replace(/[ -]/g, '')}`, dir: 'ltr', dataset: { role: 'store-phone' }, text: phone }) })) : null,
      openingHours(s, store),
      h('p', { dataset: { role: 'pickup-terms' }, text: holdDays
        ? s.t('confirm.bring_id', { id: number, count: holdDays })
        : s.t('confirm.bring_number', { id: number }) }),
      store.curbside ? h('p', { text: phone ? s.t('confirm.curbside_call', { phone }) : s.t('confirm.curbside_counter') }) : null) : null,
    shipped.length ? h('div', { class: 'notice', dataset: { role: 'shipping-summary' } },
      h('h3', { text: s.t('confirm.shipping_to_you') }),
      itemList(s, shipped, 'shipped-items'),
      shippingOption ? h('p', {}, s.t('shipping.delivery_arriving', {
        method: shippingOption.name, dates: formatDateRange(shippingOption.delivery.earliest, shippingOption.delivery.latest, s.locale),
      })) : null,
      address.length ? h('div', {},
        h('h4', { text: s.t('confirm.shipping_address') }),
        // Each line isolated with its own direction: "512 Broadway" keeps its order on a right-to-left page.
        h('address', { dataset: { role: 'shipping-address' } }, address.flatMap((line, i) => {
          const text = h('bdi', { text: line });
          return i ? [h('br'), text] : [text];
        }))) : null) : null,
    h('h3', { text: s.t('summary.order_total') }),
    h('div', { dataset: { role: 'confirmation-totals' } }, renderTotals(s, quote)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', dataset: { focusKey: 'continue' }, on: { click: () => a.startOver() }, text: s.t('cart.continue_shopping') })));
}
