// Store staff page: sign in (a password, or the one-time link the server
// prints, which arrives as #signin=... and is used up at once), then the
// store's pickup orders, arriving live from the server's event stream, with
// "ready" and "picked up" actions, and when a ready order's hold ends (the
// server then puts it back on sale) with a way to give the shopper more time.
// The session is an HttpOnly cookie the page never sees; store staff see
// their own store only.
import { shownErrorParams } from '/web/checkout/i18n/error-params.mjs';
import { loadMessages } from '/web/checkout/i18n/messages.mjs';
import { el } from '/web/demo/el.mjs';

const $ = (id) => document.getElementById(id);
// The page's words: ?lang=, else the merchant's language (the catalog's
// `locale`, set in loadStores), else the page's own.
let words = await loadMessages({ locale: document.documentElement.lang || 'en-US' });
const t = (key, params, money) => words.t(key, params, money);
const STATUS_TEXT = {
  placed: 'staff.status_placed', ready_for_pickup: 'staff.status_ready', picked_up: 'staff.status_picked_up',
  cancelled: 'staff.status_cancelled', lapsed: 'staff.status_lapsed',
};
// A hold ending within this is flagged, so staff can call the shopper or extend it.
const LAPSES_SOON_MS = 24 * 3600 * 1000;
const EXTEND_DAYS = 2;
const NEXT = {
  placed: [['ready_for_pickup', 'staff.mark_ready', 'primary'], ['cancelled', 'staff.cancel_order', 'danger']],
  ready_for_pickup: [['picked_up', 'staff.picked_up', 'primary'], ['cancelled', 'staff.cancel_order', 'danger']],
};

// The static text of store.html (data-i18n="key", data-i18n-label="key" for aria-label).
async function translatePage(locale) {
  words = await loadMessages({ locale });
  document.documentElement.lang = words.locale;
  document.documentElement.dir = words.dir;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  document.title = t('staff.page_title');
}

const params = new URLSearchParams(location.search);
let storeId = params.get('store') || '';
let account = null;
let events = null;
let serverNow = Date.now();  // the server's clock (its Date header), which decides when holds end
const seen = new Set();
const fresh = new Set();

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.headers ?? {}), 'content-type': 'application/json' },
  });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isFinite(date)) serverNow = date;
  return { status: response.status, body };
}

async function loadStores() {
  const catalog = await (await fetch('/api/catalog')).json();
  await translatePage(params.get('lang') || catalog.locale || document.documentElement.lang || 'en-US');
  $('store-select').replaceChildren(...catalog.stores.map((s) => el('option', { value: s.id, text: s.name })));
  if (storeId) $('store-select').value = storeId;
  storeId = $('store-select').value;
  return catalog;
}

// An order's currency terms for {x, money}: the ISO minor-unit digits Intl knows.
function moneyTerms(currency) {
  return { currency, exponent: new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits };
}

// "held until Tue, Mar 10, 3:00 PM", flagged when that is less than a day away.
function holdNote(o) {
  if (!o.hold_ends_at) return null;
  const soon = Date.parse(o.hold_ends_at) - serverNow < LAPSES_SOON_MS;
  return el('p', { class: soon ? 'hold soon' : 'hold', 'data-role': 'hold' },
    soon ? el('strong', { text: `${t('staff.lapses_soon')} ` }) : null,
    t('staff.held_until', { time: o.hold_ends_at }));
}

function orderCard(o) {
  const headingId = `order-${o.order_id}`;
  const actions = (NEXT[o.status] ?? []).map(([to, label, cls]) => el('button', {
    type: 'button', class: cls,
    on: { click: (e) => changeStatus(o, to, e.currentTarget) },
    'aria-describedby': headingId, text: t(label),
  }));
  if (o.hold_ends_at) {
    actions.push(el('button', {
      type: 'button', 'data-role': 'extend-hold', on: { click: (e) => extendHold(o, e.currentTarget) },
      'aria-describedby': headingId, text: t('staff.extend_hold', { count: EXTEND_DAYS }),
    }));
  }
  return el('li', { class: `order${fresh.has(o.order_id) ? ' new' : ''}`, 'data-order': o.order_id, 'aria-labelledby': headingId },
    el('h3', { id: headingId, text: t('staff.order_heading', { name: o.customer?.name ?? t('staff.customer'), id: o.order_id }) }),
    el('p', {}, el('span', { class: `status ${o.status}`, text: STATUS_TEXT[o.status] ? t(STATUS_TEXT[o.status]) : o.status }),
      o.ready_at && o.status === 'placed' ? ` · ${t('staff.promised', { time: o.ready_at })}` : ''),
    holdNote(o),
    el('ul', {}, (o.lines ?? []).map((l) => el('li', {
      text: `${t('staff.line', { quantity: l.quantity, name: `${l.title ?? l.sku}${l.variant_title ? ` (${l.variant_title})` : ''}` })}${l.fulfilment?.type === 'ship' ? ` ${t('staff.shipped_from_warehouse')}` : ''}`,
    }))),
    el('p', { class: 'muted', text: t('staff.placed', { total: o.grand_total, time: o.created_at }, moneyTerms(o.currency)) }),
    el('p', { class: 'muted', text: [o.customer?.email, o.customer?.phone].filter(Boolean).join(' · ') }),
    actions.length ? el('div', { class: 'actions' }, actions) : null);
}

async function changeStatus(order, to, button) {
  if (to === 'cancelled' && button.dataset.confirm !== 'yes') {
    button.dataset.confirm = 'yes';
    button.textContent = t('staff.confirm_cancel');
    return;
  }
  button.disabled = true;
  const r = await api(`/api/stores/${encodeURIComponent(storeId)}/orders/${encodeURIComponent(order.order_id)}/status`, {
    method: 'POST', body: JSON.stringify({ status: to }),
  });
  if (r.status !== 200) {
    $('announcer').textContent = said(r.body?.error) ?? t('staff.update_failed', { status: r.status });
    button.disabled = false;
  }
  fresh.delete(order.order_id);
  await refresh();
  document.querySelector(`[data-order="${CSS.escape(order.order_id)}"] button`)?.focus();
}

async function extendHold(order, button) {
  button.disabled = true;
  const r = await api(`/api/stores/${encodeURIComponent(storeId)}/orders/${encodeURIComponent(order.order_id)}/hold`, {
    method: 'POST', body: JSON.stringify({ days: EXTEND_DAYS }),
  });
  $('announcer').textContent = r.status === 200 ? t('staff.hold_extended', { time: r.body.hold_ends_at })
    : said(r.body?.error) ?? t('staff.extend_failed', { status: r.status });
  await refresh();
  document.querySelector(`[data-order="${CSS.escape(order.order_id)}"] [data-role="extend-hold"]`)?.focus();
}

async function refresh() {
  const r = await api(`/api/stores/${encodeURIComponent(storeId)}/orders?status=placed,ready_for_pickup,picked_up,lapsed&limit=50`);
  if (r.status === 401) { showSignIn(t('staff.session_ended')); return; }
  if (r.status !== 200) return;
  const orders = r.body.orders;
  const arrived = orders.filter((o) => !seen.has(o.order_id));
  const firstLoad = seen.size === 0;
  for (const o of orders) seen.add(o.order_id);
  if (!firstLoad) {
    for (const o of arrived) fresh.add(o.order_id);
    if (arrived.length) {
      $('announcer').textContent = arrived.length === 1
        ? t('staff.new_order_from', { name: arrived[0].customer?.name ?? t('staff.a_customer') }) : t('staff.new_orders', { count: arrived.length });
    }
  }
  // Open orders first (oldest first: that is the order to prepare them in), then today's done ones.
  const isOpen = (o) => o.status === 'placed' || o.status === 'ready_for_pickup';
  const open = orders.filter(isOpen).reverse();
  const done = orders.filter((o) => !isOpen(o)).slice(0, 10);
  $('orders').replaceChildren(...[...open, ...done].map(orderCard));
  $('empty').hidden = open.length > 0;
}

function setLive(state) {
  const s = document.querySelector('[data-role="live-status"]');
  s.textContent = t(state === 'open' ? 'staff.live' : 'staff.reconnecting');
  s.classList.toggle('offline', state !== 'open');
}

function listen() {
  events?.close();
  events = new EventSource('/api/events');
  events.addEventListener('open', () => { setLive('open'); refresh(); });
  events.addEventListener('error', () => setLive('closed'));
  events.addEventListener('order', (e) => {
    let data;
    try { data = JSON.parse(e.data); } catch { return; }
    if (data.store_id === storeId) refresh();
  });
}

// Shows the queue of the account's store (an admin picks any store).
async function enter(signedIn) {
  account = signedIn;
  $('store-select').disabled = account.role === 'store';
  if (account.role === 'store') {
    storeId = account.store;
    $('store-select').value = storeId;
  } else {
    storeId = $('store-select').value;
  }
  $('sign-in-error').textContent = '';
  $('sign-in').hidden = true;
  $('queue').hidden = false;
  $('set-password').hidden = account.has_password;
  $('signed-in-as').textContent = t(account.role === 'admin' ? 'staff.signed_in_as_admin' : 'staff.signed_in_as', { name: account.username });
  const name = [...$('store-select').options].find((o) => o.value === storeId)?.textContent ?? storeId;
  $('store-title').textContent = t('staff.pickup_orders_at', { store: name });
  history.replaceState(null, '', `?store=${encodeURIComponent(storeId)}`);
  seen.clear();
  await refresh();
  listen();
}

function showSignIn(message = '') {
  account = null;
  $('store-select').disabled = false;
  events?.close();
  $('queue').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('store-title').textContent = t('staff.pickup_orders');
}

// The server's error ({code, message, params?}) in the page's words, else its English text.
function said(error) {
  return error ? words.code('error', error.code, shownErrorParams(error.params), {}, error.message) : undefined;
}

async function signIn() {
  const r = await api('/api/staff/session', {
    method: 'POST', body: JSON.stringify({ username: $('staff-username').value.trim(), password: $('staff-password').value }),
  });
  $('staff-password').value = '';
  if (r.status === 201) { await enter(r.body.account); return; }
  $('sign-in-error').textContent = r.status === 401 ? t('staff.wrong_password')
    : said(r.body?.error) ?? t('staff.server_answered', { status: r.status });
}

// A sign-in link: its token is in the fragment, which never reaches the
// server's logs; it is taken out of the address bar before it is used.
async function useSignInLink(linkToken) {
  history.replaceState(null, '', location.pathname + location.search);
  const r = await api('/api/staff/link', { method: 'POST', body: JSON.stringify({ token: linkToken }) });
  if (r.status === 201) { await enter(r.body.account); return; }
  showSignIn(said(r.body?.error) ?? t('staff.server_answered', { status: r.status }));
}

async function signOut() {
  await api('/api/staff/session', { method: 'DELETE' });
  showSignIn(t('staff.signed_out'));
}

$('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  signIn();
});
$('sign-out').addEventListener('click', () => signOut());
$('set-password').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('/api/staff/password', { method: 'POST', body: JSON.stringify({ password: $('new-password').value }) });
  $('new-password').value = '';
  $('set-password-status').textContent = r.status === 200 ? t('staff.password_set') : said(r.body?.error) ?? t('staff.server_answered', { status: r.status });
  if (r.status === 200) $('set-password').hidden = true;
});
$('store-select').addEventListener('change', () => {
  if (account?.role === 'admin') enter(account);
});

await loadStores();
const link = new URLSearchParams(location.hash.slice(1)).get('signin');
if (link) {
  await useSignInLink(link);
} else {
  const me = await api('/api/staff/session');
  if (me.status === 200) await enter(me.body.account);
}
