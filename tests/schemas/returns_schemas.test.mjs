// Every golden refund vector's request and expected refund quote against
// docs/schema/refund-request.schema.json and refund.schema.json (ajv, draft
// 2020-12), with the request and quote schemas they refer to.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = fileURLToPath(new URL('../../', import.meta.url));
const schemaDir = join(root, 'docs', 'schema');
const dir = join(root, 'tests', 'golden', 'returns');
const load = (name) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
ajv.addSchema(load('request.schema.json'));
ajv.addSchema(load('quote.schema.json'));
const validRequest = ajv.compile(load('refund-request.schema.json'));
const validRefund = ajv.compile(load('refund.schema.json'));
const explain = (validate) => ajv.errorsText(validate.errors, { separator: '\n' });

const vectors = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(join(dir, file), 'utf8')) }));

test('there are refund vectors', () => assert.ok(vectors.length >= 10));

for (const v of vectors) {
  test(`${v.file}: schemas`, () => {
    if ('error' in v.expected) {
      // return_exceeds_order needs the order's quantities: a schema cannot see it.
      assert.ok(validRequest(v.request), explain(validRequest));
      return;
    }
    assert.ok(validRequest(v.request), explain(validRequest));
    // An exchange carries the refund beside the new items' quote.
    const refund = 'exchange' in v.expected ? { refund: v.expected.refund } : v.expected;
    assert.ok(validRefund({ fingerprint: '0'.repeat(64), ...refund }), explain(validRefund));
  });
}

test('the refund schema refuses a refund without a total', () => {
  const v = vectors.find((x) => !('error' in x.expected));
  const { total: _t, ...refund } = v.expected.refund;
  assert.equal(validRefund({ fingerprint: '0'.repeat(64), refund }), false);
});
