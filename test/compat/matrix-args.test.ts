// Cross-command behaviour matrix, part 1 (no server needed): which error wins, for
// every runnable command, when arguments are bad and the environment is odd
// (command-name lookup: matrix-lookup.test.ts). The real
// etcdctl 3.5.30 (the oracle closest to 3.6) and ours run the same command line; stdout, stderr (zap lines dropped) and exit status must match.
// Where 3.6 differs from the oracle, the expectation is derived and docs/etcdctl-behaviour.md cited.
//
// Order of operations (docs/etcdctl-behaviour.md §3.7): argument validation → [timeout context] → client
// configuration (ETCDCTL_* applied, conflicts fatal, --debug listing, DNS discovery,
// empty --cert/--key/--cacert (128), password prompt, -w validated (4)) → client
// creation (2) → RPC → printer support (4, after the RPC: matrix-format.test.ts).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CONFLICT_TEXT,
  UNREACHABLE,
  dropStty,
  errOnly,
  pool,
  runOurs,
  runReal,
  type Outcome,
  type PairOptions,
} from '../support/matrix';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-matrix-args-'));
const SNAP = path.join(TMP, 'never.db');
const LIMIT = 6;
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

interface Case {
  args: string[];
  opts?: PairOptions;
  /** The 3.6 expectation derived from the oracle's outcome. */
  expect?: (o: Outcome) => Outcome;
  /** No oracle has this command (3.6 only): the expected outcome. */
  only36?: Outcome;
}

interface Ran {
  name: string;
  expected: Outcome;
  got: Outcome;
}

async function runCase(name: string, c: Case): Promise<Ran> {
  if (c.only36) return { name, expected: c.only36, got: await runOurs(c.args, c.opts) };
  const [got, r] = await Promise.all([runOurs(c.args, c.opts), runReal(c.opts?.realArgs ?? c.args, c.opts)]);
  return { name, expected: (c.expect ?? ((o) => o))(r), got };
}

/** Registers one test per case; all cases of the block run (in a pool) before its tests. */
function matrix(title: string, cases: [string, Case][]): void {
  describe(title, () => {
    let ran: Ran[] = [];
    before(async () => {
      ran = await pool(
        cases.map(
          ([name, c]) =>
            () =>
              runCase(name, c),
        ),
        LIMIT,
      );
    });
    cases.forEach(([name], i) => {
      test(name, () => {
        const r = ran[i];
        assert.deepEqual(r.got, r.expected, `etcdctl ${cases[i][1].args.join(' ')}`);
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 1. Bad positional arguments: validated before anything else (exit 128, or the command's own
// code), so they win over -w bogus, an unreachable endpoint, bad TLS flags, a --user prompt and
// an ETCDCTL_ENDPOINTS/--endpoints conflict. Except where etcdctl checks them only after building
// its client (`watch` without a key, `elect <name>` without a proposal): there the configuration
// errors win, in etcdctl as in ours.

const v36 = (msg: string, code = 128): Outcome => errOnly(msg, code);

/**
 * etcdctl 3.5/3.6 report an ETCDCTL_* variable vs flag conflict as a zap "fatal" record (dropped here,
 * leaving an empty stderr) and exit 1; we print one Error line (README: deliberate difference).
 */
function conflictLine(o: Outcome): Outcome {
  return o.err === '' && o.code === 1 && o.out === '' ? { ...o, err: `Error: ${CONFLICT_TEXT}\n` } : o;
}

const ARG_ERRORS: [string[], Partial<Case>?][] = [
  [['get']],
  [['get', 'k', '--consistency=x']],
  [['get', 'k', '--order=x']],
  [['get', 'k', '--sort-by=x']],
  [['get', 'k', '--prefix', '--from-key']],
  [['put']],
  [['put', 'k', 'v', '--ignore-value']],
  [['del']],
  [['del', 'k', '--prefix', '--from-key']],
  [['txn', 'x']],
  [['compaction']],
  [['compaction', '1', '2']],
  [['compaction', 'abc']],
  [['alarm', 'list', 'x']],
  [['alarm', 'disarm', 'x']],
  [['move-leader']],
  [['move-leader', 'zz']],
  [['watch']],
  [['lease', 'grant']],
  [['lease', 'grant', 'abc']],
  [['lease', 'revoke']],
  [['lease', 'revoke', 'zz']],
  [['lease', 'timetolive']],
  [['lease', 'keep-alive']],
  [['lease', 'keep-alive', 'zz']],
  [['member', 'add']],
  [['member', 'add', 'a', 'http://x:1']],
  [['member', 'add', 'a']],
  [['member', 'remove']],
  [['member', 'remove', 'zz']],
  [['member', 'update']],
  [['member', 'update', '1']],
  [['member', 'promote']],
  [['member', 'promote', 'zz']],
  // 3.6 names the argument (docs/etcdctl-behaviour.md §8.7, §11.4 #15)
  [['snapshot', 'save'], { expect: (o) => ({ ...o, err: o.err.replace(/argument\n$/, 'argument <filename>\n') }) }],
  [['make-mirror']],
  [['make-mirror', 'a', 'b']],
  [['lock']],
  [['elect']],
  [['elect', 'x']],
  [['elect', 'a', 'b', 'c']],
  [['auth', 'enable', 'x']],
  [['auth', 'disable', 'x']],
  [['auth', 'status', 'x']],
  [['user', 'add']],
  [['user', 'add', ':pw']],
  [['user', 'delete']],
  [['user', 'get']],
  [['user', 'list', 'x']],
  [['user', 'passwd']],
  [['user', 'grant-role', 'a']],
  [['user', 'revoke-role', 'a']],
  [['role', 'add']],
  [['role', 'delete']],
  [['role', 'get']],
  [['role', 'list', 'x']],
  [['role', 'grant-permission', 'a', 'b']],
  [['role', 'grant-permission', 'a', 'bogus', 'k']],
  [['role', 'grant-permission', 'a', 'read', 'k', 'z', '--prefix']],
  [['role', 'revoke-permission', 'a']],
  [['check', 'perf', '--load=zz']],
  [['check', 'datascale', '--load=zz']],
  // extra arguments
  [['get', 'a', 'b', 'c']],
  [['put', 'a', 'b', 'c']],
  [['del', 'a', 'b', 'c']],
  [['lease', 'grant', '1', '2']],
  [['lease', 'revoke', '1', '2']],
  [['lease', 'timetolive', '1', '2']],
  [['lease', 'keep-alive', '1', '2']],
  [['member', 'remove', '1', '2']],
  [['member', 'update', '1', '2', '--peer-urls=http://a:1']],
  [['member', 'promote', '1', '2']],
  [['move-leader', '1', '2']],
  [
    ['snapshot', 'save', 'a', 'b'],
    { expect: (o) => ({ ...o, err: o.err.replace(/argument\n$/, 'argument <filename>\n') }) },
  ],
  [['user', 'add', 'a', 'b']],
  [['user', 'delete', 'a', 'b']],
  [['user', 'get', 'a', 'b']],
  [['user', 'passwd', 'a', 'b']],
  [['user', 'grant-role', 'a', 'b', 'c']],
  [['user', 'revoke-role', 'a', 'b', 'c']],
  [['role', 'add', 'a', 'b']],
  [['role', 'delete', 'a', 'b']],
  [['role', 'get', 'a', 'b']],
  // downgrade exists only in 3.6 (docs/etcdctl-behaviour.md §8.9)
  [['downgrade', 'validate'], { only36: v36('TARGET_VERSION not provided') }],
  [['downgrade', 'validate', '3.5', '3.6'], { only36: v36('too many arguments') }],
  [['downgrade', 'enable', ''], { only36: v36('target version not provided') }],
];

/** What is added around the arguments, and what must not change the outcome. */
const LATER_PROBLEMS: { name: string; prefix: string[]; suffix: string[]; env?: Record<string, string> }[] = [
  { name: 'alone', prefix: [], suffix: [] },
  {
    name: '+ unreachable endpoint, --user prompt, empty --cert, -w bogus',
    prefix: [...UNREACHABLE, '--user=root', '--cert='],
    suffix: ['-w', 'bogus'],
  },
  {
    name: '+ ETCDCTL_ENDPOINTS/--endpoints conflict',
    prefix: ['--endpoints=127.0.0.1:1'],
    suffix: [],
    env: { ETCDCTL_ENDPOINTS: '127.0.0.1:1' },
  },
];

function argErrorCases(): [string, Case][] {
  const out: [string, Case][] = [];
  for (const [args, extra] of ARG_ERRORS) {
    for (const v of LATER_PROBLEMS) {
      const full = [...v.prefix, ...args, ...v.suffix];
      const c: Case = {
        args: full,
        opts: v.env ? { env: v.env } : undefined,
        ...(v.env ? { expect: conflictLine } : {}),
        ...extra,
      };
      out.push([`${args.join(' ') || '(none)'} ${v.name}`, c]);
    }
  }
  return out;
}

matrix('bad arguments win over every later problem', argErrorCases());

// ---------------------------------------------------------------------------------------------
// 2. Valid arguments: the client configuration is built before any connection, so -w bogus
// (exit 4) wins over an unreachable endpoint, with no waiting; an empty --cert (128) wins over
// -w; a --user without password prompts first; the env conflict is fatal before everything.

const VALID: string[][] = [
  ['get', 'k'],
  ['put', 'k', 'v'],
  ['del', 'k'],
  ['txn'],
  ['compaction', '1'],
  ['alarm', 'list'],
  ['alarm', 'disarm'],
  ['defrag'],
  ['defrag', '--cluster'],
  ['endpoint', 'health'],
  ['endpoint', 'health', '--cluster'],
  ['endpoint', 'status'],
  ['endpoint', 'status', '--cluster'],
  ['endpoint', 'hashkv'],
  ['move-leader', '1'],
  ['watch', 'k'],
  ['watch', '-i'],
  ['lease', 'grant', '10'],
  ['lease', 'revoke', '1'],
  ['lease', 'timetolive', '1'],
  ['lease', 'timetolive', 'zz'],
  ['lease', 'list', 'x'],
  ['lease', 'keep-alive', '1'],
  ['lease', 'keep-alive', '--once', '1'],
  ['member', 'add', 'x', '--peer-urls=http://127.0.0.1:9'],
  ['member', 'remove', '1'],
  ['member', 'update', '1', '--peer-urls=http://127.0.0.1:9'],
  ['member', 'promote', '1'],
  ['member', 'list', 'x'],
  ['snapshot', 'save', SNAP],
  ['make-mirror', '127.0.0.1:2'],
  ['lock', 'x'],
  ['lock', 'x', 'echo', 'hi'],
  ['elect', 'x', 'p'],
  ['elect', '-l', 'x'],
  ['auth', 'enable'],
  ['auth', 'disable'],
  ['auth', 'status'],
  ['user', 'add', 'u:p'],
  ['user', 'delete', 'u'],
  ['user', 'get', 'u'],
  ['user', 'list'],
  ['user', 'passwd', 'u', '--interactive=false'],
  ['user', 'grant-role', 'u', 'r'],
  ['user', 'revoke-role', 'u', 'r'],
  ['role', 'add', 'r'],
  ['role', 'delete', 'r'],
  ['role', 'get', 'r'],
  ['role', 'list'],
  ['role', 'grant-permission', 'r', 'read', 'k'],
  ['role', 'revoke-permission', 'r', 'k'],
  ['check', 'perf'],
  ['check', 'datascale'],
  ['downgrade', 'validate', '3.5'],
  ['downgrade', 'enable', '3.5'],
  ['downgrade', 'cancel'],
  // extra arguments these commands ignore
  ['endpoint', 'health', 'x'],
  ['endpoint', 'status', 'x'],
  ['endpoint', 'hashkv', 'x'],
  ['defrag', 'x'],
  ['role', 'grant-permission', 'r', 'read', 'k', 'e', 'extra'],
  ['role', 'revoke-permission', 'r', 'k', 'e', 'extra'],
  ['check', 'perf', 'x'],
  ['check', 'datascale', 'x'],
  ['downgrade', 'cancel', 'x'],
];

const only36Cmd = (args: string[]): boolean => args[0] === 'downgrade';
/** etcdctl's endpoint health selects its printer before building the client configuration. */
const formatFirst = (args: string[]): boolean => args[0] === 'endpoint' && args[1] === 'health';
const PROMPT = 'Password: \n';

function validCases(): [string, Case][] {
  const out: [string, Case][] = [];
  for (const args of VALID) {
    const name = args.join(' ');
    const w = (o: Outcome): Case['only36'] => (only36Cmd(args) ? o : undefined);
    out.push([
      `${name}: -w bogus wins over the unreachable endpoint (no wait)`,
      { args: [...UNREACHABLE, ...args, '-w', 'bogus'], only36: w(errOnly('unsupported output format', 4)) },
    ]);
    out.push([
      `${name}: empty --cert (128) before -w bogus${formatFirst(args) ? ' (not for endpoint health: -w first)' : ''}`,
      {
        args: [...UNREACHABLE, '--cert=', ...args, '-w', 'bogus'],
        only36: w(errOnly('empty string is passed to --cert option', 128)),
      },
    ]);
    out.push([
      `${name}: --user without password prompts before -w bogus${formatFirst(args) ? ' (not for endpoint health)' : ''}`,
      {
        args: [...UNREACHABLE, '--user=root', ...args, '-w', 'bogus'],
        expect: dropStty,
        only36: w({ ...errOnly('unsupported output format', 4), out: PROMPT }),
      },
    ]);
    out.push([
      `${name}: ETCDCTL_ENDPOINTS + --endpoints conflict (before -w bogus)`,
      {
        args: ['--endpoints=127.0.0.1:1', ...args, '-w', 'bogus'],
        opts: { env: { ETCDCTL_ENDPOINTS: '127.0.0.1:1' } },
        expect: conflictLine,
        only36: w(errOnly(CONFLICT_TEXT, 1)),
      },
    ]);
  }
  return out;
}

matrix('valid arguments: configuration errors in etcdctl order, before any connection', validCases());

// ---------------------------------------------------------------------------------------------
// 3. The configuration steps that come before -w (docs/etcdctl-behaviour.md §3.2.3, §3.3.1, §3.5, §3.6), per mechanism.

/** 3.6 lists --max-recv-bytes and --max-request-bytes too (absent from every 3.5.x, docs/etcdctl-behaviour.md §3.2.5). */
function debug36(o: Outcome): Outcome {
  return {
    ...o,
    err: o.err.replace('ETCDCTL_KEY=\n', 'ETCDCTL_KEY=\nETCDCTL_MAX_RECV_BYTES=0\nETCDCTL_MAX_REQUEST_BYTES=0\n'),
  };
}

matrix('configuration order', [
  [
    'conflict before the --debug listing',
    {
      args: ['--endpoints=127.0.0.1:1', '--debug', 'get', 'k'],
      opts: { env: { ETCDCTL_ENDPOINTS: '127.0.0.1:1' } },
      expect: conflictLine,
    },
  ],
  [
    'an empty conflicting variable is a conflict too',
    {
      args: ['--dial-timeout=1s', 'get', 'k', '-w', 'bogus'],
      opts: { env: { ETCDCTL_DIAL_TIMEOUT: '' } },
      expect: (o) => ({
        ...o,
        err: o.err === '' ? `Error: ${CONFLICT_TEXT.replace('ETCDCTL_ENDPOINTS', 'ETCDCTL_DIAL_TIMEOUT')}\n` : o.err,
      }),
    },
  ],
  [
    '--debug listing (3.6: + the two size limits, docs/etcdctl-behaviour.md §3.2.5), then -w bogus',
    { args: [...UNREACHABLE, '--debug', 'get', 'k', '-w', 'bogus'], expect: debug36 },
  ],
  [
    '--debug: endpoint health checks -w before the listing',
    { args: [...UNREACHABLE, '--debug', 'endpoint', 'health', '-w', 'bogus'] },
  ],
  ['empty --key and --cacert: --key reported', { args: ['--key=', '--cacert=', 'member', 'list', '-w', 'bogus'] }],
  [
    'missing CA file: only at client creation, after -w',
    { args: ['--cacert=/nonexistent', 'get', 'k', '-w', 'bogus'] },
  ],
  ['missing CA file: exit 128 at client creation', { args: [...UNREACHABLE, '--cacert=/nonexistent', 'get', 'k'] }],
  [
    'DNS discovery: endpoint health checks -w first',
    { args: ['-d', 'nonexistent.invalid', 'endpoint', 'health', '-w', 'bogus'] },
  ],
  ['--user prompt, then -w bogus', { args: ['--user=root', 'get', 'k', '-w', 'bogus'], expect: dropStty }],
  [
    'empty --cert before the --user prompt',
    { args: ['--user=root', '--cert=', 'get', 'k', '-w', 'bogus'], expect: dropStty },
  ],
  ['--user=name:password does not prompt', { args: ['--user=root:x', 'get', 'k', '-w', 'bogus'] }],
  [
    'snapshot save: missing CA file is exit 128 (not 5)',
    { args: [...UNREACHABLE, '--cacert=/nonexistent', 'snapshot', 'save', SNAP] },
  ],
  [
    'snapshot save: TLS files before the one-endpoint check',
    { args: ['--endpoints=127.0.0.1:1,127.0.0.1:2', '--cacert=/nonexistent', 'snapshot', 'save', SNAP] },
  ],
  [
    'snapshot save: the prompt before the one-endpoint check (exit 5)',
    { args: ['--endpoints=127.0.0.1:1,127.0.0.1:2', '--user=root', 'snapshot', 'save', SNAP], expect: dropStty },
  ],
  ['snapshot save: no endpoint at all (exit 5)', { args: ['--endpoints=', 'snapshot', 'save', SNAP] }],
  ['defrag: no endpoint at all (client on all endpoints first: exit 2)', { args: ['--endpoints=', 'defrag'] }],
  ['endpoint status: no endpoint at all (exit 2)', { args: ['--endpoints=', 'endpoint', 'status'] }],
  ['endpoint hashkv: no endpoint at all (exit 2)', { args: ['--endpoints=', 'endpoint', 'hashkv'] }],
  ['endpoint health: no endpoint at all (nothing to check, exit 0)', { args: ['--endpoints=', 'endpoint', 'health'] }],
  ['get: no endpoint at all (exit 2)', { args: ['--endpoints=', 'get', 'k'] }],
  [
    'max-request-bytes above max-recv-bytes: exit 2 at client creation (3.6 flags)',
    {
      args: ['--max-request-bytes=10', '--max-recv-bytes=5', 'get', 'k'],
      only36: errOnly('gRPC message recv limit (5 bytes) must be greater than send limit (10 bytes)', 2),
    },
  ],
  [
    'ETCDCTL_WRITE_OUT=bogus: exit 4',
    { args: [...UNREACHABLE, 'member', 'list'], opts: { env: { ETCDCTL_WRITE_OUT: 'bogus' } } },
  ],
  [
    'ETCDCTL_WRITE_OUT=bogus does not reach a command whose arguments are bad',
    { args: ['member', 'remove'], opts: { env: { ETCDCTL_WRITE_OUT: 'bogus' } } },
  ],
]);

describe('DNS discovery (a domain that does not exist)', () => {
  const lines: [string, string[]][] = [
    ["Go's resolver text: lookup <name> on <server>: no such host", ['-d', 'nonexistent.invalid', 'get', 'k']],
    ['the lookup failure wins over -w bogus (exit 1)', ['-d', 'nonexistent.invalid', 'get', 'k', '-w', 'bogus']],
    ['the lookup failure wins over an empty --cert', ['-d', 'nonexistent.invalid', '--cert=', 'get', 'k']],
    [
      'the lookup failure wins over the --user prompt',
      ['-d', 'nonexistent.invalid', '--user=root', 'get', 'k', '-w', 'bogus'],
    ],
    ['the lookup comes after argument validation', ['-d', 'nonexistent.invalid', 'get']],
    ['snapshot save looks the endpoints up too', ['-d', 'nonexistent.invalid', 'snapshot', 'save', SNAP]],
    [
      'snapshot save: the lookup before the one-endpoint check',
      ['-d', 'nonexistent.invalid', '--endpoints=127.0.0.1:1,127.0.0.1:2', 'snapshot', 'save', SNAP],
    ],
    [
      'snapshot save: the lookup before the --user prompt',
      ['-d', 'nonexistent.invalid', '--user=root', 'snapshot', 'save', SNAP],
    ],
  ];
  for (const [name, args] of lines) {
    test(name, async () => {
      const r = await runReal(args);
      const o = await runOurs(args);
      if (/^Error: dns lookup errors:/.test(r.err) && !/no such host/.test(r.err)) {
        // no usable resolver on this machine: the texts come from the resolver; compare the rest
        assert.deepEqual({ ...o, err: '' }, { ...r, err: '' });
        assert.match(o.err, /^Error: dns lookup errors: lookup _etcd-client-ssl\._tcp\.nonexistent\.invalid/);
        return;
      }
      assert.deepEqual(o, r);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 4. Commands that never build a client configuration ignore the environment entirely
// (docs/etcdctl-behaviour.md §3.2.2 #1): same output with a conflict, a bogus ETCDCTL_WRITE_OUT, --debug on.

const ODD_ENV = {
  ETCDCTL_ENDPOINTS: '127.0.0.1:1',
  ETCDCTL_WRITE_OUT: 'bogus',
  ETCDCTL_DEBUG: 'true',
  ETCDCTL_FOO: '1',
};

describe('commands without a client ignore ETCDCTL_* (and -w)', () => {
  const lines: { args: string[]; oracle: boolean }[] = [
    { args: ['version'], oracle: true },
    { args: ['version', '-w', 'bogus', 'extra'], oracle: true },
    { args: ['--endpoints=127.0.0.1:1', 'version'], oracle: true },
    { args: ['help'], oracle: true },
    { args: ['help', 'get'], oracle: true },
    { args: ['lease'], oracle: true },
    { args: ['get', '--help'], oracle: true },
    { args: ['--endpoints=127.0.0.1:1', 'get', '--help'], oracle: true },
    { args: ['completion', 'bash'], oracle: false },
    { args: ['--endpoints=127.0.0.1:1', 'completion', 'zsh', '-w', 'bogus'], oracle: false },
  ];
  for (const { args, oracle } of lines) {
    test(args.join(' '), async () => {
      const plain = args.filter((a) => a !== '--endpoints=127.0.0.1:1' && a !== 'extra' && a !== 'bogus' && a !== '-w');
      const [o, oPlain] = await Promise.all([runOurs(args, { env: ODD_ENV }), runOurs(plain)]);
      assert.equal(o.code, 0);
      assert.deepEqual(o, oPlain);
      if (oracle) {
        const [r, rPlain] = await Promise.all([runReal(args, { env: ODD_ENV }), runReal(plain)]);
        assert.deepEqual(r, rPlain, 'the oracle ignores the environment too');
      }
    });
  }
  test('completion without its argument: cobra usage error (3.6, docs/etcdctl-behaviour.md §10.11), env ignored', async () => {
    const [o, help] = await Promise.all([runOurs(['completion'], { env: ODD_ENV }), runOurs(['completion', '--help'])]);
    assert.deepEqual(o, { out: help.out, err: 'Error: accepts 1 arg(s), received 0\n\n', code: 1, signal: null });
    const bad = await runOurs(['completion', 'foo', '-w', 'bogus'], { env: ODD_ENV });
    assert.deepEqual(bad, {
      out: help.out,
      err: 'Error: invalid argument "foo" for "etcdctl completion"\n\n',
      code: 1,
      signal: null,
    });
  });
});
