// The cart's delivery estimate per country: the country select among the
// countries the merchant ships to, the postal code asked in that country's
// form (label, keyboard, length, example), refused in words with the
// example, and the one destination the checkout form then starts from. The
// demo shop ships to the US only, so the catalog the widget loads is given
// Canada and the United Kingdom as zones of its standard method (as in
// address.spec.mjs); nothing is ordered here.
import { expect, shipAlsoTo, skuFor, test } from './fixtures.mjs';

async function noHorizontalOverflow(page, step) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `page wider than the viewport at "${step}"`).toBeLessThanOrEqual(width);
}

test('the delivery estimate per country: a UK postcode and a Canadian postal code with letters, one destination with the form', async ({ shop, page }, testInfo) => {
  await shipAlsoTo(page, ['CA', 'GB']);
  const item = skuFor(testInfo, 18);
  await shop.addToCart(item.sku, 1);
  await shop.openCart();
  const shipping = shop.widget.getByRole('region', { name: 'Shipping', exact: true });
  const country = shipping.getByRole('combobox', { name: 'Country' });
  const error = shipping.locator('[data-role="destination-error"]');

  // The merchant's home country first, its ZIP code on a number keyboard.
  await expect(country).toHaveValue('US');
  await expect(country.locator('option')).toHaveText(['Canada', 'United Kingdom', 'United States']);
  const zip = shipping.getByRole('textbox', { name: 'Deliver to ZIP code' });
  await expect(zip).toHaveAttribute('inputmode', 'numeric');

  // The United Kingdom: a postcode with letters, so a full keyboard; its length and example.
  await country.selectOption('GB');
  const postcode = shipping.getByRole('textbox', { name: 'Deliver to Postcode' });
  await expect(postcode).toBeVisible();
  await expect(postcode).not.toHaveAttribute('inputmode', /.+/);
  await expect(postcode).toHaveAttribute('maxlength', '10');
  await expect(postcode).toHaveAttribute('placeholder', 'SW1A 1AA');
  await postcode.fill('SW1A');
  await shipping.getByRole('button', { name: 'Estimate' }).click();
  await expect(error).toHaveText('Enter a postal code like SW1A 1AA.');
  // Refused: the destination is still the country alone, so tax waits for the address.
  const tax = shop.totals.locator('dd[data-total="tax"]');
  await expect(tax).toHaveText('Calculated at checkout');
  await postcode.fill('sw1a１aa');  // a full-width digit, as a CJK keyboard types it
  await shipping.getByRole('button', { name: 'Estimate' }).click();
  await expect(error).toBeEmpty();
  await expect(tax).not.toHaveText('Calculated at checkout');
  await expect(shipping.getByRole('radio', { name: /^Standard/ })).toBeVisible();
  await expect(postcode).toHaveValue('SW1A 1AA');  // shown in its normal form
  await expect(shipping.getByRole('button', { name: 'Update' })).toBeFocused();
  await noHorizontalOverflow(page, 'UK estimate');
  await shop.expectAccessible('UK delivery estimate');
  await shop.snap('uk-estimate');

  // Canada: letters too; the province the postal code places it in goes to the form.
  await country.selectOption('CA');
  const caPostal = shipping.getByRole('textbox', { name: 'Deliver to Postal code' });
  await expect(caPostal).toHaveValue('');
  await expect(caPostal).not.toHaveAttribute('inputmode', /.+/);
  await expect(caPostal).toHaveAttribute('placeholder', 'K1A 0B1');
  await caPostal.fill('h2x 1y4');
  await caPostal.press('Enter');
  await expect(caPostal).toHaveValue('H2X 1Y4');
  await expect(caPostal).toBeFocused();

  // One destination: the checkout form starts from it.
  await shop.checkout();
  const form = shop.widget.getByRole('form', { name: 'Checkout' });
  await expect(form.getByRole('combobox', { name: 'Country' })).toHaveValue('CA');
  await expect(form.getByRole('textbox', { name: 'Postal code', exact: true })).toHaveValue('H2X 1Y4');
  await expect(form.getByRole('combobox', { name: 'Province' })).toHaveValue('QC');

  // ... and what the form says is what the cart shows again.
  await form.getByRole('combobox', { name: 'Country' }).selectOption('GB');
  const formPostcode = form.getByRole('textbox', { name: 'Postcode', exact: true });
  await formPostcode.fill('EC1A 1BB');
  await formPostcode.blur();
  await shop.widget.getByRole('button', { name: 'Back to cart' }).click();
  await expect(country).toHaveValue('GB');
  await expect(shipping.getByRole('textbox', { name: 'Deliver to Postcode' })).toHaveValue('EC1A 1BB');
});
