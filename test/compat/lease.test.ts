// Differential tests for the lease commands (docs/etcdctl-behaviour.md §7): the real etcdctl and
// ours run the same command against the same server, one after the other,
// each on a lease of its own (prepared identically); stdout, stderr (zap log
// lines dropped) and exit status must match. Lease IDs differ between the two
// runs, so the side's own lease ID (hex and decimal) is replaced by a marker;
// where keys are attached the header revision moves between the runs and is
// replaced too; attached keys, which the server lists in no fixed order, are
// sorted; a remaining TTL is checked to be within 5 s of the granted one
// and then replaced. Nothing else is normalised. Where 3.6 differs from the
// oracle, the case states the 3.6 expectation.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { ours, real, dropZapLines, type RunResult } from '../support/run';

interface Outcome {
  out: string;
  err: string;
  code: number | null;
}

interface Prepared {
  /** The side's lease, if the case asked for one. */
  id?: bigint;
}

interface Case {
  name: string;
  /** A fresh lease for each side, with keys attached. */
  lease?: { ttl: number; keys?: string[] };
  args: (id: string) => string[];
  /** Do not add --endpoints. */
  noEndpoints?: boolean;
  env?: Record<string, string>;
  oracle?: EtcdFlavor;
  /** 3.6 expectation derived from the oracle's outcome. */
  expect?: (o: Outcome) => Outcome;
  /** Replace the header revision (keys were attached between the runs). */
  normRev?: boolean;
  /** Granted TTL whose remaining value (timetolive) is checked and replaced. */
  remainingOf?: number;
  /** The side revokes its own lease (no cleanup revoke needed). */
  revokes?: boolean;
}

const hex16 = (id: bigint): string => id.toString(16).padStart(16, '0');

/** 3.6 fields with --hex: ClusterID/MemberID in hex, lease IDs %016x (docs/etcdctl-behaviour.md §11.4 #8, §7). */
function fieldsHex(o: Outcome): Outcome {
  const out = o.out
    .replace(/^"(ClusterID|MemberID)" : (\d+)$/gm, (_, k: string, v: string) => `"${k}" : ${BigInt(v).toString(16)}`)
    .replace(/^"ID" : (\d+)$/gm, (_, v: string) => `"ID" : ${hex16(BigInt(v))}`);
  return { ...o, out };
}

const cases: Case[] = [
  // grant
  { name: 'grant', args: () => ['lease', 'grant', '100'] },
  { name: 'grant -w json (flat header, ID, TTL, Error)', args: () => ['lease', 'grant', '100', '-w', 'json'] },
  { name: 'grant -w fields', args: () => ['lease', 'grant', '100', '-w', 'fields'] },
  {
    name: 'grant -w fields --hex (3.6: hex IDs)',
    args: () => ['--hex', 'lease', 'grant', '100', '-w', 'fields'],
    expect: fieldsHex,
  },
  { name: 'grant -w protobuf: only the header (quirk)', args: () => ['lease', 'grant', '100', '-w', 'protobuf'] },
  { name: 'grant -w table: after the RPC', args: () => ['lease', 'grant', '100', '-w', 'table'] },
  { name: 'grant below the minimum TTL', args: () => ['lease', 'grant', '1'] },
  { name: 'grant: command prefix (lease gr)', args: () => ['lease', 'gr', '100'] },
  { name: 'grant without TTL', args: () => ['lease', 'grant'] },
  { name: 'grant with two arguments', args: () => ['lease', 'grant', '1', '2'] },
  { name: 'grant bad TTL', args: () => ['lease', 'grant', 'abc'] },
  { name: 'grant hex TTL is not accepted', args: () => ['lease', 'grant', '0x10'] },
  { name: 'grant too large TTL: wrapped server error', args: () => ['lease', 'grant', '9000000001'] },
  { name: 'grant: unsupported -w', args: () => ['lease', 'grant', '10', '-w', 'yaml'] },
  // revoke
  { name: 'revoke', lease: { ttl: 100 }, args: (id) => ['lease', 'revoke', id], revokes: true },
  { name: 'revoke -w json', lease: { ttl: 100 }, args: (id) => ['lease', 'revoke', id, '-w', 'json'], revokes: true },
  {
    name: 'revoke -w fields',
    lease: { ttl: 100 },
    args: (id) => ['lease', 'revoke', id, '-w', 'fields'],
    revokes: true,
  },
  {
    name: 'revoke -w protobuf: marshal unsupported (3.5.30 dump)',
    lease: { ttl: 100 },
    args: (id) => ['lease', 'revoke', id, '-w', 'protobuf'],
    oracle: '3.5',
    revokes: true,
  },
  {
    name: 'revoke with keys attached',
    lease: { ttl: 100, keys: ['rk1', 'rk2'] },
    args: (id) => ['lease', 'revoke', id],
    revokes: true,
  },
  { name: 'revoke a lease that does not exist', args: () => ['lease', 'revoke', '123'] },
  { name: 'revoke without argument', args: () => ['lease', 'revoke'] },
  { name: 'revoke bad ID', args: () => ['lease', 'revoke', 'zz'] },
  { name: 'revoke ID out of range', args: () => ['lease', 'revoke', 'fffffffffffffffff'] },
  // timetolive
  { name: 'timetolive', lease: { ttl: 500 }, args: (id) => ['lease', 'timetolive', id], remainingOf: 500 },
  {
    name: 'timetolive --keys',
    lease: { ttl: 500, keys: ['tk1', 'tk2'] },
    args: (id) => ['lease', 'timetolive', id, '--keys'],
    remainingOf: 500,
    normRev: true,
  },
  {
    name: 'timetolive --keys -w json',
    lease: { ttl: 500, keys: ['tk1', 'tk2'] },
    args: (id) => ['lease', 'timetolive', '--keys', id, '-w', 'json'],
    remainingOf: 500,
    normRev: true,
  },
  {
    name: 'timetolive --keys -w fields',
    lease: { ttl: 500, keys: ['tk1', 'tk2'] },
    args: (id) => ['lease', 'timetolive', '--keys', id, '-w', 'fields'],
    remainingOf: 500,
    normRev: true,
  },
  {
    name: 'timetolive without --keys: keys null in json',
    lease: { ttl: 500, keys: ['tk3'] },
    args: (id) => ['lease', 'timetolive', id, '-w', 'json'],
    remainingOf: 500,
    normRev: true,
  },
  {
    name: 'timetolive -w protobuf: only the header',
    lease: { ttl: 500 },
    args: (id) => ['lease', 'timetolive', id, '-w', 'protobuf'],
  },
  {
    name: 'timetolive -w fields --hex (3.6)',
    lease: { ttl: 500 },
    args: (id) => ['--hex', 'lease', 'timetolive', id, '-w', 'fields'],
    remainingOf: 500,
    expect: fieldsHex,
  },
  { name: 'timetolive of an unknown lease: already expired', args: () => ['lease', 'timetolive', '123'] },
  { name: 'timetolive of an unknown lease -w json', args: () => ['lease', 'timetolive', '123', '-w', 'json'] },
  { name: 'timetolive of an unknown lease -w fields', args: () => ['lease', 'timetolive', '123', '-w', 'fields'] },
  { name: 'timetolive without argument', args: () => ['lease', 'timetolive'] },
  { name: 'timetolive bad ID', args: () => ['lease', 'timetolive', 'zz'] },
  {
    name: 'timetolive: the client (and -w) is checked before the ID',
    args: () => ['lease', 'timetolive', 'zz', '-w', 'yaml'],
  },
  { name: 'timetolive -w table: after the RPC', args: () => ['lease', 'timetolive', '123', '-w', 'table'] },
  // list
  { name: 'list', lease: { ttl: 100 }, args: () => ['lease', 'list'] },
  { name: 'list -w json', lease: { ttl: 100 }, args: () => ['lease', 'list', '-w', 'json'] },
  { name: 'list -w fields', lease: { ttl: 100 }, args: () => ['lease', 'list', '-w', 'fields'] },
  {
    name: 'list -w fields --hex (3.6)',
    lease: { ttl: 100 },
    args: () => ['lease', 'list', '-w', 'fields', '--hex'],
    expect: fieldsHex,
  },
  { name: 'list -w protobuf: only the header', lease: { ttl: 100 }, args: () => ['lease', 'list', '-w', 'protobuf'] },
  { name: 'list with no lease', args: () => ['lease', 'list'] },
  { name: 'list with no lease -w json: an empty list, not null', args: () => ['lease', 'list', '-w', 'json'] },
  { name: 'list ignores extra arguments', args: () => ['lease', 'list', 'x', 'y'] },
  { name: 'list -w table: after the RPC', args: () => ['lease', 'list', '-w', 'table'] },
  // keep-alive
  { name: 'keep-alive --once', lease: { ttl: 100 }, args: (id) => ['lease', 'keep-alive', '--once', id] },
  {
    name: 'keep-alive --once -w json',
    lease: { ttl: 100 },
    args: (id) => ['lease', 'keep-alive', '--once', id, '-w', 'json'],
  },
  {
    name: 'keep-alive --once -w fields',
    lease: { ttl: 100 },
    args: (id) => ['lease', 'keep-alive', '--once', id, '-w', 'fields'],
  },
  {
    name: 'keep-alive --once -w fields --hex (3.6)',
    lease: { ttl: 100 },
    args: (id) => ['lease', 'keep-alive', '--once', id, '-w', 'fields', '--hex'],
    expect: fieldsHex,
  },
  {
    name: 'keep-alive --once -w protobuf: only the header',
    lease: { ttl: 100 },
    args: (id) => ['lease', 'keep-alive', '--once', id, '-w', 'protobuf'],
  },
  {
    name: 'keep-alive --once -w table: after the RPC',
    lease: { ttl: 100 },
    args: (id) => ['lease', 'keep-alive', '--once', id, '-w', 'table'],
  },
  { name: 'keep-alive --once of an unknown lease: exit 2', args: () => ['lease', 'keep-alive', '--once', '123'] },
  { name: 'keep-alive of an unknown lease: expired or revoked, exit 0', args: () => ['lease', 'keep-alive', '123'] },
  {
    name: 'keep-alive of an unknown lease -w json: nothing printed',
    args: () => ['lease', 'keep-alive', '123', '-w', 'json'],
  },
  {
    name: 'keep-alive of an unknown lease -w table: no response, no error',
    args: () => ['lease', 'keep-alive', '123', '-w', 'table'],
  },
  { name: 'keep-alive without argument', args: () => ['lease', 'keep-alive'] },
  { name: 'keep-alive bad ID', args: () => ['lease', 'keep-alive', 'zz'] },
  { name: 'keep-alive: the ID is checked before -w', args: () => ['lease', 'keep-alive', 'zz', '-w', 'yaml'] },
  {
    name: 'keep-alive, cluster unreachable: expired after the first deadline, exit 0',
    args: () => ['--endpoints=127.0.0.1:1', '--dial-timeout=1s', 'lease', 'keep-alive', '1234'],
    noEndpoints: true,
  },
];

let cluster: Cluster;

const ctl = (args: string[]): Promise<RunResult> => real('3.4', [`--endpoints=${cluster.endpoints[0]}`, ...args]);

async function revokeAll(): Promise<void> {
  const list = await ctl(['lease', 'list']);
  for (const id of list.out
    .split('\n')
    .slice(1)
    .filter((l) => /^[0-9a-f]{16}$/.test(l)))
    await ctl(['lease', 'revoke', id]);
}

async function prepare(c: Case): Promise<Prepared> {
  if (!c.lease) return {};
  const g = await ctl(['lease', 'grant', String(c.lease.ttl)]);
  const m = /^lease ([0-9a-f]{16}) granted/.exec(g.out);
  assert.ok(m, `grant failed: ${g.out}${g.err}`);
  const hex = m[1];
  for (const k of c.lease.keys ?? []) {
    const p = await ctl(['put', k, 'v', `--lease=${hex}`]);
    assert.equal(p.code, 0, p.err);
  }
  return { id: BigInt(`0x${hex}`) };
}

/** Lease IDs a command printed (grant creates its own). */
function printedIds(text: string): bigint[] {
  const ids: bigint[] = [];
  for (const m of text.matchAll(/lease ([0-9a-f]{16}) granted/g)) ids.push(BigInt(`0x${m[1]}`));
  for (const m of text.matchAll(/"ID":(\d+)/g)) ids.push(BigInt(m[1]));
  for (const m of text.matchAll(/^"ID" : (\d+)$/gm)) ids.push(BigInt(m[1]));
  for (const m of text.matchAll(/^"ID" : ([0-9a-f]{16})$/gm)) ids.push(BigInt(`0x${m[1]}`));
  for (const m of text.matchAll(/^([0-9a-f]{16})$/gm)) ids.push(BigInt(`0x${m[1]}`));
  for (const m of text.matchAll(/\{"id":(\d+)\}/g)) ids.push(BigInt(m[1]));
  return ids;
}

function normalize(o: Outcome, c: Case, ids: bigint[]): Outcome {
  let out = o.out;
  let err = o.err;
  for (const id of ids) {
    for (const [from, to] of [
      [hex16(id), '<ID>'],
      [id.toString(), '<IDDEC>'],
    ]) {
      out = out.split(from).join(to);
      err = err.split(from).join(to);
    }
  }
  // The server lists attached keys in no fixed order (a Go map): compare them sorted.
  out = out
    .replace(/attached keys\(\[([^\]]*)\]\)/g, (_, ks: string) => `attached keys([${ks.split(' ').sort().join(' ')}])`)
    .replace(/"keys":\[([^\]]*)\]/g, (_, ks: string) => `"keys":[${ks.split(',').sort().join(',')}]`)
    .replace(
      /(?:^"Key" : .*\n)+/gm,
      (block: string) =>
        `${block
          .split('\n')
          .filter((l) => l !== '')
          .sort()
          .join('\n')}\n`,
    );
  if (c.normRev)
    out = out.replace(/"revision":\d+/g, '"revision":<REV>').replace(/^"Revision" : \d+$/gm, '"Revision" : <REV>');
  if (c.remainingOf !== undefined) {
    const ttl = c.remainingOf;
    const check = (v: string): string => {
      const n = Number(v);
      assert.ok(n <= ttl && n >= ttl - 5, `remaining TTL ${n} of ${ttl}`);
      return '<TTL>';
    };
    out = out
      .replace(/remaining\((\d+)s\)/g, (_, v: string) => `remaining(${check(v)}s)`)
      .replace(/"ttl":(\d+)/g, (_, v: string) => `"ttl":${check(v)}`)
      .replace(/^"TTL" : (\d+)$/gm, (_, v: string) => `"TTL" : ${check(v)}`);
  }
  return { out, err, code: o.code };
}

async function side(c: Case, run: (args: string[]) => Promise<RunResult>, isReal: boolean): Promise<Outcome> {
  await revokeAll();
  const prep = await prepare(c);
  const args = c.args(prep.id === undefined ? '' : hex16(prep.id));
  const r = await run(c.noEndpoints ? args : [`--endpoints=${cluster.endpoints[0]}`, ...args]);
  let o: Outcome = { out: r.stdout.toString('latin1'), err: isReal ? dropZapLines(r.err) : r.err, code: r.code };
  if (isReal && c.expect) o = c.expect(o);
  const ids = [...(prep.id === undefined ? [] : [prep.id]), ...printedIds(o.out)];
  return normalize(o, c, ids);
}

describe('lease differential', () => {
  before(async () => {
    cluster = await startCluster();
  });
  after(async () => {
    await cluster?.stop();
  });
  for (const c of cases) {
    test(c.name, async () => {
      const expected = await side(c, (a) => real(c.oracle ?? '3.4', a, { env: c.env }), true);
      const actual = await side(c, (a) => ours(a, { env: c.env }), false);
      const where = `${c.name}\n--- ours:\n${actual.out}${actual.err}--- expected:\n${expected.out}${expected.err}`;
      assert.equal(actual.code, expected.code, `exit code: ${where}`);
      assert.equal(actual.err, expected.err, `stderr: ${where}`);
      assert.equal(actual.out, expected.out, `stdout: ${where}`);
    });
  }
});
