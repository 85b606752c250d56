// Languages load on demand: the catalogs other than English are fetched when a
// locale's chain needs them (web/checkout/i18n/messages.mjs), and the merchant
// bundle (scripts/build-web.mjs -> web/dist) holds English only, each other
// catalog a content-hashed chunk that manifest.json lists with its integrity.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  createMessages, isLocaleLoaded, loadCatalog, loadLocale, loadMessages, SHIPPED_LOCALES,
} from '../../web/checkout/i18n/messages.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(repo, 'web/dist');
const catalogOf = async (tag) => (await import(`../../web/checkout/i18n/locales/${tag}.mjs`)).default;

// (This file runs in its own process: nothing has loaded a catalog before this test.)
test('a locale\'s words are English until its catalog is loaded, then its own', async () => {
  const early = createMessages({ locale: 'pl-PL' });
  assert.equal(early.complete, false);
  assert.equal(early.t('cart.empty'), 'Your cart is empty.');
  assert.equal(isLocaleLoaded('pl-PL'), false);
  await loadLocale('pl-PL');
  assert.equal(isLocaleLoaded('pl-PL'), true);
  const m = createMessages({ locale: 'pl-PL', overrides: { pl: { 'cart.title': 'Koszyk' } } });
  assert.equal(m.complete, true);
  assert.equal(m.t('cart.empty'), 'Twój koszyk jest pusty.');
  assert.equal(m.t('cart.title'), 'Koszyk', 'merchant overrides still win');
  assert.equal(m.t('cart.title_count', { count: 5 }), 'Twój koszyk (5 produktów)', 'Polish plural rules');
  assert.equal(isLocaleLoaded('fa'), false, 'only the chain asked for was fetched');
  assert.equal((await loadMessages({ locale: 'fa-IR' })).t('cart.empty'), (await catalogOf('fa'))['cart.empty']);
  assert.equal(isLocaleLoaded('ja-JP'), true, 'a locale without a catalog needs English only');
  await assert.rejects(loadCatalog('xx'), RangeError);
});

function readManifest() {
  assert.ok(existsSync(join(dist, 'manifest.json')), 'web/dist is built by scripts/setup.sh (node scripts/build-web.mjs)');
  return JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
}

// Pieces of the catalog's sentences long enough not to be found by chance.
function fragments(catalog) {
  return Object.values(catalog).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))
    .flatMap((text) => text.split(/[{}"'\\`]/)).map((f) => f.trim()).filter((f) => f.length >= 12);
}

// esbuild writes non-ASCII letters of the bundle as \xHH or \uXXXX; read them as letters.
const unescaped = (js) => js.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g,
  (_, a, b, c) => String.fromCodePoint(parseInt(a ?? b ?? c, 16)));

test('the bundle holds English and no Polish or Persian sentence', async () => {
  const manifest = readManifest();
  const js = unescaped(readFileSync(join(dist, manifest.bundle.file), 'utf8'));
  const en = await catalogOf('en');
  for (const f of fragments(en)) assert.ok(js.includes(f), `English in the bundle: ${f}`);
  for (const tag of ['pl', 'fa']) {
    const english = new Set(fragments(en));
    const own = fragments(await catalogOf(tag)).filter((f) => !english.has(f));
    assert.ok(own.length > 100, `${tag}: enough sentences to look for`);
    for (const f of own) assert.ok(!js.includes(f), `${tag} in the bundle: ${f}`);
  }
});

test('each locale chunk is in the manifest with its integrity, and the bundle imports exactly those', async () => {
  const manifest = readManifest();
  const others = SHIPPED_LOCALES.filter((tag) => tag !== 'en');
  assert.deepEqual(Object.keys(manifest.locales).sort(), [...others].sort());
  const onDisk = readdirSync(dist).filter((f) => f.startsWith('locale-')).sort();
  assert.deepEqual(onDisk, Object.values(manifest.locales).map((l) => l.file).sort(), 'no chunk the manifest does not list');
  const js = readFileSync(join(dist, manifest.bundle.file), 'utf8');
  const imported = [...js.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]).sort();
  assert.deepEqual(imported, Object.values(manifest.locales).map((l) => l.file).sort());
  for (const tag of others) {
    const { file, integrity, bytes } = manifest.locales[tag];
    const data = readFileSync(join(dist, file));
    const sha256 = createHash('sha256').update(data).digest('hex');
    assert.equal(file, `locale-${tag}.${sha256.slice(0, 16)}.mjs`, 'named by its content, so cached for a year');
    assert.equal(integrity, `sha384-${createHash('sha384').update(data).digest('base64')}`);
    assert.equal(bytes, data.length);
    const chunk = (await import(join(dist, file))).default;
    assert.deepEqual(chunk, await catalogOf(tag), `${tag}: the chunk is the catalog`);
  }
  assert.equal(readFileSync(join(dist, manifest.bundle.stable), 'utf8'), js, 'the stable name imports the same chunks');
});
