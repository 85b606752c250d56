// JSON helpers for the parity tests, written independently of the C++ core so
// they can check it: an exact parser (integers beyond 2^53 become BigInt, so
// nothing is rounded on the way) and the canonical form the core promises
// (object keys sorted by UTF-8 bytes, no whitespace, strings escaped as
// JSON.stringify / nlohmann do for UTF-8 output).

export function parseJsonExact(text) {
  let i = 0;
  const fail = (what) => { throw new SyntaxError(`${what} at offset ${i}`); };
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = {};
      ws();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected key');
        const key = string();
        ws();
        if (text[i++] !== ':') fail('expected :');
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key ${key}`);
        obj[key] = value();
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return obj; }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return arr; }
        fail('expected , or ]');
      }
    }
    if (c === '"') return string();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m) {
      i += m[0].length;
      if (m[2] || m[3]) return Number(m[0]);
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    return fail('unexpected character');
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

const utf8 = (s) => Buffer.from(s, 'utf8');

export function canonicalStringify(v) {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint': return v.toString();
    case 'number':
      if (!Number.isInteger(v)) throw new Error(`non-integer number ${v} in canonical JSON`);
      return String(v);
    case 'string': case 'boolean': return JSON.stringify(v);
    default: break;
  }
  if (Array.isArray(v)) return `[${v.map(canonicalStringify).join(',')}]`;
  const keys = Object.keys(v).sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalStringify(v[k])}`).join(',')}}`;
}

// Deep equality over parsed JSON (BigInt-aware); returns the first differing
// JSON Pointer, or null when equal.
export function firstDifference(a, b, path = '') {
  if (typeof a !== typeof b || (a === null) !== (b === null) || Array.isArray(a) !== Array.isArray(b)) return path || '/';
  if (a === null || typeof a !== 'object') return a === b ? null : path || '/';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    if (!(k in a) || !(k in b)) return `${path}/${k}`;
    const d = firstDifference(a[k], b[k], `${path}/${k}`);
    if (d !== null) return d;
  }
  return null;
}
