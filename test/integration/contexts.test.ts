// Contexts (extension): precedence flag > ETCDCTL_* env > context > default, shown by
// `config view --resolved` and by connecting; use-context; password-file (0600 only) and
// password-command against an auth-enabled etcd; malformed files named by line (exit 14)
// that never break version/help; with no config file, help and --debug bytes unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../support/etcd';
import { ours, real, type RunOptions } from '../support/run';
import { envName, globalFlagsOf } from '../../src/cli/globals';

const ROOT_PW = 'Ctx-R00t-pw';
const DEAD = '127.0.0.1:1';
let cluster: Cluster;
let ep: string;
let dir: string;

before(async () => {
  cluster = await startCluster();
  ep = cluster.endpoints[0];
  for (const a of [
    ['user', 'add', `root:${ROOT_PW}`],
    ['auth', 'enable'],
  ]) {
    const r = await real('3.4', ['--endpoints', ep, ...a]);
    assert.equal(r.code, 0, r.err);
  }
  dir = mkdtempSync(join(tmpdir(), 'ctx-'));
});

after(async () => {
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string | undefined> = {}, opts: RunOptions = {}) {
  return ours(args, { ...opts, env: { XDG_CONFIG_HOME: dir, ...env } });
}

describe('contexts', () => {
  test('set-context, use-context, get-contexts; precedence shown and connected', async () => {
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, `${ROOT_PW}\n`);
    chmodSync(pwFile, 0o600);
    for (const a of [
      ['config', 'set-context', 'good', '--endpoints', ep, '--user', 'root', '--password-file', pwFile, '-w', 'json'],
      [
        'config',
        'set-context',
        'dead',
        '--endpoints',
        DEAD,
        '--user',
        'root',
        '--password-file',
        pwFile,
        '--dial-timeout',
        '1s',
      ],
      ['config', 'use-context', 'good'],
    ]) {
      const r = await run(a);
      assert.equal(r.code, 0, r.err);
    }
    assert.equal((await run(['config', 'get-contexts'])).out, '  dead\n* good\n');
    assert.equal((await run(['config', 'current-context'])).out, 'good\n');

    let r = await run(['put', 'k', 'v']);
    assert.equal(r.code, 0, r.err);
    r = await run(['get', 'k']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /"kvs":/); // -w json from the context

    r = await run(['config', 'view', '--resolved']);
    assert.match(r.out, /^context: good$/m);
    assert.match(r.out, new RegExp(`^endpoints=\\[${ep}\\]\\t\\(context\\)$`, 'm'));
    assert.match(r.out, /^password=<redacted>\t\(context\)$/m);
    assert.match(r.out, /^command-timeout=5s\t\(default\)$/m);
    assert.ok(!r.out.includes(ROOT_PW));

    // --context over current-context; env over context; flag over context
    r = await run(['--context', 'dead', 'config', 'view', '--resolved']);
    assert.match(r.out, /^endpoints=\[127\.0\.0\.1:1\]\t\(context\)$/m);
    r = await run(['--context', 'dead', 'get', 'k']);
    assert.notEqual(r.code, 0);
    r = await run(['--context', 'dead', 'get', 'k', '--print-value-only'], { ETCDCTL_ENDPOINTS: ep });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'v\n');
    r = await run(['--context', 'dead', '--endpoints', ep, '-w', 'simple', 'config', 'view', '--resolved'], {
      ETCDCTL_DIAL_TIMEOUT: '3s',
    });
    assert.match(r.out, /^endpoints=.*\t\(flag\)$/m);
    assert.match(r.out, /^dial-timeout=3s\t\(env\)$/m);
    assert.match(r.out, /^write-out=simple\t\(flag\)$/m);
    r = await run(['--context', 'dead', '--endpoints', ep, 'get', 'k', '--print-value-only']);
    assert.equal(r.out, 'v\n', r.err);
    // etcdctl's flag/env conflict rule is unchanged
    r = await run(['--endpoints', ep, 'get', 'k'], { ETCDCTL_ENDPOINTS: ep });
    assert.equal(r.code, 1);
    assert.match(r.err, /conflicting environment variable "ETCDCTL_ENDPOINTS"/);

    r = await run(['config', 'use-context', 'dead']);
    assert.equal(r.code, 0, r.err);
    assert.equal((await run(['config', 'current-context'])).out, 'dead\n');
    r = await run(['config', 'use-context', 'nosuch']);
    assert.equal(r.code, 14);
  });

  test('password file must be 0600; password-command', async () => {
    const pwFile = join(dir, 'pw644');
    writeFileSync(pwFile, ROOT_PW);
    chmodSync(pwFile, 0o644);
    await run(['config', 'set-context', 'loose', '--endpoints', ep, '--user', 'root', '--password-file', pwFile]);
    let r = await run(['--context', 'loose', 'get', 'k']);
    assert.equal(r.code, 14);
    assert.equal(
      r.err,
      `Error: password file ${pwFile} has mode 0644: refusing to use it (it must be 0600, readable only by you)\n`,
    );
    chmodSync(pwFile, 0o600);
    r = await run(['--context', 'loose', 'get', 'k', '--print-value-only']);
    assert.equal(r.code, 0, r.err);

    await run([
      'config',
      'set-context',
      'cmd',
      '--endpoints',
      ep,
      '--user',
      'root',
      '--password-command',
      `printf %s ${ROOT_PW}`,
    ]);
    r = await run(['--context', 'cmd', 'get', 'k', '--print-value-only']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'v\n');
    r = await run(['config', 'delete-context', 'cmd']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch((await run(['config', 'get-contexts'])).out, /cmd/);
  });

  test('malformed file: error with line, exit 14; version and help unaffected; no plain passwords', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'current-context: a\ncontexts:\n  a: [\n');
    let r = await run(['get', 'k'], { ETCDCTLTS_CONFIG: file });
    assert.equal(r.code, 14);
    assert.match(r.err, new RegExp(`^Error: config file ${file}: line \\d+: `));
    assert.doesNotMatch(r.err, /\n\s+at /);
    r = await run(['version'], { ETCDCTLTS_CONFIG: file });
    assert.equal(r.code, 0, r.err);
    const help = await run(['--help'], { ETCDCTLTS_CONFIG: file });
    assert.equal(help.code, 0);
    assert.equal(help.out, (await ours(['--help'])).out);
    writeFileSync(file, 'contexts:\n  a:\n    endpoints: x\n    password: secret\n');
    r = await run(['get', 'k'], { ETCDCTLTS_CONFIG: file });
    assert.equal(
      r.err,
      `Error: config file ${file}: line 4: passwords are never stored in the config file: use password-file (mode 0600) or password-command\n`,
    );
  });

  test('without a config file: help and --debug listing as before, no --context anywhere', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ctx-none-'));
    try {
      const opts = { env: { XDG_CONFIG_HOME: empty } };
      const a = await ours(['--debug', '--endpoints', DEAD, '--dial-timeout', '100ms', 'get', 'k'], opts);
      const names = a.err
        .split('\n')
        .filter((l) => /^ETCDCTL_/.test(l))
        .map((l) => l.slice(0, l.indexOf('=')));
      assert.deepEqual(
        names,
        globalFlagsOf('3.6')
          .map((f) => envName(f.name))
          .sort(),
      );
      assert.ok(!a.err.includes('CONTEXT'));
      for (const args of [['--help'], ['get', '--help']]) {
        const h = await ours(args, opts);
        assert.ok(!h.out.includes('--context'), args.join(' '));
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
