// The checkout in the shopper's language: a complete order in Polish at the
// Polish merchant (server-stub/data/pl-demo, its page language pl-PL) and in
// Persian, right to left, at the demo shop (?lang=fa), on every project.
// The steps find controls by their data attributes, not by English names;
// what is checked in words is checked in the language shown.
import { readFileSync } from 'node:fs';
import { customer, expect, expectAccessible, saveShot, skuFor, test, ADDRESS, STAFF } from './fixtures.mjs';

const PL_BASE = `http://127.0.0.1:${process.env.E2E_PL_PORT}`;
const PL_CATALOG = JSON.parse(readFileSync(new URL('../server-stub/data/pl-demo/catalog.json', import.meta.url), 'utf8'));
// One SKU per project: the three run at once against the one Polish server.
const PL_SKUS = { desktop: ['ceramika-dzbanek', 'PL-DZBANEK'], 'pixel-7': ['len-obrus', 'PL-OBRUS-BIALY'], 'small-phone': ['rosliny-lawenda', 'PL-LAWENDA'] };

async function widgetReady(page) {
  await page.waitForFunction(() => document.querySelector('storefront-checkout')?.timings?.firstQuote !== undefined, null, { timeout: 30_000 });
}

async function noHorizontalOverflow(page, step) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `page wider than the viewport at "${step}"`).toBeLessThanOrEqual(width);
}

// "Check out" where the layout shows it: the sticky bar on phones, the summary when wide.
const visibleCheckout = (widget) => widget.locator('[data-role="checkout"]:visible').first();

async function fillField(widget, name, value) {
  await widget.locator(`[data-field="${name}"]`).fill(value);
}

test('Polish merchant: a pickup order in Polish, prices in złoty', async ({ page }, testInfo) => {
  const [productId, sku] = PL_SKUS[testInfo.project.name] ?? PL_SKUS.desktop;
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${PL_BASE}/#/product/${productId}`);
  await widgetReady(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl-PL');
  const variant = page.locator(`input[name="variant"][value="${sku}"]`);
  if (await variant.count()) await variant.check();
  await page.locator('#add-to-cart').first().click();
  await expect(page.locator('#added-message')).not.toBeEmpty();
  await page.locator('#cart-link').click();

  const widget = page.locator('storefront-checkout');
  const root = widget.locator('.layout-root');
  await expect(root).toHaveAttribute('lang', 'pl-PL');
  await expect(root).toHaveAttribute('dir', 'ltr');
  await expect(widget.locator('#cart-title')).toHaveText('Twój koszyk (1 produkt)');
  await expect(widget.locator('dd[data-total="grand_total"]')).toContainText('zł');

  // The delivery estimate asks for a Polish postal code ("Kod pocztowy", 00-950
  // as the example, a keyboard with the hyphen); full-width digits count, and
  // a malformed code is refused in Polish with the example.
  const destination = widget.locator('[data-focus-key="dest-zip"]');
  await expect(widget.getByRole('textbox', { name: 'Kod pocztowy dostawy' })).toBeVisible();
  await expect(destination).not.toHaveAttribute('inputmode', /.+/);
  await expect(destination).toHaveAttribute('placeholder', '00-950');
  await destination.fill('AB-123');
  await widget.locator('[data-focus-key="dest-update"]').click();
  await expect(widget.locator('[data-role="destination-error"]')).toHaveText('Wpisz kod pocztowy w formie 00-950.');
  await destination.fill('０２-４９５');
  await widget.locator('[data-focus-key="dest-update"]').click();
  await expect(widget.locator('[data-role="destination-error"]')).toBeEmpty();
  await expect(widget.locator('[data-role="shipping"] input[type="radio"]').first()).toBeVisible();
  await expect(widget.locator('dd[data-total="shipping"]')).toContainText('zł');

  // The store search in Polish postal codes, typed in Persian digits: a
  // Kraków code puts Kraków first, a place the shop cannot locate is said,
  // and a Warsaw code puts Warsaw first for the pickup.
  const toggle = widget.locator('[data-role="stores-toggle"]');
  if (await toggle.isVisible()) await toggle.click();
  const storeZip = widget.getByRole('textbox', { name: 'Kod pocztowy', exact: true });
  const storeOrder = () => widget.locator('li.store').evaluateAll((items) => items.map((li) => li.dataset.store));
  await storeZip.fill('۳۰-۰۰۱');
  await widget.locator('[data-focus-key="store-find"]').click();
  const krakowDistance = widget.locator('li.store[data-store="krakow-florianska"] .store-head bdi');
  await expect.poll(storeOrder).toEqual(['krakow-florianska', 'warszawa-nowy-swiat']);
  await expect(krakowDistance).toBeVisible();  // placed: the distance to the store is shown
  await storeZip.fill('80-001');
  await widget.locator('[data-focus-key="store-find"]').click();
  await expect(widget.locator('[data-role="store-search-error"]')).toHaveText('Nie znamy jeszcze kodu 80-001: pokazujemy wszystkie sklepy.');
  await expect(krakowDistance).toHaveCount(0);  // no place, no distances
  await storeZip.fill('۰۰-۰۰۱');
  await widget.locator('[data-focus-key="store-find"]').click();
  await expect(widget.locator('[data-role="store-search-error"]')).toBeEmpty();
  await expect.poll(storeOrder).toEqual(['warszawa-nowy-swiat', 'krakow-florianska']);
  await noHorizontalOverflow(page, 'Polish cart with stores');
  await saveShot(page, testInfo, 'pl-cart-stores');
  await widget.locator('[data-focus-key="store-warszawa-nowy-swiat"]').click();
  await expect(widget.locator('[data-focus-key="store-warszawa-nowy-swiat"]')).toHaveAccessibleName(/^Twój sklep odbioru/);
  await widget.locator(`li.line[data-sku="${sku}"] input[value="pickup"]`).check();
  await expect(widget.locator(`li.line[data-sku="${sku}"]`)).toContainText('Dostępny w sklepie');
  expect(pageErrors).toEqual([]);
  await expect(widget.locator('dd[data-total="shipping"]')).toHaveText(/odbiór/i);
  await expectAccessible(page, 'Polish cart');

  await visibleCheckout(widget).click();
  await expect(widget.locator('h2[data-focus-target="checkout"]')).toHaveText('Kasa');
  await widget.locator('[data-role="place-order"]').click();
  await expect(widget.locator('[data-role="form-errors"]')).toContainText('Popraw 2 pola.');
  await expect(widget.locator('[data-field="name"]')).toBeFocused();
  const who = customer(testInfo);
  await fillField(widget, 'name', 'Zofia Wiśniewska');
  await fillField(widget, 'email', who.email);
  await widget.locator('[data-role="place-order"]').click();

  const confirmation = widget.locator('[data-role="confirmation"]');
  await expect(confirmation).toBeVisible({ timeout: 20_000 });
  await expect(confirmation.locator('h2')).toHaveText('Dziękujemy! Zamówienie zostało złożone.');
  await expect(confirmation).toContainText('Numer zamówienia');
  await expect(confirmation.locator('[data-role="pickup-instructions"]')).toContainText('Pracownia Wisła – Nowy Świat');
  await expect(confirmation.locator('[data-role="pickup-instructions"]')).toContainText(/(dziś|jutro|pon\.|wt\.|śr\.|czw\.|pt\.|sob\.|niedz\.).* o \d{1,2}:\d{2}/);
  await expect(confirmation).not.toContainText(/[A-Z][a-z]+ (items|order|ready)/);
  await expectAccessible(page, 'Polish confirmation');
  await saveShot(page, testInfo, 'pl-confirmation');
});

test('Polish merchant: the shop\'s own pages (heading, navigation, product page, footer, returns) are Polish', async ({ page }) => {
  await page.goto(`${PL_BASE}/`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl-PL');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('#shop-title')).toHaveText('Rękodzieło i smaki z całej Polski');
  await expect(page.locator('#brand')).toHaveText('Pracownia Wisła');
  await expect(page.locator('[data-nav="shop"]')).toHaveText('Sklep');
  await expect(page.locator('[data-nav="cart"] [data-shop-word]')).toHaveText('Koszyk');
  await expect(page.locator('.site-footer')).toContainText('Zwrot towaru');
  await expect(page.locator('#category-filter button').first()).toHaveText('Wszystko');
  await expect(page).toHaveTitle('Pracownia Wisła');

  await page.goto(`${PL_BASE}/#/product/ksiazka-krakow`);
  await widgetReady(page);
  await expect(page.locator('label[for="product-qty"]')).toHaveText('Ilość');
  await expect(page.locator('#add-to-cart')).toHaveText('Dodaj do koszyka');
  await expect(page.locator('#pickup-availability')).toContainText(/Do odbioru|Tylko wysyłka|Wyprzedane/);
  await page.locator('#add-to-cart').click();
  await expect(page.locator('#added-message')).toContainText('Dodano do koszyka: 1 szt.');
  await expect(page.locator('#added-message a')).toHaveText('Zobacz koszyk');
  await expect(page.locator('#cart-link')).toHaveAttribute('aria-label', 'Koszyk, 1 produkt');
  await expect(page.locator('body')).not.toContainText(/Add to cart|All products|Demo store|Quantity/);

  // The return page the footer links to.
  await page.locator('.site-footer a[href$="returns.html"]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl-PL');
  await expect(page.locator('h1')).toHaveText('Zwrot towaru');
  await expect(page).toHaveTitle('Zwrot towaru · Pracownia Wisła');
  await page.getByLabel('Numer zamówienia').fill('ZZZZZZ');
  await page.getByLabel('E-mail podany w zamówieniu').fill('nikt@example.com');
  await page.getByRole('button', { name: 'Znajdź zamówienie' }).click();
  await expect(page.locator('#find-error')).toHaveText('Nie znaleźliśmy zamówienia o tym numerze i adresie e-mail.');
});

// The widget checks quantities itself, so the request is changed on its way
// (as a catalog changed under an open page would): the SERVER refuses it,
// and its error, said by code and params, reaches the shopper in Polish.
test('Polish merchant: a refusal by the server is said in Polish, with its number', async ({ page }, testInfo) => {
  const [productId, sku] = PL_SKUS[testInfo.project.name] ?? PL_SKUS.desktop;
  await page.goto(`${PL_BASE}/#/product/${productId}`);
  await widgetReady(page);
  const variant = page.locator(`input[name="variant"][value="${sku}"]`);
  if (await variant.count()) await variant.check();
  await page.locator('#add-to-cart').first().click();
  await page.locator('#cart-link').click();
  const widget = page.locator('storefront-checkout');
  const toggle = widget.locator('[data-role="stores-toggle"]');
  if (await toggle.isVisible()) await toggle.click();
  await widget.locator('[data-focus-key="store-zip"]').fill('00-029');
  await widget.locator('[data-focus-key="store-find"]').click();
  await widget.locator('[data-focus-key="store-warszawa-nowy-swiat"]').click();
  await widget.locator(`li.line[data-sku="${sku}"] input[value="pickup"]`).check();
  await visibleCheckout(widget).click();
  await fillField(widget, 'name', 'Zofia Wiśniewska');
  await fillField(widget, 'email', customer(testInfo, 'refused').email);

  let answer;
  await page.route('**/api/orders', async (route) => {
    const body = JSON.parse(route.request().postData());
    body.cart.lines[0].quantity = 1_000_001;
    const response = await route.fetch({ postData: JSON.stringify(body) });
    answer = await response.json();
    await route.fulfill({ response });
  });
  await widget.locator('[data-role="place-order"]').click();
  const refused = widget.locator('[data-role="place-error"]');
  await expect(refused).toBeVisible({ timeout: 20_000 });
  expect(answer.error).toMatchObject({ code: 'quantity_too_large', params: { max: 1_000_000, sku } });
  const { title } = PL_CATALOG.products.find((p) => p.id === productId);
  await expect(refused).toContainText(/Jednorazowo można zamówić najwyżej 1\s000\s000 szt\.: /);
  await expect(refused).toContainText(`szt.: ${title}.`);
  await expect(refused).not.toContainText('At most');
  await page.unroute('**/api/orders');
});

test('Polish merchant: the staff page speaks Polish', async ({ page }) => {
  await page.goto(`${PL_BASE}/web/demo/store.html`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl-PL');
  await expect(page.getByLabel('Nazwa użytkownika')).toBeVisible();
  await page.locator('#staff-username').fill(STAFF.admin);
  await page.locator('#staff-password').fill(STAFF.password);
  await page.locator('#sign-in button[type="submit"]').click();
  await expect(page.locator('#signed-in-as')).toHaveText(`Zalogowano jako ${STAFF.admin} (administrator).`);
  await expect(page.locator('#queue-title')).toHaveText('Zamówienia do przygotowania');
  await expect(page.locator('[data-role="live-status"]')).toHaveText('Na żywo');
  await expect(page.locator('#store-title')).toHaveText(/^Zamówienia do odbioru · Pracownia Wisła/);
  await expectAccessible(page, 'Polish staff page');
});

test('Persian: the checkout right to left, mirrored, no overflow, accessible', async ({ shop, page }, testInfo) => {
  const item = skuFor(testInfo, 17);
  await shop.addToCart(item.sku, 1);
  await page.goto('/?lang=fa#/cart');
  await widgetReady(page);
  const widget = shop.widget;
  const root = widget.locator('.layout-root');
  await expect(root).toHaveAttribute('dir', 'rtl');
  await expect(root).toHaveAttribute('lang', 'fa');
  await expect(widget.locator('#cart-title')).toContainText('سبد خرید شما');
  await expect(widget.locator('#cart-title')).toContainText('۱');  // the count in Persian digits

  await widget.locator('[data-focus-key="dest-zip"]').fill('10012');
  await widget.locator('[data-focus-key="dest-update"]').click();
  await expect(widget.locator('[data-role="shipping"] input[type="radio"]').first()).toBeVisible();

  // Mirrored: the line's picture on the right of its title, and when wide the
  // lines' column right of the summary's.
  const line = shop.line(item.sku);
  const thumb = await line.locator('.thumb').boundingBox();
  const title = await line.locator('.line-title').boundingBox();
  expect(thumb.x, 'the picture starts the line on the right').toBeGreaterThan(title.x);
  const lines = await widget.locator('.lines-panel').boundingBox();
  const summary = await widget.locator('.totals-panel').boundingBox();
  if (lines.y + 10 < summary.y + summary.height && summary.y + 10 < lines.y + lines.height) {
    expect(lines.x, 'the main column is on the right').toBeGreaterThan(summary.x);
  } else {
    expect(summary.y, 'one column: the summary follows the lines').toBeGreaterThan(lines.y);
  }
  // Amounts keep their order inside the right-to-left text (isolated).
  await expect(widget.locator('dd[data-total="grand_total"] bdi')).toHaveCount(1);
  await noHorizontalOverflow(page, 'cart');
  await expectAccessible(page, 'Persian cart');
  await saveShot(page, testInfo, 'fa-cart');

  await visibleCheckout(widget).click();
  await expect(widget.locator('h2[data-focus-target="checkout"]')).toHaveText('پرداخت');
  const who = customer(testInfo);
  await fillField(widget, 'name', 'سارا احمدی');
  await fillField(widget, 'email', who.email);
  await fillField(widget, 'line1', ADDRESS.line1);
  await fillField(widget, 'city', ADDRESS.city);
  await widget.locator('[data-field="region"]').selectOption(ADDRESS.region);
  await fillField(widget, 'postal_code', ADDRESS.postal_code);
  await noHorizontalOverflow(page, 'checkout form');
  await expectAccessible(page, 'Persian checkout');
  await saveShot(page, testInfo, 'fa-checkout');
  await expect(widget.locator('[data-role="place-order"]')).toContainText('ثبت سفارش');
  await widget.locator('[data-role="place-order"]').click();

  const confirmation = widget.locator('[data-role="confirmation"]');
  await expect(confirmation).toBeVisible({ timeout: 20_000 });
  await expect(confirmation.locator('h2')).toHaveText('سپاسگزاریم! سفارش شما ثبت شد.');
  await expect(confirmation.locator('[data-role="order-number"]')).toHaveText(/^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/);
  // A Latin street line keeps its own order on the right-to-left page: "512" stands left of "Broadway".
  const street = confirmation.locator('[data-role="shipping-address"] bdi', { hasText: 'Broadway' });
  const [numberLeft, wordLeft] = await street.evaluate((el) => {
    const text = el.firstChild;
    const at = (from, to) => { const r = document.createRange(); r.setStart(text, from); r.setEnd(text, to); return r.getBoundingClientRect().left; };
    const i = text.data.indexOf('Broadway');
    return [at(0, 3), at(i, i + 8)];
  });
  expect(numberLeft, 'house number left of the street name').toBeLessThan(wordLeft);
  await noHorizontalOverflow(page, 'confirmation');
  await expectAccessible(page, 'Persian confirmation');
  await saveShot(page, testInfo, 'fa-confirmation');
});
