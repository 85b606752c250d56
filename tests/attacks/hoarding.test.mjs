// Denial of inventory: one client, or one customer from many clients, tries
// to take a whole flash sale with 100 concurrent orders. The SKU's
// purchase_limit (2 per customer, 3 per client address) is counted in the
// transaction that reserves the stock, so exactly the cap is sold to them,
// in every channel, and other shoppers can still buy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, post, quote, orderBody, audit, freshKey, repoRoot, NY } from './harness.mjs';

const flashCatalog = join(repoRoot, 'tests/attacks/fixtures/flash-sale-catalog.json');
const CART = { lines: [{ sku: 'FLASH', quantity: 1 }], shipping_method: 'standard' };
const ATTEMPTS = 100;

let server, q;
before(async () => {
  server = await startServer({ args: ['--data', flashCatalog] });
  q = await quote(server, CART, { destination: NY });
});
after(async () => { await server?.stop(); });

const order = (email, localAddress) => post(server, '/api/orders',
  orderBody(CART, { destination: NY }, q, { customer: { name: 'Shopper', email } }),
  { 'idempotency-key': freshKey('flash') }, { localAddress });

function tally(responses) {
  const placed = responses.filter((r) => r.status === 201).length;
  const refused = responses.filter((r) => r.status === 409 && r.body?.error?.code === 'purchase_limit_reached');
  return { placed, refused, other: responses.length - placed - refused.length };
}

test(`one client address, ${ATTEMPTS} concurrent orders under ${ATTEMPTS} emails: exactly the per-client cap (3) is sold`, async () => {
  const responses = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => order(`bot${i}@example.com`, '127.0.0.2')));
  const { placed, refused, other } = tally(responses);
  assert.equal(placed, 3);
  assert.equal(refused.length, ATTEMPTS - 3);
  assert.equal(other, 0);
  const r = refused[0].body;
  assert.deepEqual(r.limit, { sku: 'FLASH', per: 'client', units: 3, remaining: 0, requested: 1 });
  assert.equal(r.error.path, '/cart/lines/0/quantity');
  console.log(`hoarding, one client: ${placed} placed, ${refused.length} refused of ${ATTEMPTS}`);
});

test(`one customer from ${ATTEMPTS} client addresses at once: exactly the per-customer cap (2) is sold, any spelling of the email`, async () => {
  const responses = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) =>
    order(i % 2 ? 'Hoarder@Example.com' : ' hoarder@example.com', `127.0.1.${i + 1}`)));
  const { placed, refused, other } = tally(responses);
  assert.equal(placed, 2);
  assert.equal(refused.length, ATTEMPTS - 2);
  assert.equal(other, 0);
  assert.equal(refused[0].body.limit.per, 'customer');
  console.log(`hoarding, one customer: ${placed} placed, ${refused.length} refused of ${ATTEMPTS}`);
  // The store counter is another channel with the same cap.
  const sale = await post(server, '/api/stores/main-st/sales',
    { cart: { lines: [{ sku: 'FLASH', quantity: 1 }] }, customer: { email: 'hoarder@example.com' } });
  assert.equal(sale.status, 409, sale.text);
  assert.equal(sale.body.error.code, 'purchase_limit_reached');
});

test('other shoppers still buy, and stock moved exactly for what was sold', async () => {
  const other = await order('someone.else@example.com', '127.0.0.3');
  assert.equal(other.status, 201, other.text);
  const uncapped = await post(server, '/api/stores/main-st/sales', { cart: { lines: [{ sku: 'FLASH', quantity: 1 }] } });
  assert.equal(uncapped.status, 201, 'a counter sale with no customer named has no one to count against');
  const report = await audit(server);
  assert.equal(report.consistent, true, JSON.stringify(report.violations));
});
