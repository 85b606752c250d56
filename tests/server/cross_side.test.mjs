// Cross-side table test (issue 9): the server's POST /api/quote and the core's
// CLI must give the same answer to the same document. Every golden vector's
// request (valid or error) is sent to a real server whose data is that
// vector's catalog, with --fixed-clock at the vector's context.now (the server
// owns the clock and would otherwise replace a far-off now), and must give the
// CLI's exact body, or an error with the same {code, path}. Then a set of edge
// documents where two parsers could disagree: floats, duplicate keys, time
// format variants, unknown fields at every depth, a BOM, integers beyond 64
// bits, bytes after the document.
//
// The server also owns context.exhausted_promotions (docs/formats.md): it
// replaces whatever a client sent with its own counts, [] on a fresh
// database. A request carrying that field is compared with the CLI given the
// request as the server prices it, with [] there.
//
// One server per distinct (catalog, clock); servers start a few at a time.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { nativeCli, runJsonl } from '../parity/clis.mjs';
import { canonicalStringify, parseJsonExact } from '../parity/json_exact.mjs';
import { repoRoot, serverBinary, startServer } from './helpers.mjs';

const DEFAULT_CLOCK = '2026-11-23T10:00:00Z';
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;

// A request's text split into its catalog and the rest ({cart, context, ...}
// plus any bytes after the document), without parsing either: the texts keep
// exactly what makes them interesting (duplicate keys, floats, NUL bytes).
// Returns null when the text is not an object with a catalog member.
export function splitCatalog(text) {
  let i = 0;
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  i += bom.length;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const skipString = () => {  // text[i] is '"'
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') { i++; return true; }
    }
    return false;
  };
  const skipValue = () => {
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') { if (!skipString()) return false; i--; continue; }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { if (depth === 0) return true; depth--; if (depth === 0) { i++; return true; } }
      else if (c === ',' && depth === 0) return true;
    }
    return depth === 0;
  };
  ws();
  if (text[i] !== '{') return null;
  i++;
  const members = [];
  let catalogText = null;
  for (;;) {
    ws();
    if (text[i] === '}') { i++; break; }
    if (text[i] !== '"') return null;
    const keyStart = i;
    if (!skipString()) return null;
    const key = text.slice(keyStart + 1, i - 1);
    ws();
    if (text[i] !== ':') return null;
    i++;
    ws();
    const valueStart = i;
    if (!skipValue()) return null;
    const value = text.slice(valueStart, i);
    if (key === 'catalog') catalogText = value; else members.push(text.slice(keyStart, i));
    ws();
    if (text[i] === ',') { i++; continue; }
    if (text[i] === '}') { i++; break; }
    return null;
  }
  if (catalogText === null) return null;
  return { catalogText, bodyText: `${bom}{${members.join(',')}}${text.slice(i)}` };
}

// The CLI's request for a body sent to the server: the catalog as the first member.
function withCatalog(bodyText, catalogText) {
  const bom = bodyText.startsWith('\uFEFF') ? '\uFEFF' : '';
  const rest = bodyText.slice(bom.length);
  assert.ok(rest.startsWith('{'), 'edge documents are objects');
  return `${bom}{"catalog":${catalogText}${rest.startsWith('{}') ? '' : ','}${rest.slice(1)}`;
}

const goldenDir = join(repoRoot, 'tests', 'golden');
const cases = [];  // {name, catalogText, clock, bodyText, cliText}
for (const file of readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()) {
  const v = parseJsonExact(readFileSync(join(goldenDir, file), 'utf8'));
  if ('request_text' in v) {
    const split = splitCatalog(v.request_text);
    assert.ok(split, `${file}: cannot find the catalog in request_text`);
    const now = /"now":"([^"]*)"/.exec(split.bodyText)?.[1];
    cases.push({ name: file, ...split, clock: INSTANT.test(now ?? '') ? now : DEFAULT_CLOCK, cliText: v.request_text });
    continue;
  }
  const { catalog, ...body } = v.request;
  const priced = structuredClone(body);
  if (priced.context && typeof priced.context === 'object' && 'exhausted_promotions' in priced.context) {
    priced.context.exhausted_promotions = [];
  }
  const now = body.context?.now;
  cases.push({
    name: file,
    catalogText: canonicalStringify(catalog),
    bodyText: canonicalStringify(body),
    clock: typeof now === 'string' && INSTANT.test(now) ? now : DEFAULT_CLOCK,
    cliText: canonicalStringify({ catalog, ...priced }),
  });
}

// Edge documents, all against one catalog at the default clock.
const edgeCatalog = canonicalStringify({
  currency: 'USD',
  products: [{ id: 'tee', title: 'Tee', variants: [{ sku: 'TEE', price: 1999 }] }],
  tax_rules: [{ id: 'us-ny', name: 'NY', country: 'US', region: 'NY', rate: '4' }],
  shipping: {
    warehouses: [{ id: 'wh', timezone: 'UTC0', stock: { TEE: 100 } }],
    methods: [{ id: 'flat', name: 'Flat', warehouse: 'wh', zones: [{ country: 'US' }],
      subtotal_rates: [{ min_subtotal: 0, price: 500 }], transit_days: { min: 1, max: 2 } }],
  },
  stores: [{ id: 'soho', name: 'SoHo', country: 'US', region: 'NY', lat_e6: 40720000, lon_e6: -74000000,
    timezone: 'EST5EDT,M3.2.0,M11.1.0', hours: { mon: [['10:00', '20:00']] }, stock: { TEE: 5 } }],
  postal_codes: [{ country: 'US', postal_code: '10013', lat_e6: 40720000, lon_e6: -74000000 }],
});
const line = '{"sku":"TEE","quantity":1}';
const ctx = `{"now":"${DEFAULT_CLOCK}","destination":{"country":"US","region":"NY","postal_code":"10013"}}`;
const doc = (cart, context = ctx) => `{"cart":${cart},"context":${context}}`;
const withNow = (now) => doc(`{"lines":[${line}]}`, `{"now":"${now}"}`);
const edges = {
  'valid request': doc(`{"lines":[${line}]}`),
  'float quantity 1.0': doc('{"lines":[{"sku":"TEE","quantity":1.0}]}'),
  'float quantity 2.5': doc('{"lines":[{"sku":"TEE","quantity":2.5}]}'),
  'exponent quantity 1e0': doc('{"lines":[{"sku":"TEE","quantity":1e0}]}'),
  'float in context (max_pickup_stores 3.0)': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","max_pickup_stores":3.0}`),
  'duplicate key in a line': doc('{"lines":[{"sku":"TEE","quantity":1,"quantity":2}]}'),
  'duplicate key at the top': `{"cart":{"lines":[${line}]},"cart":{"lines":[]},"context":${ctx}}`,
  'duplicate key in context': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","now":"${DEFAULT_CLOCK}"}`),
  'now with an offset': withNow('2026-11-23T05:00:00-05:00'),
  'now with fractional seconds': withNow('2026-11-23T10:00:00.5Z'),
  'now with zero fractional seconds': withNow('2026-11-23T10:00:00.000Z'),
  'now with lowercase t and z': withNow('2026-11-23t10:00:00z'),
  'now with lowercase z': withNow('2026-11-23T10:00:00z'),
  'now at second 60': withNow('2026-11-23T23:59:60Z'),
  'now with a space for T': withNow('2026-11-23 10:00:00Z'),
  'now without seconds': withNow('2026-11-23T10:00Z'),
  'now with offset +0000': withNow('2026-11-23T10:00:00+0000'),
  'now before the accepted range': withNow('1970-01-01T00:00:00+23:59'),
  'now after the accepted range': withNow('9999-12-31T23:59:59Z'),
  'now as a number': doc(`{"lines":[${line}]}`, '{"now":1764000000}'),
  'unknown field at the top': `{"cart":{"lines":[${line}]},"context":${ctx},"foo":1}`,
  'unknown field in cart': doc(`{"lines":[${line}],"foo":1}`),
  'unknown field in a line': doc('{"lines":[{"sku":"TEE","quantity":1,"price":1}]}'),
  'unknown field in fulfilment': doc('{"lines":[{"sku":"TEE","quantity":1,"fulfilment":{"type":"ship","fast":true}}]}'),
  'unknown field in context': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","clock":1}`),
  'unknown field in destination': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","destination":{"country":"US","destination":"anything"}}`),
  'unknown field in location': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","location":{"lat_e6":1,"lon_e6":2,"alt":3}}`),
  'destination as a string': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","destination":"anything"}`),
  'a BOM before the document': `\uFEFF${doc(`{"lines":[${line}]}`)}`,
  'quantity 2^64': doc('{"lines":[{"sku":"TEE","quantity":18446744073709551616}]}'),
  'quantity 2^63': doc('{"lines":[{"sku":"TEE","quantity":9223372036854775808}]}'),
  'latitude below -2^63': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","location":{"lat_e6":-9223372036854775809,"lon_e6":0}}`),
  'a NUL then garbage after the document': `${doc(`{"lines":[${line}]}`)}\u0000{"garbage":`,
  'a second document after the first': `${doc(`{"lines":[${line}]}`)} {}`,
  'whitespace after the document': `${doc(`{"lines":[${line}]}`)} \t `,
  'a NUL inside the document': doc('{"lines":[{"sku":"TEE","quantity":1\u0000}]}'),
  'postal code normal form': doc(`{"lines":[${line}]}`, `{"now":"${DEFAULT_CLOCK}","location":{"country":"US","postal_code":" 10013-1234"}}`),
};
for (const [name, bodyText] of Object.entries(edges)) {
  cases.push({ name: `edge: ${name}`, catalogText: edgeCatalog, bodyText, clock: DEFAULT_CLOCK, cliText: withCatalog(bodyText, edgeCatalog) });
}

const missing = [nativeCli, serverBinary].filter((p) => !existsSync(p));

describe('cross-side: POST /api/quote answers as the CLI does', { skip: missing.length ? `not built: ${missing}` : false }, () => {
  const cli = new Map();      // case name -> CLI output line
  const served = new Map();   // case name -> {started, status, text, stderr}
  const work = mkdtempSync(join(tmpdir(), 'cross-side-'));

  before(async () => {
    const out = runJsonl('native', cases.map((c) => c.cliText));
    cases.forEach((c, i) => cli.set(c.name, out[i]));

    const groups = new Map();
    for (const c of cases) {
      const key = `${c.clock}\n${c.catalogText}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(c);
    }
    const queue = [...groups.values()];
    let n = 0;
    const worker = async () => {
      while (queue.length) {
        const group = queue.shift();
        const dataDir = join(work, String(n++));
        mkdirSync(dataDir);
        writeFileSync(join(dataDir, 'catalog.json'), group[0].catalogText);
        const args = ['--data', dataDir, '--fixed-clock', group[0].clock, '--workers', '1'];
        let server;
        try {
          server = await startServer({ args });
        } catch {
          // It refused to start: once more, synchronously, for its whole stderr.
          const again = spawnSync(serverBinary, ['--port', '0', '--db', join(dataDir, 'again.db'), ...args],
            { encoding: 'utf8', timeout: 20000 });
          for (const c of group) served.set(c.name, { started: false, stderr: `exit ${again.status}: ${again.stderr}` });
          continue;
        }
        try {
          for (const c of group) {
            const res = await fetch(`${server.url}/api/quote`, {
              method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(c.bodyText, 'utf8'),
            });
            served.set(c.name, { started: true, status: res.status, text: await res.text() });
          }
        } finally {
          await server.stop();
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  for (const c of cases) {
    test(c.name, () => {
      const expected = cli.get(c.name);
      const got = served.get(c.name);
      const cliOut = parseJsonExact(expected);
      if (!got.started) {
        // The server refuses the catalog at start-up: the CLI must have refused
        // the same document, for the same reason, at the same place in the catalog.
        assert.ok('error' in cliOut, `the server refused a catalog the CLI accepts: ${got.stderr}`);
        assert.ok(got.stderr.includes(`"code":"${cliOut.error.code}"`), `CLI ${expected}\nserver: ${got.stderr}`);
        const catalogPath = cliOut.error.path.replace(/^\/catalog/, '');
        assert.ok(got.stderr.includes(`"path":"${catalogPath}"`), `CLI ${expected}\nserver: ${got.stderr}`);
        return;
      }
      if ('error' in cliOut) {
        let body;
        try { body = JSON.parse(got.text); } catch { body = got.text; }
        assert.equal(got.status, 400, `CLI refused (${expected}), server answered ${got.status}: ${got.text.slice(0, 300)}`);
        assert.deepEqual({ code: body.error?.code, path: body.error?.path },
          { code: cliOut.error.code, path: cliOut.error.path }, `CLI ${expected}\nserver ${got.text}`);
      } else {
        assert.equal(got.status, 200, `CLI quoted, server answered ${got.status}: ${got.text.slice(0, 300)}`);
        assert.equal(got.text, expected, 'the server\'s quote differs from the CLI\'s');
      }
    });
  }
});
