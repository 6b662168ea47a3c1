// Auth-token expiry (docs/etcdctl-behaviour.md §9.3, §9.4), for both kinds of token etcd hands out: simple tokens
// (--auth-token-ttl=2: a token unused for 2 s is forgotten by the server) and JWTs
// (--auth-token=jwt,…,ttl=2s: RS256, signed with a key made for the test; the server rejects
// one whose expiry has passed). The long-running commands talk to etcd through a TCP proxy
// that can cut every connection; after the token has expired the proxy cuts, and the command
// must carry on: a re-opened watch or keep-alive stream takes a fresh token, and a unary call
// answered `invalid auth token` re-authenticates and is retried.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { startCluster, type Cluster } from '../support/etcd';
import { cleanEnv, ours, oursBin, real } from '../support/run';

const TTL_S = 2;
const ROOT = ['--user', 'root:rootpw'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A TCP proxy to one member; cut() drops every open connection (new ones are accepted). */
class CutProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: number) {
    this.server = net.createServer((down) => {
      const up = net.connect(this.target, '127.0.0.1');
      for (const s of [down, up]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          down.destroy();
          up.destroy();
        });
      }
      down.pipe(up);
      up.pipe(down);
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve();
      }),
    );
  }

  get connections(): number {
    return this.sockets.size / 2;
  }

  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Running {
  child: ChildProcess;
  out(): string;
  err(): string;
  waitFor(pred: (out: string) => boolean, what: string, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

function start(args: string[]): Running {
  const child = spawn(oursBin(), args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    child,
    out: () => out,
    err: () => err,
    async waitFor(pred, what, ms = 20_000) {
      const until = Date.now() + ms;
      while (!pred(out)) {
        if (child.exitCode !== null)
          throw new Error(`exited (${child.exitCode}) before ${what}\nstdout:\n${out}\nstderr:\n${err}`);
        if (Date.now() > until) throw new Error(`timeout waiting for ${what}\nstdout:\n${out}\nstderr:\n${err}`);
        await sleep(50);
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A running member with auth enabled (root:rootpw) and a cutting proxy in front of it. */
interface Setup {
  cluster: Cluster;
  proxy: CutProxy;
  direct: string[];
  viaProxy: string[];
}

async function setUp(extraArgs: string[]): Promise<Setup> {
  const cluster = await startCluster({ extraArgs });
  const direct = ['--endpoints', cluster.endpoints[0], ...ROOT];
  for (const a of [
    ['user', 'add', 'root:rootpw'],
    ['auth', 'enable'],
  ]) {
    const r = await real('3.4', ['--endpoints', cluster.endpoints[0], ...a]);
    assert.equal(r.code, 0, r.err);
  }
  const proxy = new CutProxy(cluster.members[0].clientPort);
  await proxy.listen();
  return { cluster, proxy, direct, viaProxy: ['--endpoints', `127.0.0.1:${proxy.port}`, ...ROOT] };
}

/** A fresh RS256 key pair in `dir`; returns etcd's --auth-token value for 2 s JWTs. */
function jwtOption(dir: string): string {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = path.join(dir, 'jwt.pub');
  const priv = path.join(dir, 'jwt.key');
  fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  fs.writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return `--auth-token=jwt,pub-key=${pub},priv-key=${priv},sign-method=RS256,ttl=${TTL_S}s`;
}

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-expiry-'));
after(() => fs.rmSync(keyDir, { recursive: true, force: true }));

for (const kind of ['simple', 'jwt'] as const) {
  describe(`token expiry (${kind} tokens)`, () => {
    let s: Setup;

    before(async () => {
      s = await setUp(kind === 'simple' ? [`--auth-token-ttl=${TTL_S}`] : [jwtOption(keyDir)]);
    });

    after(async () => {
      await s?.proxy.close();
      await s?.cluster.stop();
    });

    async function etcdctl(...args: string[]): Promise<string> {
      const r = await real('3.4', [...s.direct, ...args]);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
      return r.out;
    }

    /** Waits longer than the token TTL, then drops the connections of the running command. */
    async function expireAndCut(): Promise<void> {
      await sleep(TTL_S * 1000 + 1500);
      assert.ok(s.proxy.connections > 0, 'the command should be connected through the proxy');
      s.proxy.cut();
    }

    test('a unary call with an expired token re-authenticates and succeeds (lock, unlock after the TTL)', async () => {
      // --debug shows the refused attempt: proof that the token had expired when unlocking.
      const r = await ours([...s.viaProxy, '--debug', 'lock', 'token-lock', 'sleep', String(TTL_S + 1.5)], {
        timeoutMs: 30_000,
      });
      assert.equal(r.code, 0, r.err);
      assert.match(
        r.err,
        /retrying of unary invoker failed: method=\/etcdserverpb\.KV\/(Txn|DeleteRange) attempt=0 error="etcdserver: invalid auth token"/,
      );
      assert.equal(await etcdctl('get', '--prefix', 'token-lock', '--keys-only'), '');
    });

    test('watch survives token expiry and a dropped connection', async () => {
      const w = start([...s.viaProxy, 'watch', 'tk']);
      try {
        // The watcher exists once a put made before our read shows up.
        for (let i = 0; !w.out().includes('v0\n'); i++) {
          await etcdctl('put', 'tk', 'v0');
          await sleep(300);
          assert.ok(i < 60, `no first event\n${w.err()}`);
        }
        await expireAndCut();
        await etcdctl('put', 'tk', 'v1');
        await w.waitFor((o) => o.includes('PUT\ntk\nv1\n'), 'the event after the reconnection');
        assert.equal(w.err(), '');
        assert.equal(w.child.exitCode, null);
      } finally {
        await w.stop();
      }
    });

    test('lease keep-alive survives token expiry and a dropped connection', async () => {
      const id = /lease ([0-9a-f]+) granted/.exec(await etcdctl('lease', 'grant', '6'))?.[1];
      assert.ok(id);
      const k = start([...s.viaProxy, 'lease', 'keep-alive', id]);
      const count = (): number => k.out().split('keepalived with TTL(6)').length - 1;
      try {
        await k.waitFor(() => count() >= 1, 'the first keep-alive');
        await expireAndCut();
        const before_ = count();
        // Without keep-alives the 6 s lease would be gone well within this wait.
        await k.waitFor(() => count() >= before_ + 3, 'keep-alives after the reconnection', 25_000);
        assert.equal(k.err(), '');
        assert.match(await etcdctl('lease', 'timetolive', id), /granted with TTL\(6s\), remaining\(\d+s\)/);
      } finally {
        await k.stop();
        await etcdctl('lease', 'revoke', id);
      }
    });
  });
}
