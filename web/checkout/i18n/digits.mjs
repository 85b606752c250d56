// Digits as people type them: Persian (۰-۹), Arabic-Indic (٠-٩) and full-width
// (０-９) digits become ASCII 0-9, so "۱۲" in a quantity field is 12 and "００-９５０"
// a Polish postal code. Only digits change (and the full-width hyphen-minus, which
// CJK keyboards type inside postal codes); every other character is kept as it is.
const RANGES = [
  [0x06f0, 0x06f9], // Extended Arabic-Indic (Persian, Urdu)
  [0x0660, 0x0669], // Arabic-Indic
  [0xff10, 0xff19], // Full-width
];
const FULLWIDTH_HYPHEN = '\uff0d';

export function normalizeDigits(text) {
  let out = '';
  for (const ch of String(text ?? '')) {
    const cp = ch.codePointAt(0);
    const range = RANGES.find(([lo, hi]) => cp >= lo && cp <= hi);
    if (range) out += String(cp - range[0]);
    else if (ch === FULLWIDTH_HYPHEN) out += '-';
    else out += ch;
  }
  return out;
}

// A quantity field's text -> a whole number >= 0, or null when it is not one
// ("۳" -> 3, " ３ " -> 3, "2.5" -> null, "" -> null).
export function parseQuantityInput(text) {
  const s = normalizeDigits(text).trim();
  if (!/^\d{1,7}$/.test(s)) return null;
  return Number(s);
}
