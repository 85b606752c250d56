// The checkout screen (contact and address form), the "your total changed"
// dialog and the confirmation.
import { h, uid } from './dom.mjs';
import { describeReadyTime, formatDateRange } from './format.mjs';
import { US_STATES, postalCodeProblem } from './regions.mjs';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// field -> message, for the fields this order needs.
export function validateCheckout(w) {
  const errors = {};
  const c = w.customer;
  const a = w.address;
  if (!c.name.trim()) errors.name = 'Enter your full name.';
  if (!c.email.trim()) errors.email = 'Enter your email address.';
  else if (!EMAIL.test(c.email.trim())) errors.email = 'Enter an email address like name@example.com.';
  if (c.phone.trim() && !/^[+()\-.\s\d]{7,20}$/.test(c.phone.trim())) errors.phone = 'Enter a phone number with digits only.';
  if (w.needsShippingAddress()) {
    if (!a.line1.trim()) errors.line1 = 'Enter the street address.';
    if (!a.city.trim()) errors.city = 'Enter the city.';
    if (a.country === 'US' && !a.region) errors.region = 'Choose a state.';
    const postalProblem = postalCodeProblem(a);  // the core's rule: the ZIP code belongs to the state
    if (postalProblem) errors.postal_code = postalProblem;
  }
  return errors;
}

function field(w, group, name, label, { type = 'text', autocomplete, required = true, inputmode, hint } = {}) {
  const id = uid(name);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : undefined;
  const error = w.formErrors[name];
  const input = h('input', {
    id, name, type, autocomplete, inputmode, required,
    value: w[group][name], dataset: { focusKey: `form-${name}`, field: name },
    aria: { invalid: error ? 'true' : undefined, describedby: [hintId, error ? errorId : null].filter(Boolean).join(' ') || undefined },
    on: {
      input: (e) => { w[group][name] = e.target.value; },
      change: () => w.formFieldChanged(name),
    },
  });
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? null : h('span', { class: 'muted', text: ' (optional)' })),
    hint ? h('p', { id: hintId, class: 'muted', text: hint }) : null,
    input,
    error ? h('p', { id: errorId, class: 'error-text', text: error }) : null);
}

function regionField(w) {
  const a = w.address;
  if (a.country !== 'US') return field(w, 'address', 'region', 'State / province', { autocomplete: 'address-level1', required: false });
  const id = uid('region');
  const error = w.formErrors.region;
  const select = h('select', {
    id, name: 'region', autocomplete: 'address-level1', required: true, dataset: { focusKey: 'form-region', field: 'region' },
    aria: { invalid: error ? 'true' : undefined, describedby: error ? `${id}-error` : undefined },
    on: { change: (e) => { a.region = e.target.value; w.formFieldChanged('region'); } },
  },
  h('option', { value: '', text: 'Choose…' }),
  US_STATES.map(([code, name]) => h('option', { value: code, selected: a.region === code, text: name })));
  return h('div', { class: 'field' }, h('label', { for: id, text: 'State' }), select,
    error ? h('p', { id: `${id}-error`, class: 'error-text', text: error }) : null);
}

function countryField(w) {
  const countries = w.index.shippingCountries();
  if (countries.length <= 1) return null;
  const id = uid('country');
  const names = new Intl.DisplayNames([w.locale], { type: 'region' });
  return h('div', { class: 'field' }, h('label', { for: id, text: 'Country' }),
    h('select', {
      id, name: 'country', autocomplete: 'country', dataset: { focusKey: 'form-country', field: 'country' },
      on: { change: (e) => { w.address.country = e.target.value; w.address.region = ''; w.formFieldChanged('country'); } },
    }, countries.map((c) => h('option', { value: c, selected: w.address.country === c, text: names.of(c) ?? c }))));
}

export function renderCheckoutForm(w) {
  const errorCount = Object.keys(w.formErrors).length;
  const store = w.pickupStoreUsed() ? w.index.store(w.pickupStoreUsed()) : null;
  const pickupOption = store ? w.quote?.pickup?.stores?.find((s) => s.store === store.id) : null;
  const ready = pickupOption?.ready_local ? describeReadyTime(pickupOption.ready_local, w.api.now(), w.locale) : null;
  return h('form', {
    novalidate: true, aria: { label: 'Checkout' },
    on: { submit: (e) => { e.preventDefault(); w.placeOrder(); } },
  },
  errorCount ? h('div', { class: 'notice error', role: 'alert', dataset: { role: 'form-errors' } },
    h('p', { text: errorCount === 1 ? 'Please correct 1 field.' : `Please correct ${errorCount} fields.` })) : null,
  h('fieldset', {},
    h('legend', { text: 'Contact' }),
    h('div', { class: 'grid two' },
      field(w, 'customer', 'name', 'Full name', { autocomplete: 'name' }),
      field(w, 'customer', 'email', 'Email', { type: 'email', autocomplete: 'email', hint: 'In case the store needs to reach you about this order.' }),
      field(w, 'customer', 'phone', 'Phone', { type: 'tel', autocomplete: 'tel', required: false, inputmode: 'tel' }))),
  w.needsShippingAddress() ? h('fieldset', {},
    h('legend', { text: 'Shipping address' }),
    h('div', { class: 'grid two' },
      field(w, 'address', 'line1', 'Street address', { autocomplete: 'address-line1' }),
      field(w, 'address', 'line2', 'Apartment, suite', { autocomplete: 'address-line2', required: false }),
      field(w, 'address', 'city', 'City', { autocomplete: 'address-level2' }),
      regionField(w),
      field(w, 'address', 'postal_code', w.address.country === 'US' ? 'ZIP code' : 'Postal code', { autocomplete: 'postal-code', inputmode: w.address.country === 'US' ? 'numeric' : undefined }),
      countryField(w))) : null,
  store ? h('fieldset', {},
    h('legend', { text: 'Pickup' }),
    h('p', {}, h('strong', { text: store.name })),
    store.address ? h('p', { class: 'muted', text: store.address }) : null,
    ready ? h('p', { text: `Ready ${ready.text}.` }) : null,
    store.curbside ? h('p', { class: 'muted', text: 'Curbside pickup is available at this store.' }) : null) : null,
  w.placeError ? h('div', { class: 'notice error', role: 'alert', dataset: { role: 'place-error' } },
    h('p', { text: w.placeError.message }),
    w.placeError.detail ? h('ul', {}, w.placeError.detail.map((t) => h('li', { text: t }))) : null,
    w.placeError.retry ? h('button', { type: 'submit', class: 'primary', dataset: { focusKey: 'retry' }, text: 'Try again' }) : null) : null,
  h('div', { class: 'actions' },
    h('button', { type: 'button', dataset: { focusKey: 'back-to-cart' }, on: { click: () => w.showCart() }, text: 'Back to cart' }),
    h('button', {
      type: 'submit', class: 'primary', dataset: { focusKey: 'place-order', role: 'place-order' }, disabled: w.placing,
      aria: { busy: w.placing ? 'true' : undefined },
      text: w.placing ? 'Placing order…' : (w.quote ? `Place order · ${w.money(w.quote.totals.grand_total)}` : 'Place order'),
    })));
}

// Old vs new, for the dialog shown when the server's quote differs from the
// one the customer saw. Rows that changed are marked in text, not only in style.
export function renderQuoteDiff(w, before, after) {
  const rows = [];
  const byIndex = new Map((before?.lines ?? []).map((l) => [l.index, l]));
  for (const line of after.lines) {
    const old = byIndex.get(line.index);
    const changed = !old || old.total !== line.total || old.unit_price !== line.unit_price || old.quantity !== line.quantity;
    rows.push(h('tr', { class: changed ? 'changed' : '' },
      h('td', {}, `${line.title}${line.variant_title ? `, ${line.variant_title}` : ''} × ${line.quantity}`,
        changed ? h('span', { class: 'visually-hidden', text: ' (changed)' }) : null),
      h('td', { class: 'num', text: old ? w.money(old.total) : '—' }),
      h('td', { class: 'num', dataset: { role: 'new-line-total' }, text: w.money(line.total) })));
  }
  const totalRow = (label, key) => {
    const a = before?.totals?.[key];
    const b = after.totals[key];
    const changed = a !== b;
    return h('tr', { class: changed ? 'changed' : '' },
      h('th', { scope: 'row' }, label, changed ? h('span', { class: 'visually-hidden', text: ' (changed)' }) : null),
      h('td', { class: 'num', text: a === undefined ? '—' : w.money(a) }),
      h('td', { class: 'num', dataset: { role: `new-${key}` }, text: w.money(b) }));
  };
  return h('table', { class: 'diff' },
    h('caption', { class: 'visually-hidden', text: 'What changed' }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Item' }), h('th', { scope: 'col', class: 'num', text: 'Before' }), h('th', { scope: 'col', class: 'num', text: 'Now' }))),
    h('tbody', {}, rows,
      totalRow('Subtotal', 'subtotal'), totalRow('Discounts', 'discounts'), totalRow('Shipping', 'shipping'),
      totalRow('Tax', 'tax'), totalRow('Total', 'grand_total')));
}

export function renderConfirmation(w, order) {
  const quote = order.quote;
  const store = order.pickup_store ? w.index.store(order.pickup_store) : null;
  const pickupOption = store ? quote.pickup?.stores?.find((s) => s.store === store.id) : null;
  const ready = pickupOption?.ready_local ? describeReadyTime(pickupOption.ready_local, w.api.now(), w.locale) : null;
  const shippingOption = quote.shipping?.options?.find((o) => o.method === quote.shipping.selected);
  const phone = store?.phone ?? pickupOption?.phone;
  const number = order.number ?? order.id;  // the short number people read out; the id for older orders
  const headingId = uid('confirm');
  return h('section', { class: 'panel confirmation', aria: { labelledby: headingId }, dataset: { role: 'confirmation' } },
    h('h2', { id: headingId, tabindex: '-1', dataset: { focusTarget: 'confirmation' }, text: 'Thank you! Your order is placed.' }),
    h('p', {}, 'Order number ', h('span', { class: 'order-number', dataset: { role: 'order-number', orderId: order.id }, text: number })),
    store ? h('div', { class: 'notice info', dataset: { role: 'pickup-instructions' } },
      h('h3', { text: 'Pickup instructions' }),
      h('p', {}, h('strong', { text: store.name }), store.address ? ` · ${store.address}` : ''),
      phone ? h('p', {}, 'Phone ', h('a', { href: `tel:${phone.replace(/[ -]/g, '')}`, dataset: { role: 'store-phone' }, text: phone })) : null,
      ready ? h('p', { text: `Your items will be ready ${ready.text}.` }) : null,
      h('p', { text: `Bring your order number (${number}) and a photo ID. Orders are held for 5 days.` }),
      store.curbside ? h('p', { text: phone
        ? `Prefer to stay in your car? Park in a curbside spot and call the store at ${phone}; we will bring it out.`
        : 'Curbside pickup is available: tell the staff at the counter when you arrive.' }) : null) : null,
    shippingOption ? h('p', {},
      `${shippingOption.name} delivery, arriving ${formatDateRange(shippingOption.delivery.earliest, shippingOption.delivery.latest, w.locale)}.`) : null,
    h('h3', { text: 'Order total' }),
    h('div', { dataset: { role: 'confirmation-totals' } }, w.renderTotalsOf(quote)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', dataset: { focusKey: 'continue' }, on: { click: () => w.startOver() }, text: 'Continue shopping' })));
}
