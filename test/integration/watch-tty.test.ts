// watch on a terminal (pseudo-terminal from util-linux `script`): coloured event types,
// arrival timestamps (extension; off with --timestamps=false), `old → new` lines with --prev-kv
// (extension) and connection-state lines on stderr; piped stdout stays plain; NO_COLOR is honoured. Also: the
// watch survives a restart of its (only) server, reporting the reconnection on the terminal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startCluster, type Cluster } from '../support/etcd';
import { oursBin, real } from '../support/run';
import { sleep, startProc, waitWatchers, type Proc } from '../support/watch-proc';

let cluster: Cluster;
let tmp: string;
let haveScript = true;

before(async () => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
  } catch {
    haveScript = false;
  }
  cluster = await startCluster();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'watch-tty-'));
});

after(async () => {
  await cluster?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const ESC = '\x1b';
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

interface TtyRun {
  proc: Proc;
  /** The watcher's PID (inside the pseudo-terminal). */
  pid(): number;
  /** Output seen on the terminal, CR removed. */
  text(): string;
}

/** Runs `etcdctl <args>` in a pseudo-terminal; `pipe` sends its stdout through `cat`. */
function inTty(name: string, args: string[], opts: { env?: Record<string, string>; pipe?: string } = {}): TtyRun {
  const pidFile = path.join(tmp, `${name}.pid`);
  const cmd = ['--endpoints', cluster.endpoints[0], ...args].map(q).join(' ');
  const inner = `echo $$ > ${q(pidFile)}; exec ${q(oursBin())} ${cmd}${opts.pipe ? ` > ${q(opts.pipe)}` : ''}`;
  // `exec`: no shell stays between script and the watcher to report "Terminated" when it is
  // killed (dash, the /bin/sh that script runs when SHELL is unset or /bin/sh, does).
  const proc = startProc('script', ['-qfc', `exec sh -c ${q(inner)}`, '/dev/null'], {
    env: { SHELL: '/bin/sh', ...opts.env },
    stdin: true,
  });
  return {
    proc,
    pid: () => Number(fs.readFileSync(pidFile, 'utf8').trim()),
    text: () => proc.out().replace(/\r/g, ''),
  };
}

async function stopTty(t: TtyRun): Promise<void> {
  try {
    process.kill(t.pid(), 'SIGTERM');
  } catch {
    // already gone
  }
  t.proc.endInput();
  await t.proc.exited;
}

const put = (k: string, v: string) => real('3.4', ['--endpoints', cluster.endpoints[0], 'put', k, v]);

test('terminal: coloured PUT/DELETE, state lines on stderr', async (t) => {
  if (!haveScript) return t.skip('util-linux script not available');
  const run = inTty('colour', ['watch', 't1/k'], { env: { TERM: 'xterm' } });
  try {
    await run.proc.waitFor((o) => o.includes('watch: watching from revision'), 15_000, 'state line');
    await waitWatchers(cluster.clientUrls[0], 1);
    await put('t1/k', 'v');
    await real('3.4', ['--endpoints', cluster.endpoints[0], 'del', 't1/k']);
    await run.proc.waitFor((o) => o.includes('DELETE'), 15_000, 'events');
  } finally {
    await stopTty(run);
  }
  const text = run.text();
  assert.match(text, new RegExp(`${ESC}\\[2mwatch: connecting\\.\\.\\.${ESC}\\[22m\n`));
  assert.match(
    text,
    new RegExp(`${ESC}\\[2mwatch: watching from revision \\d+ \\(127\\.0\\.0\\.1:\\d+\\)${ESC}\\[22m\n`),
  );
  assert.ok(text.includes(`${ESC}[32m${ESC}[1mPUT${ESC}[22m${ESC}[39m\nt1/k\nv\n`), JSON.stringify(text));
  assert.ok(text.includes(`${ESC}[31m${ESC}[1mDELETE${ESC}[22m${ESC}[39m\nt1/k\n\n`), JSON.stringify(text));
});

test('terminal with NO_COLOR: plain text, state lines kept', async (t) => {
  if (!haveScript) return t.skip('util-linux script not available');
  const run = inTty('nocolor', ['watch', 't2/k'], { env: { NO_COLOR: '1', TERM: 'xterm' } });
  try {
    await run.proc.waitFor((o) => o.includes('watch: watching from revision'), 15_000, 'state line');
    await waitWatchers(cluster.clientUrls[0], 1);
    await put('t2/k', 'v');
    await run.proc.waitFor((o) => o.includes('t2/k'), 15_000, 'event');
  } finally {
    await stopTty(run);
  }
  const text = run.text();
  assert.ok(!text.includes(ESC), JSON.stringify(text));
  assert.match(
    text,
    /^watch: connecting\.\.\.\nwatch: watching from revision \d+ \(127\.0\.0\.1:\d+\)\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)\nPUT\nt2\/k\nv\n$/,
  );
});

test('stdout piped, stderr on the terminal: stdout byte-identical to etcdctl, state on stderr', async (t) => {
  if (!haveScript) return t.skip('util-linux script not available');
  const file = path.join(tmp, 'piped.out');
  const run = inTty('piped', ['watch', 't3/k'], { pipe: file });
  try {
    await run.proc.waitFor((o) => o.includes('watch: watching from revision'), 15_000, 'state line');
    await waitWatchers(cluster.clientUrls[0], 1);
    await put('t3/k', 'v');
    const until = Date.now() + 15_000;
    while (!fs.readFileSync(file, 'utf8').includes('v\n') && Date.now() < until) await sleep(50);
  } finally {
    await stopTty(run);
  }
  assert.equal(fs.readFileSync(file, 'utf8'), 'PUT\nt3/k\nv\n');
  assert.ok(!run.text().includes('PUT'), 'events are not on the terminal');
});

test('server restart: the watch resumes, the terminal shows the reconnection', async (t) => {
  if (!haveScript) return t.skip('util-linux script not available');
  const run = inTty('restart', ['watch', '--prefix', 't4/'], { env: { NO_COLOR: '1' } });
  try {
    await run.proc.waitFor((o) => o.includes('watch: watching from revision'), 15_000, 'state line');
    await waitWatchers(cluster.clientUrls[0], 1);
    await put('t4/a', 'before');
    await run.proc.waitFor((o) => o.includes('before'), 15_000, 'first event');
    await cluster.members[0].stop('SIGTERM');
    await run.proc.waitFor((o) => o.includes('watch: connection lost'), 15_000, 'reconnecting line');
    await cluster.members[0].start();
    await put('t4/b', 'after');
    await run.proc.waitFor((o) => o.includes('after'), 30_000, 'event after the restart');
  } finally {
    await stopTty(run);
  }
  const text = run.text();
  assert.match(
    text,
    /PUT\nt4\/a\nbefore\nwatch: connection lost \([^\n]+\), reconnecting\.\.\.\nwatch: resumed at revision \d+ \(127\.0\.0\.1:\d+\)\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)\nPUT\nt4\/b\nafter\n$/,
  );
});

test('terminal with --prev-kv: one `old → new` line per event; --timestamps=false: no time lines', async (t) => {
  if (!haveScript) return t.skip('util-linux script not available');
  const run = inTty('prevkv', ['watch', 't5/k', '--prev-kv', '--timestamps=false'], { env: { NO_COLOR: '1' } });
  try {
    await run.proc.waitFor((o) => o.includes('watch: watching from revision'), 15_000, 'state line');
    await waitWatchers(cluster.clientUrls[0], 1);
    await put('t5/k', 'old');
    await put('t5/k', 'new');
    await real('3.4', ['--endpoints', cluster.endpoints[0], 'del', 't5/k']);
    await run.proc.waitFor((o) => o.includes('DELETE'), 15_000, 'events');
  } finally {
    await stopTty(run);
  }
  assert.match(run.text(), /\)\nPUT\nt5\/k\n → old\nPUT\nt5\/k\nold → new\nDELETE\nt5\/k\nnew → \n$/);
});
