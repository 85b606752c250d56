// The demo storefront: a product grid, product pages with pickup availability,
// and the <storefront-checkout> widget as the cart. Hash routes: #/, #/product/<id>, #/cart.
// The merchant bundle (scripts/build-web.mjs), as a shop would use it.
import { loadCatalog } from '/web/dist/storefront-checkout-0.1.0.mjs';
import { formatMoney } from '/web/checkout/format.mjs';
import { showCartCount, showView, viewOf } from '/web/demo/boot.mjs';

const PAGE_SIZE = 24;
const $ = (id) => document.getElementById(id);
const checkout = $('checkout');
const locale = document.documentElement.lang || 'en-US';

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k === 'on') for (const [t, fn] of Object.entries(v)) node.addEventListener(t, fn);
    else if (k === 'value' || k === 'checked' || k === 'selected') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// Category pictures stand in for product photos in the demo catalog.
const PICTURES = ['tees', 'tops', 'fleece', 'outerwear', 'bottoms', 'socks', 'footwear', 'bags', 'packs', 'camping',
  'tents', 'lighting', 'hydration', 'paddling', 'kitchen', 'coffee', 'gift-cards', 'accessories', 'home', 'safety'];
export function imageFor(product) {
  const cat = (product.categories ?? []).find((c) => PICTURES.includes(c)) ?? 'accessories';
  return `/web/demo/img/${cat}.svg`;
}

checkout.update({ imageFor });

let catalog = null;
let currency = { currency: 'USD', exponent: 2 };
let filter = 'all';
let shown = PAGE_SIZE;

const money = (minor) => formatMoney(minor, { locale, ...currency });
const priceRange = (p) => {
  const prices = p.variants.map((v) => v.price);
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  return lo === hi ? money(lo) : `${money(lo)} – ${money(hi)}`;
};

function renderGrid() {
  const products = catalog.products.filter((p) => filter === 'all' || p.categories?.includes(filter));
  $('product-grid').replaceChildren(...products.slice(0, shown).map((p) => el('li', { class: 'card' },
    el('a', { href: `#/product/${encodeURIComponent(p.id)}`, class: 'card-link' },
      el('img', { src: imageFor(p), alt: '', width: 160, height: 160, loading: 'lazy' }),
      el('span', { class: 'card-title', text: p.title }),
      el('span', { class: 'card-price', text: priceRange(p) })))));
  $('more-products').hidden = products.length <= shown;
}

function renderFilters() {
  const top = ['all', 'tees', 'outerwear', 'footwear', 'socks', 'camping', 'coffee', 'gift-cards'];
  $('category-filter').replaceChildren(...top.map((c) => el('button', {
    type: 'button', class: 'chip', 'aria-pressed': String(filter === c), text: c === 'all' ? 'All' : c.replace('-', ' '),
    on: { click: () => { filter = c; shown = PAGE_SIZE; renderFilters(); renderGrid(); } },
  })));
}

let currentProduct = null;

function selectedSku() {
  const checked = document.querySelector('input[name="variant"]:checked');
  return checked ? checked.value : currentProduct.variants[0].sku;
}

function renderProduct(id) {
  const p = catalog.products.find((x) => x.id === id);
  if (!p) { location.hash = '#/'; return; }
  currentProduct = p;
  $('product-title').textContent = p.title;
  $('product-description').textContent = p.description ?? '';
  $('product-image').src = imageFor(p);
  const variants = p.variants;
  const field = $('variant-field');
  if (variants.length > 1) {
    field.replaceChildren(el('fieldset', { class: 'variants' },
      el('legend', { text: 'Option' }),
      ...variants.map((v, i) => el('label', { class: 'variant' },
        el('input', { type: 'radio', name: 'variant', value: v.sku, checked: i === 0, on: { change: updateProduct } }),
        el('span', { text: v.title ?? v.sku })))));
  } else {
    field.replaceChildren();
  }
  updateProduct();
}

function updateProduct() {
  const sku = selectedSku();
  const v = currentProduct.variants.find((x) => x.sku === sku);
  $('product-price').textContent = money(v.price);
  const max = Math.min(10, v.max_per_order || 10);
  $('product-qty').replaceChildren(...Array.from({ length: max }, (_, i) => el('option', { value: String(i + 1), text: String(i + 1) })));
  $('added-message').textContent = '';
  updatePickup();
}

function updatePickup() {
  const sku = selectedSku();
  const v = currentProduct.variants.find((x) => x.sku === sku);
  const out = $('pickup-availability');
  const button = $('add-for-pickup');
  if (v.pickup_eligible === false) {
    out.textContent = 'Ships only: not available for store pickup.';
    button.hidden = true;
    return;
  }
  const stores = checkout.pickupAvailability?.(sku, Number($('product-qty').value) || 1);
  if (!stores) { out.textContent = 'Checking store availability…'; button.hidden = true; return; }
  const today = stores.filter((s) => s.available > 0 && s.readyToday);
  const any = stores.filter((s) => s.available > 0);
  const near = checkout.shopperLocated ? ' near you' : '';
  if (today.length) out.textContent = `Available for pickup today at ${today.length} ${today.length === 1 ? 'store' : 'stores'}${near}.`;
  else if (any.length) out.textContent = `Available for pickup at ${any.length} ${any.length === 1 ? 'store' : 'stores'}${near} (not today).`;
  else out.textContent = 'Not available for pickup at stores near you.';
  // Offer one-tap pickup only where we know which store the shopper means:
  // the one they chose, or the nearest to the ZIP they gave.
  const chosen = checkout.pickupStore ? stores.find((s) => s.store === checkout.pickupStore && s.available > 0) : null;
  const target = chosen ?? (checkout.shopperLocated ? any[0] : null);
  button.hidden = !target;
  if (target) {
    button.textContent = `Pick up at ${target.name}`;
    button.dataset.store = target.store;
  }
}

function added(text) {
  $('added-message').replaceChildren(text, ' ', el('a', { href: '#/cart', text: 'View cart' }));
}

$('product-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const qty = Number($('product-qty').value) || 1;
  if (checkout.addItem(selectedSku(), qty)) added(`Added ${qty} to your cart.`);
});
$('product-qty').addEventListener('change', updatePickup);
$('add-for-pickup').addEventListener('click', () => {
  const qty = Number($('product-qty').value) || 1;
  const store = $('add-for-pickup').dataset.store;
  if (checkout.addItem(selectedSku(), qty, { type: 'pickup', store })) added(`Added ${qty} for pickup.`);
});
$('more-products').addEventListener('click', () => { shown += PAGE_SIZE; renderGrid(); });
function checkNear() {
  const zip = $('near-zip').value.trim();
  if (checkout.locate(zip)) { $('near-error').textContent = ''; updatePickup(); }
  else $('near-error').textContent = 'We have no stores mapped near that ZIP code yet.';
}
$('near-check').addEventListener('click', checkNear);
$('near-zip').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); checkNear(); } });

function route() {
  const hash = location.hash || '#/';
  const product = /^#\/product\/(.+)$/.exec(hash);
  showView(viewOf(hash));
  if (catalog && product) renderProduct(decodeURIComponent(product[1]));
  document.title = hash === '#/cart' ? 'Cart · Northwind Outfitters' : product && currentProduct ? `${currentProduct.title} · Northwind Outfitters` : 'Northwind Outfitters';
}

checkout.addEventListener('change', (e) => showCartCount(e.detail.itemCount));
checkout.addEventListener('ready', () => {
  showCartCount(checkout.itemCount);
  if (currentProduct) updatePickup();
});
window.addEventListener('hashchange', () => { route(); $('main').focus({ preventScroll: true }); window.scrollTo(0, 0); });

route();
catalog = await loadCatalog();
// The currency's ISO minor-unit digits, as Intl knows them.
currency = { currency: catalog.currency, exponent: new Intl.NumberFormat('en', { style: 'currency', currency: catalog.currency }).resolvedOptions().maximumFractionDigits };
renderFilters();
renderGrid();
route();
