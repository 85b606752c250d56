// The cart as plain data and the shopper's actions on it, without a DOM or a
// pricing engine: every function here takes the cart and what it needs to
// know about the catalog (a CatalogIndex, or anything with has / store /
// pickupEligible / maxPerOrder / quantityLimit / methods), changes the cart in place and says
// what happened. The widget re-prices after each; node tests call them alone.
//
// cart: { id, lines: [{ sku, quantity, fulfilment }], coupons: [], shipping_method? }
// `id` names this cart across the tabs of an origin until an order empties it;
// with the content it makes the order's Idempotency-Key (orderKeyFor).

export function newCartId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function emptyCart(id = newCartId()) {
  return { id, lines: [], coupons: [] };
}

// A saved cart (or the merchant's initial lines), checked against the catalog:
// unknown SKUs dropped (and named), quantities clamped, pickup kept only where
// the store exists and the SKU may be picked up.
export function restoreCart(saved, index, id = saved?.id ?? newCartId()) {
  const cart = emptyCart(id);
  const dropped = [];
  for (const line of saved?.lines ?? []) {
    if (!index.has(line.sku)) { dropped.push(line.sku); continue; }
    // Lines restored in order share their SKU's max_per_order, as in the core.
    const quantity = Math.min(Math.max(1, Number(line.quantity) | 0), index.quantityLimit(cart.lines, line));
    if (quantity < 1) { dropped.push(line.sku); continue; }
    const fulfilment = line.fulfilment?.type === 'pickup' && index.store(line.fulfilment.store) && index.pickupEligible(line.sku)
      ? { type: 'pickup', store: line.fulfilment.store } : { type: 'ship' };
    cart.lines.push({ sku: line.sku, quantity, fulfilment });
  }
  cart.coupons = [...(saved?.coupons ?? [])];
  if (saved?.shipping_method && index.methods.has(saved.shipping_method)) cart.shipping_method = saved.shipping_method;
  return { cart, dropped };
}

// Adds units, merged into the line of the same SKU and fulfilment. A pickup
// without a store uses `pickupStore`. Returns { added, pickupStore }: the
// pickup store to remember (the one asked for, when none was chosen yet);
// added is false when the SKU's other lines already hold its max_per_order.
export function addLine(cart, index, { sku, quantity, fulfilment, pickupStore }) {
  const store = fulfilment?.type === 'pickup' ? (fulfilment.store ?? pickupStore) : undefined;
  const pickup = Boolean(store && index.store(store) && index.pickupEligible(sku));
  const wanted = pickup ? { type: 'pickup', store } : { type: 'ship' };
  const same = cart.lines.find((l) => l.sku === sku && l.fulfilment.type === wanted.type);
  // max_per_order counts every line of the SKU, as the core does.
  const limit = index.quantityLimit(cart.lines, same ?? { sku });
  if (!same && limit < 1) return { added: false, pickupStore };
  if (same) same.quantity = Math.min(limit, same.quantity + quantity);
  else cart.lines.push({ sku, quantity: Math.min(limit, Math.max(1, quantity)), fulfilment: wanted });
  return { added: true, pickupStore: pickup && !pickupStore ? store : pickupStore };
}

export function setLineQuantity(cart, index, lineIndex, quantity) {
  const line = cart.lines[lineIndex];
  if (!line) return false;
  line.quantity = Math.max(1, Math.min(index.quantityLimit(cart.lines, line), quantity));
  return true;
}

// Returns the removed line (or undefined).
export function removeLine(cart, lineIndex) {
  return cart.lines.splice(lineIndex, 1)[0];
}

export function setLineFulfilment(cart, lineIndex, type, pickupStore) {
  const line = cart.lines[lineIndex];
  if (!line) return false;
  line.fulfilment = type === 'pickup' ? { type: 'pickup', store: pickupStore } : { type: 'ship' };
  return true;
}

// Every pickup line moves to the one pickup store, and so do the lines that
// waited for a store (`waiting`: a Set of line objects).
export function movePickupLines(cart, storeId, waiting = new Set()) {
  for (const line of cart.lines) {
    if (line.fulfilment.type === 'pickup' || waiting.has(line)) line.fulfilment = { type: 'pickup', store: storeId };
  }
}

export const hasCoupon = (cart, code) => cart.coupons.some((c) => c.toUpperCase() === code.trim().toUpperCase());

export function addCoupon(cart, code) {
  if (hasCoupon(cart, code)) return false;
  cart.coupons.push(code.trim());
  return true;
}

export function removeCoupon(cart, code) {
  cart.coupons = cart.coupons.filter((c) => c.toUpperCase() !== code.trim().toUpperCase());
}

export const itemCount = (lines) => lines.reduce((n, l) => n + l.quantity, 0);
export const needsShippingAddress = (cart) => cart.lines.some((l) => l.fulfilment.type === 'ship');
export const pickupStoreUsed = (cart) => cart.lines.find((l) => l.fulfilment.type === 'pickup')?.fulfilment.store;

// What the cart holds, as canonical text: the same lines, codes and method
// give the same text in every tab, whatever order the keys were written in.
export function cartContent(cart) {
  const lines = cart.lines.map((l) => [l.sku, l.quantity, l.fulfilment.type, l.fulfilment.store ?? '']);
  const coupons = cart.coupons.map((c) => c.toUpperCase()).sort();
  return JSON.stringify([lines, coupons, cart.shipping_method ?? '']);
}

export const sameContent = (a, b) => cartContent(a) === cartContent(b);

// The Idempotency-Key of an order of this cart: it follows the cart's id and
// content, so every tab placing the same cart sends the same key and the
// server makes one order (a second body under the key is refused with 422,
// the same body replays the first answer). A changed cart is a new key; an
// order empties the cart and gives the next one a new id.
export function orderKeyFor(cart) {
  return `${cart.id}.${fnv1a64(cartContent(cart))}`;
}

// FNV-1a, 64 bits, as hex: a short name for the content, not a security
// measure (the key only has to differ between different carts of one id).
function fnv1a64(text) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
