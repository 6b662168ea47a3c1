// How one process is measured: wall time, peak RSS and CPU (user+sys). Exited
// processes through GNU time (/usr/bin/time -f); a watch, which never exits by
// itself, through /proc/<pid>/stat and /proc/<pid>/status read just before it
// is killed. stdout is a pipe drained here, as `| consumer` would.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export function benchEnv() {
  const e = { ...process.env, ETCDCTL_API: '3' };
  delete e.NODE_EXTRA_CA_CERTS;
  delete e.NODE_OPTIONS;
  for (const k of Object.keys(e)) if (k.startsWith('ETCDCTL_') && k !== 'ETCDCTL_API') delete e[k];
  return e;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * One short command (start-up figures): wall ms measured here, CPU ms (user+sys,
 * 10 ms resolution) from GNU time. CPU is the steadier figure on a loaded machine.
 */
export function cold(bin, args, tmp) {
  const out = join(tmp, `cold-${process.pid}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, bin, ...args], {
    env: benchEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(out, { force: true });
  return { ms, cpuMs: (user + sys) * 1000 };
}

/** Runs to completion under GNU time: { secs, rssMiB, cpuSecs, bytes }. */
export function timed(bin, args, tmp) {
  const out = join(tmp, `time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const p = spawn('/usr/bin/time', ['-f', '%e %M %U %S', '-o', out, bin, ...args], {
      env: benchEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let err = '';
    p.stdout.on('data', (c) => (bytes += c.length));
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${code}): ${err.slice(0, 500)}`);
        const [secs, kib, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        resolve({ secs, rssMiB: kib / 1024, cpuSecs: user + sys, bytes });
      } catch (e) {
        reject(e);
      } finally {
        rmSync(out, { force: true });
      }
    });
  });
}

function procUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSecs = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSecs, rssMiB: hwm ? Number(hwm[1]) / 1024 : NaN };
}

/**
 * A long-running command (watch): started, then `during()` runs (a writer, say),
 * until `lines` newlines have arrived on stdout or `timeoutMs` passes. Returns the
 * wall ms from spawn to the last line, ms from during()'s end to the last line,
 * CPU and peak RSS at that moment; then the process is killed.
 */
export function streamed(bin, args, { lines, timeoutMs, during }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(bin, args, { env: benchEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let err = '';
    let duringEnd;
    let done = false;
    const finish = (complete) => {
      if (done) return;
      done = true;
      const end = performance.now();
      let usage = { cpuSecs: NaN, rssMiB: NaN };
      try {
        usage = procUsage(p.pid);
      } catch {
        // the process already exited: no usage figure
      }
      clearTimeout(timer);
      process.kill(p.pid, 'SIGKILL');
      // Signed: a watcher that keeps pace prints the last event before the writer has
      // its last reply, so a negative lag means "ahead of the writer" (by that much).
      duringDone.then(
        () => resolve({ complete, seen, wallMs: end - t0, lagMs: end - (duringEnd ?? end), ...usage }),
        reject,
      );
    };
    let timer;
    p.stdout.on('data', (c) => {
      for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) seen++;
      if (seen >= lines) finish(true);
    });
    p.stderr.on('data', (c) => (err += c));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`${bin} ${args.join(' ')} exited early (${code}): ${err.slice(0, 500)}`));
      }
    });
    const duringDone = during
      ? during().then(
          () => {
            duringEnd = performance.now();
          },
          (e) => {
            reject(e);
            finish(false);
          },
        )
      : Promise.resolve();
    timer = setTimeout(() => finish(false), timeoutMs);
  });
}
