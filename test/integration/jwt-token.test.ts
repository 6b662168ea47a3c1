// --auth-jwt-token / ETCDCTL_AUTH_JWT_TOKEN (3.7 line, docs/etcdctl-3.7-behaviour.md §2.2, §2.3, §10) against a real
// etcd with auth enabled and JWT tokens (RS256, a key pair made for the test). A real token is
// obtained by an Authenticate call of the test's own; the CLI then sends it as the `token`
// metadata of every RPC and stream without authenticating itself, ignoring --user/--password.
// A token the server rejects ends the command at the first RPC (exit 1); in 3.6 mode the flag
// is unknown and the variable unrecognized, exactly as with the real 3.5 etcdctl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type Cluster } from '../support/etcd';
import { cobraOnce } from '../support/diff';
import { ours, real, type RunResult, outcomeOf, type Outcome } from '../support/run';
import { Auth } from '../../src/client/methods';
import { AuthenticateRequest } from '../../src/proto/gen/rpc';

const V37 = { ETCDCTLTS_COMPAT: '3.7' };
const ROOT = ['--user', 'root:rootpw'];

/** A fresh RS256 key pair in `dir`; returns etcd's --auth-token value. */
function jwtOption(dir: string): string {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = path.join(dir, 'jwt.pub');
  const priv = path.join(dir, 'jwt.key');
  fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  fs.writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return `--auth-token=jwt,pub-key=${pub},priv-key=${priv},sign-method=RS256,ttl=10m`;
}

/** The test's own Authenticate call: a real token from the server. */
function authenticate(endpoint: string, name: string, password: string): Promise<string> {
  const client = new grpc.Client(endpoint, grpc.credentials.createInsecure());
  const m = Auth.authenticate;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      m.path,
      (v: AuthenticateRequest) => m.requestSerialize(v),
      (b: Buffer) => m.responseDeserialize(b),
      AuthenticateRequest.fromPartial({ name, password }),
      (err, res) => {
        client.close();
        if (err || !res) reject(err ?? new Error('no response'));
        else resolve(res.token);
      },
    );
  });
}

const outcome = (r: RunResult): Outcome => outcomeOf(r);

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-token-'));
after(() => fs.rmSync(keyDir, { recursive: true, force: true }));

describe('--auth-jwt-token against etcd 3.5 with JWT auth', () => {
  let cluster: Cluster;
  let ep: string;
  let token: string;
  /** A token signed by another key: well-formed, rejected by the server. */
  let foreign: string;

  before(async () => {
    cluster = await startCluster({ flavor: '3.5', extraArgs: [jwtOption(keyDir)] });
    ep = `--endpoints=${cluster.endpoints[0]}`;
    for (const a of [
      ['user', 'add', 'root:rootpw'],
      ['user', 'add', 'alice:alicepw'],
      ['role', 'add', 'reader'],
      ['role', 'grant-permission', 'reader', 'read', 'k'],
      ['user', 'grant-role', 'alice', 'reader'],
      ['put', 'k', 'v'],
      ['auth', 'enable'],
    ]) {
      const r = await real('3.5', [ep, ...a]);
      assert.equal(r.code, 0, `${a.join(' ')}: ${r.err}`);
    }
    token = await authenticate(cluster.endpoints[0], 'root', 'rootpw');
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
    const [head, body] = token.split('.');
    foreign = `${head}.${body}.${Buffer.from('not the signature').toString('base64url')}`;
  });
  after(async () => {
    await cluster?.stop();
  });

  test('the flag: same output as the real etcdctl authenticated as the token user', async () => {
    for (const args of [
      ['get', 'k'],
      ['get', 'k', '-w', 'json'],
      ['put', 'k2', 'v2'],
      ['user', 'list'],
      ['auth', 'status'],
    ]) {
      const r = outcome(await real('3.5', [ep, ...ROOT, ...args]));
      const o = outcome(await ours([ep, `--auth-jwt-token=${token}`, ...args], { env: V37 }));
      assert.deepEqual(o, r, args.join(' '));
    }
  });

  test('the variable ETCDCTL_AUTH_JWT_TOKEN: same as the flag', async () => {
    const r = outcome(await real('3.5', [ep, ...ROOT, 'get', 'k', '-w', 'fields']));
    const o = outcome(await ours([ep, 'get', 'k', '-w', 'fields'], { env: { ...V37, ETCDCTL_AUTH_JWT_TOKEN: token } }));
    assert.deepEqual(o, r);
  });

  test('flag and variable both given: the usual conflict error', async () => {
    const o = outcome(
      await ours([ep, `--auth-jwt-token=${token}`, 'get', 'k'], { env: { ...V37, ETCDCTL_AUTH_JWT_TOKEN: token } }),
    );
    assert.deepEqual(o, {
      out: '',
      err: 'Error: conflicting environment variable "ETCDCTL_AUTH_JWT_TOKEN" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)\n',
      code: 1,
    });
  });

  test('--user/--password are ignored with a token: no prompt, no authentication, the token decides', async () => {
    const want = outcome(await real('3.5', [ep, ...ROOT, 'get', 'k']));
    // A wrong password would fail authentication (exit 2) if it were used.
    for (const creds of [
      ['--user', 'root:wrong'],
      ['--user', 'root'],
      ['--user', 'alice', '--password', 'x'],
    ]) {
      const o = outcome(await ours([ep, `--auth-jwt-token=${token}`, ...creds, 'get', 'k'], { env: V37 }));
      assert.deepEqual(o, want, creds.join(' '));
    }
    const env = { ...V37, ETCDCTL_USER: 'root', ETCDCTL_PASSWORD: 'wrong', ETCDCTL_AUTH_JWT_TOKEN: token };
    assert.deepEqual(outcome(await ours([ep, 'get', 'k'], { env })), want);
    // alice's token carries alice's permissions, whatever --user says.
    const alice = await authenticate(cluster.endpoints[0], 'alice', 'alicepw');
    const denied = outcome(await ours([ep, `--auth-jwt-token=${alice}`, ...ROOT, 'put', 'k', 'x'], { env: V37 }));
    assert.deepEqual(denied, { out: '', err: 'Error: etcdserver: permission denied\n', code: 1 });
  });

  test('a rejected token: Error: etcdserver: invalid auth token, exit 1, at the first RPC', async () => {
    for (const bad of [foreign, 'bogus']) {
      const o = outcome(await ours([ep, `--auth-jwt-token=${bad}`, 'get', 'k'], { env: V37 }));
      assert.deepEqual(o, { out: '', err: 'Error: etcdserver: invalid auth token\n', code: 1 });
    }
  });

  test('a watch created with a rejected token is canceled by the server (exit 5)', async () => {
    const o = outcome(await ours([ep, `--auth-jwt-token=${foreign}`, 'watch', 'k'], { env: V37, timeoutMs: 10_000 }));
    assert.deepEqual(o, {
      out: '',
      err: 'watch was canceled (rpc error: code = Unauthenticated desc = etcdserver: invalid auth token)\nError: watch is canceled by the server\n',
      code: 5,
    });
  });

  test('--debug: the token is listed first and redacted; the one refused attempt is shown, never the token', async () => {
    const r = await ours([ep, '--debug', `--auth-jwt-token=${foreign}`, 'get', 'k'], { env: V37 });
    assert.equal(r.code, 1);
    const lines = r.err.split('\n');
    assert.equal(lines[0], 'ETCDCTL_AUTH_JWT_TOKEN=<redacted>');
    assert.equal(lines.filter((l) => l.startsWith('ETCDCTL_')).length, 21);
    assert.equal(
      lines.filter((l) => l.startsWith('retrying of unary invoker failed')).join('\n'),
      'retrying of unary invoker failed: method=/etcdserverpb.KV/Range attempt=0 error="etcdserver: invalid auth token"',
    );
    assert.ok(r.err.endsWith('Error: etcdserver: invalid auth token\n'));
    assert.ok(!r.err.includes(foreign.split('.')[2]) && !r.out.includes(foreign.split('.')[2]));
    const e = await ours([ep, '--debug', 'get', 'k'], { env: { ...V37, ETCDCTL_AUTH_JWT_TOKEN: token } });
    assert.ok(e.err.startsWith('ETCDCTL_AUTH_JWT_TOKEN=<redacted>\nETCDCTL_CACERT=\n'), e.err);
    assert.ok(!e.err.includes(token) && !e.out.includes(token));
    // An empty value means "not set" (the listing shows it empty).
    const none = await ours([ep, '--debug', '--auth-jwt-token=', 'endpoint', 'status'], { env: V37 });
    assert.ok(none.err.startsWith('ETCDCTL_AUTH_JWT_TOKEN=\n'), none.err);
  });

  test('config view --resolved (extension): the token redacted, with its source; 3.6 has no such setting', async () => {
    const env = { ETCDCTL_AUTH_JWT_TOKEN: token, XDG_CONFIG_HOME: keyDir };
    const o = await ours(['config', 'view', '--resolved'], { env: { ...env, ...V37 } });
    assert.equal(o.code, 0, o.err);
    assert.ok(o.out.includes('\nauth-jwt-token=<redacted>\t(env)\n'), o.out);
    assert.ok(!o.out.includes(token));
    const o36 = await ours(['config', 'view', '--resolved'], { env });
    assert.ok(!o36.out.includes('auth-jwt-token'), o36.out);
  });

  test('streams carry the token: watch, lease keep-alive, snapshot save', async () => {
    const w = await ours([ep, `--auth-jwt-token=${token}`, 'watch', 'k', '--rev=1', '-w', 'json'], {
      env: V37,
      timeoutMs: 3000,
    });
    assert.match(w.out, /^\{"Header":\{.*"Events":\[\{"kv":\{"key":"aw==".*"CancelReason":""\}\n/);
    const grant = await ours([ep, `--auth-jwt-token=${token}`, 'lease', 'grant', '60'], { env: V37 });
    const id = /lease ([0-9a-f]+) granted/.exec(grant.out)?.[1];
    assert.ok(id, grant.err);
    const ka = outcome(
      await ours([ep, `--auth-jwt-token=${token}`, 'lease', 'keep-alive', '--once', id], { env: V37 }),
    );
    assert.deepEqual(ka, { out: `lease ${id} keepalived with TTL(60)\n`, err: '', code: 0 });
    const file = path.join(keyDir, 'snap.db');
    const snap = outcome(await ours([ep, `--auth-jwt-token=${token}`, 'snapshot', 'save', file], { env: V37 }));
    assert.equal(snap.code, 0, snap.err);
    assert.equal(snap.out, `Snapshot saved at ${file}\n`);
  });

  test('per-endpoint clients and the --cluster member list take the token (endpoint hashkv needs root)', async () => {
    const args = ['endpoint', 'hashkv', '--cluster', '-w', 'json'];
    const r = outcome(await real('3.5', [ep, ...ROOT, ...args]));
    const o = outcome(await ours([ep, `--auth-jwt-token=${token}`, ...args], { env: V37 }));
    assert.deepEqual(o, r);
    const alice = await authenticate(cluster.endpoints[0], 'alice', 'alicepw');
    const denied = outcome(await ours([ep, `--auth-jwt-token=${alice}`, 'endpoint', 'hashkv'], { env: V37 }));
    assert.equal(denied.code, 1);
    assert.match(denied.err, /permission denied/);
  });

  describe('3.6 mode: as today (and as the real 3.5 etcdctl)', () => {
    test('--auth-jwt-token is an unknown flag (error as the real 3.5 etcdctl, printed once; get help on stdout)', async () => {
      const args = [ep, `--auth-jwt-token=${token}`, 'get', 'k'];
      const r = await real('3.5', args);
      const o = outcome(await ours(args));
      const want = cobraOnce({ out: Buffer.alloc(0), err: r.err, code: r.code });
      assert.deepEqual(o, { out: (await ours(['get', '--help'])).out, err: want.err, code: want.code });
      assert.equal(o.err, 'Error: unknown flag: --auth-jwt-token\n\n');
    });

    test('ETCDCTL_AUTH_JWT_TOKEN is not bound: the request goes without a token', async () => {
      const env = { ETCDCTL_AUTH_JWT_TOKEN: token };
      const r = outcome(await real('3.5', [ep, 'get', 'k'], { env }));
      const o = outcome(await ours([ep, 'get', 'k'], { env }));
      assert.deepEqual(o, r);
      assert.equal(o.code, 1);
    });

    test('--debug: unrecognized environment variable ETCDCTL_AUTH_JWT_TOKEN, 20 listed variables', async () => {
      const o = await ours([ep, '--debug', 'get', 'k'], { env: { ETCDCTL_AUTH_JWT_TOKEN: token } });
      const lines = o.err.split('\n');
      assert.equal(lines.filter((l) => /^ETCDCTL_[A-Z_]+=/.test(l)).length, 20);
      assert.ok(!o.err.includes('ETCDCTL_AUTH_JWT_TOKEN='));
      assert.ok(lines.includes('unrecognized environment variable ETCDCTL_AUTH_JWT_TOKEN'));
    });
  });
});
