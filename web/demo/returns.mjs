// The shopper's "return items" page: order number + email, then the shared
// return form (returns_form.mjs), returned by mail to the original payment.
import { renderReturnForm } from '/web/demo/returns_form.mjs';

const $ = (id) => document.getElementById(id);

async function api(path, init = {}) {
  const response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return { status: response.status, body };
}

$('find-order').addEventListener('submit', async (e) => {
  e.preventDefault();
  const id = $('order-number').value.trim();
  const email = $('order-email').value.trim();
  $('find-error').textContent = '';
  const r = id && email ? await api(`/api/orders/${encodeURIComponent(id)}`) : { status: 404 };
  // The server checks the email again on every refund quote and return.
  if (r.status !== 200 || r.body.customer.email.toLowerCase() !== email.toLowerCase()) {
    $('find-error').textContent = 'We could not find an order with that number and email.';
    return;
  }
  $('return-items').hidden = false;
  renderReturnForm($('return-form'), r.body, {
    api,
    body: () => ({ email, received: { kind: 'mail' } }),
    conditions: [['sellable', 'Unused, in its packaging'], ['damaged', 'Damaged or faulty']],
  });
});

// Usable once its handler is there: a submit before that would reload the page and lose what was typed.
$('find-order').querySelector('button[type="submit"]').disabled = false;
