// Code blocks of the docs, by the file name in their info string
// (```html merchant-page.html), so the suite runs what the docs show and a
// doc cannot drift from what works.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// { 'merchant-page.html': '<!doctype html>...', ... } of docs/<doc>.
export function docSnippets(doc) {
  const text = readFileSync(join(repo, 'docs', doc), 'utf8');
  const out = {};
  for (const m of text.matchAll(/^```[a-z]*[ \t]+([\w.-]+)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)) {
    if (out[m[1]] !== undefined) throw new Error(`docs/${doc}: two blocks named ${m[1]}`);
    out[m[1]] = m[2];
  }
  return out;
}

export function docSnippet(doc, name) {
  const s = docSnippets(doc)[name];
  if (s === undefined) throw new Error(`docs/${doc} has no code block named ${name}`);
  return s;
}

// The origin the embedding docs use for the checkout server.
export const DOC_CHECKOUT_ORIGIN = 'https://checkout.merchant.example';
