// The one list of codes (shared-core/codes/codes.json): the generated C++
// header and TypeScript unions are what tools/gen-codes.mjs writes from it, and
// every code the core, the server, the CLI or the JS API emits is on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot, readCodes, generateHeader, generateDts, headerPath, dtsPath } from '../../tools/gen-codes.mjs';

const codes = readCodes();
const listed = {
  errors: new Set(codes.errors.map((c) => c.code)),
  rejection_reasons: new Set(codes.rejection_reasons.map((c) => c.code)),
  messages: new Set(codes.messages.map((c) => c.code)),
};

test('the generated header and .d.ts are up to date (run: node tools/gen-codes.mjs)', () => {
  assert.equal(readFileSync(headerPath, 'utf8'), generateHeader(codes), 'shared-core/include/checkout/codes.h is stale');
  assert.equal(readFileSync(dtsPath, 'utf8'), generateDts(codes), 'wasm/js/codes.d.ts is stale');
});

test('checkout.d.ts types its errors with the generated union', () => {
  const dts = readFileSync(join(repoRoot, 'wasm/js/checkout.d.ts'), 'utf8');
  assert.match(dts, /from '\.\/codes\.js'/);
  assert.match(dts, /readonly code: ErrorCode;/);
});

function sourceFiles(dir, exts) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p, exts));
    else if (exts.some((e) => name.endsWith(e))) out.push(p);
  }
  return out.sort();
}

const files = [
  ...sourceFiles(join(repoRoot, 'shared-core/src'), ['.cpp', '.h']),
  ...sourceFiles(join(repoRoot, 'server-stub'), ['.cpp', '.h']),
  ...sourceFiles(join(repoRoot, 'tools'), ['.cpp']),
  join(repoRoot, 'wasm/bindings.cpp'),
  ...sourceFiles(join(repoRoot, 'wasm/js'), ['.mjs']),
];

// Where a code is written, by kind: [kind, regex whose group 1 is the code].
const EMITTERS = [
  ['errors', /\berr::([a-z_0-9]+)/g],
  ['rejection_reasons', /\brejection::([a-z_0-9]+)/g],
  ['messages', /\bmsg::([a-z_0-9]+)/g],
  ['errors', /\bfail\(\s*"([a-z_0-9]+)"/g],
  ['errors', /\b(?:Error|BodyError)\{\s*"([a-z_0-9]+)"/g],
  ['errors', /\bapi_error\(\s*\d+,\s*"([a-z_0-9]+)"/g],
  ['errors', /\b(?:error_body|retry_later)\(\s*"([a-z_0-9]+)"/g],  // server-stub/app/api_support.h
  ['errors', /\{"code",\s*"([a-z_0-9]+)"\}/g],
  ['errors', /\\?"code\\?":\s*\\?"([a-z_0-9]+)\\?"/g],
  ['errors', /new CheckoutError\(\s*'([a-z_0-9]+)'/g],
  ['errors', /\bconst char\* code = ([^;]*);/g],  // every literal of the expression (http_server.cpp)
  ['messages', /\bMessage\{\s*"([a-z_0-9]+)"/g],
  ['rejection_reasons', /\bRefusal\{\s*"([a-z_0-9]+)"/g],
];

function emitted() {
  const found = [];  // {kind, code, file}
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [kind, re] of EMITTERS) {
      for (const m of text.matchAll(re)) {
        const codesHere = m[1].includes('"') ? [...m[1].matchAll(/"([a-z_0-9]+)"/g)].map((l) => l[1]) : [m[1]];
        for (const code of codesHere) found.push({ kind, code, file: relative(repoRoot, file) });
      }
    }
  }
  return found;
}

test('every code emitted in the sources is on the list', () => {
  const found = emitted();
  // The scan itself must see codes of each kind and each side, or it proves nothing.
  const seen = (kind, code) => found.some((f) => f.kind === kind && f.code === code);
  for (const [kind, code] of [['errors', 'invalid_value'], ['errors', 'quote_changed'], ['errors', 'malformed_request'],
    ['errors', 'unsafe_integer'], ['rejection_reasons', 'expired'], ['messages', 'no_shipping_option']]) {
    assert.ok(seen(kind, code), `the scan does not find ${kind} ${code}: update EMITTERS`);
  }
  const missing = found.filter((f) => !listed[f.kind].has(f.code)).map((f) => `${f.file}: ${f.kind} "${f.code}"`);
  assert.deepEqual([...new Set(missing)], [], 'codes emitted but not in shared-core/codes/codes.json');
});

test('the core names its codes through the generated constants, never as literals', () => {
  const literal = /\b(?:fail|Error|Message|Refusal)\{?\(?\s*"[a-z_0-9]+"/g;
  const offenders = [];
  for (const file of sourceFiles(join(repoRoot, 'shared-core/src'), ['.cpp', '.h'])) {
    for (const m of readFileSync(file, 'utf8').matchAll(literal)) offenders.push(`${relative(repoRoot, file)}: ${m[0]}`);
  }
  assert.deepEqual(offenders, []);
});

test('every listed error, reason and message is emitted somewhere (no stale entries)', () => {
  const found = emitted();
  const stale = [];
  for (const kind of Object.keys(listed)) {
    for (const code of listed[kind]) {
      if (!found.some((f) => f.kind === kind && f.code === code)) stale.push(`${kind} ${code}`);
    }
  }
  assert.deepEqual(stale, []);
});
