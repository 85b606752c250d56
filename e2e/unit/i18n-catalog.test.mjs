// The widget's message catalog (web/checkout/i18n): every shipped locale has exactly
// the English keys, the plural forms its Intl.PluralRules needs, the same
// placeholders as English, and a translation for every code of the one list of
// codes (shared-core/codes/codes.json); the fallback chain, overrides and direction.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  createMessages, directionOf, fallbackChain, LOCALES, placeholdersOf, resolveLocale,
} from '../../web/checkout/i18n/messages.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const codesPath = resolve(repoRoot, 'shared-core/codes/codes.json');
const en = LOCALES.en;
const SHIPPED = ['en', 'pl', 'fa', 'hy', 'zh', 'de'];

test('the six locales are shipped', () => {
  assert.deepEqual(Object.keys(LOCALES).sort(), [...SHIPPED].sort());
  assert.ok(Object.keys(en).length > 250, 'the English catalog holds the widget and staff page strings');
});

for (const tag of SHIPPED) {
  const catalog = LOCALES[tag];
  const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;

  test(`${tag}: exactly the English keys`, () => {
    const missing = Object.keys(en).filter((k) => !(k in catalog));
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
  });

  test(`${tag}: plural messages have exactly the forms of ${tag} (${categories.join(', ')})`, () => {
    for (const [key, value] of Object.entries(catalog)) {
      assert.equal(typeof value === 'object', typeof en[key] === 'object', `${key}: plural in one locale, not in the other`);
      if (typeof value !== 'object') continue;
      assert.deepEqual(Object.keys(value).sort(), [...categories].sort(), `${key}: plural forms`);
      assert.match(value.other, /\{count, number\}/, `${key}: the other form shows the count`);
    }
  });

  test(`${tag}: placeholders match English`, () => {
    for (const [key, value] of Object.entries(catalog)) {
      if (!(key in en)) continue;
      const mine = placeholdersOf(value).filter((p) => p !== 'count:number');
      const english = placeholdersOf(en[key]).filter((p) => p !== 'count:number');
      assert.deepEqual(mine, english, key);
    }
  });

  test(`${tag}: no message is empty or left in English where it must not be`, () => {
    for (const [key, value] of Object.entries(catalog)) {
      for (const text of typeof value === 'string' ? [value] : Object.values(value)) assert.ok(text.trim().length > 0, key);
    }
    if (tag === 'en') return;
    const same = ['cart.title', 'cart.empty', 'checkout.place_order', 'summary.total', 'shipping.title', 'pickup.title']
      .filter((k) => catalog[k] === en[k]);
    assert.deepEqual(same, [], 'checkout words still in English');
  });
}

test('every code of the one list of codes has a translation in every locale', { skip: existsSync(codesPath) ? false : 'shared-core/codes/codes.json is not in this tree yet (one-strictness)' }, () => {
  const codes = JSON.parse(readFileSync(codesPath, 'utf8'));
  const keys = [
    ...codes.errors.map((c) => `error.${c.code}`),
    ...codes.rejection_reasons.map((c) => `rejection.${c.code}`),
    ...codes.messages.map((c) => `message.${c.code}`),
  ];
  assert.ok(keys.length > 40);
  for (const tag of SHIPPED) {
    const missing = keys.filter((k) => !(k in LOCALES[tag]));
    assert.deepEqual(missing, [], `${tag} lacks translations`);
  }
});

// Every key is used: its name appears as a string literal ('cart.title', or
// data-i18n="cart.title" in HTML) in the widget's or the staff page's sources.
// Keys built at run time are listed here, each with where it is built; the
// codes (error.*, rejection.*, message.*) must be codes of the one list.
const DYNAMIC_KEYS = [
  // The checkout form's checks (form/*.mjs) state their problems as these English sentences;
  // the widget shows them in the shopper's words by messages.translated().
  'field.enter_name', 'field.enter_email', 'field.email_invalid', 'field.phone_invalid', 'field.enter_street',
  'field.enter_city', 'field.enter_postal', 'field.postal_invalid', 'field.choose_state', 'field.choose_region',
  // quote-read.mjs reasonSentences: `change.${reason}` for the reasons of a 409 diff (docs/formats.md).
  ...['price_changed', 'promotion_ended', 'promotion_used_up', 'promotion_changed', 'promotion_added', 'tax_changed',
    'shipping_changed', 'stock_at_location', 'total_changed', 'cart_changed', 'terms_changed'].map((r) => `change.${r}`),
];
const CODE_PREFIXES = { error: 'errors', rejection: 'rejection_reasons', message: 'messages' };

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== 'locales') out.push(...sourceFiles(path)); }
    else if (/\.(mjs|html)$/.test(entry.name)) out.push(path);
  }
  return out;
}

// The keys of `keys` that no source names, no listed pattern builds and no code is.
function unusedKeys(keys, sources, codes) {
  const literal = new Set();
  for (const m of sources.matchAll(/['"`]([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)['"`]/g)) literal.add(m[1]);
  const isCode = (key) => {
    const [kind, name] = key.split(/\.(.*)/s);
    return Boolean(codes && CODE_PREFIXES[kind] && codes[CODE_PREFIXES[kind]].some((c) => c.code === name));
  };
  return keys.filter((key) => !literal.has(key) && !DYNAMIC_KEYS.includes(key) && !isCode(key));
}

test('no key is unused: each appears in the sources, is built from a listed pattern, or is a code', () => {
  const sources = [...sourceFiles(resolve(repoRoot, 'web/checkout')), ...sourceFiles(resolve(repoRoot, 'web/demo'))]
    .map((file) => readFileSync(file, 'utf8')).join('\n');
  const codes = existsSync(codesPath) ? JSON.parse(readFileSync(codesPath, 'utf8')) : null;
  assert.ok(sources.length > 50_000, 'the widget and staff page sources were read');
  assert.deepEqual(unusedKeys(Object.keys(en), sources, codes), [], 'keys no source uses: remove them from every locale (or list a built key above)');
  const stale = DYNAMIC_KEYS.filter((key) => !(key in en));
  assert.deepEqual(stale, [], 'listed dynamic keys the catalog no longer has');
  // The check can fail: a key no source names and a code not on the list are reported.
  const codesList = { errors: [{ code: 'not_found' }], rejection_reasons: [], messages: [] };
  assert.deepEqual(unusedKeys(['staff.token', 'cart.title', 'error.not_found', 'error.gone'], "t('cart.title')", codesList),
    ['staff.token', 'error.gone']);
});

test('fallback chain: region, script, language, then English', () => {
  assert.deepEqual(fallbackChain('pl-PL'), ['pl-PL', 'pl', 'en']);
  assert.deepEqual(fallbackChain('zh-Hans-CN'), ['zh-Hans-CN', 'zh-Hans', 'zh', 'en']);
  assert.deepEqual(fallbackChain('en'), ['en']);
  assert.deepEqual(fallbackChain('not a tag!'), ['en']);
  assert.equal(resolveLocale('de-AT'), 'de');
  assert.equal(resolveLocale('ja-JP'), 'en');
});

test('a missing key falls back along the chain; the key itself when no catalog has it', () => {
  const m = createMessages({ locale: 'pl-PL', overrides: { 'pl-PL': { 'cart.title': 'Koszyk' }, en: { 'custom.note': 'Gift wrap included' } } });
  assert.equal(m.t('cart.title'), 'Koszyk', 'the merchant override of the exact tag wins');
  assert.equal(m.t('cart.empty'), 'Twój koszyk jest pusty.', 'then the shipped pl catalog');
  assert.equal(m.t('custom.note'), 'Gift wrap included', 'then English (override)');
  assert.equal(m.t('no.such.key'), 'no.such.key');
});

test('plurals follow Intl.PluralRules: Polish one / few / many', () => {
  const m = createMessages({ locale: 'pl' });
  assert.equal(m.t('cart.title_count', { count: 1 }), 'Twój koszyk (1 produkt)');
  assert.equal(m.t('cart.title_count', { count: 3 }), 'Twój koszyk (3 produkty)');
  assert.equal(m.t('cart.title_count', { count: 5 }), 'Twój koszyk (5 produktów)');
  assert.equal(m.t('cart.title_count', { count: 22 }), 'Twój koszyk (22 produkty)');
  assert.equal(createMessages({ locale: 'en' }).t('cart.title_count', { count: 1 }), 'Your cart (1 item)');
});

test('money, dates and times by Intl in the locale', () => {
  const pln = { currency: 'PLN', exponent: 2 };
  assert.equal(createMessages({ locale: 'pl-PL' }).t('summary.line', { name: 'Miód', total: 4499 }, pln).normalize('NFKC'), 'Miód: 44,99 zł');
  assert.equal(createMessages({ locale: 'en-US' }).t('cart.each', { price: 1999 }, { currency: 'USD', exponent: 2 }), '$19.99 each');
  assert.equal(createMessages({ locale: 'de-DE' }).t('pickup.ready_tomorrow', { time: '2026-10-26T10:45:00+01:00' }), 'morgen um 10:45');
  assert.match(createMessages({ locale: 'en-US' }).t('rejection.expired', { code: 'SUMMER', date: '2026-08-31' }), /^SUMMER expired on Mon, Aug 31\.$/);
  // The core's instants are shown on the reader's own day: 03:00 UTC is still the evening before in New York.
  const zone = process.env.TZ;
  try {
    process.env.TZ = 'America/New_York';
    assert.equal(createMessages({ locale: 'en-US' }).t('rejection.expired', { code: 'FALL', date: '2026-12-01T03:00:00Z' }), 'FALL expired on Mon, Nov 30.');
    process.env.TZ = 'Asia/Tehran';
    assert.equal(createMessages({ locale: 'en-US' }).t('rejection.expired', { code: 'FALL', date: '2026-12-01T03:00:00Z' }), 'FALL expired on Tue, Dec 1.');
  } finally {
    if (zone === undefined) delete process.env.TZ; else process.env.TZ = zone;
  }
});

test('direction: rtl for Persian, with inserted values isolated', () => {
  assert.equal(directionOf('fa-IR'), 'rtl');
  assert.equal(directionOf('pl'), 'ltr');
  assert.equal(directionOf('zh-Hans'), 'ltr');
  const fa = createMessages({ locale: 'fa' });
  assert.equal(fa.dir, 'rtl');
  assert.equal(fa.t('promo.applied', { code: 'WITAJ10' }), 'کد \u2068WITAJ10\u2069 اعمال شد.');
  assert.equal(createMessages({ locale: 'en' }).t('promo.applied', { code: 'WITAJ10' }), 'WITAJ10 applied.');
  // A Persian sentence inside another reads right to left (RLI), a Latin name is isolated by its own letters (FSI).
  const item = fa.t('summary.item', { quantity: 2, name: 'Tee' });
  assert.equal(item, '\u2068۲\u2069 × \u2068Tee\u2069');
  assert.ok(fa.t('summary.line', { name: item, total: 1250 }, { currency: 'USD', exponent: 2 }).startsWith(`\u2067${item}\u2069`));
});

test('parts keep DOM nodes (or any object) where the sentence puts them', () => {
  const node = { tag: 'span' };
  assert.deepEqual(createMessages({ locale: 'en' }).parts('confirm.order_number', { id: node }), ['Order number ', node]);
  assert.deepEqual(createMessages({ locale: 'de' }).parts('order.new_total', { total: node }), ['Neue Gesamtsumme: ', node]);
});

test('a code renders with its parameters, or falls back to the English text when one is missing', () => {
  const pl = createMessages({ locale: 'pl' });
  assert.equal(pl.code('rejection', 'cannot_combine', { code: 'A' }, {}, 'A cannot be combined with B.'), 'A cannot be combined with B.');
  assert.equal(pl.code('rejection', 'cannot_combine', { code: 'A', other: 'B' }, {}, 'x'), pl.t('rejection.cannot_combine', { code: 'A', other: 'B' }));
  assert.equal(pl.translated('Enter the city.'), pl.t('field.enter_city'));
  assert.equal(pl.translated({ key: 'field.postal_invalid', params: { example: '00-950' } }), pl.t('field.postal_invalid', { example: '00-950' }));
  assert.equal(pl.translated('Some sentence no catalog has.'), 'Some sentence no catalog has.');
});

test('codes of the core render in the shopper language, unknown codes keep the English text', () => {
  const pl = createMessages({ locale: 'pl-PL' });
  assert.equal(pl.code('message', 'tax_needs_destination'), 'VAT obliczymy, gdy poznamy adres dostawy.');
  assert.equal(pl.code('message', 'free_shipping_progress', { amount: 5105, method: 'InPost Paczkomat' }, { currency: 'PLN', exponent: 2 }).normalize('NFKC'),
    'Brakuje 51,05 zł do darmowej dostawy (InPost Paczkomat).');
  assert.equal(pl.code('message', 'a_future_code', {}, {}, 'PLN 1.00 away'), 'PLN 1.00 away');
});
