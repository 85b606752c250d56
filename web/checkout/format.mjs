// Locale formatting of the core's values. Money arrives as integer minor units
// plus the quote's exponent; it is turned into an exact decimal string and
// handed to Intl as a string (Intl.NumberFormat formats decimal strings
// exactly), so no binary float ever touches an amount.

// Building an Intl formatter loads locale data and costs far more than using
// one (the first NumberFormat was the widget's most expensive function at
// start-up): every formatter is built once per locale and options, then reused.
const formatters = new Map();

function cachedFormatter(Kind, locale, options) {
  const key = `${Kind.name}|${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Kind(locale, options);
    formatters.set(key, f);
  }
  return f;
}

const moneyFormats = new Map();  // the hot one (every amount): a cheaper key

function moneyFormat(locale, currency, exponent) {
  const key = `${locale}|${currency}|${exponent}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent,
    });
    moneyFormats.set(key, f);
  }
  return f;
}

const DAY = { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' };
const TIME = { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' };
const RELATIVE_DAY = { numeric: 'auto' };

// Builds the formatters the first render needs while the core and the
// catalog are still downloading (the main thread is idle then), so the
// locale data is loaded before the first quote instead of during it.
export function warmUpFormatters(locale, currency = 'USD') {
  try {
    moneyFormat(locale, currency, 2).format('0');
    cachedFormatter(Intl.DateTimeFormat, locale, DAY);
    cachedFormatter(Intl.DateTimeFormat, locale, TIME);
    cachedFormatter(Intl.RelativeTimeFormat, locale, RELATIVE_DAY);
  } catch {
    // A locale or currency Intl refuses: the real call reports it.
  }
}

// 1240, 2 -> "12.40"; -5, 2 -> "-0.05"; 500, 0 -> "500". Accepts number or bigint.
export function minorToDecimal(minor, exponent) {
  const big = BigInt(minor);
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return (negative ? '-' : '') + whole + (exponent > 0 ? `.${fraction}` : '');
}

export function formatMoney(minor, { locale, currency, exponent }) {
  return moneyFormat(locale, currency, exponent).format(minorToDecimal(minor, exponent));
}

// "2026-11-26" -> "Thu, Nov 26" in the locale (the date is a calendar date,
// so it is formatted in UTC to keep it from shifting a day).
export function formatDate(isoDate, locale) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return cachedFormatter(Intl.DateTimeFormat, locale, DAY).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatDateRange(earliest, latest, locale) {
  if (earliest === latest) return formatDate(earliest, locale);
  const fmt = cachedFormatter(Intl.DateTimeFormat, locale, DAY);
  const toDate = (iso) => { const [y, m, d] = iso.split('-').map(Number); return new Date(Date.UTC(y, m - 1, d)); };
  return fmt.formatRange(toDate(earliest), toDate(latest));
}

// ready_local "2026-11-22T16:00:00-05:00" is the store's wall-clock time.
// Returns { text: "today at 4:00 PM" | "tomorrow at 10:30 AM" | "Mon, Nov 24 at 10:00 AM", day, time, days }
// where "today" is judged in the store's own time zone at `nowMs`.
export function describeReadyTime(readyLocal, nowMs, locale) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):\d{2}(Z|([+-])(\d{2}):(\d{2}))$/.exec(readyLocal);
  if (!m) return null;
  const offsetMin = m[6] === 'Z' ? 0 : (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const wall = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
  const storeNow = new Date(nowMs + offsetMin * 60000);
  const dayNumber = (d) => Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 86400000);
  const days = dayNumber(wall) - dayNumber(storeNow);
  const time = cachedFormatter(Intl.DateTimeFormat, locale, TIME).format(wall);
  const rtf = cachedFormatter(Intl.RelativeTimeFormat, locale, RELATIVE_DAY);
  let day;
  if (days === 0 || days === 1) day = rtf.format(days, 'day');  // "today" / "tomorrow"
  else day = formatDate(readyLocal.slice(0, 10), locale);
  return { text: `${day} at ${time}`, day, time, days };
}

// A store's week as the catalog gives it ({ mon: [["10:00", "21:00"]], ... },
// the store's wall clock; an absent or empty day is closed) -> rows from
// Monday, consecutive days with the same intervals folded together:
// [{ days: "Mon – Sat", times: ["10:00 AM – 8:00 PM"] }, { days: "Sun", times: [] }]
// (times [] = closed). Day names and times in the locale.
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY = { weekday: 'short', timeZone: 'UTC' };
export function formatOpeningHours(hours, locale) {
  if (!hours || typeof hours !== 'object') return [];
  const dayName = (i) => cachedFormatter(Intl.DateTimeFormat, locale, WEEKDAY).format(new Date(Date.UTC(2026, 2, 2 + i)));  // 2026-03-02 is a Monday
  const clock = (hhmm) => {
    const [hh, mm] = String(hhmm).split(':').map(Number);
    return cachedFormatter(Intl.DateTimeFormat, locale, TIME).format(new Date(Date.UTC(2026, 2, 2, hh, mm)));
  };
  const intervals = (day) => (Array.isArray(hours[day]) ? hours[day] : []).map(([open, close]) => `${clock(open)} – ${clock(close)}`);
  const rows = [];
  WEEK.forEach((day, i) => {
    const times = intervals(day);
    const last = rows[rows.length - 1];
    if (last && last.key === times.join('|') && last.to === i - 1) last.to = i;
    else rows.push({ key: times.join('|'), from: i, to: i, times });
  });
  return rows.map(({ from, to, times }) => ({ days: from === to ? dayName(from) : `${dayName(from)} – ${dayName(to)}`, times }));
}

// Distance in the locale's customary unit (miles for en-US, en-GB... km elsewhere).
const milesRegion = new Map();

export function formatDistance(meters, locale) {
  let miles = milesRegion.get(locale);
  if (miles === undefined) {
    const region = (new Intl.Locale(locale).maximize().region) || '';
    miles = ['US', 'GB', 'LR', 'MM'].includes(region);
    milesRegion.set(locale, miles);
  }
  const value = miles ? meters / 1609.344 : meters / 1000;
  return cachedFormatter(Intl.NumberFormat, locale, {
    style: 'unit', unit: miles ? 'mile' : 'kilometer', maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}
