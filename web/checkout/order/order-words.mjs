// What the shopper is told about an order attempt: only what is known. No DOM.

export const CHECKING = 'Checking whether your order went through…';

// No answer came back: the order may exist. The same request is sent again
// on "Try again", so it cannot be made twice.
export const UNKNOWN = "We lost the connection before the store answered, so we can't tell yet whether your order went through. "
  + 'Your cart and details are saved. Try again: if the order did go through, you will see it, not a second one.';

export const UNAVAILABLE = "The store couldn't answer just now, so we can't tell yet whether your order went through. "
  + 'Your cart and details are saved; please try again in a moment.';

export const ALREADY_PLACED = 'An order for this cart was already placed, from another tab or window. It was not placed a second time.';

export const lineTitle = (line) => `${line.title}${line.variant_title ? ` (${line.variant_title})` : ''}`;

// A stock_at_location entry of a 409 diff ("/binding/lines/N/fulfilment") in words.
export function unsuppliedText(d, serverQuote, storeName) {
  const index = Number(/^\/binding\/lines\/(\d+)\//.exec(d.path ?? '')?.[1]);
  const line = serverQuote.lines[index];
  if (!line) return 'An item is no longer available where you chose to get it.';
  const store = line.fulfilment?.type === 'pickup' ? line.fulfilment.store : null;
  const where = store ? `at ${storeName(store) ?? store}` : 'to ship';
  return `${lineTitle(line)}: no longer available ${where}.`;
}

// One line of a 409 insufficient_stock answer in words.
export function shortageText(s, quote, storeName) {
  const line = quote?.lines?.[s.line];
  const title = line ? lineTitle(line) : s.sku;
  const where = s.location_kind === 'warehouse' ? 'to ship' : `at ${storeName(s.location) ?? s.location}`;
  return `${title}: only ${s.available} of ${s.requested} available ${where}.`;
}
