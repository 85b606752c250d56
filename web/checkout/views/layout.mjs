// The skeletons of the screens (loading, cart, checkout) and the notices.
// A skeleton is built once per screen; it returns its DOM and the regions
// (named containers) the widget fills from the state on every change.
import { h, uid } from '../dom.mjs';

// At once, from local data only: the saved cart's size and a placeholder row
// per line, so the page does not jump when the priced cart replaces it.
export function renderLoading(s, count, savedLines) {
  const rows = savedLines.slice(0, 10).map(() => h('li', { class: 'skeleton-line' }, h('span', { class: 'skeleton-thumb' }), h('span', { class: 'skeleton-text' })));
  return h('div', { class: 'layout-root', dir: s.dir, lang: s.lang, dataset: { view: 'loading' }, aria: { busy: 'true' } },
    h('section', { class: 'panel' },
      h('h2', { text: cartTitle(s, count) }),
      rows.length ? h('ul', { class: 'skeleton', aria: { hidden: 'true' } }, rows) : null,
      h('div', { class: 'loading', role: 'status', text: s.t('cart.loading') })));
}

export const cartTitle = (s, count) => (count ? s.t('cart.title_count', { count }) : s.t('cart.title'));

export function renderLoadError(s, a) {
  // The shopper gets words they can act on; the exception text goes to the
  // merchant's error event only.
  return h('div', { class: 'notice error', role: 'alert', dir: s.dir, lang: s.lang, dataset: { role: 'load-error' } },
    h('p', { text: s.t('cart.load_failed') }),
    h('p', { class: 'muted', text: s.t('order.check_connection') }),
    h('button', { type: 'button', class: 'primary', text: s.t('order.try_again'), on: { click: () => a.restart() } }));
}

// The regions in the order a shopper needs them, which is also the DOM (and
// so the keyboard) order: lines, shipping estimate, summary, code, then the
// store chooser (folded until asked), and a bar holding the total and
// "Check out" kept in view on phones. Phones show them in one column as they
// come; wide, the grid puts the store chooser under the lines, beside the
// shipping, summary and code column (styles.mjs), without reordering.
export function cartSkeleton(r, s, a) {
  r.cartTitle = h('h2', { id: 'cart-title', tabindex: '-1', dataset: { focusTarget: 'cart' } });
  r.lines = h('div', { dataset: { role: 'lines' } });
  r.storeSearch = h('div');
  r.stores = h('div', { dataset: { role: 'stores' } });
  r.destination = h('div');
  r.shipping = h('div', { dataset: { role: 'shipping' } });
  r.coupon = h('div', { dataset: { role: 'coupon' } });
  r.checkoutButton = h('button', {
    type: 'button', class: 'primary wide', dataset: { role: 'checkout', focusKey: 'checkout' },
    on: { click: () => a.showCheckout() }, text: s.t('cart.check_out'),
  });
  const storesHeading = uid('h');
  const storesBody = uid('stores');
  const shipHeading = uid('h');
  const couponHeading = uid('h');
  const totalsHeading = uid('h');
  r.storesToggle = h('button', {
    type: 'button', class: 'link', dataset: { role: 'stores-toggle', focusKey: 'stores-toggle' },
    aria: { controls: storesBody, expanded: 'false' }, on: { click: () => a.toggleStores() }, text: s.t('cart.choose_store'),
  });
  r.storesBody = h('div', { id: storesBody }, r.storeSearch, r.stores);
  r.storesPanel = h('section', { class: 'panel stores-panel', aria: { labelledby: storesHeading } },
    h('h3', { id: storesHeading, text: s.t('cart.pick_up_in_store') }), r.storesToggle, r.storesBody);
  r.barTotal = h('strong', { dataset: { role: 'bar-total' } });
  r.barButton = h('button', {
    type: 'button', class: 'primary', dataset: { role: 'checkout', focusKey: 'bar-checkout' },
    on: { click: () => a.showCheckout() }, text: s.t('cart.check_out'),
  });
  r.bar = h('div', { class: 'checkout-bar', dataset: { role: 'checkout-bar' } },
    h('p', {}, s.parts('summary.total_amount', { total: h('bdi', {}, r.barTotal) })), r.barButton);
  return h('div', { class: 'layout cart-layout' },
    h('section', { class: 'panel lines-panel', aria: { labelledby: 'cart-title' } }, r.cartTitle, r.lines),
    h('div', { class: 'summary' },
      h('section', { class: 'panel ship-panel', aria: { labelledby: shipHeading } },
        h('h3', { id: shipHeading, text: s.t('shipping.title') }), r.destination, r.shipping),
      h('section', { class: 'panel totals-panel', aria: { labelledby: totalsHeading } },
        h('h3', { id: totalsHeading, text: s.t('summary.title') }), r.totals, r.checkoutButton),
      h('section', { class: 'panel coupon-panel', aria: { labelledby: couponHeading } },
        h('h3', { id: couponHeading, text: s.t('promo.have_code') }), r.coupon)),
    r.storesPanel,
    r.bar);
}

// The form, then (in a column of its own when wide) the shipping method and
// the summary, then "Place order" (a submit button of the form, outside it):
// on a phone the shopper reads what they pay before the button.
export function checkoutSkeleton(r, s) {
  r.form = h('div', { dataset: { role: 'checkout-form' } });
  r.shipping = h('div', { dataset: { role: 'shipping' } });
  r.summaryLines = h('ul', { class: 'muted', aria: { label: s.t('summary.items') } });
  r.actions = h('div', { class: 'checkout-actions' });
  const totalsHeading = uid('h');
  const shipHeading = uid('h');
  return h('div', { class: 'layout checkout-layout' },
    h('div', { class: 'main' },
      h('section', { class: 'panel' },
        h('h2', { tabindex: '-1', dataset: { focusTarget: 'checkout' }, text: s.t('checkout.title') }),
        r.form)),
    h('div', { class: 'summary' },
      s.needsShippingAddress ? h('section', { class: 'panel', aria: { labelledby: shipHeading } },
        h('h3', { id: shipHeading, text: s.t('shipping.method') }), r.shipping) : null,
      h('section', { class: 'panel', aria: { labelledby: totalsHeading } },
        h('h3', { id: totalsHeading, text: s.t('summary.title') }), r.summaryLines, r.totals)),
    r.actions);
}

export function renderNotices(s, a) {
  return [
    ...s.notices.map((n) => h('div', {
      class: ['notice', n.kind], tabindex: '-1', role: n.kind === 'error' || n.kind === 'warn' ? 'alert' : 'status',
      dataset: { notice: n.tag ?? n.kind },
    },
    h('p', { text: n.message }),
    n.detail ? h('ul', {}, n.detail.map((d) => h('li', { text: d }))) : null,
    h('button', { type: 'button', class: 'link', dataset: { focusKey: `dismiss-${n.id}` }, on: { click: () => a.dismissNotice(n.id) }, text: s.t('order.dismiss') }))),
    s.quoteError ? h('div', { class: 'notice error', role: 'alert', dataset: { notice: 'quote-error' } },
      h('p', { text: s.said('error', s.quoteError.code, s.quoteError.params, s.quoteError.message) })) : null,
  ];
}

export function renderSummaryLines(s) {
  return (s.quote?.lines ?? []).map((l) => {
    const name = s.t('summary.item', { quantity: l.quantity, name: `${l.title}${l.variant_title ? ` (${l.variant_title})` : ''}` });
    return h('li', { text: s.t(l.fulfilment.type === 'pickup' ? 'summary.line_pickup' : 'summary.line', { name, total: l.total }) });
  });
}
