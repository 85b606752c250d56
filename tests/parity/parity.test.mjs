// Random parity: N generated requests (tests/parity/generate.mjs, fixed seed
// by default) through the native CLI and the node CLI, one --jsonl process
// each, compared line by line; a sample also goes through the Embind JS API.
// PARITY_SEED / PARITY_COUNT override the seed and count.
// On a difference the request and both outputs go to build/parity-failures/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { loadWasmApi, missingBuilds, repoRoot, runJsonl } from './clis.mjs';
import { DEFAULT_COUNT, DEFAULT_SEED, generateRequests } from './generate.mjs';

const seed = Number(process.env.PARITY_SEED ?? DEFAULT_SEED);
const count = Number(process.env.PARITY_COUNT ?? DEFAULT_COUNT);
const API_SAMPLE_EVERY = 10;  // every 10th request also through the JS API in-process
const MAX_REPORTED = 20;

const missing = missingBuilds();

test(`native and wasm agree on ${count} random requests (seed ${seed})`,
  { skip: missing.length ? `not built: ${missing.join(', ')}` : false, timeout: 30 * 60 * 1000 }, async () => {
    const requests = [...generateRequests({ seed, count })];
    const native = runJsonl('native', requests);
    const wasm = runJsonl('wasm', requests);
    const { loadCheckoutCore } = await loadWasmApi();
    const api = await loadCheckoutCore();

    const failuresDir = join(repoRoot, 'build', 'parity-failures');
    let differences = 0;
    let errors = 0;
    const record = (i, kind, other) => {
      differences++;
      if (differences > MAX_REPORTED) return;
      mkdirSync(failuresDir, { recursive: true });
      const base = join(failuresDir, `seed${seed}-${i}`);
      writeFileSync(`${base}.request.json`, `${requests[i]}\n`);
      writeFileSync(`${base}.native.json`, `${native[i]}\n`);
      writeFileSync(`${base}.${kind}.json`, `${other}\n`);
      console.log(`difference at request ${i} (${kind}): see ${base}.*`);
    };
    for (let i = 0; i < requests.length; i++) {
      if (native[i].startsWith('{"error":')) errors++;
      if (wasm[i] !== native[i]) record(i, 'wasm', wasm[i]);
      if (i % API_SAMPLE_EVERY === 0) {
        const viaApi = api.quoteRequest(requests[i]).json;
        if (viaApi !== native[i]) record(i, 'jsapi', viaApi);
      }
    }
    console.log(`seed ${seed}: compared ${requests.length} requests (${requests.length - errors} quotes, ${errors} errors), ${differences} differences`);
    assert.equal(differences, 0, `${differences} differences; requests written to ${failuresDir}`);
    // A generator that only produced errors would prove nothing.
    assert.ok(errors < requests.length / 2, `too many errors (${errors}): the generator is off`);
  });
