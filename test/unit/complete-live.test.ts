// Live completion (ETCDCTLTS_COMPLETE_LIVE=1), the pure parts: which source fills which
// argument position or flag value (liveRequest), how keys and names become candidates and
// directives, and the configuration a lookup connects with (the line's flags, --context,
// ETCDCTL_*; never a prompt nor a context's password-command). Lookups against etcd:
// test/integration/complete-live.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/program';
import { complete, Directive } from '../../src/cli/complete';
import { completeLive, liveRequest, type LiveSource } from '../../src/cli/complete-live';
import { keyCompletion, lineConfig, LIVE_LIMIT, namedCompletion } from '../../src/cli/complete-fetch';

const root = buildProgram('3.6');

/** The source and match for a `__complete` argument list, undefined when static completion applies. */
function sourceOf(args: string[]): (LiveSource & { match: string; prefix: string }) | undefined {
  const { request } = liveRequest(root, args);
  return request && { ...request.source, match: request.match, prefix: request.prefix };
}

const KEYS = (match = '') => ({ kind: 'keys', match, prefix: '' });
const named = (kind: string, match = '', prefix = '') => ({ kind, match, prefix });

describe('liveRequest: the source of each argument position', () => {
  const cases: [string[], object | undefined][] = [
    // keys: get/del/watch key and range end, put's key, ls/tree prefix
    [['get', ''], KEYS()],
    [['get', '/a'], KEYS('/a')],
    [['get', 'a', ''], KEYS()],
    [['get', 'a', 'b', ''], undefined],
    [['get', '--prefix', '/ap'], KEYS('/ap')],
    [['get', '--limit', '5', ''], KEYS()],
    [['get', '--', ''], KEYS()],
    [['put', ''], KEYS()],
    [['put', 'k', ''], undefined],
    [['del', 'k', ''], KEYS()],
    [['watch', '/a', ''], KEYS()],
    [['watch', '/a', '--', ''], undefined],
    [['watch', '--', ''], undefined],
    [['ls', ''], KEYS()],
    [['tree', '/x'], KEYS('/x')],
    // members
    [['member', 'remove', ''], { kind: 'members', learnersOnly: false, match: '', prefix: '' }],
    [['member', 'update', '8e'], { kind: 'members', learnersOnly: false, match: '8e', prefix: '' }],
    [['member', 'promote', ''], { kind: 'members', learnersOnly: true, match: '', prefix: '' }],
    [['move-leader', ''], { kind: 'members', learnersOnly: false, match: '', prefix: '' }],
    [['member', 'remove', 'x', ''], undefined],
    [['member', 'add', ''], undefined],
    [['member', 'list', ''], undefined],
    // leases
    [['lease', 'revoke', ''], named('leases')],
    [['lease', 'timetolive', '69'], named('leases', '69')],
    [['lease', 'keep-alive', ''], named('leases')],
    [['lease', 'keep-alive', '--once', ''], named('leases')],
    [['lease', 'grant', ''], undefined],
    [['put', '--lease', ''], named('leases')],
    [['put', '--lease=69'], named('leases', '69', '--lease=')],
    [['put', '--lease=69', 'k', ''], undefined],
    // users and roles
    [['user', 'get', ''], named('users')],
    [['user', 'delete', 'al'], named('users', 'al')],
    [['user', 'passwd', ''], named('users')],
    [['user', 'add', ''], undefined],
    [['user', 'get', 'alice', ''], undefined],
    [['user', 'grant-role', ''], named('users')],
    [['user', 'grant-role', 'alice', ''], named('roles')],
    [['user', 'revoke-role', 'alice', 'r'], { kind: 'user-roles', user: 'alice', match: 'r', prefix: '' }],
    [['role', 'get', ''], named('roles')],
    [['role', 'delete', ''], named('roles')],
    [['role', 'add', ''], undefined],
    [['role', 'grant-permission', ''], named('roles')],
    [['role', 'grant-permission', 'r', ''], undefined],
    [['role', 'grant-permission', 'r', 'read', '/k'], KEYS('/k')],
    [['role', 'grant-permission', '--prefix', 'r', 'read', '/k', ''], KEYS()],
    [['role', 'revoke-permission', 'r', ''], KEYS()],
    // contexts
    [['--context', ''], named('contexts')],
    [['--context=pr'], named('contexts', 'pr', '--context=')],
    [['get', '--context', 'd'], named('contexts', 'd')],
    [['config', 'use-context', ''], named('contexts')],
    [['config', 'delete-context', 'x'], named('contexts', 'x')],
    [['config', 'set-context', ''], named('contexts')],
    [['config', 'view', ''], undefined],
    // what stays static: sub-commands, flag names, -w values, unknown or partial command names
    [[''], undefined],
    [['member', ''], undefined],
    [['get', '--k'], undefined],
    [['get', '-w', ''], undefined],
    [['get', '--write-out=j'], undefined],
    [['ge', ''], undefined],
    [['version', ''], undefined],
  ];
  for (const [args, want] of cases) {
    test(JSON.stringify(args), () => assert.deepEqual(sourceOf(args), want));
  }

  test('the global flags and --context before the cursor come with the request', () => {
    const { at } = liveRequest(root, [
      '--endpoints=a:1',
      '--context',
      'dev',
      'get',
      '--user',
      'bob:pw',
      '-w',
      'json',
      '--debug',
      '/k',
    ]);
    assert.equal(at.context, 'dev');
    assert.deepEqual(
      at.given.map((g) => [g.spec.name, g.value]),
      [
        ['endpoints', 'a:1'],
        ['user', 'bob:pw'],
        ['write-out', 'json'],
        ['debug', 'true'],
      ],
    );
    assert.equal(liveRequest(root, ['--context=prod', 'get', '']).at.context, 'prod');
  });

  test('the 3.7 line selects the same sources', () => {
    const r = liveRequest(buildProgram('3.7'), ['member', 'remove', '']).request;
    assert.deepEqual(r?.source, { kind: 'members', learnersOnly: false });
  });
});

describe('candidates and directives', () => {
  const req = { source: { kind: 'keys' } as LiveSource, match: '/a', prefix: '' };
  const entry = (key: string | Buffer, dir = false) => ({ key: Buffer.from(key), dir });

  test('keys and key directories: NoFileComp, plus NoSpace when a directory is offered', () => {
    const c = keyCompletion([entry('/a/', true), entry('/ab')], req);
    assert.deepEqual(c, {
      candidates: [
        { value: '/a/', desc: '' },
        { value: '/ab', desc: '' },
      ],
      directive: Directive.NoFileComp | Directive.NoSpace,
    });
    assert.equal(keyCompletion([entry('/ab')], req).directive, Directive.NoFileComp);
    assert.deepEqual(keyCompletion([], req), { candidates: [], directive: Directive.NoFileComp });
  });

  test('keys a shell cannot take as typed are left out; at most LIVE_LIMIT', () => {
    const c = keyCompletion(
      [entry(Buffer.from([0x2f, 0x61, 0xff])), entry('/a\tb'), entry('/a\nb'), entry('/ok')],
      req,
    );
    assert.deepEqual(
      c.candidates.map((x) => x.value),
      ['/ok'],
    );
    const many = Array.from({ length: LIVE_LIMIT + 10 }, (_, i) => entry(`/a${i}`));
    assert.equal(keyCompletion(many, req).candidates.length, LIVE_LIMIT);
    assert.equal(LIVE_LIMIT, 50);
  });

  test('names: filtered on the match, flag prefix put back, descriptions kept', () => {
    const r = { source: { kind: 'leases' } as LiveSource, match: '69', prefix: '--lease=' };
    assert.deepEqual(namedCompletion([{ value: '694d' }, { value: '7a' }, { value: '69ff', desc: 'x' }], r), {
      candidates: [
        { value: '--lease=694d', desc: '' },
        { value: '--lease=69ff', desc: 'x' },
      ],
      directive: Directive.NoFileComp,
    });
  });
});

describe('lineConfig: what a lookup connects with', () => {
  const at = (args: string[]) => liveRequest(root, [...args, '']).at;

  test('the line’s flags, else ETCDCTL_*; a flag on the line wins over its variable (no conflict error)', () => {
    assert.deepEqual(lineConfig(root, at(['get']), { ETCDCTL_ENDPOINTS: 'e:1' }).endpoints, ['e:1']);
    const cfg = lineConfig(root, at(['--endpoints', 'f:1,g:2', 'get']), { ETCDCTL_ENDPOINTS: 'e:1' });
    assert.deepEqual(cfg.endpoints, ['f:1', 'g:2']);
    assert.equal(cfg.changed.has('endpoints'), true);
    assert.equal(lineConfig(root, at(['--dial-timeout=3s', 'get']), {}).dialTimeout, 3_000_000_000n);
  });

  test('-w plays no part: a bad one on the line, in the environment or in a context is no error', () => {
    assert.doesNotThrow(() => lineConfig(root, at(['-w', 'bogus', 'get']), { ETCDCTL_WRITE_OUT: 'nope' }));
  });

  test('--user without a password: no prompt, the configuration as it is', () => {
    const cfg = lineConfig(root, at(['--user', 'bob', 'get']), {});
    assert.equal(cfg.user, 'bob');
    assert.equal(cfg.password, '');
  });

  test('a context supplies settings; its password-command is never run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'w13-live-'));
    const file = join(dir, 'config.yaml');
    const marker = join(dir, 'ran');
    writeFileSync(
      file,
      [
        'current-context: dev',
        'contexts:',
        '  dev:',
        '    endpoints: d:1',
        '  prod:',
        '    endpoints: p:1',
        '    user: ops',
        `    password-command: touch ${marker}`,
        '    write-out: bogus',
        '',
      ].join('\n'),
    );
    const env = { ETCDCTLTS_CONFIG: file };
    assert.deepEqual(lineConfig(root, at(['get']), env).endpoints, ['d:1']);
    const prod = lineConfig(root, at(['--context', 'prod', 'get']), env);
    assert.deepEqual(prod.endpoints, ['p:1']);
    assert.equal(prod.user, 'ops');
    assert.equal(prod.password, '');
    assert.equal(existsSync(marker), false, 'password-command ran');
    assert.deepEqual(lineConfig(root, at(['--context=prod', '--endpoints=x:1', 'get']), env).endpoints, ['x:1']);
  });
});

describe('completeLive without etcd', () => {
  test('a line without a live source: exactly the static completion', async () => {
    for (const args of [[''], ['get', '--k'], ['get', '-w', ''], ['member', 're'], ['put', 'k', '']]) {
      assert.deepEqual(await completeLive(root, args, {}), complete(root, args), JSON.stringify(args));
    }
  });

  test('context names come from the config file (no etcd involved)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'w13-live-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'contexts:\n  prod:\n    endpoints: p:1\n  dev:\n    endpoints: d:1\n  stage: {}\n');
    const env = { ETCDCTLTS_CONFIG: file };
    const values = async (args: string[]) => (await completeLive(root, args, env)).candidates.map((c) => c.value);
    assert.deepEqual(await values(['--context', '']), ['dev', 'prod', 'stage']);
    assert.deepEqual(await values(['--context=p']), ['--context=prod']);
    assert.deepEqual(await values(['config', 'use-context', 's']), ['stage']);
    assert.equal((await completeLive(root, ['--context', ''], env)).directive, Directive.NoFileComp);
    // a missing or broken config file: no candidates, never an error
    assert.deepEqual(await completeLive(root, ['--context', ''], { ETCDCTLTS_CONFIG: join(dir, 'none') }), {
      candidates: [],
      directive: Directive.NoFileComp,
    });
  });
});

describe('static completion and the extension --context flag', () => {
  const values = (args: string[]) => complete(root, args).candidates.map((c) => c.value);
  test('skipped with its value when locating the command (as the run loop takes it off)', () => {
    assert.deepEqual(values(['--context', 'dev', 'member', 're']), ['remove']);
    assert.deepEqual(values(['--context=dev', 'member', 're']), ['remove']);
    assert.deepEqual(values(['get', '--context', 'dev', '--keys-o']), ['--keys-only']);
  });
  test('its value: nothing without live values, and no file completion', () => {
    assert.deepEqual(complete(root, ['--context', '']), { candidates: [], directive: Directive.NoFileComp });
    assert.deepEqual(complete(root, ['--context=d']), { candidates: [], directive: Directive.NoFileComp });
  });
  test('never offered as a flag name (an extension flag)', () => {
    assert.ok(!values(['--con']).includes('--context'));
  });
});
