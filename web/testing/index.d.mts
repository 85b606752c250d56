// Types of the Playwright page object (storefront-checkout/testing). Structural
// types for Playwright's Page and Locator, so this package needs no dependency
// on @playwright/test: pass your own `page`.
import type { Totals } from '../storefront-checkout.d.mts';

interface LocatorLike {
  evaluate<R, A>(fn: (element: any, arg: A) => R, arg?: A): Promise<R>;
}
interface PageLike {
  locator(selector: string): any;
  clock: { setFixedTime(time: Date | number | string): Promise<void> };
  addInitScript(script: any, arg?: any): Promise<void>;
  waitForFunction(fn: any, arg?: any, options?: { timeout?: number }): Promise<unknown>;
  getByRole(role: string, options?: object): any;
}

export interface ContactInput { name: string; email: string; phone?: string }
export interface AddressInput { line1: string; line2?: string; city: string; region: string; postal_code: string }

export declare class CheckoutPage {
  constructor(page: PageLike, options?: { selector?: string });
  readonly page: PageLike;
  /** The widget's host element (a Playwright Locator). */
  readonly widget: LocatorLike & any;
  /**
   * Deterministic mode, before page.goto(): the browser clock stands still at `now`
   * (start the server with the same --fixed-clock) and the live stock stream is off.
   */
  static deterministic(page: PageLike, options: { now: string | Date }): Promise<void>;
  /** Waits until the widget has priced the cart. */
  ready(options?: { timeout?: number }): Promise<void>;
  /** Adds units through the element's API; rejects if the SKU is refused. */
  addItem(sku: string, quantity?: number): Promise<void>;
  /** A cart line by the product name shown ("Driftwood Crew Tee, Charcoal / XS"). */
  line(name: string): any;
  /** Sets a line's quantity with its − and + buttons. */
  setQuantity(name: string, quantity: number): Promise<void>;
  remove(name: string): Promise<void>;
  /** Applies a promo code; resolves with the widget's answer text. */
  applyCode(code: string): Promise<string>;
  /** Delivery ZIP code: prices shipping and tax. */
  shipTo(zip: string): Promise<void>;
  /** Chooses a shipping method by the name shown ("Express"). */
  chooseShipping(methodName: string): Promise<void>;
  /** Finds stores near a ZIP and picks one by name. */
  choosePickupStore(zip: string, storeName: string): Promise<void>;
  /** Picks a line up at the pickup store. */
  pickUp(name: string): Promise<void>;
  /** Ships a line. */
  ship(name: string): Promise<void>;
  checkout(): Promise<void>;
  fillContact(contact: ContactInput): Promise<void>;
  fillAddress(address: AddressInput): Promise<void>;
  /** Places the order; resolves with its number. */
  placeOrder(options?: { timeout?: number }): Promise<string>;
  orderNumber(): Promise<string>;
  /** The totals as shown, by label: { Subtotal: '$47.98', Total: '$52.24', ... }. */
  shownTotals(): Promise<Record<string, string>>;
  /** The totals in minor units (the element's `totals`). */
  totals(): Promise<Totals | null>;
  itemCount(): Promise<number>;
}
