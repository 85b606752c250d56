// Shared pieces of the end-to-end suite: the storefront page object, the
// order-vs-widget totals check, accessibility scans and screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CheckoutPage } from '../web/testing/index.mjs';
import { stockBySku } from '../tests/server/helpers.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The staff accounts playwright.config.mjs has the server create.
export const STAFF = { admin: 'e2e-admin', soho: 'e2e-soho', password: process.env.E2E_STAFF_PASSWORD };

// Authorization headers of a fresh bearer session (API calls from a test).
export async function staffHeaders(request, username = STAFF.admin) {
  const r = await request.post('/api/staff/session', { data: { username, password: STAFF.password, bearer: true } });
  if (r.status() !== 201) throw new Error(`staff sign-in failed: ${r.status()} ${await r.text()}`);
  return { Authorization: `Bearer ${(await r.json()).token}` };
}

// Signs in on the staff page with the sign-in form.
export async function signInOnStaffPage(page, username = STAFF.soho) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(STAFF.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// The demo catalog as shipped (the server's live stock starts from it).
export const catalog = JSON.parse(readFileSync(join(repo, 'server-stub/data/demo/catalog.json'), 'utf8'));
const warehouse = stockBySku(catalog, catalog.shipping.warehouses.find((w) => w.id === 'wh-east'));
const sohoStock = stockBySku(catalog, catalog.stores.find((s) => s.id === 'nyc-soho'));
const productOf = new Map(catalog.products.flatMap((p) => p.variants.map((v) => [v.sku, p])));

// Tests of the three projects run at the same time against one server, and
// orders and sales change its stock: every (project, test) gets SKUs of its
// own. Candidates: ordinary taxable apparel with enough units to ship and
// to pick up at SoHo, no automatic promotion (so totals are easy to reason about).
const candidates = catalog.products
  .filter((p) => ['tees', 'tops', 'bottoms'].some((c) => p.categories?.includes(c)) && !p.categories.includes('socks'))
  .flatMap((p) => p.variants.map((v) => ({ product: p, variant: v })))
  .filter(({ variant: v }) => v.pickup_eligible !== false && !v.max_per_order
    && (warehouse[v.sku] ?? 0) >= 30 && (sohoStock[v.sku] ?? 0) >= 8 && v.price >= 2000 && v.price <= 6000);

export function skuFor(testInfo, slot) {
  const projects = ['desktop', 'pixel-7', 'small-phone'];
  const p = Math.max(0, projects.indexOf(testInfo.project.name));
  const pick = candidates[(p * 20 + slot) % candidates.length];
  return { sku: pick.variant.sku, productId: pick.product.id, title: pick.product.title, variantTitle: pick.variant.title, price: pick.variant.price };
}

export function productIdOf(sku) {
  return productOf.get(sku).id;
}

// A unique customer per test, so per-customer promotion limits never collide.
export function customer(testInfo, extra = '') {
  const slug = `${testInfo.project.name}-${testInfo.title}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
  return { name: 'Avery Quinn', email: `${slug}${extra}-${Date.now() % 1e6}@example.com`, phone: '+1 212 555 0100' };
}

export const ADDRESS = { line1: '512 Broadway', city: 'New York', region: 'NY', postal_code: '10012' };

// Screenshots of the main states, kept as artifacts:
// test-results/screenshots/<project>/<test>--<state>.png
// The demo shop ships to the US only: the catalog the widget loads is given
// these countries as zones of its standard method (the server keeps the real
// catalog, so an order there is still refused by it).
export async function shipAlsoTo(page, countries) {
  await page.route('**/api/catalog', async (route) => {
    const response = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const catalog = await response.json();
    const standard = catalog.shipping.methods.find((m) => m.id === 'standard');
    for (const country of countries) standard.zones.push({ country });
    const headers = { ...response.headers() };
    delete headers.etag;
    delete headers['content-length'];
    delete headers['content-encoding'];
    await route.fulfill({ status: 200, headers, body: JSON.stringify(catalog) });
  });
}

export async function saveShot(page, testInfo, name) {
  const dir = join(repo, 'test-results/screenshots', testInfo.project.name);
  mkdirSync(dir, { recursive: true });
  const slug = testInfo.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  await page.screenshot({ path: join(dir, `${slug}--${name}.png`), fullPage: true });
}

// The demo shop's pages around the widget; inside the widget it works through
// the page object merchants get (storefront-checkout/testing), so that stays true.
export class Shop {
  constructor(page, testInfo) {
    this.page = page;
    this.testInfo = testInfo;
    this.checkoutPage = new CheckoutPage(page);
    this.widget = page.locator('storefront-checkout');
    this.totals = this.widget.locator('[data-role="totals"]');
  }

  async open(hash = '#/') {
    await this.page.goto(`/${hash}`);
    await this.ready();
  }

  // The widget has priced the cart locally at least once.
  async ready() {
    await this.page.waitForFunction(() => {
      const el = document.querySelector('storefront-checkout');
      return el && el.timings && el.timings.firstQuote !== undefined;
    }, null, { timeout: 30_000 });
  }

  async gotoProduct(sku) {
    await this.page.goto(`/#/product/${encodeURIComponent(productIdOf(sku))}`);
    await this.ready();
    const radio = this.page.locator(`input[name="variant"][value="${sku}"]`);
    if (await radio.count()) await radio.check();
    await expect(this.page.locator('#pickup-availability')).not.toHaveText(/Checking/);
  }

  async addToCart(sku, quantity = 1) {
    await this.gotoProduct(sku);
    if (quantity > 1) await this.page.locator('#product-qty').selectOption(String(quantity));
    await this.page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(this.page.locator('#added-message')).toContainText('Added');
  }

  async openCart() {
    await this.page.locator('#cart-link').click();
    await expect(this.widget).toBeVisible();
    await expect(this.widget.locator('[data-view="cart"]')).toBeVisible();
  }

  line(sku) {
    return this.widget.locator(`li.line[data-sku="${sku}"]`);
  }

  async setDestination(zip) {
    await this.checkoutPage.shipTo(zip);
  }

  async findStores(zip) {
    await this.checkoutPage.openStoreChooser();
    const field = this.widget.getByLabel('ZIP code', { exact: true });
    await field.fill(zip);
    await this.widget.getByRole('button', { name: 'Find stores' }).click();
  }

  async pickUpAt(storeName) {
    await this.widget.getByRole('button', { name: new RegExp(`^Pick up here\\s*: ${storeName}$`) }).click();
    await expect(this.widget.getByRole('button', { name: new RegExp(`^Your pickup store\\s*: ${storeName}$`) })).toBeVisible();
  }

  async setLinePickup(sku) {
    await this.line(sku).getByRole('radio', { name: /^Pick up/ }).check();
  }

  async applyCoupon(code) {
    return this.checkoutPage.applyCode(code);
  }

  // The totals as the widget shows them: minor units and the visible text.
  async shownTotals() {
    await expect(this.totals.locator('dd[data-total="grand_total"]')).toBeVisible();
    return this.totals.locator('dd[data-total]').evaluateAll((dds) => Object.fromEntries(dds.map((dd) => [
      dd.dataset.total, { amount: Number(dd.dataset.amount), text: dd.textContent },
    ])));
  }

  async checkout() {
    await this.checkoutPage.checkout();
  }

  async fillContact(c) {
    await this.checkoutPage.fillContact(c);
  }

  async fillAddress(a = ADDRESS) {
    await this.checkoutPage.fillAddress(a);
  }

  placeButton() {
    return this.widget.locator('[data-role="place-order"]');
  }

  // Places the order; returns { orderId, number, shown } where shown are the
  // totals on screen when the button was pressed, number the short order
  // number the confirmation shows and orderId the id it carries beside it.
  async placeOrder() {
    await expect(this.placeButton()).toBeEnabled();
    const shown = await this.shownTotals();
    const number = await this.checkoutPage.placeOrder();
    expect(number).toMatch(/^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
    const orderId = await this.widget.locator('[data-role="order-number"]').getAttribute('data-order-id');
    return { orderId, number, shown };
  }

  snap(name) {
    return saveShot(this.page, this.testInfo, name);
  }

  expectAccessible(step) {
    return expectAccessible(this.page, step);
  }
}

// No serious or critical axe violations in the page, shadow DOM included.
export async function expectAccessible(page, step) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`),
    `accessibility violations at step "${step}"`).toEqual([]);
}

// The order the server stored must carry exactly the totals the customer saw.
export async function expectOrderMatches(request, orderId, shown) {
  const response = await request.get(`/api/orders/${encodeURIComponent(orderId)}`);
  expect(response.status()).toBe(200);
  const order = await response.json();
  const t = order.quote.binding.totals;
  expect(order.grand_total).toBe(shown.grand_total.amount);
  expect(t.grand_total).toBe(shown.grand_total.amount);
  expect(t.subtotal).toBe(shown.subtotal.amount);
  expect(t.shipping).toBe(shown.shipping.amount);
  expect(t.tax).toBe(shown.tax.amount);
  expect(t.discounts).toBe(shown.discounts?.amount ?? 0);
  return order;
}

export const test = base.extend({
  shop: async ({ page }, use, testInfo) => {
    // Any CSP violation (an inline style, eval, a foreign origin) is a bug.
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A missing file (an image, a script, the favicon) is a broken shop too;
    // the browser reports even its own requests this way.
    const missing = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && / 404 /.test(m.text())) missing.push(m.location().url || m.text());
    });
    await use(new Shop(page, testInfo));
    const violations = await page.evaluate(() => window.__cspViolations ?? []).catch(() => []);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
    expect(errors, 'uncaught page errors').toEqual([]);
    expect(missing, 'files the page asked for and the server did not have').toEqual([]);
  },
});

export { expect };
