// scripts/sandbox.mjs (`npm run sandbox`): starts a throwaway etcd on free loopback ports,
// prints the ETCDCTL_ENDPOINTS export line, serves a put/get through it, and on SIGINT /
// SIGTERM kills its members (by PID) and removes their data folder. Without an etcd on
// PATH it runs Debian sid's etcd unpacked in <repo>/.cache/etcd-sid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFlavor, etcdBinary } from '../support/etcd';
import { cleanEnv, ours } from '../support/run';
import { findRepoRoot } from '../support/root';

interface Sandbox {
  child: ChildProcess;
  endpoints: string;
  pids: number[];
  dir: string;
  etcd: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startSandbox(args: string[], env: Record<string, string | undefined> = {}): Promise<Sandbox> {
  const child = spawn(process.execPath, [join(findRepoRoot(), 'scripts', 'sandbox.mjs'), ...args], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return new Promise<Sandbox>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`no export line within 90 s; stderr:\n${err}`));
    }, 90_000);
    void exited.then(({ code }) => reject(new Error(`sandbox exited (${code}) before it was ready; stderr:\n${err}`)));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^export ETCDCTL_ENDPOINTS=(\S+)\n$/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        child,
        endpoints: m[1],
        pids: [...err.matchAll(/^sandbox: member m\d+ pid (\d+) /gm)].map((x) => Number(x[1])),
        dir: /^sandbox: .* data in (\S+)$/m.exec(err)?.[1] ?? '',
        etcd: /^sandbox: .*\((\S+)\), \d+ member/m.exec(err)?.[1] ?? '',
        stderr: () => err,
        exited,
      });
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function stopAndCheck(sb: Sandbox, signal: NodeJS.Signals): Promise<void> {
  sb.child.kill(signal);
  const { code } = await sb.exited;
  assert.equal(code, 0, sb.stderr());
  assert.deepEqual(sb.pids.filter(alive), [], 'no member process is left');
  assert.equal(existsSync(sb.dir), false, `${sb.dir} is removed`);
  assert.match(sb.stderr(), new RegExp(`got ${signal}: stopping`));
}

test('one member: export line, put/get through it, nothing seeded, SIGINT cleans up', async () => {
  const sb = await startSandbox([]);
  try {
    assert.match(sb.endpoints, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sb.pids.length, 1);
    assert.ok(sb.pids.every(alive));
    assert.ok(existsSync(sb.dir));
    const env = { ETCDCTL_ENDPOINTS: sb.endpoints };
    const empty = await ours(['get', '', '--from-key', '--keys-only'], { env });
    assert.equal(empty.code, 0, empty.err);
    assert.equal(empty.out, '', 'seeds nothing unless asked');
    const put = await ours(['put', 'sandbox/k', 'v1'], { env });
    assert.equal(put.out, 'OK\n', put.err);
    const get = await ours(['get', 'sandbox/k'], { env });
    assert.equal(get.out, 'sandbox/k\nv1\n', get.err);
  } finally {
    await stopAndCheck(sb, 'SIGINT');
  }
});

test('--members 3 --seed with no etcd on PATH: the cached Debian etcd, 3 members, seeded keys, SIGTERM cleans up', async () => {
  await ensureFlavor('3.5');
  const emptyBin = mkdtempSync(join(tmpdir(), 'etcdctl-ts-nopath-'));
  const sb = await startSandbox(['--members', '3', '--seed'], { PATH: emptyBin });
  try {
    assert.equal(sb.etcd, etcdBinary('3.5'));
    assert.equal(sb.pids.length, 3);
    const env = { ETCDCTL_ENDPOINTS: sb.endpoints };
    assert.equal(sb.endpoints.split(',').length, 3);
    const members = await ours(['member', 'list'], { env });
    assert.equal(members.out.trim().split('\n').length, 3, members.err);
    const keys = await ours(['get', '/app/', '--prefix', '--keys-only'], { env });
    assert.equal(
      keys.out,
      '/app/config/cache/ttl\n\n/app/config/db/host\n\n/app/config/db/port\n\n/app/feature-flags/dark-mode\n\n/app/name\n\n',
    );
  } finally {
    await stopAndCheck(sb, 'SIGTERM');
    rmSync(emptyBin, { recursive: true, force: true });
  }
});

test('bad arguments: usage on stderr, exit 2, nothing started', async () => {
  for (const args of [['--members', '0'], ['--bogus']]) {
    const child = spawn(process.execPath, [join(findRepoRoot(), 'scripts', 'sandbox.mjs'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(code, 2);
    assert.match(err, /usage: npm run sandbox/);
  }
});
