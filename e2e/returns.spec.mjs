// Returns: a shopper starts a return online with the order number and email
// and sees the exact refund before confirming; store staff receive a return
// at the counter and the sellable units go back on that store's shelf.
import { ADDRESS, STAFF, customer, expect, signInOnStaffPage, skuFor, staffHeaders, test } from './fixtures.mjs';

// An order placed through the API, as the shop would place it.
async function placeOrder(request, sku, quantity, who) {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const cart = { lines: [{ sku, quantity }] };
  const context = { now, destination: { country: 'US', region: 'NY', postal_code: '10012' } };
  const q = await (await request.post('/api/quote', { data: { cart, context } })).json();
  const r = await request.post('/api/orders', {
    headers: { 'idempotency-key': `e2e-return-${sku}-${Date.now()}-${Math.random()}` },
    data: {
      cart, context, customer: who,
      client_quote: { fingerprint: q.fingerprint, grand_total: q.binding.totals.grand_total, binding: q.binding },
      shipping_address: { ...ADDRESS, country: 'US', name: who.name },
    },
  });
  expect(r.status()).toBe(201);
  return r.json();
}

const amount = (minor) => (minor / 100).toFixed(2);

test('a shopper starts a return online and sees the exact refund before confirming', async ({ shop, page, request }, testInfo) => {
  const item = skuFor(testInfo, 11);
  const who = customer(testInfo);
  const order = await placeOrder(request, item.sku, 2, who);
  // What the core says one unit refunds, asked the way the page asks.
  const expected = await (await request.post(`/api/orders/${order.order_id}/returns/quote`, {
    data: { email: who.email, received: { kind: 'mail' }, lines: [{ line: 0, quantity: 1, condition: 'sellable' }] },
  })).json();

  await page.goto('/');
  await page.getByRole('link', { name: 'Return items' }).click();
  await page.getByLabel('Order number').fill(order.order_id);
  await page.getByLabel('Email used for the order').fill(who.email);
  await page.getByRole('button', { name: 'Find my order' }).click();
  await page.getByLabel(/^Units to return of/).fill('1');
  await page.getByRole('button', { name: 'See refund' }).click();
  await expect(page.locator('[data-role="refund-total"]')).toContainText(amount(expected.refund.total));
  await page.getByRole('button', { name: 'Confirm return' }).click();
  await expect(page.locator('[data-role="return-done"]')).toContainText(amount(expected.refund.total));

  const after = await (await request.get(`/api/orders/${order.order_id}`)).json();
  expect(after.returns).toHaveLength(1);
  expect(after.returns[0].refund.amount).toBe(expected.refund.total);
  expect(after.returns[0].received).toEqual({ kind: 'mail' });
  await shop.expectAccessible('return confirmed');
});

test('staff receive a return in store: refund shown, units back on the shelf', async ({ browser, request }, testInfo) => {
  const item = skuFor(testInfo, 12);
  const order = await placeOrder(request, item.sku, 2, customer(testInfo));
  const staff = await staffHeaders(request);
  const stock = async () => (await (await request.get(`/api/stores/nyc-soho/stock?sku=${item.sku}`, { headers: staff })).json()).stock[0];
  const before = await stock();

  const staffContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const staffPage = await staffContext.newPage();
  try {
    await staffPage.goto('/web/demo/store.html?store=nyc-soho');
    await signInOnStaffPage(staffPage);  // the SoHo store's staff account
    // The short number the shopper reads out at the counter: staff need no email.
    await staffPage.getByLabel('Order number').fill(order.number);
    await staffPage.getByLabel('Refund to').selectOption('store_credit');
    await staffPage.getByRole('button', { name: 'Find order' }).click();
    await staffPage.getByLabel(/^Units to return of/).fill('2');
    await staffPage.getByLabel(/^Condition of/).selectOption('sellable');
    await staffPage.getByRole('button', { name: 'See refund' }).click();
    // Everything back: the whole amount paid, shipping included (when it was not free).
    await expect(staffPage.locator('[data-role="refund-total"]')).toContainText(amount(order.grand_total));
    if (order.quote.binding.shipping.price > 0) await expect(staffPage.locator('[data-code="shipping_refunded"]')).toBeVisible();
    await staffPage.getByRole('button', { name: 'Confirm return' }).click();
    await expect(staffPage.locator('[data-role="return-done"]')).toContainText('store credit');
  } finally {
    await staffContext.close();
  }
  const after = await stock();
  expect(after.on_hand).toBe(before.on_hand + 2);
  const recorded = await (await request.get(`/api/orders/${order.order_id}`)).json();
  expect(recorded.returns[0]).toMatchObject({ channel: 'store', received: { kind: 'store', store: 'nyc-soho' } });
  expect(recorded.returns[0].refund).toMatchObject({ amount: order.grand_total, method: 'store_credit' });
  // Like their other changes, the return is in the staff action log under the clerk's name.
  const log = await (await request.get('/api/admin/actions?limit=1000', { headers: staff })).json();
  expect(log.actions.filter((a) => a.path === `/api/orders/${order.order_id}/returns`).map((a) => [a.username, a.status]))
    .toEqual([[STAFF.soho, 201]]);
});
