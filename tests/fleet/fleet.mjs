// A fleet for the multi-instance tests: N checkout-server instances on one
// database with nginx in front (round robin, deploy/nginx/). The database is
// PostgreSQL when CHECKOUT_TEST_DATABASE_URL is set (scripts/lib/with-postgres.sh
// sets it; each fleet gets a database of its own), else one shared SQLite file.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startServer, serverBinary } from '../server/helpers.mjs';

export const postgresUrl = process.env.CHECKOUT_TEST_DATABASE_URL || '';

// Whether this build of the server can run on PostgreSQL (--help names it).
export function serverSpeaksPostgres() {
  return execFileSync(serverBinary, ['--help'], { encoding: 'utf8' }).includes('postgresql://');
}

export const backend = postgresUrl && serverSpeaksPostgres() ? 'postgresql' : 'sqlite';
// In CI the fleet runs on PostgreSQL or fails: the PostgreSQL-only cases must
// never pass as skipped because the database went missing.
if (process.env.CI === 'true' && backend !== 'postgresql') {
  throw new Error('fleet tests under CI=true need PostgreSQL: run them through scripts/lib/with-postgres.sh (suite 40-fleet)');
}

let databaseCounter = 0;

// A new, empty database on the test cluster; its URL.
function freshPostgresDatabase() {
  const name = `fleet_${process.pid}_${Date.now()}_${++databaseCounter}`;
  execFileSync('psql', ['-qAt', '-d', 'postgres', '-c', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return postgresUrl.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolvePort(port)); });
    s.on('error', reject);
  });
}

async function waitForHealth(url, child, log) {
  for (let i = 0; i < 200; ++i) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${log()}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not answer: ${log()}`);
}

export async function startNginx(instances) {
  const dir = mkdtempSync(join(tmpdir(), 'checkout-nginx-'));
  const port = await freePort();
  execFileSync(join(repoRoot, 'deploy/nginx/render.sh'), [dir, String(port), ...instances.map((s) => new URL(s.url).host)]);
  const child = spawn('nginx', ['-p', dir, '-c', 'conf/nginx.conf', '-e', 'logs/error.log'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => child.on('exit', r));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => log);
  return {
    url, dir, child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `args`: extra flags for every instance.
export async function startFleet({ instances = 3, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'checkout-fleet-'));
  const db = backend === 'postgresql' ? freshPostgresDatabase() : join(dir, 'checkout.db');
  // Staff accounts, sessions and the sign-in throttle live in that database too (the default).
  const common = ['--db', db, '--trusted-proxy', '127.0.0.1', '--stock-resync-ms', '2000', ...args];
  // The first instance creates the schema and the test admin; the others
  // then start together (a migration race among them is the storage's to survive).
  const servers = [await startServer({ dir: mkdtempSync(join(dir, 'i0-')), args: common })];
  servers.push(...await Promise.all(Array.from({ length: instances - 1 }, (_, i) =>
    startServer({ dir: mkdtempSync(join(dir, `i${i + 1}-`)), args: common }))));
  const nginx = await startNginx(servers);
  return {
    backend, db, servers, nginx, url: nginx.url,
    // A new instance on the same database, not behind nginx: it starts from
    // the database alone, so its catalog is what every instance should serve.
    async witness() {
      return startServer({ dir: mkdtempSync(join(dir, 'witness-')), args: common });
    },
    async stop() {
      await nginx.stop();
      for (const s of servers) await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
