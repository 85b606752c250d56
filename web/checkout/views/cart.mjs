// The cart screen's regions: lines, store chooser, shipping, coupon, totals.
// Each is a function of (state, actions) that returns fresh DOM for its
// region: it reads the state and never writes it; what the shopper does goes
// to an action. The widget swaps the DOM in while keeping focus (dom.mjs).
import { h, uid } from '../dom.mjs';
import { formatDateRange, formatDistance, describeReadyTime } from '../format.mjs';

const initials = (title) => title.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');

function lineMessages(quote, index) {
  return (quote?.messages ?? []).filter((m) => m.line === index);
}

function storeOption(quote, storeId) {
  return quote?.pickup?.stores?.find((s) => s.store === storeId);
}

function thumb(s, product, variant) {
  const src = product.image || s.imageFor?.(product, variant);
  if (src) return h('img', { class: 'thumb', src, alt: '', width: 64, height: 64, loading: 'lazy', decoding: 'async' });
  return h('div', { class: 'thumb', aria: { hidden: 'true' }, text: initials(product.title) });
}

export function renderLines(s, a) {
  const { quote } = s;
  const lines = s.cart.lines;
  if (lines.length === 0) {
    return [h('p', { class: 'empty', text: 'Your cart is empty.' })];
  }
  return [h('ul', { class: 'lines', aria: { label: 'Items in your cart' } }, lines.map((line, index) => {
    const product = s.index.product(line.sku);
    const variant = s.index.variant(line.sku);
    const q = quote?.lines?.[index];
    const name = variant.title ? `${product.title}, ${variant.title}` : product.title;
    const maxQty = s.index.quantityLimit(lines, line);  // the SKU's other lines count too
    const perOrder = s.index.maxPerOrder(line.sku);
    const key = `line-${index}-${line.sku}`;
    const radioName = uid('fulfil');
    const pickupAllowed = s.index.pickupEligible(line.sku);
    const store = s.pickupStore ? s.index.store(s.pickupStore) : null;

    const priceBlock = h('div', { class: 'line-price' },
      q?.compare_at_price > q?.unit_price ? h('s', { aria: { label: `was ${s.money(q.compare_at_price)}` }, text: s.money(q.compare_at_price) }) : null,
      h('span', { text: q ? `${s.money(q.unit_price)} each` : '' }),
      h('div', { class: 'line-total', dataset: { amount: q?.total ?? '' } }, h('strong', { text: q ? s.money(q.subtotal) : '' })),
      ...(q?.discounts ?? []).map((d) => h('div', { class: 'discount', text: `−${s.money(d.amount)} ${s.promotionTitle(d.promotion)}` })));

    const notes = [];
    const pending = s.pendingPickup.has(line);
    if (pending) notes.push(h('p', { class: 'warn-text note', text: 'Choose a pickup store below.' }));
    if (line.fulfilment.type === 'pickup') {
      const option = storeOption(quote, line.fulfilment.store);
      const avail = option?.lines?.find((l) => l.line === index);
      const storeName = option?.name ?? s.index.store(line.fulfilment.store)?.name ?? line.fulfilment.store;
      if (avail && avail.available >= avail.requested) {
        const ready = option.ready_local ? describeReadyTime(option.ready_local, s.now, s.locale) : null;
        notes.push(h('p', { class: 'ok-text note', text: `In stock at ${storeName}${ready ? ` · ready ${ready.text}` : ''}` }));
      }
    }
    for (const m of lineMessages(quote, index)) {
      notes.push(h('p', { class: 'warn-text note', dataset: { code: m.code }, text: m.message }));
    }
    if (!pickupAllowed) notes.push(h('p', { class: 'muted note', text: 'This item ships only; it cannot be picked up.' }));

    return h('li', { class: 'line', dataset: { sku: line.sku, index: String(index) } },
      thumb(s, product, variant),
      h('div', { class: 'line-head' },
        h('div', {},
          h('div', { class: 'line-title', text: product.title }),
          variant.title ? h('div', { class: 'muted', text: variant.title }) : null),
        priceBlock),
      h('div', { class: 'line-controls' },
        h('div', { class: 'stepper', role: 'group', aria: { label: `Quantity of ${name}` } },
          h('button', {
            type: 'button', dataset: { focusKey: `${key}-dec` }, aria: { label: `Decrease quantity of ${name}` },
            disabled: line.quantity <= 1, on: { click: () => a.setQuantity(index, line.quantity - 1) }, text: '−',
          }),
          h('output', { aria: { live: 'off' }, dataset: { role: 'quantity' }, text: String(line.quantity) }),
          h('button', {
            type: 'button', dataset: { focusKey: `${key}-inc` }, aria: { label: `Increase quantity of ${name}` },
            disabled: line.quantity >= maxQty, on: { click: () => a.setQuantity(index, line.quantity + 1) }, text: '+',
          })),
        h('button', {
          type: 'button', class: 'link', dataset: { focusKey: `${key}-remove` }, aria: { label: `Remove ${name}` },
          on: { click: () => a.removeLine(index) }, text: 'Remove',
        }),
        perOrder < 1_000_000 ? h('span', { class: 'muted', text: `Limit ${perOrder} per order` }) : null),
      h('fieldset', { class: 'fulfilment' },
        h('legend', { class: 'visually-hidden', text: `How to get ${name}` }),
        h('label', { class: 'choice' },
          h('input', {
            type: 'radio', name: radioName, value: 'ship', checked: line.fulfilment.type === 'ship' && !pending,
            dataset: { focusKey: `${key}-ship` }, on: { change: () => a.setFulfilment(index, 'ship') },
          }),
          h('span', { class: 'grow', text: 'Ship to me' })),
        h('label', { class: 'choice' },
          h('input', {
            type: 'radio', name: radioName, value: 'pickup', checked: line.fulfilment.type === 'pickup' || pending,
            disabled: !pickupAllowed, dataset: { focusKey: `${key}-pickup` },
            on: { change: () => a.setFulfilment(index, 'pickup') },
          }),
          h('span', { class: 'grow', text: store ? `Pick up at ${store.name}` : 'Pick up in store' })),
        ...notes));
  }))];
}

function availabilityText(option, lineCount) {
  if (lineCount === 0) return { cls: 'muted', text: 'Add items to see availability' };
  const full = option.lines.filter((l) => l.available >= l.requested).length;
  if (option.availability === 'all') return { cls: 'avail-all', text: lineCount === 1 ? 'In stock' : `All ${lineCount} items available` };
  if (option.availability === 'none') return { cls: 'avail-none', text: 'Not available here' };
  if (full === 0) return { cls: 'avail-partial', text: 'Some units available, not all you want' };
  return { cls: 'avail-partial', text: `${full} of ${lineCount} items available` };
}

export function renderStores(s, a) {
  const stores = s.quote?.pickup?.stores ?? [];
  const lineCount = s.cart.lines.filter((l) => s.index.pickupEligible(l.sku)).length;
  const items = stores.map((option) => {
    const store = s.index.store(option.store);
    const selected = option.store === s.pickupStore;
    const avail = availabilityText(option, lineCount);
    const ready = option.ready_local && option.availability !== 'none'
      ? describeReadyTime(option.ready_local, s.now, s.locale) : null;
    const headingId = uid('store');
    return h('li', { class: ['store', selected && 'selected'], dataset: { store: option.store }, aria: { labelledby: headingId } },
      h('div', { class: 'store-head' },
        h('h4', { id: headingId, text: option.name }),
        option.distance_m !== undefined ? h('span', { class: 'muted', text: formatDistance(option.distance_m, s.locale) }) : null),
      store?.address ? h('p', { class: 'muted', text: store.address }) : null,
      h('p', {},
        h('span', { class: avail.cls, dataset: { availability: option.availability }, text: avail.text }),
        ready ? h('span', { text: ` · Ready ${ready.text}` }) : null),
      h('p', {},
        option.curbside ? h('span', { class: 'badge', text: 'Curbside pickup' }) : null,
        h('span', { class: 'badge', text: 'In-store pickup' })),
      // A store with none of the items is not offered; one already chosen
      // keeps its button, so a store that sells out live stays visibly chosen
      // next to its "Not available here" until the customer picks another.
      option.availability === 'none' && !selected ? null
        // The visible text starts the accessible name (WCAG 2.5.3); the store
        // name is added for screen readers, which hear the buttons out of context.
        : h('button', {
          type: 'button', class: selected ? '' : 'primary', dataset: { focusKey: `store-${option.store}` },
          aria: { pressed: selected ? 'true' : 'false' },
          on: { click: () => a.choosePickupStore(option.store) },
        }, selected ? 'Your pickup store' : 'Pick up here', h('span', { class: 'visually-hidden', text: `: ${option.name}` })));
  });
  const hint = s.location ? null : h('p', { class: 'muted', text: 'Enter a ZIP code or use your location to sort stores by distance.' });
  // The nearest few (and the chosen one) first; the rest on request.
  const limit = 3;
  const visible = s.showAllStores ? items : items.filter((item, i) => i < limit || item.dataset.store === s.pickupStore);
  const more = items.length > visible.length || s.showAllStores
    ? h('button', {
      type: 'button', class: 'link', dataset: { focusKey: 'stores-more' }, aria: { expanded: s.showAllStores ? 'true' : 'false' },
      on: { click: () => a.toggleAllStores() },
      text: s.showAllStores ? 'Show fewer stores' : `Show all ${items.length} stores`,
    }) : null;
  return [hint, h('ul', { class: 'stores', aria: { label: 'Stores' } }, visible), more];
}

export function renderStoreSearch(s, a) {
  const inputId = uid('zip');
  const errorId = uid('zip-error');
  const input = h('input', {
    id: inputId, name: 'postal', inputmode: 'numeric', autocomplete: 'postal-code', maxlength: 10,
    value: s.location?.postal_code ?? s.destination?.postal_code ?? '', dataset: { focusKey: 'store-zip' },
    aria: { describedby: errorId },
  });
  return h('form', {
    class: 'store-search', novalidate: true,
    on: { submit: (e) => { e.preventDefault(); a.searchStores(input.value, errorId); } },
  },
  h('div', { class: 'field' }, h('label', { for: inputId, text: 'ZIP code' }), input),
  h('button', { type: 'submit', dataset: { focusKey: 'store-find' }, text: 'Find stores' }),
  typeof navigator !== 'undefined' && navigator.geolocation
    ? h('button', { type: 'button', dataset: { focusKey: 'store-geo' }, on: { click: () => a.useMyLocation(errorId) }, text: 'Use my location' })
    : null,
  h('p', { id: errorId, class: 'error-text', role: 'alert', dataset: { role: 'store-search-error' } }));
}

export function renderShipping(s, a) {
  const { quote } = s;
  const out = [];
  const shipping = quote?.shipping;
  if (!shipping?.needed) {
    out.push(h('p', { class: 'muted', text: s.cart.lines.length ? 'Nothing to ship: everything is picked up in store.' : 'Add items to see shipping options.' }));
    return out;
  }
  const messages = (quote.messages ?? []).filter((m) => m.line === undefined
    && ['shipping_needs_destination', 'no_shipping_option', 'shipping_method_unavailable'].includes(m.code));
  for (const m of messages) out.push(h('p', { class: 'warn-text', dataset: { code: m.code }, text: m.message }));
  const options = shipping.options ?? [];
  if (options.length) {
    const name = uid('ship');
    out.push(h('fieldset', { class: 'options' },
      h('legend', { class: 'visually-hidden', text: 'Shipping method' }),
      options.map((o) => h('label', { class: 'choice', dataset: { method: o.method } },
        h('input', {
          type: 'radio', name, value: o.method, checked: o.method === shipping.selected,
          dataset: { focusKey: `ship-${o.method}` }, on: { change: () => a.chooseShipping(o.method) },
        }),
        h('span', { class: 'grow' },
          h('span', { text: o.name }),
          h('br'),
          h('span', { class: 'muted', text: `Arrives ${formatDateRange(o.delivery.earliest, o.delivery.latest, s.locale)}` })),
        h('span', { class: 'price', text: o.free ? 'Free' : s.money(o.price) })))));
    const selected = options.find((o) => o.method === shipping.selected);
    if (selected?.free_over !== undefined) {
      if (selected.free) {
        out.push(h('p', { class: 'ok-text', dataset: { role: 'free-shipping' }, text: `You've unlocked free ${selected.name} shipping.` }));
      } else if (selected.remaining_for_free > 0) {
        const progressLabel = uid('progress');
        out.push(h('div', { dataset: { role: 'free-shipping' } },
          h('p', { class: 'progress-text', id: progressLabel, text: `Add ${s.money(selected.remaining_for_free)} more for free ${selected.name} shipping.` }),
          h('progress', { max: selected.free_over, value: selected.free_over - selected.remaining_for_free, aria: { labelledby: progressLabel } })));
      }
    }
  }
  return out;
}

export function renderDestination(s, a) {
  const inputId = uid('dest');
  const errorId = uid('dest-error');
  const dest = s.destination;
  const input = h('input', {
    id: inputId, name: 'destination-postal', inputmode: 'numeric', autocomplete: 'postal-code', maxlength: 10,
    value: dest?.postal_code ?? '', dataset: { focusKey: 'dest-zip' }, aria: { describedby: errorId },
  });
  return h('form', {
    class: 'store-search', novalidate: true,
    on: { submit: (e) => { e.preventDefault(); a.setDestinationZip(input.value, errorId); } },
  },
  h('div', { class: 'field' }, h('label', { for: inputId, text: 'Deliver to ZIP code' }), input),
  h('button', { type: 'submit', dataset: { focusKey: 'dest-update' }, text: dest?.postal_code ? 'Update' : 'Estimate' }),
  h('p', { id: errorId, class: 'error-text', role: 'alert' }));
}

export function renderCoupon(s, a) {
  const inputId = uid('coupon');
  const feedbackId = uid('coupon-feedback');
  const fb = s.couponFeedback;
  const input = h('input', {
    id: inputId, name: 'coupon', autocomplete: 'off', autocapitalize: 'characters', maxlength: 40,
    value: s.couponDraft, dataset: { focusKey: 'coupon-input' },
    aria: { describedby: feedbackId, invalid: fb && !fb.ok ? 'true' : undefined },
    on: { input: (e) => a.setCouponDraft(e.target.value) },
  });
  const applied = (s.quote?.promotions?.applied ?? []).filter((p) => p.code);
  return [
    h('form', { novalidate: true, on: { submit: (e) => { e.preventDefault(); a.applyCoupon(input.value); } } },
      h('label', { for: inputId, text: 'Promo code' }),
      h('div', { class: 'coupon-row' }, input, h('button', { type: 'submit', dataset: { focusKey: 'coupon-apply' }, text: 'Apply' })),
      h('p', {
        id: feedbackId, role: 'status', dataset: { role: 'coupon-feedback', state: fb ? (fb.ok ? 'accepted' : 'refused') : '' },
        class: fb ? (fb.ok ? 'ok-text' : 'error-text') : '', text: fb?.message ?? '',
      })),
    applied.length ? h('ul', { class: 'applied-codes', aria: { label: 'Applied codes' } }, applied.map((p) => h('li', {},
      h('span', {}, h('strong', { text: p.code }), ` ${p.title}`),
      h('button', {
        type: 'button', class: 'link', dataset: { focusKey: `coupon-remove-${p.code}` },
        aria: { label: `Remove code ${p.code}` }, on: { click: () => a.removeCoupon(p.code) }, text: 'Remove',
      })))) : null,
    // An exclusive code's effect on the cart's automatic offers, said (the core's message).
    (s.quote?.messages ?? []).filter((m) => m.code === 'promotion_set_aside')
      .map((m) => h('p', { class: 'muted', dataset: { code: m.code }, text: m.message })),
  ];
}

// The totals list. The region that holds it is aria-live="polite", so a
// change is announced; only the numbers change, never the structure.
export function renderTotals(s, quote = s.quote) {
  if (!quote) return [h('p', { class: 'muted', text: 'Calculating…' })];
  const t = quote.totals;
  const rows = [];
  const row = (label, value, role, amount, cls) => {
    rows.push(h('dt', { class: cls, text: label }), h('dd', { class: cls, dataset: { total: role, amount: String(amount) }, text: value }));
  };
  // Without a ZIP the core cannot know the tax of shipped lines yet: say so
  // rather than show a tax of zero.
  const needsAddressForTax = (quote.messages ?? []).some((m) => m.code === 'tax_needs_destination')
    || (quote.shipping?.needed && !s.destination?.postal_code);
  row('Subtotal', s.money(t.subtotal), 'subtotal', t.subtotal);
  if (t.discounts > 0) row('Discounts', `−${s.money(t.discounts)}`, 'discounts', t.discounts, 'discount');
  let shippingText;
  if (!quote.shipping?.needed) shippingText = quote.lines.length ? 'Pickup: free' : s.money(0);
  else if (!quote.shipping.selected) shippingText = 'Enter ZIP';
  else shippingText = t.shipping === 0 ? 'Free' : s.money(t.shipping);
  row('Shipping', shippingText, 'shipping', t.shipping);
  if (t.tax_included) row('Included tax', s.money(t.tax), 'tax', t.tax);
  else row('Tax', needsAddressForTax ? 'Calculated at checkout' : s.money(t.tax), 'tax', t.tax);
  row('Total', s.money(t.grand_total), 'grand_total', t.grand_total, 'grand');
  const applied = quote.promotions?.applied ?? [];
  return [
    h('dl', { class: 'totals' }, rows),
    applied.length ? h('ul', { class: 'muted', aria: { label: 'Savings' } },
      applied.map((p) => h('li', { text: `${p.title}: ${p.free_shipping && p.amount === 0 ? 'free shipping' : `−${s.money(p.amount + (p.shipping_discount || 0))}`}` }))) : null,
  ];
}
