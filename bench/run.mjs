// `npm run bench`: every figure of issue 12's table, ours vs the real etcdctl,
// from one run against one throwaway etcd on loopback (bench/etcd.mjs). Prints
// medians and ratios; asserts nothing (timings never gate tests).
//   BENCH_REAL_ETCDCTL  the Go etcdctl (default /usr/bin/etcdctl)
//   BENCH_COLD_RUNS (15)  BENCH_BULK_RUNS (3)  BENCH_WATCH_RUNS (3)  BENCH_PUTS (200, 0: skip)
//   BENCH_ONLY=cold,bulk,watch,puts  a subset (while working on one figure)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEtcd } from './etcd.mjs';
import { benchEnv, cold, median, streamed, timed } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const num = (name, d) => Number(process.env[name] ?? d);
const COLD_RUNS = num('BENCH_COLD_RUNS', 15);
const BULK_RUNS = num('BENCH_BULK_RUNS', 3);
const WATCH_RUNS = num('BENCH_WATCH_RUNS', 3);
const PUTS = num('BENCH_PUTS', 200);
const ONLY = process.env.BENCH_ONLY?.split(',');
const want = (part) => !ONLY || ONLY.includes(part);
const REAL = process.env.BENCH_REAL_ETCDCTL ?? '/usr/bin/etcdctl';
const OURS = join(root, 'bin', 'etcdctl');
const BULK_KEYS = 100_000;
const WATCH_EVENTS = 20_000;
const VALUE = 'v'.repeat(64);
const pad6 = (i) => String(i).padStart(6, '0');

const rows = [];
/** Sentences printed after the table. */
const closing = [];
/** lower: true when smaller is better (time, RSS, CPU); the ratio is always ours / etcdctl. */
function row(figure, ours, real, unit, note = '') {
  rows.push({ figure, ours, real, unit, note });
  const f = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : String(v));
  console.error(`  ${figure}: ours ${f(ours)} ${unit}, etcdctl ${f(real)} ${unit}${note ? ` (${note})` : ''}`);
}

function printTable() {
  const f = (v) =>
    typeof v === 'string' ? v : !Number.isFinite(v) ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
  const lines = [['figure', 'ours', 'etcdctl', 'ratio', 'note']];
  for (const r of rows) {
    // A ratio only means something between two positive figures (a signed lag can be <= 0).
    const ratio = r.ours > 0 && r.real > 0 ? (r.ours / r.real).toFixed(2) + 'x' : '';
    lines.push([r.figure, `${f(r.ours)} ${r.unit}`, `${f(r.real)} ${r.unit}`, ratio, r.note]);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines)
    console.log(
      l
        .map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
    );
}

/** Alternating runs of both binaries; returns [ours[], real[]]. */
async function both(runs, fn) {
  const ours = [];
  const real = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await fn(OURS));
    real.push(await fn(REAL));
  }
  return [ours, real];
}

const etcd = await startEtcd();
const ep = `--endpoints=${etcd.endpoint}`;
try {
  console.error(
    `ours = ${OURS}, etcdctl = ${REAL} (${spawnSync(REAL, ['version'], { env: benchEnv(), encoding: 'utf8' }).stdout.split('\n')[0]}), etcd at ${etcd.endpoint}`,
  );
  if (want('cold')) {
    console.error(`cold start, ${COLD_RUNS} runs each (median ms)`);
    await etcd.load([['foo', 'bar']]);
    for (const [name, args] of [
      ['cold `get foo`', [ep, 'get', 'foo']],
      ['cold `version`', ['version']],
    ]) {
      cold(OURS, args, etcd.dir);
      cold(REAL, args, etcd.dir);
      const [o, r] = await both(COLD_RUNS, (bin) => cold(bin, args, etcd.dir));
      row(`${name}: wall`, median(o.map((x) => x.ms)), median(r.map((x) => x.ms)), 'ms');
      row(
        `${name}: CPU`,
        median(o.map((x) => x.cpuMs)),
        median(r.map((x) => x.cpuMs)),
        'ms',
        'user+sys, steadier under load',
      );
    }
  }
  if (want('bulk')) {
    console.error(`loading ${BULK_KEYS} keys (${VALUE.length}-byte values)`);
    await etcd.load(Array.from({ length: BULK_KEYS }, (_, i) => [`bulk/${pad6(i)}`, VALUE]));
    for (const [name, extra] of [
      ['simple', []],
      ['-w json', ['-w', 'json']],
    ]) {
      const args = [ep, '--command-timeout=120s', ...extra, 'get', '--prefix', 'bulk/'];
      const [o, r] = await both(BULK_RUNS, (bin) => timed(bin, args, etcd.dir));
      const same = o.every((x) => x.bytes === r[0].bytes) ? '' : `OUTPUT SIZE DIFFERS: ${o[0].bytes} vs ${r[0].bytes}`;
      row(`bulk get 100k ${name}: time`, median(o.map((x) => x.secs)), median(r.map((x) => x.secs)), 's', same);
      row(`bulk get 100k ${name}: peak RSS`, median(o.map((x) => x.rssMiB)), median(r.map((x) => x.rssMiB)), 'MiB');
    }
  }
  if (want('watch')) {
    // Live first: a full-speed writer (one put per revision, 32 in flight through the
    // gateway) while each client watches; those 20k revisions are then the burst.
    const from = (await etcd.revision()) + 1;
    const live = [];
    for (const [who, bin] of [
      ['ours', OURS],
      ['etcdctl', REAL],
    ]) {
      const prefix = `live-${who}/`;
      const pairs = Array.from({ length: WATCH_EVENTS }, (_, i) => [`${prefix}${pad6(i)}`, VALUE]);
      let writerMs = 0;
      const res = await streamed(bin, [ep, 'watch', '--prefix', prefix], {
        lines: WATCH_EVENTS * 3,
        timeoutMs: 120_000,
        during: async () => {
          await new Promise((r) => setTimeout(r, 1500)); // the watch is established
          const t = performance.now();
          await etcd.putEach(pairs);
          writerMs = performance.now() - t;
        },
      });
      if (!res.complete) throw new Error(`live watch (${who}) saw ${res.seen / 3} of ${WATCH_EVENTS} events`);
      live.push({ ...res, writerMs });
    }
    const rate = (x) => `writer ${Math.round((WATCH_EVENTS / x.writerMs) * 1000)}/s`;
    row(
      "watch live: last event after the writer's last reply",
      live[0].lagMs,
      live[1].lagMs,
      'ms',
      `${rate(live[0])} / ${rate(live[1])}; negative = the watcher was ahead of the writer`,
    );
    row('watch live: CPU', live[0].cpuSecs, live[1].cpuSecs, 's');
    const args = [ep, 'watch', '--prefix', 'live-ours/', `--rev=${from}`];
    const [o, r] = await both(WATCH_RUNS, (bin) => streamed(bin, args, { lines: WATCH_EVENTS * 3, timeoutMs: 60_000 }));
    for (const x of [...o, ...r])
      if (!x.complete) throw new Error(`burst watch saw ${x.seen / 3} of ${WATCH_EVENTS} events`);
    const eps = (xs) => median(xs.map((x) => WATCH_EVENTS / (x.wallMs / 1000)));
    row('watch burst 20k: events/s', eps(o), eps(r), 'ev/s', 'from spawn to last event; higher is better');
    row('watch burst 20k: CPU', median(o.map((x) => x.cpuSecs)), median(r.map((x) => x.cpuSecs)), 's');
  }
  if (want('puts') && PUTS > 0) {
    const puts = async (bin) => {
      const t = performance.now();
      for (let i = 0; i < PUTS; i++) cold(bin, [ep, 'put', `puts/${pad6(i)}`, VALUE], etcd.dir);
      return (performance.now() - t) / 1000;
    };
    const [[o], [r]] = await both(1, puts);
    row(`${PUTS} put processes`, o, r, 's');
    // The same puts as one `batch` process (keys under puts-batch/), script on stdin.
    const script = Array.from({ length: PUTS }, (_, i) => `put puts-batch/${pad6(i)} ${VALUE}\n`).join('');
    const t = performance.now();
    const b = spawnSync(OURS, [ep, 'batch'], { env: benchEnv(), input: script, stdio: ['pipe', 'ignore', 'pipe'] });
    const batchSecs = (performance.now() - t) / 1000;
    if (b.status !== 0) throw new Error(`batch failed (${b.status}): ${b.stderr}`);
    row(
      `${PUTS} puts: ours batch vs etcdctl processes`,
      batchSecs,
      r,
      's',
      `target <= 0.1x; ${PUTS} of our processes: ${o.toFixed(2)} s`,
    );
    closing.push(
      `${PUTS} puts through one batch process took ${batchSecs.toFixed(2)} s: ${(batchSecs / r).toFixed(3)}x the time of ${PUTS} etcdctl processes ` +
        `(${r.toFixed(2)} s) and ${(batchSecs / o).toFixed(3)}x that of ${PUTS} of our processes (${o.toFixed(2)} s).`,
    );
  }
} finally {
  await etcd.stop();
}
printTable();
for (const line of closing) console.log(`\n${line}`);
