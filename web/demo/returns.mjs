// The shopper's "return items" page: order number + email, then the shared
// return form (returns_form.mjs), returned by mail to the original payment.
// In the merchant's page language (its catalog's `locale`) or ?lang=, as the shop.
import { loadMessages } from '/web/checkout/i18n/messages.mjs';
import { renderReturnForm } from '/web/demo/returns_form.mjs';
import { shopWords, translateStatic } from '/web/demo/shop-words.mjs';

const $ = (id) => document.getElementById(id);
const catalog = await fetch('/api/catalog').then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
const locale = new URLSearchParams(location.search).get('lang') || catalog.locale || document.documentElement.lang || 'en-US';
const words = shopWords(locale);
const formWords = await loadMessages({ locale });
document.documentElement.lang = formWords.locale;
document.documentElement.dir = formWords.dir;
translateStatic(words);
const shopName = catalog.merchant ?? $('brand').textContent;
$('brand').textContent = shopName;
document.title = `${words.t('demo.returns_page_title')} · ${shopName}`;

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
    $('find-error').textContent = words.t('demo.returns_not_found');
    return;
  }
  $('return-items').hidden = false;
  renderReturnForm($('return-form'), r.body, {
    api,
    body: () => ({ email, received: { kind: 'mail' } }),
    conditions: [['sellable', words.t('demo.returns_sellable')], ['damaged', words.t('demo.returns_damaged')]],
    words: formWords,
  });
});

// Usable once its handler is there: a submit before that would reload the page and lose what was typed.
$('find-order').querySelector('button[type="submit"]').disabled = false;
