// Addresses of other countries in the checkout form: the country select, the
// postal code's label, example and field order, a region list or none, and a
// postal code typed in Persian digits, accessible at every step. The demo shop
// ships to the US only, so the catalog the widget loads is given Poland and
// Canada as shipping zones; the server, which keeps the real catalog, then
// says clearly that it does not ship there.
import { customer, expect, shipAlsoTo, skuFor, test } from './fixtures.mjs';

// The data-field names of the address fieldset, in the order shown.
function addressFieldOrder(shop) {
  return shop.widget.locator('fieldset', { has: shop.page.locator('legend', { hasText: 'Shipping address' }) })
    .locator('[data-field]').evaluateAll((els) => els.map((e) => e.dataset.field));
}

test('the address form follows the country: Poland with Persian digits, then Canada', async ({ shop, page }, testInfo) => {
  await shipAlsoTo(page, ['CA', 'PL']);
  const item = skuFor(testInfo, 17);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  await shop.setDestination('10012');
  await shop.checkout();
  await shop.fillContact(customer(testInfo));
  const form = shop.widget.getByRole('form', { name: 'Checkout' });

  // The US form first: ZIP code and states, the country select beside them.
  const country = form.getByRole('combobox', { name: 'Country' });
  await expect(country).toHaveValue('US');
  await expect(country.locator('option')).toHaveText(['Canada', 'Poland', 'United States']);
  await expect(form.getByRole('combobox', { name: 'State' })).toBeVisible();

  // Poland: no region, "Postal code" before the city, the example as a hint.
  await country.selectOption('PL');
  await expect(form.getByRole('combobox', { name: 'State' })).toHaveCount(0);
  await expect(form.getByRole('combobox', { name: 'Province' })).toHaveCount(0);
  const postal = form.getByRole('textbox', { name: 'Postal code', exact: true });
  await expect(postal).toHaveAccessibleDescription('For example 00-950');
  expect(await addressFieldOrder(shop)).toEqual(['country', 'line1', 'line2', 'postal_code', 'city']);
  await form.getByRole('textbox', { name: 'Street address' }).fill('ul. Nowy Świat 15');
  await postal.fill('۰۰-۹۵۰');  // typed on a Persian keyboard
  await postal.blur();
  await form.getByRole('textbox', { name: 'City' }).fill('Warszawa');
  await shop.expectAccessible('Polish address');
  await shop.snap('polish-address');

  // Placing: the form finds nothing to correct; the server, which does not
  // ship to Poland, says so instead of failing obscurely.
  await shop.widget.getByRole('button', { name: /^Place order/ }).click();
  const placeError = shop.widget.locator('[data-role="place-error"]');
  await expect(placeError).toContainText('We do not ship to that country.');  // error.country_not_shipped, in the shopper's words
  await expect(shop.widget.locator('[data-role="form-errors"]')).toHaveCount(0);
  await expect(postal).not.toHaveAttribute('aria-invalid', 'true');

  // Canada: provinces, the province the postal code places it in, and a
  // postal code that is not Canadian refused in words the shopper can act on.
  await country.selectOption('CA');
  const province = form.getByRole('combobox', { name: 'Province' });
  await expect(province).toBeVisible();
  expect(await addressFieldOrder(shop)).toEqual(['country', 'line1', 'line2', 'city', 'region', 'postal_code']);
  const caPostal = form.getByRole('textbox', { name: 'Postal code', exact: true });
  await expect(caPostal).toHaveAccessibleDescription('For example K1A 0B1');
  await caPostal.fill('00-950');
  await shop.widget.getByRole('button', { name: /^Place order/ }).click();
  await expect(shop.widget.locator('[data-role="form-errors"]')).toContainText('Please correct');
  await expect(caPostal).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Enter a postal code like K1A 0B1.')).toBeVisible();
  await caPostal.fill('h2x１y4');  // a full-width digit, as a CJK keyboard types it
  await caPostal.blur();
  await expect(province).toHaveValue('QC');
  await expect(province).not.toHaveAttribute('aria-invalid', 'true');
  await expect(placeError).toHaveCount(0);
  await shop.expectAccessible('Canadian address');
  await shop.snap('canadian-address');
});
