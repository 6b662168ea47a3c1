// Cold-start benchmark: `get foo` and `put foo bar`, ours vs the real etcdctl,
// against one throwaway etcd on loopback. Prints medians and ratios; asserts
// nothing (timings never gate tests). NODE_EXTRA_CA_CERTS is removed from the
// environment: with it Node parses a CA bundle at every start, which a user's
// shell does not pay.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const REAL = process.env.BENCH_REAL_ETCDCTL ?? '/usr/bin/etcdctl';
const OURS = join(root, 'bin', 'etcdctl');

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(port) {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('etcd did not become healthy');
}

function env() {
  const e = { ...process.env, ETCDCTL_API: '3' };
  delete e.NODE_EXTRA_CA_CERTS;
  for (const k of Object.keys(e)) if (k.startsWith('ETCDCTL_') && k !== 'ETCDCTL_API') delete e[k];
  return e;
}

function timeOnce(bin, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, args, { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const [client, peer] = [await freePort(), await freePort()];
const dir = mkdtempSync(join(tmpdir(), 'etcdctl-bench-'));
const etcd = spawn('etcd', [
  '--name', 'bench', '--data-dir', join(dir, 'data'),
  '--listen-client-urls', `http://127.0.0.1:${client}`, '--advertise-client-urls', `http://127.0.0.1:${client}`,
  '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
  '--initial-cluster', `bench=http://127.0.0.1:${peer}`,
], { stdio: 'ignore' });
try {
  await waitHealthy(client);
  const ep = `--endpoints=127.0.0.1:${client}`;
  const cases = [
    ['get foo', [ep, 'get', 'foo']],
    ['put foo bar', [ep, 'put', 'foo', 'bar']],
    ['version (no network)', ['version']],
  ];
  console.log(`runs per case: ${RUNS} (median, ms); ours = ${OURS}, etcdctl = ${REAL}`);
  for (const [name, args] of cases) {
    timeOnce(OURS, args);
    timeOnce(REAL, args);
    const ours = [];
    const real = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(timeOnce(OURS, args));
      real.push(timeOnce(REAL, args));
    }
    const [mo, mr] = [median(ours), median(real)];
    console.log(`${name.padEnd(22)} ours ${mo.toFixed(1).padStart(7)}  etcdctl ${mr.toFixed(1).padStart(7)}  ratio ${(mo / mr).toFixed(2)}`);
  }
} finally {
  etcd.kill('SIGTERM');
  await new Promise((r) => etcd.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
