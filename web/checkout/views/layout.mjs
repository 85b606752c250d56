// The skeletons of the screens (loading, cart, checkout) and the notices.
// A skeleton is built once per screen; it returns its DOM and the regions
// (named containers) the widget fills from the state on every change.
import { h, uid } from '../dom.mjs';

// At once, from local data only: the saved cart's size and a placeholder row
// per line, so the page does not jump when the priced cart replaces it.
export function renderLoading(count, savedLines) {
  const rows = savedLines.slice(0, 10).map(() => h('li', { class: 'skeleton-line' }, h('span', { class: 'skeleton-thumb' }), h('span', { class: 'skeleton-text' })));
  return h('div', { class: 'layout-root', dataset: { view: 'loading' }, aria: { busy: 'true' } },
    h('section', { class: 'panel' },
      h('h2', { text: cartTitle(count) }),
      rows.length ? h('ul', { class: 'skeleton', aria: { hidden: 'true' } }, rows) : null,
      h('div', { class: 'loading', role: 'status', text: 'Loading your cart…' })));
}

export const cartTitle = (count) => (count ? `Your cart (${count} ${count === 1 ? 'item' : 'items'})` : 'Your cart');

export function renderLoadError(a) {
  // The shopper gets words they can act on; the exception text goes to the
  // merchant's error event only.
  return h('div', { class: 'notice error', role: 'alert', dataset: { role: 'load-error' } },
    h('p', { text: 'The checkout could not load. Your cart is saved.' }),
    h('p', { class: 'muted', text: 'Check your connection and try again.' }),
    h('button', { type: 'button', class: 'primary', text: 'Try again', on: { click: () => a.restart() } }));
}

export function cartSkeleton(r, a) {
  r.cartTitle = h('h2', { id: 'cart-title', tabindex: '-1', dataset: { focusTarget: 'cart' } });
  r.lines = h('div', { dataset: { role: 'lines' } });
  r.storeSearch = h('div');
  r.stores = h('div', { dataset: { role: 'stores' } });
  r.destination = h('div');
  r.shipping = h('div', { dataset: { role: 'shipping' } });
  r.coupon = h('div', { dataset: { role: 'coupon' } });
  r.checkoutButton = h('button', {
    type: 'button', class: 'primary wide', dataset: { role: 'checkout', focusKey: 'checkout' },
    on: { click: () => a.showCheckout() }, text: 'Check out',
  });
  const storesHeading = uid('h');
  const shipHeading = uid('h');
  const couponHeading = uid('h');
  const totalsHeading = uid('h');
  r.storesPanel = h('section', { class: 'panel', aria: { labelledby: storesHeading } },
    h('h3', { id: storesHeading, text: 'Pick up in store' }), r.storeSearch, r.stores);
  return h('div', { class: 'layout' },
    h('div', { class: 'main' },
      h('section', { class: 'panel', aria: { labelledby: 'cart-title' } }, r.cartTitle, r.lines),
      r.storesPanel),
    h('div', { class: 'summary' },
      h('section', { class: 'panel', aria: { labelledby: shipHeading } },
        h('h3', { id: shipHeading, text: 'Shipping' }), r.destination, r.shipping),
      h('section', { class: 'panel', aria: { labelledby: couponHeading } },
        h('h3', { id: couponHeading, text: 'Have a promo code?' }), r.coupon),
      h('section', { class: 'panel', aria: { labelledby: totalsHeading } },
        h('h3', { id: totalsHeading, text: 'Order summary' }), r.totals, r.checkoutButton)));
}

export function checkoutSkeleton(r, s) {
  r.form = h('div', { dataset: { role: 'checkout-form' } });
  r.shipping = h('div', { dataset: { role: 'shipping' } });
  r.summaryLines = h('ul', { class: 'muted', aria: { label: 'Items' } });
  const totalsHeading = uid('h');
  const shipHeading = uid('h');
  return h('div', { class: 'layout' },
    h('div', { class: 'main' },
      h('section', { class: 'panel' },
        h('h2', { tabindex: '-1', dataset: { focusTarget: 'checkout' }, text: 'Checkout' }),
        r.form)),
    h('div', { class: 'summary' },
      s.needsShippingAddress ? h('section', { class: 'panel', aria: { labelledby: shipHeading } },
        h('h3', { id: shipHeading, text: 'Shipping method' }), r.shipping) : null,
      h('section', { class: 'panel', aria: { labelledby: totalsHeading } },
        h('h3', { id: totalsHeading, text: 'Order summary' }), r.summaryLines, r.totals)));
}

export function renderNotices(s, a) {
  return [
    ...s.notices.map((n) => h('div', {
      class: ['notice', n.kind], tabindex: '-1', role: n.kind === 'error' || n.kind === 'warn' ? 'alert' : 'status',
      dataset: { notice: n.tag ?? n.kind },
    },
    h('p', { text: n.message }),
    n.detail ? h('ul', {}, n.detail.map((d) => h('li', { text: d }))) : null,
    h('button', { type: 'button', class: 'link', dataset: { focusKey: `dismiss-${n.id}` }, on: { click: () => a.dismissNotice(n.id) }, text: 'Dismiss' }))),
    s.quoteError ? h('div', { class: 'notice error', role: 'alert', dataset: { notice: 'quote-error' } }, h('p', { text: s.quoteError.message })) : null,
  ];
}

export function renderSummaryLines(s) {
  return (s.quote?.lines ?? []).map((l) => h('li', {
    text: `${l.quantity} × ${l.title}${l.variant_title ? ` (${l.variant_title})` : ''}: ${s.money(l.total)}${l.fulfilment.type === 'pickup' ? ' · pickup' : ''}`,
  }));
}
