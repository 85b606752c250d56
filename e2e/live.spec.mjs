// Omnichannel: a store sale shows in an open cart at once, and pickup orders
// reach the store staff page live.
import { customer, signInOnStaffPage, staffHeaders, expect, expectAccessible, expectOrderMatches, saveShot, skuFor, test } from './fixtures.mjs';

test('the chosen store sells out while the page is open', async ({ shop, request }, testInfo) => {
  const item = skuFor(testInfo, 7);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  await shop.findStores('10012');
  await shop.setLinePickup(item.sku);
  await shop.pickUpAt('Northwind SoHo');
  await expect(shop.line(item.sku)).toContainText('In stock at Northwind SoHo');

  // A sale at the SoHo counter takes every unit on the shelf.
  const staff = await staffHeaders(request, 'e2e-soho');
  const stock = await (await request.get(`/api/stores/nyc-soho/stock?sku=${item.sku}`, { headers: staff })).json();
  const available = stock.stock[0].available;
  expect(available).toBeGreaterThan(0);
  const sale = await request.post('/api/stores/nyc-soho/sales', {
    headers: staff, data: { cart: { lines: [{ sku: item.sku, quantity: available }] } },
  });
  expect(sale.status()).toBe(201);

  // The open cart learns it from the event stream, with no reload.
  await expect(shop.widget.locator('[data-notice="stock"]')).toContainText('Northwind SoHo just sold out');
  await expect(shop.line(item.sku).locator('[data-code="pickup_insufficient_stock"]')).toBeVisible();
  await shop.snap('sold-out');
  await shop.expectAccessible('sold-out notice');
  // The sold-out store stays chosen, so its "Not available here" explains why...
  const sohoCard = shop.widget.locator('li.store[data-store="nyc-soho"]');
  await expect(sohoCard.locator('[data-availability="none"]')).toHaveText('Not available here');
  await expect(sohoCard.getByRole('button', { name: /^Your pickup store/ })).toBeVisible();
  // ...checking out is refused until the customer decides...
  await shop.widget.getByRole('button', { name: /^Check out/ }).click();
  await expect(shop.widget.locator('[data-view="cart"]')).toBeVisible();
  // ...and once another store is chosen, SoHo is no longer offered at all.
  await shop.widget.getByRole('button', { name: /^Pick up here/ }).first().click();
  await expect(shop.line(item.sku)).toContainText('In stock at');
  await expect(sohoCard.getByRole('button')).toHaveCount(0);
  // Shipping it instead works too.
  await shop.line(item.sku).getByRole('radio', { name: 'Ship to me' }).check();
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress();
  const { orderId, shown } = await shop.placeOrder();
  const order = await expectOrderMatches(request, orderId, shown);
  expect(order.lines[0].fulfilment.type).toBe('ship');
});

test('store staff see pickup orders arrive and move them along', async ({ shop, page, browser, request }, testInfo) => {
  // The staff member is on another device: a context of their own.
  const staffContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const staffPage = await staffContext.newPage();
  await staffPage.goto('/web/demo/store.html?store=nyc-soho');
  // Nothing of the store shows before signing in.
  await expect(staffPage.locator('#queue')).toBeHidden();
  await signInOnStaffPage(staffPage);
  await expect(staffPage.locator('[data-role="live-status"]')).toHaveText(/Live/);

  const item = skuFor(testInfo, 8);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.findStores('10012');
  await shop.setLinePickup(item.sku);
  await shop.pickUpAt('Northwind SoHo');
  await shop.checkout();
  const who = customer(testInfo);
  await shop.fillContact(who);
  const { orderId, shown } = await shop.placeOrder();
  await expectOrderMatches(request, orderId, shown);

  // The new order appears on the staff page without a reload.
  const card = staffPage.locator(`[data-order="${orderId}"]`);
  await expect(card).toBeVisible();
  await expect(card).toContainText(who.name);
  await expect(card).toContainText('placed');
  await saveShot(staffPage, testInfo, 'staff-new-order');
  await expectAccessible(staffPage, 'staff page');
  await card.getByRole('button', { name: 'Mark ready' }).click();
  await expect(card).toContainText('ready for pickup');
  // SoHo holds ready orders 7 days; staff see the end and can give 2 more.
  const holdOf = async () => (await (await request.get('/api/stores/nyc-soho/orders?status=ready_for_pickup',
    { headers: await staffHeaders(request) })).json()).orders.find((o) => o.order_id === orderId);
  const readyOrder = await holdOf();
  const readyAt = Date.parse(readyOrder.history.at(-1).at);
  expect(Date.parse(readyOrder.hold_ends_at)).toBe(readyAt + 7 * 86_400_000);
  const hold = card.locator('[data-role="hold"]');
  await expect(hold).toContainText('held until');
  const before = await hold.textContent();
  await card.getByRole('button', { name: 'Hold 2 more days' }).click();
  await expect(hold).not.toHaveText(before);
  expect(Date.parse((await holdOf()).hold_ends_at)).toBe(readyAt + 9 * 86_400_000);
  await expectAccessible(staffPage, 'staff page with a hold');
  await card.getByRole('button', { name: 'Picked up' }).click();
  await expect(card).toContainText('picked up');
  const stored = await (await request.get(`/api/orders/${orderId}`)).json();
  expect(stored.status).toBe('picked_up');
  await staffContext.close();
});
