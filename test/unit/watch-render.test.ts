// Watch output (docs/etcdctl-behaviour.md §6.6.5) and the exec command (docs/etcdctl-behaviour.md §6.6.3): golden texts taken from the real
// etcdctl (spec "Observed" blocks and etcdctl 3.5.30 runs), and the pure helpers of the
// terminal experience.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { render } from '../../src/output/printer';
import { eventTypeName } from '../../src/output/common';
import {
  canceledLine,
  colorEventTypes,
  execErrorLine,
  progressLine,
  stateLine,
  watchJson,
  watchRenderers,
} from '../../src/output/watch';
import { runExec, watchEventEnv } from '../../src/commands/watch/exec';
import { exitText, lookPath } from '../../src/go/exec';
import { isProgressNotify, type WatchView } from '../../src/client/watch';
import { Event_EventType, type Event, type KeyValue } from '../../src/proto/gen/kv';
import { ResponseHeader } from '../../src/proto/gen/rpc';
import { CliError } from '../../src/errors';

const CLUSTER = 14443903163313418560n;
const MEMBER = 11417610130673999598n;
const hdr = (revision: bigint): ResponseHeader => ({ cluster_id: CLUSTER, member_id: MEMBER, revision, raft_term: 2n });
const kv = (key: string, value: string, create: bigint, mod: bigint, version: bigint): KeyValue => ({
  key: Buffer.from(key),
  create_revision: create,
  mod_revision: mod,
  version,
  value: Buffer.from(value),
  lease: 0n,
});
const view = (header: ResponseHeader, events: Event[] | null, extra: Partial<WatchView> = {}): WatchView => ({
  header,
  events,
  compactRevision: 0n,
  canceled: false,
  created: false,
  ...extra,
});

// The spec's observed session: put w1 v1; put w1 v2; del w1 (with --prev-kv).
const r1 = view(hdr(21n), [{ type: Event_EventType.PUT, kv: kv('w1', 'v1', 21n, 21n, 1n), prev_kv: undefined }]);
const r2 = view(hdr(22n), [
  { type: Event_EventType.PUT, kv: kv('w1', 'v2', 21n, 22n, 2n), prev_kv: kv('w1', 'v1', 21n, 21n, 1n) },
]);
const r3 = view(hdr(23n), [
  { type: Event_EventType.DELETE, kv: kv('w1', '', 0n, 23n, 0n), prev_kv: kv('w1', 'v2', 21n, 22n, 2n) },
]);

const out = (format: 'simple' | 'json' | 'fields' | 'protobuf' | 'table', v: WatchView, hex = false) =>
  render(watchRenderers(), format, v, { hex, compat: '3.6' });

describe('watch renderers', () => {
  test('json: Go field names, all fields present, type omitted for PUT (docs/etcdctl-behaviour.md §6.6.5)', () => {
    assert.equal(
      watchJson(r1),
      '{"Header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":21,"raft_term":2},"Events":[{"kv":{"key":"dzE=","create_revision":21,"mod_revision":21,"version":1,"value":"djE="}}],"CompactRevision":0,"Canceled":false,"Created":false}\n',
    );
    assert.equal(
      out('json', r3),
      '{"Header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"revision":23,"raft_term":2},"Events":[{"type":1,"kv":{"key":"dzE=","mod_revision":23},"prev_kv":{"key":"dzE=","create_revision":21,"mod_revision":22,"version":2,"value":"djI="}}],"CompactRevision":0,"Canceled":false,"Created":false}\n',
    );
  });

  test('json: compacted response and a watch refused at creation', () => {
    const compacted = view({ cluster_id: CLUSTER, member_id: MEMBER, revision: 0n, raft_term: 2n }, [], {
      compactRevision: 6n,
      canceled: true,
    });
    assert.equal(
      out('json', compacted),
      '{"Header":{"cluster_id":14443903163313418560,"member_id":11417610130673999598,"raft_term":2},"Events":[],"CompactRevision":6,"Canceled":true,"Created":false}\n',
    );
    const refused = view(ResponseHeader.fromPartial({}), null, { canceled: true, err: 'x' });
    assert.equal(
      out('json', refused),
      '{"Header":{},"Events":null,"CompactRevision":0,"Canceled":true,"Created":false}\n',
    );
  });

  test('simple: type line, prev kv, kv; DELETE has an empty value line', () => {
    assert.equal(String(out('simple', r1)) + String(out('simple', r3)), 'PUT\nw1\nv1\nDELETE\nw1\nv2\nw1\n\n');
    assert.equal(String(out('simple', r1, true)), 'PUT\n\\x77\\x31\n\\x76\\x31\n');
    assert.equal(String(out('simple', view(hdr(5n), []))), '', 'a progress response prints nothing more');
  });

  test('fields: header (no Revision line when 0), Type, Prev block, kv block', () => {
    assert.equal(
      out('fields', r2),
      '"ClusterID" : 14443903163313418560\n"MemberID" : 11417610130673999598\n"Revision" : 22\n"RaftTerm" : 2\n' +
        '"Type" : PUT\n' +
        '"PrevKey" : "w1"\n"PrevCreateRevision" : 21\n"PrevModRevision" : 21\n"PrevVersion" : 1\n"PrevValue" : "v1"\n"PrevLease" : 0\n' +
        '"Key" : "w1"\n"CreateRevision" : 21\n"ModRevision" : 22\n"Version" : 2\n"Value" : "v2"\n"Lease" : 0\n',
    );
    const compacted = view({ cluster_id: 1n, member_id: 2n, revision: 0n, raft_term: 2n }, [], {
      compactRevision: 6n,
      canceled: true,
    });
    assert.equal(out('fields', compacted), '"ClusterID" : 1\n"MemberID" : 2\n"RaftTerm" : 2\n');
  });

  test('protobuf: the WatchResponse bytes etcdctl 3.5.30 printed for a compacted watch', () => {
    const compacted = view(
      { cluster_id: 15118495548433857066n, member_id: 13668033151171901709n, revision: 0n, raft_term: 2n },
      [],
      {
        compactRevision: 50n,
        canceled: true,
      },
    );
    const want = '0a1808aaf4e5f599f3ebe7d101108df2f48ec1f7a6d7bd01200220012832';
    assert.equal(Buffer.from(out('protobuf', compacted) as Uint8Array).toString('hex'), want);
    const refused = view(ResponseHeader.fromPartial({}), null, { canceled: true });
    assert.equal(
      Buffer.from(out('protobuf', refused) as Uint8Array).toString('hex'),
      '0a002001',
      'empty header still present',
    );
  });

  test('table: not supported, exit 4', () => {
    assert.throws(
      () => out('table', r1),
      (e: unknown) => e instanceof CliError && e.code === 4 && e.message === 'table not supported as output format',
    );
  });

  test('progress and cancel lines', () => {
    const p = view(hdr(25n), []);
    assert.equal(isProgressNotify(p), true);
    assert.equal(isProgressNotify(r1), false);
    assert.equal(isProgressNotify(view(hdr(0n), [])), false);
    assert.equal(isProgressNotify(view(hdr(3n), [], { canceled: true })), false);
    assert.equal(progressLine(p), 'progress notify: 25\n');
    assert.equal(
      canceledLine(
        view(hdr(0n), [], { canceled: true, err: 'etcdserver: mvcc: required revision has been compacted' }),
      ),
      'watch was canceled (etcdserver: mvcc: required revision has been compacted)\n',
    );
  });

  test('event type names (unknown values print as numbers, as Go does)', () => {
    assert.deepEqual([eventTypeName(0), eventTypeName(1), eventTypeName(7 as Event_EventType)], ['PUT', 'DELETE', '7']);
  });
});

describe('terminal experience (pure parts)', () => {
  test('event types are coloured only on a terminal, without NO_COLOR, not in json/protobuf', () => {
    assert.equal(colorEventTypes(true, {}, 'simple'), true);
    assert.equal(colorEventTypes(true, {}, 'fields'), true);
    assert.equal(colorEventTypes(false, {}, 'simple'), false);
    assert.equal(colorEventTypes(true, { NO_COLOR: '1' }, 'simple'), false);
    assert.equal(colorEventTypes(true, { NO_COLOR: '' }, 'simple'), true, 'no-color.org: empty = unset');
    assert.equal(colorEventTypes(true, {}, 'json'), false);
    assert.equal(colorEventTypes(true, {}, 'protobuf'), false);
  });

  test('a colouring label leaves everything else byte-identical', () => {
    const label = (n: string) => `<${n}>`;
    assert.equal(
      String(render(watchRenderers(label), 'simple', r3, { hex: false, compat: '3.6' as const })),
      '<DELETE>\nw1\nv2\nw1\n\n',
    );
    assert.match(
      String(render(watchRenderers(label), 'fields', r1, { hex: false, compat: '3.6' as const })),
      /^"Type" : <PUT>$/m,
    );
  });

  test('connection state lines', () => {
    assert.equal(stateLine({ kind: 'connecting' }), 'watch: connecting...\n');
    assert.equal(
      stateLine({ kind: 'watching', revision: 8n, peer: '127.0.0.1:2379' }),
      'watch: watching from revision 8 (127.0.0.1:2379)\n',
    );
    assert.equal(
      stateLine({ kind: 'reconnecting', error: 'rpc error: code = Unavailable desc = Connection dropped', delayMs: 1 }),
      'watch: connection lost (rpc error: code = Unavailable desc = Connection dropped), reconnecting...\n',
    );
    assert.equal(
      stateLine({ kind: 'resumed', revision: 42n, peer: '127.0.0.1:22379' }),
      'watch: resumed at revision 42 (127.0.0.1:22379)\n',
    );
  });
});

describe('exec command', () => {
  test('ETCD_WATCH_* values as etcdctl formats them (Go %d and %q)', () => {
    const ev: Event = { type: Event_EventType.PUT, kv: kv('w1', 'va"l 1', 24n, 24n, 1n), prev_kv: undefined };
    assert.deepEqual(watchEventEnv(24n, ev), {
      ETCD_WATCH_REVISION: '24',
      ETCD_WATCH_EVENT_TYPE: '"PUT"',
      ETCD_WATCH_KEY: '"w1"',
      ETCD_WATCH_VALUE: '"va\\"l 1"',
    });
    const del: Event = { type: Event_EventType.DELETE, kv: kv('k\n\xff', '', 0n, 25n, 0n), prev_kv: undefined };
    assert.deepEqual(watchEventEnv(25n, del), {
      ETCD_WATCH_REVISION: '25',
      ETCD_WATCH_EVENT_TYPE: '"DELETE"',
      ETCD_WATCH_KEY: '"k\\nÿ"',
      ETCD_WATCH_VALUE: '""',
    });
  });

  test('failure line: %q of the argument list', () => {
    assert.equal(
      execErrorLine(['sh', '-c', 'exit 3'], 'exit status 3'),
      'command ["sh" "-c" "exit 3"] error (exit status 3)\n',
    );
  });

  test('exit texts of Go os/exec', () => {
    assert.equal(exitText(3, null), 'exit status 3');
    assert.equal(exitText(null, 'SIGKILL'), 'signal: killed');
    assert.equal(exitText(null, 'SIGTERM'), 'signal: terminated');
    assert.equal(exitText(null, 'SIGSEGV'), 'signal: segmentation fault');
  });

  test('program lookup as Go exec.Command', () => {
    const sh = lookPath('sh', process.env.PATH);
    assert.ok('path' in sh && path.isAbsolute(sh.path));
    assert.deepEqual(lookPath('no-such-cmd-zz', '/usr/bin:/bin'), {
      error: 'exec: "no-such-cmd-zz": executable file not found in $PATH',
    });
    assert.deepEqual(lookPath('', '/bin'), { error: 'exec: no command' });
    assert.deepEqual(lookPath('/x/y', ''), { path: '/x/y' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-exec-'));
    try {
      fs.writeFileSync(path.join(dir, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
      const prev = process.cwd();
      process.chdir(dir);
      try {
        assert.deepEqual(lookPath('tool', ':/bin'), {
          error: 'exec: "tool": cannot run executable found relative to current directory',
        });
      } finally {
        process.chdir(prev);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('runExec: exit status, missing file, a file without #! (exec format error)', async () => {
    assert.equal(await runExec(['sh', '-c', 'exit 0'], process.env, {}), undefined);
    assert.equal(await runExec(['sh', '-c', 'exit 7'], process.env, {}), 'exit status 7');
    assert.equal(
      await runExec(['sh', '-c', '[ "$ETCD_WATCH_KEY" = \'"k"\' ] || exit 9'], process.env, { ETCD_WATCH_KEY: '"k"' }),
      undefined,
    );
    assert.equal(
      await runExec(['/nonexistent/cmd'], process.env, {}),
      'fork/exec /nonexistent/cmd: no such file or directory',
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-exec-'));
    try {
      const f = path.join(dir, 'noshebang');
      fs.writeFileSync(f, 'exit 0\n', { mode: 0o755 });
      assert.equal(await runExec([f], process.env, {}), `fork/exec ${f}: exec format error`);
      assert.equal(await runExec([dir], process.env, {}), `fork/exec ${dir}: permission denied`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
