/**
 * What a watcher is and receives (clientv3's Watch options, WatchResponse and
 * response channel): the create-request fields, the response view etcdctl
 * prints, and the per-watcher queue the stream manager fills.
 */
export type { WatchView } from '../watch-types';
import { WatchCreateRequest, WatchRequest, type WatchResponse } from '../proto/gen/rpc';
import type { WatchView } from '../watch-types';
import type { Event } from '../proto/gen/kv';

/** What a watcher asks for (clientv3 Watch options as etcdctl uses them). */
export interface WatchSpec {
  key: Buffer;
  range_end: Buffer;
  /** 0 = from the current revision. */
  start_revision: bigint;
  prev_kv: boolean;
  progress_notify: boolean;
}

/** A plain watch of a key or range (no prev_kv, no progress notifications), as etcd's recipes use. */
export function keyWatch(key: Buffer, startRevision: bigint, rangeEnd: Buffer = Buffer.alloc(0)): WatchSpec {
  return { key, range_end: rangeEnd, start_revision: startRevision, prev_kv: false, progress_notify: false };
}

/** The create request of a watcher that (re)starts at `startRevision`. */
export function createRequest(spec: WatchSpec, startRevision: bigint): WatchRequest {
  const req = WatchCreateRequest.fromPartial({
    key: spec.key,
    range_end: spec.range_end,
    start_revision: startRevision,
    prev_kv: spec.prev_kv,
    progress_notify: spec.progress_notify,
  });
  return WatchRequest.fromPartial({ create_request: req });
}

/** clientv3 WatchResponse.IsProgressNotify. */
export function isProgressNotify(r: WatchView): boolean {
  return (
    (r.events?.length ?? 0) === 0 && !r.canceled && !r.created && r.compactRevision === 0n && r.header.revision !== 0n
  );
}

/** One watcher: an async sequence of responses that ends when the watch is closed. */
export class Watcher implements AsyncIterable<WatchView> {
  /** The revision the watcher resumes from after a reconnect. */
  nextRev: bigint;
  id: bigint | undefined;
  done = false;
  created = false;
  private readonly buf: WatchView[] = [];
  private wake: (() => void) | undefined;
  private fragments: Event[] = [];

  constructor(
    readonly spec: WatchSpec,
    private readonly onConsumed: () => void,
  ) {
    this.nextRev = spec.start_revision;
  }

  get buffered(): number {
    return this.buf.length;
  }

  /** @internal */
  push(v: WatchView): void {
    if (this.done) return;
    this.buf.push(v);
    this.notify();
  }

  /** @internal Ends the sequence after the buffered responses (and `last`, if given). */
  end(last?: WatchView): void {
    if (this.done) return;
    if (last) this.buf.push(last);
    this.done = true;
    this.notify();
  }

  /** @internal Collects fragments; returns the whole event list when the last one arrives. */
  merge(r: WatchResponse): Event[] | undefined {
    if (r.fragment) {
      this.fragments.push(...r.events);
      return undefined;
    }
    if (this.fragments.length === 0) return r.events;
    const all = [...this.fragments, ...r.events];
    this.fragments = [];
    return all;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchView> {
    for (;;) {
      const v = this.buf.shift();
      if (v) {
        this.onConsumed();
        yield v;
        continue;
      }
      if (this.done) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}
