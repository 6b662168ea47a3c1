/**
 * Differential harness of the watch compat tests (docs/etcdctl-behaviour.md §6.6): our CLI and the real etcdctl
 * 3.5.30 watch the same keys of the same server at the same time; the test performs
 * puts/deletes with the real etcdctl, waits until both printed the expected output, ends both
 * with SIGTERM (etcdctl has no handler: death by signal, docs/etcdctl-behaviour.md §9.7) and compares stdout,
 * stderr and the exit status. Where 3.6 differs from 3.5.30 the 3.6 expectation is written
 * out by the test (spec section cited).
 *
 *   const rig = useWatchCluster();   // at the top of a test file: one cluster per file
 *   test('...', () => rig.diff({ args: ['watch', 'k'], actions: () => rig.put('k', 'v'), done: has('v\n') }));
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from './etcd';
import { dropZapLines, real, type RunResult } from './run';
import { sleep, startOurs, startReal, waitWatchers, watcherCount, type Proc } from './watch-proc';

export const FLAVOR = '3.5' as const;

export interface Outcome {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  signal: string | null;
}

export interface StreamCase {
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

export interface Session {
  /** Lines to send; a number is a pause (ms), a function a step to await. */
  lines: (string | number | (() => Promise<void>))[];
  env?: Record<string, string>;
  args?: string[];
  actions?: () => Promise<void>;
  done: (out: string, err: string) => boolean;
  watchers?: number;
}

export interface WatchRig {
  /** "127.0.0.1:<port>" of the cluster's member (set once the file's before() ran). */
  readonly ep: string;
  /** "http://127.0.0.1:<port>" of the cluster's member. */
  readonly url: string;
  /** The real etcdctl against the cluster; asserts exit 0. */
  etcdctl(...args: string[]): Promise<RunResult>;
  put(k: string, v: string): Promise<RunResult>;
  del(...a: string[]): Promise<RunResult>;
  /** The cluster's current revision. */
  revision(): Promise<bigint>;
  /** Runs the case with both CLIs and returns both outcomes. */
  runStream(c: StreamCase): Promise<{ ours: Outcome; real: Outcome }>;
  /** Runs the case and asserts our outcome equals etcdctl's (or its 3.6 expectation); returns ours. */
  diff(c: StreamCase): Promise<Outcome>;
  /** Feeds an interactive session (numbers = pauses in ms), then closes stdin. */
  interactive(s: Session): Promise<{ ours: Outcome; real: Outcome }>;
}

async function outcome(p: Proc, selfExit: boolean): Promise<Outcome> {
  const st = selfExit ? await p.exited : await p.stop('SIGTERM');
  return { stdout: p.stdout(), stderr: dropZapLines(p.err()), ...st };
}

/**
 * Registers before/after hooks of the calling test file: a 3.5 cluster with progress
 * notifications every 300 ms (so --progress-notify is testable) and a compacted history of
 * `z/k` (for the cancellation cases; every later revision is above it). Returns the helpers
 * bound to that cluster.
 */
export function useWatchCluster(): WatchRig {
  let cluster: Cluster | undefined;
  let ep = '';
  let url = '';

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

  before(async () => {
    cluster = await startCluster({
      flavor: FLAVOR,
      extraArgs: ['--experimental-watch-progress-notify-interval=300ms'],
    });
    ep = cluster.endpoints[0];
    url = cluster.clientUrls[0];
    await put('z/k', 'a');
    await put('z/k', 'b');
    await etcdctl('compaction', String(await revision()));
  });

  after(async () => {
    await cluster?.stop();
  });

  return {
    get ep() {
      return ep;
    },
    get url() {
      return url;
    },
    etcdctl,
    put,
    del,
    revision,
    runStream,
    diff,
    interactive,
  };
}

/** `done` predicates: more than n lines of stdout; stdout / stderr containing s. */
export const lines = (n: number) => (out: string) => out.split('\n').length > n;
export const has = (s: string) => (out: string) => out.includes(s);
export const hasErr = (s: string) => (_out: string, err: string) => err.includes(s);
/** The exit status of a watch ended by the test's SIGTERM. */
export const TERM = { code: null, signal: 'SIGTERM' };

/** Asserts two outcomes are equal (stdout compared as UTF-8). */
export function assertSame(got: Outcome, want: Outcome): void {
  assert.equal(got.stdout.toString(), want.stdout.toString(), 'stdout');
  assert.equal(got.stderr, want.stderr, 'stderr');
  assert.deepEqual([got.code, got.signal], [want.code, want.signal], 'exit status');
}

/** The (key, mod revision) of every event in `watch -w json` output, in the order printed. */
export function watchJsonEvents(out: string): { key: string; rev: number }[] {
  const evs: { key: string; rev: number }[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const resp = JSON.parse(line) as { Events: { kv: { key: string; mod_revision: number } }[] | null };
    for (const e of resp.Events ?? [])
      evs.push({ key: Buffer.from(e.kv.key, 'base64').toString(), rev: e.kv.mod_revision });
  }
  return evs;
}
