// --trusted-proxy: the coupon-guessing limit counts the client a trusted
// proxy names in X-Forwarded-For, and ignores the header from anyone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, postJson } from './helpers.mjs';

const guess = (server, i, forwardedFor) => postJson(`${server.url}/api/quote`,
  { cart: { lines: [{ sku: 'NW-BASIC-TEE-M', quantity: 1 }], coupons: [`GUESS${i}`] }, context: {} },
  forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});

test('behind a trusted proxy each forwarded client has its own allowance', async () => {
  const server = await startServer({ args: ['--trusted-proxy', '127.0.0.1'] });
  try {
    for (let i = 0; i < 10; ++i) assert.equal((await guess(server, i, '198.51.100.1, 203.0.113.5')).status, 200);
    // The right-most entry is the client: what it wrote before that does not matter.
    const limited = await guess(server, 10, '198.51.100.99, 203.0.113.5');
    assert.equal(limited.status, 429, limited.text);
    assert.equal((await guess(server, 11, '203.0.113.6')).status, 200, 'another client is not limited');
    assert.equal((await guess(server, 12)).status, 200, 'nor the proxy itself');
  } finally {
    await server.stop();
  }
});

test('without --trusted-proxy X-Forwarded-For is ignored: a guesser cannot pick a new address', async () => {
  const server = await startServer();
  try {
    for (let i = 0; i < 10; ++i) assert.equal((await guess(server, i, `203.0.113.${i}`)).status, 200);
    const limited = await guess(server, 10, '203.0.113.200');
    assert.equal(limited.status, 429, limited.text);
  } finally {
    await server.stop();
  }
});
