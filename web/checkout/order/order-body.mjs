// The text of an order request (docs/api.md "POST /api/orders") from the
// priced request, the form and the quote the shopper accepted; and back:
// the contact and address an earlier request carried (to fill the form again
// after a reload). No DOM.

// clientQuote: { fingerprint, grand_total, binding } of the accepted quote;
// the server refuses only if something in the binding changed, and says what.
export function orderBody({ request, customer, address, needsAddress, clientQuote, now }) {
  const { cart, context } = structuredClone(request);
  delete cart.id;
  context.now = now;
  delete context.exhausted_promotions;  // the server counts usage itself
  const body = {
    cart, context,
    client_quote: { fingerprint: clientQuote?.fingerprint, grand_total: clientQuote?.grand_total, binding: clientQuote?.binding },
    customer: { name: customer.name.trim(), email: customer.email.trim() },
  };
  if (customer.phone.trim()) body.customer.phone = customer.phone.trim();
  if (needsAddress) {
    const a = address;
    body.shipping_address = {
      name: customer.name.trim(), line1: a.line1.trim(), city: a.city.trim(), postal_code: a.postal_code.trim(), country: a.country,
    };
    if (a.line2.trim()) body.shipping_address.line2 = a.line2.trim();
    if (a.region) body.shipping_address.region = a.region;
  }
  return JSON.stringify(body);
}

export function clientQuoteOf(quote, fingerprint) {
  return { fingerprint, grand_total: quote.totals.grand_total, binding: quote.binding };
}

// An order request's text -> { customer, address } for the form, or null.
export function formOfBody(bodyText) {
  let body;
  try { body = JSON.parse(bodyText); } catch { return null; }
  const c = body?.customer ?? {};
  const a = body?.shipping_address;
  const str = (v) => (typeof v === 'string' ? v : '');
  return {
    customer: { name: str(c.name), email: str(c.email), phone: str(c.phone) },
    address: a ? {
      line1: str(a.line1), line2: str(a.line2), city: str(a.city), region: str(a.region), postal_code: str(a.postal_code), country: str(a.country) || 'US',
    } : null,
  };
}
