// Store staff page, "Receive a return": find an order by number, pick units
// and their condition, see the refund, confirm; sellable units go on this
// store's shelf. Uses the page's sign-in (its HttpOnly session cookie, sent
// with these same-origin requests) and the store it is signed in to.
import { createMessages } from '/web/checkout/i18n/messages.mjs';
import { renderReturnForm } from '/web/demo/returns_form.mjs';

const $ = (id) => document.getElementById(id);
// The staff page's language, which store.mjs sets on <html> once it knows the merchant's.
const words = () => createMessages({ locale: document.documentElement.lang || 'en-US' });

async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.headers ?? {}),
    },
  });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return { status: response.status, body };
}

$('return-find').addEventListener('submit', async (e) => {
  e.preventDefault();
  const id = $('return-order').value.trim();
  $('return-error').textContent = '';
  const r = id ? await api(`/api/orders/${encodeURIComponent(id)}`) : { status: 404 };
  if (r.status !== 200) {
    $('return-error').textContent = words().t('staff.no_such_order');
    $('return-form').replaceChildren();
    return;
  }
  const store = $('store-select').value;
  const method = () => $('return-method').value;
  renderReturnForm($('return-form'), r.body, {
    api,
    body: () => ({ received: { kind: 'store', store }, refund_method: method() }),
    conditions: [['sellable', words().t('staff.condition_sellable')], ['damaged', words().t('staff.condition_damaged')]],
    words: words(),
  });
});
