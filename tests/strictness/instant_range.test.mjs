// The ends of the time range (docs/pricing/time-and-distance.md, "Time range"):
// the golden vectors quoting at the earliest and the latest accepted instant
// write only dates and offsets that the quote schema's patterns allow and that
// the core's own parser reads back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { nativeCli, repoRoot } from '../parity/clis.mjs';

const schema = JSON.parse(readFileSync(join(repoRoot, 'docs/schema/quote.schema.json'), 'utf8'));
const vector = (name) => JSON.parse(readFileSync(join(repoRoot, 'tests/golden', `${name}.json`), 'utf8'));
const ends = ['time_earliest_now_gives_valid_dates', 'time_latest_now_gives_valid_dates'];
const built = existsSync(nativeCli);

// The quote the core writes for a golden vector's request.
function quoteOf(name) {
  const r = spawnSync(nativeCli, { input: JSON.stringify(vector(name).request), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout);
  return JSON.parse(r.stdout);
}

// The keywords quote.schema.json uses; returns the first violation or null.
function violation(value, s, path = '') {
  if (s.$ref) return violation(value, s.$ref.split('/').slice(1).reduce((o, k) => o[k], schema), path);
  if (s.oneOf) {
    const fits = s.oneOf.filter((alt) => violation(value, alt, path) === null).length;
    return fits === 1 ? null : `${path}: matches ${fits} of oneOf`;
  }
  if ('const' in s && value !== s.const) return `${path}: not ${JSON.stringify(s.const)}`;
  if (s.enum && !s.enum.includes(value)) return `${path}: not one of ${s.enum}`;
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
  if (s.type && !(s.type === type || (s.type === 'number' && type === 'integer'))) return `${path}: ${type}, not ${s.type}`;
  if (s.pattern && !new RegExp(s.pattern).test(value)) return `${path}: "${value}" does not match ${s.pattern}`;
  if ('minimum' in s && value < s.minimum) return `${path}: below ${s.minimum}`;
  if (type === 'array' && s.items) {
    for (let i = 0; i < value.length; i++) {
      const v = violation(value[i], s.items, `${path}/${i}`);
      if (v) return v;
    }
  }
  if (type === 'object') {
    for (const k of s.required ?? []) if (!(k in value)) return `${path}: missing ${k}`;
    for (const [k, v] of Object.entries(value)) {
      const sub = s.properties?.[k];
      if (!sub) {
        if (s.additionalProperties === false) return `${path}/${k}: not allowed`;
        continue;
      }
      const bad = violation(v, sub, `${path}/${k}`);
      if (bad) return bad;
    }
  }
  return null;
}

test('the schema checker can fail', { skip: !built && 'checkout-cli not built' }, () => {
  const quote = quoteOf(ends[1]);
  assert.equal(violation(quote, schema), null);
  quote.details.shipping.options[0].ships_on = '10000-01-03';
  assert.match(violation(quote, schema), /ships_on/);
  const late = quoteOf(ends[0]);
  late.details.pickup.stores[0].ready_local = '1970-01-02T23:59:00+24:00';
  assert.match(violation(late, schema), /ready_local/);
});

for (const name of ends) {
  test(`${name}: every date and offset fits the quote schema`, { skip: !built && 'checkout-cli not built' }, () => {
    assert.equal(violation(quoteOf(name), schema), null);
  });

  test(`${name}: every written instant is one the core reads back`, { skip: !built && 'checkout-cli not built' }, () => {
    const { request } = vector(name);
    const expected = quoteOf(name);
    const written = expected.details.pickup.stores.flatMap((s) => [s.ready_at, s.ready_local]);
    assert.ok(written.length >= 2);
    const dates = expected.details.shipping.options.flatMap((o) => [o.ships_on, o.delivery.earliest, o.delivery.latest]);
    assert.ok(dates.length >= 3);
    // The core reads instants with one parser (parse_rfc3339): a promotion
    // window's start takes any instant it accepts, a written date as midnight UTC.
    for (const instant of [...written, ...dates.map((d) => `${d}T00:00:00Z`)]) {
      const catalog = { ...request.catalog, promotions: [{ id: 'p', title: 'P', valid_from: instant, effect: { type: 'amount_off', amount: 1 } }] };
      const r = spawnSync(nativeCli, { input: JSON.stringify({ ...request, catalog }), encoding: 'utf8' });
      assert.equal(r.status, 0, `the core refuses ${instant}, which it wrote: ${r.stdout}`);
    }
  });
}
