// The staff page signs in first: a wrong password gets nowhere, a one-time
// sign-in link signs in once and never again, and signing out ends the session.
import { expect, staffHeaders, test } from './fixtures.mjs';

test('the staff page shows nothing until signed in, and a wrong password is refused', async ({ page }) => {
  await page.goto('/web/demo/store.html?store=nyc-soho');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('#queue')).toBeHidden();
  await page.getByLabel('Username').fill('nobody-here');
  await page.getByLabel('Password', { exact: true }).fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#sign-in-error')).toHaveText('Unknown username or wrong password.');
  await expect(page.locator('#queue')).toBeHidden();
  // The browser itself has no way in either.
  const r = await page.request.get('/api/stores/nyc-soho/orders');
  expect(r.status()).toBe(401);
});

test('a sign-in link signs in once; signing out ends the session', async ({ browser, request }, testInfo) => {
  const admin = await staffHeaders(request);
  const username = `clerk-${testInfo.project.name}-${Date.now()}`;
  const made = await request.post('/api/admin/accounts', { headers: admin, data: { username, role: 'store', store: 'nyc-soho' } });
  expect(made.status()).toBe(201);
  const { signin_link: link } = await made.json();

  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.locator('#signed-in-as')).toHaveText(`Signed in as ${username}.`);
  await expect(page.locator('[data-role="live-status"]')).toHaveText(/Live/);
  await expect(page).not.toHaveURL(/signin=/);  // the token left the address bar
  await expect(page.getByLabel('Store')).toBeDisabled();  // store staff see their store only
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect((await page.request.get('/api/stores/nyc-soho/orders')).status()).toBe(401);
  await context.close();

  // The same link again, in a fresh browser: used up.
  const again = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const second = await again.newPage();
  await second.goto(link);
  await expect(second.locator('#sign-in-error')).toContainText('already used');
  await expect(second.locator('#queue')).toBeHidden();
  await again.close();
});
