// Cross-cutting promises: accessible at every step, usable at 360 px with
// 44 px touch targets, the bundle and its core sent compressed and cached.
// Speed is measured by bench/browser (docs/benchmarks.md), not asserted here.
import { customer, expect, skuFor, test } from './fixtures.mjs';

// Every interactive control visible on the page, the widget's shadow root
// included, that is smaller than 44 x 44 CSS px. Radio buttons count by
// their label, which is what a finger hits. Links inside running text are
// exempt (WCAG 2.5.5/2.5.8 inline exception).
async function smallTargets(page) {
  return page.evaluate(() => {
    const all = [];
    const collect = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) collect(el.shadowRoot);
        if (el.matches('button, select, input, a[href], [role=button]')) all.push(el);
      }
    };
    collect(document);
    const small = [];
    for (const el of all) {
      let target = el;
      if (el.matches('input[type=radio], input[type=checkbox]')) target = el.closest('label') ?? el;
      if (el.matches('a[href]') && el.closest('p, li') && !el.closest('nav, .card')) continue;
      if (el.matches('.skip-link')) continue;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;  // hidden
      if (r.width < 44 || r.height < 44) small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return small;
  });
}

async function noHorizontalScroll(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, 'page wider than the viewport').toBeLessThanOrEqual(width);
}

test('touch targets, no horizontal scroll and accessibility on every screen', async ({ shop, page }, testInfo) => {
  const item = skuFor(testInfo, 13);
  await shop.open('#/');
  await noHorizontalScroll(page);
  expect(await smallTargets(page)).toEqual([]);
  await shop.expectAccessible('product grid');
  await shop.snap('grid');
  await shop.openCart();
  await shop.expectAccessible('empty cart');
  await shop.addToCart(item.sku, 1);
  await noHorizontalScroll(page);
  expect(await smallTargets(page)).toEqual([]);
  await shop.openCart();
  await shop.setDestination('10012');
  await shop.findStores('10012');
  await noHorizontalScroll(page);
  expect(await smallTargets(page)).toEqual([]);
  await shop.expectAccessible('cart with stores');
  await shop.checkout();
  // Submitting an empty form: errors are shown, announced and focus moves to the first.
  await shop.placeButton().click();
  await expect(shop.widget.locator('[data-role="form-errors"]')).toContainText('Please correct');
  await expect(shop.widget.getByLabel('Full name')).toBeFocused();
  await expect(shop.widget.getByLabel('Full name')).toHaveAttribute('aria-invalid', 'true');
  await noHorizontalScroll(page);
  expect(await smallTargets(page)).toEqual([]);
  await shop.expectAccessible('checkout with errors');
  await shop.snap('form-errors');
  await shop.fillContact(customer(testInfo));
  await shop.fillAddress();
  await shop.placeOrder();
  await noHorizontalScroll(page);
  expect(await smallTargets(page)).toEqual([]);
});

// Correctness only: what the widget loads and how it is sent. How fast is
// measured in bench/browser (docs/benchmarks.md), never asserted here.
test('the widget loads the bundle, the core and the catalog compressed', async ({ shop, page }) => {
  // What really went over the wire: the server compresses by Accept-Encoding.
  const wire = {};
  page.on('requestfinished', async (r) => {
    try {
      const response = await r.response();
      wire[new URL(r.url()).pathname] = {
        encoding: response?.headers()['content-encoding'] ?? null,
        cache: response?.headers()['cache-control'] ?? null,
        bytes: (await r.sizes()).responseBodySize,
      };
    } catch { /* the page went away */ }
  });
  await page.goto('/#/cart');
  await shop.ready();
  const path = (re) => Object.keys(wire).find((p) => re.test(p));
  // The demo uses the merchant bundle: one module with the core's JS inside.
  await expect.poll(() => path(/^\/web\/dist\/storefront-checkout-[\d.]+\.mjs$/)).toBeTruthy();
  expect(path(/^\/web\/checkout\/widget\.mjs$/), 'no unbundled widget modules').toBeUndefined();
  expect(path(/^\/wasm\//), 'no separate core JS or .wasm from /wasm/').toBeUndefined();
  // The content-hashed .wasm: brotli, and cached for good.
  await expect.poll(() => path(/^\/web\/dist\/checkout-core\.[0-9a-f]{16}\.wasm$/)).toBeTruthy();
  const wasm = wire[path(/\.wasm$/)];
  expect(wasm.encoding).toBe('br');
  expect(wasm.cache).toContain('immutable');
  await expect.poll(() => wire['/api/catalog']?.encoding).toBe('br');
});

test('customer and merchant text never becomes HTML', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'a static check of the sources: once is enough');
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = new URL('../web/', import.meta.url).pathname;
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(mjs|js|html)$/.test(name)) files.push(p);
    }
  };
  walk(root);
  const banned = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function)|\bstyle=|<style/;
  const hits = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')
    .map((line, i) => [line, i + 1]).filter(([line]) => banned.test(line) && !/^\s*\/\//.test(line))
    .map(([line, n]) => `${f.slice(root.length)}:${n}: ${line.trim()}`));
  expect(hits).toEqual([]);
});
