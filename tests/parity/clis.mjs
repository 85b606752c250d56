// Where the two builds live and how to drive them. Defaults are the
// integrator's build dirs; override with CHECKOUT_NATIVE_DIR / CHECKOUT_WASM_DIR.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const nativeDir = resolve(repoRoot, process.env.CHECKOUT_NATIVE_DIR ?? 'build/native');
export const wasmDir = resolve(repoRoot, process.env.CHECKOUT_WASM_DIR ?? 'build/wasm');
export const nativeCli = join(nativeDir, 'checkout-cli');
export const wasmCli = join(wasmDir, 'checkout-cli.js');

export function missingBuilds() {
  return [nativeCli, wasmCli, join(wasmDir, 'node.mjs')].filter((p) => !existsSync(p));
}

// Pipes `lines` through one CLI in --jsonl mode (one process) and returns its
// output lines. Throws when the process fails or the line count differs.
export function runJsonl(side, lines) {
  const [cmd, args] = side === 'native' ? [nativeCli, ['--jsonl']] : [process.execPath, [wasmCli, '--jsonl']];
  const input = lines.length ? `${lines.join('\n')}\n` : '';
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${side} checkout-cli exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const out = r.stdout.split('\n');
  if (out.pop() !== '') throw new Error(`${side} output does not end with a newline`);
  if (out.length !== lines.length) throw new Error(`${side} gave ${out.length} lines for ${lines.length} requests`);
  return out;
}

export async function loadWasmApi() {
  return import(pathToFileURL(join(wasmDir, 'node.mjs')).href);
}
