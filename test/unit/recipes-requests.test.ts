// The concurrency recipes' and make-mirror's requests, checked without a
// server: a recording stand-in for the client answers the unary calls, so the
// exact Txn/Range shapes of etcd's Go client (docs/etcdctl-behaviour.md §10.1) can be asserted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KV } from '../../src/client/methods';
import type { EtcdClient } from '../../src/client/client';
import {
  Compare_CompareResult as CmpResult,
  Compare_CompareTarget as CmpTarget,
  RangeRequest_SortOrder as SortOrder,
  RangeRequest_SortTarget as SortTarget,
  RangeResponse,
  TxnResponse,
  type RangeRequest,
  type TxnRequest,
} from '../../src/proto/gen/rpc';
import { Mutex } from '../../src/recipes/mutex';
import { Election } from '../../src/recipes/election';
import type { Session } from '../../src/recipes/session';
import { firstCreated, rangeByCreate } from '../../src/recipes/wait';
import { basePageRequest, rewriteKey } from '../../src/commands/mirror';
import { LOCK_FLAGS, lockEnv, parseLockArgs } from '../../src/commands/lock';
import { defaultOpts } from '../../src/cli/flags';
import { checkElectArgs, electMode } from '../../src/commands/elect';
import { CliError } from '../../src/errors';

const hdr = (revision: bigint) => ({ cluster_id: 1n, member_id: 2n, revision, raft_term: 3n });
const kv = (key: string, create: bigint, value = '') => ({
  key: Buffer.from(key),
  create_revision: create,
  mod_revision: create,
  version: 1n,
  value: Buffer.from(value),
  lease: 0x1aen,
});

/** A client stand-in: records unary calls, answers from a script. */
function recorder(answers: unknown[]): { client: EtcdClient; calls: { path: string; req: unknown }[] } {
  const calls: { path: string; req: unknown }[] = [];
  const client = {
    closedSignal: new AbortController().signal,
    unary: async (method: { path: string }, req: unknown) => {
      calls.push({ path: method.path, req });
      if (answers.length === 0) throw new Error(`unexpected call ${method.path}`);
      return answers.shift();
    },
  } as unknown as EtcdClient;
  return { client, calls };
}

const session = (client: EtcdClient): Session => ({ client, lease: 0x1aen, leaseHex: '1ae' }) as unknown as Session;
const never = new AbortController().signal;

describe('mutex', () => {
  test('the acquiring Txn: own key <name>/<lease hex>, put with the lease, owner = first created', async () => {
    const { client, calls } = recorder([
      TxnResponse.fromPartial({
        header: hdr(7n),
        succeeded: true,
        responses: [{ response_put: {} }, { response_range: RangeResponse.fromPartial({ kvs: [kv('L/1ae', 7n)] }) }],
      }),
    ]);
    const m = new Mutex(session(client), 'L');
    await m.lock(never);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].path, KV.txn.path);
    const txn = calls[0].req as TxnRequest;
    assert.deepEqual(
      txn.compare.map((c) => [c.result, c.target, c.key.toString(), c.create_revision]),
      [[CmpResult.EQUAL, CmpTarget.CREATE, 'L/1ae', 0n]],
    );
    assert.deepEqual(
      txn.success[0].request_put && [
        txn.success[0].request_put.key.toString(),
        txn.success[0].request_put.value.length,
        txn.success[0].request_put.lease,
      ],
      ['L/1ae', 0, 0x1aen],
    );
    assert.deepEqual(txn.success[1].request_range, firstCreated(Buffer.from('L/')));
    assert.equal(txn.failure[0].request_range?.key.toString(), 'L/1ae');
    assert.deepEqual(txn.failure[1].request_range, firstCreated(Buffer.from('L/')));
    assert.equal(m.key.toString(), 'L/1ae');
    assert.equal(m.header?.revision, 7n);
  });

  test('TryLock on a lock held by another session deletes the own key again', async () => {
    const { client, calls } = recorder([
      TxnResponse.fromPartial({
        header: hdr(9n),
        succeeded: true,
        responses: [{ response_put: {} }, { response_range: RangeResponse.fromPartial({ kvs: [kv('L/ff', 4n)] }) }],
      }),
      {},
    ]);
    const m = new Mutex(session(client), 'L');
    assert.equal(await m.tryLock(never), false);
    assert.deepEqual(
      calls.map((c) => c.path),
      [KV.txn.path, KV.deleteRange.path],
    );
    assert.equal((calls[1].req as { key: Buffer }).key.toString(), 'L/1ae');
  });

  test('an existing own key (same session) is reused: its create revision is the waiter position', async () => {
    const { client } = recorder([
      TxnResponse.fromPartial({
        header: hdr(12n),
        succeeded: false,
        responses: [
          { response_range: RangeResponse.fromPartial({ kvs: [kv('L/1ae', 5n)] }) },
          { response_range: RangeResponse.fromPartial({ kvs: [kv('L/1ae', 5n)] }) },
        ],
      }),
    ]);
    const m = new Mutex(session(client), 'L');
    await m.lock(never);
    assert.equal(m.rev, 5n);
  });

  test('waiting: the predecessor is the last key created before the own one', () => {
    const r = rangeByCreate(Buffer.from('L/'), SortOrder.DESCEND, 6n);
    assert.deepEqual(
      [r.key.toString(), r.range_end.toString(), r.limit, r.sort_order, r.sort_target, r.max_create_revision],
      ['L/', 'L0', 1n, SortOrder.DESCEND, SortTarget.CREATE, 6n],
    );
  });
});

describe('election', () => {
  test('campaign: Txn put of the proposal under <name>/<lease hex>, then wait for older candidates', async () => {
    const { client, calls } = recorder([
      TxnResponse.fromPartial({ header: hdr(20n), succeeded: true, responses: [{ response_put: {} }] }),
      RangeResponse.fromPartial({ header: hdr(20n), kvs: [] }),
    ]);
    const e = new Election(session(client), 'E');
    await e.campaign(Buffer.from('v1'), never);
    const txn = calls[0].req as TxnRequest;
    assert.equal(txn.compare[0].key.toString(), 'E/1ae');
    assert.equal(txn.compare[0].create_revision, 0n);
    assert.deepEqual([txn.success[0].request_put?.value.toString(), txn.success[0].request_put?.lease], ['v1', 0x1aen]);
    assert.equal(txn.failure[0].request_range?.key.toString(), 'E/1ae');
    const wait = calls[1].req as RangeRequest;
    assert.deepEqual([wait.key.toString(), wait.max_create_revision, wait.sort_order], ['E/', 19n, SortOrder.DESCEND]);
  });

  test('resign: delete guarded by the create revision of the campaign', async () => {
    const { client, calls } = recorder([
      TxnResponse.fromPartial({ header: hdr(20n), succeeded: true, responses: [{ response_put: {} }] }),
      RangeResponse.fromPartial({ header: hdr(20n), kvs: [] }),
      TxnResponse.fromPartial({ header: hdr(21n), succeeded: true }),
    ]);
    const e = new Election(session(client), 'E');
    await e.campaign(Buffer.from('v1'), never);
    await e.resign();
    const txn = calls[2].req as TxnRequest;
    assert.deepEqual([txn.compare[0].key.toString(), txn.compare[0].create_revision], ['E/1ae', 20n]);
    assert.equal(txn.success[0].request_delete_range?.key.toString(), 'E/1ae');
    await e.resign();
    assert.equal(calls.length, 3, 'a second resign sends nothing');
  });
});

describe('lock and elect arguments', () => {
  test('lock needs a name', () => {
    assert.throws(
      () => parseLockArgs([], defaultOpts(LOCK_FLAGS)),
      (e: CliError) => {
        assert.deepEqual(
          [e.code, e.message],
          [128, 'lock takes a lock name argument and an optional command to execute'],
        );
        return true;
      },
    );
    assert.deepEqual(parseLockArgs(['n', 'sh', '-c', 'x'], { ttl: 3n, try: true, timeout: 5n }), {
      name: 'n',
      command: ['sh', '-c', 'x'],
      ttl: 3n,
      tryOnly: true,
      timeout: 5n,
    });
  });

  test('the child environment: lock variables first, inherited ones win', () => {
    const env = lockEnv(Buffer.from('n/1ae'), 42n, { PATH: '/bin', ETCD_LOCK_REV: 'mine' });
    assert.deepEqual(env, { ETCD_LOCK_KEY: 'n/1ae', ETCD_LOCK_REV: 'mine', PATH: '/bin' });
  });

  test('elect argument checks', () => {
    const msg = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        assert.equal((e as CliError).code, 128);
        return (e as Error).message;
      }
      return '';
    };
    assert.equal(
      msg(() => checkElectArgs([])),
      'elect takes one election name argument and an optional proposal argument',
    );
    assert.equal(
      msg(() => checkElectArgs(['a', 'b', 'c'])),
      'elect takes one election name argument and an optional proposal argument',
    );
    assert.equal(
      msg(() => electMode(['a'], false)),
      'no proposal argument but -l not set',
    );
    assert.equal(
      msg(() => electMode(['a', 'b'], true)),
      'proposal given but -l is set',
    );
    assert.equal(electMode(['a'], true), 'observe');
    assert.equal(electMode(['a', 'b'], false), 'campaign');
  });
});

describe('make-mirror', () => {
  test('key rewriting is strings.Replace(key, prefix, destPrefix, 1)', () => {
    const rw = (k: string, p: string, d: string): string =>
      rewriteKey(Buffer.from(k), Buffer.from(p), Buffer.from(d)).toString();
    assert.equal(rw('src/a', 'src/', 'dst/'), 'dst/a');
    assert.equal(rw('src/a', 'src/', ''), 'a');
    assert.equal(rw('a', '', 'x/'), 'x/a', 'an empty prefix matches at the start');
    assert.equal(rw('a/src/b/src/', 'src/', 'X'), 'a/Xb/src/', 'first occurrence only');
    assert.equal(rw('other', 'src/', 'dst/'), 'other');
  });

  test('base sync pages: whole key space from \\x00, or the prefix range; 1000 keys at the copy revision', () => {
    const all = basePageRequest(Buffer.alloc(0), 55n);
    assert.deepEqual(
      [all.key, all.range_end, all.limit, all.revision, all.sort_order, all.sort_target],
      [Buffer.from([0]), Buffer.from([0]), 1000n, 55n, SortOrder.NONE, SortTarget.KEY],
    );
    const p = basePageRequest(Buffer.from('p/'), 55n);
    assert.deepEqual([p.key.toString(), p.range_end.toString()], ['p/', 'p0']);
    const next = basePageRequest(Buffer.from('p/'), 55n, Buffer.from('p/k\x00'));
    assert.deepEqual([next.key.toString(), next.range_end.toString()], ['p/k\x00', 'p0']);
  });
});
