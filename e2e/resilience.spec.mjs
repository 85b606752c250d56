// What goes wrong: prices tampered with in the page, the server unreachable
// when ordering, a reload in the middle of shopping.
import { staffHeaders, customer, expect, expectOrderMatches, skuFor, test } from './fixtures.mjs';

test('tampered price: the server refuses, the customer sees corrected totals', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 9);
  // The page receives a catalog whose price for this SKU was lowered: what
  // a script or an extension editing the page's data would do.
  let tampered = false;
  await page.route('**/api/catalog', async (route) => {
    if (tampered) return route.continue();
    tampered = true;
    const response = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const catalog = await response.json();
    for (const p of catalog.products) for (const v of p.variants) if (v.sku === item.sku) v.price -= 1000;
    await route.fulfill({ response, json: catalog });
  });
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  const before = await shop.shownTotals();
  expect(before.subtotal.amount).toBe(item.price - 1000);
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress();
  await shop.placeButton().click();

  const dialog = shop.widget.locator('dialog[data-role="quote-changed"]');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Your total has changed');
  await expect(dialog.locator('tr.changed').first()).toBeVisible();
  // The server's reason, in words, naming the item: its price is what changed.
  const reasons = dialog.locator('[data-role="change-reasons"]');
  await expect(reasons).toContainText(`${item.title}`);
  await expect(reasons).toContainText('the price is now');
  // Focus on the neutral action, not on accepting the higher charge.
  await expect(dialog.locator('[data-role="back-to-cart"]')).toBeFocused();
  const newTotal = await dialog.locator('[data-role="new-grand_total"]').textContent();
  await shop.snap('quote-changed-dialog');
  await shop.expectAccessible('quote changed dialog');
  // Behind the dialog the widget already shows the server's prices.
  const corrected = await shop.shownTotals();
  expect(corrected.subtotal.amount).toBe(item.price);
  expect(await shop.totals.locator('dd[data-total="grand_total"]').textContent()).toBe(newTotal);
  await dialog.locator('[data-role="accept-new-total"]').click();
  const number = shop.widget.locator('[data-role="order-number"]');
  await expect(number).toBeVisible({ timeout: 20_000 });
  const order = await expectOrderMatches(request, await number.getAttribute('data-order-id'), corrected);
  expect(order.quote.binding.lines[0].unit_price).toBe(item.price);
});

test('the pickup store sells out unseen: the order is refused for that reason, in words', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 15);
  // No live stock events reach this page, so only the server can notice.
  await page.route('**/api/events', (route) => route.abort());
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.findStores('10012');
  await shop.setLinePickup(item.sku);
  await shop.pickUpAt('Northwind SoHo');
  await expect(shop.line(item.sku)).toContainText('In stock at Northwind SoHo');
  await shop.checkout();
  await shop.fillContact(customer(testInfo));

  // The SoHo counter sells every unit the shelf offers.
  const staff = await staffHeaders(request, 'e2e-soho');
  const stock = await (await request.get(`/api/stores/nyc-soho/stock?sku=${item.sku}`, { headers: staff })).json();
  const sale = await request.post('/api/stores/nyc-soho/sales', {
    headers: staff, data: { cart: { lines: [{ sku: item.sku, quantity: stock.stock[0].available }] } },
  });
  expect(sale.status()).toBe(201);

  await shop.placeButton().click();
  const error = shop.widget.locator('[data-role="place-error"]');
  await expect(error).toContainText('Some items sold out while you were checking out');
  await expect(error).toContainText('no longer available at Northwind SoHo');
  // Nothing to accept: no "total changed" dialog for a sell-out.
  await expect(shop.widget.locator('dialog[data-role="quote-changed"]')).toHaveCount(0);
});

test('server unreachable when ordering: nothing lost, retry makes one order', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 10);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.findStores('10012');
  await shop.setLinePickup(item.sku);
  await shop.pickUpAt('Northwind SoHo');
  await shop.checkout();
  const who = customer(testInfo);
  await shop.fillContact(who);

  // 1st attempt: no network at all. 2nd: the server gets the order but the
  // answer is lost on the way back. 3rd: everything works.
  const attempts = [];
  await page.route('**/api/orders', async (route) => {
    const req = route.request();
    attempts.push({ key: req.headers()['idempotency-key'], body: req.postData() });
    if (attempts.length === 1) return route.abort('internetdisconnected');
    if (attempts.length === 2) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const shown = await shop.shownTotals();
  await shop.placeButton().click();
  const error = shop.widget.locator('[data-role="place-error"]');
  // Nothing is claimed that is not known: the order may or may not exist.
  await expect(error).toContainText("can't tell yet whether your order went through");
  await expect(error).not.toContainText('Nothing was charged');
  await shop.snap('network-error');
  await shop.expectAccessible('network error');
  // Nothing lost: the form and the cart are still there.
  await expect(shop.widget.getByLabel('Full name')).toHaveValue(who.name);
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(error).toContainText("can't tell yet whether your order went through");
  await error.getByRole('button', { name: 'Try again' }).click();
  const number = shop.widget.locator('[data-role="order-number"]');
  await expect(number).toBeVisible({ timeout: 20_000 });
  const orderId = await number.getAttribute('data-order-id');

  expect(attempts).toHaveLength(3);
  expect(new Set(attempts.map((a) => a.key)).size).toBe(1);
  expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
  await expectOrderMatches(request, orderId, shown);
  // Exactly one order for this customer reached the store.
  const list = await (await request.get('/api/stores/nyc-soho/orders?limit=500', {
    headers: await staffHeaders(request),
  })).json();
  expect(list.orders.filter((o) => o.customer.email === who.email).map((o) => o.order_id)).toEqual([orderId]);
});

test('the cart survives a reload and a later visit', async ({ shop, page, context }, testInfo) => {
  const a = skuFor(testInfo, 11);
  const b = skuFor(testInfo, 12);
  await shop.addToCart(a.sku, 2);
  await shop.addToCart(b.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  await shop.findStores('10012');
  await shop.setLinePickup(b.sku);
  await shop.pickUpAt('Northwind SoHo');
  await shop.applyCoupon('WELCOME10');
  const before = await shop.shownTotals();

  await page.reload();
  await shop.ready();
  await shop.openCart();
  await expect(shop.line(a.sku).locator('output')).toHaveText('2');
  await expect(shop.line(b.sku).getByRole('radio', { name: /Pick up at Northwind SoHo/ })).toBeChecked();
  expect(await shop.shownTotals()).toEqual(before);

  // A later visit: a new tab of the same browser profile.
  const later = await context.newPage();
  await later.goto('/#/cart');
  const laterShop = new shop.constructor(later, testInfo);
  await laterShop.ready();
  expect(await laterShop.shownTotals()).toEqual(before);
  await later.close();
});

// Honest loading: while the bundle, the core and the catalog are still on
// their way, /#/cart is the cart (never the shop's home) with the saved
// cart's badge and size from local data. The slow parts are held back by
// gates the test opens, so what is seen in between is certain, not timed.
test('while loading, the cart page shows the saved cart, never the home page or "Cart 0"', async ({ shop, page }, testInfo) => {
  const a = skuFor(testInfo, 15);
  await shop.addToCart(a.sku, 3);
  const gate = () => { let open; const opened = new Promise((r) => { open = r; }); return { open, opened }; };
  const bundle = gate();
  const data = gate();
  await page.route(/\/web\/dist\/.*\.mjs$/, async (route) => { await bundle.opened; await route.continue(); });
  await page.route(/\/api\/catalog$|\.wasm$/, async (route) => { await data.opened; await route.continue(); });

  await page.goto('about:blank');  // a new document: '/#/cart' from '/#/product/...' would only change the hash
  await page.goto('/#/cart', { waitUntil: 'commit' });  // the load event waits for the held bundle
  // Only the small boot module has run: the cart view and its badge, no home page.
  await expect(page.locator('#cart-count')).toHaveText('3');
  await expect(page.getByRole('heading', { name: 'Cart and checkout' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Gear for every trail' })).toBeHidden();

  // The widget's code is there, the core and the catalog are not: the saved cart's skeleton.
  bundle.open();
  await expect(shop.widget.getByRole('heading', { name: 'Your cart (3 items)' })).toBeVisible();
  await expect(shop.widget.getByRole('status').filter({ hasText: 'Loading your cart…' })).toBeVisible();
  expect(await page.evaluate(() => document.querySelector('storefront-checkout').itemCount)).toBe(3);
  await expect(page.getByRole('heading', { name: 'Gear for every trail' })).toBeHidden();

  data.open();
  await shop.ready();
  await expect(shop.line(a.sku).locator('output')).toHaveText('3');
  await expect(page.locator('#cart-count')).toHaveText('3');
});
