#!/usr/bin/env node
// Size profile of the core's .wasm: which functions, and which parts of the
// source (nlohmann/json, libc++, Embind, each core translation unit), make up
// its bytes. Needs a module linked with function names (emcc --profiling-funcs,
// which keeps the name section and changes no code); --link makes one from the
// objects of build/wasm with the shipped link flags (wasm/CMakeLists.txt).
//
//   node bench/wasm_size_profile.mjs --link              # relink build/wasm's objects with names, then profile
//   node bench/wasm_size_profile.mjs FILE.wasm [--top N] [--json OUT]
//
// Grouping, by the function's mangled name: its leading scope decides
// (nlohmann::, std::, emscripten::); a checkout:: or file-local function goes
// to the core translation unit whose object defines it (llvm-nm over the
// bitcode objects); what is left is the C/C++ runtime (malloc, libc++abi,
// exception and RTTI support). "gzip" per group is the group's function
// bodies concatenated and compressed alone: a guide to its share, not a sum
// that adds up to the module's gzip size.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const wasmBuild = resolve(opt('--build-dir', join(repo, 'build/wasm')));
const top = Number(opt('--top', 40));
const jsonOut = opt('--json', null);

// --- optional: relink the shipped browser module's objects with names ------
function linkWithNames() {
  const dir = join(wasmBuild, 'wasm');
  const linkTxt = join(dir, 'CMakeFiles/checkout-core.dir/link.txt');
  if (!existsSync(linkTxt)) throw new Error(`no ${linkTxt}: cmake --preset wasm && cmake --build --preset wasm first`);
  const out = join(repo, 'build/wasm-size-profile/checkout-core.mjs');
  mkdirSync(dirname(out), { recursive: true });
  const argv = readFileSync(linkTxt, 'utf8').trim().split(/\s+/);
  const oi = argv.indexOf('-o');
  argv[oi + 1] = out;
  argv.push('--profiling-funcs');
  execFileSync(argv[0], argv.slice(1), { cwd: dir, stdio: 'inherit', env: { ...process.env, NODE_PATH: '/usr/share/nodejs' } });
  return out.replace(/\.mjs$/, '.wasm');
}

const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--top', '--json', '--build-dir'].includes(args[i - 1])));
const wasmFile = args.includes('--link') ? linkWithNames() : positional[0];
if (!wasmFile) {
  console.error('usage: node bench/wasm_size_profile.mjs (--link | FILE.wasm) [--top N] [--json OUT] [--build-dir build/wasm]');
  process.exit(2);
}

// --- the wasm binary: sections, function bodies, names ----------------------
const bytes = readFileSync(wasmFile);
let pos = 0;
const u32 = () => {
  let result = 0, shift = 0, b;
  do { b = bytes[pos++]; result |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  return result >>> 0;
};
const str = () => { const n = u32(); const s = bytes.toString('utf8', pos, pos + n); pos += n; return s; };

const SECTION = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];
const sections = [];
let importedFunctions = 0;
const bodies = [];  // {index, start, size}
const names = new Map();
pos = 8;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const start = pos;
  const end = start + size;
  let label = SECTION[id] ?? `section ${id}`;
  if (id === 0) {
    label = `custom "${str()}"`;
    if (label === 'custom "name"') {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          for (let n = u32(); n > 0; n--) { const idx = u32(); names.set(idx, str()); }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    for (let n = u32(); n > 0; n--) {
      str(); str();
      const kind = bytes[pos++];
      if (kind === 0) { u32(); importedFunctions++; }
      else if (kind === 1) { pos++; const flags = u32(); u32(); if (flags & 1) u32(); }
      else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; u32(); }
    }
  } else if (id === 10) {
    const count = u32();
    for (let i = 0; i < count; i++) {
      const size = u32();
      bodies.push({ index: importedFunctions + i, start: pos, size });
      pos += size;
    }
  }
  sections.push({ label, size });
  pos = end;
}
if (names.size === 0) {
  console.error(`${wasmFile} has no function names: link with --profiling-funcs (or use --link)`);
  process.exit(1);
}

// --- which core translation unit defines a symbol ---------------------------
// Names in the module are demangled (and llvm-cxxfilt finishes the few that
// are not); llvm-nm --demangle prints the objects' symbols the same way.
const tuOf = new Map();  // demangled name -> unit, or '' when several units define it
function indexObjects(dir, label = (f) => f.replace(/\.o$/, '')) {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.o'))) {
    const listing = execFileSync('llvm-nm', ['--defined-only', '--demangle', join(dir, f)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    for (const line of listing.split('\n')) {
      const m = line.match(/^\S+\s+[Tt]\s+(.+)$/);  // W/w (inline, templates): no single owner
      if (!m) continue;
      const prev = tuOf.get(m[1]);
      tuOf.set(m[1], prev === undefined || prev === label(f) ? label(f) : '');
    }
  }
}
indexObjects(join(wasmBuild, 'shared-core/CMakeFiles/checkout_core.dir/src'));
indexObjects(join(wasmBuild, 'wasm/CMakeFiles/checkout-core.dir'), () => 'bindings.cpp (Embind glue)');

const demangled = (() => {
  const list = bodies.map((b) => names.get(b.index) ?? `#${b.index}`);
  const out = execFileSync('llvm-cxxfilt', [], { input: list.join('\n'), encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n');
  return new Map(list.map((n, i) => [n, out[i].replace(/ \(\.[\w.]+\)$|\.\d+$/, '')]));
})();

// The scope that owns a function: its qualified name without template
// arguments, parameters or return type ("void std::__2::sort<...>(...)" -> "std::__2::sort").
function owner(name) {
  let s = name.replace(/\(anonymous namespace\)/g, '{anon}').replace(/operator\S*/g, 'operator');
  for (let prev = ''; prev !== s;) { prev = s; s = s.replace(/<[^<>]*>/g, ''); }
  const paren = s.indexOf('(');
  return (paren >= 0 ? s.slice(0, paren) : s).trim().split(' ').pop();
}
const IOSTREAM = /basic_(?:i|o|io)stream|basic_streambuf|basic_stringbuf|stringstream|ios_base|basic_ios\b|locale|ctype|num_put|num_get|numpunct|codecvt|money_|time_put|time_get|collate<|__stdoutbuf|__stdinbuf/;
const STDIO = /^(?:printf_core|v?s?n?printf|fmt_[a-z]+|pad|out|getint|pop_arg|sn_write|__towrite|wctomb|wcrtomb|strtox|scanexp|decfloat|hexfloat|__floatscan|__intscan|__shgetc|__shlim|strto[a-z]*|fmodl|frexpl?|scalbnl?|copysignl|fmt_fp)$/;
const SOFTFLOAT = /^__(?:add|sub|mul|div|ext|trunc|float|fix|le|ge|eq|ne|lt|gt|unord|ashl|ashr|lshr|mul|div|mod|udiv|umod)[a-z]*[tdsx]?f?[0-9]$|tf2$|tf3$|ti3$/;
function groupOf(mangled) {
  const name = demangled.get(mangled) ?? mangled;
  const scope = owner(name);
  if (scope.startsWith('nlohmann::')) return 'nlohmann/json';
  if (scope.startsWith('std::')) {
    if (name.includes('nlohmann::')) return 'std:: over nlohmann types';
    if (IOSTREAM.test(name)) return 'std:: iostream/locale';
    if (name.includes('checkout::')) return 'std:: over core types (sort, containers)';
    return 'std:: strings, containers, other';
  }
  if (scope.startsWith('emscripten::') || /embind|EmscriptenBindingInitializer/.test(name)) return 'Embind runtime';
  const tu = tuOf.get(name);
  if (tu) return tu.startsWith('bindings') ? tu : `core: ${tu}`;
  if (scope.startsWith('checkout::') || scope.startsWith('{anon}::')) return 'core: inline, shared by several units';
  if (/__cxa|__cxxabiv1|_Unwind|typeinfo|type_info|__dynamic_cast|demangling_|terminate|abort_message|__gxx/.test(name)) return 'C++ ABI: exceptions, RTTI';
  if (STDIO.test(scope)) return 'libc: printf, strtod';
  if (SOFTFLOAT.test(scope)) return 'compiler-rt: long double, 128-bit integers';
  if (/malloc|free|dispose_chunk|sbrk|operator new|operator delete|memalign|emmalloc|claim_more_memory|attempt_allocate|free_list/.test(name)) return 'libc: malloc';
  return 'libc and runtime: string.h, ctors, stubs';
}

const fns = bodies.map((b) => {
  const mangled = names.get(b.index) ?? `#${b.index}`;
  return { mangled, name: demangled.get(mangled) ?? mangled, size: b.size, group: groupOf(mangled), body: bytes.subarray(b.start, b.start + b.size) };
});
const codeTotal = fns.reduce((t, f) => t + f.size, 0);

const groups = new Map();
for (const f of fns) {
  const g = groups.get(f.group) ?? { group: f.group, functions: 0, bytes: 0, bodies: [] };
  g.functions++; g.bytes += f.size; g.bodies.push(f.body);
  groups.set(f.group, g);
}
const groupRows = [...groups.values()]
  .map((g) => ({ group: g.group, functions: g.functions, bytes: g.bytes, gzip: gzipSync(Buffer.concat(g.bodies), { level: 9 }).length }))
  .sort((a, b) => b.bytes - a.bytes || a.group.localeCompare(b.group));

// --- report ---------------------------------------------------------------
const pct = (n, of) => `${((100 * n) / of).toFixed(1)} %`;
const fmt = (n) => n.toLocaleString('en-US');
const short = (s, n = 110) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
console.log(`# ${basename(wasmFile)}: ${fmt(bytes.length)} B (gzip -9 of the whole file ${fmt(gzipSync(bytes, { level: 9 }).length)} B)`);
console.log('\n## Sections\n| section | bytes |\n|---|---|');
for (const s of sections) console.log(`| ${s.label} | ${fmt(s.size)} |`);
console.log(`\n## By source area (${fmt(fns.length)} functions, ${fmt(codeTotal)} B of code)\n| group | functions | bytes | share | gzip alone |\n|---|---|---|---|---|`);
for (const g of groupRows) console.log(`| ${g.group} | ${g.functions} | ${fmt(g.bytes)} | ${pct(g.bytes, codeTotal)} | ${fmt(g.gzip)} |`);
console.log(`\n## Largest ${top} functions\n| bytes | group | function |\n|---|---|---|`);
for (const f of [...fns].sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`| ${fmt(f.size)} | ${f.group} | \`${short(f.name).replace(/\|/g, '\\|')}\` |`);
}
if (jsonOut) {
  mkdirSync(dirname(resolve(jsonOut)), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify({
    wasm: wasmFile, bytes: bytes.length, sections, code: codeTotal, groups: groupRows,
    functions: fns.map(({ name, mangled, size, group }) => ({ name, mangled, size, group })).sort((a, b) => b.size - a.size),
  }, null, 1));
}
