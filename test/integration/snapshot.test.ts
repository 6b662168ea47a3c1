// snapshot save against a real etcd 3.4 (docs/etcdctl-behaviour.md §8.7): the file is accepted by
// the real tool (etcdctl 3.4.23 `snapshot status`, same hash/revision/keys as
// its own snapshot) and a member restored from it (`snapshot restore`) serves
// the keys. The target path never holds a partial file: failures keep an
// existing target, and SIGINT mid-download removes the .part file (etcdctl
// leaves it behind: shown here too). Progress on a terminal, none otherwise.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { prepareExtraMember, realEtcdctl, startCluster, type Cluster } from '../support/etcd';
import { cleanEnv, ours, oursBin, real } from '../support/run';

let cluster: Cluster;
let EP: string;
let dir: string;
const BIG = 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

before(async () => {
  cluster = await startCluster({ size: 1 });
  EP = cluster.endpoints[0];
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-snap-'));
  for (let i = 0; i < 20; i++) {
    const r = await ours([`--endpoints=${EP}`, 'put', `/k/${String(i).padStart(2, '0')}`, `v${i}`]);
    assert.equal(r.code, 0, r.err);
  }
  // ~3 MB of values, so that a throttled download lasts long enough to be interrupted.
  for (let i = 0; i < 3; i++) {
    const r = await ours([`--endpoints=${EP}`, 'put', `/big/${i}`], { input: Buffer.alloc(BIG, 0x61 + i) });
    assert.equal(r.code, 0, r.err);
  }
});

after(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** 3.4's `snapshot status -w json` of a file (ETCDCTL_API=3). */
async function status(file: string): Promise<{ hash: number; revision: number; totalKey: number; totalSize: number }> {
  const r = await real('3.4', ['snapshot', 'status', file, '-w', 'json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

async function revisionNow(): Promise<number> {
  const r = await ours([`--endpoints=${EP}`, 'get', 'none', '-w', 'json']);
  return JSON.parse(r.out).header.revision;
}

interface Relay {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A TCP relay to the member: client bytes pass as they are, server bytes go to the
 * per-connection `downstream(c, up)` handler, which writes (some of) them to the client `c`.
 */
async function relay(downstream: (c: net.Socket, up: net.Socket) => (chunk: Buffer) => void): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    const up = net.connect(cluster.members[0].clientPort, '127.0.0.1');
    for (const s of [c, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        c.destroy();
        up.destroy();
      });
    }
    c.pipe(up);
    up.on('data', downstream(c, up));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A TCP relay to the member that delivers the server's bytes slowly
 * (16 KiB every 50 ms), so a download can be interrupted half-way.
 */
function slowRelay(): Promise<Relay> {
  return relay((c, up) => (chunk: Buffer) => {
    up.pause();
    void (async () => {
      for (let i = 0; i < chunk.length && !c.destroyed; i += 16384) {
        c.write(chunk.subarray(i, i + 16384));
        await sleep(50);
      }
      up.resume();
    })();
  });
}

/**
 * A TCP relay that lets the HTTP/2 connection come up but never delivers a
 * response: server frames of type HEADERS (1) and DATA (0) are dropped, the
 * rest (SETTINGS, PING, WINDOW_UPDATE…) pass.
 */
function mutedRelay(): Promise<Relay> {
  return relay((c) => {
    let buf = Buffer.alloc(0);
    return (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 9) {
        const len = buf.readUIntBE(0, 3);
        if (buf.length < 9 + len) break;
        const frame = buf.subarray(0, 9 + len);
        buf = buf.subarray(9 + len);
        if (frame[3] !== 0 && frame[3] !== 1) c.write(frame);
      }
    };
  });
}

describe('snapshot save: the file', () => {
  const file = (): string => path.join(dir, 'ours.db');

  test('saved: stdout line, mode 0600, SHA-256 trailer, no .part', async () => {
    const r = await ours([`--endpoints=${EP}`, 'snapshot', 'save', file()]);
    assert.deepEqual(
      { out: r.out, err: r.err, code: r.code },
      { out: `Snapshot saved at ${file()}\n`, err: '', code: 0 },
    );
    const st = fs.statSync(file());
    assert.equal(st.mode & 0o777, 0o600);
    assert.equal(st.size % 512, 32);
    assert.ok(st.size > 3 * BIG);
    assert.equal(fs.existsSync(`${file()}.part`), false);
  });

  test('etcdctl 3.4 `snapshot status` accepts it, with the same hash/revision/keys as its own snapshot', async () => {
    const mine = await status(file());
    assert.equal(mine.revision, await revisionNow());
    assert.ok(mine.totalKey >= 23, String(mine.totalKey));
    const theirs = path.join(dir, 'theirs.db');
    const r = await real('3.4', [`--endpoints=${EP}`, 'snapshot', 'save', theirs]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(mine, await status(theirs));
  });

  test('a member restored from it by etcdctl 3.4 `snapshot restore` serves the keys', { timeout: 60_000 }, async () => {
    const extra = await prepareExtraMember(cluster, 'restored');
    const m = extra.member;
    const r = await real('3.4', [
      'snapshot',
      'restore',
      file(),
      '--data-dir',
      m.dataDir,
      '--name',
      m.name,
      '--initial-cluster',
      `${m.name}=${m.peerUrl}`,
      '--initial-advertise-peer-urls',
      m.peerUrl,
      '--initial-cluster-token',
      'restored-from-ours',
    ]);
    assert.equal(r.code, 0, r.err);
    await extra.start(`${m.name}=${m.peerUrl}`);
    const keys = await ours([`--endpoints=${m.endpoint}`, 'get', '/k/', '--prefix', '--keys-only']);
    assert.equal(keys.out, Array.from({ length: 20 }, (_, i) => `/k/${String(i).padStart(2, '0')}\n\n`).join(''));
    const v = await ours([`--endpoints=${m.endpoint}`, 'get', '/k/07', '--print-value-only']);
    assert.equal(v.out, 'v7\n');
    const big = await ours([`--endpoints=${m.endpoint}`, 'get', '/big/2', '--print-value-only']);
    assert.equal(big.stdout.length, BIG + 1);
    assert.ok(big.stdout.subarray(0, BIG).every((b) => b === 0x63));
    await m.stop();
  });
});

describe('snapshot save: never a partial file at the target path', () => {
  test('a failed save keeps an existing target untouched', async () => {
    const target = path.join(dir, 'keep.db');
    fs.writeFileSync(target, 'old contents');
    const r = await ours(['--endpoints=127.0.0.1:1', '--command-timeout=1s', 'snapshot', 'save', target]);
    assert.deepEqual(
      { out: r.out, err: r.err, code: r.code },
      { out: '', err: 'Error: context deadline exceeded\n', code: 5 },
    );
    assert.equal(fs.readFileSync(target, 'utf8'), 'old contents');
    assert.equal(fs.existsSync(`${target}.part`), false);
  });

  test('a successful save replaces the target', async () => {
    const target = path.join(dir, 'keep.db');
    const r = await ours([`--endpoints=${EP}`, 'snapshot', 'save', target]);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.statSync(target).size % 512, 32);
  });

  test(
    'SIGINT mid-download: .part removed, no target, exit 130 (etcdctl 3.4 leaves the .part)',
    { timeout: 60_000 },
    async () => {
      const relay = await slowRelay();
      try {
        const interrupt = async (
          bin: string,
          target: string,
          env: NodeJS.ProcessEnv,
        ): Promise<{ code: number | null; signal: string | null; err: string }> => {
          const child = spawn(bin, [`--endpoints=${relay.endpoint}`, 'snapshot', 'save', target], {
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let err = '';
          child.stderr.on('data', (b: Buffer) => (err += b.toString()));
          const done = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
            child.on('close', (code, signal) => resolve({ code, signal })),
          );
          const part = `${target}.part`;
          for (let i = 0; i < 200 && !(fs.existsSync(part) && fs.statSync(part).size > 0); i++) await sleep(50);
          assert.ok(fs.statSync(part).size > 0, 'download under way');
          child.kill('SIGINT');
          return { ...(await done), err };
        };

        const mine = path.join(dir, 'int-ours.db');
        const o = await interrupt(oursBin(), mine, cleanEnv());
        assert.deepEqual(o, { code: 130, signal: null, err: '' });
        assert.equal(fs.existsSync(mine), false);
        assert.equal(fs.existsSync(`${mine}.part`), false);

        const theirs = path.join(dir, 'int-real.db');
        const r = await interrupt(realEtcdctl('3.4'), theirs, cleanEnv({ ETCDCTL_API: '3' }));
        assert.equal(r.signal, 'SIGINT');
        assert.equal(fs.existsSync(theirs), false);
        assert.equal(fs.existsSync(`${theirs}.part`), true, 'etcdctl leaves its .part file');
      } finally {
        await relay.close();
      }
    },
  );
});

describe('snapshot save: errors of the stream', () => {
  test('deadline before the first message, on an open stream: the raw gRPC status (3.6 returns it unconverted)', async () => {
    const relay = await mutedRelay();
    try {
      const target = path.join(dir, 'muted.db');
      const r = await ours([`--endpoints=${relay.endpoint}`, '--command-timeout=1s', 'snapshot', 'save', target]);
      assert.deepEqual(
        { out: r.out, err: r.err, code: r.code },
        { out: '', err: 'Error: rpc error: code = DeadlineExceeded desc = context deadline exceeded\n', code: 5 },
      );
      assert.equal(fs.existsSync(`${target}.part`), false);
    } finally {
      await relay.close();
    }
  });
});

describe('snapshot save: progress', () => {
  const haveScript = ((): boolean => {
    try {
      return fs.existsSync('/usr/bin/script') || fs.existsSync('/bin/script');
    } catch {
      return false;
    }
  })();
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

  /** Runs ours in a pseudo-terminal (util-linux `script`), stdout to a file; returns the terminal text. */
  function inTty(
    target: string,
    env: Record<string, string | undefined>,
    columns: number,
  ): Promise<{ tty: string; stdout: string }> {
    const out = `${target}.stdout`;
    // A bare pty has no size: columns 0 must not break the display (no spinner then).
    const size = columns > 0 ? `stty cols ${columns} rows 24; ` : '';
    const inner = `${size}${q(oursBin())} --endpoints=${q(EP)} snapshot save ${q(target)} > ${q(out)}`;
    return new Promise((resolve, reject) => {
      execFile(
        'script',
        ['-qfc', `sh -c ${q(inner)}`, '/dev/null'],
        { env: cleanEnv({ CI: undefined, TERM: 'xterm', ...env }), timeout: 30_000, killSignal: 'SIGKILL' },
        (e, tty) => {
          if (e) reject(e);
          else resolve({ tty: String(tty), stdout: fs.readFileSync(out, 'utf8') });
        },
      );
    });
  }

  test(
    'a spinner on a terminal stderr; none with NO_COLOR or without a width; stdout unchanged',
    { skip: !haveScript },
    async () => {
      const a = path.join(dir, 'tty-a.db');
      const shown = await inTty(a, {}, 100);
      assert.match(shown.tty, /Downloading snapshot/);
      assert.equal(shown.stdout, `Snapshot saved at ${a}\n`);
      for (const [name, env, columns] of [
        ['tty-b.db', { NO_COLOR: '1' }, 100],
        ['tty-c.db', {}, 0],
      ] as const) {
        const b = path.join(dir, name);
        const quiet = await inTty(b, env, columns);
        assert.equal(quiet.tty, '');
        assert.equal(quiet.stdout, `Snapshot saved at ${b}\n`);
      }
    },
  );
});
