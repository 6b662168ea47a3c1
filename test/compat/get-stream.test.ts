// get --stream (3.7 line, docs/etcdctl-3.7-behaviour.md §4.1, §4.2, §10). Real etcd 3.4/3.5 servers lack KV/RangeStream:
// against them `get --stream` ends with the exact Unimplemented error. The success path runs
// against a small in-test server implementing RangeStream as the 3.7.1 server does
// (test/support/range-stream-server.ts), fed by a real 3.5 member: the merged chunks must print
// exactly what the real 3.5.30 etcdctl's plain `get` prints against that member, in every
// format. In 3.6 mode --stream stays an unknown flag, in get and in txn's get lines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { cobraOnce } from '../support/diff';
import { getUsage36, getUsage37 } from '../support/txn-usage';
import { dropZapLines, ours, real, type RunResult, outcomeOf, type Outcome } from '../support/run';
import { startRangeStreamServer, type RangeStreamServer } from '../support/range-stream-server';

const V37 = { ETCDCTLTS_COMPAT: '3.7' };
const NO_METHOD =
  'Error: rpc error: code = Unimplemented desc = unknown method RangeStream for service etcdserverpb.KV\n';

const outcome = (r: RunResult): Outcome => outcomeOf(r);

async function fill(ep: string, flavor: EtcdFlavor): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const r = await real(flavor, [ep, 'put', `k${String(i).padStart(2, '0')}`, `value ${i}`]);
    assert.equal(r.code, 0, r.err);
  }
  await real(flavor, [ep, 'put', 'other', 'x']);
  await real(flavor, [ep, 'put', 'k03', 'value 3 again']);
}

for (const flavor of ['3.4', '3.5'] as const) {
  describe(`get --stream against a real etcd ${flavor} (no RangeStream)`, () => {
    let cluster: Cluster;
    let ep: string;
    before(async () => {
      cluster = await startCluster({ flavor });
      ep = `--endpoints=${cluster.endpoints[0]}`;
      await fill(ep, flavor);
    });
    after(async () => {
      await cluster?.stop();
    });

    test('Unimplemented: unknown method RangeStream, exit 1, in every format', async () => {
      for (const extra of [[], ['-w', 'json'], ['--prefix', '-w', 'protobuf'], ['--keys-only', '--limit=2']]) {
        const o = outcome(await ours([ep, 'get', '--stream', 'k', ...extra], { env: V37 }));
        assert.deepEqual(o, { out: '', err: NO_METHOD, code: 1 }, extra.join(' '));
      }
    });

    test('the post-RPC format checks come after the RPC (its error wins)', async () => {
      const o = outcome(await ours([ep, 'get', '--stream', 'k', '--count-only'], { env: V37 }));
      assert.deepEqual(o, { out: '', err: NO_METHOD, code: 1 });
    });

    test('argument and flag checks come before the RPC, as for get', async () => {
      for (const args of [[], ['a', '--prefix', '--from-key'], ['k', '--order=up'], ['k', '--consistency=x']]) {
        const plain = outcome(await real('3.5', [ep, 'get', ...args]));
        const o = outcome(await ours([ep, 'get', '--stream', ...args], { env: V37 }));
        assert.deepEqual(o, plain, args.join(' '));
      }
    });

    test('3.6 mode: --stream is an unknown flag (the real etcdctl error, printed once; get help on stdout)', async () => {
      const r = await real(flavor, [ep, 'get', '--stream', 'k']);
      const o = outcome(await ours([ep, 'get', '--stream', 'k']));
      const want = cobraOnce({ out: Buffer.alloc(0), err: r.err, code: r.code });
      assert.deepEqual(o, { out: (await ours(['get', '--help'])).out, err: want.err, code: want.code });
      assert.equal(o.err, 'Error: unknown flag: --stream\n\n');
    });
  });
}

describe('get --stream, txn get lines: 3.7 takes --stream, 3.6 refuses it (vs the real 3.5 etcdctl)', () => {
  let cluster: Cluster;
  let ep: string;
  before(async () => {
    cluster = await startCluster({ flavor: '3.5' });
    ep = `--endpoints=${cluster.endpoints[0]}`;
    await fill(ep, '3.5');
  });
  after(async () => {
    await cluster?.stop();
  });

  test('3.7: a txn get line accepts --stream and ignores it (plain range)', async () => {
    const r = outcome(await real('3.5', [ep, 'txn', '-w', 'json'], { input: '\nget k00 --limit=1\n\n' }));
    const o = outcome(await ours([ep, 'txn', '-w', 'json'], { input: '\nget k00 --limit=1 --stream\n\n', env: V37 }));
    assert.deepEqual(o, r);
  });

  test('3.7: the usage of a failing get line lists --stream after --sort-by', async () => {
    const input = '\nget k --limit=x\n\n';
    const r = await real('3.5', [ep, 'txn'], { input });
    const want = getUsage37({ out: r.stdout, err: dropZapLines(r.err), code: r.code });
    const o = outcome(await ours([ep, 'txn'], { input, env: V37 }));
    assert.deepEqual(o, { out: want.out.toString('latin1'), err: want.err, code: want.code });
  });

  test('3.6: --stream on a txn get line is an unknown flag, as for the real etcdctl', async () => {
    const input = '\nget k --stream\n\n';
    const r = await real('3.5', [ep, 'txn'], { input });
    const want = getUsage36({ out: r.stdout, err: dropZapLines(r.err), code: r.code });
    const o = outcome(await ours([ep, 'txn'], { input }));
    assert.deepEqual(o, { out: want.out.toString('latin1'), err: want.err, code: want.code });
    assert.match(o.err, /\nError: invalid txn request: get k --stream\n$/);
  });
});

describe('get --stream against a RangeStream server (3.7.1 behaviour) fed by a real 3.5 member', () => {
  let cluster: Cluster;
  let direct: string;
  let s: RangeStreamServer;
  let viaStream: string;

  before(async () => {
    cluster = await startCluster({ flavor: '3.5' });
    direct = `--endpoints=${cluster.endpoints[0]}`;
    await fill(direct, '3.5');
    s = await startRangeStreamServer({ upstream: cluster.endpoints[0], chunkSize: 3 });
    viaStream = `--endpoints=${s.endpoint}`;
  });
  after(async () => {
    await s?.close();
    await cluster?.stop();
  });

  /** The real 3.5.30 etcdctl's plain get (direct) and ours with --stream (via the server): same bytes. */
  async function same(args: string[], globals: string[] = []): Promise<Outcome> {
    const r = outcome(await real('3.5', [direct, ...globals, 'get', ...args]));
    const before_ = s.calls.length;
    const o = outcome(await ours([viaStream, ...globals, 'get', '--stream', ...args], { env: V37 }));
    assert.deepEqual(o, r, `get --stream ${args.join(' ')}`);
    assert.equal(s.calls.length, before_ + 1, 'one RangeStream call');
    return o;
  }

  test('several chunks merged: simple, json, fields, protobuf', async () => {
    const o = await same(['k', 'l']);
    assert.equal(o.out.split('\n').length - 1, 24, '12 keys');
    assert.equal(s.calls[s.calls.length - 1].chunks, 4, 'in 4 chunks of 3');
    assert.ok(o.out.startsWith('k00\nvalue 0\nk01\nvalue 1\nk02\nvalue 2\nk03\nvalue 3 again\n'));
    for (const w of ['json', 'fields', 'protobuf']) await same(['k', 'l', '-w', w]);
  });

  test('--prefix, --from-key, --keys-only, --print-value-only, --hex, --rev, -w simple single key', async () => {
    await same(['k', '--prefix']);
    await same(['k1', '--from-key', '-w', 'json']);
    await same(['k', '--prefix', '--keys-only']);
    await same(['k', '--prefix', '--print-value-only']);
    await same(['k', '--prefix'], ['--hex']);
    await same(['k03', '--rev=5', '-w', 'json']);
    await same(['k03']);
    await same(['nothing', '-w', 'json']);
  });

  test('--limit across chunks: more and count from the final chunk', async () => {
    const o = await same(['k', '--prefix', '--limit=5', '-w', 'json']);
    assert.match(o.out, /"more":true,"count":12\}\n$/);
    assert.equal(s.calls[s.calls.length - 1].chunks, 2);
    await same(['k', '--prefix', '--limit=5', '-w', 'fields']);
  });

  test('--count-only: one chunk; fields only, as for get', async () => {
    await same(['k', '--prefix', '--count-only', '-w', 'fields']);
    assert.equal(s.calls[s.calls.length - 1].chunks, 1);
    await same(['k', '--prefix', '--count-only']);
    await same(['k', '--prefix', '--print-value-only', '-w', 'json']);
  });

  test('order NONE with a sort target passes the server check (the server decides the order)', async () => {
    const o = outcome(await ours([viaStream, 'get', '--stream', 'k', '--prefix', '--sort-by=VALUE'], { env: V37 }));
    assert.equal(o.code, 0, o.err);
    assert.equal(s.calls[s.calls.length - 1].request.sort_order, 0);
  });

  test('custom sort orders and revision filters: the server refuses them before any data', async () => {
    const sorts = 'Error: rpc error: code = Unimplemented desc = RangeStream does not support custom sort orders\n';
    const filters = 'Error: rpc error: code = Unimplemented desc = RangeStream does not support revision filters\n';
    for (const [extra, err] of [
      [['--order=DESCEND'], sorts],
      [['--order=ASCEND', '--sort-by=MODIFY'], sorts],
      [['--min-create-rev=2'], filters],
      [['--max-mod-rev=9'], filters],
    ] as const) {
      const o = outcome(await ours([viaStream, 'get', '--stream', 'k', '--prefix', ...extra], { env: V37 }));
      assert.deepEqual(o, { out: '', err, code: 1 }, extra.join(' '));
    }
    // --order=ASCEND with the key target is the server's default order (sent as NONE).
    await same(['k', '--prefix', '--order=ASCEND', '--sort-by=KEY']);
  });

  test('the stream carries the client API version and the token', async () => {
    await ours([viaStream, '--auth-jwt-token=tok.en.x', 'get', '--stream', 'k'], { env: V37 });
    const md = s.calls[s.calls.length - 1].metadata;
    assert.equal(md['client-api-version'], '3.7');
    assert.equal(md.token, 'tok.en.x');
  });
});

describe('get --stream: failures of the stream are final (never retried)', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ flavor: '3.5' });
    await fill(`--endpoints=${cluster.endpoints[0]}`, '3.5');
  });
  after(async () => {
    await cluster?.stop();
  });

  test('Unavailable after the first chunk: the error, exit 1, one call, nothing printed', async () => {
    const s = await startRangeStreamServer({
      upstream: cluster.endpoints[0],
      chunkSize: 2,
      failAfterFirstChunk: { code: grpc.status.UNAVAILABLE, details: 'going away' },
    });
    try {
      const o = outcome(await ours([`--endpoints=${s.endpoint}`, 'get', '--stream', 'k', '--prefix'], { env: V37 }));
      assert.deepEqual(o, { out: '', err: 'Error: rpc error: code = Unavailable desc = going away\n', code: 1 });
      assert.equal(s.calls.length, 1);
    } finally {
      await s.close();
    }
  });

  test('--command-timeout bounds the whole stream', async () => {
    const s = await startRangeStreamServer({ upstream: cluster.endpoints[0], hang: true });
    try {
      const args = [`--endpoints=${s.endpoint}`, '--command-timeout=300ms', 'get', '--stream', 'k'];
      const o = outcome(await ours(args, { env: V37 }));
      assert.deepEqual(o, { out: '', err: 'Error: context deadline exceeded\n', code: 1 });
    } finally {
      await s.close();
    }
  });
});
