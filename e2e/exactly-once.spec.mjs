// An order is placed exactly once, whatever the shopper's tabs, reloads and
// network do (issue 10, the widget's half). The shopper is told only what is
// known, and every case is counted on the server: one order.
import { customer, expect, skuFor, staffHeaders, test } from './fixtures.mjs';

// The SoHo store's orders of one shopper (pickup orders are listed per store).
async function ordersOf(request, email) {
  const list = await (await request.get('/api/stores/nyc-soho/orders?limit=500', { headers: await staffHeaders(request) })).json();
  return list.orders.filter((o) => o.customer.email === email).map((o) => o.order_id);
}

// One item picked up at SoHo, at the checkout step with the contact filled.
async function readyToPlace(shop, item, who) {
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.findStores('10012');
  await shop.setLinePickup(item.sku);
  await shop.pickUpAt('Northwind SoHo');
  await shop.checkout();
  await shop.fillContact(who);
}

test('two tabs: carts in step, one order, and the other tab is told', async ({ shop, page, context, request }, testInfo) => {
  const item = skuFor(testInfo, 16);
  const who = customer(testInfo);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();

  const pageB = await context.newPage();
  const shopB = new shop.constructor(pageB, testInfo);
  await shopB.open('#/cart');
  await expect(shopB.line(item.sku).locator('output')).toHaveText('1');
  // A change in A reaches B, and one in B reaches A.
  await shop.line(item.sku).getByRole('button', { name: /^Increase quantity/ }).click();
  await expect(shopB.line(item.sku).locator('output')).toHaveText('2');
  await shopB.line(item.sku).getByRole('button', { name: /^Decrease quantity/ }).click();
  await expect(shop.line(item.sku).locator('output')).toHaveText('1');

  await shop.findStores('10012');
  await shop.setLinePickup(item.sku);
  await shop.pickUpAt('Northwind SoHo');
  await expect(shopB.line(item.sku).getByRole('radio', { name: /Pick up at Northwind SoHo/ })).toBeChecked();

  // Both tabs at the checkout step; A places the order.
  await shopB.checkout();
  await shopB.fillContact(who);
  await shop.checkout();
  await shop.fillContact(who);
  const { orderId } = await shop.placeOrder();

  // B cannot place the same cart again: it is back on its (now empty) cart and says why.
  await expect(shopB.widget.locator('[data-view="cart"]')).toBeVisible();
  await expect(shopB.widget.locator('[data-notice="other-tab"]')).toContainText(`Your order ${orderId} was placed in another tab`);
  await expect(shopB.widget.getByRole('heading', { name: 'Your cart', exact: true })).toBeVisible();
  await shopB.snap('other-tab-told');
  await shopB.expectAccessible('other tab after the order');
  expect(await ordersOf(request, who.email)).toEqual([orderId]);
  await pageB.close();
});

test('two tabs placing the same cart at once make one order', async ({ shop, context, request }, testInfo) => {
  const item = skuFor(testInfo, 17);
  const who = customer(testInfo);
  await readyToPlace(shop, item, who);
  const pageB = await context.newPage();
  const shopB = new shop.constructor(pageB, testInfo);
  await shopB.open('#/cart');
  await shopB.checkout();
  await shopB.fillContact({ ...who, name: 'Avery Q.' });  // other details: a different request, the same cart

  // Both clicks as close together as two pages allow; the later one may find
  // its tab already back on the cart (the other tab's order came first).
  const press = (t) => t.placeButton().click({ timeout: 5_000 }).catch(() => {});
  await Promise.all([press(shop), press(shopB)]);
  // One tab wins; the other shows that same order, or says the cart was
  // ordered elsewhere. Never a second order.
  const numbers = [shop, shopB].map((t) => t.widget.locator('[data-role="order-number"]'));
  await expect.poll(async () => (await numbers[0].isVisible()) || (await numbers[1].isVisible()), { timeout: 20_000 }).toBe(true);
  const winner = (await numbers[0].isVisible()) ? 0 : 1;
  const orderId = await numbers[winner].getAttribute('data-order-id');  // the text is the short number
  const shortNumber = (await numbers[winner].textContent()).trim();
  const other = [shop, shopB][1 - winner];
  // The other tab shows the same order (its replayed confirmation), or says it was placed.
  await expect(other.widget.getByText(new RegExp(`${shortNumber}|${orderId}|already placed|placed in another tab`)).first())
    .toBeVisible({ timeout: 20_000 });
  expect(await ordersOf(request, who.email)).toEqual([orderId]);
  await pageB.close();
});

test('a reload while "Placing order…" finds the one order and says so', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 18);
  const who = customer(testInfo);
  await readyToPlace(shop, item, who);
  // The first request reaches the server (the order is made) but its answer is held back.
  let held = 0;
  let reachedServer;
  const reached = new Promise((ok) => { reachedServer = ok; });
  await page.route('**/api/orders', async (route) => {
    if (held++ > 0) return route.continue();
    await route.fetch();
    reachedServer();
    await new Promise(() => {});  // never answered: the page goes away first
  });
  await shop.placeButton().click();
  await expect(shop.placeButton()).toHaveText('Placing order…');
  await reached;
  await page.reload();
  await shop.ready();
  const number = shop.widget.locator('[data-role="order-number"]');
  await expect(number).toBeVisible({ timeout: 20_000 });
  await expect(shop.widget.locator('[data-notice="resolved"]')).toContainText('your order went through');
  const orderId = await number.getAttribute('data-order-id');  // the text is the short number
  expect(await ordersOf(request, who.email)).toEqual([orderId]);
  await shop.snap('reload-resolved');
  await shop.expectAccessible('resolved after a reload');
});

test('a lost answer says only what is known; "Try again" gives the one order', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 19);
  const who = customer(testInfo);
  await readyToPlace(shop, item, who);
  const sent = [];
  await page.route('**/api/orders', async (route) => {
    sent.push(route.request().headers()['idempotency-key']);
    if (sent.length === 1) {
      await route.fetch();  // the order is made...
      return route.abort('connectionreset');  // ...and the answer lost
    }
    return route.continue();
  });
  await shop.placeButton().click();
  const error = shop.widget.locator('[data-role="place-error"]');
  await expect(error).toContainText("can't tell yet whether your order went through");
  await expect(error).not.toContainText('Nothing was charged');
  await error.getByRole('button', { name: 'Try again' }).click();
  const number = shop.widget.locator('[data-role="order-number"]');
  await expect(number).toBeVisible({ timeout: 20_000 });
  const orderId = await number.getAttribute('data-order-id');  // the text is the short number
  expect(sent).toHaveLength(2);
  expect(new Set(sent).size).toBe(1);
  expect(await ordersOf(request, who.email)).toEqual([orderId]);
  // No stock alarm about the units this order itself took.
  await expect(shop.widget.locator('[data-notice="stock"]')).toHaveCount(0);
});

test('fixing the last field and clicking "Place order" places the order with that one click', async ({ shop, page }, testInfo) => {
  const item = skuFor(testInfo, 14);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  await shop.checkout();
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/orders')) posts++; });
  // Submitting the empty form validates it: every error shown.
  await shop.placeButton().click();
  await expect(shop.widget.locator('[data-role="form-errors"]')).toBeVisible();
  expect(posts).toBe(0);
  await shop.fillAddress();
  await shop.fillContact({ name: 'Avery Quinn', email: customer(testInfo).email });
  // The email field still has focus and its error: the click below blurs it first.
  const before = await shop.placeButton().boundingBox();
  await shop.placeButton().click();
  await expect(shop.widget.locator('[data-role="order-number"]')).toBeVisible({ timeout: 20_000 });
  expect(posts).toBe(1);
  expect(before).not.toBeNull();
});
