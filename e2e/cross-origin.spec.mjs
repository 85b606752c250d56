// A merchant's page on another origin, built from the snippets of
// docs/embedding.md as written (e2e/merchant-origin.mjs serves them under the
// doc's Content-Security-Policy): a whole checkout with the element and with
// the imperative API, through the bundle and CORS; an origin the checkout
// server does not allow gets nothing.
import { expect, test } from '@playwright/test';
import { CheckoutPage } from '../web/testing/index.mjs';
import fa from '../web/checkout/i18n/locales/fa.mjs';
import { ADDRESS, customer } from './fixtures.mjs';

const merchant = `http://127.0.0.1:${process.env.E2E_MERCHANT_PORT}`;
const stranger = `http://127.0.0.1:${process.env.E2E_STRANGER_PORT}`;
const TEE = 'Driftwood Crew Tee, Charcoal / XS';

// Everything that went wrong on the page: uncaught errors, CSP violations,
// failed requests, and anything window.onerror saw.
async function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // (ERR_ABORTED: Chromium's word for the catalog's 304 revalidation, same-origin too.)
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.addInitScript(() => {
    window.__seen = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__seen.push(`csp ${e.violatedDirective} ${e.blockedURI}`));
    window.onerror = (message) => { window.__seen.push(`window.onerror ${message}`); };
  });
  return async () => [...problems, ...await page.evaluate(() => window.__seen)];
}

async function buyOneTee(page, request, testInfo, pageName) {
  const problems = await watch(page);
  await page.goto(`${merchant}/${pageName}`);
  const checkout = new CheckoutPage(page);
  await checkout.ready();
  expect(await page.evaluate(() => location.origin)).not.toBe(new URL(test.info().project.use.baseURL).origin);
  // A refused SKU reaches the merchant as checkout-error, and not window.onerror.
  const refused = await page.evaluate(() => {
    const el = document.querySelector('storefront-checkout');
    let detail = null;
    const off = el.on('error', (d) => { detail = d; });
    const returned = el.addItem('NO-SUCH-SKU', 1);
    off();
    return { detail, returned };
  });
  expect(refused).toEqual({ detail: { code: 'unknown_sku', message: 'Unknown SKU NO-SUCH-SKU.', sku: 'NO-SUCH-SKU' }, returned: false });
  await page.getByRole('button', { name: 'Add a Driftwood Crew Tee' }).click();
  await expect.poll(() => checkout.itemCount()).toBe(1);
  await checkout.setQuantity(TEE, 2);
  await checkout.shipTo(ADDRESS.postal_code);
  await checkout.chooseShipping('Standard');
  await checkout.checkout();
  const who = customer(testInfo, pageName.replace(/\W/g, ''));
  await checkout.fillContact(who);
  await checkout.fillAddress(ADDRESS);
  const totals = await checkout.totals();
  const orderNumber = await checkout.placeOrder();
  // The order the checkout server stored has the totals the page showed
  // (found by its short number together with the customer's email).
  const order = await (await request.get(`/api/orders/${encodeURIComponent(orderNumber)}?email=${encodeURIComponent(who.email)}`)).json();
  expect(order.quote.binding.totals.grand_total).toBe(totals.grand_total);
  expect(order.lines[0].quantity).toBe(2);
  expect(await problems()).toEqual([]);
}

test('a whole checkout on a merchant page of another origin (the element)', async ({ page, request }, testInfo) => {
  await buyOneTee(page, request, testInfo, 'merchant-page.html');
});

test('a whole checkout on a merchant page of another origin (mountCheckout)', async ({ page, request }, testInfo) => {
  await buyOneTee(page, request, testInfo, 'merchant-page-imperative.html');
});

test('another language on a merchant page: its catalog chunk loads under the documented CSP, then the widget speaks it', async ({ page }) => {
  const problems = await watch(page);
  const chunks = [];
  page.on('response', (r) => { if (/\/locale-[a-z]+\.[0-9a-f]{16}\.mjs$/.test(r.url())) chunks.push(r); });
  await page.goto(`${merchant}/merchant-page.html`);
  await new CheckoutPage(page).ready();
  const title = page.locator('storefront-checkout').getByRole('heading', { level: 2 }).first();
  await expect(title).toHaveText('Your cart');
  expect(chunks, 'an English page fetches no other language').toEqual([]);
  await page.evaluate(() => document.querySelector('storefront-checkout').update({ locale: 'pl-PL' }));
  await expect(title).toHaveText('Twój koszyk');
  expect(chunks.map((r) => new URL(r.url()).pathname.replace(/\.[0-9a-f]{16}\./, '.<hash>.'))).toEqual(['/web/dist/locale-pl.<hash>.mjs']);
  expect(chunks[0].headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(chunks[0].headers()['access-control-allow-origin']).toBe(merchant);
  expect(await problems()).toEqual([]);
});

test('a widget that starts in Persian shows no English first: its first words wait for the catalog', async ({ page }) => {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/\/locale-fa\.[0-9a-f]{16}\.mjs$/, async (route) => { await held; await route.continue(); });
  await page.goto(`${merchant}/merchant-page.html`);
  await new CheckoutPage(page).ready();
  const asked = page.waitForRequest(/\/locale-fa\.[0-9a-f]{16}\.mjs$/);
  await page.evaluate(() => {
    const el = document.createElement('storefront-checkout');
    el.id = 'persian';
    el.setAttribute('locale', 'fa-IR');
    document.body.append(el);
  });
  await asked;
  // The loading view would have been drawn in the same task that asked for the chunk.
  expect(await page.evaluate(() => document.getElementById('persian').shadowRoot.textContent)).toBe('');
  release();
  await expect(page.locator('#persian').getByRole('heading', { level: 2 }).first()).toHaveText(fa['cart.title']);
  await expect(page.locator('#persian [dir="rtl"]').first()).toBeVisible();
});

test('an origin the checkout server does not allow gets no widget', async ({ page }) => {
  const blocked = [];
  page.on('console', (m) => { if (m.type() === 'error') blocked.push(m.text()); });
  await page.goto(`${stranger}/merchant-page.html`);
  await expect.poll(() => blocked.some((t) => /CORS/.test(t))).toBe(true);
  expect(await page.evaluate(() => customElements.get('storefront-checkout') === undefined)).toBe(true);
});

test('a core that cannot load: plain words for the shopper, the details for the merchant', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one browser is enough');
  await page.route(/\.wasm$/, (route) => route.abort('connectionrefused'));
  await page.addInitScript(() => {
    window.__errors = [];
    window.onerror = (m) => { window.__errors.push(`window.onerror ${m}`); };
    document.addEventListener('checkout-error', (e) => window.__errors.push(`checkout-error ${e.detail.code}`));
  });
  await page.goto(`${merchant}/merchant-page.html`);
  const alert = page.locator('storefront-checkout').getByRole('alert');
  await expect(alert).toContainText('The checkout could not load. Your cart is saved.');
  await expect(alert).not.toContainText(/fetch|wasm|Error|import/i);
  await expect(page.locator('storefront-checkout').getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(await page.evaluate(() => window.__errors)).toEqual(['checkout-error load_failed']);
});
