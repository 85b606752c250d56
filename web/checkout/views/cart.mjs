// The cart screen's regions: lines, store chooser, shipping, coupon, totals.
// Each is a function of (state, actions) that returns fresh DOM for its
// region: it reads the state and never writes it; what the shopper does goes
// to an action. The widget swaps the DOM in while keeping focus (dom.mjs).
import { h, uid } from '../dom.mjs';
import { formatDateRange, describeReadyTime } from '../format.mjs';
import { postalInput } from '../i18n/address-formats.mjs';
import { countryChoices } from './address-fields.mjs';

const initials = (title) => title.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');

function lineMessages(quote, index) {
  return (quote?.messages ?? []).filter((m) => m.line === index);
}

// When a store has the items ready, in the shopper's words ("tomorrow at 10:30").
// The time is the store's wall time: the shopper goes to the store.
export function readyWords(s, readyLocal) {
  const r = describeReadyTime(readyLocal, s.now, s.locale);
  if (!r) return null;
  if (r.days === 0) return s.t('pickup.ready_today', { time: readyLocal });
  if (r.days === 1) return s.t('pickup.ready_tomorrow', { time: readyLocal });
  return s.t('pickup.ready_on', { date: readyLocal, time: readyLocal });
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
    return [h('p', { class: 'empty', text: s.t('cart.empty') })];
  }
  return [h('ul', { class: 'lines', aria: { label: s.t('cart.items_heading') } }, lines.map((line, index) => {
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
      q?.compare_at_price > q?.unit_price ? h('s', { aria: { label: s.t('cart.was', { price: q.compare_at_price }) } }, h('bdi', { text: s.money(q.compare_at_price) })) : null,
      h('span', { text: q ? s.t('cart.each', { price: q.unit_price }) : '' }),
      h('div', { class: 'line-total', dataset: { amount: q?.total ?? '' } }, h('strong', {}, h('bdi', { text: q ? s.money(q.subtotal) : '' }))),
      ...(q?.discounts ?? []).map((d) => h('div', { class: 'discount', text: s.t('cart.line_discount', { amount: d.amount, title: s.promotionTitle(d.promotion) }) })));

    const notes = [];
    const pending = s.pendingPickup.has(line);
    if (pending) notes.push(h('p', { class: 'warn-text note', text: s.t('cart.choose_pickup_store_below') }));
    if (line.fulfilment.type === 'pickup') {
      const option = storeOption(quote, line.fulfilment.store);
      const avail = option?.lines?.find((l) => l.line === index);
      const storeName = option?.name ?? s.index.store(line.fulfilment.store)?.name ?? line.fulfilment.store;
      if (avail && avail.available >= avail.requested) {
        const ready = option.ready_local ? readyWords(s, option.ready_local) : null;
        notes.push(h('p', { class: 'ok-text note', text: ready ? s.t('cart.in_stock_at_ready', { store: storeName, ready }) : s.t('cart.in_stock_at', { store: storeName }) }));
      }
    }
    for (const m of lineMessages(quote, index)) {
      notes.push(h('p', { class: 'warn-text note', dataset: { code: m.code }, text: s.quoteMessage(m) }));
    }
    if (!pickupAllowed) notes.push(h('p', { class: 'muted note', text: s.t('cart.ships_only') }));

    return h('li', { class: 'line', dataset: { sku: line.sku, index: String(index) } },
      thumb(s, product, variant),
      h('div', { class: 'line-head' },
        h('div', {},
          h('div', { class: 'line-title', text: product.title }),
          variant.title ? h('div', { class: 'muted', text: variant.title }) : null),
        priceBlock),
      h('div', { class: 'line-controls' },
        h('div', { class: 'stepper', role: 'group', aria: { label: s.t('cart.quantity_of', { name }) } },
          h('button', {
            type: 'button', dataset: { focusKey: `${key}-dec` }, aria: { label: s.t('cart.decrease_quantity', { name }) },
            disabled: line.quantity <= 1, on: { click: () => a.setQuantity(index, line.quantity - 1) }, text: '−',
          }),
          h('output', { aria: { live: 'off' }, dataset: { role: 'quantity' }, text: s.t('cart.quantity', { quantity: line.quantity }) }),
          h('button', {
            type: 'button', dataset: { focusKey: `${key}-inc` }, aria: { label: s.t('cart.increase_quantity', { name }) },
            disabled: line.quantity >= maxQty, on: { click: () => a.setQuantity(index, line.quantity + 1) }, text: '+',
          })),
        h('button', {
          type: 'button', class: 'link', dataset: { focusKey: `${key}-remove` }, aria: { label: s.t('cart.remove_item', { name }) },
          on: { click: () => a.removeLine(index) }, text: s.t('cart.remove'),
        }),
        perOrder < 1_000_000 ? h('span', { class: 'muted', text: s.t('cart.limit_per_order', { max: perOrder }) }) : null),
      h('fieldset', { class: 'fulfilment' },
        h('legend', { class: 'visually-hidden', text: s.t('cart.how_to_get', { name }) }),
        h('label', { class: 'choice' },
          h('input', {
            type: 'radio', name: radioName, value: 'ship', checked: line.fulfilment.type === 'ship' && !pending,
            dataset: { focusKey: `${key}-ship` }, on: { change: () => a.setFulfilment(index, 'ship') },
          }),
          h('span', { class: 'grow', text: s.t('cart.ship_to_me') })),
        h('label', { class: 'choice' },
          h('input', {
            type: 'radio', name: radioName, value: 'pickup', checked: line.fulfilment.type === 'pickup' || pending,
            disabled: !pickupAllowed, dataset: { focusKey: `${key}-pickup` },
            on: { change: () => a.setFulfilment(index, 'pickup') },
          }),
          h('span', { class: 'grow', text: store ? s.t('pickup.pick_up_at', { store: store.name }) : s.t('cart.pick_up_in_store') })),
        ...notes));
  }))];
}

function availabilityText(s, option, lineCount) {
  if (lineCount === 0) return { cls: 'muted', text: s.t('pickup.add_items') };
  const full = option.lines.filter((l) => l.available >= l.requested).length;
  if (option.availability === 'all') return { cls: 'avail-all', text: lineCount === 1 ? s.t('pickup.in_stock') : s.t('pickup.all_available', { count: lineCount }) };
  if (option.availability === 'none') return { cls: 'avail-none', text: s.t('pickup.not_available_here') };
  if (full === 0) return { cls: 'avail-partial', text: s.t('pickup.some_units') };
  return { cls: 'avail-partial', text: s.t('pickup.some_available', { available: full, count: lineCount }) };
}

export function renderStores(s, a) {
  const stores = s.quote?.pickup?.stores ?? [];
  const lineCount = s.cart.lines.filter((l) => s.index.pickupEligible(l.sku)).length;
  const items = stores.map((option) => {
    const store = s.index.store(option.store);
    const selected = option.store === s.pickupStore;
    const avail = availabilityText(s, option, lineCount);
    const ready = option.ready_local && option.availability !== 'none' ? readyWords(s, option.ready_local) : null;
    const headingId = uid('store');
    return h('li', { class: ['store', selected && 'selected'], dataset: { store: option.store }, aria: { labelledby: headingId } },
      h('div', { class: 'store-head' },
        h('h4', { id: headingId, text: option.name }),
        option.distance_m !== undefined ? h('bdi', { class: 'muted', text: s.t('pickup.distance', { distance: option.distance_m }) }) : null),
      store?.address ? h('p', { class: 'muted', text: store.address }) : null,
      h('p', {},
        h('span', { class: avail.cls, dataset: { availability: option.availability }, text: avail.text }),
        ready ? h('span', { text: ` · ${s.t('pickup.ready', { ready })}` }) : null),
      h('p', {},
        option.curbside ? h('span', { class: 'badge', text: s.t('pickup.curbside') }) : null,
        h('span', { class: 'badge', text: s.t('pickup.title') })),
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
        }, s.t(selected ? 'pickup.your_store' : 'pickup.pick_up_here'), h('span', { class: 'visually-hidden', text: `: ${option.name}` })));
  });
  const hint = s.location ? null : h('p', { class: 'muted', text: s.t('pickup.find_hint') });
  // The nearest few (and the chosen one) first; the rest on request.
  const limit = 3;
  const visible = s.showAllStores ? items : items.filter((item, i) => i < limit || item.dataset.store === s.pickupStore);
  const more = items.length > visible.length || s.showAllStores
    ? h('button', {
      type: 'button', class: 'link', dataset: { focusKey: 'stores-more' }, aria: { expanded: s.showAllStores ? 'true' : 'false' },
      on: { click: () => a.toggleAllStores() },
      text: s.showAllStores ? s.t('pickup.show_fewer_stores') : s.t('pickup.show_all_stores', { count: items.length }),
    }) : null;
  return [hint, h('ul', { class: 'stores', aria: { label: s.t('pickup.stores') } }, visible), more];
}

// A postal code field of `country` as the per-country table has it (the
// checkout form's too): its keyboard (letters where codes have them, as in
// GB and CA), its length and its example as the placeholder. Codes read left
// to right on a right-to-left page as well.
function postalCodeInput(country, props) {
  const postal = postalInput(country);
  return h('input', {
    ...props, autocomplete: 'postal-code', autocapitalize: postal.inputmode ? undefined : 'characters', dir: 'ltr',
    inputmode: postal.inputmode, maxlength: postal.maxlength, placeholder: postal.example ?? undefined,
  });
}

export function renderStoreSearch(s, a) {
  const inputId = uid('zip');
  const errorId = uid('zip-error');
  const country = s.storeCountry;
  const typed = s.location?.postal_code ?? (s.destination?.country === country ? s.destination?.postal_code : undefined);
  const input = postalCodeInput(country, {
    id: inputId, name: 'postal', value: typed ?? '', dataset: { focusKey: 'store-zip' }, aria: { describedby: errorId },
  });
  return h('form', {
    class: 'store-search', novalidate: true, dataset: { country },
    on: { submit: (e) => { e.preventDefault(); a.searchStores(input.value, errorId); } },
  },
  h('div', { class: 'field' }, h('label', { for: inputId, text: s.t(postalInput(country).label) }), input),
  h('button', { type: 'submit', dataset: { focusKey: 'store-find' }, text: s.t('pickup.find_stores') }),
  typeof navigator !== 'undefined' && navigator.geolocation
    ? h('button', { type: 'button', dataset: { focusKey: 'store-geo' }, on: { click: () => a.useMyLocation(errorId) }, text: s.t('pickup.use_my_location') })
    : null,
  h('p', { id: errorId, class: 'error-text', role: 'alert', dataset: { role: 'store-search-error' } }));
}

export function renderShipping(s, a) {
  const { quote } = s;
  const out = [];
  const shipping = quote?.shipping;
  if (!shipping?.needed) {
    out.push(h('p', { class: 'muted', text: s.t(s.cart.lines.length ? 'shipping.nothing_to_ship' : 'shipping.add_items') }));
    return out;
  }
  const messages = (quote.messages ?? []).filter((m) => m.line === undefined
    && ['shipping_needs_destination', 'no_shipping_option', 'shipping_method_unavailable'].includes(m.code));
  for (const m of messages) out.push(h('p', { class: 'warn-text', dataset: { code: m.code }, text: s.quoteMessage(m) }));
  const options = shipping.options ?? [];
  if (options.length) {
    const name = uid('ship');
    out.push(h('fieldset', { class: 'options' },
      h('legend', { class: 'visually-hidden', text: s.t('shipping.method') }),
      options.map((o) => h('label', { class: 'choice', dataset: { method: o.method } },
        h('input', {
          type: 'radio', name, value: o.method, checked: o.method === shipping.selected,
          dataset: { focusKey: `ship-${o.method}` }, on: { change: () => a.chooseShipping(o.method) },
        }),
        h('span', { class: 'grow' },
          h('span', { text: o.name }),
          h('br'),
          h('span', { class: 'muted', text: s.t('shipping.arrives', { dates: formatDateRange(o.delivery.earliest, o.delivery.latest, s.locale) }) })),
        h('bdi', { class: 'price', text: o.free ? s.t('shipping.free') : s.money(o.price) })))));
    const selected = options.find((o) => o.method === shipping.selected);
    if (selected?.free_over !== undefined) {
      if (selected.free) {
        out.push(h('p', { class: 'ok-text', dataset: { role: 'free-shipping' }, text: s.t('shipping.free_unlocked', { method: selected.name }) }));
      } else if (selected.remaining_for_free > 0) {
        const progressLabel = uid('progress');
        out.push(h('div', { dataset: { role: 'free-shipping' } },
          h('p', { class: 'progress-text', id: progressLabel, text: s.t('shipping.free_progress', { amount: selected.remaining_for_free, method: selected.name }) }),
          h('progress', { max: selected.free_over, value: selected.free_over - selected.remaining_for_free, aria: { labelledby: progressLabel } })));
      }
    }
  }
  return out;
}

// The delivery estimate: the country (when the merchant ships to more than
// one) and the postal code in that country's form; the checkout form starts
// from the same destination.
function destinationCountryField(s, a, country) {
  const choices = countryChoices(s, country);
  if (!choices) return null;
  const id = uid('dest-country');
  const errorId = `${id}-error`;
  return h('div', { class: 'field' }, h('label', { for: id, text: s.t('checkout.country') }),
    h('select', {
      id, name: 'destination-country', autocomplete: 'country', dataset: { focusKey: 'dest-country' },
      aria: { invalid: choices.notShipped ? 'true' : undefined, describedby: choices.notShipped ? errorId : undefined },
      on: { change: (e) => a.setDestinationCountry(e.target.value) },
    }, choices.options.map((c) => h('option', { value: c.code, selected: c.code === country, text: c.text }))),
    choices.notShipped ? h('p', { id: errorId, class: 'error-text', text: choices.notShipped }) : null);
}

export function renderDestination(s, a) {
  const inputId = uid('dest');
  const errorId = uid('dest-error');
  const dest = s.destination;
  const country = dest?.country ?? s.address.country;
  const input = postalCodeInput(country, {
    id: inputId, name: 'destination-postal', value: dest?.postal_code ?? '', dataset: { focusKey: 'dest-zip' },
    aria: { describedby: errorId },
  });
  const label = s.t('shipping.deliver_to_postal', { label: s.t(postalInput(country).label) });
  return h('form', {
    class: 'store-search', novalidate: true, dataset: { country },
    on: { submit: (e) => { e.preventDefault(); a.setDestinationZip(input.value, errorId); } },
  },
  destinationCountryField(s, a, country),
  h('div', { class: 'field' }, h('label', { for: inputId, text: label }), input),
  h('button', { type: 'submit', dataset: { focusKey: 'dest-update' }, text: s.t(dest?.postal_code ? 'shipping.update' : 'shipping.estimate') }),
  h('p', { id: errorId, class: 'error-text', role: 'alert', dataset: { role: 'destination-error' } }));
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
      h('label', { for: inputId, text: s.t('promo.label') }),
      h('div', { class: 'coupon-row' }, input, h('button', { type: 'submit', dataset: { focusKey: 'coupon-apply' }, text: s.t('promo.apply') })),
      h('p', {
        id: feedbackId, role: 'status', dataset: { role: 'coupon-feedback', state: fb ? (fb.ok ? 'accepted' : 'refused') : '' },
        class: fb ? (fb.ok ? 'ok-text' : 'error-text') : '', text: fb?.message ?? '',
      })),
    applied.length ? h('ul', { class: 'applied-codes', aria: { label: s.t('promo.applied_codes') } }, applied.map((p) => h('li', {},
      h('span', {}, h('bdi', {}, h('strong', { text: p.code })), ` ${p.title}`),
      h('button', {
        type: 'button', class: 'link', dataset: { focusKey: `coupon-remove-${p.code}` },
        aria: { label: s.t('promo.remove_code', { code: p.code }) }, on: { click: () => a.removeCoupon(p.code) }, text: s.t('cart.remove'),
      })))) : null,
    // An exclusive code's effect on the cart's automatic offers, said (the core's message).
    (s.quote?.messages ?? []).filter((m) => m.code === 'promotion_set_aside')
      .map((m) => h('p', { class: 'muted', dataset: { code: m.code }, text: s.quoteMessage(m) })),
  ];
}

// The totals list. The region that holds it is aria-live="polite", so a
// change is announced; only the numbers change, never the structure.
export function renderTotals(s, quote = s.quote) {
  if (!quote) return [h('p', { class: 'muted', text: s.t('shipping.calculating') })];
  const t = quote.totals;
  const rows = [];
  const row = (label, value, role, amount, cls) => {
    rows.push(h('dt', { class: cls, text: label }), h('dd', { class: cls, dataset: { total: role, amount: String(amount) } }, h('bdi', { text: value })));
  };
  // Without a ZIP the core cannot know the tax of shipped lines yet: say so
  // rather than show a tax of zero.
  const needsAddressForTax = (quote.messages ?? []).some((m) => m.code === 'tax_needs_destination')
    || (quote.shipping?.needed && !s.destination?.postal_code);
  row(s.t('summary.subtotal'), s.money(t.subtotal), 'subtotal', t.subtotal);
  if (t.discounts > 0) row(s.t('summary.discounts'), s.t('summary.minus', { amount: t.discounts }), 'discounts', t.discounts, 'discount');
  let shippingText;
  if (!quote.shipping?.needed) shippingText = quote.lines.length ? s.t('pickup.free') : s.money(0);
  else if (!quote.shipping.selected) shippingText = s.t('shipping.postal_placeholder');
  else shippingText = t.shipping === 0 ? s.t('shipping.free') : s.money(t.shipping);
  row(s.t('summary.shipping'), shippingText, 'shipping', t.shipping);
  if (t.tax_included) row(s.t('summary.included_tax'), s.money(t.tax), 'tax', t.tax);
  else row(s.t('summary.tax'), needsAddressForTax ? s.t('shipping.calculated_at_checkout') : s.money(t.tax), 'tax', t.tax);
  row(s.t('summary.total'), s.money(t.grand_total), 'grand_total', t.grand_total, 'grand');
  const applied = quote.promotions?.applied ?? [];
  return [
    h('dl', { class: 'totals' }, rows),
    applied.length ? h('ul', { class: 'muted', aria: { label: s.t('summary.savings') } },
      applied.map((p) => h('li', { text: s.t('summary.saving', {
        title: p.title,
        saved: p.free_shipping && p.amount === 0 ? s.t('promo.free_shipping') : s.t('summary.minus', { amount: p.amount + (p.shipping_discount || 0) }),
      }) }))) : null,
  ];
}
