// Golden vectors: tests/golden/*.json, each
//   {"description": "...", "request": {...} | "request_text": "...", "expected": {...}}
// where expected is the quote without "fingerprint", or the {"error": ...} object.
// Every vector goes through the native CLI, the node CLI (one --jsonl process
// each) and the Embind JS API in-process; all three must give the same bytes,
// the quote must equal `expected`, and the fingerprint must be the SHA-256 of
// the canonical "binding" object (docs/formats.md), computed here by node's
// own crypto over this file's own canonical form.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { loadWasmApi, missingBuilds, repoRoot, runJsonl } from './clis.mjs';
import { canonicalStringify, firstDifference, parseJsonExact } from './json_exact.mjs';

const goldenDir = join(repoRoot, 'tests', 'golden');
const vectors = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const v = parseJsonExact(readFileSync(join(goldenDir, file), 'utf8'));
    const line = 'request_text' in v ? v.request_text : canonicalStringify(v.request);
    return { file, ...v, line };
  });

const missing = missingBuilds();

describe('golden vectors', { skip: missing.length ? `not built: ${missing.join(', ')}` : false }, () => {
  let native, wasm, api;

  before(async () => {
    const lines = vectors.map((v) => v.line);
    native = runJsonl('native', lines);
    wasm = runJsonl('wasm', lines);
    const { loadCheckoutCore } = await loadWasmApi();
    api = await loadCheckoutCore();
  });

  test('there are vectors', () => assert.ok(vectors.length > 0));

  vectors.forEach((v, i) => {
    test(`${v.file}: ${v.description.split(". ")[0]}`, () => {
      assert.ok(!v.line.includes('\n'), 'a request must fit on one line');
      assert.equal(wasm[i], native[i], 'node CLI and native CLI differ');

      const out = parseJsonExact(native[i]);
      if ('error' in out) {
        assert.equal(native[i], canonicalStringify(out), 'error is not canonical JSON');
      } else {
        const { fingerprint, binding } = out;
        assert.match(fingerprint, /^[0-9a-f]{64}$/);
        const canonical = canonicalStringify(binding);
        assert.ok(native[i].startsWith(`{"binding":${canonical},`), 'the binding is not the canonical first member');
        assert.equal(fingerprint, createHash('sha256').update(canonical, 'utf8').digest('hex'),
          'fingerprint is not sha256 of the canonical binding');
        assert.equal(native[i], canonicalStringify(out), 'quote is not canonical JSON');
      }
      const { fingerprint: _ignored, ...actual } = out;
      const diff = firstDifference(actual, v.expected);
      assert.equal(diff, null, `differs from expected at ${diff}:\n${native[i]}`);

      // The Embind API in-process: the one-shot call, and engine + quote.
      const oneShot = api.quoteRequest(v.line);
      assert.equal(oneShot.json, native[i], 'JS API quoteRequest differs from native');
      if (typeof v.request === 'object' && v.request !== null && 'catalog' in v.request) {
        const loaded = api.createEngine(canonicalStringify(v.request.catalog));
        if (loaded.ok) {
          const { catalog: _c, ...cartAndContext } = v.request;
          const viaEngine = loaded.engine.quote(canonicalStringify(cartAndContext));
          loaded.engine.dispose();
          assert.equal(viaEngine.json, native[i], 'JS API engine.quote differs from native');
        }
      }
    });
  });
});
