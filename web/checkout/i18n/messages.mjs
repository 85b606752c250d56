// The widget's message catalog: a locale's strings with a fallback chain
// (pl-PL -> pl -> en), merchant overrides, plurals by Intl.PluralRules, and
// money, numbers, dates, times and distances formatted by Intl.
//
//   const m = createMessages({ locale: 'pl-PL', overrides: { pl: { 'cart.title': 'Koszyk' } } });
//   m.t('cart.title_count', { count: 3 })                 // "Twój koszyk (3 produkty)"
//   m.t('shipping.free_progress', { amount: 1250, method: 'InPost' }, { currency: 'PLN', exponent: 2 })
//   m.dir                                                  // "ltr" | "rtl"
//
// Values: "{name}" inserts a parameter as text; "{name, money|number|date|time|datetime|distance}"
// formats it (money: minor units with money.currency/exponent; date: "YYYY-MM-DD" as
// written, or an instant's day in the reader's time zone;
// time: an ISO instant with offset, shown at its own wall time (a store's);
// datetime: an instant shown in the reader's time zone; distance: metres).
// A parameter that is an object (a DOM node) is kept as it is by parts().
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
// English sentence -> its key, for the parameterless messages (first key wins).
const ENGLISH_KEYS = new Map(Object.entries(en).filter(([, v]) => typeof v === 'string' && !v.includes('{')).reverse().map(([k, v]) => [v, k]));
const PDI = '\u2069';
const RLI = '\u2067';

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

// English, for the parts (order-words, places...) called without the shopper's words:
// node tests and callers that only need the reference text.
let english;
export function englishText(key, params = {}, money = {}) {
  english ??= createMessages({ locale: DEFAULT_LOCALE });
  return english.t(key, params, money);
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
        // An instant (the core's "2026-09-08T04:00:00Z"): its day where the reader is.
        if (String(value).length > 10) {
          return new Intl.DateTimeFormat(formatLocale, { weekday: 'short', month: 'short', day: 'numeric' }).format(new Date(value));
        }
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
      case 'datetime':
        // An instant in the reader's own time zone ("Mon 4:05 PM"): when a staff member sees an order arrive.
        return new Intl.DateTimeFormat(formatLocale, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(value));
      default: return String(value);
    }
  }

  function pick(value, params) {
    return typeof value === 'object' ? value[plurals.select(Number(params.count ?? 0))] ?? value.other : value;
  }

  // The message for `key` with `params` filled in; the key itself when no catalog has it
  // (visible, never a crash). `money` = { currency, exponent } for {x, money}.
  function t(key, params = {}, money = {}) {
    return parts(key, params, money).join('');
  }

  // The same as pieces: a parameter that is a DOM node (an order number in its
  // own <span>, a link) stays a node, so a view can put it inside the sentence
  // wherever the language puts it.
  function parts(key, params = {}, money = {}) {
    const value = lookup(key);
    if (value === undefined) return [key];
    const out = [];
    let last = 0;
    const text = pick(value, params);
    for (const m of text.matchAll(/\{(\w+)(?:,\s*(\w+))?\}/g)) {
      out.push(text.slice(last, m.index));
      last = m.index + m[0].length;
      const [whole, name, kind] = m;
      if (!(name in params)) { out.push(whole); continue; }
      const param = params[name];
      if (param !== null && typeof param === 'object') { out.push(param); continue; }
      const shown = formatValue(param, kind, money);
      // A value that is itself a message of this locale (it holds isolates)
      // reads right to left: FSI would see no strong letter outside its
      // inner isolates and lay it out left to right.
      if (dir === 'rtl') out.push((shown.includes(FSI) ? RLI : FSI) + shown + PDI);
      else out.push(shown);
    }
    out.push(text.slice(last));
    return out.filter((piece) => piece !== '');
  }

  // A code of the core or the server ({code, params}) in the shopper's language:
  // kind is "error", "rejection" or "message". An unknown code, or a message
  // whose parameters did not all come with it, falls back to `fallback` (the
  // English text the core or server sent), never to a sentence with holes.
  function code(kind, codeName, params = {}, money = {}, fallback = '') {
    const key = `${kind}.${codeName}`;
    const value = lookup(key);
    if (value === undefined) return fallback;
    const needed = placeholdersOf(value).map((p) => p.split(':')[0]);
    if (fallback && !needed.every((name) => params[name] !== undefined && params[name] !== null)) return fallback;
    return t(key, params, money);
  }

  // A problem some part still states as an English sentence of the catalog
  // (or already as { key, params }), in the shopper's words; other text as it is.
  function translated(problem, money = {}) {
    if (problem && typeof problem === 'object') return t(problem.key, problem.params ?? {}, money);
    const key = ENGLISH_KEYS.get(problem);
    return key ? t(key, {}, money) : problem;
  }

  return { locale: requested, chain, dir, t, parts, code, translated, has: (key) => lookup(key) !== undefined };
}
