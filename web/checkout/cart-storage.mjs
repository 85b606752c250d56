// The cart survives reloads and later visits in localStorage under a versioned
// key. A stored value of another version, or one that does not look like a
// cart, is ignored rather than trusted: the catalog decides later which SKUs
// still exist.

export const STORAGE_VERSION = 1;

export function storageKey(namespace) {
  return `storefront-checkout:v${STORAGE_VERSION}:${namespace}`;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isQuantity = (q) => Number.isSafeInteger(q) && q >= 1 && q <= 1_000_000;

function cleanLine(line) {
  if (!isObject(line) || typeof line.sku !== 'string' || !isQuantity(line.quantity)) return null;
  const f = line.fulfilment;
  const fulfilment = isObject(f) && f.type === 'pickup' && typeof f.store === 'string'
    ? { type: 'pickup', store: f.store } : { type: 'ship' };
  return { sku: line.sku, quantity: line.quantity, fulfilment };
}

// Any input -> a well-formed saved state, or null.
export function cleanSavedState(value) {
  if (!isObject(value) || value.v !== STORAGE_VERSION || !isObject(value.cart)) return null;
  const lines = Array.isArray(value.cart.lines) ? value.cart.lines.map(cleanLine).filter(Boolean).slice(0, 200) : [];
  const coupons = Array.isArray(value.cart.coupons) ? value.cart.coupons.filter((c) => typeof c === 'string').slice(0, 10) : [];
  const state = { cart: { lines, coupons } };
  if (typeof value.cart.shipping_method === 'string') state.cart.shipping_method = value.cart.shipping_method;
  if (isObject(value.destination) && typeof value.destination.country === 'string') {
    state.destination = { country: value.destination.country };
    for (const k of ['region', 'postal_code']) if (typeof value.destination[k] === 'string') state.destination[k] = value.destination[k];
  }
  if (isObject(value.location)) {
    const l = value.location;
    if (Number.isSafeInteger(l.lat_e6) && Number.isSafeInteger(l.lon_e6)) state.location = { lat_e6: l.lat_e6, lon_e6: l.lon_e6 };
    else if (typeof l.country === 'string' && typeof l.postal_code === 'string') state.location = { country: l.country, postal_code: l.postal_code };
  }
  if (typeof value.pickupStore === 'string') state.pickupStore = value.pickupStore;
  if (isObject(value.pendingOrder) && typeof value.pendingOrder.key === 'string' && typeof value.pendingOrder.body === 'string') {
    state.pendingOrder = { key: value.pendingOrder.key, body: value.pendingOrder.body };
  }
  return state;
}

export function loadSavedState(storage, key) {
  try {
    const text = storage?.getItem(key);
    return text ? cleanSavedState(JSON.parse(text)) : null;
  } catch {
    return null;  // storage disabled or corrupt: start with an empty cart
  }
}

export function saveState(storage, key, state) {
  try {
    storage?.setItem(key, JSON.stringify({ v: STORAGE_VERSION, savedAt: new Date().toISOString(), ...state }));
    return true;
  } catch {
    return false;  // quota or privacy mode: the cart still works for this page view
  }
}

// Units in the cart saved under `key`, from local data alone (no catalog):
// what a page shows in its cart badge before the widget has loaded.
export function savedItemCount(storage, key) {
  return (loadSavedState(storage, key)?.cart.lines ?? []).reduce((n, l) => n + l.quantity, 0);
}
