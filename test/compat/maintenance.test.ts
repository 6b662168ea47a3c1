// Differential tests for defrag, snapshot save and check perf/datascale: the
// real etcdctl (3.4.23; 3.5.30 where it already has the 3.6 text) and ours run
// the same command against the same server, one after the other; stdout,
// stderr (zap log lines dropped) and exit status must match. Where 3.6 differs
// from the oracle, the case states the 3.6 expectation (docs/etcdctl-behaviour.md §11.4 #14, #15).
// completion and downgrade have no oracle (3.6-only, docs/etcdctl-behaviour.md §11.2): their cases
// assert the 3.6 expectations of docs/etcdctl-behaviour.md §10.11 and §8.9 directly.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { ours, real, dropZapLines, type RunResult } from '../support/run';

interface Outcome {
  out: string;
  err: string;
  code: number | null;
}

const outcome = (r: RunResult, zap = false): Outcome => ({
  out: r.out,
  err: zap ? dropZapLines(r.err) : r.err,
  code: r.code,
});

interface Case {
  args: string[];
  env?: Record<string, string | undefined>;
  oracle?: EtcdFlavor;
  /** The 3.6 expectation derived from the oracle's outcome (default: identical). */
  expect?: (o: Outcome) => Outcome;
  /** Normalises only tokens that legitimately vary between runs (durations). */
  normalize?: (o: Outcome) => Outcome;
  /** Runs before each side (e.g. removes the previous side's output file). */
  prepare?: () => void;
}

/** Runs the oracle, then ours; returns both outcomes. */
async function differential(c: Case): Promise<{ expected: Outcome; actual: Outcome }> {
  c.prepare?.();
  const r = await real(c.oracle ?? '3.4', c.args, { env: c.env });
  c.prepare?.();
  const o = await ours(c.args, { env: c.env });
  const expected = (c.expect ?? ((x) => x))(outcome(r, true));
  const actual = (c.normalize ?? ((x) => x))(outcome(o));
  return { expected, actual };
}

/** A Go duration as time.Duration.String() prints it. */
const DUR = '(?:\\d+(?:\\.\\d+)?(?:ns|µs|ms|h|m|s))+';
const DEFRAG_36 = new RegExp(
  `^(Finished defragmenting etcd member\\[[^\\]]*\\]\\. took ${DUR}|Failed to defragment etcd member\\[[^\\]]*\\]\\. took ${DUR}\\. \\(.*\\))$`,
);

/**
 * 3.6 defrag lines carry `. took <duration>` (docs/etcdctl-behaviour.md §8.6, §11.4 #14): check that
 * every line has the 3.6 shape, then drop the duration to compare with 3.4.
 */
function defrag36(o: Outcome): Outcome {
  for (const line of [...o.out.split('\n'), ...o.err.split('\n')].filter((l) => l !== '' && !l.startsWith('Error:'))) {
    assert.match(line, DEFRAG_36);
  }
  const strip = (s: string): string =>
    s
      .replace(new RegExp(`\\]\\. took ${DUR}\\. \\(`, 'g'), '] (')
      .replace(new RegExp(`\\]\\. took ${DUR}$`, 'gm'), ']');
  return { ...o, out: strip(o.out), err: strip(o.err) };
}

const UNREACHABLE = '127.0.0.1:1';

/**
 * A TCP front for a member: gRPC (HTTP/2) connections go through to etcd,
 * plain HTTP/1 requests (check datascale's GET /metrics) get a body without
 * the metric (`nometric`) or a closed connection (`close`).
 */
async function metricsProxy(
  targetPort: number,
  mode: 'nometric' | 'close',
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
    c.on('error', () => c.destroy());
    c.once('data', (first: Buffer) => {
      if (first.subarray(0, 3).toString() === 'PRI') {
        const up = net.connect(targetPort, '127.0.0.1', () => {
          up.write(first);
          c.pipe(up);
          up.pipe(c);
        });
        sockets.add(up);
        up.on('close', () => sockets.delete(up));
        up.on('error', () => c.destroy());
      } else if (mode === 'close') c.destroy();
      else c.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\n# empty\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    endpoint: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let cluster: Cluster;
let EP: string;
let dir: string;

before(async () => {
  cluster = await startCluster({ size: 1 });
  EP = cluster.endpoints[0];
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-maint-'));
  const put = await ours([`--endpoints=${EP}`, 'put', '/cp/k', 'v']);
  assert.equal(put.code, 0, put.err);
});

after(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ep = (): string => `--endpoints=${EP}`;

describe('defrag (differential)', () => {
  const cases: [string, () => Case][] = [
    ['one endpoint', () => ({ args: [ep(), 'defrag'], normalize: defrag36 })],
    [
      '--cluster: client URLs from the member list',
      () => ({ args: [ep(), 'defrag', '--cluster'], normalize: defrag36 }),
    ],
    ['positional arguments are ignored', () => ({ args: [ep(), 'defrag', 'extra'], normalize: defrag36 })],
    [
      'a failing endpoint: stderr line, exit 1 without Error line',
      () => ({ args: [`--endpoints=${EP},${UNREACHABLE}`, '--command-timeout=1s', 'defrag'], normalize: defrag36 }),
    ],
    [
      '--command-timeout=0s expires at once',
      () => ({ args: [ep(), '--command-timeout=0s', 'defrag'], normalize: defrag36 }),
    ],
    [
      'ETCDCTL_COMMAND_TIMEOUT applies (read after the env)',
      () => ({ args: [ep(), 'defrag'], env: { ETCDCTL_COMMAND_TIMEOUT: '0s' }, normalize: defrag36 }),
    ],
    ['ETCDCTL_ENDPOINTS', () => ({ args: ['defrag'], env: { ETCDCTL_ENDPOINTS: EP }, normalize: defrag36 })],
    ['unsupported -w value: exit 4', () => ({ args: [ep(), 'defrag', '-w', 'yaml'] })],
  ];
  for (const [name, make] of cases) {
    test(name, async () => {
      const { expected, actual } = await differential(make());
      assert.deepEqual(actual, expected);
    });
  }
});

describe('snapshot save (differential)', () => {
  const file = (): string => path.join(dir, 'snap.db');
  const removeOutput = (): void => {
    fs.rmSync(file(), { force: true });
    fs.rmSync(`${file()}.part`, { force: true });
  };
  // 3.6 adds ` <filename>` to the argument error (docs/etcdctl-behaviour.md §8.7, §11.4 #15).
  const argError36 = (o: Outcome): Outcome => ({
    ...o,
    err: o.err.replace('expects one argument\n', 'expects one argument <filename>\n'),
  });

  const cases: [string, () => Case][] = [
    ['no argument: exit 128 (3.6 text)', () => ({ args: [ep(), 'snapshot', 'save'], expect: argError36 })],
    ['two arguments: exit 128 (3.6 text)', () => ({ args: [ep(), 'snapshot', 'save', 'a', 'b'], expect: argError36 })],
    ['two endpoints: exit 5', () => ({ args: [`--endpoints=${EP},${UNREACHABLE}`, 'snapshot', 'save', file()] })],
    ['no endpoint: exit 5', () => ({ args: ['--endpoints=', 'snapshot', 'save', file()] })],
    [
      'ETCDCTL_ENDPOINTS with two endpoints: exit 5',
      () => ({ args: ['snapshot', 'save', file()], env: { ETCDCTL_ENDPOINTS: `${EP},${UNREACHABLE}` } }),
    ],
    [
      'missing directory: could not open the .part file',
      () => ({ args: [ep(), 'snapshot', 'save', path.join(dir, 'none', 'x.db')] }),
    ],
    [
      'target is a directory: could not rename (Go reports EEXIST)',
      () => ({ args: [ep(), 'snapshot', 'save', dir], prepare: () => fs.rmSync(`${dir}.part`, { force: true }) }),
    ],
    [
      'unreachable member, --command-timeout=1s: exit 5',
      () => ({ args: [`--endpoints=${UNREACHABLE}`, '--command-timeout=1s', 'snapshot', 'save', file()] }),
    ],
    [
      'ETCDCTL_COMMAND_TIMEOUT bounds the download too',
      () => ({
        args: [`--endpoints=${UNREACHABLE}`, 'snapshot', 'save', file()],
        env: { ETCDCTL_COMMAND_TIMEOUT: '1s' },
      }),
    ],
    [
      '--command-timeout=0s expires at once',
      () => ({ args: [ep(), '--command-timeout=0s', 'snapshot', 'save', file()], prepare: removeOutput }),
    ],
    ['unsupported -w value: exit 4', () => ({ args: [ep(), 'snapshot', 'save', file(), '-w', 'yaml'] })],
    // A 3.4 server sends no version: no `Server version` line (3.6 prints it for >= 3.6 servers).
    ['success', () => ({ args: [ep(), 'snapshot', 'save', file()], prepare: removeOutput })],
  ];
  for (const [name, make] of cases) {
    test(name, async () => {
      const { expected, actual } = await differential(make());
      assert.deepEqual(actual, expected);
      assert.equal(fs.existsSync(`${file()}.part`), false, '.part left behind');
      assert.equal(fs.existsSync(`${dir}.part`), false, '.part left behind');
    });
  }

  test('the saved file: mode 0600, checksum trailer, no .part', () => {
    const st = fs.statSync(file());
    assert.equal(st.mode & 0o777, 0o600);
    assert.equal(st.size % 512, 32);
    assert.equal(fs.existsSync(path.join(dir, 'none')), false);
  });
});

describe('check perf / datascale (differential)', () => {
  const cases: [string, () => Case][] = [
    ['perf: unknown load, exit 4', () => ({ args: [ep(), 'check', 'perf', '--load=x'] })],
    ['perf: loads are case-sensitive', () => ({ args: [ep(), 'check', 'perf', '--load=S'] })],
    ['perf: the load is checked before -w', () => ({ args: [ep(), 'check', 'perf', '--load=huge', '-w', 'yaml'] })],
    ['perf: unsupported -w value, exit 4', () => ({ args: [ep(), 'check', 'perf', '-w', 'yaml'] })],
    ['datascale: unknown load, exit 4', () => ({ args: [ep(), 'check', 'datascale', '--load=xlarge'] })],
    // 3.5.30 already has the 3.6 text (quoted del command).
    ['perf: prefix has keys, exit 3', () => ({ args: [ep(), 'check', 'perf', '--prefix=/cp/'], oracle: '3.5' })],
    [
      'perf: alias xLarge accepted, then the prefix check',
      () => ({ args: [ep(), 'check', 'perf', '--load=xLarge', '--prefix=/cp/'], oracle: '3.5' }),
    ],
    [
      'datascale: prefix has keys, exit 3',
      () => ({ args: [ep(), 'check', 'datascale', '--prefix=/cp/', '--load=medium'] }),
    ],
    [
      'datascale: prefix has keys (3.5 oracle)',
      () => ({ args: [ep(), 'check', 'datascale', '--prefix=/cp/'], oracle: '3.5' }),
    ],
  ];
  for (const [name, make] of cases) {
    test(name, async () => {
      const { expected, actual } = await differential(make());
      assert.deepEqual(actual, expected);
    });
  }

  for (const mode of ['nometric', 'close'] as const) {
    test(`datascale: /metrics ${mode === 'close' ? 'connection closed (EOF)' : 'without the metric'}: FAIL before the puts, exit 1`, async () => {
      const proxy = await metricsProxy(cluster.members[0].clientPort, mode);
      try {
        const { expected, actual } = await differential({
          args: [`--endpoints=${proxy.endpoint}`, 'check', 'datascale', '--prefix=/ds-none/'],
        });
        assert.deepEqual(actual, expected);
        assert.match(actual.out, /\nFAIL: Could not read process_resident_memory_bytes before the put operations\.\n$/);
      } finally {
        await proxy.close();
      }
    });
  }
});

describe('completion (3.6 expectations, docs/etcdctl-behaviour.md §10.11)', () => {
  let help: string;
  before(async () => {
    help = (await ours(['completion', '--help'])).out;
    assert.match(
      help,
      /^NAME:\n {2}completion - Generate completion script\n\nUSAGE:\n {2}etcdctl completion \[bash\|zsh\|fish\|powershell\]\n/,
    );
  });
  for (const [args, msg] of [
    [[], 'accepts 1 arg(s), received 0'],
    [['foo'], 'invalid argument "foo" for "etcdctl completion"'],
    [['bash', 'zsh'], 'accepts 1 arg(s), received 2'],
  ] as const) {
    test(`completion ${args.join(' ')}`.trim(), async () => {
      const r = await ours(['completion', ...args]);
      assert.deepEqual(outcome(r), { out: help, err: `Error: ${msg}\n\n`, code: 1 });
    });
  }
  test('never builds a client configuration: env and -w ignored', async () => {
    const r = await ours(['completion', 'bash', '-w', 'yaml'], { env: { ETCDCTL_FOO: '1', ETCDCTL_ENDPOINTS: 'x' } });
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.match(r.out, /^# bash completion for etcdctl/);
  });
});

describe('downgrade (3.6 expectations, docs/etcdctl-behaviour.md §8.9)', () => {
  const cases: [string[], Outcome][] = [
    [['downgrade', 'validate'], { out: '', err: 'Error: TARGET_VERSION not provided\n', code: 128 }],
    [['downgrade', 'enable', '3.4', '3.3'], { out: '', err: 'Error: too many arguments\n', code: 128 }],
    [['downgrade', 'enable', ''], { out: '', err: 'Error: target version not provided\n', code: 128 }],
    [['downgrade', 'validate', '3.3', '-w', 'yaml'], { out: '', err: 'Error: unsupported output format\n', code: 4 }],
  ];
  for (const [args, want] of cases) {
    test(args.join(' '), async () => {
      assert.deepEqual(outcome(await ours([ep(), ...args])), want);
    });
  }
  // etcdctl 3.6 against a 3.4 server (no Downgrade RPC): the gRPC status text, exit 1.
  for (const args of [
    ['downgrade', 'validate', '3.3'],
    ['downgrade', 'enable', '3.3'],
    ['downgrade', 'cancel', 'ignored'],
  ]) {
    test(`${args.join(' ')} against a 3.4 server`, async () => {
      assert.deepEqual(outcome(await ours([ep(), ...args])), {
        out: '',
        err: 'Error: rpc error: code = Unimplemented desc = unknown method Downgrade for service etcdserverpb.Maintenance\n',
        code: 1,
      });
    });
  }
});

describe('downgrade against a 3.5 server (3.6 expectations, docs/etcdctl-behaviour.md §8.9)', () => {
  let c35: Cluster;
  before(async () => {
    c35 = await startCluster({ size: 1, flavor: '3.5' });
  });
  after(async () => {
    await c35?.stop();
  });
  const run = async (...args: string[]): Promise<RunResult> => ours([`--endpoints=${c35.endpoints[0]}`, ...args]);

  test('validate: simple', async () => {
    assert.deepEqual(outcome(await run('downgrade', 'validate', '3.4')), {
      out: 'Downgrade validate success, cluster version 3.5.0\n',
      err: '',
      code: 0,
    });
  });
  test('validate: json (DowngradeResponse)', async () => {
    const r = await run('downgrade', 'validate', '3.4', '-w', 'json');
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^\{"header":\{"cluster_id":\d+,"member_id":\d+,"revision":\d+,"raft_term":\d+\},"version":"3\.5\.0"\}\n$/,
    );
  });
  test('validate: protobuf (no newline)', async () => {
    const r = await run('downgrade', 'validate', '3.4', '-w', 'protobuf');
    assert.equal(r.code, 0, r.err);
    const { DowngradeResponse } = await import('../../src/proto/gen/rpc');
    const msg = DowngradeResponse.decode(r.stdout);
    assert.equal(msg.version, '3.5.0');
    assert.ok((msg.header?.cluster_id ?? 0n) > 0n);
    assert.deepEqual(Buffer.from(DowngradeResponse.encode(msg).finish()), r.stdout);
  });
  for (const f of ['fields', 'table']) {
    test(`validate: ${f} not supported, exit 4 after the RPC`, async () => {
      assert.deepEqual(outcome(await run('downgrade', 'validate', '3.4', '-w', f)), {
        out: '',
        err: `Error: ${f} not supported as output format\n`,
        code: 4,
      });
    });
  }
  for (const [args, msg] of [
    [['validate', '3.3'], 'etcdserver: invalid downgrade target version'],
    [['validate', 'abc'], 'etcdserver: wrong downgrade target version format'],
    [['cancel'], 'etcdserver: no inflight downgrade job'],
  ] as const) {
    test(`${args.join(' ')}: server error, exit 1`, async () => {
      assert.deepEqual(outcome(await run('downgrade', ...args)), { out: '', err: `Error: ${msg}\n`, code: 1 });
    });
  }
});
