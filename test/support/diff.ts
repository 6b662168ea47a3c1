// Differential replay: a scenario (a list of command lines) is run by the real
// etcdctl against a fresh cluster, then by ours against a twin of that cluster
// (same names, ports, token: same cluster/member IDs, same revisions). Every
// step's stdout, stderr and exit code can then be compared byte for byte.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type EtcdFlavor, type StartClusterOptions } from './etcd';
import { ours, real, dropZapLines, type RunResult } from './run';

export interface Step {
  /** Test name; defaults to the command line. */
  name?: string;
  /** Arguments; `{EP}` is replaced by the cluster's endpoints (comma-separated). */
  args: string[];
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** Do not add --endpoints (the step names its own, or sets ETCDCTL_ENDPOINTS). */
  noEndpoints?: boolean;
  /** Which real etcdctl is the oracle for this step (default 3.4). */
  oracle?: EtcdFlavor;
  /** Run this instead on the oracle side (an equivalent command, for 3.6-only flags). */
  realArgs?: string[];
  /**
   * The 3.6 expectation when it differs from the oracle (docs/etcdctl-behaviour.md §11): derived from the
   * oracle's result. Default: the oracle's result with its zap log lines dropped.
   */
  expect?: (real: Expected) => Expected;
  /** Only the side effects matter (setup); not compared. */
  setup?: boolean;
  /** A usage error: stdout must be the help of this command path (ours, 3.6 layout). */
  usageOf?: string[];
}

export interface Expected {
  out: Buffer;
  err: string;
  code: number | null;
}

export interface Pair {
  step: Step;
  name: string;
  expected: Expected;
  ours: RunResult;
}

function withEndpoints(step: Step, args: string[], endpoints: string[]): string[] {
  const joined = endpoints.join(',');
  const replaced = args.map((a) => a.replace(/\{EP\}/g, joined));
  return step.noEndpoints ? replaced : [`--endpoints=${joined}`, ...replaced];
}

function envWith(step: Step, endpoints: string[]): Record<string, string | undefined> | undefined {
  if (!step.env) return undefined;
  const joined = endpoints.join(',');
  return Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, v?.replace(/\{EP\}/g, joined)]));
}

/** 3.6 prints cobra's error once; the 3.4/3.5 oracles print it twice (docs/etcdctl-behaviour.md §11.1 #2). */
export function cobraOnce(e: Expected): Expected {
  const unknownCmd = /^(Error: unknown command [\s\S]*?Run 'etcdctl --help' for usage\.\n)/.exec(e.err);
  if (unknownCmd) return { ...e, err: unknownCmd[1] };
  const m = /^(Error: .*\n\n)Error: .*\n$/.exec(e.err);
  return m ? { ...e, err: m[1] } : e;
}

export async function replay(steps: Step[], cluster: StartClusterOptions = {}): Promise<Pair[]> {
  const first = await startCluster(cluster);
  const realResults: Expected[] = [];
  try {
    for (const step of steps) {
      const r = await real(step.oracle ?? '3.4', withEndpoints(step, step.realArgs ?? step.args, first.endpoints), {
        input: step.input,
        env: envWith(step, first.endpoints),
      });
      realResults.push({ out: r.stdout, err: dropZapLines(r.err), code: r.code });
    }
  } finally {
    await first.stop();
  }
  const twin = await startCluster({ ...cluster, identity: first.identity });
  const pairs: Pair[] = [];
  try {
    for (const [i, step] of steps.entries()) {
      const o = await ours(withEndpoints(step, step.args, twin.endpoints), {
        input: step.input,
        env: envWith(step, twin.endpoints),
      });
      const base = realResults[i];
      pairs.push({
        step,
        name: step.name ?? step.args.join(' '),
        expected: step.expect ? step.expect(base) : base,
        ours: o,
      });
    }
  } finally {
    await twin.stop();
  }
  return pairs;
}

/** Text of a buffer for assertion messages (bytes shown as latin1). */
export function show(b: Buffer): string {
  return b.toString('latin1');
}

/** Compares one replayed step: exit code, stderr, and stdout (or the help, for usage errors). */
export async function compareStep(p: Pair): Promise<void> {
  const where = `${p.name}\n--- ours stdout:\n${show(p.ours.stdout)}\n--- ours stderr:\n${p.ours.err}\n--- expected stdout:\n${show(p.expected.out)}\n--- expected stderr:\n${p.expected.err}`;
  assert.equal(p.ours.code, p.expected.code, `exit code: ${where}`);
  assert.equal(p.ours.err, p.expected.err, `stderr: ${where}`);
  if (p.step.usageOf) {
    const help = await ours([...p.step.usageOf, '--help']);
    assert.match(show(p.ours.stdout), /^NAME:\n {2}/);
    assert.equal(show(p.ours.stdout), show(help.stdout), `stdout must be the help of ${p.step.usageOf.join(' ')}`);
  } else {
    assert.equal(show(p.ours.stdout), show(p.expected.out), `stdout: ${where}`);
  }
}

/** A suite that replays `steps` (see replay) and compares every non-setup step. */
export function describeReplay(title: string, steps: Step[], cluster: StartClusterOptions = {}): void {
  describe(title, () => {
    let pairs: Pair[] = [];
    before(async () => {
      pairs = await replay(steps, cluster);
    });
    test('every step has a result', () => assert.equal(pairs.length, steps.length));
    for (const [i, step] of steps.entries()) {
      if (step.setup) continue;
      test(step.name ?? step.args.join(' '), () => compareStep(pairs[i]));
    }
  });
}
