// A merchant's site on another origin, for e2e/cross-origin.spec.mjs: serves
// the page snippets of docs/embedding.md (read at every request) with the
// checkout server's real origin in place of the doc's, under the doc's
// Content-Security-Policy. Listens on two ports: one the checkout server
// allows (--allow-origin) and one it does not.
//   node e2e/merchant-origin.mjs <checkout origin> <allowed port> <stranger port>
import http from 'node:http';
import { DOC_CHECKOUT_ORIGIN, docSnippet, docSnippets } from './doc-snippets.mjs';

const [checkoutOrigin, ...ports] = process.argv.slice(2);
const types = { html: 'text/html; charset=utf-8', mjs: 'text/javascript; charset=utf-8' };

function handle(req, res) {
  const name = new URL(req.url, 'http://x').pathname.slice(1) || 'merchant-page.html';
  if (name === 'health') { res.end('ok'); return; }
  if (name === 'favicon.ico') { res.writeHead(204).end(); return; }
  const snippets = docSnippets('embedding.md');
  const body = snippets[name];
  const type = types[name.split('.').pop()];
  if (body === undefined || !type) { res.writeHead(404).end(); return; }
  const csp = docSnippet('embedding.md', 'merchant-csp.txt').trim().replace(/^Content-Security-Policy:\s*/, '');
  res.writeHead(200, {
    'content-type': type,
    'cache-control': 'no-store',
    'content-security-policy': csp.replaceAll(DOC_CHECKOUT_ORIGIN, checkoutOrigin),
  });
  res.end(body.replaceAll(DOC_CHECKOUT_ORIGIN, checkoutOrigin));
}

for (const port of ports) http.createServer(handle).listen(Number(port), '127.0.0.1');
console.log(`merchant origins on ${ports.join(', ')} (checkout at ${checkoutOrigin})`);
