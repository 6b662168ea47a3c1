#!/usr/bin/env node
// A throwaway local etcd in one command:
//   npm run sandbox [-- --members 3] [-- --seed]       (or: node scripts/sandbox.mjs ...)
//
// Starts etcd members on free 127.0.0.1 ports with fresh data dirs in one temp folder,
// waits until the cluster is healthy, prints on stdout
//   export ETCDCTL_ENDPOINTS=http://127.0.0.1:P1[,...]
// and stays in the foreground. Ctrl-C (SIGINT), SIGTERM, SIGHUP or the death of a member
// stops every member (by PID: SIGTERM, then SIGKILL after 2 s: the data is thrown away) and removes the temp folder.
//
// Options:
//   --members N   cluster size (default 1)
//   --seed        put a small sample tree of keys (/app/..., /services/..., greeting)
//   --etcd PATH   the etcd binary to run
// The etcd binary: --etcd, else `etcd` on PATH, else Debian sid's etcd-server unpacked
// (no root, no install) into <repo>/.cache/etcd-sid by scripts/fetch-etcd-sid.sh.
// Progress and the members' PIDs and data folder go to stderr; stdout is only the export line.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => process.stderr.write(`sandbox: ${line}\n`);

const SEED = [
  ['/app/config/db/host', 'db.local'],
  ['/app/config/db/port', '5432'],
  ['/app/config/cache/ttl', '60s'],
  ['/app/feature-flags/dark-mode', 'on'],
  ['/app/name', 'demo'],
  ['/services/api/10.0.0.1:8080', 'up'],
  ['/services/api/10.0.0.2:8080', 'up'],
  ['/services/web/10.0.0.3:80', 'up'],
  ['greeting', 'hello'],
];

function usage(message) {
  if (message) process.stderr.write(`sandbox: ${message}\n`);
  process.stderr.write('usage: npm run sandbox -- [--members N] [--seed] [--etcd PATH]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { members: 1, seed: false, etcd: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? usage(`${name} needs a value`);
    if (name === '--members') {
      const v = value();
      if (!/^[1-9]$/.test(v)) usage(`--members must be 1 to 9, not ${JSON.stringify(v)}`);
      opts.members = Number(v);
    } else if (name === '--seed' && inline === undefined) opts.seed = true;
    else if (name === '--etcd') opts.etcd = value();
    else if (name === '-h' || name === '--help') usage();
    else usage(`unknown argument ${JSON.stringify(argv[i])}`);
  }
  return opts;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

function findEtcd(explicit) {
  if (explicit) return explicit;
  const found = onPath('etcd');
  if (found) return found;
  const cache = join(root, '.cache', 'etcd-sid');
  const cached = join(cache, 'usr', 'bin', 'etcd');
  if (!existsSync(cached)) {
    log(`no etcd on PATH: unpacking Debian's etcd-server into ${cache}`);
    const r = spawnSync('bash', [join(root, 'scripts', 'fetch-etcd-sid.sh'), cache], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) {
      log('cannot get an etcd binary: install one (Debian: apt-get install etcd-server) or pass --etcd PATH');
      process.exit(1);
    }
  }
  return cached;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** One HTTP request to a member's client URL (health check, seeding through the JSON gateway). */
function http(url, method, body) {
  return new Promise((resolve) => {
    const req = request(url, { method, timeout: 2000, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const opts = parseArgs(process.argv.slice(2));
const etcd = findEtcd(opts.etcd);
const version = spawnSync(etcd, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-sandbox-'));
const members = [];
for (let i = 0; i < opts.members; i++) {
  const name = `m${i}`;
  members.push({
    name,
    client: `http://127.0.0.1:${await freePort()}`,
    peer: `http://127.0.0.1:${await freePort()}`,
    data: join(dir, `${name}.etcd`),
    log: join(dir, `${name}.log`),
  });
}
const initialCluster = members.map((m) => `${m.name}=${m.peer}`).join(',');

let stopping = false;
function killAllSync() {
  for (const m of members) {
    if (m.child && m.child.exitCode === null && m.child.signalCode === null) {
      try {
        process.kill(m.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
// last resort (an exception, process.exit elsewhere): nothing outlives the script
process.on('exit', killAllSync);

async function stop(reason, code) {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping ${members.length} member(s)`);
  await Promise.all(
    members.map(async (m) => {
      if (!m.child || m.child.exitCode !== null || m.child.signalCode !== null) return;
      const exited = new Promise((r) => m.child.once('exit', r));
      m.child.kill('SIGTERM');
      const killer = setTimeout(() => m.child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(killer);
    }),
  );
  rmSync(dir, { recursive: true, force: true });
  log(`stopped; removed ${dir}`);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(`got ${sig}`, 0));

log(`${version || 'etcd'} (${etcd}), ${members.length} member(s), data in ${dir}`);
for (const m of members) {
  const out = openSync(m.log, 'a');
  m.child = spawn(
    etcd,
    [
      '--name',
      m.name,
      '--data-dir',
      m.data,
      '--listen-client-urls',
      m.client,
      '--advertise-client-urls',
      m.client,
      '--listen-peer-urls',
      m.peer,
      '--initial-advertise-peer-urls',
      m.peer,
      '--initial-cluster',
      initialCluster,
      '--initial-cluster-state',
      'new',
      '--initial-cluster-token',
      `sandbox-${process.pid}`,
      '--logger=zap',
      '--log-outputs=stderr',
      '--log-level=error',
    ],
    { stdio: ['ignore', out, out] },
  );
  m.child.once('exit', (code, signal) => {
    if (stopping) return;
    log(`member ${m.name} (pid ${m.child.pid}) exited (${signal ?? `code ${code}`}); its log:`);
    process.stderr.write(readFileSync(m.log, 'utf8').split('\n').slice(-20).join('\n'));
    void stop('a member died', 1);
  });
  log(`member ${m.name} pid ${m.child.pid} client ${m.client} peer ${m.peer}`);
}

const deadline = Date.now() + 60_000;
for (;;) {
  const health = await Promise.all(members.map((m) => http(`${m.client}/health`, 'GET')));
  if (health.every((h) => h.status === 200 && /"health":\s*"true"/.test(h.text))) break;
  if (Date.now() > deadline) {
    log('the members did not become healthy within 60 s');
    await stop('timeout', 1);
  }
  await sleep(200);
}

if (opts.seed) {
  const b64 = (s) => Buffer.from(s).toString('base64');
  for (const [key, value] of SEED) {
    const r = await http(
      `${members[0].client}/v3/kv/put`,
      'POST',
      JSON.stringify({ key: b64(key), value: b64(value) }),
    );
    if (r.status !== 200) {
      log(`seeding ${key} failed (HTTP ${r.status}): ${r.text}`);
      await stop('seed failed', 1);
    }
  }
  log(`seeded ${SEED.length} keys: ${SEED.map(([k]) => k).join(' ')}`);
}

process.stdout.write(`export ETCDCTL_ENDPOINTS=${members.map((m) => m.client).join(',')}\n`);
log('ready; Ctrl-C stops the members and removes their data');
// stays alive: the members' child handles keep the event loop running
