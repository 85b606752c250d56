#!/usr/bin/env node
// Instructions per quote from a callgrind profile of
//   core_bench --profile=WORKLOAD --iterations=N
// run with --toggle-collect='checkout::Engine::quote*' (scripts/bench.sh does
// this). Instruction counts do not depend on machine load, so they are the
// repeatable figures on a busy machine. Output: per-stage inclusive counts
// and the functions with the most instructions of their own.
//
//   node bench/callgrind_summary.mjs FILE WORKLOAD N >> out.json
import { execFileSync } from 'node:child_process';

const [file, workload, n] = process.argv.slice(2);
const iterations = Number(n);
const annotate = (extra) => execFileSync('callgrind_annotate', ['--threshold=100', ...extra, file], { encoding: 'utf8', maxBuffer: 64 << 20 });

// "1,234,567 (12.3%)  ???:checkout::write_quote[abi:cxx11](...) [/path]" -> [count, name]
function rows(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(?:\S*?:)?(.+?)(?:\s+\[\/.*\])?$/.exec(line);
    if (m) out.push([Number(m[1].replace(/,/g, '')), m[2]]);
  }
  return out;
}

const inclusive = rows(annotate(['--inclusive=yes']));
const self = rows(annotate([]));
const total = inclusive.find(([, name]) => /^checkout::Engine::quote\b/.test(name))?.[0] ?? 0;

// Stage -> the function whose inclusive count measures it.
const STAGES = [
  ['parse (request JSON)', /^checkout::parse_json_strict\b/],
  ['load cart', /^checkout::load_cart\b/],
  ['load context', /^checkout::load_context\b/],
  ['promotions', /^checkout::apply_promotions\b/],
  ['shipping', /^checkout::quote_shipping\b/],
  ['pickup', /^checkout::quote_pickup\b/],
  ['tax', /^checkout::compute_tax\b/],
  ['totals', /^checkout::compute_totals\b/],
  ['write_quote (the text and its typed view)', /^checkout::write_quote\b/],
  ['  write_binding (the bound part)', /^checkout::\(anonymous namespace\)::write_binding\b/],
  ['fingerprinted_text (hash + splice)', /^checkout::PricedQuote::fingerprinted_text\b/],
  ['  sha256_hex (fingerprint, over the binding)', /^checkout::sha256_hex\b/],
  ['malloc + free (everywhere)', null],
];
const per = (x) => Math.round(x / iterations);

// Readable C++ names: nlohmann's basic_json<...> is "json", std::string is itself.
function shorten(name) {
  let s = name.replace(/nlohmann::json_abi_v[\d_]+::/g, 'nlohmann::')
    .replace(/std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >/g, 'std::string');
  for (let at = s.indexOf('basic_json<'); at >= 0; at = s.indexOf('basic_json<')) {
    let depth = 0;
    let end = at + 'basic_json'.length;
    for (; end < s.length; ++end) {
      if (s[end] === '<') ++depth;
      else if (s[end] === '>' && --depth === 0) break;
    }
    s = `${s.slice(0, at)}json${s.slice(end + 1)}`;
  }
  return s.length > 150 ? `${s.slice(0, 147)}...` : s;
}
const stages = STAGES.map(([name, re]) => {
  let count;
  if (re) count = inclusive.find(([, f]) => re.test(f))?.[0] ?? 0;
  else count = self.filter(([, f]) => /^(malloc|free|_int_malloc|_int_free|malloc_consolidate|operator new|operator delete|cfree)\b/.test(f)).reduce((t, [c]) => t + c, 0);
  return { stage: name, instructions: per(count), share: total ? count / total : 0 };
});
const top = self.filter(([, f]) => !/PROGRAM TOTALS/.test(f)).slice(0, 15)
  .map(([c, f]) => ({ function: shorten(f), instructions: per(c), share: total ? c / total : 0 }));

console.log(JSON.stringify({ workload, iterations, instructions_per_quote: per(total), stages, top_self: top }));
