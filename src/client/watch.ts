/**
 * The watch stream manager (docs/etcdctl-behaviour.md §9.5): one shared Watch bidi stream per
 * client, create requests sent one at a time, a resume revision per watcher,
 * and recovery from non-halting stream errors on another endpoint, re-creating
 * every active watcher from its next revision — no event lost, none repeated.
 *
 * The stream itself comes from an `OpenStream` function (the client's bidi
 * call in production, a scripted fake in unit tests), so this module does
 * not load grpc-js.
 */
import { ResponseHeader, WatchRequest, type WatchResponse } from '../proto/gen/rpc';
import type { EtcdClient } from './client';
import { Watch } from './methods';
import { GrpcCode } from './grpc-codes';
import { EtcdErr } from './etcd-errors';
import { Watcher, createRequest, isProgressNotify, keyWatch, type WatchSpec, type WatchView } from './watcher';
import { NO_LEADER_MAX_BACKOFF_MS, RECIPE_POLICY, nextBackoffMs, type WatchPolicy } from './watch-policy';

export { Watcher, isProgressNotify, keyWatch, RECIPE_POLICY, type WatchPolicy, type WatchSpec, type WatchView };

const { UNKNOWN, INTERNAL, UNAVAILABLE, FAILED_PRECONDITION, UNAUTHENTICATED } = GrpcCode;
/** clientv3.InvalidWatchID: a progress response broadcast to every watcher of the stream. */
const BROADCAST_ID = -1n;

/** Buffered responses (all watchers) above which the stream is paused, and below which it resumes. */
const HIGH_WATER = 1024;
const LOW_WATER = 256;

/** A status-like error from the stream. */
export interface StreamError {
  code?: number;
  details?: string;
  message?: string;
}

/** The subset of a grpc-js ClientDuplexStream the manager uses. */
export interface WatchDuplex {
  write(req: WatchRequest): unknown;
  on(event: 'data', cb: (r: WatchResponse) => void): unknown;
  on(event: 'error', cb: (e: StreamError) => void): unknown;
  on(event: 'end', cb: () => void): unknown;
  cancel(): void;
  pause(): unknown;
  resume(): unknown;
  getPeer?(): string;
}

export type OpenStream = () => Promise<WatchDuplex>;

export type { WatchState } from '../watch-types';
import type { WatchState } from '../watch-types';

export interface WatchHooks {
  policy?: WatchPolicy;
  onState?(s: WatchState): void;
  /** Called once when the manager is closed. */
  onClose?(): void;
  /** Text of a stream error (etcdctl's conversion, docs/etcdctl-behaviour.md §4.2). */
  errorText?(e: StreamError): string;
  sleep?(ms: number): Promise<void>;
}

function defaultErrorText(e: StreamError): string {
  const details = e.details ?? e.message ?? '';
  return e.code === undefined ? details : `rpc error: code = ${e.code} desc = ${details}`;
}

const ZERO_HEADER = (): ResponseHeader => ResponseHeader.fromPartial({});

/** The final response of a watcher closed by an error (clientv3 closeSubstream). */
function closeView(err: string): WatchView {
  return { header: ZERO_HEADER(), events: null, compactRevision: 0n, canceled: true, created: false, err };
}

/** clientv3 WatchResponse.Err() for a response from the server. */
function responseErr(r: WatchResponse, errorText: (e: StreamError) => string): string | undefined {
  if (r.compact_revision !== 0n) return EtcdErr.Compacted;
  if (!r.canceled) return undefined;
  if (r.cancel_reason !== '') return errorText({ code: FAILED_PRECONDITION, details: r.cancel_reason });
  return EtcdErr.FutureRev;
}

export class WatchStreamManager {
  private stream: WatchDuplex | undefined;
  private generation = 0;
  private opening = false;
  private closed = false;
  private paused = false;
  private progressWanted = false;
  private backoffMs = 0;
  private authFailures = 0;
  /** Active watchers in creation order. */
  private active: Watcher[] = [];
  /** Watchers waiting for their `created` response; the head's request has been sent. */
  private pending: Watcher[] = [];
  private readonly byId = new Map<bigint, Watcher>();
  private readonly errorText: (e: StreamError) => string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly policy: WatchPolicy;

  constructor(
    private readonly open: OpenStream,
    private readonly hooks: WatchHooks = {},
  ) {
    this.errorText = hooks.errorText ?? defaultErrorText;
    this.sleep = hooks.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.policy = hooks.policy ?? {};
  }

  /** Starts a watcher; its create request is queued behind those not yet acknowledged. */
  watch(spec: WatchSpec): Watcher {
    const w = new Watcher(spec, () => this.maybeResume());
    if (this.closed) {
      w.end();
      return w;
    }
    this.active.push(w);
    if (this.stream) {
      this.pending.push(w);
      if (this.pending.length === 1) this.sendCreate(w);
    } else void this.connect();
    return w;
  }

  /** Asks the server for a progress notification on every watcher of the stream. */
  requestProgress(): void {
    if (this.closed) return;
    if (this.stream) this.stream.write(WatchRequest.fromPartial({ progress_request: {} }));
    else {
      this.progressWanted = true;
      void this.connect();
    }
  }

  /** Cancels the stream; every watcher ends without a final response. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hooks.onClose?.();
    this.generation++;
    const s = this.stream;
    this.stream = undefined;
    s?.cancel();
    for (const w of this.active) w.end();
    this.active = [];
    this.pending = [];
    this.byId.clear();
  }

  private async connect(): Promise<void> {
    if (this.stream || this.opening || this.closed) return;
    this.opening = true;
    this.hooks.onState?.({ kind: 'connecting' });
    for (;;) {
      let s: WatchDuplex;
      try {
        s = await this.open();
      } catch (e) {
        const err = e as StreamError;
        if (this.closed) return;
        if (this.isHalting(err)) {
          this.opening = false;
          this.halt(err);
          return;
        }
        await this.backoff(err);
        if (this.closed) return;
        continue;
      }
      if (this.closed) {
        s.cancel();
        return;
      }
      this.opening = false;
      this.attach(s);
      return;
    }
  }

  private attach(s: WatchDuplex): void {
    const gen = ++this.generation;
    this.stream = s;
    this.paused = false;
    let failed = false;
    const fail = (e: StreamError): void => {
      if (failed || gen !== this.generation) return;
      failed = true;
      void this.onStreamError(e);
    };
    s.on('data', (r: WatchResponse) => {
      if (gen === this.generation) this.onResponse(r);
    });
    s.on('error', fail);
    // A stream ended by the server with status OK: Go's Recv returns io.EOF, a halting error.
    s.on('end', () =>
      fail(
        this.policy.resumeOnEnd
          ? { code: UNAVAILABLE, details: 'EOF', message: 'EOF' }
          : { code: UNKNOWN, details: 'EOF', message: 'EOF' },
      ),
    );
    this.pending = this.active.filter((w) => !w.done);
    if (this.pending.length > 0) this.sendCreate(this.pending[0]);
    if (this.progressWanted) {
      this.progressWanted = false;
      s.write(WatchRequest.fromPartial({ progress_request: {} }));
    }
  }

  private sendCreate(w: Watcher): void {
    this.stream?.write(createRequest(w.spec, w.nextRev));
  }

  private peer(): string {
    try {
      return this.stream?.getPeer?.() ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }

  private onResponse(r: WatchResponse): void {
    this.backoffMs = 0;
    this.authFailures = 0;
    if (r.created) {
      this.onCreated(r);
      return;
    }
    if (r.canceled && r.compact_revision === 0n && !this.policy.reportCancel) {
      // The server dropped an established watcher: its channel closes without a final response.
      const w = this.byId.get(r.watch_id);
      if (w) this.finish(w);
      return;
    }
    const header = r.header ?? ZERO_HEADER();
    if (r.watch_id === BROADCAST_ID && r.events.length === 0 && !r.canceled && r.compact_revision === 0n) {
      for (const w of this.byId.values())
        this.deliver(w, { header, events: [], compactRevision: 0n, canceled: false, created: false });
      return;
    }
    const w = this.byId.get(r.watch_id);
    if (!w) return;
    const events = w.merge(r);
    if (!events) return;
    const view: WatchView = {
      header,
      events,
      compactRevision: r.compact_revision,
      canceled: r.canceled,
      created: false,
      err: responseErr(r, this.errorText),
    };
    this.deliver(w, view);
    if (view.err !== undefined) this.finish(w);
  }

  private onCreated(r: WatchResponse): void {
    const w = this.pending.shift();
    if (w && !w.done) {
      if (r.canceled && this.policy.reportCancel) {
        const header = r.header ?? ZERO_HEADER();
        this.finish(w, {
          header,
          events: [],
          compactRevision: r.compact_revision,
          canceled: true,
          created: false,
          err: responseErr(r, this.errorText),
        });
      } else if (r.watch_id === BROADCAST_ID || (r.canceled && r.cancel_reason !== '')) {
        // Refused at creation: the reason is the error text, verbatim (clientv3 addSubstream).
        this.finish(w, closeView(r.cancel_reason));
      } else {
        w.id = r.watch_id;
        this.byId.set(r.watch_id, w);
        // A watch "from now" starts after the revision of its creation.
        if (w.nextRev === 0n) w.nextRev = (r.header?.revision ?? 0n) + 1n;
        const kind = w.created ? 'resumed' : 'watching';
        w.created = true;
        this.hooks.onState?.({ kind, revision: w.nextRev, peer: this.peer() });
      }
    }
    if (this.pending.length > 0) this.sendCreate(this.pending[0]);
  }

  /** Hands a response to its watcher and advances the watcher's resume revision. */
  private deliver(w: Watcher, v: WatchView): void {
    const events = v.events ?? [];
    if (events.length > 0) {
      const last = events[events.length - 1].kv?.mod_revision ?? 0n;
      if (last + 1n > w.nextRev) w.nextRev = last + 1n;
    } else if (isProgressNotify(v)) {
      // Every event up to the notified revision has been sent.
      if (v.header.revision + 1n > w.nextRev) w.nextRev = v.header.revision + 1n;
    }
    w.push(v);
    if (!this.paused && this.stream && this.totalBuffered() > HIGH_WATER) {
      this.paused = true;
      this.stream.pause();
    }
  }

  private totalBuffered(): number {
    let n = 0;
    for (const w of this.active) n += w.buffered;
    return n;
  }

  private maybeResume(): void {
    if (this.paused && this.stream && this.totalBuffered() <= LOW_WATER) {
      this.paused = false;
      this.stream.resume();
    }
  }

  /** Ends one watcher (optionally after a final response) and forgets it. */
  private finish(w: Watcher, last?: WatchView): void {
    w.end(last);
    if (w.id !== undefined) this.byId.delete(w.id);
    this.active = this.active.filter((x) => x !== w);
    this.pending = this.pending.filter((x) => x !== w);
    if (this.active.length === 0 && this.stream) {
      // No watcher left: close the stream, as clientv3 does; the next watch opens a new one.
      this.generation++;
      const s = this.stream;
      this.stream = undefined;
      s.cancel();
    }
  }

  private isHalting(e: StreamError): boolean {
    if (e.code === UNAUTHENTICATED && this.authFailures++ < (this.policy.authRetries ?? 0)) return false;
    if (e.details === EtcdErr.NoLeader) return !this.policy.resumeWithoutLeader;
    return e.code !== UNAVAILABLE && e.code !== INTERNAL;
  }

  private backoffCap(e: StreamError): number | undefined {
    return e.details === EtcdErr.NoLeader ? NO_LEADER_MAX_BACKOFF_MS : undefined;
  }

  /** Closes every watcher with a final canceled response carrying the error. */
  private halt(e: StreamError): void {
    const text = e.details === 'EOF' && e.code === UNKNOWN ? 'EOF' : this.errorText(e);
    const watchers = this.active;
    this.active = [];
    this.pending = [];
    this.byId.clear();
    for (const w of watchers) w.end(closeView(text));
  }

  private async backoff(e: StreamError): Promise<void> {
    if (e.code !== UNAVAILABLE) {
      // Internal (or a token to renew): retried at once, as clientv3 does (yield to the event loop, no busy loop).
      await this.sleep(0);
      return;
    }
    this.backoffMs = nextBackoffMs(this.backoffMs, this.backoffCap(e));
    await this.sleep(this.backoffMs);
  }

  private async onStreamError(e: StreamError): Promise<void> {
    if (this.closed) return;
    this.generation++;
    this.stream = undefined;
    this.pending = [];
    this.byId.clear();
    for (const w of this.active) w.id = undefined;
    if (this.isHalting(e)) {
      this.halt(e);
      return;
    }
    if (this.active.length === 0) return;
    const delay = e.code === UNAVAILABLE ? nextBackoffMs(this.backoffMs, this.backoffCap(e)) : 0;
    this.hooks.onState?.({ kind: 'reconnecting', error: this.errorText(e), delayMs: delay });
    await this.backoff(e);
    if (this.closed) return;
    await this.connect();
  }
}

/** A manager over the client's Watch stream (require-leader metadata, as etcdctl). */
export function watchManagerFor(
  client: EtcdClient,
  hooks: Omit<WatchHooks, 'errorText'> = {},
): Promise<WatchStreamManager> {
  return import('./grpc-errors').then(({ toRpcError }) => {
    const onClientClosed = (): void => mgr.close();
    const mgr = new WatchStreamManager(
      async () => (await client.bidi(Watch.watch, { requireLeader: true })) as unknown as WatchDuplex,
      {
        ...hooks,
        errorText: (e) => toRpcError(e, false).message,
        onClose: () => client.closedSignal.removeEventListener('abort', onClientClosed),
      },
    );
    client.closedSignal.addEventListener('abort', onClientClosed);
    return mgr;
  });
}
