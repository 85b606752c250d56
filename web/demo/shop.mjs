// The demo storefront: a product grid, product pages with pickup availability,
// and the <storefront-checkout> widget as the cart. Hash routes: #/, #/product/<id>, #/cart.
// The merchant bundle (scripts/build-web.mjs), as a shop would use it.
import { loadCatalog } from '/web/dist/storefront-checkout-0.1.0.mjs';
import { formatMoney } from '/web/checkout/format.mjs';
import { setCartLabel, showCartCount, showView, viewOf } from '/web/demo/boot.mjs';
import { el } from '/web/demo/el.mjs';
import { shopWords, translateStatic } from '/web/demo/shop-words.mjs';

const PAGE_SIZE = 24;
const $ = (id) => document.getElementById(id);
const checkout = $('checkout');
let locale = document.documentElement.lang || 'en-US';
// The page's own words (shop-words.mjs) in the page's language; the widget has its own.
let words = shopWords(locale);
const t = (key, params) => words.t(key, params);
let shopName = document.getElementById('brand').textContent;

// Category pictures stand in for product photos in the demo catalog.
const PICTURES = ['tees', 'tops', 'fleece', 'outerwear', 'bottoms', 'socks', 'footwear', 'bags', 'packs', 'camping',
  'tents', 'lighting', 'hydration', 'paddling', 'kitchen', 'coffee', 'gift-cards', 'accessories', 'home', 'safety'];
export function imageFor(product) {
  const cat = (product.categories ?? []).find((c) => PICTURES.includes(c)) ?? 'accessories';
  return `/web/demo/img/${cat}.svg`;
}

checkout.update({ imageFor });

function textDirection(tag) {
  try {
    const loc = new Intl.Locale(tag);
    return (loc.getTextInfo?.() ?? loc.textInfo)?.direction ?? 'ltr';  // getTextInfo() in newer engines
  } catch { return 'ltr'; }
}

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

const categoryCount = (c) => catalog.products.filter((p) => p.categories?.includes(c)).length;
// The merchant's own categories: the seven most products have (ties by id).
function topCategories() {
  const all = [...new Set(catalog.products.flatMap((p) => p.categories ?? []))];
  return all.map((c) => [c, categoryCount(c)]).sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 7).map(([c]) => c);
}

function renderFilters() {
  // The demo merchant's chosen few, else the merchant's most used categories.
  const curated = ['tees', 'outerwear', 'footwear', 'socks', 'camping', 'coffee', 'gift-cards'].filter((c) => categoryCount(c) > 0);
  const top = ['all', ...(curated.length > 1 ? curated : topCategories())];
  $('category-filter').replaceChildren(...top.map((c) => el('button', {
    type: 'button', class: 'chip', 'aria-pressed': String(filter === c), text: c === 'all' ? t('demo.shop_all') : words.category(c),
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
      el('legend', { text: t('demo.product_option') }),
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
  // The core's limit (defaults applied); the page offers at most 10 at once.
  const max = Math.min(10, checkout.variantFacts(sku)?.maxPerOrder ?? 10);
  $('product-qty').replaceChildren(...Array.from({ length: max }, (_, i) => el('option', { value: String(i + 1), text: String(i + 1) })));
  $('added-message').textContent = '';
  updatePickup();
}

// Units a shipped line can get, per SKU, from the server's live levels
// (GET /api/availability: the most any warehouse holds); null when unknown.
const shipUnits = new Map();
async function loadShipUnits(sku) {
  shipUnits.set(sku, null);
  try {
    const r = await fetch(`/api/availability?skus=${encodeURIComponent(sku)}&limit=1`);
    if (r.ok) shipUnits.set(sku, (await r.json()).shipping?.[0]?.available ?? null);
  } catch { /* the page says nothing about shipping then */ }
  if (currentProduct && selectedSku() === sku) updatePickup();
}

// What the shopper can do before adding: ship, pick up, both, or neither,
// said plainly ("Pickup only", "Ship only"), never an offer the cart would refuse.
function updatePickup() {
  const sku = selectedSku();
  const qty = Number($('product-qty').value) || 1;
  const out = $('pickup-availability');
  const button = $('add-for-pickup');
  const shipButton = $('add-to-cart');
  if (!shipUnits.has(sku)) loadShipUnits(sku);
  const ship = shipUnits.get(sku);
  const shipKnown = ship !== null && ship !== undefined;
  const canShip = !shipKnown || ship >= qty;
  // What is left to ship, inside a sentence ("Sold out: none left to ship. ...").
  const shipNote = !shipKnown || canShip ? '' : ship === 0 ? t('demo.stock_none_to_ship_inline') : t('demo.stock_few_to_ship_inline', { count: ship });
  shipButton.hidden = !canShip;
  if (checkout.variantFacts(sku)?.pickupEligible === false) {
    out.textContent = canShip ? t('demo.stock_ship_only_no_pickup') : t('demo.stock_sold_out_no_pickup', { ship: shipNote });
    button.hidden = true;
    return;
  }
  const stores = checkout.pickupAvailability?.(sku, qty);
  if (!stores) { out.textContent = t('demo.stock_checking'); button.hidden = true; return; }
  const today = stores.filter((s) => s.available >= qty && s.readyToday);
  const any = stores.filter((s) => s.available >= qty);
  const near = checkout.shopperLocated ? '_near' : '';
  let pickupText;
  if (today.length) pickupText = t(`demo.stock_today${near}`, { count: today.length });
  else if (any.length) pickupText = t(`demo.stock_later${near}`, { count: any.length });
  if (!pickupText) {
    out.textContent = canShip ? t(`demo.stock_ship_only_not_in_stores${near}`) : t(`demo.stock_sold_out_not_in_stores${near}`, { ship: shipNote });
  } else if (!canShip) {
    const choose = target(stores, any) ? '' : ` ${t('demo.stock_choose_store')}`;
    out.textContent = t('demo.stock_pickup_only', { ship: shipNote, pickup: pickupText }) + choose;
  } else {
    out.textContent = t('demo.stock_ships_too', { pickup: pickupText });
  }
  // Offer one-tap pickup only where we know which store the shopper means:
  // the one they chose, or the nearest to the ZIP they gave.
  const chosen = target(stores, any);
  button.hidden = !chosen;
  if (chosen) {
    button.textContent = t('demo.product_pick_up_at', { store: chosen.name });
    button.dataset.store = chosen.store;
  }
}

function target(stores, inStock) {
  const chosen = checkout.pickupStore ? stores.find((s) => s.store === checkout.pickupStore && inStock.includes(s)) : null;
  return chosen ?? (checkout.shopperLocated ? inStock[0] : null);
}

function added(text) {
  $('added-message').replaceChildren(text, ' ', el('a', { href: '#/cart', text: t('demo.product_view_cart') }));
}

$('product-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const qty = Number($('product-qty').value) || 1;
  if (checkout.addItem(selectedSku(), qty)) added(t('demo.product_added', { count: qty }));
});
$('product-qty').addEventListener('change', updatePickup);
$('add-for-pickup').addEventListener('click', () => {
  const qty = Number($('product-qty').value) || 1;
  const store = $('add-for-pickup').dataset.store;
  if (checkout.addItem(selectedSku(), qty, { type: 'pickup', store })) added(t('demo.product_added_pickup', { count: qty }));
});
$('more-products').addEventListener('click', () => { shown += PAGE_SIZE; renderGrid(); });
function checkNear() {
  const zip = $('near-zip').value.trim();
  if (checkout.locate(zip)) { $('near-error').textContent = ''; updatePickup(); }
  else $('near-error').textContent = t('demo.product_no_stores_near');
}
$('near-check').addEventListener('click', checkNear);
$('near-zip').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); checkNear(); } });

// The page's static words (data-shop-word="key", data-shop-label="key" for
// aria-label) in its language, the merchant's name and its first store's staff page.
function translatePage() {
  words = shopWords(locale);
  translateStatic(words);
  if (catalog.merchant) shopName = catalog.merchant;
  $('brand').textContent = shopName;
  const stores = catalog.stores ?? [];
  const linked = new URL($('staff-link').href).searchParams.get('store');
  if (stores.length && !stores.some((s) => s.id === linked)) $('staff-link').href = `/web/demo/store.html?store=${encodeURIComponent(stores[0].id)}`;
  setCartLabel((count) => t('demo.cart_link_label', { count }));
  showCartCount(Number($('cart-count').textContent) || 0);
}

function route() {
  const hash = location.hash || '#/';
  const product = /^#\/product\/(.+)$/.exec(hash);
  showView(viewOf(hash));
  if (catalog && product) renderProduct(decodeURIComponent(product[1]));
  document.title = hash === '#/cart' ? `${t('demo.cart_page_title')} · ${shopName}` : product && currentProduct ? `${currentProduct.title} · ${shopName}` : shopName;
}

checkout.addEventListener('change', (e) => showCartCount(e.detail.itemCount));
checkout.addEventListener('ready', () => {
  showCartCount(checkout.itemCount);
  // The core's facts about the SKU (units per order, pickup) are known from now on.
  if (currentProduct) updateProduct();
});
window.addEventListener('hashchange', () => { route(); $('main').focus({ preventScroll: true }); window.scrollTo(0, 0); });

route();
catalog = await loadCatalog();
// The merchant's page language (catalog `locale`, e.g. pl-PL for server-stub/data/pl-demo),
// or the one ?lang= asks for (?lang=fa: the shop as a Persian, right-to-left page).
const pageLanguage = new URLSearchParams(location.search).get('lang') || catalog.locale;
if (pageLanguage) {
  locale = pageLanguage;
  document.documentElement.lang = locale;
  document.documentElement.dir = textDirection(locale);
  checkout.update({ locale });
}
translatePage();
// The merchant's country (pl-PL: Poland) is where deliveries and store searches start.
const merchantCountry = catalog.locale ? new Intl.Locale(catalog.locale).region : undefined;
if (merchantCountry) checkout.update({ country: merchantCountry });
// The currency's ISO minor-unit digits, as Intl knows them.
currency = { currency: catalog.currency, exponent: new Intl.NumberFormat('en', { style: 'currency', currency: catalog.currency }).resolvedOptions().maximumFractionDigits };
renderFilters();
renderGrid();
route();
