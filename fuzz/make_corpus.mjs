// Rebuilds the checked-in seed corpora (fuzz/corpus/<target>/) from the
// golden vectors (tests/golden), the VAT demo merchant and a handful of
// hand-written HTTP requests. Deterministic: running it again changes nothing
// unless its sources changed. Usage: node fuzz/make_corpus.mjs
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { canonicalStringify, parseJsonExact } from '../tests/parity/json_exact.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(repo, 'fuzz', 'corpus');

function writeCorpus(target, entries) {  // entries: [name, string | Buffer]
  const dir = join(corpus, target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const seen = new Set();
  for (const [name, content] of entries) {
    const key = Buffer.from(content).toString('base64');
    if (seen.has(key)) continue;  // identical seeds add nothing
    seen.add(key);
    writeFileSync(join(dir, name), content);
  }
  console.log(`${target}: ${seen.size} seeds`);
}

const golden = readdirSync(join(repo, 'tests', 'golden')).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...parseJsonExact(readFileSync(join(repo, 'tests', 'golden', f), 'utf8')) }));

// Whole requests, exactly as the golden test sends them.
writeCorpus('quote_request', golden.map((v) => [`${v.name}.json`,
  'request_text' in v ? v.request_text : canonicalStringify(v.request)]));

// Catalogs alone (the first argument of Engine::load), plus the VAT merchant.
const catalogs = golden.filter((v) => v.request && typeof v.request === 'object' && 'catalog' in v.request)
  .map((v) => [`${v.name}.json`, canonicalStringify(v.request.catalog)]);
catalogs.push(['vat_demo.json', canonicalStringify(parseJsonExact(readFileSync(join(repo, 'server-stub/data/vat-demo/catalog.json'), 'utf8')))]);
writeCorpus('catalog_load', catalogs);

// HTTP requests. Byte 0 picks the parser limits (even: defaults, odd: tiny),
// byte 1 the size of the pieces the rest arrives in (1 + b % 64).
const http = [
  ['get_health', 'GET /api/health HTTP/1.1\r\nHost: shop\r\n\r\n'],
  ['get_query', 'GET /api/availability?skus=A%2CB&postal_code=02116+x&limit=3 HTTP/1.1\r\nHost: shop\r\nAccept: */*\r\n\r\n'],
  ['post_content_length', 'POST /api/quote HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{"cart":{},"context":{}}\r\n'],
  ['post_chunked_trailer', 'POST /api/orders HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\nIdempotency-Key: k1\r\n\r\n5;ext=1\r\n{"a":\r\n3\r\n12}\r\n0\r\nX-Trailer: t\r\n\r\n'],
  ['pipelined', 'GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /web/index.html HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'],
  ['http10_keep_alive', 'GET /api/catalog HTTP/1.0\r\nConnection: keep-alive\r\nIf-None-Match: "abc"\r\n\r\n'],
  ['expect_continue', 'POST /api/quote HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}'],
  ['absolute_form', 'GET http://shop.example/api/health?x=1 HTTP/1.1\r\nHost: shop.example\r\n\r\n'],
  ['options_star', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['leading_crlf', '\r\n\r\nGET /api/health HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['smuggle_cl_te', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['smuggle_double_cl', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcd'],
  ['obs_fold', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n'],
  ['space_before_colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n'],
  ['huge_content_length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n'],
  ['huge_chunk', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n'],
  ['bad_percent', 'GET /web/%2e%2e/%00/x%4 HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['no_host', 'GET / HTTP/1.1\r\nUser-Agent: t\r\n\r\n'],
  ['tls_hello', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'],
  ['http2_preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
];
writeCorpus('http_request_parser', http.flatMap(([name, text], i) => [
  [`${name}.bin`, Buffer.concat([Buffer.from([0, 63]), Buffer.from(text, 'latin1')])],
  [`${name}_pieces.bin`, Buffer.concat([Buffer.from([(i * 2 + 1) & 0xff, i % 7]), Buffer.from(text, 'latin1')])],
]));

// Server requests (server_request_fuzzer.cpp): "METHOD TARGET\nheaders\n\nbody",
// against the demo merchant (server-stub/data/demo) at 2026-11-23T15:00:00Z.
const NOW = '2026-11-23T15:00:00Z';
const NYC = { country: 'US', region: 'NY', postal_code: '10012' };
const ADDRESS = { name: 'Ada', line1: '512 Broadway', city: 'New York', region: 'NY', postal_code: '10012', country: 'US' };
const customer = { name: 'Ada Lovelace', email: 'ada@example.com' };
const req = (method, target, body, headers = {}) =>
  `${method} ${target}\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\n`).join('')}\n${body === undefined ? '' : JSON.stringify(body)}`;
const order = (cart, extra = {}) => ({
  cart, context: { now: NOW, destination: NYC }, client_quote: { fingerprint: 'x', grand_total: 0 }, customer,
  shipping_address: ADDRESS, ...extra,
});
const pickup = (sku, store, quantity = 1) => ({ sku, quantity, fulfilment: { type: 'pickup', store } });
writeCorpus('server_request', [
  ['health', req('GET', '/api/health')],
  ['catalog_etag', req('GET', '/api/catalog', undefined, { 'If-None-Match': '"x"' })],
  ['quote', req('POST', '/api/quote', { cart: { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 2 }], coupons: ['WELCOME10', 'SAVE20'], shipping_method: 'standard' }, context: { now: NOW, destination: NYC } })],
  ['quote_pickup_customer', req('POST', '/api/quote', { cart: { lines: [pickup('NW-LTD-LANTERN', 'boston-back-bay')] }, context: { now: NOW, location: { country: 'US', postal_code: '02116' } }, customer: { email: 'A@b.co' } })],
  ['quote_vip_exclusive', req('POST', '/api/quote', { cart: { lines: [{ sku: 'NW-BASIC-TEE-L', quantity: 3 }], coupons: ['VIP25', 'FREESHIP', 'ONETIME50'] }, context: {} })],
  ['availability_postal', req('GET', '/api/availability?skus=NW-LTD-LANTERN,NW-BASIC-TEE-M&postal_code=02116&limit=3')],
  ['availability_coords', req('GET', '/api/availability?skus=NW-LTD-LANTERN&lat_e6=40712800&lon_e6=-74006000')],
  ['order_ship', req('POST', '/api/orders', order({ lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 2 }], coupons: ['WELCOME10'], shipping_method: 'standard' }), { 'Idempotency-Key': 'seed-1' })],
  ['order_pickup', req('POST', '/api/orders', order({ lines: [pickup('NW-LTD-LANTERN', 'boston-back-bay')] }, { shipping_address: undefined }), { 'Idempotency-Key': 'seed-2' })],
  ['order_onetime', req('POST', '/api/orders', order({ lines: [{ sku: 'NW-BASIC-TEE-S', quantity: 1 }], coupons: ['ONETIME50'] }), { 'Idempotency-Key': 'seed-3' })],
  ['order_no_key', req('POST', '/api/orders', order({ lines: [{ sku: 'NW-BASIC-TEE-S', quantity: 1 }] }))],
  ['order_get', req('GET', '/api/orders/ord_aaaaaaaaaaaaaaaaaaaaaaaaaa')],
  ['store_queue', req('GET', '/api/stores/boston-back-bay/orders?status=placed,ready_for_pickup&limit=5')],
  ['store_transition', req('POST', '/api/stores/boston-back-bay/orders/ord_aaaaaaaaaaaaaaaaaaaaaaaaaa/status', { status: 'ready_for_pickup' })],
  ['store_sale', req('POST', '/api/stores/denver-larimer/sales', { cart: { lines: [{ sku: 'NW-BASIC-TEE-S', quantity: 1 }], coupons: ['INSTORE5'] }, customer: { email: 'ada@example.com', name: 'Ada' } })],
  ['store_stock', req('GET', '/api/stores/nyc-soho/stock?sku=NW-LTD-LANTERN')],
  ['audit', req('GET', '/api/admin/audit')],
  ['static_root', req('GET', '/')],
  ['static_traversal', req('GET', '/web/%2e%2e/server-stub/data/demo/catalog.json')],
  ['wrong_method', req('DELETE', '/api/quote')],
]);
