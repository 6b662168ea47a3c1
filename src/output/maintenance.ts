/**
 * Output of defrag, snapshot save, downgrade and check perf/datascale
 * (docs/etcdctl-behaviour.md §8.6, §8.7, §8.9, §10.8, §10.9). Pure: values in, text out.
 * Only downgrade goes through -w; the others print fixed text.
 */
import { DowngradeResponse } from '../proto/gen/rpc';
import { goDuration, goFixed } from '../go/humanize';
import { messageJson } from './json';
import type { KindRenderers } from './printer';

/** 3.6 defrag lines (docs/etcdctl-behaviour.md §8.6). `tookNs` is the Defragment RPC's duration. */
export function defragFinished(ep: string, tookNs: bigint): string {
  return `Finished defragmenting etcd member[${ep}]. took ${goDuration(tookNs)}\n`;
}

export function defragFailed(ep: string, tookNs: bigint, err: string): string {
  return `Failed to defragment etcd member[${ep}]. took ${goDuration(tookNs)}. (${err})\n`;
}

/** snapshot save's stdout (docs/etcdctl-behaviour.md §8.7): the version line only when the server sent one (>= 3.6). */
export function snapshotSaved(path: string, version: string): string {
  return `Snapshot saved at ${path}\n${version !== '' ? `Server version ${version}\n` : ''}`;
}

export type DowngradeAction = 'validate' | 'enable' | 'cancel';

/** DowngradeValidate / Enable / Cancel printers: simple, json, protobuf; fields and table ✘ (docs/etcdctl-behaviour.md §5.1). */
export function downgradeRenderers(action: DowngradeAction): KindRenderers<DowngradeResponse> {
  return {
    simple: (r) => `Downgrade ${action} success, cluster version ${r.version}\n`,
    json: (r) => `${messageJson(r as never)}\n`,
    protobuf: (r) => DowngradeResponse.encode(r).finish(),
  };
}

/** What pkg/report computes from the results of a workload (successful latencies only). */
export interface WorkloadStats {
  /** Successful requests per second over the whole run. */
  rps: number;
  /** Seconds; NaN when nothing succeeded (Go prints "NaN"). */
  slowest: number;
  stddev: number;
  average: number;
  /** Error text -> count, in first-seen order. */
  errors: Map<string, number>;
}

/** Go %f. */
const f6 = (x: number): string => goFixed(x, 6);

/** Go int(x) for a float64: truncation toward zero (NaN/Inf map like amd64: MinInt64). */
function goInt(x: number): bigint {
  if (!Number.isFinite(x)) return -(2n ** 63n);
  return BigInt(Math.trunc(x));
}

function errorLines(errors: Map<string, number>): string {
  let out = 'FAIL: too many errors\n';
  for (const [text, n] of errors) out += `FAIL: ERROR(${text}) -> ${n}\n`;
  return out;
}

/** check perf's verdict lines (docs/etcdctl-behaviour.md §10.8) and whether the run passed (exit 1 otherwise). */
export function perfVerdict(s: WorkloadStats, limit: number): { text: string; ok: boolean } {
  let ok = true;
  let text = '';
  if (s.errors.size > 0) {
    text += errorLines(s.errors);
    ok = false;
  }
  const rps = goInt(s.rps) + 1n;
  if (s.rps / limit <= 0.9) {
    text += `FAIL: Throughput too low: ${rps} writes/s\n`;
    ok = false;
  } else {
    text += `PASS: Throughput is ${rps} writes/s\n`;
  }
  if (s.slowest > 0.5) {
    text += `Slowest request took too long: ${f6(s.slowest)}s\n`;
    ok = false;
  } else {
    text += `PASS: Slowest request took ${f6(s.slowest)}s\n`;
  }
  if (s.stddev > 0.1) {
    text += `Stddev too high: ${f6(s.stddev)}s\n`;
    ok = false;
  } else {
    text += `PASS: Stddev is ${f6(s.stddev)}s\n`;
  }
  text += ok ? 'PASS\n' : 'FAIL\n';
  return { text, ok };
}

export function datascaleStart(keys: number, kvSize: number, clients: number): string {
  return `Start data scale check for work load [${keys} key-value pairs, ${kvSize} bytes per key-value, ${clients} concurrent clients].\n`;
}

/** check datascale's verdict (docs/etcdctl-behaviour.md §10.9): memory in MiB with two decimals, or the error lines (exit 1). */
export function datascaleVerdict(
  s: WorkloadStats,
  bytesBefore: number,
  bytesAfter: number,
): { text: string; ok: boolean } {
  if (s.errors.size > 0) return { text: errorLines(s.errors), ok: false };
  const mb = (bytesAfter - bytesBefore) / (1024 * 1024);
  return { text: `PASS: Approximate system memory used : ${goFixed(mb, 2)} MB.\n`, ok: true };
}

export const compactingLine = (rev: bigint): string => `Compacting with revision ${rev}\n`;
export const compactedLine = (rev: bigint): string => `Compacted with revision ${rev}\n`;
