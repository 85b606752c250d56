// Every golden vector's request and expected quote against docs/schema, with
// a real JSON Schema validator (ajv, draft 2020-12), so the schemas and the
// format cannot drift apart. Requests given as text (request_text) are
// deliberately malformed and are not checked; every other request is valid
// JSON and must match the request schema unless the vector expects one of the
// errors a schema cannot see (unknown references, overflow, limits...).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = fileURLToPath(new URL('../../', import.meta.url));
const schemaDir = join(root, 'docs', 'schema');
const goldenDir = join(root, 'tests', 'golden');

// strictRequired off: the request schema says "exactly one of percent / amount" with
// oneOf + required, naming properties its parent defines.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const requestSchema = JSON.parse(readFileSync(join(schemaDir, 'request.schema.json'), 'utf8'));
const quoteSchema = JSON.parse(readFileSync(join(schemaDir, 'quote.schema.json'), 'utf8'));
const validRequest = ajv.compile(requestSchema);
const validQuote = ajv.compile(quoteSchema);
const validError = ajv.compile(JSON.parse(readFileSync(join(schemaDir, 'error.schema.json'), 'utf8')));

// Errors the core finds by reading the catalog as a whole or by arithmetic,
// which a schema cannot express (docs/schema/request.schema.json says so).
const semanticErrors = new Set([
  'unknown_sku', 'unknown_store', 'unknown_shipping_method', 'unknown_currency', 'currency_mismatch',
  'not_pickup_eligible', 'duplicate_id', 'overflow', 'quantity_too_large', 'too_many',
]);

// Error vectors whose refusal no JSON Schema keyword can express, each with
// the reason; every other refused request must be refused by the schema too.
const beyondSchema = new Map([
  ['error_timezone_offset_of_a_day.json', 'a POSIX TZ rule is parsed by the core; its offsets are not a pattern'],
]);

const vectors = readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, ...JSON.parse(readFileSync(join(goldenDir, file), 'utf8')) }));

const explain = (validate) => ajv.errorsText(validate.errors, { separator: '\n' });

test('there are vectors, quotes and errors among them', () => {
  assert.ok(vectors.filter((v) => !('error' in v.expected)).length > 50);
  assert.ok(vectors.some((v) => 'error' in v.expected));
});

for (const v of vectors) {
  test(`${v.file}: schemas`, () => {
    if ('error' in v.expected) {
      assert.ok(validError(v.expected), `expected error does not match error.schema.json:\n${explain(validError)}`);
      if (!('request' in v)) return;  // request_text: not JSON on purpose
      const valid = validRequest(v.request);
      if (!semanticErrors.has(v.expected.error.code) && !beyondSchema.has(v.file)) {
        assert.equal(valid, false, `the request schema accepts a request the core refuses with ${v.expected.error.code}`);
      }
      return;
    }
    assert.ok(validRequest(v.request), `request does not match request.schema.json:\n${explain(validRequest)}`);
    // The expected quote as the core writes it, fingerprint included.
    const quote = { ...v.expected, fingerprint: '0'.repeat(64) };
    assert.ok(validQuote(quote), `expected quote does not match quote.schema.json:\n${explain(validQuote)}`);
  });
}

test('the error schema refuses params that are not numbers or text', () => {
  const error = { error: { code: 'quantity_too_large', message: 'x', path: '/cart/lines/0/quantity', params: { max: 3, sku: 'TEE' } } };
  assert.ok(validError(error), explain(validError));
  assert.equal(validError({ error: { ...error.error, params: { max: 1.5 } } }), false);
  assert.equal(validError({ error: { ...error.error, params: { sku: ['TEE'] } } }), false);
  assert.equal(validError({ error: { ...error.error, params: {} } }), false);
});

test('the quote schema refuses what the format does not have', () => {
  const v = vectors.find((x) => !('error' in x.expected));
  const quote = structuredClone({ ...v.expected, fingerprint: '0'.repeat(64) });
  quote.binding.totals.tax_included = false;  // moved to binding.rounding
  assert.equal(validQuote(quote), false);
  const other = structuredClone({ ...v.expected, fingerprint: '0'.repeat(64) });
  other.lines = other.binding.lines;  // the old top-level lines
  assert.equal(validQuote(other), false);
});
