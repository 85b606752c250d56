// What the merchant's page may pass to addItem / setQuantity, checked at the
// boundary: a bad value is the page's bug, so it is thrown at once (a typed
// error naming the argument) instead of reaching the cart as "-4 items" or,
// from a <select>'s string value, 6 + "3" = 63.
import { parseQuantityInput } from './i18n/digits.mjs';
import { addressRulesCore } from './regions.mjs';

export class CheckoutInputError extends TypeError {
  constructor(code, message, argument) {
    super(message);
    this.name = 'CheckoutInputError';
    this.code = code;          // "invalid_quantity" | "invalid_sku"
    this.argument = argument;  // which argument: "quantity" | "sku"
  }
}

const describe = (v) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || v == null ? String(v) : typeof v);

// A string quantity as the page's field holds it: its digits as people type
// them ("3", " 12 ", "۳", "３") read by the core's rule (i18n/digits.mjs);
// before the core has loaded, ASCII digits only.
function quantityOfText(text) {
  if (addressRulesCore()) return parseQuantityInput(text) ?? text;
  return /^\s*\d+\s*$/.test(text) ? Number(text) : text;
}

// A positive safe integer; a string of digits is converted.
export function toQuantity(value) {
  const n = typeof value === 'string' ? quantityOfText(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new CheckoutInputError('invalid_quantity', `quantity must be a positive integer, got ${describe(value)}`, 'quantity');
  }
  return n;
}

// A non-empty string. Whether the catalog sells it is checked against the catalog.
export function toSku(value) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CheckoutInputError('invalid_sku', `sku must be a non-empty string, got ${describe(value)}`, 'sku');
  }
  return value;
}
