// A merchant's TypeScript, type-checked against the packed package by
// e2e/unit/package.test.mjs (tsc, strict). If the declarations drift from
// what merchants write, or from the element's members, this stops compiling.
import {
  CheckoutInputError, mountCheckout, type CheckoutApi, type CheckoutController, type ErrorDetail,
  type StorefrontCheckoutElement, type Totals,
} from 'storefront-checkout';
import { CheckoutPage } from 'storefront-checkout/testing';

const element: StorefrontCheckoutElement | null = document.querySelector('storefront-checkout');
if (element) {
  const added: boolean = element.addItem('NW-DRIF-CREWTE-CHARCOAL-XS', 2);
  element.addItem('NW-DRIF-CREWTE-CHARCOAL-XS', '3');  // a <select>'s value
  element.addItem('NW-DRIF-CREWTE-CHARCOAL-XS', 1, { type: 'pickup', store: 'nyc-soho' });
  const set: boolean = element.setQuantity('NW-DRIF-CREWTE-CHARCOAL-XS', 4);
  element.on('change', ({ totals, itemCount }) => console.log(itemCount, totals.grand_total, added, set));
  element.on('checkout-error', (e: ErrorDetail) => console.warn(e.code, e.message));
  element.addEventListener('checkout-error', (e) => console.warn(e.detail.code));
  // @ts-expect-error a quantity is a number or its digits, not a word
  element.addItem('NW-DRIF-CREWTE-CHARCOAL-XS', 'three');
  // @ts-expect-error not an event of the widget
  element.on('finished', () => {});
}

const checkout: CheckoutController = mountCheckout('#cart', { locale: 'en-US', live: false, theme: { '--sc-accent': '#0a5c36' } });
checkout.checkout();
const located: boolean = checkout.locate('10012');
const store: string | null = checkout.pickupStore;
const count: number = checkout.itemCount;
const currency: string | null = checkout.currency;
const totals: Totals | null = checkout.totals;
const firstQuote: number | undefined = checkout.timings.firstQuote;
const facts = checkout.variantFacts('NW-LTD-LANTERN');
const most: number | undefined = facts?.maxPerOrder;
const pickup: boolean | undefined = facts?.pickupEligible;
console.log(located, store, count, currency, totals, firstQuote, most, pickup);
checkout.destroy();

try {
  checkout.addItem('X', -1);
} catch (e) {
  if (e instanceof CheckoutInputError) console.warn(e.code, e.argument);
}

// The controller and the element share exactly these members: the list the
// runtime uses (CONTROLLER_METHODS / CONTROLLER_PROPERTIES) is compared with
// it by the test, so a member added to one side only fails here or there.
export const members: Record<keyof CheckoutApi, true> = {
  options: true, update: true, on: true, addItem: true, setQuantity: true, pickupAvailability: true, variantFacts: true, locate: true,
  checkout: true, pickupStore: true, shopperLocated: true, totals: true, currency: true, itemCount: true, timings: true,
};

// A Playwright test's use of the page object (page typed loosely here: the
// package does not depend on @playwright/test).
export async function placeAnOrder(page: ConstructorParameters<typeof CheckoutPage>[0]): Promise<string> {
  await CheckoutPage.deterministic(page, { now: '2026-03-02T15:00:00Z' });
  const widget = new CheckoutPage(page);
  await widget.ready();
  await widget.addItem('NW-DRIF-CREWTE-CHARCOAL-XS', 2);
  await widget.setQuantity('Driftwood Crew Tee, Charcoal / XS', 3);
  const answer: string = await widget.applyCode('WELCOME10');
  await widget.shipTo('10012');
  await widget.chooseShipping('Express');
  await widget.checkout();
  await widget.fillContact({ name: 'Avery Quinn', email: 'avery@example.com' });
  await widget.fillAddress({ line1: '512 Broadway', city: 'New York', region: 'NY', postal_code: '10012' });
  const shown: Record<string, string> = await widget.shownTotals();
  console.log(answer, shown);
  return widget.placeOrder();
}
