// Live completion values through cobra's protocol (`etcdctl __complete ...` with
// ETCDCTLTS_COMPLETE_LIVE=1) against real etcd: keys (at most 50, directories with NoSpace),
// member IDs with their names, lease IDs, user and role names, context names; the line's
// --endpoints / --context / --user and the ETCDCTL_* variables; an auth-enabled cluster
// (credentials from the line or a context's 0600 password file; no prompt, no
// password-command). Fallback: an unreachable or silent endpoint gives the static output
// byte for byte, exit 0, and nothing on stderr but the protocol's directive line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../support/etcd';
import { ours, type RunResult } from '../support/run';

const LIVE = { ETCDCTLTS_COMPLETE_LIVE: '1' };
const NOFILE = 'Completion ended with directive: ShellCompDirectiveNoFileComp\n';
const NOSPACE_NOFILE = 'Completion ended with directive: ShellCompDirectiveNoSpace, ShellCompDirectiveNoFileComp\n';

async function run(args: string[], env: Record<string, string | undefined>): Promise<RunResult> {
  const r = await ours(['__complete', ...args], { env });
  assert.equal(r.code, 0, r.err);
  return r;
}

/** The candidate lines (value, or value<TAB>description) and the directive line. */
async function lines(args: string[], env: Record<string, string | undefined>): Promise<string[]> {
  return (await run(args, env)).out.split('\n').filter((l) => l !== '');
}

async function put(cluster: Cluster, args: string[]): Promise<string> {
  const r = await ours(args, { env: { ETCDCTL_ENDPOINTS: cluster.endpoints[0] } });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
  return r.out;
}

describe('live values', () => {
  let cluster: Cluster;
  let env: Record<string, string>;
  let lease: string;
  let memberId: string;
  let memberName: string;

  before(async () => {
    cluster = await startCluster({ size: 1 });
    env = { ...LIVE, ETCDCTL_ENDPOINTS: cluster.endpoints[0] };
    for (const k of ['/app/config/a', '/app/config/b', '/app/count', '/app/name', '/top', 'other'])
      await put(cluster, ['put', k, 'v']);
    for (let i = 0; i < 60; i++) await put(cluster, ['put', `/many/k${String(i).padStart(2, '0')}`, 'v']);
    lease = /^lease ([0-9a-f]+) granted/.exec(await put(cluster, ['lease', 'grant', '600']))![1];
    // `<hex id>, started, <name>, <peer urls>, <client urls>, <learner>`
    [memberId, , memberName] = (await put(cluster, ['member', 'list'])).split(', ');
    await put(cluster, ['user', 'add', 'alice:pw1']);
    await put(cluster, ['user', 'add', 'bob:pw2']);
    await put(cluster, ['role', 'add', 'reader']);
    await put(cluster, ['role', 'add', 'writer']);
    await put(cluster, ['user', 'grant-role', 'alice', 'writer']);
  });

  after(async () => {
    await cluster?.stop();
  });

  test('keys and key directories under the typed prefix: NoFileComp, NoSpace with a directory', async () => {
    const r = await run(['get', '/app/'], env);
    assert.equal(r.out, '/app/config/\n/app/count\n/app/name\n:6\n');
    assert.equal(r.err, NOSPACE_NOFILE);
    const leaves = await run(['get', '/app/config/'], env);
    assert.equal(leaves.out, '/app/config/a\n/app/config/b\n:4\n');
    assert.equal(leaves.err, NOFILE);
    assert.deepEqual(await lines(['get', ''], env), ['/', 'other', ':6']);
    assert.deepEqual(await lines(['get', '/nothing'], env), [':4']);
  });

  test('keys for put, del, watch and the range end', async () => {
    for (const args of [
      ['put', '/app/n'],
      ['del', '/app/n'],
      ['watch', '/app/n'],
      ['get', '/x', '/app/n'],
      ['del', '--prefix', '/app/n'],
    ]) {
      assert.deepEqual(await lines(args, env), ['/app/name', ':4'], args.join(' '));
    }
    assert.deepEqual(await lines(['put', '/app/name', ''], env), [':0'], "put's value is not a key");
  });

  test('at most 50 keys', async () => {
    const got = await lines(['get', '/many/'], env);
    assert.equal(got.length, 51);
    assert.equal(got[0], '/many/k00');
    assert.equal(got[49], '/many/k49');
    assert.equal(got[50], ':4');
  });

  test('member IDs with the member name as description', async () => {
    assert.deepEqual(await lines(['member', 'remove', ''], env), [`${memberId}\t${memberName}`, ':4']);
    assert.deepEqual(await lines(['move-leader', memberId.slice(0, 3)], env), [`${memberId}\t${memberName}`, ':4']);
    assert.deepEqual(await lines(['member', 'promote', ''], env), [':4'], 'no learner to promote');
    const noDesc = await ours(['__completeNoDesc', 'member', 'update', ''], { env });
    assert.equal(noDesc.out, `${memberId}\n:4\n`);
  });

  test('lease IDs (hex, as etcdctl prints and takes them), also for put --lease', async () => {
    for (const args of [
      ['lease', 'revoke', ''],
      ['lease', 'timetolive', lease.slice(0, 4)],
      ['lease', 'keep-alive', ''],
    ])
      assert.deepEqual(await lines(args, env), [lease, ':4'], args.join(' '));
    assert.deepEqual(await lines(['put', '--lease', ''], env), [lease, ':4']);
    assert.deepEqual(await lines(['put', '--lease='], env), [`--lease=${lease}`, ':4']);
  });

  test('user and role names', async () => {
    assert.deepEqual(await lines(['user', 'get', ''], env), ['alice', 'bob', ':4']);
    assert.deepEqual(await lines(['user', 'passwd', 'b'], env), ['bob', ':4']);
    assert.deepEqual(await lines(['user', 'grant-role', 'alice', ''], env), ['reader', 'writer', ':4']);
    assert.deepEqual(await lines(['user', 'revoke-role', 'alice', ''], env), ['writer', ':4'], "alice's roles");
    assert.deepEqual(await lines(['role', 'delete', 'w'], env), ['writer', ':4']);
    assert.deepEqual(await lines(['role', 'grant-permission', 'reader', 'read', '/t'], env), ['/top', ':4']);
  });

  test('the line’s --endpoints wins over ETCDCTL_ENDPOINTS', async () => {
    const viaLine = { ...LIVE, ETCDCTL_ENDPOINTS: '127.0.0.1:1' };
    assert.deepEqual(await lines([`--endpoints=${cluster.clientUrls[0]}`, 'get', '/t'], viaLine), ['/top', ':4']);
    assert.deepEqual(await lines(['--endpoints', cluster.endpoints[0], 'user', 'get', 'a'], LIVE), ['alice', ':4']);
  });

  test('contexts: names from the config file, and --context selects the endpoints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w13-ctx-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      `current-context: broken\ncontexts:\n  dev:\n    endpoints: ${cluster.endpoints[0]}\n  broken:\n    endpoints: 127.0.0.1:1\n`,
    );
    const cenv = { ...LIVE, ETCDCTLTS_CONFIG: file };
    assert.deepEqual(await lines(['--context', ''], cenv), ['broken', 'dev', ':4']);
    assert.deepEqual(await lines(['--context=d'], cenv), ['--context=dev', ':4']);
    assert.deepEqual(await lines(['config', 'use-context', ''], cenv), ['broken', 'dev', ':4']);
    assert.deepEqual(await lines(['--context', 'dev', 'get', '/t'], cenv), ['/top', ':4']);
    assert.deepEqual(await lines(['get', '--context=dev', '/t'], cenv), ['/top', ':4']);
    assert.deepEqual(await lines(['get', '/t'], cenv), [':0'], 'the current context is unreachable: static');
  });

  test('without ETCDCTLTS_COMPLETE_LIVE=1 the output is the static one', async () => {
    for (const value of [undefined, '0', 'true']) {
      const off = { ETCDCTL_ENDPOINTS: cluster.endpoints[0], ETCDCTLTS_COMPLETE_LIVE: value };
      const r = await run(['get', '/app/'], off);
      assert.equal(r.out, ':0\n');
      assert.equal(r.err, 'Completion ended with directive: ShellCompDirectiveDefault\n');
      assert.deepEqual(await lines(['member', 'remove', ''], off), [':0']);
    }
  });
});

describe('an auth-enabled cluster', () => {
  let cluster: Cluster;
  let dir: string;

  before(async () => {
    cluster = await startCluster({ size: 1 });
    for (const args of [
      ['put', '/secret/a', 'v'],
      ['user', 'add', 'root:rootpw'],
      ['role', 'add', 'root'],
      ['user', 'grant-role', 'root', 'root'],
      ['auth', 'enable'],
    ])
      await put(cluster, args);
    dir = mkdtempSync(join(tmpdir(), 'w13-auth-'));
  });

  after(async () => {
    await cluster?.stop();
  });

  test('credentials from the line or ETCDCTL_USER', async () => {
    const env = { ...LIVE, ETCDCTL_ENDPOINTS: cluster.endpoints[0] };
    assert.deepEqual(await lines(['--user', 'root:rootpw', 'get', '/secret/'], env), ['/secret/a', ':4']);
    assert.deepEqual(await lines(['--user=root', '--password=rootpw', 'get', '/s'], env), ['/secret/', ':6']);
    assert.deepEqual(await lines(['get', '/secret/'], { ...env, ETCDCTL_USER: 'root:rootpw' }), ['/secret/a', ':4']);
  });

  test('no credentials, or a user without password: no prompt, the static completion', async () => {
    const env = { ...LIVE, ETCDCTL_ENDPOINTS: cluster.endpoints[0] };
    for (const args of [
      ['get', '/secret/'],
      ['--user', 'root', 'get', '/secret/'],
    ]) {
      const r = await ours(['__complete', ...args], { env, input: 'rootpw\n' });
      assert.deepEqual(
        { out: r.out, err: r.err, code: r.code },
        { out: ':0\n', err: 'Completion ended with directive: ShellCompDirectiveDefault\n', code: 0 },
      );
    }
  });

  test("a context's 0600 password file is used; its password-command is never run", async () => {
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, 'rootpw\n');
    chmodSync(pwFile, 0o600);
    const marker = join(dir, 'ran');
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      [
        'contexts:',
        '  byfile:',
        `    endpoints: ${cluster.endpoints[0]}`,
        '    user: root',
        `    password-file: ${pwFile}`,
        '  bycommand:',
        `    endpoints: ${cluster.endpoints[0]}`,
        '    user: root',
        `    password-command: touch ${marker}; echo rootpw`,
        '',
      ].join('\n'),
    );
    const env = { ...LIVE, ETCDCTLTS_CONFIG: file };
    assert.deepEqual(await lines(['--context', 'byfile', 'get', '/secret/'], env), ['/secret/a', ':4']);
    assert.deepEqual(await lines(['--context', 'bycommand', 'get', '/secret/'], env), [':0']);
    assert.equal(existsSync(marker), false);
  });
});

describe('fallback to the static completion', () => {
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];

  before(async () => {
    // a fake for what no real server does on demand: accept connections and never answer
    silent = createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });

  after(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });

  const LINES = [
    ['get', '/app/'],
    ['member', 'remove', ''],
    ['lease', 'revoke', ''],
    ['user', 'get', ''],
    ['role', 'get', ''],
    ['get', '--k'],
    ['member', ''],
  ];

  for (const endpoint of ['unreachable', 'silent']) {
    test(`${endpoint} endpoint: the static bytes, exit 0, only the directive line on stderr`, async () => {
      const ep = endpoint === 'unreachable' ? '127.0.0.1:1' : `127.0.0.1:${silentPort}`;
      for (const line of LINES) {
        const args = ['__complete', `--endpoints=${ep}`, ...line];
        const [live, stat] = await Promise.all([ours(args, { env: LIVE }), ours(args)]);
        assert.deepEqual(
          { out: live.out, err: live.err, code: live.code, timedOut: live.timedOut },
          { out: stat.out, err: stat.err, code: 0, timedOut: false },
          line.join(' '),
        );
      }
    });
  }

  test('a bad flag value or a broken config file on the line: static, no error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w13-bad-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'contexts: [oops\n');
    for (const [args, env] of [
      [['--endpoints=127.0.0.1:1', '--dial-timeout=forever', 'get', '/a'], LIVE],
      [['--endpoints=127.0.0.1:1', '--context', 'nope', 'get', '/a'], { ...LIVE, ETCDCTLTS_CONFIG: file }],
      [['--cacert=/nonexistent', '--endpoints=127.0.0.1:1', 'get', '/a'], LIVE],
    ] as const) {
      const r = await ours(['__complete', ...args], { env });
      assert.deepEqual(
        { out: r.out, err: r.err, code: r.code },
        {
          out: ':0\n',
          err: 'Completion ended with directive: ShellCompDirectiveDefault\n',
          code: 0,
        },
      );
    }
  });
});
