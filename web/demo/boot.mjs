// Runs before the rest of the shop has loaded (it imports only the small
// cart-storage module): the view the URL names and the cart badge from the
// saved cart, at once, so /#/cart never shows the home page or "Cart 0"
// while the bundle, the core and the catalog are on their way.
import { savedItemCount, storageKey } from '/web/checkout/cart-storage.mjs';

const $ = (id) => document.getElementById(id);

// Which of the shop's views the hash names: 'shop', 'product' or 'cart'.
export function viewOf(hash = location.hash || '#/') {
  if (hash === '#/cart') return 'cart';
  return /^#\/product\/(.+)$/.test(hash) ? 'product' : 'shop';
}

export function showView(view = viewOf()) {
  $('shop-view').hidden = view !== 'shop';
  $('product-view').hidden = view !== 'product';
  $('cart-view').hidden = view !== 'cart';
  $('checkout').hidden = view !== 'cart';
  for (const a of document.querySelectorAll('[data-nav]')) {
    if ((a.dataset.nav === 'cart') === (view === 'cart')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// "Cart, 3 items" until shop.mjs knows the page's language (setCartLabel).
let cartLabel = (count) => `Cart, ${count} ${count === 1 ? 'item' : 'items'}`;
export function setCartLabel(label) { cartLabel = label; }

export function showCartCount(count) {
  $('cart-count').textContent = String(count);
  $('cart-link').setAttribute('aria-label', cartLabel(count));
}

function localStorageOrNull() {
  try { return window.localStorage; } catch { return null; }
}

showView();
// The widget's default storage namespace is the checkout server's origin: this one.
showCartCount(savedItemCount(localStorageOrNull(), storageKey(location.origin)));
