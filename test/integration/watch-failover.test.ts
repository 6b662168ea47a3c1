// Watch failover (docs/etcdctl-behaviour.md §9.5): `watch --prefix p/` against a 3-member cluster survives the
// SIGKILL of the member serving its stream (twice: the first victim is restarted before the
// second kill), while a writer puts p/0000..p/4999. Every revision must be printed exactly
// once, none missing, none repeated.
//
// The serving member is found from etcd's own gauge etcd_debugging_mvcc_watcher_total (only
// our watcher watches in this cluster). If it is the leader, leadership is first moved away
// (etcdctl move-leader): a leader election makes new watch streams fail with
// `etcdserver: no leader`, which etcdctl (and this CLI) treat as fatal — that is not what
// this test is about.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type Member } from '../support/etcd';
import { real } from '../support/run';
import { sleep, startOurs, watcherCount, type Proc } from '../support/watch-proc';
import { EtcdClient } from '../../src/client/client';
import { buildGlobalConfig } from '../../src/cli/config';
import { GLOBAL_FLAGS } from '../../src/cli/globals';
import { KV } from '../../src/client/methods';
import { Compare_CompareResult, Compare_CompareTarget, TxnRequest } from '../../src/proto/gen/rpc';
import { outputOf } from '../../src/output/stream';
import { watchJsonEvents } from '../support/watch-diff';

const TOTAL = 5000;
const KILL_AT = [2000, 3500];
const WRITERS = 4;

let cluster: Cluster;

before(async () => {
  cluster = await startCluster({ size: 3, flavor: '3.5' });
});

after(async () => {
  await cluster?.stop();
});

/** Our own client, in-process, over all endpoints (the writer). */
async function writerClient(): Promise<EtcdClient> {
  const values = new Map(GLOBAL_FLAGS.map((f) => [f.name, f.default]));
  values.set('endpoints', cluster.endpoints);
  const cfg = buildGlobalConfig({ values, changed: new Set(['endpoints']), env: {}, stderr: outputOf(process.stderr) });
  return EtcdClient.connect(EtcdClient.plan(cfg));
}

const keyOf = (i: number): string => `p/${String(i).padStart(4, '0')}`;

/** Creates the key once: `if version(key) == 0 then put`, so a retried write never applies twice. */
function createOnce(key: string): TxnRequest {
  const k = Buffer.from(key);
  return TxnRequest.fromPartial({
    compare: [{ key: k, target: Compare_CompareTarget.VERSION, result: Compare_CompareResult.EQUAL, version: 0n }],
    success: [{ request_put: { key: k, value: Buffer.from(`v${key}`) } }],
  });
}

async function endpointStatus(m: Member): Promise<{ id: string; leader: string } | undefined> {
  const r = await real('3.5', ['--endpoints', m.endpoint, 'endpoint', 'status', '-w', 'json'], { timeoutMs: 10_000 });
  const id = /"member_id":(\d+)/.exec(r.out)?.[1];
  const leader = /"leader":(\d+)/.exec(r.out)?.[1];
  return id && leader ? { id, leader } : undefined;
}

/** The running member whose watcher gauge counts our watcher. */
async function servingMember(): Promise<Member> {
  const until = Date.now() + 20_000;
  for (;;) {
    for (const m of cluster.members) {
      if (!m.running) continue;
      if ((await watcherCount(m.clientUrl).catch(() => 0)) > 0) return m;
    }
    if (Date.now() > until) throw new Error('no member serves the watcher');
    await sleep(50);
  }
}

/** Moves leadership away from `victim` if it leads, so that killing it causes no election. */
async function ensureNotLeader(victim: Member): Promise<void> {
  const st = await endpointStatus(victim);
  if (!st || st.id !== st.leader) return;
  for (const m of cluster.members) {
    if (m === victim || !m.running) continue;
    const other = await endpointStatus(m);
    if (!other) continue;
    const r = await real('3.5', ['--endpoints', victim.endpoint, 'move-leader', BigInt(other.id).toString(16)], {
      timeoutMs: 15_000,
    });
    assert.equal(r.code, 0, r.err);
    return;
  }
}

interface Ev {
  key: string;
  rev: number;
}

const parseEvents = (out: string): Ev[] => watchJsonEvents(out);

test('watch --prefix survives SIGKILL of its member: every revision exactly once', { timeout: 300_000 }, async () => {
  const started = Date.now();
  const watcher: Proc = startOurs([
    '--endpoints',
    cluster.endpoints.join(','),
    '--debug',
    'watch',
    '--prefix',
    'p/',
    '-w',
    'json',
  ]);
  const client = await writerClient();
  const kills: { at: number; member: string; wasLeader: boolean; ms: number }[] = [];
  let writeErrors = 0;
  try {
    await servingMember();
    let next = 0;
    let written = 0;
    const writeOne = async (i: number): Promise<void> => {
      for (;;) {
        try {
          await client.unary(KV.txn, createOnce(keyOf(i)), { deadline: Date.now() + 3000 });
          written++;
          return;
        } catch {
          writeErrors++;
          await sleep(50);
        }
      }
    };
    const worker = async (): Promise<void> => {
      while (next < TOTAL) await writeOne(next++);
    };
    const killer = async (): Promise<void> => {
      for (const at of KILL_AT) {
        while (written < at) await sleep(20);
        const t0 = Date.now();
        const victim = await servingMember();
        const st = await endpointStatus(victim);
        await ensureNotLeader(victim);
        await victim.stop('SIGKILL');
        kills.push({ at: written, member: victim.name, wasLeader: st !== undefined && st.id === st.leader, ms: 0 });
        // Wait until the watcher is served again, by a survivor.
        await servingMember();
        kills[kills.length - 1].ms = Date.now() - t0;
        if (at !== KILL_AT[KILL_AT.length - 1]) await victim.start();
      }
    };
    await Promise.all([...Array.from({ length: WRITERS }, worker), killer()]);

    // Every key was created once: wait for all the events.
    await watcher.waitFor((out) => parseEvents(out).length >= TOTAL, 60_000, `${TOTAL} events`);
    await sleep(300); // anything extra (a repeated event) would arrive now
  } finally {
    client.close();
    await watcher.stop('SIGTERM');
  }

  const evs = parseEvents(watcher.out());
  const revs = evs.map((e) => e.rev);
  const keys = new Set(evs.map((e) => e.key));
  assert.equal(evs.length, TOTAL, 'events printed');
  assert.equal(new Set(revs).size, TOTAL, 'no revision printed twice');
  assert.equal(keys.size, TOTAL, 'every key seen');
  for (let i = 1; i < revs.length; i++) assert.ok(revs[i] > revs[i - 1], `revisions in order at ${i}`);
  // No revision missing: the keys were created in TOTAL consecutive revisions.
  assert.equal(revs[revs.length - 1] - revs[0] + 1, TOTAL, 'no gap in the revisions');
  assert.equal(kills.length, KILL_AT.length);
  const stderr = watcher.err();
  assert.doesNotMatch(stderr, /watch was canceled|Error:/);
  const resumed = (stderr.match(/^watch: resumed at revision/gm) ?? []).length;
  assert.ok(resumed >= KILL_AT.length, `resumed ${resumed} times:\n${stderr}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // Figures for the report.
  console.log(
    `# watch failover: ${evs.length} events, revisions ${revs[0]}..${revs[revs.length - 1]}, ` +
      `kills ${JSON.stringify(kills)}, writer retries ${writeErrors}, resumes ${resumed}, ${seconds} s`,
  );
});
