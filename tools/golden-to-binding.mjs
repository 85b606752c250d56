// Moves golden vectors whose "expected" quote is still in the old one-object
// shape into the binding/details shape (issue 9), keeping each file's request
// and description as written; vectors already converted, and errors, are left
// alone. A mechanical move, checked as it goes (every per-promotion allocation
// must be a line's discount share, totals.tax_included must equal
// rounding.prices_include_tax); review the result by hand like any vector.
//
//   node tools/golden-to-binding.mjs [tests/golden]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonExact } from '../tests/parity/json_exact.mjs';

const dir = process.argv[2] ?? new URL('../tests/golden', import.meta.url).pathname;
const pick = (o, keys) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));
const omit = (o, keys) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const scalar = (v) => typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
function compact(v) {
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`).join(', ')}}`;
  return scalar(v);
}
function pretty(v, indent, width) {
  const c = compact(v);
  if (indent.length + c.length <= width || v === null || typeof v !== 'object') return c;
  const inner = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + pretty(x, inner, width)).join(',\n')}\n${indent}]`;
  return `{\n${Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner, width)}`).join(',\n')}\n${indent}}`;
}

let changed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const text = readFileSync(join(dir, file), 'utf8');
  const v = parseJsonExact(text);
  const e = v.expected;
  if ('error' in e || 'binding' in e) continue;
  const keys = Object.keys(v);
  if (keys[keys.length - 1] !== 'expected') throw new Error(`${file}: expected is not last`);
  // Nothing dropped may be lost: every allocation is a line's share.
  for (const p of e.promotions.applied) {
    for (const a of p.allocations) {
      const share = e.lines[a.line].discounts.find((d) => d.promotion === p.id);
      if (!share || share.amount !== a.amount) throw new Error(`${file}: allocation ${p.id} line ${a.line} is no share`);
    }
    const shares = e.lines.flatMap((l) => l.discounts.filter((d) => d.promotion === p.id));
    if (shares.length !== p.allocations.length) throw new Error(`${file}: ${p.id} shares without allocation`);
  }
  if (e.totals.tax_included !== e.rounding.prices_include_tax) throw new Error(`${file}: tax_included differs`);
  const methods = v.request?.catalog?.shipping?.methods ?? [];
  const shipping = pick(e.shipping, ['needed', 'selected', 'price', 'tax']);
  if ('selected' in e.shipping) {
    const m = methods.find((x) => x.id === e.shipping.selected);
    if (!m) throw new Error(`${file}: selected method not in catalog`);
    shipping.warehouse = m.warehouse;
  }
  const binding = {
    currency: e.currency,
    exponent: e.exponent,
    rounding: e.rounding,
    lines: e.lines.map((l) => omit(l, ['title', 'variant_title', 'compare_at_price'])),
    promotions: e.promotions.applied.map((p) => pick(p, ['id', 'code', 'amount', 'shipping_discount'])),
    shipping,
    tax_lines: e.tax_lines.map((t) => omit(t, ['name'])),
    totals: omit(e.totals, ['tax_included']),
  };
  const details = {
    lines: e.lines.map((l) => pick(l, ['title', 'variant_title', 'compare_at_price'])),
    promotions: { applied: e.promotions.applied.map((p) => pick(p, ['title', 'reason', 'free_shipping'])), rejected: e.promotions.rejected },
    shipping: pick(e.shipping, ['subtotal', 'weight_g', 'options']),
    pickup: e.pickup,
    tax_lines: e.tax_lines.map((t) => pick(t, ['name'])),
    messages: e.messages,
  };
  const known = ['currency', 'exponent', 'rounding', 'lines', 'promotions', 'shipping', 'pickup', 'tax_lines', 'totals', 'messages', 'catalog_version'];
  for (const k of Object.keys(e)) if (!known.includes(k)) throw new Error(`${file}: unknown member ${k}`);
  const expected = {};
  if ('catalog_version' in e) expected.catalog_version = e.catalog_version;
  expected.binding = binding;
  expected.details = details;
  const at = text.lastIndexOf('"expected":');
  const out = `${text.slice(0, at)}"expected": ${pretty(expected, '  ', 220)}\n}\n`;
  writeFileSync(join(dir, file), out);
  changed++;
}
console.log('converted', changed);
