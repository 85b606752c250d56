// The GoogleTest unit suite compiled to wasm (build/wasm/core_unit_tests.js)
// must pass under node exactly as the native binary does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { wasmDir } from './clis.mjs';

const suite = join(wasmDir, 'core_unit_tests.js');

test('unit tests pass as wasm under node', { skip: existsSync(suite) ? false : `not built: ${suite}`, timeout: 15 * 60 * 1000 }, () => {
  const r = spawnSync(process.execPath, [suite], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const summary = r.stdout.split('\n').filter((l) => /^\[  (PASSED|FAILED) |tests? ran/.test(l)).join('\n');
  console.log(summary);
  assert.equal(r.status, 0, `core_unit_tests.js exited ${r.status}\n${r.stdout.slice(-4000)}${r.stderr.slice(-2000)}`);
});
