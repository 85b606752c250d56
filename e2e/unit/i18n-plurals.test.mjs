// Counts in Polish take one of three forms (1 dzień, 2 dni, 5 dni, 22 dni;
// 1 sekundę, 2 sekundy, 5 sekund, 22 sekundy): each message with a count,
// rendered at 1, 2, 5 and 22, and server errors said by code and params.
// The expected sentences are written out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shownErrorParams } from '../../web/checkout/i18n/error-params.mjs';
import { loadMessages } from '../../web/checkout/i18n/messages.mjs';

const pl = await loadMessages({ locale: 'pl-PL' });
const en = await loadMessages({ locale: 'en-US' });
const de = await loadMessages({ locale: 'de-DE' });
const COUNTS = [1, 2, 5, 22];
const rendered = (m, key, params = {}) => COUNTS.map((count) => m.t(key, { ...params, count }));

test('pl: the pickup hold on the confirmation counts days (dzień, dni)', () => {
  const intro = 'Przy odbiorze podaj numer zamówienia (PL-7) i pokaż dokument tożsamości. Zamówienia czekają';
  assert.deepEqual(rendered(pl, 'confirm.bring_id', { id: 'PL-7' }), [
    `${intro} 1 dzień.`, `${intro} 2 dni.`, `${intro} 5 dni.`, `${intro} 22 dni.`,
  ]);
});

test('pl: a wait in seconds (sekundę, sekundy, sekund)', () => {
  assert.deepEqual(rendered(pl, 'error.rate_limited'), [
    'Zbyt wiele prób. Odczekaj 1 sekundę i spróbuj ponownie.',
    'Zbyt wiele prób. Odczekaj 2 sekundy i spróbuj ponownie.',
    'Zbyt wiele prób. Odczekaj 5 sekund i spróbuj ponownie.',
    'Zbyt wiele prób. Odczekaj 22 sekundy i spróbuj ponownie.',
  ]);
});

test('pl: the other counted messages', () => {
  assert.deepEqual(rendered(pl, 'cart.title_count'),
    ['Twój koszyk (1 produkt)', 'Twój koszyk (2 produkty)', 'Twój koszyk (5 produktów)', 'Twój koszyk (22 produkty)']);
  assert.deepEqual(rendered(pl, 'checkout.correct_fields'), ['Popraw 1 pole.', 'Popraw 2 pola.', 'Popraw 5 pól.', 'Popraw 22 pola.']);
  assert.deepEqual(rendered(pl, 'staff.extend_hold'),
    ['Przedłuż o 1 dzień', 'Przedłuż o 2 dni', 'Przedłuż o 5 dni', 'Przedłuż o 22 dni']);
  assert.deepEqual(rendered(pl, 'staff.new_orders'), [
    '1 nowe zamówienie do odbioru.', '2 nowe zamówienia do odbioru.', '5 nowych zamówień do odbioru.', '22 nowe zamówienia do odbioru.',
  ]);
  assert.deepEqual(rendered(pl, 'pickup.show_all_stores'),
    ['Pokaż 1 sklep', 'Pokaż wszystkie 2 sklepy', 'Pokaż wszystkie 5 sklepów', 'Pokaż wszystkie 22 sklepy']);
});

test('en and de: one day, several days', () => {
  assert.match(en.t('confirm.bring_id', { id: 'X', count: 1 }), /held for 1 day\.$/);
  assert.match(en.t('confirm.bring_id', { id: 'X', count: 7 }), /held for 7 days\.$/);
  assert.match(de.t('error.rate_limited', { count: 1 }), /warte 1 Sekunde und/);
  assert.match(de.t('error.rate_limited', { count: 30 }), /warte 30 Sekunden und/);
});

// A server error ({code, message, params}) in the shopper's words: the SKU
// becomes the product's title, the store id its name, retry_after the count.
const names = { productTitle: (sku) => ({ 'PL-DZBANEK': 'Dzbanek ceramiczny' })[sku], storeName: (id) => ({ 'warszawa-nowy-swiat': 'Pracownia Wisła – Nowy Świat' })[id] };
const say = (m, e) => m.code('error', e.code, shownErrorParams(e.params, names), {}, e.message);

test('server errors by code and params, in Polish', () => {
  assert.equal(say(pl, { code: 'quantity_too_large', message: 'At most 3 of "PL-DZBANEK" can be ordered at once.', params: { max: 3, sku: 'PL-DZBANEK' } }),
    'Jednorazowo można zamówić najwyżej 3 szt.: Dzbanek ceramiczny.');
  assert.equal(say(pl, { code: 'not_pickup_eligible', message: 'x', params: { sku: 'PL-DZBANEK' } }),
    'Produktu Dzbanek ceramiczny nie można odebrać w sklepie.');
  assert.equal(say(pl, { code: 'rate_limited', message: 'x', params: { retry_after: 5 } }),
    'Zbyt wiele prób. Odczekaj 5 sekund i spróbuj ponownie.');
  assert.equal(say(pl, { code: 'insufficient_stock', message: 'x', params: { sku: 'PL-DZBANEK', available: 1, requested: 2, store: 'warszawa-nowy-swiat' } }),
    'Za mało sztuk w magazynie: Dzbanek ceramiczny.');
  // An unknown SKU is named as it was sent.
  assert.equal(say(pl, { code: 'not_pickup_eligible', message: 'x', params: { sku: 'PL-NOWY' } }), 'Produktu PL-NOWY nie można odebrać w sklepie.');
  // Without the params its sentence needs, the English text the server sent.
  assert.equal(say(pl, { code: 'rate_limited', message: 'Too many unknown coupon codes; try again in 5 s.' }),
    'Too many unknown coupon codes; try again in 5 s.');
});
