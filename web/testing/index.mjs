// A Playwright page object for <storefront-checkout>, for merchants' tests
// (import { CheckoutPage } from 'storefront-checkout/testing'). It works the
// way a shopper does, through the widget's shadow root by roles and labels,
// and reads state through the element's public API, never its private classes,
// so the widget can change its markup without breaking your tests.
// It imports nothing: pass it your Playwright `page`; assert with your `expect`.

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const startsWith = (text) => new RegExp(`^${escape(text)}`);

export class CheckoutPage {
  /**
   * @param page a Playwright Page
   * @param options.selector the element (default: the page's only `storefront-checkout`)
   */
  constructor(page, { selector = 'storefront-checkout' } = {}) {
    this.page = page;
    this.selector = selector;
    this.widget = page.locator(selector);
  }

  /**
   * Deterministic mode: call before page.goto(). The browser's clock stands still at
   * `now` (start the server with the same --fixed-clock) and the live stock stream is
   * off, so totals, delivery dates and ready times are the same on every run.
   */
  static async deterministic(page, { now }) {
    await page.clock.setFixedTime(new Date(now));
    await page.addInitScript((selector) => {
      // Before the widget starts: an attribute set here is read by its first render.
      const off = () => document.querySelectorAll(selector).forEach((el) => el.setAttribute('live', 'false'));
      new MutationObserver(off).observe(document, { childList: true, subtree: true });
    }, 'storefront-checkout');
  }

  /** Waits until the widget has priced the cart (its `ready` event has happened). */
  async ready({ timeout = 30_000 } = {}) {
    await this.widget.first().waitFor({ state: 'attached', timeout });
    await this.page.waitForFunction((selector) => {
      const el = document.querySelector(selector);
      return Boolean(el?.timings && el.timings.firstQuote !== undefined);
    }, this.selector, { timeout });
  }

  // ------------------------------------------------------------ the cart

  /** Adds units through the element's API, as the merchant's "Add to cart" button does. */
  async addItem(sku, quantity = 1) {
    const added = await this.widget.evaluate((el, [s, q]) => el.addItem(s, q), [sku, quantity]);
    if (!added) throw new Error(`storefront-checkout refused SKU ${sku}`);
  }

  /** The cart line of a product, by its shown name ("Driftwood Crew Tee, Charcoal / XS"). */
  line(name) {
    return this.widget.getByRole('list', { name: 'Items in your cart' }).getByRole('listitem')
      .filter({ has: this.page.getByRole('group', { name: `Quantity of ${name}` }) });
  }

  /** Sets a line's quantity with its − and + buttons, as a shopper would. */
  async setQuantity(name, quantity) {
    const group = this.widget.getByRole('group', { name: `Quantity of ${name}` });
    for (let guard = 0; guard < 200; guard++) {
      const current = Number((await group.locator('output').textContent()).trim());
      if (current === quantity) return;
      const button = group.getByRole('button', { name: `${current < quantity ? 'Increase' : 'Decrease'} quantity of ${name}` });
      if (await button.isDisabled()) throw new Error(`Cannot set ${name} to ${quantity} (stopped at ${current})`);
      await button.click();
      await this.page.waitForFunction(([g, before]) => g.querySelector('output')?.textContent.trim() !== String(before),
        [await group.elementHandle(), current]);
    }
  }

  /** Removes a line. */
  async remove(name) {
    await this.widget.getByRole('button', { name: `Remove ${name}` }).click();
  }

  /** Enters a promo code and returns the widget's answer ("SAVE10 applied: …" or the refusal). */
  async applyCode(code) {
    await this.widget.getByRole('textbox', { name: 'Promo code' }).fill(code);
    await this.widget.getByRole('button', { name: 'Apply', exact: true }).click();
    const feedback = this.widget.getByRole('status').filter({ hasText: startsWith(code) });
    await feedback.first().waitFor();
    return (await feedback.first().textContent()).trim();
  }

  /** Where to deliver (prices shipping and tax for that ZIP). */
  async shipTo(zip) {
    const field = this.widget.getByRole('textbox', { name: 'Deliver to ZIP code' });
    await field.fill(zip);
    await field.press('Enter');
    await this.widget.getByRole('group', { name: 'Shipping method' }).first().waitFor();
  }

  /** Chooses a shipping method by its name as shown ("Express"). */
  async chooseShipping(methodName) {
    await this.widget.getByRole('group', { name: 'Shipping method' }).first()
      .getByRole('radio', { name: startsWith(methodName) }).check();
  }

  /** Finds stores near a ZIP and makes `storeName` the pickup store. */
  async choosePickupStore(zip, storeName) {
    await this.widget.getByRole('textbox', { name: 'ZIP code', exact: true }).fill(zip);
    await this.widget.getByRole('button', { name: 'Find stores' }).click();
    await this.widget.getByRole('button', { name: new RegExp(`^Pick up here\\s*: ${escape(storeName)}$`) }).click();
    await this.widget.getByRole('button', { name: new RegExp(`^Your pickup store\\s*: ${escape(storeName)}$`) }).waitFor();
  }

  /** Has a line picked up at the pickup store instead of shipped. */
  async pickUp(name) {
    await this.widget.getByRole('group', { name: `How to get ${name}` }).getByRole('radio', { name: /^Pick up/ }).check();
  }

  /** Has a line shipped. */
  async ship(name) {
    await this.widget.getByRole('group', { name: `How to get ${name}` }).getByRole('radio', { name: 'Ship to me' }).check();
  }

  // ------------------------------------------------------------ checkout

  /** Opens the checkout step. */
  async checkout() {
    await this.widget.getByRole('button', { name: /^Check out/ }).click();
    await this.widget.getByRole('form', { name: 'Checkout' }).waitFor();
  }

  /** Fills the contact fields: { name, email, phone? }. */
  async fillContact({ name, email, phone }) {
    await this.widget.getByRole('textbox', { name: 'Full name' }).fill(name);
    await this.widget.getByRole('textbox', { name: 'Email' }).fill(email);
    if (phone !== undefined) await this.widget.getByRole('textbox', { name: /^Phone/ }).fill(phone);
  }

  /** Fills the shipping address: { line1, line2?, city, region, postal_code }. */
  async fillAddress({ line1, line2, city, region, postal_code: postalCode }) {
    await this.widget.getByRole('textbox', { name: 'Street address' }).fill(line1);
    if (line2 !== undefined) await this.widget.getByRole('textbox', { name: /^Apartment|^Address line 2/ }).fill(line2);
    await this.widget.getByRole('textbox', { name: 'City' }).fill(city);
    await this.widget.getByRole('combobox', { name: 'State' }).selectOption(region);
    const zip = this.widget.getByRole('textbox', { name: 'ZIP code', exact: true });
    await zip.fill(postalCode);
    await zip.blur();
  }

  /** Places the order and returns its number once the confirmation shows it. */
  async placeOrder({ timeout = 20_000 } = {}) {
    await this.widget.getByRole('button', { name: /^Place order/ }).click();
    await this.widget.getByRole('heading', { name: /order is placed/ }).waitFor({ timeout });
    return this.orderNumber();
  }

  /** The order number on the confirmation. */
  async orderNumber() {
    const text = await this.widget.getByText(/^Order number /).textContent();
    return text.replace(/^Order number\s*/, '').trim();
  }

  // ------------------------------------------------------------ reading

  /**
   * The totals as shown, by their labels: { Subtotal: '$47.98', Shipping: 'Free', Tax: '$4.26', Total: '$52.24', ... }.
   */
  async shownTotals() {
    const summary = this.widget.getByRole('region', { name: /Order summary|order is placed/ }).last();
    const terms = await summary.getByRole('term').allTextContents();
    const definitions = await summary.getByRole('definition').allTextContents();
    return Object.fromEntries(terms.map((t, i) => [t.trim(), (definitions[i] ?? '').trim()]));
  }

  /** The totals in minor units from the element's API: { subtotal, discounts, shipping, tax, grand_total, tax_included }. */
  totals() {
    return this.widget.evaluate((el) => el.totals);
  }

  /** Units in the cart (the element's itemCount). */
  itemCount() {
    return this.widget.evaluate((el) => el.itemCount);
  }
}
