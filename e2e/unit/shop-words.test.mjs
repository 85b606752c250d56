// The demo shop's own words (web/demo/shop-words.mjs): every language has the
// English keys (categories aside), the plural forms its Intl.PluralRules needs
// and the same placeholders; Polish counts read right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shopTables, shopWords } from '../../web/demo/shop-words.mjs';

const tables = shopTables();
const placeholders = (value) => [...new Set((typeof value === 'string' ? [value] : Object.values(value))
  .flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

for (const [tag, table] of Object.entries(tables)) {
  test(`${tag}: the English keys, its plural forms, English placeholders`, () => {
    const words = Object.keys(table).filter((k) => !k.startsWith('demo.category_'));
    assert.deepEqual(words.filter((k) => !(k in tables.en)), []);
    assert.deepEqual(Object.keys(tables.en).filter((k) => !(k in table)), []);
    const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
    for (const key of words) {
      const value = table[key];
      assert.equal(typeof value, typeof tables.en[key], key);
      if (typeof value === 'object') assert.deepEqual(Object.keys(value).sort(), [...categories].sort(), key);
      assert.deepEqual(placeholders(value), placeholders(tables.en[key]), key);
    }
  });
}

test('pl: counts of stores and products', () => {
  const pl = shopWords('pl-PL');
  assert.equal(pl.language, 'pl');
  assert.deepEqual([1, 2, 5, 22].map((count) => pl.t('demo.stock_later', { count })), [
    'Do odbioru w 1 sklepie (nie dziś).', 'Do odbioru w 2 sklepach (nie dziś).',
    'Do odbioru w 5 sklepach (nie dziś).', 'Do odbioru w 22 sklepach (nie dziś).',
  ]);
  assert.deepEqual([1, 2, 5, 22].map((count) => pl.t('demo.cart_link_label', { count })),
    ['Koszyk, 1 produkt', 'Koszyk, 2 produkty', 'Koszyk, 5 produktów', 'Koszyk, 22 produkty']);
  assert.equal(pl.category('ksiazki'), 'książki');
});

test('a language without a table reads English', () => {
  const fa = shopWords('fa-IR');
  assert.equal(fa.language, 'en');
  assert.equal(fa.t('demo.cart_link_label', { count: 1 }), 'Cart, 1 item');
  assert.equal(fa.category('gift-cards'), 'gift cards');
});
