// Playwright: the whole checkout in Debian's Chromium on a desktop viewport,
// a Pixel 7 and a 360 x 640 phone. The validating server is started once by
// webServer on a free port with a throw-away SQLite database, and beside it a
// merchant's site on two other ports (e2e/merchant-origin.mjs): one origin the
// server allows (--allow-origin), one it does not.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { docSnippet } from './doc-snippets.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// The config is loaded again in every worker: settle the ports, database and
// staff password once in the main process; workers inherit them. The server
// is provisioned with two staff accounts (--create-staff, see fixtures.mjs)
// that share this password.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DB_DIR ??= mkdtempSync(join(tmpdir(), 'checkout-e2e-'));
process.env.E2E_STAFF_PASSWORD ??= 'e2e staff password, test only';
const staffPasswordFile = join(process.env.E2E_DB_DIR, 'staff-password');
writeFileSync(staffPasswordFile, `${process.env.E2E_STAFF_PASSWORD}\n`, { mode: 0o600 });
process.env.E2E_MERCHANT_PORT ??= String(await freePort());
process.env.E2E_STRANGER_PORT ??= String(await freePort());
process.env.E2E_PL_PORT ??= String(await freePort());  // the Polish merchant (server-stub/data/pl-demo)
const port = Number(process.env.E2E_PORT);
const merchantOrigin = `http://127.0.0.1:${process.env.E2E_MERCHANT_PORT}`;

// The complete example of docs/testing.md, run as written against the demo
// shop (its package import pointed at the sources): the doc cannot drift.
function writeDocExample() {
  const dir = join(repo, 'e2e/generated');
  const source = docSnippet('testing.md', 'checkout.spec.mjs')
    .replace("from 'storefront-checkout/testing'", "from '../../web/testing/index.mjs'");
  const file = join(dir, 'docs-testing.spec.mjs');
  let old = null;
  try { old = readFileSync(file, 'utf8'); } catch { /* first run */ }
  const text = `// Generated from docs/testing.md by e2e/playwright.config.mjs: edit the doc, not this file.\n${source}`;
  if (old !== text) { mkdirSync(dir, { recursive: true }); writeFileSync(file, text); }
}
writeDocExample();
const server = process.env.CHECKOUT_SERVER ?? join(repo, 'build/native/checkout-server');
const wasmDir = process.env.CHECKOUT_WASM_DIR ?? join(repo, 'build/wasm');

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs$/,
  outputDir: join(repo, 'test-results/playwright'),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['html', { open: 'never', outputFolder: join(repo, 'playwright-report') }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    locale: 'en-US',
    timezoneId: 'America/New_York',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
    { name: 'pixel-7', use: { ...devices['Pixel 7'], launchOptions: chromium } },
    {
      name: 'small-phone',
      use: {
        ...devices['Pixel 7'], viewport: { width: 360, height: 640 }, screen: { width: 360, height: 640 },
        deviceScaleFactor: 2, launchOptions: chromium,
      },
    },
  ],
  webServer: [
    {
      command: `"${server}" --host 127.0.0.1 --port ${port} --db "${join(process.env.E2E_DB_DIR, 'e2e.db')}" `
        + `--web "${join(repo, 'web')}" --wasm "${wasmDir}" --allow-origin ${merchantOrigin} `
        + `--create-staff admin:e2e-admin --create-staff store:nyc-soho:e2e-soho --staff-password-file "${staffPasswordFile}"`,
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The third demo merchant, selling in Poland in Polish: e2e/i18n.spec.mjs.
      command: `"${server}" --host 127.0.0.1 --port ${process.env.E2E_PL_PORT} --db "${join(process.env.E2E_DB_DIR, 'e2e-pl.db')}" `
        + `--web "${join(repo, 'web')}" --wasm "${wasmDir}" --data "${join(repo, 'server-stub/data/pl-demo')}" `
        + `--create-staff admin:e2e-admin --staff-password-file "${staffPasswordFile}"`,
      url: `http://127.0.0.1:${process.env.E2E_PL_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node "${join(repo, 'e2e/merchant-origin.mjs')}" http://127.0.0.1:${port} `
        + `${process.env.E2E_MERCHANT_PORT} ${process.env.E2E_STRANGER_PORT}`,
      url: `${merchantOrigin}/health`,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
