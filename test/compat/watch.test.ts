// Differential tests of `watch` (spec §6.6): our CLI and the real etcdctl 3.5.30 watch the
// same keys of the same server at the same time; the test performs puts/deletes with the real
// etcdctl, waits until both printed the expected output, ends both with SIGTERM (etcdctl has
// no handler: death by signal, spec §9.7) and compares stdout, stderr and the exit status.
// Where 3.6 differs from 3.5.30 the 3.6 expectation is written out (spec section cited).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../support/etcd';
import { dropZapLines, ours, real, type RunResult } from '../support/run';
import { sleep, startOurs, startReal, waitWatchers, watcherCount, type Proc } from '../support/watch-proc';

const FLAVOR = '3.5' as const;
let cluster: Cluster;
let ep: string;
let url: string;

before(async () => {
  // Periodic progress notifications every 300 ms make --progress-notify testable.
  cluster = await startCluster({ flavor: FLAVOR, extraArgs: ['--experimental-watch-progress-notify-interval=300ms'] });
  ep = cluster.endpoints[0];
  url = cluster.clientUrls[0];
  // A compacted history for the cancellation cases; every later revision is above it.
  await put('z/k', 'a');
  await put('z/k', 'b');
  await etcdctl('compaction', String(await revision()));
});

after(async () => {
  await cluster?.stop();
});

async function etcdctl(...args: string[]): Promise<RunResult> {
  const r = await real(FLAVOR, ['--endpoints', ep, ...args]);
  assert.equal(r.code, 0, `etcdctl ${args.join(' ')}: ${r.err}`);
  return r;
}
const put = (k: string, v: string): Promise<RunResult> => etcdctl('put', k, v);
const del = (...a: string[]): Promise<RunResult> => etcdctl('del', ...a);

async function revision(): Promise<bigint> {
  const r = await etcdctl('get', 'x', '-w', 'json');
  return BigInt(/"revision":(\d+)/.exec(r.out)![1]);
}

interface Outcome {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  signal: string | null;
}

async function outcome(p: Proc, selfExit: boolean): Promise<Outcome> {
  const st = selfExit ? await p.exited : await p.stop('SIGTERM');
  return { stdout: p.stdout(), stderr: dropZapLines(p.err()), ...st };
}

interface StreamCase {
  args: string[];
  env?: Record<string, string>;
  /** Watchers the server must count before the actions (0: the watch ends at once). */
  watchers?: number;
  actions?: () => Promise<void>;
  /** Output is complete (both processes). */
  done: (out: string, err: string) => boolean;
  /** The process ends by itself (error, exit status); otherwise it gets SIGTERM. */
  selfExit?: boolean;
  /** 3.6 expectation derived from the 3.5.30 outcome. */
  expect36?: (o: Outcome) => Outcome;
  /** Normalises both outcomes before comparing (timing-dependent repetitions only). */
  normalize?: (o: Outcome) => Outcome;
}

async function noWatchers(): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await watcherCount(url)) > 0 && Date.now() < until) await sleep(50);
}

async function runStream(c: StreamCase): Promise<{ ours: Outcome; real: Outcome }> {
  await noWatchers();
  const args = ['--endpoints', ep, ...c.args];
  const r = startReal(FLAVOR, args, { env: c.env });
  const o = startOurs(args, { env: c.env });
  try {
    if ((c.watchers ?? 2) > 0) await waitWatchers(url, c.watchers ?? 2);
    if (c.actions) await c.actions();
    await Promise.all([r.waitFor(c.done, 15_000, 'etcdctl output'), o.waitFor(c.done, 15_000, 'our output')]);
  } catch (e) {
    await Promise.all([r.stop('SIGKILL'), o.stop('SIGKILL')]);
    throw e;
  }
  const [ro, oo] = await Promise.all([outcome(r, c.selfExit ?? false), outcome(o, c.selfExit ?? false)]);
  return { ours: oo, real: ro };
}

async function diff(c: StreamCase): Promise<Outcome> {
  const res = await runStream(c);
  let want = c.expect36 ? c.expect36(res.real) : res.real;
  let got = res.ours;
  if (c.normalize) [want, got] = [c.normalize(want), c.normalize(got)];
  assert.equal(got.stdout.toString('latin1'), want.stdout.toString('latin1'), 'stdout');
  assert.equal(got.stderr, want.stderr, 'stderr');
  assert.deepEqual([got.code, got.signal], [want.code, want.signal], 'exit status');
  return got;
}

const lines = (n: number) => (out: string) => out.split('\n').length > n;
const has = (s: string) => (out: string) => out.includes(s);
const hasErr = (s: string) => (_out: string, err: string) => err.includes(s);
const TERM = { code: null, signal: 'SIGTERM' };

describe('watch output (streaming)', () => {
  test('simple: put, put, del', async () => {
    const o = await diff({
      args: ['watch', 'c1/k'],
      actions: async () => {
        await put('c1/k', 'v1');
        await put('c1/k', 'va"l 1');
        await del('c1/k');
      },
      done: has('DELETE\nc1/k\n\n'),
    });
    assert.equal(o.stdout.toString(), 'PUT\nc1/k\nv1\nPUT\nc1/k\nva"l 1\nDELETE\nc1/k\n\n');
    assert.deepEqual([o.code, o.signal], [TERM.code, TERM.signal]);
  });

  test('--prefix', async () => {
    await diff({
      args: ['watch', '--prefix', 'c2/'],
      actions: async () => {
        await put('c2/a', '1');
        await put('c2x', 'outside');
        await put('c2/b/c', '2');
        await del('--prefix', 'c2/');
      },
      done: has('DELETE\nc2/b/c\n'),
    });
  });

  test('range [key, range_end)', async () => {
    await diff({
      args: ['watch', 'c3/a', 'c3/c'],
      actions: async () => {
        for (const k of ['c3/a', 'c3/b', 'c3/c', 'c3/bz']) await put(k, k);
      },
      done: has('c3/bz\nc3/bz\n'),
    });
  });

  test('more than two watch arguments: only the first is used', async () => {
    await diff({
      args: ['watch', 'c4/a', 'c4/b', 'c4/c'],
      actions: async () => {
        await put('c4/b', 'no');
        await put('c4/a', 'yes');
      },
      done: has('yes\n'),
    });
  });

  test('--rev replays history', async () => {
    await put('c5/k', 'h1');
    const start = await revision();
    await put('c5/k', 'h2');
    await del('c5/k');
    await diff({ args: ['watch', 'c5/k', '--rev', String(start)], done: has('DELETE\nc5/k\n\n') });
  });

  test('--prev-kv (simple)', async () => {
    await put('c6/k', 'old');
    await diff({
      args: ['watch', 'c6/k', '--prev-kv'],
      actions: async () => {
        await put('c6/k', 'new');
        await del('c6/k');
      },
      done: has('DELETE\nc6/k\nnew\nc6/k\n\n'),
    });
  });

  test('-w json with --prefix --prev-kv', async () => {
    await diff({
      args: ['watch', 'c7/', '--prefix', '--prev-kv', '-w', 'json'],
      actions: async () => {
        await put('c7/w1', 'v1');
        await put('c7/w1', 'v2');
        await del('c7/w1');
      },
      done: lines(3),
    });
  });

  test('-w fields with --prev-kv', async () => {
    await diff({
      args: ['watch', 'c8/k', '--prev-kv', '-w', 'fields'],
      actions: async () => {
        await put('c8/k', 'a\tb');
        await put('c8/k', 'c');
        await del('c8/k');
      },
      done: (out) => (out.match(/"Type" : /g) ?? []).length === 3 && out.endsWith('"Lease" : 0\n'),
    });
  });

  test('-w protobuf', async () => {
    await diff({
      args: ['watch', 'c9/', '--prefix', '--prev-kv', '-w', 'protobuf'],
      actions: async () => {
        await put('c9/a', 'x');
        await put('c9/a', 'y');
        await del('c9/a');
      },
      done: (out) => (out.match(/c9\/a/g) ?? []).length >= 5,
    });
  });

  test('--hex (simple)', async () => {
    await diff({
      args: ['watch', 'c10/k', '--hex'],
      actions: () => put('c10/k', 'hex').then(() => undefined),
      done: has('\\x68\\x65\\x78\n'),
    });
  });

  test('-w fields --hex: IDs in hex (3.6, spec §5.4 / §11.4 #8)', async () => {
    await diff({
      args: ['watch', 'c11/k', '-w', 'fields', '--hex'],
      actions: () => put('c11/k', 'v').then(() => undefined),
      done: has('"Lease" : '),
      // 3.5.30 ignores --hex in fields; 3.6 prints ClusterID/MemberID in hex, leases %016x.
      expect36: (o) => ({
        ...o,
        stdout: Buffer.from(
          o.stdout
            .toString()
            .replace(/^("ClusterID"|"MemberID") : (\d+)$/gm, (_m, k: string, d: string) => `${k} : ${BigInt(d).toString(16)}`)
            .replace(/^"Lease" : (\d+)$/gm, (_m, d: string) => `"Lease" : ${BigInt(d).toString(16).padStart(16, '0')}`),
        ),
      }),
    });
  });

  test('unusual bytes in keys and values', async () => {
    await diff({
      args: ['watch', 'c12/', '--prefix', '-w', 'json'],
      actions: async () => {
        await put('c12/ü<&>', 'line1\nline2 "q" \\');
        await put('c12/e', '');
      },
      done: lines(2),
    });
  });

  test('-w table: error at the first response, exit 4', async () => {
    const o = await diff({
      args: ['watch', 'c13/k', '-w', 'table'],
      actions: () => put('c13/k', 'v').then(() => undefined),
      done: hasErr('Error:'),
      selfExit: true,
    });
    assert.equal(o.stderr, 'Error: table not supported as output format\n');
    assert.equal(o.code, 4);
  });

  test('--progress-notify: progress lines (simple)', async () => {
    const collapse = (o: Outcome): Outcome => ({
      ...o,
      stdout: Buffer.from(o.stdout.toString().replace(/(progress notify: \d+\n)\1+/g, '$1')),
    });
    await diff({
      args: ['watch', 'c14/k', '--progress-notify'],
      actions: async () => {
        await sleep(700);
        await put('c14/k', 'v');
      },
      done: (out) => /PUT\nc14\/k\nv\n(.|\n)*progress notify: \d+\n/.test(out),
      normalize: collapse,
    });
  });

  test('--progress-notify -w json: progress line, then the response object', async () => {
    const collapse = (o: Outcome): Outcome => ({
      ...o,
      stdout: Buffer.from(o.stdout.toString().replace(/(progress notify: \d+\n\{[^\n]*\n)\1+/g, '$1')),
    });
    const o = await diff({
      args: ['watch', 'c15/k', '--progress-notify', '-w', 'json'],
      actions: async () => {
        await sleep(700);
        await put('c15/k', 'v');
      },
      done: (out) => /"Events":\[\{(.|\n)*progress notify: \d+\n\{[^\n]*\n/.test(out),
      normalize: collapse,
    });
    assert.match(o.stdout.toString(), /^progress notify: \d+\n\{"Header":\{[^\n]*"Events":\[\],"CompactRevision":0,"Canceled":false,"Created":false\}\n/);
  });
});

describe('watch environment keys', () => {
  test('ETCDCTL_WATCH_KEY', async () => {
    await diff({
      args: ['watch'],
      env: { ETCDCTL_WATCH_KEY: 'e1/k' },
      actions: () => put('e1/k', 'v').then(() => undefined),
      done: has('v\n'),
    });
  });

  test('ETCDCTL_WATCH_KEY + ETCDCTL_WATCH_RANGE_END', async () => {
    await diff({
      args: ['watch'],
      env: { ETCDCTL_WATCH_KEY: 'e2/a', ETCDCTL_WATCH_RANGE_END: 'e2/c' },
      actions: async () => {
        for (const k of ['e2/c', 'e2/b', 'e2/a']) await put(k, k);
      },
      done: has('e2/a\ne2/a\n'),
    });
  });

  test('ETCDCTL_WATCH_KEY with --prefix and an exec command', async () => {
    await diff({
      args: ['watch', '--prefix', '--', 'sh', '-c', 'echo "got $ETCD_WATCH_KEY"'],
      env: { ETCDCTL_WATCH_KEY: 'e3/' },
      actions: () => put('e3/x', '1').then(() => undefined),
      done: has('got "e3/x"\n'),
    });
  });
});

describe('watch --debug', () => {
  test('the listing has ETCDCTL_WATCH_KEY / _RANGE_END lines, always empty (spec §3.2.5)', async () => {
    const res = await runStream({
      args: ['--debug', 'watch'],
      env: { ETCDCTL_WATCH_KEY: 'd1/k', ETCDCTL_WATCH_RANGE_END: 'd1/z' },
      watchers: 2,
      done: hasErr('ETCDCTL_WRITE_OUT='),
    });
    const listing = (o: Outcome): string[] => o.stderr.split('\n').filter((l) => /^ETCDCTL_[A-Z_]+=/.test(l));
    // 3.6 adds the two size limits (absent from 3.5.x, spec §3.1 / §11.1 #6).
    const want = [...listing(res.real), 'ETCDCTL_MAX_RECV_BYTES=0', 'ETCDCTL_MAX_REQUEST_BYTES=0'].sort();
    assert.deepEqual(listing(res.ours), want);
    assert.ok(want.includes('ETCDCTL_WATCH_KEY=') && want.includes('ETCDCTL_WATCH_RANGE_END='));
  });
});

describe('watch exec command', () => {
  test('environment: exactly the ETCD_WATCH_* lines of etcdctl (quoting included)', async () => {
    const o = await diff({
      args: ['watch', 'x1/', '--prefix', '--', 'sh', '-c', 'env | grep ETCD_WATCH_ | sort; echo ---'],
      env: { ETCD_WATCH_KEY: 'inherited, overridden' },
      actions: async () => {
        await put('x1/k é', 'va"l\t1\\ \x01');
        await del('x1/k é');
      },
      done: (out) => (out.match(/---\n/g) ?? []).length === 2,
    });
    assert.match(o.stdout.toString(), /ETCD_WATCH_EVENT_TYPE="PUT"\nETCD_WATCH_KEY="x1\/k é"\nETCD_WATCH_REVISION=\d+\nETCD_WATCH_VALUE="va\\"l\\t1\\\\ \\x01"\n/);
  });

  test('one run per event, in order, after the event is printed', async () => {
    await diff({
      args: ['watch', 'x2/', '--prefix', '--', 'sh', '-c', 'echo "exec $ETCD_WATCH_REVISION $ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_VALUE"'],
      actions: async () => {
        await put('x2/a', '1');
        await del('--prefix', 'x2/');
      },
      done: has('"DELETE" ""\n'),
    });
  });

  test('failing command: message and exit 1', async () => {
    const o = await diff({
      args: ['watch', 'x3/k', '--', 'sh', '-c', 'echo before; exit 3'],
      actions: () => put('x3/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
    assert.equal(o.stderr, 'command ["sh" "-c" "echo before; exit 3"] error (exit status 3)\n');
    assert.equal(o.code, 1);
  });

  test('command not found in PATH', async () => {
    await diff({
      args: ['watch', 'x4/k', '--', 'no-such-command-x4', 'a b'],
      actions: () => put('x4/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
  });

  test('command path that does not exist', async () => {
    await diff({
      args: ['watch', 'x5/k', '--', '/nonexistent/cmd'],
      actions: () => put('x5/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
  });

  test('command killed by a signal', async () => {
    await diff({
      args: ['watch', 'x6/k', '--', 'sh', '-c', 'kill -TERM $$'],
      actions: () => put('x6/k', 'v').then(() => undefined),
      done: hasErr('error ('),
      selfExit: true,
    });
  });

  test('quirk: watch words are cut at the LAST word equal to the command name', async () => {
    // `watch foo -- echo echo`: watch args "foo echo" -> range [foo, echo): empty, refused.
    await diff({
      args: ['watch', 'x7', '--', 'echo', 'echo'],
      watchers: 0,
      done: hasErr('Error:'),
      selfExit: true,
    });
  });
});

describe('watch canceled by the server', () => {
  for (const format of ['simple', 'json', 'protobuf']) {
    test(`compacted revision, -w ${format}: canceled note, exit 5`, async () => {
      const o = await diff({ args: ['watch', 'z/k', '--rev', '2', '-w', format], watchers: 0, done: hasErr('Error:'), selfExit: true });
      assert.equal(
        o.stderr,
        'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n',
      );
      assert.equal(o.code, 5);
    });
  }

  test('compacted revision, -w fields: no Revision line when 0 (3.6, spec §11.4 #7)', async () => {
    await diff({
      args: ['watch', 'z/k', '--rev', '2', '-w', 'fields'],
      watchers: 0,
      done: hasErr('Error:'),
      selfExit: true,
      expect36: (o) => ({ ...o, stdout: Buffer.from(o.stdout.toString().replace('"Revision" : 0\n', '')) }),
    });
  });
});

describe('watch argument errors', () => {
  const cases: { name: string; args: string[]; env?: Record<string, string> }[] = [
    { name: 'no key', args: ['watch'] },
    { name: 'separator without command', args: ['watch', 'k', '--'] },
    { name: 'separator only', args: ['watch', '--'] },
    { name: 'range end without key (env)', args: ['watch', 'k'], env: { ETCDCTL_WATCH_RANGE_END: 'z' } },
    { name: 'range end without key (env), interactive', args: ['watch', '-i'], env: { ETCDCTL_WATCH_RANGE_END: 'z' } },
    { name: 'env key and a key', args: ['watch', 'b'], env: { ETCDCTL_WATCH_KEY: 'a' } },
    { name: 'env key and a key before --', args: ['watch', 'b', '--', 'echo', 'x'], env: { ETCDCTL_WATCH_KEY: 'a' } },
    { name: 'range_end with --prefix', args: ['watch', 'a', 'b', '--prefix'] },
    { name: 'env range with --prefix', args: ['watch', '--prefix'], env: { ETCDCTL_WATCH_KEY: 'a', ETCDCTL_WATCH_RANGE_END: 'b' } },
    { name: 'flags only, no key (checked after the client)', args: ['watch', '--prefix'] },
    { name: 'flags only and a bad -w (output format checked first)', args: ['watch', '--prefix', '-w', 'bogus'] },
    { name: 'no key and a bad -w (argument checked first)', args: ['watch', '-w', 'bogus'] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const args = ['--endpoints', ep, ...c.args];
      const [o, r] = await Promise.all([ours(args, { env: c.env }), real(FLAVOR, args, { env: c.env })]);
      assert.equal(o.out, r.out, 'stdout');
      assert.equal(dropZapLines(o.err), dropZapLines(r.err), 'stderr');
      assert.equal(o.code, r.code, 'exit code');
      assert.ok(o.code !== 0);
    });
  }

  test('bad --rev value: pflag error, exit 1 (stderr and code)', async () => {
    const args = ['--endpoints', ep, 'watch', 'k', '--rev', 'abc'];
    const [o, r] = await Promise.all([ours(args), real(FLAVOR, args)]);
    // 3.5 prints the error twice; 3.6 once, then an empty line (spec §11.1 #2).
    const first = r.err.split('\n')[0];
    assert.equal(first, 'Error: invalid argument "abc" for "--rev" flag: strconv.ParseInt: parsing "abc": invalid syntax');
    assert.equal(o.err, `${first}\n\n`);
    assert.equal(o.code, r.code);
  });
});

interface Session {
  /** Lines to send; a number is a pause (ms), a function a step to await. */
  lines: (string | number | (() => Promise<void>))[];
  env?: Record<string, string>;
  args?: string[];
  actions?: () => Promise<void>;
  done: (out: string, err: string) => boolean;
  watchers?: number;
}

/** Feeds an interactive session (numbers = pauses in ms), then closes stdin. */
async function interactive(s: Session): Promise<{ ours: Outcome; real: Outcome }> {
  await noWatchers();
  const args = ['--endpoints', ep, 'watch', '-i', ...(s.args ?? [])];
  const procs = [startReal(FLAVOR, args, { env: s.env, stdin: true }), startOurs(args, { env: s.env, stdin: true })];
  try {
    for (const l of s.lines) {
      if (typeof l === 'number') await sleep(l);
      else if (typeof l === 'function') await l();
      else for (const p of procs) p.write(`${l}\n`);
    }
    if (s.watchers) await waitWatchers(url, s.watchers);
    if (s.actions) await s.actions();
    await Promise.all(procs.map((p) => p.waitFor(s.done)));
    for (const p of procs) p.endInput();
  } catch (e) {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    throw e;
  }
  const [r, o] = await Promise.all(procs.map((p) => outcome(p, true)));
  return { ours: o, real: r };
}

function assertSame(got: Outcome, want: Outcome): void {
  assert.equal(got.stdout.toString(), want.stdout.toString(), 'stdout');
  assert.equal(got.stderr, want.stderr, 'stderr');
  assert.deepEqual([got.code, got.signal], [want.code, want.signal], 'exit status');
}

describe('watch -i', () => {
  test("the spec's observed session (output blocks compared as a multiset)", async () => {
    const { ours: o, real: r } = await interactive({
      lines: [
        'watch i1/a',
        'bogus',
        '',
        'watch',
        'watch --prefix i1/',
        'watch i1/b -- echo hello',
        () => waitWatchers(url, 6),
        300,
        'progress',
        'watch i1/a i1/b --prefix',
      ],
      actions: async () => {
        await sleep(300);
        await put('i1/a', 'a');
        await put('i1/b', 'b');
      },
      done: (out) => out.includes('hello\n') && (out.match(/PUT\n/g) ?? []).length === 4,
    });
    // Two watchers see each event; the order of their outputs (and of `hello`) is the
    // server's and the scheduler's — etcdctl's goroutines even interleave line by line —
    // so compare the lines as a multiset.
    const blocks = (s: Outcome): string[] => s.stdout.toString().split('\n').sort();
    assert.deepEqual(blocks(o), blocks(r));
    assert.equal(o.stderr, r.stderr);
    assert.equal(
      o.stderr,
      'Invalid command bogus (only support watch)\n' +
        'Invalid command:  (watch and progress supported)\n' +
        'Invalid command watch (command type or key is not provided)\n' +
        'Invalid command watch i1/a i1/b --prefix (`range_end` and `--prefix` are mutually exclusive)\n' +
        'Error: error reading watch request line: EOF\n',
    );
    assert.match(o.stdout.toString(), /^(progress notify: \d+\n){3}/);
    assert.deepEqual([o.code, r.code], [3, 3]);
  });

  test('deterministic session: flags per line, exec, progress, bad lines', async () => {
    const { ours: o, real: r } = await interactive({
      lines: [
        'watch i2/a --prev-kv',
        'watch "i2/b" -- sh -c \'echo "exec $ETCD_WATCH_KEY"\'',
        'watch \'i2/c\'',
        'watch -- echo hi',
        'nothing here',
        '   ',
        () => waitWatchers(url, 6),
        300,
        'progress extra words',
      ],
      actions: async () => {
        await put('i2/a', '1');
        await put('i2/a', '2');
        await put('i2/b', '3');
        await put('i2/c', '4');
      },
      done: (out) => out.includes('i2/c\n4\n') && out.includes('exec "i2/b"') && (out.match(/progress notify/g) ?? []).length === 3,
    });
    assertSame(o, r);
  });

  test('a bad quoted token: invalid syntax, exit 3', async () => {
    const { ours: o, real: r } = await interactive({ lines: ['watch "a\\q"'], done: hasErr('Error') });
    assertSame(o, r);
    assert.equal(o.stderr, 'Error: invalid syntax\n');
  });

  for (const [name, line] of [
    ['help flag', 'watch -h'],
    ['unknown flag', 'watch k --foo'],
    ['global flag not allowed on a line', 'watch k -w json'],
    ['separator without command', 'watch k --'],
    ['bad --rev', 'watch k --rev x'],
  ] as const) {
    test(`line error (${name}): exit 128`, async () => {
      const { ours: o, real: r } = await interactive({ lines: [line], done: hasErr('Error') });
      assertSame(o, r);
      assert.equal(o.code, 128);
    });
  }

  test('env key: a bare `watch` line watches it; a key on the line conflicts', async () => {
    const { ours: o, real: r } = await interactive({
      env: { ETCDCTL_WATCH_KEY: 'i3/k' },
      lines: ['watch'],
      watchers: 2,
      actions: () => put('i3/k', 'v').then(() => undefined),
      done: has('i3/k\nv\n'),
    });
    assertSame(o, r);
    const c = await interactive({ env: { ETCDCTL_WATCH_KEY: 'i3/k' }, lines: ['watch other'], done: hasErr('Error') });
    assertSame(c.ours, c.real);
    assert.equal(c.ours.stderr, 'Error: bad number of arguments (found conflicting environment key)\n');
  });

  test('a compacted watch ends quietly in interactive mode (no exit 5)', async () => {
    const { ours: o, real: r } = await interactive({
      lines: ['watch z/k --rev 2', 300, 'watch i4/k'],
      watchers: 2,
      actions: () => put('i4/k', 'after').then(() => undefined),
      done: (out, err) => out.includes('after\n') && err.includes('watch was canceled'),
    });
    assertSame(o, r);
  });
});

// Last: auth is enabled on the shared cluster for these cases.
describe('watch refused by the server (permission denied)', () => {
  before(async () => {
    await etcdctl('user', 'add', 'root:rootpw');
    await etcdctl('user', 'grant-role', 'root', 'root');
    await etcdctl('user', 'add', 'nobody:pw');
    await etcdctl('auth', 'enable');
  });

  for (const format of ['simple', 'json']) {
    test(`-w ${format}: the cancel reason verbatim, exit 5`, async () => {
      const o = await diff({
        args: ['--user', 'nobody:pw', 'watch', 'a/k', '-w', format],
        watchers: 0,
        done: hasErr('Error:'),
        selfExit: true,
      });
      assert.equal(
        o.stderr,
        'watch was canceled (rpc error: code = PermissionDenied desc = etcdserver: permission denied)\nError: watch is canceled by the server\n',
      );
      if (format === 'json') assert.equal(o.stdout.toString(), '{"Header":{},"Events":null,"CompactRevision":0,"Canceled":true,"Created":false}\n');
    });
  }
});
