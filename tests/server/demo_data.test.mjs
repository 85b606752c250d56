// The committed demo catalogs are exactly what tools/gen-demo-data.mjs generates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './helpers.mjs';

test('demo data is reproducible from its generator', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'tools/gen-demo-data.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
