// Cross-command behaviour matrix, part 3: the -w support matrix (docs/etcdctl-behaviour.md §5.1) for every
// command that can run on a test cluster (this file: reads, writes, leases; the rest in
// matrix-format-admin.test.ts), in every format (simple, json, fields, protobuf,
// table): the output, or `Error: <fmt> not supported as output format`
// (exit 4) — printed AFTER the RPC (docs/etcdctl-behaviour.md §3.7), which the state checks prove (a put
// -w table has written its key, a member remove -w fields has removed the member…).
//
// The real etcdctl 3.5.30 (closest to 3.6) and ours run the same commands on one
// 3.5 member, one after the other, each on its own identically prepared state; only
// the values that legitimately differ between the two runs are normalised, by a
// precise rule, on both sides (header revisions, the side's own lease/member IDs,
// peer URLs and paths, measured durations). The Debian 3.5.30 build draws tables
// with Unicode box characters; 3.6 (like 3.4) draws ASCII (docs/etcdctl-behaviour.md §11.0): converted.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCluster, type Cluster } from '../support/etcd';
import { defrag36, type Outcome } from '../support/matrix';
import { FORMATS, asciiTable, idFree, revisionFree, sides, tookTable, type Fmt } from '../support/matrix-format';
import { DeleteRangeResponse, PutResponse, TxnResponse } from '../../src/proto/gen/rpc';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-matrix-format-'));

describe('-w support matrix (docs/etcdctl-behaviour.md §5.1) vs etcdctl 3.5.30: reads, writes, leases', () => {
  let cluster: Cluster;
  let ep: string;
  let memberHex: string;
  const { runR, runO, same } = sides(() => ep);

  /** The value of a key, by ours in simple format (state checks). */
  const valueOf = async (key: string): Promise<string> => (await runO(['get', key, '--print-value-only'])).out;

  before(async () => {
    cluster = await startCluster({ flavor: '3.5' });
    ep = cluster.endpoints[0];
    memberHex = (await runO(['member', 'list'])).out.split(',')[0];
    assert.equal((await runO(['put', 'k0', 'v0'])).out, 'OK\n');
  });
  after(async () => {
    await cluster?.stop();
    fs.rmSync(TMP, { recursive: true, force: true });
  });

  // --- read-only commands: the same bytes for both (nothing changes between the two runs) ---

  describe('reads', () => {
    for (const f of FORMATS) {
      test(`get -w ${f}`, async () => {
        await same(['get', 'k0', '-w', f]);
      });
      test(`member list -w ${f}`, async () => {
        // 3.6 drops a zero Revision line in fields (docs/etcdctl-behaviour.md §11.4 #7)
        await same(['member', 'list', '-w', f], {
          expect: (o) =>
            f === 'table' ? asciiTable(o) : f === 'fields' ? { ...o, out: o.out.replace(/^"Revision" : 0\n/m, '') } : o,
        });
      });
      test(`alarm list -w ${f}`, async () => {
        await same(['alarm', 'list', '-w', f]);
      });
      test(`alarm disarm (nothing to disarm) -w ${f}`, async () => {
        // etcdctl 3.6 panics printing the missing header in fields (docs/etcdctl-behaviour.md §4.4); we print a zero
        // header, as 3.7 does (README: deliberate difference)
        await same(['alarm', 'disarm', '-w', f], {
          expect: (o) => {
            if (f !== 'fields') return o;
            assert.match(o.err, /^panic: runtime error: invalid memory address or nil pointer dereference\n/);
            return { out: '"ClusterID" : 0\n"MemberID" : 0\n"RaftTerm" : 0\n', err: '', code: 0, signal: null };
          },
        });
      });
      test(`lease timetolive -w ${f}`, async () => {
        await same(['lease', 'timetolive', '1', '-w', f]);
      });
      test(`lease list -w ${f}`, async () => {
        await same(['lease', 'list', '-w', f]);
      });
      test(`auth status -w ${f}`, async () => {
        await same(['auth', 'status', '-w', f]);
      });
      test(`user list -w ${f}`, async () => {
        await same(['user', 'list', '-w', f]);
      });
      test(`role list -w ${f}`, async () => {
        await same(['role', 'list', '-w', f]);
      });
      test(`move-leader (to the leader itself) -w ${f}`, async () => {
        await same(['move-leader', memberHex, '-w', f]);
      });
      test(`endpoint health -w ${f}`, async () => {
        const norm = (o: Outcome): Outcome => ({ ...o, out: tookTable(o.out) });
        await same(['endpoint', 'health', '-w', f], { norm: (o) => norm(f === 'table' ? asciiTable(o) : o) });
      });
      test(`endpoint hashkv -w ${f}`, async () => {
        const hashRev =
          /"hash_revision":(\d+)/.exec((await runR(['endpoint', 'hashkv', '-w', 'json'])).out)?.[1] ?? '0';
        // 3.6 adds the hash revision (docs/etcdctl-behaviour.md §8.4, §11.4 #5)
        const expect: Record<Fmt, (o: Outcome) => Outcome> = {
          simple: (o) => ({ ...o, out: o.out.replace(/\n$/, `, ${hashRev}\n`) }),
          json: (o) => o,
          fields: (o) => ({ ...o, out: o.out.replace(/^("Hash" : \d+)$/m, `$1\n"HashRevision" : ${hashRev}`) }),
          protobuf: (o) => o,
          table: (o) => o,
        };
        if (f === 'table') {
          // 3.6 table: ENDPOINT | HASH | HASH REVISION; compared cell by cell
          const o = await runO(['endpoint', 'hashkv', '-w', f]);
          const r = asciiTable(await runR(['endpoint', 'hashkv', '-w', f]));
          const cells = (t: string): string[][] =>
            t
              .split('\n')
              .filter((l) => l.startsWith('|'))
              .map((l) =>
                l
                  .slice(1, -1)
                  .split('|')
                  .map((c) => c.trim()),
              );
          assert.deepEqual(
            cells(o.out),
            cells(r.out).map((row, i) => [...row, i === 0 ? 'HASH REVISION' : hashRev]),
          );
          assert.deepEqual({ err: o.err, code: o.code }, { err: '', code: 0 });
          return;
        }
        await same(['endpoint', 'hashkv', '-w', f], { expect: expect[f] });
      });
      test(`endpoint status -w ${f}`, async () => {
        if (f === 'json' || f === 'protobuf') {
          await same(['endpoint', 'status', '-w', f]);
          return;
        }
        // 3.6 prints 16 columns / more fields than 3.5 (docs/etcdctl-behaviour.md §11.4 #3, #4; byte-exact in endpoint.test.ts):
        // here, the values of ours must be those of the json output etcdctl prints
        const [o, j] = [
          await runO(['endpoint', 'status', '-w', f]),
          JSON.parse((await runR(['endpoint', 'status', '-w', 'json'])).out.replace(/(":)(\d{16,})/g, '$1"$2"')),
        ];
        const s = j[0].Status;
        assert.deepEqual({ err: o.err, code: o.code }, { err: '', code: 0 });
        for (const v of [
          ep,
          BigInt(s.header.member_id).toString(f === 'fields' ? 10 : 16),
          s.version,
          String(s.raftTerm),
        ])
          assert.ok(o.out.includes(v), `${v} in ${o.out}`);
      });
    }
  });

  // --- writes: each side on its own state; header revisions differ ---

  describe('writes (the printer error comes after the RPC)', () => {
    for (const f of FORMATS) {
      test(`put -w ${f}`, async () => {
        const key = `kput-${f}`;
        const norm = (o: Outcome): Outcome => ({ ...o, out: revisionFree(f, o.out, PutResponse) });
        const r = norm(await runR(['put', key, 'vr', '-w', f]));
        assert.equal(await valueOf(key), 'vr\n');
        const o = norm(await runO(['put', key, 'vo', '-w', f]));
        assert.deepEqual(o, r);
        assert.equal(await valueOf(key), 'vo\n', 'written before the format error');
      });
      test(`del -w ${f}`, async () => {
        const key = `kdel-${f}`;
        const norm = (o: Outcome): Outcome => ({ ...o, out: revisionFree(f, o.out, DeleteRangeResponse) });
        await runO(['put', key, 'v']);
        const r = norm(await runR(['del', key, '-w', f]));
        await runO(['put', key, 'v']);
        const o = norm(await runO(['del', key, '-w', f]));
        assert.deepEqual(o, r);
        assert.equal(await valueOf(key), '', 'deleted before the format error');
      });
      test(`txn -w ${f}`, async () => {
        const key = `ktxn-${f}`;
        const input = `\nput ${key} v\n\n\n`;
        const norm = (o: Outcome): Outcome => ({ ...o, out: revisionFree(f, o.out, TxnResponse) });
        const r = norm(await runR(['txn', '-w', f], input));
        await runO(['del', key]);
        const o = norm(await runO(['txn', '-w', f], input));
        assert.deepEqual(o, r);
        assert.equal(await valueOf(key), 'v\n', 'committed before the format error');
      });
      test(`compaction -w ${f} (fixed text)`, async () => {
        const rev = async (): Promise<string> =>
          /"revision":(\d+)/.exec((await runO(['get', 'k0', '-w', 'json'])).out)![1];
        const rr = await rev();
        const r = await runR(['compaction', rr, '-w', f]);
        await runO(['put', 'k0', 'v0']);
        const ro = await rev();
        const o = await runO(['compaction', ro, '-w', f]);
        assert.deepEqual(r, { out: `compacted revision ${rr}\n`, err: '', code: 0, signal: null });
        assert.deepEqual(o, { ...r, out: `compacted revision ${ro}\n` });
      });
      test(`defrag -w ${f} (fixed text; 3.6: took, docs/etcdctl-behaviour.md §11.4 #14)`, async () => {
        const r = await runR(['defrag', '-w', f]);
        const o = await runO(['defrag', '-w', f]);
        assert.deepEqual(o, defrag36(r, o));
      });
      test(`snapshot save -w ${f} (fixed text)`, async () => {
        const pr = path.join(TMP, `real-${f}.db`);
        const po = path.join(TMP, `ours-${f}.db`);
        const r = await runR(['snapshot', 'save', pr, '-w', f]);
        const o = await runO(['snapshot', 'save', po, '-w', f]);
        // a 3.5 server reports no version: no "Server version" line (docs/etcdctl-behaviour.md §8.7)
        assert.deepEqual(o, { ...r, out: r.out.split(pr).join(po) });
        assert.ok(fs.statSync(po).size > 0);
      });
    }
  });

  // --- leases: each side its own lease; IDs replaced ---

  describe('leases', () => {
    const grant = async (): Promise<bigint> =>
      BigInt(`0x${/^lease ([0-9a-f]{16}) granted/.exec((await runO(['lease', 'grant', '1000'])).out)![1]}`);
    const leases = async (): Promise<string> => (await runO(['lease', 'list'])).out;
    for (const f of FORMATS) {
      test(`lease grant -w ${f}`, async () => {
        const before = await leases();
        const r = await runR(['lease', 'grant', '1000', '-w', f]);
        const o = await runO(['lease', 'grant', '1000', '-w', f]);
        const added = (await leases())
          .split('\n')
          .filter((l) => /^[0-9a-f]{16}$/.test(l) && !before.includes(l))
          .map((l) => BigInt(`0x${l}`));
        assert.equal(added.length, 2, 'both granted, also before a format error');
        const norm = (x: Outcome): Outcome => ({ ...x, out: idFree(x.out, added) });
        assert.deepEqual(norm(o), norm(r));
      });
      test(`lease keep-alive --once -w ${f}`, async () => {
        const [idR, idO] = [await grant(), await grant()];
        const r = await runR(['lease', 'keep-alive', '--once', idR.toString(16), '-w', f]);
        const o = await runO(['lease', 'keep-alive', '--once', idO.toString(16), '-w', f]);
        assert.deepEqual({ ...o, out: idFree(o.out, [idO]) }, { ...r, out: idFree(r.out, [idR]) });
      });
      test(`lease revoke -w ${f}`, async () => {
        const [idR, idO] = [await grant(), await grant()];
        const r = await runR(['lease', 'revoke', idR.toString(16), '-w', f]);
        const o = await runO(['lease', 'revoke', idO.toString(16), '-w', f]);
        assert.deepEqual({ ...o, out: idFree(o.out, [idO]) }, { ...r, out: idFree(r.out, [idR]) });
        const left = await leases();
        assert.ok(
          !left.includes(idR.toString(16).padStart(16, '0')) && !left.includes(idO.toString(16).padStart(16, '0')),
          'revoked before the format error',
        );
      });
    }
  });
});
