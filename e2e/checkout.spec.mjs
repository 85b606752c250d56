// The customer journeys: each one ends with the order the server stored
// carrying exactly the totals the widget showed.
import { ADDRESS, customer, expect, expectOrderMatches, skuFor, test } from './fixtures.mjs';

// The short order number people read out (docs/api.md): no 0/O, no 1/I.
const ORDER_NUMBER = /^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/;
const startingWith = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

test('ship-to-home checkout', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 0);
  await shop.gotoProduct(item.sku);
  await shop.expectAccessible('product page');
  await shop.snap('product');
  await shop.addToCart(item.sku, 2);
  await shop.openCart();
  await expect(shop.line(item.sku)).toContainText(item.title);
  await shop.setDestination('10012');
  // Shipping options, prices and dates are in the cart from the first view.
  await expect(shop.widget.locator('[data-role="shipping"] label.choice')).toHaveCount(3);
  await expect(shop.widget.locator('[data-role="shipping"]')).toContainText('Arrives');
  await shop.expectAccessible('cart');
  await shop.snap('cart');
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress();
  await shop.expectAccessible('checkout form');
  await shop.snap('checkout');
  const { orderId, shown } = await shop.placeOrder();
  await shop.expectAccessible('confirmation');
  await shop.snap('confirmation');
  const order = await expectOrderMatches(request, orderId, shown);
  expect(order.lines[0].fulfilment.type).toBe('ship');
  expect(order.shipping_address.postal_code).toBe(ADDRESS.postal_code);
  // NYC tax (8.875 %) applies to the goods and, in New York, to shipping.
  expect(shown.tax.amount).toBeGreaterThan(0);
});

test('pickup in store', async ({ shop, request }, testInfo) => {
  const item = skuFor(testInfo, 1);
  await shop.gotoProduct(item.sku);
  // The product page already says where it can be picked up, near a ZIP.
  await shop.page.getByLabel('Pickup near ZIP code').fill('10012');
  await shop.page.getByRole('button', { name: 'Check stores' }).click();
  await expect(shop.page.locator('#pickup-availability')).toContainText(/Available for pickup (today )?at \d+ stores? near you/);
  await expect(shop.page.getByRole('button', { name: 'Pick up at Northwind SoHo' })).toBeVisible();
  await shop.snap('product-pickup');
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.findStores('10012');
  // Nearest first: SoHo is in 10012.
  await expect(shop.widget.locator('li.store').first()).toContainText('Northwind SoHo');
  await expect(shop.widget.locator('li.store').first()).toContainText(/Ready (today|tomorrow|\w{3}, \w{3} \d+) at/);
  await shop.setLinePickup(item.sku);
  await shop.pickUpAt('Northwind SoHo');
  await expect(shop.line(item.sku)).toContainText('In stock at Northwind SoHo');
  await expect(shop.widget.locator('[data-role="shipping"]')).toContainText('Nothing to ship');
  await shop.snap('cart-pickup');
  await shop.expectAccessible('cart with pickup');
  await shop.checkout();
  await expect(shop.widget.getByLabel('Street address')).toHaveCount(0);  // nothing ships: no address asked
  await shop.fillContact(customer(testInfo));
  const { orderId, number, shown } = await shop.placeOrder();
  const instructions = shop.widget.locator('[data-role="pickup-instructions"]');
  await expect(instructions).toContainText('Northwind SoHo');
  // What to bring and whom to call: the short number, the store's address and phone.
  await expect(instructions).toContainText(`Bring your order number (${number})`);
  await expect(instructions).toContainText('512 Broadway');
  await expect(instructions.locator('[data-role="store-phone"]')).toHaveAttribute('href', 'tel:+12125550143');
  // Only promises the system keeps: nothing sends mail.
  await expect(shop.widget.locator('[data-role="confirmation"]')).not.toContainText(/receipt|email you/i);
  await shop.snap('confirmation-pickup');
  await shop.expectAccessible('pickup confirmation');
  const order = await expectOrderMatches(request, orderId, shown);
  expect(order.pickup_store).toBe('nyc-soho');
  expect(order.lines[0].fulfilment).toEqual({ type: 'pickup', store: 'nyc-soho' });
  expect(shown.shipping.amount).toBe(0);
});

test('split cart: one line shipped, one picked up', async ({ shop, request }, testInfo) => {
  const shipped = skuFor(testInfo, 2);
  const picked = skuFor(testInfo, 3);
  await shop.addToCart(shipped.sku, 1);
  await shop.addToCart(picked.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  await shop.findStores('10012');
  await shop.setLinePickup(picked.sku);
  await shop.pickUpAt('Northwind SoHo');
  await expect(shop.line(picked.sku).getByRole('radio', { name: /Pick up at Northwind SoHo/ })).toBeChecked();
  await expect(shop.line(shipped.sku).getByRole('radio', { name: 'Ship to me' })).toBeChecked();
  await shop.snap('cart-split');
  await shop.expectAccessible('split cart');
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress();
  const { orderId, number, shown } = await shop.placeOrder();

  // The confirmation holds what the shopper needs to receive both parts.
  const confirmation = shop.widget.locator('[data-role="confirmation"]');
  await expect(confirmation.locator('[data-role="order-number"]')).toHaveText(number);
  await expect(confirmation.locator('[data-role="shipped-items"] li')).toHaveText([startingWith(`1 × ${shipped.title}`)]);
  await expect(confirmation.locator('[data-role="pickup-items"] li')).toHaveText([startingWith(`1 × ${picked.title}`)]);
  const address = confirmation.locator('[data-role="shipping-address"]');
  await expect(address).toContainText(ADDRESS.line1);
  await expect(address).toContainText(`${ADDRESS.city}, ${ADDRESS.region} ${ADDRESS.postal_code}`);
  const pickup = confirmation.locator('[data-role="pickup-instructions"]');
  await expect(pickup).toContainText('To pick up at Northwind SoHo');
  await expect(pickup.locator('[data-role="store-address"]')).toHaveText('Northwind SoHo · 512 Broadway, New York, NY 10012');
  await expect(pickup.locator('[data-role="store-phone"]')).toHaveText('+1 212 555 0143');
  // SoHo's hours in the demo catalog: 10-21 Monday to Saturday, 11-19 on Sunday.
  const hours = pickup.locator('[data-role="store-hours"]');
  await expect(hours.locator('dt')).toHaveText(['Mon – Sat', 'Sun']);
  await expect(hours.locator('dd')).toHaveText(['10:00 AM – 9:00 PM', '11:00 AM – 7:00 PM']);
  // The store holds ready orders 7 days (catalog hold_days), and the server keeps that.
  await expect(pickup.locator('[data-role="pickup-terms"]'))
    .toHaveText(`Bring your order number (${number}) and a photo ID. Orders are held for 7 days.`);
  await expect(confirmation).not.toContainText(/receipt|e-?mail/i);
  await shop.snap('confirmation-split');
  await shop.expectAccessible('split confirmation');

  const order = await expectOrderMatches(request, orderId, shown);
  const bySku = Object.fromEntries(order.lines.map((l) => [l.sku, l.fulfilment.type]));
  expect(bySku).toEqual({ [shipped.sku]: 'ship', [picked.sku]: 'pickup' });
});

test('coupon refused with its reason, then accepted', async ({ shop, request }, testInfo) => {
  const item = skuFor(testInfo, 4);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  const feedback = shop.widget.locator('[data-role="coupon-feedback"]');
  await shop.applyCoupon('NOSUCHCODE');
  await expect(feedback).toHaveAttribute('data-state', 'refused');
  await expect(feedback).toContainText('NOSUCHCODE');
  // SAVE20 needs a $100 subtotal: the reason is given, not just "invalid".
  await shop.applyCoupon('SAVE20');
  await expect(feedback).toHaveAttribute('data-state', 'refused');
  const refusal = await feedback.textContent();
  expect(refusal).toMatch(/SAVE20: .{8,}/);
  await shop.snap('coupon-refused');
  await expect(shop.totals.locator('dd[data-total="discounts"]')).toHaveCount(0);
  await shop.applyCoupon('WELCOME10');
  await expect(feedback).toHaveAttribute('data-state', 'accepted');
  await expect(shop.totals.locator('dd[data-total="discounts"]')).toBeVisible();
  const shownDiscount = Number(await shop.totals.locator('dd[data-total="discounts"]').getAttribute('data-amount'));
  // 10 % of the line's price, rounded half-even to the cent.
  expect(shownDiscount).toBe(Math.round(item.price / 10));
  await shop.snap('coupon-accepted');
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress();
  const { orderId, shown } = await shop.placeOrder();
  const order = await expectOrderMatches(request, orderId, shown);
  expect(order.quote.binding.promotions.map((p) => p.code)).toContain('WELCOME10');
});

test('crossing the free-shipping threshold', async ({ shop, request }, testInfo) => {
  const item = skuFor(testInfo, 5);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  const progress = shop.widget.locator('[data-role="free-shipping"]');
  await expect(progress).toContainText('more for free Standard shipping');
  await expect(shop.totals.locator('dd[data-total="shipping"]')).not.toHaveText('Free');
  await shop.snap('below-threshold');
  // Enough units to pass $75 of shipped goods.
  const needed = Math.ceil(7500 / item.price);
  const plus = shop.line(item.sku).getByRole('button', { name: /Increase quantity/ });
  for (let q = 1; q < needed; q++) await plus.click();
  await expect(shop.line(item.sku).locator('output')).toHaveText(String(needed));
  await expect(progress).toContainText("You've unlocked free Standard shipping");
  await expect(shop.totals.locator('dd[data-total="shipping"]')).toHaveText('Free');
  await shop.snap('free-shipping');
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress();
  const { orderId, shown } = await shop.placeOrder();
  expect(shown.shipping.amount).toBe(0);
  await expectOrderMatches(request, orderId, shown);
});

test('keyboard-only checkout', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 6);
  await shop.gotoProduct(item.sku);
  const c = customer(testInfo);
  // Tab to "Add to cart" and press Enter.
  await page.locator('#product-qty').focus();
  await tabUntil(page, { id: 'add-to-cart' });
  await page.keyboard.press('Enter');
  await expect(page.locator('#added-message')).toContainText('Added');
  await tabUntil(page, { text: 'View cart' });
  await page.keyboard.press('Enter');
  await expect(shop.widget.locator('[data-view="cart"]')).toBeVisible();
  // Into the widget: ZIP for shipping, then to "Check out".
  await tabUntil(page, { name: 'destination-postal' }, true);
  await page.keyboard.type('10012');
  await page.keyboard.press('Enter');
  await expect(shop.widget.locator('[data-role="shipping"] input[type=radio]').first()).toBeVisible();
  await tabUntil(page, { role: 'checkout' }, true);
  await page.keyboard.press('Enter');
  await expect(shop.widget.locator('[data-view="checkout"]')).toBeVisible();
  // The form, field by field, with the keyboard alone.
  const fields = [['name', c.name], ['email', c.email], ['phone', c.phone], ['line1', ADDRESS.line1], ['city', ADDRESS.city]];
  for (const [field, value] of fields) {
    await tabUntil(page, { field }, true);
    await page.keyboard.type(value);
  }
  await tabUntil(page, { field: 'region' }, true);
  await page.keyboard.type('New York');
  await tabUntil(page, { field: 'postal_code' }, true);
  await page.keyboard.type(ADDRESS.postal_code);
  await tabUntil(page, { role: 'place-order' }, true);
  const shown = await shop.shownTotals();
  await page.keyboard.press('Enter');
  const number = shop.widget.locator('[data-role="order-number"]');
  await expect(number).toBeVisible({ timeout: 20_000 });
  // Focus moved to the confirmation heading, so a screen reader reads it.
  expect(await focused(page, true, { focusTarget: 'confirmation' })).toBe(true);
  await shop.snap('keyboard-confirmation');
  await expect(number).toHaveText(ORDER_NUMBER);
  await expectOrderMatches(request, await number.getAttribute('data-order-id'), shown);
});

// Presses Tab until the focused element (inside the widget's shadow root when
// `inWidget`) matches every key of `want` (id, text, name, field, role,
// focusTarget); fails after 80 presses. Declarative on purpose: the page's
// CSP forbids eval, so no predicate source is shipped into the page.
async function tabUntil(page, want, inWidget = false) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await focused(page, inWidget, want)) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(want)}`);
}

function focused(page, inWidget, want) {
  return page.evaluate(({ inWidget, want }) => {
    let el = document.activeElement;
    if (inWidget) el = el?.shadowRoot?.activeElement ?? null;
    if (!el) return false;
    const have = {
      id: el.id, text: el.textContent.trim(), name: el.getAttribute('name'),
      field: el.dataset.field, role: el.dataset.role, focusTarget: el.dataset.focusTarget,
    };
    return Object.entries(want).every(([k, v]) => have[k] === v);
  }, { inWidget, want });
}

test('a product no warehouse holds says "pickup only" before it is added', async ({ shop }) => {
  // The numbered lantern is sold from stores only (tools/gen-demo-data.mjs).
  await shop.gotoProduct('NW-LTD-LANTERN');
  const availability = shop.page.locator('#pickup-availability');
  await expect(availability).toContainText('none left to ship');
  await expect(availability).not.toContainText('Ships too');
  await expect(shop.page.locator('#add-to-cart')).toBeHidden();
  await shop.snap('product-pickup-only');
});

test('an everyday product ships and can be picked up', async ({ shop }) => {
  await shop.gotoProduct('NW-BASIC-TEE-M');
  await expect(shop.page.locator('#pickup-availability')).toContainText('Ships too');
  await expect(shop.page.locator('#add-to-cart')).toBeVisible();
});

test("product page: quantities and pickup follow the core's facts about the SKU", async ({ shop, page }) => {
  // NW-LTD-LANTERN has max_per_order 2 in the demo catalog: the page offers 1 and 2 only.
  await shop.gotoProduct('NW-LTD-LANTERN');
  await expect(page.locator('#product-qty option')).toHaveText(['1', '2']);
  // The kayak is not pickup_eligible: the page says so and offers no pickup button.
  await shop.gotoProduct('NW-KAYAK-12-SUNSET-ORANGE');
  await expect(page.locator('#pickup-availability')).toContainText('not available for store pickup');
  await expect(page.locator('#add-for-pickup')).toBeHidden();
});
