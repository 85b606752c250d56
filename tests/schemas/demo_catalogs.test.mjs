// The demo merchants' catalogs (server-stub/data/*/catalog.json) against the
// request schema: each, with a one-line cart, is a valid request document.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validRequest = ajv.compile(JSON.parse(readFileSync(join(root, 'docs/schema/request.schema.json'), 'utf8')));
const dataDir = join(root, 'server-stub/data');
const merchants = readdirSync(dataDir).filter((d) => readdirSync(join(dataDir, d)).includes('catalog.json')).sort();

test('the three demo merchants are there', () => assert.deepEqual(merchants, ['demo', 'pl-demo', 'vat-demo']));

for (const dir of merchants) {
  test(`${dir}/catalog.json is a valid catalog`, () => {
    const catalog = JSON.parse(readFileSync(join(dataDir, dir, 'catalog.json'), 'utf8'));
    const request = { catalog, cart: { lines: [{ sku: catalog.products[0].variants[0].sku, quantity: 1 }] }, context: { now: '2026-12-07T09:00:00Z' } };
    assert.ok(validRequest(request), ajv.errorsText(validRequest.errors, { separator: '\n' }));
  });
}
