// The request schema's "stock" (docs/formats.md "stock"): the object form and
// the compact array in the catalog's SKU order, each valid and broken, on the
// demo catalog's first store. The expectations are written here by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validRequest = ajv.compile(JSON.parse(readFileSync(join(root, 'docs/schema/request.schema.json'), 'utf8')));
const demo = JSON.parse(readFileSync(join(root, 'server-stub/data/demo/catalog.json'), 'utf8'));

function requestWithStock(storeStock, warehouseStock) {
  const catalog = structuredClone(demo);
  catalog.stores[0].stock = storeStock;
  if (warehouseStock !== undefined) catalog.shipping.warehouses[0].stock = warehouseStock;
  return { catalog, cart: { lines: [{ sku: catalog.products[0].variants[0].sku, quantity: 1 }] }, context: { now: '2026-12-07T09:00:00Z' } };
}

const accepted = [
  ['the object form', { 'NW-X': 3, 'NW-Y': 0 }],
  ['an empty object', {}],
  ['the compact form', [3, null, 0, 1000000000000]],
  ['an empty compact array', []],
  ['nulls only', [null, null]],
];
const refused = [
  ['a negative compact item', [3, -1]],
  ['a compact item beyond 10^12', [1000000000001]],
  ['a decimal compact item', [1.5]],
  ['a string compact item', ['3']],
  ['a nested array', [[3]]],
  ['an object item', [{ 'NW-X': 3 }]],
  ['a string', '3,0,1'],
  ['a number', 3],
  ['null', null],
  ['a negative object value', { 'NW-X': -1 }],
  ['a null object value', { 'NW-X': null }],
];

for (const [what, stock] of accepted) {
  test(`stock as ${what} is valid`, () => {
    const v = validRequest(requestWithStock(stock, stock));
    assert.equal(v, true, ajv.errorsText(validRequest.errors));
  });
}
for (const [what, stock] of refused) {
  test(`stock as ${what} is refused, at the store's stock`, () => {
    assert.equal(validRequest(requestWithStock(stock)), false);
    assert.ok(validRequest.errors.some((e) => e.instancePath.startsWith('/catalog/stores/0/stock')),
      ajv.errorsText(validRequest.errors));
  });
}
test('a store and a warehouse may use different forms', () => {
  assert.equal(validRequest(requestWithStock([1, null, 2], { 'NW-X': 4 })), true, ajv.errorsText(validRequest.errors));
});
