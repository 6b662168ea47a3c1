/**
 * watch extensions for terminals and CI (issue 14, not in etcdctl): what a compacted
 * start revision does (--on-compacted), how long the watch may stay cut off from every
 * member (--max-disconnect, exit 13) and arrival timestamps (--timestamps).
 */
import { flag, type FlagOpts } from '../../cli/flags';
import { CliError, ExitCode, badArgs } from '../../errors';
import { goDuration } from '../../go/humanize';
import type { EtcdClient } from '../../client/client';
import type { WatchSpec, WatchState, WatchView } from '../../client/watch';

export const WATCH_EXT_FLAGS = {
  onCompacted: flag.string(
    'When the start revision was compacted: fail (as etcdctl) or resync (re-read the keys at the current revision as PUT events, then watch on)',
    'fail',
    { extension: true },
  ),
  maxDisconnect: flag.duration(
    'Exit with code 13 once no member could be reached for this long (0: retry forever)',
    0n,
    { extension: true },
  ),
  timestamps: flag.bool(
    'Prefix each response with its local RFC3339 arrival time (on by default when stdout is a terminal)',
    false,
    { extension: true },
  ),
};

export type WatchExtFlags = FlagOpts<typeof WATCH_EXT_FLAGS>;

/** --on-compacted: `fail` or `resync`; anything else is a bad argument. */
export function onCompactedMode(value: string): 'fail' | 'resync' {
  if (value === 'fail' || value === 'resync') return value;
  throw badArgs(`invalid --on-compacted value ${JSON.stringify(value)} (fail or resync)`);
}

/**
 * --max-disconnect: a timer that runs while the watch reaches no member (from the start
 * until the first `watching`, and from each `reconnecting` to its `resumed`). When it
 * fires, `expired` rejects with exit 13.
 */
export interface DisconnectGuard {
  onState(s: WatchState): void;
  expired: Promise<never>;
  dispose(): void;
}

export function disconnectGuard(limitNs: bigint): DisconnectGuard {
  const ms = Number(limitNs / 1_000_000n);
  let fire: (e: unknown) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => {
    fire = reject;
  });
  expired.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const start = (): void => {
    timer ??= setTimeout(
      () =>
        fire(
          new CliError(
            ExitCode.WatchDisconnected,
            `watch: no member reachable for ${goDuration(limitNs)} (--max-disconnect)`,
          ),
        ),
      ms,
    );
  };
  const stop = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  start();
  return {
    onState(s) {
      if (s.kind === 'watching' || s.kind === 'resumed') stop();
      else start();
    },
    expired,
    dispose: stop,
  };
}

/** RFC3339 local time with the zone offset, as Go's time.RFC3339 (e.g. 2026-12-04T07:01:02+01:00). */
export function rfc3339Local(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

/** The stderr marker of a resync. */
export function resyncLine(compacted: bigint, revision: bigint): string {
  return `watch: revision compacted at ${compacted}; resynced at revision ${revision}, watching from ${revision + 1n}\n`;
}

/**
 * --on-compacted=resync: the watched keys at the current revision as one response of PUT
 * events, and the revision it was read at.
 */
export async function resyncView(client: EtcdClient, spec: WatchSpec): Promise<{ view: WatchView; revision: bigint }> {
  const { KV } = await import('../../client/methods');
  const { RangeRequest } = await import('../../proto/gen/rpc');
  const { Event, Event_EventType } = await import('../../proto/gen/kv');
  const resp = await client.unary(KV.range, RangeRequest.fromPartial({ key: spec.key, range_end: spec.range_end }));
  const events = resp.kvs.map((kv) => Event.fromPartial({ type: Event_EventType.PUT, kv }));
  const header = resp.header!;
  return { view: { header, events, compactRevision: 0n, canceled: false, created: false }, revision: header.revision };
}
