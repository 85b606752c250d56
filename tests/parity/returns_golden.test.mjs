// Golden refund vectors: tests/golden/returns/*.json, each
//   {"description": "...", "request": {catalog, order, returns, previous?, context}, "expected": {...}}
// where expected is the refund quote without "fingerprint", or {"error": ...}.
// Each goes through the native CLI, the node CLI and the Embind JS API
// (returnsRequest, and engine.refund on the loaded catalog): the same bytes
// from all, equal to expected, and the fingerprint the SHA-256 of the
// canonical "refund" object (of {exchange, quote binding, refund} for an exchange).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { loadWasmApi, missingBuilds, repoRoot, runJsonl } from './clis.mjs';
import { canonicalStringify, firstDifference, parseJsonExact } from './json_exact.mjs';

const dir = join(repoRoot, 'tests', 'golden', 'returns');
const vectors = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const v = parseJsonExact(readFileSync(join(dir, file), 'utf8'));
    return { file, ...v, line: canonicalStringify(v.request) };
  });

const missing = missingBuilds();

describe('golden refund vectors', { skip: missing.length ? `not built: ${missing.join(', ')}` : false }, () => {
  let native, wasm, api;

  before(async () => {
    const lines = vectors.map((v) => v.line);
    native = runJsonl('native', lines);
    wasm = runJsonl('wasm', lines);
    const { loadCheckoutCore } = await loadWasmApi();
    api = await loadCheckoutCore();
  });

  test('there are vectors, refunds and errors among them', () => {
    assert.ok(vectors.filter((v) => !('error' in v.expected)).length >= 10);
    assert.ok(vectors.some((v) => 'error' in v.expected));
  });

  vectors.forEach((v, i) => {
    test(`${v.file}: ${v.description.split('. ')[0]}`, () => {
      assert.equal(wasm[i], native[i], 'node CLI and native CLI differ');
      const out = parseJsonExact(native[i]);
      assert.equal(native[i], canonicalStringify(out), 'not canonical JSON');
      if (!('error' in out)) {
        // An exchange's fingerprint covers the refund, the new items' binding and the credit.
        const bound = 'exchange' in out ? { exchange: out.exchange, quote: out.quote.binding, refund: out.refund } : out.refund;
        const canonical = canonicalStringify(bound);
        assert.equal(out.fingerprint, createHash('sha256').update(canonical, 'utf8').digest('hex'),
          'fingerprint is not sha256 of the canonical refund');
      }
      const { fingerprint: _ignored, ...actual } = out;
      const diff = firstDifference(actual, v.expected);
      assert.equal(diff, null, `differs from expected at ${diff}:\n${native[i]}`);

      assert.equal(api.returnsRequest(v.line).json, native[i], 'JS API returnsRequest differs from native');
      const loaded = api.createEngine(canonicalStringify(v.request.catalog));
      assert.ok(loaded.ok);
      const { catalog: _c, ...rest } = v.request;
      const viaEngine = loaded.engine.refund(canonicalStringify(rest));
      loaded.engine.dispose();
      assert.equal(viaEngine.json, native[i], 'JS API engine.refund differs from native');
    });
  });
});
