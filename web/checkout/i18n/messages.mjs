// The widget's message catalog: a locale's strings with a fallback chain
// (pl-PL -> pl -> en), merchant overrides, plurals by Intl.PluralRules, and
// money, numbers, dates, times and distances formatted by Intl.
//
//   const m = createMessages({ locale: 'pl-PL', overrides: { pl: { 'cart.title': 'Koszyk' } } });
//   m.t('cart.title_count', { count: 3 })                 // "Twój koszyk (3 produkty)"
//   m.t('shipping.free_progress', { amount: 1250, method: 'InPost' }, { currency: 'PLN', exponent: 2 })
//   m.dir                                                  // "ltr" | "rtl"
//
// Values: "{name}" inserts a parameter as text; "{name, money|number|date|time|distance}"
// formats it (money: minor units with money.currency/exponent; date: "YYYY-MM-DD";
// time: an ISO instant with offset, shown at its own wall time; distance: metres).
// An object value holds plural forms chosen with `count`. In right-to-left locales
// every inserted value is wrapped in FSI…PDI so numbers and Latin names keep their order.
import de from './locales/de.mjs';
import en from './locales/en.mjs';
import fa from './locales/fa.mjs';
import hy from './locales/hy.mjs';
import pl from './locales/pl.mjs';
import zh from './locales/zh.mjs';
import { formatDistance, formatMoney } from '../format.mjs';

// Locale tag -> catalog. `zh` is Simplified Chinese (zh-CN, zh-Hans, zh-SG reach it).
export const LOCALES = Object.freeze({ en, pl, fa, hy, zh, de });
export const DEFAULT_LOCALE = 'en';

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'ckb', 'dv', 'sd', 'ug', 'yi']);
const FSI = '\u2068';
const PDI = '\u2069';

// "pl-PL" -> ["pl-PL", "pl", "en"]; "zh-Hans-CN" -> ["zh-Hans-CN", "zh-Hans", "zh", "en"].
export function fallbackChain(locale) {
  const chain = [];
  let tag = canonicalTag(locale);
  while (tag) {
    chain.push(tag);
    const cut = tag.lastIndexOf('-');
    tag = cut > 0 ? tag.slice(0, cut) : '';
  }
  if (!chain.includes(DEFAULT_LOCALE)) chain.push(DEFAULT_LOCALE);
  return chain;
}

function canonicalTag(locale) {
  if (!locale) return '';
  try { return Intl.getCanonicalLocales(String(locale))[0] ?? ''; } catch { return ''; }
}

// "rtl" for Persian, Arabic, Hebrew, Urdu...; "ltr" otherwise.
export function directionOf(locale) {
  const language = canonicalTag(locale).split('-')[0];
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}

// The first shipped locale of the chain: the one whose plural rules and formats apply.
export function resolveLocale(locale) {
  return fallbackChain(locale).find((tag) => tag in LOCALES) ?? DEFAULT_LOCALE;
}

// Every "{name}" or "{name, kind}" of a message (all plural forms together), sorted.
export function placeholdersOf(value) {
  const texts = typeof value === 'string' ? [value] : Object.values(value);
  const names = new Set();
  for (const text of texts) for (const m of text.matchAll(/\{(\w+)(?:,\s*(\w+))?\}/g)) names.add(m[2] ? `${m[1]}:${m[2]}` : m[1]);
  return [...names].sort();
}

export function createMessages({ locale, overrides = {} } = {}) {
  const requested = canonicalTag(locale) || DEFAULT_LOCALE;
  const chain = fallbackChain(requested);
  // Merchant overrides first, tag by tag, then the shipped catalog of the same tag.
  const layers = [];
  for (const tag of chain) {
    if (overrides[tag]) layers.push(overrides[tag]);
    if (LOCALES[tag]) layers.push(LOCALES[tag]);
  }
  const formatLocale = requested;
  const dir = directionOf(requested);
  const plurals = new Intl.PluralRules(resolveLocale(requested));

  function lookup(key) {
    for (const layer of layers) if (Object.prototype.hasOwnProperty.call(layer, key)) return layer[key];
    return undefined;
  }

  function formatValue(value, kind, money) {
    switch (kind) {
      case 'money': return formatMoney(value, { locale: formatLocale, currency: money.currency, exponent: money.exponent ?? 2 });
      case 'number': return new Intl.NumberFormat(formatLocale).format(value);
      case 'distance': return formatDistance(value, formatLocale);
      case 'date': {
        const [y, m, d] = String(value).slice(0, 10).split('-').map(Number);
        return new Intl.DateTimeFormat(formatLocale, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' })
          .format(new Date(Date.UTC(y, m - 1, d)));
      }
      case 'time': {
        // The wall time written in the instant ("2026-10-26T10:45:00+01:00" -> 10:45).
        const wall = /T(\d{2}):(\d{2})/.exec(String(value));
        const date = new Date(Date.UTC(2000, 0, 1, Number(wall?.[1] ?? 0), Number(wall?.[2] ?? 0)));
        return new Intl.DateTimeFormat(formatLocale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(date);
      }
      default: return String(value);
    }
  }

  // The message for `key` with `params` filled in; the key itself when no catalog has it
  // (visible, never a crash). `money` = { currency, exponent } for {x, money}.
  function t(key, params = {}, money = {}) {
    let value = lookup(key);
    if (value === undefined) return key;
    if (typeof value === 'object') value = value[plurals.select(Number(params.count ?? 0))] ?? value.other;
    return value.replace(/\{(\w+)(?:,\s*(\w+))?\}/g, (whole, name, kind) => {
      if (!(name in params)) return whole;
      const text = formatValue(params[name], kind, money);
      return dir === 'rtl' ? FSI + text + PDI : text;
    });
  }

  // A code of the core or the server ({code, params}) in the shopper's language:
  // kind is "error", "rejection" or "message"; unknown codes fall back to `fallback`.
  function code(kind, codeName, params = {}, money = {}, fallback = '') {
    const key = `${kind}.${codeName}`;
    return lookup(key) === undefined ? fallback : t(key, params, money);
  }

  return { locale: requested, chain, dir, t, code, has: (key) => lookup(key) !== undefined };
}
