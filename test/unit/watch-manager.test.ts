// The watch stream manager (docs/etcdctl-behaviour.md §9.5) against a scripted stream: resume revisions,
// recovery from non-halting errors, halting errors, compaction, refusals, progress
// broadcasts and back-pressure. A fake stream is used because a real server cannot be made
// to fail a stream with a chosen gRPC code at a chosen moment.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import {
  WatchStreamManager,
  type WatchDuplex,
  type WatchState,
  type WatchView,
  type Watcher,
  type StreamError,
} from '../../src/client/watch';
import { WatchResponse, type WatchRequest } from '../../src/proto/gen/rpc';
import { Event_EventType } from '../../src/proto/gen/kv';
import { toRpcError } from '../../src/client/grpc-errors';

const UNAVAILABLE = 14;
const INTERNAL = 13;

class FakeStream extends EventEmitter {
  readonly written: WatchRequest[] = [];
  canceled = false;
  paused = false;
  write(r: WatchRequest): boolean {
    this.written.push(r);
    return true;
  }
  cancel(): void {
    this.canceled = true;
  }
  pause(): this {
    this.paused = true;
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  getPeer(): string {
    return '127.0.0.1:2379';
  }
  respond(r: Partial<WatchResponse>): void {
    this.emit('data', WatchResponse.fromPartial(r));
  }
  fail(code: number, details: string): void {
    this.emit('error', { code, details });
  }
  creates(): bigint[] {
    return this.written.filter((w) => w.create_request).map((w) => w.create_request!.start_revision);
  }
}

interface Rig {
  mgr: WatchStreamManager;
  streams: FakeStream[];
  sleeps: number[];
  states: WatchState[];
  /** Resolves when the n-th stream (1-based) has been opened. */
  opened(n: number): Promise<FakeStream>;
}

function rig(openErrors: StreamError[] = []): Rig {
  const streams: FakeStream[] = [];
  const sleeps: number[] = [];
  const states: WatchState[] = [];
  const waiting: { n: number; resolve: (s: FakeStream) => void }[] = [];
  const mgr = new WatchStreamManager(
    async () => {
      const e = openErrors.shift();
      if (e) throw e;
      const s = new FakeStream();
      streams.push(s);
      queueMicrotask(() => {
        for (const w of waiting.filter((x) => x.n === streams.length)) w.resolve(s);
      });
      return s as unknown as WatchDuplex;
    },
    {
      errorText: (e) => toRpcError(e, false).message,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onState: (s) => states.push(s),
    },
  );
  return {
    mgr,
    streams,
    sleeps,
    states,
    opened: (n) =>
      streams.length >= n
        ? tick().then(() => streams[n - 1])
        : new Promise<FakeStream>((resolve) => waiting.push({ n, resolve })).then(async (s) => (await tick(), s)),
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

const spec = (start = 0n) => ({
  key: Buffer.from('k'),
  range_end: Buffer.alloc(0),
  start_revision: start,
  prev_kv: false,
  progress_notify: false,
});

const header = (revision: bigint) => ({ cluster_id: 1n, member_id: 2n, revision, raft_term: 3n });

const put = (rev: bigint, key = 'k') => ({
  type: Event_EventType.PUT,
  kv: {
    key: Buffer.from(key),
    value: Buffer.from(`v${rev}`),
    mod_revision: rev,
    create_revision: rev,
    version: 1n,
    lease: 0n,
  },
  prev_kv: undefined,
});

/** Everything the watcher yields until it ends (or `n` responses). */
async function collect(w: Watcher, n = Infinity): Promise<WatchView[]> {
  const out: WatchView[] = [];
  if (n === 0) return out;
  for await (const v of w) {
    out.push(v);
    if (out.length >= n) break;
  }
  return out;
}

const revsOf = (vs: WatchView[]): bigint[] => vs.flatMap((v) => (v.events ?? []).map((e) => e.kv!.mod_revision));

describe('watch stream manager', () => {
  test('resumes from the next revision after a non-halting error: nothing lost, nothing repeated', async () => {
    const r = rig();
    const w = r.mgr.watch(spec());
    const s1 = await r.opened(1);
    assert.deepEqual(s1.creates(), [0n]);
    s1.respond({ created: true, watch_id: 0n, header: header(10n) });
    s1.respond({ watch_id: 0n, header: header(12n), events: [put(11n), put(12n)] });
    s1.fail(UNAVAILABLE, 'Connection dropped');
    const s2 = await r.opened(2);
    assert.deepEqual(s2.creates(), [13n], 'resume at last event + 1');
    s2.respond({ created: true, watch_id: 5n, header: header(14n) });
    s2.respond({ watch_id: 5n, header: header(14n), events: [put(13n), put(14n)] });
    assert.deepEqual(revsOf(await collect(w, 2)), [11n, 12n, 13n, 14n]);
    assert.deepEqual(r.sleeps, [1]);
    assert.deepEqual(
      r.states.map((s) => s.kind),
      ['connecting', 'watching', 'reconnecting', 'connecting', 'resumed'],
    );
    assert.deepEqual(r.states[1], { kind: 'watching', revision: 11n, peer: '127.0.0.1:2379' });
    assert.deepEqual(r.states[4], { kind: 'resumed', revision: 13n, peer: '127.0.0.1:2379' });
    r.mgr.close();
  });

  test('a watch from "now" resumes after its creation revision, not at it', async () => {
    const r = rig();
    r.mgr.watch(spec());
    const s1 = await r.opened(1);
    s1.respond({ created: true, watch_id: 0n, header: header(41n) });
    s1.fail(INTERNAL, 'stream reset');
    const s2 = await r.opened(2);
    assert.deepEqual(s2.creates(), [42n]);
    assert.deepEqual(r.sleeps, [0], 'Internal: no back-off');
    r.mgr.close();
  });

  test('a progress notification advances the resume revision past it', async () => {
    const r = rig();
    const w = r.mgr.watch(spec(5n));
    const s1 = await r.opened(1);
    s1.respond({ created: true, watch_id: 0n, header: header(30n) });
    s1.respond({ watch_id: 0n, header: header(30n) });
    const [v] = await collect(w, 1);
    assert.deepEqual(v.events, []);
    s1.fail(UNAVAILABLE, 'x');
    assert.deepEqual((await r.opened(2)).creates(), [31n]);
    r.mgr.close();
  });

  test('create requests go one at a time; a reconnect re-creates every watcher in order', async () => {
    const r = rig();
    r.mgr.watch(spec(3n));
    r.mgr.watch(spec(7n));
    const s1 = await r.opened(1);
    assert.deepEqual(s1.creates(), [3n]);
    s1.respond({ created: true, watch_id: 0n, header: header(9n) });
    assert.deepEqual(s1.creates(), [3n, 7n]);
    s1.respond({ created: true, watch_id: 1n, header: header(9n) });
    s1.respond({ watch_id: 1n, header: header(9n), events: [put(8n)] });
    s1.fail(UNAVAILABLE, 'x');
    const s2 = await r.opened(2);
    assert.deepEqual(s2.creates(), [3n]);
    s2.respond({ created: true, watch_id: 0n, header: header(9n) });
    assert.deepEqual(s2.creates(), [3n, 9n]);
    r.mgr.close();
  });

  test('a progress response for watch id -1 goes to every established watcher', async () => {
    const r = rig();
    const a = r.mgr.watch(spec());
    const b = r.mgr.watch(spec());
    const s = await r.opened(1);
    s.respond({ created: true, watch_id: 0n, header: header(4n) });
    s.respond({ created: true, watch_id: 1n, header: header(4n) });
    r.mgr.requestProgress();
    assert.ok(s.written.at(-1)?.progress_request, 'progress request sent on the stream');
    s.respond({ watch_id: -1n, header: header(6n) });
    const [va] = await collect(a, 1);
    const [vb] = await collect(b, 1);
    assert.equal(va.header.revision, 6n);
    assert.equal(vb.header.revision, 6n);
    r.mgr.close();
  });

  test('a progress request without a stream opens one and is sent once it is up', async () => {
    const r = rig();
    r.mgr.requestProgress();
    const s = await r.opened(1);
    assert.equal(s.written.length, 1);
    assert.ok(s.written[0].progress_request);
    r.mgr.close();
  });

  test('halting error: every watcher gets a final canceled response, then ends', async () => {
    const r = rig();
    const a = r.mgr.watch(spec());
    const b = r.mgr.watch(spec());
    const s = await r.opened(1);
    s.respond({ created: true, watch_id: 0n, header: header(4n) });
    s.fail(7, 'etcdserver: permission denied');
    for (const w of [a, b]) {
      const vs = await collect(w);
      assert.equal(vs.length, 1);
      assert.deepEqual(vs[0], {
        header: { cluster_id: 0n, member_id: 0n, revision: 0n, raft_term: 0n },
        events: null,
        compactRevision: 0n,
        canceled: true,
        created: false,
        err: 'etcdserver: permission denied',
      });
    }
    await tick();
    assert.equal(r.streams.length, 1, 'no reconnect');
  });

  test('`etcdserver: no leader` (Unavailable) halts; unknown texts keep the status form', async () => {
    for (const [code, details, want] of [
      [UNAVAILABLE, 'etcdserver: no leader', 'etcdserver: no leader'],
      [12, 'unknown method Watch', 'rpc error: code = Unimplemented desc = unknown method Watch'],
    ] as const) {
      const r = rig();
      const w = r.mgr.watch(spec());
      (await r.opened(1)).fail(code, details);
      const vs = await collect(w);
      assert.equal(vs[0].err, want);
      assert.equal(r.streams.length, 1);
    }
  });

  test('a stream ended with status OK is io.EOF for clientv3: halting, "EOF"', async () => {
    const r = rig();
    const w = r.mgr.watch(spec());
    (await r.opened(1)).emit('end');
    assert.equal((await collect(w))[0].err, 'EOF');
  });

  test('compacted: the canceled response is delivered with its error, then the watcher ends', async () => {
    const r = rig();
    const w = r.mgr.watch(spec(2n));
    const s = await r.opened(1);
    s.respond({ created: true, watch_id: 0n, header: header(9n) });
    s.respond({
      watch_id: 0n,
      header: { cluster_id: 1n, member_id: 2n, revision: 0n, raft_term: 3n },
      canceled: true,
      compact_revision: 6n,
    });
    const vs = await collect(w);
    assert.equal(vs.length, 1);
    assert.equal(vs[0].compactRevision, 6n);
    assert.deepEqual(vs[0].events, []);
    assert.equal(vs[0].err, 'etcdserver: mvcc: required revision has been compacted');
    assert.equal(s.canceled, true, 'no watcher left: stream closed');
  });

  test('refused at creation: the cancel reason verbatim, empty header, nil events', async () => {
    const r = rig();
    const w = r.mgr.watch(spec());
    const s = await r.opened(1);
    s.respond({
      created: true,
      canceled: true,
      watch_id: -1n,
      header: header(3n),
      cancel_reason: 'rpc error: code = PermissionDenied desc = etcdserver: permission denied',
    });
    const vs = await collect(w);
    assert.equal(vs.length, 1);
    assert.equal(vs[0].err, 'rpc error: code = PermissionDenied desc = etcdserver: permission denied');
    assert.equal(vs[0].events, null);
    assert.equal(vs[0].header.revision, 0n);
  });

  test('canceled by the server without compaction: the watcher ends without a response', async () => {
    const r = rig();
    const w = r.mgr.watch(spec());
    const s = await r.opened(1);
    s.respond({ created: true, watch_id: 0n, header: header(3n) });
    s.respond({ watch_id: 0n, canceled: true, header: header(3n) });
    assert.deepEqual(await collect(w), []);
  });

  test('back-off on consecutive Unavailable: 1 ms, x1.25, capped at 100 ms; a response resets it', async () => {
    const r = rig();
    r.mgr.watch(spec());
    for (let i = 1; i <= 25; i++) (await r.opened(i)).fail(UNAVAILABLE, 'down');
    assert.equal(r.sleeps[0], 1);
    assert.equal(r.sleeps[1], 1.25);
    assert.equal(r.sleeps[2], 1.5625);
    assert.equal(r.sleeps.at(-1), 100);
    const s = await r.opened(26);
    s.respond({ created: true, watch_id: 0n, header: header(3n) });
    s.fail(UNAVAILABLE, 'down');
    await r.opened(27);
    assert.equal(r.sleeps.at(-1), 1);
    r.mgr.close();
  });

  test('opening the stream: Unavailable is retried, another code halts', async () => {
    const r = rig([{ code: UNAVAILABLE, details: 'etcdserver: request timed out' }]);
    const w = r.mgr.watch(spec());
    const s = await r.opened(1);
    assert.deepEqual(r.sleeps, [1]);
    s.respond({ created: true, watch_id: 0n, header: header(3n) });
    r.mgr.close();
    assert.deepEqual(await collect(w), []);

    const h = rig([{ code: 16, details: 'etcdserver: invalid auth token' }]);
    const hw = h.mgr.watch(spec());
    assert.equal((await collect(hw))[0].err, 'etcdserver: invalid auth token');
  });

  test('fragments are merged into one response', async () => {
    const r = rig();
    const w = r.mgr.watch(spec());
    const s = await r.opened(1);
    s.respond({ created: true, watch_id: 0n, header: header(3n) });
    s.respond({ watch_id: 0n, header: header(6n), fragment: true, events: [put(4n)] });
    s.respond({ watch_id: 0n, header: header(6n), events: [put(5n), put(6n)] });
    const vs = await collect(w, 1);
    assert.deepEqual(revsOf(vs), [4n, 5n, 6n]);
    r.mgr.close();
  });

  test('back-pressure: the stream is paused while too much is buffered, resumed when drained', async () => {
    const r = rig();
    const w = r.mgr.watch(spec());
    const s = await r.opened(1);
    s.respond({ created: true, watch_id: 0n, header: header(1n) });
    for (let i = 2n; i < 1100n; i++) s.respond({ watch_id: 0n, header: header(i), events: [put(i)] });
    assert.equal(s.paused, true);
    const got = await collect(w, 1000);
    assert.equal(got.length, 1000);
    assert.equal(s.paused, false);
    r.mgr.close();
  });

  test('close: the stream is canceled and watchers end quietly', async () => {
    const r = rig();
    const w = r.mgr.watch(spec());
    const s = await r.opened(1);
    r.mgr.close();
    assert.equal(s.canceled, true);
    s.fail(1, 'Cancelled on client');
    assert.deepEqual(await collect(w), []);
    assert.deepEqual(await collect(r.mgr.watch(spec())), []);
  });
});
