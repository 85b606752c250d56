// The checkout as a phone shopper sees it (issue 12): at 360 px and on a
// Pixel 7, after adding items the total and "Check out" are in the first
// viewport, the shipping estimate and summary come before the store chooser
// (folded until asked), and on the checkout step what is paid comes before
// "Place order". Positions are read from the layout (boundingBox), never timed.
import { ADDRESS, customer, expect, skuFor, test } from './fixtures.mjs';

const inViewport = (box, viewport) => Boolean(box) && box.y >= 0 && box.y + box.height <= viewport.height
  && box.x >= 0 && box.x + box.width <= viewport.width;

test('phone: the total and "Check out" in the first viewport; shipping and summary before the stores', async ({ shop, page }, testInfo) => {
  test.skip(testInfo.project.name === 'desktop', 'phones only');
  const viewport = page.viewportSize();
  const items = [skuFor(testInfo, 0), skuFor(testInfo, 1), skuFor(testInfo, 2), skuFor(testInfo, 3)];
  for (const item of items) await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await page.evaluate(() => window.scrollTo(0, 0));
  const bar = shop.widget.locator('[data-role="checkout-bar"]');
  const checkoutButton = shop.widget.getByRole('button', { name: /^Check out/ });
  await expect(checkoutButton).toHaveCount(1);
  await expect(bar).toContainText('Total');
  expect(inViewport(await bar.boundingBox(), viewport), 'the total bar in the first viewport').toBe(true);
  expect(inViewport(await checkoutButton.boundingBox(), viewport), '"Check out" in the first viewport').toBe(true);
  await shop.snap('phone-cart-first-viewport');
  await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}/phone-cart-viewport-only.png` });

  // Order of the panels: lines, shipping estimate, summary, ..., stores (folded).
  const y = async (locator) => (await locator.boundingBox()).y;
  const shipping = shop.widget.getByRole('region', { name: 'Shipping', exact: true });
  const summary = shop.widget.getByRole('region', { name: 'Order summary' });
  const stores = shop.widget.getByRole('region', { name: 'Pick up in store' });
  expect(await y(shipping)).toBeLessThan(await y(summary));
  expect(await y(summary)).toBeLessThan(await y(stores));
  // The keyboard meets the panels in the order they are seen (DOM order, no CSS `order`).
  const domOrderTops = await shop.widget.locator('section.panel').evaluateAll((sections) => sections
    .filter((s) => s.getClientRects().length).map((s) => Math.round(s.getBoundingClientRect().top)));
  expect(domOrderTops.length).toBeGreaterThanOrEqual(5);
  expect(domOrderTops, 'panels in DOM order go down the page').toEqual([...domOrderTops].sort((a, b) => a - b));
  await expect(stores.getByRole('button', { name: 'Choose a store' })).toHaveAttribute('aria-expanded', 'false');
  await expect(stores.getByRole('textbox', { name: 'ZIP code', exact: true })).toBeHidden();

  // "Remove" on one line; after it focus stays on the next line's Remove, on screen.
  const remove = shop.widget.getByRole('button', { name: /^Remove / }).first();
  expect((await remove.boundingBox()).height, '"Remove" on one line').toBeLessThan(50);
  await remove.click();
  const focused = shop.widget.locator(':focus');
  await expect(focused).toHaveAccessibleName(/^Remove /);
  expect(inViewport(await focused.boundingBox(), viewport), 'focus stays in view').toBe(true);
  await shop.expectAccessible('phone cart');
});

test('phone: on the checkout step the shipping method and summary come before "Place order"', async ({ shop, page }, testInfo) => {
  test.skip(testInfo.project.name === 'desktop', 'phones only');
  const item = skuFor(testInfo, 4);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress(ADDRESS);
  const y = async (locator) => (await locator.boundingBox()).y;
  const method = shop.widget.getByRole('region', { name: 'Shipping method' });
  const summary = shop.widget.getByRole('region', { name: 'Order summary' });
  const place = shop.placeButton();
  expect(await y(method)).toBeLessThan(await y(place));
  expect(await y(summary)).toBeLessThan(await y(place));
  await shop.snap('phone-checkout-order');
  await place.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}/phone-checkout-viewport-at-place-order.png` });
  await shop.expectAccessible('phone checkout');
  const { orderId } = await shop.placeOrder();
  expect(orderId).toBeTruthy();
});

test('"Show more products" is not shown when there is nothing more', async ({ shop, page }) => {
  await shop.open('#/');
  const more = page.getByRole('button', { name: 'Show more products' });
  if (await more.isVisible()) {
    const before = await page.locator('#product-grid > li').count();
    await more.click();
    expect(await page.locator('#product-grid > li').count()).toBeGreaterThan(before);
  } else {
    await expect(more).toBeHidden();
  }
});
